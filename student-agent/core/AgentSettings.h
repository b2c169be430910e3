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
    std::string consoleEndpoint;              // tcp://HOST:PORT; empty: the one this PC was enrolled with
    std::string consolePublicKey;             // 40 Z85 characters or a file holding them; empty: the enrolled one
    std::filesystem::path stateDirectory;     // agent.db and this PC's key pair
    std::chrono::milliseconds heartbeatInterval = 1000ms;
    std::string hostName;                     // reported to the console; defaults to the machine's name
    std::uint64_t maxModuleBytes = 1ULL << 30;  // larger modules are refused (1 GiB, at most 4 GiB)
    bus::BusOptions bus;
    log::LogOptions log;

    std::filesystem::path databaseFile() const { return stateDirectory / "agent.db"; }
    std::filesystem::path secretKeyFile() const { return stateDirectory / "agent.key"; }
    std::filesystem::path moduleCacheDirectory() const { return stateDirectory / "modules"; }
};

const std::vector<std::string>& agentSettingKeys();

// Reads agent.conf over `defaults`. Every error says file, line, key and why.
Result<AgentSettings> loadAgentSettings(const std::filesystem::path& file, AgentSettings defaults);

// Completes the console's address and key: what the settings give wins, the
// rest comes from the enrollment (console.pin in the state folder). The key is
// read and checked. Errors tell IT staff what to do.
Result<AgentSettings> resolveConsole(AgentSettings settings);

}  // namespace classroom::agent
