#include "common/app/StartUp.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace classroom::app {

bool wantsNoWindow(int argc, char** argv)
{
    for (int i = 1; i < argc; ++i)
        for (const char* flag : {"--headless", "--print-public-key", "--help", "-h", "--version", "-v", "--check-module"})
            if (std::strcmp(argv[i], flag) == 0 ||
                (flag[1] == '-' && std::strncmp(argv[i], flag, std::strlen(flag)) == 0 && argv[i][std::strlen(flag)] == '='))
                return true;
    return false;
}

std::filesystem::path defaultSettingsFile(const std::string& fileName)
{
    const char* overridden = std::getenv("CLASSROOM_CONFIG_DIR");
    const std::filesystem::path directory = overridden != nullptr && *overridden != '\0' ? overridden : CLASSROOM_SYSCONFDIR;
    std::error_code error;
    std::filesystem::path file = directory / fileName;
    return std::filesystem::exists(file, error) ? file : std::filesystem::path();
}

int failWith(const char* program, int code, const std::string& message)
{
    std::fprintf(stderr, "%s: %s\n", program, message.c_str());
    return code;
}

}  // namespace classroom::app
