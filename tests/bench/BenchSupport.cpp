#include "tests/bench/BenchSupport.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QTimer>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <arpa/inet.h>
#include <linux/tcp.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/vfs.h>
#include <unistd.h>

namespace classroom::bench {
namespace {

// A "Name:   value kB" line of /proc/<pid>/status, in MiB, or -1.
double statusMiB(const std::string& statusFile, const std::string& field)
{
    std::ifstream status(statusFile);
    std::string line;
    while (std::getline(status, line))
        if (line.rfind(field, 0) == 0)
            return std::stod(line.substr(field.size())) / 1024.0;
    return -1;
}

} // namespace

int Arguments::number(const std::string& name, int fallback) const
{
    const auto found = options.find(name);
    return found == options.end() ? fallback : std::stoi(found->second);
}

std::string Arguments::text(const std::string& name) const
{
    const auto found = options.find(name);
    return found == options.end() ? std::string() : found->second;
}

Arguments parseArguments(int argc, char** argv)
{
    Arguments arguments;
    if (argc > 1)
        arguments.command = argv[1];
    for (int i = 2; i + 1 < argc; i += 2)
        if (std::string(argv[i]).rfind("--", 0) == 0)
            arguments.options[std::string(argv[i]).substr(2)] = argv[i + 1];
    return arguments;
}

double residentMiB(pid_t pid)
{
    return statusMiB("/proc/" + std::to_string(pid) + "/status", "VmRSS:");
}

double peakResidentMiB()
{
    return statusMiB("/proc/self/status", "VmHWM:");
}

bool resetPeakResident()
{
    std::ofstream clearRefs("/proc/self/clear_refs");
    clearRefs << "5";
    clearRefs.flush();
    return static_cast<bool>(clearRefs);
}

double processCpuSeconds()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    auto seconds
        = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

double processCpuSeconds(pid_t pid)
{
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
    // The command name (field 2) may hold spaces: count fields after its ')'.
    const auto close = text.rfind(')');
    if (close == std::string::npos)
        return -1;
    std::istringstream fields(text.substr(close + 2));
    std::string field;
    double ticks = 0;
    for (int i = 3; i <= 15 && fields >> field; ++i)
        if (i == 14 || i == 15) // utime, stime
            ticks += std::stod(field);
    return ticks / static_cast<double>(sysconf(_SC_CLK_TCK));
}

void raiseFileLimit()
{
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
    }
}

bool onTmpfs(const std::string& path)
{
    struct statfs info { };
    constexpr long kTmpfsMagic = 0x01021994;
    return statfs(path.c_str(), &info) == 0 && info.f_type == kTmpfsMagic;
}

double percentile(std::vector<double> values, double fraction)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    const auto index = static_cast<std::size_t>(fraction * static_cast<double>(values.size() - 1) + 0.5);
    return values[std::min(index, values.size() - 1)];
}

bool runEventLoopUntil(const std::function<bool()>& condition, std::chrono::milliseconds timeout)
{
    // Blocks in the event loop (no spinning: the idle figure must be the
    // console's own); the ticker wakes it to re-check the condition.
    QTimer ticker;
    ticker.start(50);
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!condition()) {
        if (std::chrono::steady_clock::now() >= deadline)
            return false;
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    }
    return true;
}

WireBytes wireBytesOnPort(std::uint16_t port)
{
    // The sockets are ZeroMQ's; reading TCP_INFO through the same descriptor
    // only asks the kernel and changes nothing for their owner.
    WireBytes totals;
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd", error)) {
        int fd = -1;
        try {
            fd = std::stoi(entry.path().filename().string());
        } catch (const std::exception&) {
            continue;
        }
        sockaddr_in local{};
        sockaddr_in peer{};
        socklen_t length = sizeof local;
        if (::getsockname(fd, reinterpret_cast<sockaddr*>(&local), &length) != 0 || local.sin_family != AF_INET
            || ntohs(local.sin_port) != port)
            continue;
        length = sizeof peer;
        if (::getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &length) != 0)
            continue; // the listening socket
        tcp_info info{};
        length = sizeof info;
        if (::getsockopt(fd, IPPROTO_TCP, TCP_INFO, &info, &length) != 0)
            continue;
        totals.sent += info.tcpi_bytes_sent;
        totals.received += info.tcpi_bytes_received;
        totals.peers.push_back(ntohs(peer.sin_port));
    }
    std::sort(totals.peers.begin(), totals.peers.end());
    return totals;
}

} // namespace classroom::bench
