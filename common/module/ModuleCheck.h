#pragma once

#include "common/module/ModuleArchive.h"
#include "common/module/ModuleManifest.h"

#include <filesystem>
#include <optional>
#include <vector>

// Everything an author can get wrong in a module, checked before a module
// enters the console's library: the files (through importModuleFiles), the
// manifest, each page (UTF-8 text, images it shows) and the GIFT questions.
namespace classroom::module {

struct CheckLimits {
    UnpackLimits files;
    std::uint64_t maxPageBytes = 1024 * 1024;          // a page is text; 1 MiB is a book chapter
    std::uint64_t maxImageBytes = 20 * 1024 * 1024;   // one picture
    int maxImageSide = 8000;                           // pixels; decoding 8000x8000 takes 256 MB
};

struct CheckedModule {
    ModuleManifest manifest;
    UnpackedFiles files;
    int questionCount = 0;
};

struct CheckReport {
    std::vector<Problem> problems;
    std::optional<CheckedModule> module;  // set only when there is no problem
    bool ok() const { return problems.empty(); }
};

// Checks a module folder that importModuleFiles() produced (`files` as it
// returned them).
CheckReport checkModuleFolder(const std::filesystem::path& folder, const UnpackedFiles& files, const CheckLimits& limits);

// Unpacks `source` (a folder or a .zip) into `unpackTo` (must not exist) and
// checks it. On problems `unpackTo` is removed again.
CheckReport checkModule(const std::filesystem::path& source, const std::filesystem::path& unpackTo,
                        const CheckLimits& limits);

// The target of every Markdown image in `text` (![alt](target "title")), with
// its line.
std::vector<std::pair<std::string, int>> markdownImages(const std::string& text);

}  // namespace classroom::module
