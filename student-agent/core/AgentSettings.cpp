#include "student-agent/core/AgentSettings.h"

#include "common/bus/CurveKeys.h"
#include "common/config/ConfigFile.h"
#include "student-agent/core/ConsolePin.h"

#include <spdlog/spdlog.h>

namespace classroom::agent {

const std::vector<std::string>& agentSettingKeys()
{
    static const std::vector<std::string> kKeys = {
        "console", "console_key", "state_dir", "heartbeat_interval_ms", "log_level", "log_file", "max_module_mb",
    };
    return kKeys;
}

Result<AgentSettings> loadAgentSettings(const std::filesystem::path& file, AgentSettings settings)
{
    using R = Result<AgentSettings>;
    auto loaded = config::ConfigFile::load(file, agentSettingKeys());
    if (!loaded)
        return R::failure(loaded.error());
    const config::ConfigFile& conf = loaded.value();

    settings.consoleEndpoint = conf.text("console", settings.consoleEndpoint);
    if (!settings.consoleEndpoint.empty() && settings.consoleEndpoint.rfind("tcp://", 0) != 0)
        return R::failure(conf.where("console") + "expected tcp://HOST:PORT, got '" + settings.consoleEndpoint + "'");
    settings.consolePublicKey = conf.text("console_key", settings.consolePublicKey);
    settings.stateDirectory = conf.text("state_dir", settings.stateDirectory.string());
    auto heartbeat = conf.integer("heartbeat_interval_ms", settings.heartbeatInterval.count(), 100, 60000);
    if (!heartbeat)
        return R::failure(heartbeat.error());
    settings.heartbeatInterval = std::chrono::milliseconds(heartbeat.value());
    auto maxModule = conf.integer("max_module_mb", static_cast<std::int64_t>(settings.maxModuleBytes >> 20), 1, 4096);
    if (!maxModule)
        return R::failure(maxModule.error());
    settings.maxModuleBytes = static_cast<std::uint64_t>(maxModule.value()) << 20;
    auto log = log::readLogOptions(conf, settings.log);
    if (!log)
        return R::failure(log.error());
    settings.log = std::move(log).value();
    return R::success(std::move(settings));
}

Result<AgentSettings> resolveConsole(AgentSettings settings)
{
    using R = Result<AgentSettings>;
    auto pin = readConsolePin(consolePinFile(settings.stateDirectory));
    if (!pin)
        return R::failure(pin.error());
    if (settings.consolePublicKey.empty()) {
        if (!pin.value())
            return R::failure("this computer is not enrolled with a console yet: run "
                              "'classroom-admin enroll --console ADDRESS --code CODE' with the code the console shows "
                              "(or set console_key in the settings)");
        settings.consolePublicKey = pin.value()->publicKey;
    }
    auto key = bus::readPublicKey(settings.consolePublicKey);
    if (!key)
        return R::failure(key.error());
    settings.consolePublicKey = key.value();
    if (pin.value() && pin.value()->publicKey != settings.consolePublicKey)
        spdlog::warn("the settings name console key {}, not the key {} this computer was enrolled with; using the "
                     "settings", settings.consolePublicKey, pin.value()->publicKey);
    if (settings.consoleEndpoint.empty()) {
        if (!pin.value())
            return R::failure("the console's address is not set (use --console or console in the settings)");
        settings.consoleEndpoint = pin.value()->endpoint;
    }
    if (settings.consoleEndpoint.rfind("tcp://", 0) != 0)
        return R::failure("the console address must look like tcp://HOST:47300, not '" + settings.consoleEndpoint + "'");
    return R::success(std::move(settings));
}

}  // namespace classroom::agent
