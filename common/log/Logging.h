#pragma once

#include "common/Result.h"

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace classroom::config {
class ConfigFile;
}

namespace classroom::log {

struct LogOptions {
    std::string level = "info";          // trace, debug, info, warn, error, critical, off
    std::filesystem::path file;          // empty: stderr only
    std::size_t maxFileBytes = 5 * 1024 * 1024;
    std::size_t maxFiles = 3;            // rotated copies kept beside the current file
};

const std::vector<std::string>& logLevelNames();

// Reads the keys `log_level` and `log_file` of a settings file over `options`.
Result<LogOptions> readLogOptions(const config::ConfigFile& settings, LogOptions options);

// True when standard error is connected to the systemd journal (the program
// runs as a systemd service).
bool stderrIsJournal();

// $XDG_STATE_HOME, or ~/.local/state: where a desktop program keeps its logs.
std::filesystem::path userStateDirectory();

// Sends spdlog's default logger to stderr (to the journal, with priorities,
// when run as a systemd service) and, when a file is given, to a
// rotating file as well. Called once by each executable's main(). Fails only
// for an unknown level: a log file that cannot be written is reported in the
// log and skipped, so that it never keeps a program from running.
Result<void> setupLogging(const std::string& programName, const LogOptions& options);

}  // namespace classroom::log
