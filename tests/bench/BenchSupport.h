#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <sys/types.h>
#include <vector>

namespace classroom::bench {

// "classroom-bench COMMAND --name value ...": the command and its options.
struct Arguments {
    std::string command;
    std::map<std::string, std::string> options;

    int number(const std::string& name, int fallback) const;
    std::string text(const std::string& name) const;
};
Arguments parseArguments(int argc, char** argv);

// Resident memory of a process in MiB (VmRSS), or -1 if it cannot be read.
double residentMiB(pid_t pid);
// Peak resident memory of this process in MiB (VmHWM), or -1.
double peakResidentMiB();
// Starts a new peak: VmHWM drops to the current VmRSS (/proc/self/clear_refs,
// value 5). False when the kernel refuses; the peak is then since start-up.
bool resetPeakResident();
// CPU time (user + system) this process has used so far, in seconds.
double processCpuSeconds();
// The same for another process (all its threads), or -1.
double processCpuSeconds(pid_t pid);
// Raises the open-file limit to the hard limit: hundreds of sockets per process.
void raiseFileLimit();
// True when the path lives on tmpfs.
bool onTmpfs(const std::string& path);

double percentile(std::vector<double> values, double fraction);

bool runEventLoopUntil(const std::function<bool()>& condition, std::chrono::milliseconds timeout);

// TCP payload bytes on this process's connections whose local port is `port`
// (the console's accepted connections), from the kernel's TCP_INFO
// (tcpi_bytes_sent, tcpi_bytes_received): what went on the wire after CURVE
// and ZMTP framing, TCP/IP headers not included. A connection's bytes are
// known only while it is open, so `peers` lets a caller see that the same
// connections were counted at both ends of a measurement.
struct WireBytes {
    std::uint64_t sent = 0;
    std::uint64_t received = 0;
    std::vector<std::uint16_t> peers; // remote ports of the counted connections, sorted
};
WireBytes wireBytesOnPort(std::uint16_t port);

} // namespace classroom::bench
