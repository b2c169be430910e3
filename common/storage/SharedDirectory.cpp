#include "common/storage/SharedDirectory.h"

#include <sys/stat.h>
#include <unistd.h>

namespace classroom::storage {

std::optional<SharedDirectory> sharedDirectoryOf(const std::filesystem::path& directory)
{
    struct stat info{};
    if (::stat(directory.c_str(), &info) != 0 || !S_ISDIR(info.st_mode))
        return std::nullopt;
    if ((info.st_mode & S_ISGID) == 0 || (info.st_mode & S_IRWXO) != 0)
        return std::nullopt;
    return SharedDirectory{info.st_uid, info.st_gid};
}

std::filesystem::path directoryOf(const std::filesystem::path& file)
{
    return file.has_parent_path() ? file.parent_path() : std::filesystem::path(".");
}

Result<void> checkTrustedFile(const std::filesystem::path& file)
{
    const std::optional<SharedDirectory> shared = sharedDirectoryOf(directoryOf(file));
    struct stat info{};
    if (!shared || ::lstat(file.c_str(), &info) != 0)
        return Result<void>::success();
    if (!S_ISREG(info.st_mode))
        return Result<void>::failure(file.string() + " is not a regular file (a link, or a directory); someone other "
                                     "than IT staff put it there: remove it and enroll this computer again");
    if (info.st_uid != 0 && info.st_uid != shared->owner)
        return Result<void>::failure(file.string() + " belongs to user " + std::to_string(info.st_uid) +
                                     ", not to root: someone other than IT staff made it. Remove it and enroll this "
                                     "computer again as root (sudo classroom-admin enroll ...)");
    return Result<void>::success();
}

void shareWithGroup(const std::filesystem::path& file)
{
    const std::optional<SharedDirectory> shared = sharedDirectoryOf(directoryOf(file));
    struct stat info{};
    if (!shared || ::lstat(file.c_str(), &info) != 0 || !S_ISREG(info.st_mode) || info.st_uid != ::geteuid() ||
        info.st_gid != shared->group)
        return;
    ::chmod(file.c_str(), (info.st_mode & 07777 & ~mode_t(S_IRWXO)) | S_IRGRP | S_IWGRP);
}

}  // namespace classroom::storage
