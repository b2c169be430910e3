#include "common/log/Logging.h"

#include "common/config/ConfigFile.h"
#include "common/storage/SharedDirectory.h"

#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/sinks/systemd_sink.h>
#include <spdlog/spdlog.h>

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstdio>

namespace classroom::log {

bool stderrIsJournal()
{
    // systemd sets JOURNAL_STREAM to "device:inode" of the stream it connected
    // to stdout/stderr. A child whose stderr was redirected inherits the
    // variable but not the stream, so compare the two (sd_journal_stream_fd(3)).
    const char* stream = std::getenv("JOURNAL_STREAM");
    if (stream == nullptr)
        return false;
    unsigned long long device = 0, inode = 0;
    if (std::sscanf(stream, "%llu:%llu", &device, &inode) != 2)
        return false;
    struct stat info {};
    if (::fstat(STDERR_FILENO, &info) != 0)
        return false;
    return static_cast<unsigned long long>(info.st_dev) == device && static_cast<unsigned long long>(info.st_ino) == inode;
}

const std::vector<std::string>& logLevelNames()
{
    static const std::vector<std::string> kNames = {"trace", "debug", "info", "warn", "error", "critical", "off"};
    return kNames;
}

Result<LogOptions> readLogOptions(const config::ConfigFile& settings, LogOptions options)
{
    auto level = settings.oneOf("log_level", options.level, logLevelNames());
    if (!level)
        return Result<LogOptions>::failure(level.error());
    options.level = level.value();
    options.file = settings.text("log_file", options.file.string());
    return Result<LogOptions>::success(std::move(options));
}

std::filesystem::path userStateDirectory()
{
    if (const char* state = std::getenv("XDG_STATE_HOME"); state != nullptr && state[0] == '/')
        return state;
    const char* home = std::getenv("HOME");
    return std::filesystem::path(home != nullptr && home[0] != '\0' ? home : "/tmp") / ".local" / "state";
}

Result<void> setupLogging(const std::string& programName, const LogOptions& options)
{
    const auto& names = logLevelNames();
    if (std::find(names.begin(), names.end(), options.level) == names.end())
        return Result<void>::failure("unknown log level '" + options.level +
                                     "' (use trace, debug, info, warn, error, critical or off)");
    std::vector<spdlog::sink_ptr> sinks;
    const bool journal = stderrIsJournal();
    if (journal) {
        // Structured entries with their priority and SYSLOG_IDENTIFIER, so
        // `journalctl -p warning` and `-t` work as for any Debian service.
        sinks.push_back(std::make_shared<spdlog::sinks::systemd_sink_mt>(programName, true));
    } else {
        sinks.push_back(std::make_shared<spdlog::sinks::stderr_color_sink_mt>());
    }
    // A log file that cannot be written must never stop a program: the agent
    // has a screen to lock. It is reported once the logger exists.
    std::string fileProblem;
    if (!options.file.empty()) {
        try {
            std::error_code ec;
            std::filesystem::create_directories(options.file.parent_path(), ec);
            sinks.push_back(std::make_shared<spdlog::sinks::rotating_file_sink_mt>(
                options.file.string(), options.maxFileBytes, options.maxFiles));
            storage::shareWithGroup(options.file);  // the next learner account on the PC appends too
        } catch (const spdlog::spdlog_ex& e) {
            fileProblem = "cannot write the log file " + options.file.string() + " (" + e.what() +
                          "); logging to " + (journal ? "the journal" : "standard error") + " only";
        }
    }
    auto logger = std::make_shared<spdlog::logger>(programName, sinks.begin(), sinks.end());
    logger->set_level(spdlog::level::from_str(options.level));
    logger->flush_on(spdlog::level::warn);
    logger->set_pattern("%Y-%m-%d %H:%M:%S.%e %n[%P] %l: %v");
    if (journal)
        sinks.front()->set_pattern("%v");  // the journal keeps time, program and pid itself
    spdlog::set_default_logger(std::move(logger));
    spdlog::flush_every(std::chrono::seconds(2));
    if (!fileProblem.empty())
        spdlog::error("{}", fileProblem);
    return Result<void>::success();
}

}  // namespace classroom::log
