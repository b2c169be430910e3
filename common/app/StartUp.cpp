#include "common/app/StartUp.h"

#include <cstdio>
#include <cstring>

namespace classroom::app {

bool wantsNoWindow(int argc, char** argv)
{
    for (int i = 1; i < argc; ++i)
        for (const char* flag : {"--headless", "--print-public-key", "--help", "-h", "--version", "-v"})
            if (std::strcmp(argv[i], flag) == 0)
                return true;
    return false;
}

int failWith(const char* program, int code, const std::string& message)
{
    std::fprintf(stderr, "%s: %s\n", program, message.c_str());
    return code;
}

}  // namespace classroom::app
