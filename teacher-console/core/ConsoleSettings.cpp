#include "teacher-console/core/ConsoleSettings.h"

#include "common/config/ConfigFile.h"

namespace classroom::console {

const std::vector<std::string>& consoleSettingKeys()
{
    static const std::vector<std::string> kKeys = {
        "listen",   "enroll_listen", "data_dir",      "enrolled_seats_file", "offline_after_ms",
        "resend_after_ms", "max_memory_mb", "log_level",    "log_file", "max_module_mb", "max_module_files",
    };
    return kKeys;
}

Result<ConsoleSettings> loadConsoleSettings(const std::filesystem::path& file, ConsoleSettings settings)
{
    using R = Result<ConsoleSettings>;
    auto loaded = config::ConfigFile::load(file, consoleSettingKeys());
    if (!loaded)
        return R::failure(loaded.error());
    const config::ConfigFile& conf = loaded.value();

    settings.listenEndpoint = conf.text("listen", settings.listenEndpoint);
    if (settings.listenEndpoint.rfind("tcp://", 0) != 0)
        return R::failure(conf.where("listen") + "expected tcp://ADDRESS:PORT, got '" + settings.listenEndpoint + "'");
    settings.enrollEndpoint = conf.text("enroll_listen", settings.enrollEndpoint);
    if (!settings.enrollEndpoint.empty() && settings.enrollEndpoint.rfind("tcp://", 0) != 0)
        return R::failure(conf.where("enroll_listen") + "expected tcp://ADDRESS:PORT, got '" + settings.enrollEndpoint + "'");
    settings.dataDirectory = conf.text("data_dir", settings.dataDirectory.string());
    settings.enrolledSeatsFile = conf.text("enrolled_seats_file", settings.enrolledSeatsFile.string());

    auto offline = conf.integer("offline_after_ms", settings.offlineAfter.count(), 500, 600000);
    if (!offline)
        return R::failure(offline.error());
    settings.offlineAfter = std::chrono::milliseconds(offline.value());
    auto resend = conf.integer("resend_after_ms", settings.resendAfter.count(), 100, 60000);
    if (!resend)
        return R::failure(resend.error());
    settings.resendAfter = std::chrono::milliseconds(resend.value());

    auto memory = conf.integer("max_memory_mb", static_cast<std::int64_t>(settings.bus.memoryLimitBytes >> 20), 0, 1 << 20);
    if (!memory)
        return R::failure(memory.error());
    if (memory.value() != 0 && memory.value() < 64)
        return R::failure(conf.where("max_memory_mb") + "expected 0 (no limit) or at least 64, got '" +
                          std::to_string(memory.value()) + "'");
    settings.bus.memoryLimitBytes = static_cast<std::size_t>(memory.value()) << 20;

    auto maxModule = conf.integer("max_module_mb", static_cast<std::int64_t>(settings.moduleLimits.files.maxTotalBytes >> 20), 1, 4096);
    if (!maxModule)
        return R::failure(maxModule.error());
    settings.moduleLimits.files.maxTotalBytes = static_cast<std::uint64_t>(maxModule.value()) << 20;
    auto maxFiles = conf.integer("max_module_files", static_cast<std::int64_t>(settings.moduleLimits.files.maxFiles), 1, 100000);
    if (!maxFiles)
        return R::failure(maxFiles.error());
    settings.moduleLimits.files.maxFiles = static_cast<std::size_t>(maxFiles.value());

    auto log = log::readLogOptions(conf, settings.log);
    if (!log)
        return R::failure(log.error());
    settings.log = std::move(log).value();
    return R::success(std::move(settings));
}

}  // namespace classroom::console
