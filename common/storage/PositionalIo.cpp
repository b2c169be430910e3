#include "common/storage/PositionalIo.h"

#include <unistd.h>

#include <cerrno>

namespace classroom::storage {

bool readAt(int fd, void* data, std::size_t length, off_t offset)
{
    auto* bytes = static_cast<char*>(data);
    std::size_t done = 0;
    while (done < length) {
        const ssize_t n = ::pread(fd, bytes + done, length - done, offset + static_cast<off_t>(done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        done += static_cast<std::size_t>(n);
    }
    return true;
}

bool writeAt(int fd, const void* data, std::size_t length, off_t offset)
{
    const auto* bytes = static_cast<const char*>(data);
    std::size_t done = 0;
    while (done < length) {
        const ssize_t n = ::pwrite(fd, bytes + done, length - done, offset + static_cast<off_t>(done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        done += static_cast<std::size_t>(n);
    }
    return true;
}

}  // namespace classroom::storage
