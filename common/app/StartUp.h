#pragma once

#include <filesystem>
#include <string>

namespace classroom::app {

// Exit codes shared by the executables, for scripts and service managers.
inline constexpr int kExitFailure = 1;  // could not run (files, keys, network)
inline constexpr int kExitUsage = 2;    // wrong arguments or settings

// True when the command line asks for something that needs no window
// (--headless, --print-public-key, --help, --version): such runs must work
// on a machine with no display, so they start a QCoreApplication.
bool wantsNoWindow(int argc, char** argv);

// The settings file a program reads when none is named on its command line:
// `fileName` in the system configuration directory (/etc/classroom for the
// Debian packages; the environment variable CLASSROOM_CONFIG_DIR overrides it),
// or an empty path when that file does not exist.
std::filesystem::path defaultSettingsFile(const std::string& fileName);

// Prints "program: message" on standard error and returns `code`.
int failWith(const char* program, int code, const std::string& message);

}  // namespace classroom::app
