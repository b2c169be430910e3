// classroom-bench: measures the console and the agents with real CURVE over
// TCP on loopback. Each subcommand prints exactly one JSON line on stdout;
// progress goes to stderr.
//
//   classroom-bench lock --agents N [--rounds R] [--processes P]
//   classroom-bench idle --agents N --seconds S [--processes P]
//   classroom-bench broadcast --agents N --size-mb M [--processes P] [--dir PATH]
//   classroom-bench answers --agents N --per-agent K [--processes P]
//
// The console core runs in this process; the agents run in P child processes
// ("swarm" mode of this same program), so console figures are the console's own.

#include "tests/bench/AnswersBench.h"
#include "tests/bench/BenchClassroom.h"
#include "tests/bench/BenchSupport.h"
#include "tests/bench/BroadcastBench.h"

#include <QCoreApplication>
#include <QProcess>
#include <QTemporaryDir>

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <string>
#include <vector>

using namespace classroom;
using namespace classroom::bench;
using namespace std::chrono_literals;

namespace {

bool allConverged(console::ConsoleController& console, bool locked)
{
    for (const auto& seat : console.roster().seats())
        if (!seat.isConverged() || seat.desired.locked != locked)
            return false;
    return true;
}

int runLock(const Arguments& arguments)
{
    const int agents = arguments.number("agents", 50);
    const int rounds = arguments.number("rounds", 5);
    BenchClassroom classroom({.agents = agents, .processes = arguments.number("processes", 2)});
    if (!classroom.start()) {
        std::fprintf(stderr, "bench: not every agent came online\n");
        return 1;
    }
    std::vector<double> latenciesMs;
    QObject::connect(&classroom.console(), &console::ConsoleController::seatConfirmed,
                     [&](const QString&, bool locked, qint64 micros) {
                         if (locked)
                             latenciesMs.push_back(static_cast<double>(micros) / 1000.0);
                     });
    for (int round = 0; round < rounds; ++round) {
        classroom.console().lockAll(QStringLiteral("Benchmark round %1").arg(round + 1));
        if (!runEventLoopUntil([&] { return allConverged(classroom.console(), true); }, 60s))
            return 1;
        classroom.console().unlockAll();
        if (!runEventLoopUntil([&] { return allConverged(classroom.console(), false); }, 60s))
            return 1;
    }
    std::printf("{\"bench\":\"lock\",\"agents\":%d,\"rounds\":%d,\"samples\":%zu,\"p50_ms\":%.2f,\"p99_ms\":%.2f,"
                "\"max_ms\":%.2f,\"agent_processes\":%zu,\"agent_state\":\"%s\",\"transport\":\"curve+tcp loopback\"}\n",
                agents, rounds, latenciesMs.size(), percentile(latenciesMs, 0.5), percentile(latenciesMs, 0.99),
                percentile(latenciesMs, 1.0), classroom.childPids().size(),
                onTmpfs(classroom.agentDirectory()) ? "tmpfs" : "disk");
    std::fflush(stdout);
    return 0;
}

int runIdle(const Arguments& arguments)
{
    const int agents = arguments.number("agents", 50);
    const int seconds = arguments.number("seconds", 10);
    BenchClassroom classroom({.agents = agents, .processes = arguments.number("processes", 2)});
    if (!classroom.start()) {
        std::fprintf(stderr, "bench: not every agent came online\n");
        return 1;
    }
    // One more agent as its own real process, to weigh a single headless agent.
    QTemporaryDir single;
    const QString singleDir = single.path() + QStringLiteral("/agent");
    QProcess keyPrinter;
    keyPrinter.start(QStringLiteral(CLASSROOM_AGENT_BINARY), {QStringLiteral("--print-public-key"), QStringLiteral("--state-dir"), singleDir});
    keyPrinter.waitForFinished(10000);
    const std::string singleKey = QString::fromUtf8(keyPrinter.readAllStandardOutput()).trimmed().toStdString();
    if (!classroom.console().enrollSeat(singleKey, QStringLiteral("single agent")).ok())
        return 1;
    QProcess singleAgent;
    singleAgent.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    singleAgent.start(QStringLiteral(CLASSROOM_AGENT_BINARY),
                      {QStringLiteral("--headless"), QStringLiteral("--state-dir"), singleDir, QStringLiteral("--console"),
                       QString::fromStdString(classroom.endpoint()), QStringLiteral("--console-key"),
                       QString::fromStdString(classroom.console().publicKey()), QStringLiteral("--log-level"), QStringLiteral("warn")});
    if (!runEventLoopUntil([&] { return classroom.console().roster().onlineCount() == agents + 1; }, 30s))
        return 1;
    runEventLoopUntil([] { return false; }, 2s);  // settle: handshakes and first reports done

    std::fprintf(stderr, "bench: measuring %d idle agents for %d s\n", agents, seconds);
    const double cpuBefore = processCpuSeconds();
    const auto wallBefore = std::chrono::steady_clock::now();
    runEventLoopUntil([] { return false; }, std::chrono::seconds(seconds));
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - wallBefore).count();
    const double cpuPercent = 100.0 * (processCpuSeconds() - cpuBefore) / wall;
    const bool allStillOnline = classroom.console().roster().onlineCount() == agents + 1;

    double swarmMiB = 0;
    for (pid_t pid : classroom.childPids())
        swarmMiB += residentMiB(pid);
    std::printf("{\"bench\":\"idle\",\"agents\":%d,\"seconds\":%d,\"console_cpu_pct\":%.2f,\"console_rss_mb\":%.1f,"
                "\"agent_rss_mb\":%.1f,\"swarm_rss_mb_per_agent\":%.2f,\"all_online\":%s,\"heartbeat_ms\":1000}\n",
                agents, seconds, cpuPercent, residentMiB(getpid()), residentMiB(static_cast<pid_t>(singleAgent.processId())),
                swarmMiB / agents, allStillOnline ? "true" : "false");
    std::fflush(stdout);
    singleAgent.terminate();
    singleAgent.waitForFinished(10000);
    return allStillOnline ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    raiseFileLimit();
    // Log lines go to stderr: stdout carries the one JSON line (and a swarm's
    // stdout is a pipe nobody reads).
    spdlog::set_default_logger(spdlog::stderr_logger_mt("classroom-bench"));
    spdlog::set_level(spdlog::level::warn);
    const Arguments arguments = parseArguments(argc, argv);
    if (arguments.command == "swarm")
        return runSwarm(arguments);
    if (arguments.command == "lock")
        return runLock(arguments);
    if (arguments.command == "idle")
        return runIdle(arguments);
    if (arguments.command == "broadcast")
        return runBroadcast(arguments);
    if (arguments.command == "answers")
        return runAnswers(arguments);
    std::fprintf(stderr, "usage: classroom-bench lock --agents N [--rounds R] [--processes P]\n"
                         "       classroom-bench idle --agents N --seconds S [--processes P]\n"
                         "       classroom-bench broadcast --agents N --size-mb M [--processes P] [--dir PATH]\n"
                         "       classroom-bench answers --agents N --per-agent K [--processes P]\n");
    return 2;
}
