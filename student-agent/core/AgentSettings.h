#pragma once

#include "common/Result.h"
#include "common/bus/BusOptions.h"
#include "common/log/Logging.h"

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace classroom::agent {

using namespace std::chrono_literals;

struct AgentSettings {
    std::string consoleEndpoint = "tcp://127.0.0.1:47300";
    std::string consolePublicKey;             // 40 Z85 characters, or the path of a file holding them
    std::filesystem::path stateDirectory;     // agent.db and this PC's key pair
    std::chrono::milliseconds heartbeatInterval = 1000ms;
    std::string hostName;                     // reported to the console; defaults to the machine's name
    bus::BusOptions bus;
    log::LogOptions log;

    std::filesystem::path databaseFile() const { return stateDirectory / "agent.db"; }
    std::filesystem::path secretKeyFile() const { return stateDirectory / "agent.key"; }
};

const std::vector<std::string>& agentSettingKeys();

// Reads agent.conf over `defaults`. Every error says file, line, key and why.
Result<AgentSettings> loadAgentSettings(const std::filesystem::path& file, AgentSettings defaults);

}  // namespace classroom::agent
