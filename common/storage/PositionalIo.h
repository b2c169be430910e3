#pragma once

#include <sys/types.h>

#include <cstddef>

namespace classroom::storage {

// pread/pwrite of exactly `length` bytes at `offset`, retrying short reads and
// writes and EINTR. False on an error or at end of file (errno tells which);
// used for module bundles, which are read and written chunk by chunk.
bool readAt(int fd, void* data, std::size_t length, off_t offset);
bool writeAt(int fd, const void* data, std::size_t length, off_t offset);

}  // namespace classroom::storage
