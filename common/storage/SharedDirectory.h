#pragma once

#include <sys/types.h>

#include <filesystem>
#include <optional>

namespace classroom::storage {

// A directory shared by the accounts of one group: setgid (so every file made
// in it belongs to that group) and closed to others. The packaged agent keeps
// a classroom PC's key and state in one (/var/lib/classroom-agent, 2770
// root:classroom-agent), so whichever learner account runs the agent uses the
// same seat. Returns the group, or nothing for an ordinary directory.
std::optional<gid_t> sharedGroupOf(const std::filesystem::path& directory);

// Opens a file made in a shared directory to its group for writing (mode 0660),
// for files whose creator cannot choose the mode (SQLite makes databases
// 0644). Does nothing elsewhere, or when this account does not own the file.
void shareWithGroup(const std::filesystem::path& file);

}  // namespace classroom::storage
