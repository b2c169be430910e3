#include "common/storage/SharedDirectory.h"

#include <sys/stat.h>
#include <unistd.h>

namespace classroom::storage {

std::optional<gid_t> sharedGroupOf(const std::filesystem::path& directory)
{
    struct stat info{};
    if (::stat(directory.c_str(), &info) != 0 || !S_ISDIR(info.st_mode))
        return std::nullopt;
    if ((info.st_mode & S_ISGID) == 0 || (info.st_mode & S_IRWXO) != 0)
        return std::nullopt;
    return info.st_gid;
}

void shareWithGroup(const std::filesystem::path& file)
{
    const std::filesystem::path directory = file.has_parent_path() ? file.parent_path() : std::filesystem::path(".");
    const std::optional<gid_t> group = sharedGroupOf(directory);
    struct stat info{};
    if (!group || ::stat(file.c_str(), &info) != 0 || info.st_uid != ::geteuid() || info.st_gid != *group)
        return;
    ::chmod(file.c_str(), (info.st_mode & 07777 & ~mode_t(S_IRWXO)) | S_IRGRP | S_IWGRP);
}

}  // namespace classroom::storage
