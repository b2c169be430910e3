#include "student-agent/core/AgentSettings.h"

#include "common/config/ConfigFile.h"

namespace classroom::agent {

const std::vector<std::string>& agentSettingKeys()
{
    static const std::vector<std::string> kKeys = {
        "console", "console_key", "state_dir", "heartbeat_interval_ms", "log_level", "log_file",
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
    if (settings.consoleEndpoint.rfind("tcp://", 0) != 0)
        return R::failure(conf.where("console") + "expected tcp://HOST:PORT, got '" + settings.consoleEndpoint + "'");
    settings.consolePublicKey = conf.text("console_key", settings.consolePublicKey);
    settings.stateDirectory = conf.text("state_dir", settings.stateDirectory.string());
    auto heartbeat = conf.integer("heartbeat_interval_ms", settings.heartbeatInterval.count(), 100, 60000);
    if (!heartbeat)
        return R::failure(heartbeat.error());
    settings.heartbeatInterval = std::chrono::milliseconds(heartbeat.value());
    auto log = log::readLogOptions(conf, settings.log);
    if (!log)
        return R::failure(log.error());
    settings.log = std::move(log).value();
    return R::success(std::move(settings));
}

}  // namespace classroom::agent
