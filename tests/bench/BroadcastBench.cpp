#include "tests/bench/BroadcastBench.h"

#include "tests/bench/BenchClassroom.h"

#include <QTemporaryDir>
#include <QTimer>

#include <cstdio>
#include <fstream>
#include <random>

#include <unistd.h>

namespace classroom::bench {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

constexpr const char* kPayloadFile = "data/payload.bin";
// Room in the module limit for the manifest, the page and the tar headers.
constexpr std::uint64_t kModuleOverheadBytes = 16ULL << 20;
// The slowest aggregate rate a run may have before it is given up (MiB/s);
// a 2-core machine does far better, a stuck transfer far worse.
constexpr double kSlowestMiBPerSecond = 5.0;

double mib(std::uint64_t bytes)
{
    return static_cast<double>(bytes) / (1024.0 * 1024.0);
}

// A module that passes the checker: one page, and the payload as a data file
// no page refers to (allowed: only the pictures a page shows are checked).
// The payload is raw mt19937_64 output, so nothing on the way can compress it.
bool writeBenchModule(const fs::path& folder, std::uint64_t payloadBytes)
{
    std::error_code error;
    fs::create_directories(folder / "pages", error);
    fs::create_directories(folder / "data", error);
    std::ofstream(folder / "module.txt") << "title: Broadcast benchmark\nlanguage: en\nversion: 1\npage: pages/01.md\n";
    std::ofstream(folder / "pages/01.md") << "# Broadcast benchmark\n\nThis module carries " << mib(payloadBytes)
                                          << " MiB of random bytes in " << kPayloadFile << ".\n";
    std::ofstream payload(folder / kPayloadFile, std::ios::binary);
    std::mt19937_64 random(std::random_device{}());
    std::vector<std::uint64_t> block((1 << 20) / sizeof(std::uint64_t));
    for (std::uint64_t written = 0; written < payloadBytes; written += 1 << 20) {
        for (auto& word : block)
            word = random();
        const auto length = std::min<std::uint64_t>(1 << 20, payloadBytes - written);
        payload.write(reinterpret_cast<const char*>(block.data()), static_cast<std::streamsize>(length));
    }
    payload.close();
    return !error && payload;
}

bool allShowModule(console::ConsoleController& console)
{
    for (const auto& seat : console.roster().seats())
        if (!seat.showsModule())
            return false;
    return true;
}

bool allClosedModule(console::ConsoleController& console)
{
    for (const auto& seat : console.roster().seats())
        if (!seat.isConverged() || !seat.confirmed->moduleId.empty())
            return false;
    return true;
}

const console::Seat* failedSeat(console::ConsoleController& console)
{
    for (const auto& seat : console.roster().seats())
        if (seat.transfer && seat.transfer->status == protocol::ModuleStatus::Failed)
            return &seat;
    return nullptr;
}

std::uint16_t portOf(const std::string& endpoint)
{
    return static_cast<std::uint16_t>(std::stoi(endpoint.substr(endpoint.rfind(':') + 1)));
}

struct Transfer {
    bool ok = false;
    double seconds = 0;
    WireBytes before;
    WireBytes after;
    std::uint64_t messages = 0; // sent by the console's bus

    std::uint64_t sentBytes() const { return after.sent - before.sent; }
    bool sameConnections() const { return before.peers == after.peers; }
};

// sendModule() to every seat, then waits until every seat shows it.
Transfer sendToAll(
    BenchClassroom& classroom, const std::string& moduleId, std::chrono::milliseconds timeout, const char* label)
{
    auto& console = classroom.console();
    const std::uint16_t port = portOf(classroom.endpoint());
    Transfer transfer;
    QTimer progress;
    QObject::connect(&progress, &QTimer::timeout, [&] {
        int ready = 0;
        std::uint64_t done = 0;
        for (const auto& seat : console.roster().seats()) {
            ready += seat.showsModule() ? 1 : 0;
            done += seat.transfer ? seat.transfer->doneBytes : 0;
        }
        std::fprintf(stderr, "bench: %s: %d of %zu seats show the module, %.0f MiB received\n", label, ready,
            console.roster().seats().size(), mib(done));
    });
    progress.start(2000);
    transfer.before = wireBytesOnPort(port);
    const std::uint64_t messagesBefore = console.busCounters().sent;
    const auto start = Clock::now();
    if (auto sent = console.sendModule(console.allSeatKeys(), moduleId); !sent) {
        std::fprintf(stderr, "bench: %s\n", sent.error().c_str());
        return transfer;
    }
    const bool finished
        = runEventLoopUntil([&] { return allShowModule(console) || failedSeat(console) != nullptr; }, timeout);
    transfer.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    transfer.after = wireBytesOnPort(port);
    transfer.messages = console.busCounters().sent - messagesBefore;
    if (const console::Seat* failed = failedSeat(console)) {
        std::fprintf(stderr, "bench: %s: seat %s failed: %s\n", label, failed->name.toStdString().c_str(),
            failed->transfer->reason.toStdString().c_str());
        return transfer;
    }
    if (!finished)
        std::fprintf(stderr, "bench: %s: not every seat showed the module within %lld s\n", label,
            static_cast<long long>(std::chrono::duration_cast<std::chrono::seconds>(timeout).count()));
    transfer.ok = finished;
    return transfer;
}

// Every agent holds the payload, whole, in its verified cache folder.
bool payloadInEveryCache(const BenchClassroom& classroom, int agents, const std::string& moduleId, std::uint64_t bytes)
{
    for (int i = 0; i < agents; ++i) {
        const fs::path file = fs::path(classroom.agentStateDirectory(i)) / "modules" / moduleId / kPayloadFile;
        std::error_code error;
        if (fs::file_size(file, error) != bytes || error) {
            std::fprintf(stderr, "bench: %s is missing or has the wrong size\n", file.c_str());
            return false;
        }
    }
    return true;
}

} // namespace

int runBroadcast(const Arguments& arguments)
{
    const int agents = arguments.number("agents", 30);
    const int sizeMb = arguments.number("size-mb", 200);
    if (agents < 1 || sizeMb < 1) {
        std::fprintf(stderr, "bench: --agents and --size-mb must be at least 1\n");
        return 2;
    }
    const std::uint64_t payloadBytes = static_cast<std::uint64_t>(sizeMb) << 20;
    // One agent per swarm process by default, as on real PCs: an agent busy
    // hashing or unpacking then holds up only its own heartbeat, not those of
    // the agents that share its event loop.
    BenchClassroom classroom({.agents = agents,
        .processes = arguments.number("processes", agents),
        .storage = AgentStorage::Disk,
        .directory = arguments.text("dir"),
        .maxModuleBytes = payloadBytes + kModuleOverheadBytes});
    const bool agentsOnTmpfs = onTmpfs(classroom.agentDirectory());
    if (agentsOnTmpfs)
        std::fprintf(stderr, "bench: warning: %s is on tmpfs; give --dir a folder on disk\n",
            classroom.agentDirectory().c_str());
    if (!classroom.start()) {
        std::fprintf(stderr, "bench: not every agent came online\n");
        return 1;
    }
    auto& console = classroom.console();

    std::string moduleId;
    {
        QTemporaryDir source;
        const fs::path folder = fs::path(source.path().toStdString()) / "broadcast-module";
        std::fprintf(stderr, "bench: writing a module with %d MiB of random bytes\n", sizeMb);
        if (!writeBenchModule(folder, payloadBytes)) {
            std::fprintf(stderr, "bench: cannot write the module under %s\n", folder.c_str());
            return 1;
        }
        const auto importStart = Clock::now();
        auto imported = console.importModule(folder);
        if (!imported) {
            std::fprintf(stderr, "bench: the module was not imported:\n%s\n", imported.error().c_str());
            return 1;
        }
        moduleId = imported.value().id;
        std::fprintf(stderr, "bench: imported module %s in %.1f s\n", moduleId.c_str(),
            std::chrono::duration<double>(Clock::now() - importStart).count());
    }

    const auto timeout = std::chrono::milliseconds(
        static_cast<long long>(1000.0 * (120.0 + agents * static_cast<double>(sizeMb) / kSlowestMiBPerSecond)));
    const bool peakReset = resetPeakResident();
    if (!peakReset)
        std::fprintf(stderr, "bench: warning: cannot reset VmHWM; the peak is since start-up\n");
    const double rssBefore = residentMiB(getpid());
    const double consoleCpuBefore = processCpuSeconds();
    std::vector<double> agentCpuBefore;
    for (pid_t pid : classroom.childPids())
        agentCpuBefore.push_back(processCpuSeconds(pid));
    std::fprintf(stderr, "bench: sending to %d seats\n", agents);
    const Transfer first = sendToAll(classroom, moduleId, timeout, "first send");
    const double peakRss = peakResidentMiB();
    const double consoleCpu = processCpuSeconds() - consoleCpuBefore;
    double agentCpu = 0;
    for (std::size_t i = 0; i < agentCpuBefore.size(); ++i)
        agentCpu += processCpuSeconds(classroom.childPids()[i]) - agentCpuBefore[i];
    if (!first.ok || !payloadInEveryCache(classroom, agents, moduleId, payloadBytes))
        return 1;

    console.closeModule(console.allSeatKeys());
    if (!runEventLoopUntil([&] { return allClosedModule(console); }, 60s)) {
        std::fprintf(stderr, "bench: not every seat closed the module\n");
        return 1;
    }
    const Transfer again = sendToAll(classroom, moduleId, timeout, "second send");
    if (!again.ok)
        return 1;
    const bool stable = first.sameConnections() && again.sameConnections();
    if (!stable)
        std::fprintf(stderr, "bench: warning: connections changed during a send; wire bytes miss the closed ones\n");

    std::printf("{\"bench\":\"broadcast\",\"agents\":%d,\"size_mb\":%d,\"seconds\":%.2f,\"aggregate_mb_s\":%.1f,"
                "\"console_peak_rss_mb\":%.1f,\"rebroadcast_bytes\":%llu,\"console_rss_before_mb\":%.1f,"
                "\"first_send_wire_bytes\":%llu,\"first_send_messages\":%llu,\"rebroadcast_seconds\":%.3f,"
                "\"rebroadcast_messages\":%llu,\"console_cpu_s\":%.1f,\"agents_cpu_s\":%.1f,\"agent_processes\":%zu,"
                "\"agent_state\":\"%s\",\"connections_stable\":%s,\"transport\":\"curve+tcp loopback\","
                "\"wire_bytes\":\"tcp payload sent by the console (TCP_INFO)\"}\n",
        agents, sizeMb, first.seconds, agents * static_cast<double>(sizeMb) / first.seconds, peakRss,
        static_cast<unsigned long long>(again.sentBytes()), rssBefore,
        static_cast<unsigned long long>(first.sentBytes()), static_cast<unsigned long long>(first.messages),
        again.seconds, static_cast<unsigned long long>(again.messages), consoleCpu, agentCpu,
        classroom.childPids().size(), agentsOnTmpfs ? "tmpfs" : "disk", stable ? "true" : "false");
    std::fflush(stdout);
    return 0;
}

} // namespace classroom::bench
