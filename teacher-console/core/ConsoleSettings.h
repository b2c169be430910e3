#pragma once

#include "common/Result.h"
#include "common/bus/BusOptions.h"
#include "common/log/Logging.h"
#include "common/module/ModuleCheck.h"

#include <chrono>
#include <filesystem>
#include <string>

namespace classroom::console {

using namespace std::chrono_literals;

// The TCP port agents connect to. One port, so a firewall needs one rule.
inline constexpr int kDefaultPort = 47300;

struct ConsoleSettings {
    std::string listenEndpoint = "tcp://*:47300";
    // Where PCs enroll with a one-time code, only while a code is open. Empty:
    // the port after the listening one (47301).
    std::string enrollEndpoint;
    std::filesystem::path dataDirectory;      // console.db and the console's key pair
    std::filesystem::path enrolledSeatsFile;  // optional: "<public key> [seat name]" per line, read at start
    // Silence after which a seat is shown offline: 2.5 heartbeats, so with the
    // 250 ms check a dead PC is flagged within 2.75 s.
    std::chrono::milliseconds offlineAfter = 2500ms;
    std::chrono::milliseconds resendAfter = 1000ms;   // unconfirmed state is sent again this often
    std::string actor;                                // who is at the console, for the audit log
    // What a module may hold (max_module_mb, max_module_files); checked on import.
    module::CheckLimits moduleLimits;
    bus::BusOptions bus = consoleBusOptions();
    log::LogOptions log;

    std::filesystem::path databaseFile() const { return dataDirectory / "console.db"; }

    static bus::BusOptions consoleBusOptions()
    {
        bus::BusOptions options;
        options.zmtpHeartbeatInterval = 0ms;  // agents ping; application heartbeats decide liveness
        // Per seat. A seat keeps at most 8 chunk requests in flight; a seat that
        // asks for more without reading them finds its queue full and the
        // extra chunks dropped, so it cannot make the console hold more than
        // 64 x 256 KiB for it.
        options.highWaterMark = 64;
        return options;
    }
    std::filesystem::path secretKeyFile() const { return dataDirectory / "console.key"; }
    std::filesystem::path moduleDirectory() const { return dataDirectory / "modules"; }
};

// Keys accepted in console.conf.
const std::vector<std::string>& consoleSettingKeys();

// Reads console.conf over `defaults`. Every error says file, line, key and why.
Result<ConsoleSettings> loadConsoleSettings(const std::filesystem::path& file, ConsoleSettings defaults);

}  // namespace classroom::console
