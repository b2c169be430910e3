#pragma once

#include "common/Result.h"

#include <filesystem>
#include <string>

namespace classroom::storage {

// Writes `text` to `path` through a temporary file, fsync and a rename, so a
// crash never leaves half a file behind. The file gets `mode` (e.g. 0600).
Result<void> writeFileAtomically(const std::filesystem::path& path, const std::string& text, unsigned mode);

}  // namespace classroom::storage
