#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <sys/types.h>
#include <vector>

namespace classroom::bench {

// Resident memory of a process in MiB (VmRSS), or -1 if it cannot be read.
double residentMiB(pid_t pid);
// CPU time (user + system) this process has used so far, in seconds.
double processCpuSeconds();
// Raises the open-file limit to the hard limit: hundreds of sockets per process.
void raiseFileLimit();
// True when the path lives on tmpfs.
bool onTmpfs(const std::string& path);

double percentile(std::vector<double> values, double fraction);

bool runEventLoopUntil(const std::function<bool()>& condition, std::chrono::milliseconds timeout);

}  // namespace classroom::bench
