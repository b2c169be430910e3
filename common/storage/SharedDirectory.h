#pragma once

#include "common/Result.h"

#include <sys/types.h>

#include <filesystem>
#include <optional>

namespace classroom::storage {

// A directory shared by the accounts of one group: setgid (so every file made
// in it belongs to that group) and closed to others. The packaged agent keeps
// a classroom PC's key and state in one (/var/lib/classroom-agent, 3770
// classroom-agent:classroom-agent), so whichever learner account runs the
// agent uses the same seat. Its sticky bit keeps one account from removing or
// replacing another's files, in particular the key and the console pin that
// root wrote. Returns the directory's owner and group, or nothing for an
// ordinary directory.
struct SharedDirectory {
    uid_t owner = 0;
    gid_t group = 0;
};
std::optional<SharedDirectory> sharedDirectoryOf(const std::filesystem::path& directory);

// The directory `file` is in (".", for a bare file name).
std::filesystem::path directoryOf(const std::filesystem::path& file);

// In a shared directory, a file that decides whom the PC trusts (its key, the
// console's pin) must be a regular file, not a link, and belong to root or to
// the directory's owner: learner accounts may add files there but must not
// plant these. Succeeds for a file that does not exist, and for any file
// outside a shared directory.
Result<void> checkTrustedFile(const std::filesystem::path& file);

// Opens a file made in a shared directory to its group for writing (mode 0660),
// for files whose creator cannot choose the mode (SQLite makes databases
// 0644). Does nothing elsewhere, or when this account does not own the file.
void shareWithGroup(const std::filesystem::path& file);

}  // namespace classroom::storage
