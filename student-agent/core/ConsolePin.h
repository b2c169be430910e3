#pragma once

#include "common/Result.h"

#include <filesystem>
#include <optional>
#include <string>

namespace classroom::agent {

// The console this PC was enrolled with, like an SSH known_hosts entry: the
// agent connects only to a console that proves it holds this key. Written by
// `classroom-admin enroll`, kept as `console.pin` in the agent's state folder.
struct ConsolePin {
    std::string endpoint;   // tcp://HOST:PORT of the console
    std::string publicKey;  // Z85
};

std::filesystem::path consolePinFile(const std::filesystem::path& stateDirectory);

// Nothing when the PC was never enrolled; an error naming the file and line
// when the file is unreadable or damaged.
Result<std::optional<ConsolePin>> readConsolePin(const std::filesystem::path& file);
Result<void> writeConsolePin(const std::filesystem::path& file, const ConsolePin& pin);

}  // namespace classroom::agent
