#include "common/storage/AtomicFile.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace classroom::storage {
namespace fs = std::filesystem;

Result<void> writeFileAtomically(const fs::path& path, const std::string& text, unsigned mode)
{
    const fs::path temp = path.string() + ".tmp";
    ::unlink(temp.c_str());
    const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, static_cast<mode_t>(mode));
    if (fd < 0)
        return Result<void>::failure("cannot create " + temp.string() + ": " + std::strerror(errno));
    const bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
    const int savedErrno = errno;
    ::close(fd);
    if (!written) {
        ::unlink(temp.c_str());
        return Result<void>::failure("cannot write " + temp.string() + ": " + std::strerror(savedErrno));
    }
    if (::rename(temp.c_str(), path.c_str()) != 0) {
        const int renameErrno = errno;
        ::unlink(temp.c_str());
        return Result<void>::failure("cannot rename " + temp.string() + ": " + std::strerror(renameErrno));
    }
    return Result<void>::success();
}


}  // namespace classroom::storage
