#pragma once

#include "common/Result.h"
#include "common/module/ChunkIndex.h"
#include "common/module/Gift.h"
#include "common/module/ModuleCheck.h"
#include "teacher-console/core/ConsoleStore.h"

#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace classroom::console {

// A module in the library, ready to send.
struct LibraryModule {
    StoredModule info;
    module::ChunkIndex index;  // checked against info.id when loaded
};

// The console's module library: modules the trainer imported, checked, packed
// into a bundle and stored by content id under <data>/modules/:
//   <id>.bundle  the tar bundle that is sent, chunk by chunk
//   <id>.chunks  its chunk hashes (32 bytes each)
// and described in console.db. Importing the same content twice adds nothing.
//
// Invariants:
// - A module is in the library only if it passed every check of
//   module::checkModule(); a failed import leaves no file behind.
// - Chunks are read from disk on demand (pread), never held in memory, so the
//   console's memory does not grow with module size or the number of seats.
class ModuleLibrary {
public:
    ModuleLibrary(std::filesystem::path directory, ConsoleStore& store, std::string actor);
    ~ModuleLibrary();

    // Loads the modules console.db knows; a module whose files are missing or
    // damaged is left out, with a warning in the log.
    Result<void> load();

    struct ImportResult {
        std::string id;
        bool added = false;  // false: the same content was already in the library
    };
    // Checks `source` (folder or .zip) and adds it. On problems the failure
    // lists each one as "file:line: reason", one per line.
    Result<ImportResult> importModule(const std::filesystem::path& source, const module::CheckLimits& limits);
    Result<void> removeModule(const std::string& id);

    const LibraryModule* find(const std::string& id) const;

    // The questions of module `id` (indexes are what travels on the wire),
    // parsed from <id>.gift, which import writes next to the bundle. Parsed
    // once per module and kept. Fails for an unknown id or a damaged file.
    Result<const std::vector<module::gift::Question>*> questions(const std::string& id);
    std::vector<const LibraryModule*> modules() const;

    // Reads chunk `index` of module `id` into `out`. Fails for an unknown id
    // or index, or when the disk refuses.
    Result<void> readChunk(const std::string& id, std::uint32_t index, std::vector<std::uint8_t>& out);

    const std::filesystem::path& directory() const { return m_directory; }
    std::filesystem::path bundleFile(const std::string& id) const { return m_directory / (id + ".bundle"); }

private:
    std::filesystem::path chunksFile(const std::string& id) const { return m_directory / (id + ".chunks"); }
    std::filesystem::path questionsFile(const std::string& id) const { return m_directory / (id + ".gift"); }
    Result<std::string> readQuestionsText(const std::string& id);
    int openBundle(const std::string& id);

    std::filesystem::path m_directory;
    ConsoleStore& m_store;
    std::string m_actor;
    std::map<std::string, LibraryModule> m_modules;
    std::map<std::string, int> m_openBundles;  // id -> fd, opened on first read
    std::map<std::string, std::vector<module::gift::Question>> m_questions;  // id -> parsed, on first use
};

// teacher-console --check-module: checks `source` as an import would, prints
// every problem as "file:line: reason" (or a summary when there is none) and
// returns the exit code: 0 fine, 1 problems.
int checkModuleCommand(const std::filesystem::path& source, const module::CheckLimits& limits, std::FILE* out);

// Page titles for the console's page picker: each page's first heading, or
// its file name without folder and extension.
std::vector<std::string> pageTitles(const std::filesystem::path& folder, const std::vector<std::string>& pages);

}  // namespace classroom::console
