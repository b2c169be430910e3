// classroom-bench: measures the console and the agents with real CURVE over
// TCP on loopback. Each subcommand prints exactly one JSON line on stdout;
// progress goes to stderr.
//
//   classroom-bench lock --agents N [--rounds R] [--processes P]
//   classroom-bench idle --agents N --seconds S [--processes P]
//
// The console core runs in this process; the agents run in P child processes
// ("swarm" mode of this same program), so console figures are the console's own.

#include "common/app/QuitOnSignal.h"
#include "common/bus/CurveKeys.h"
#include "student-agent/core/AgentController.h"
#include "student-agent/core/HeadlessModuleView.h"
#include "student-agent/core/HeadlessScreenLocker.h"
#include "teacher-console/core/ConsoleController.h"
#include "tests/bench/BenchSupport.h"

#include <QCoreApplication>
#include <QDir>
#include <QProcess>
#include <QTemporaryDir>

#include <spdlog/spdlog.h>

#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <vector>

using namespace classroom;
using namespace classroom::bench;
using namespace std::chrono_literals;

namespace {

struct Arguments {
    std::string command;
    std::map<std::string, std::string> options;

    int number(const std::string& name, int fallback) const
    {
        const auto found = options.find(name);
        return found == options.end() ? fallback : std::stoi(found->second);
    }
    std::string text(const std::string& name) const
    {
        const auto found = options.find(name);
        return found == options.end() ? std::string() : found->second;
    }
};

Arguments parse(int argc, char** argv)
{
    Arguments arguments;
    if (argc > 1)
        arguments.command = argv[1];
    for (int i = 2; i + 1 < argc; i += 2)
        if (std::string(argv[i]).rfind("--", 0) == 0)
            arguments.options[std::string(argv[i]).substr(2)] = argv[i + 1];
    return arguments;
}

// ------------------------------------------------------------------ swarm

// Hosts agents [first, first + count) whose state directories are under
// `dir`/agent-<i>, until SIGTERM.
int runSwarm(const Arguments& arguments)
{
    const std::filesystem::path dir = arguments.text("dir");
    const int first = arguments.number("first", 0);
    const int count = arguments.number("count", 0);
    zmq::context_t context(1);
    context.set(zmq::ctxopt::max_sockets, 65536);
    std::vector<std::unique_ptr<agent::HeadlessScreenLocker>> lockers;
    std::vector<std::unique_ptr<agent::HeadlessModuleView>> views;
    std::vector<std::unique_ptr<agent::AgentController>> agents;
    for (int i = first; i < first + count; ++i) {
        agent::AgentSettings settings;
        settings.stateDirectory = dir / ("agent-" + std::to_string(i));
        settings.consoleEndpoint = arguments.text("endpoint");
        settings.consolePublicKey = arguments.text("console-key");
        settings.hostName = "bench-pc-" + std::to_string(i);
        auto keys = bus::loadOrCreateKeyPair(settings.secretKeyFile());
        auto store = agent::AgentStateStore::open(settings.databaseFile());
        if (!keys || !store) {
            std::fprintf(stderr, "swarm: %s%s\n", keys.error().c_str(), store.error().c_str());
            return 1;
        }
        lockers.push_back(std::make_unique<agent::HeadlessScreenLocker>());
        views.push_back(std::make_unique<agent::HeadlessModuleView>());
        agents.push_back(std::make_unique<agent::AgentController>(context, settings, keys.value(),
                                                                 std::move(store).value(), *lockers.back(),
                                                                 *views.back()));
        agents.back()->start();
    }
    app::QuitOnSignal quit;
    return QCoreApplication::exec();
}

// ---------------------------------------------------------- console side

class BenchClassroom {
public:
    BenchClassroom(int agents, int processes) : m_agents(agents), m_processes(std::max(1, processes))
    {
        // Agents' state on tmpfs when there is one (their fsyncs are not what
        // is measured); the console's database on the ordinary disk.
        m_agentDir = std::make_unique<QTemporaryDir>(QDir(QStringLiteral("/dev/shm")).exists() ? QStringLiteral("/dev/shm/classroom-bench-XXXXXX")
                                                                              : QDir::tempPath() + QStringLiteral("/classroom-bench-XXXXXX"));
        m_consoleDir = std::make_unique<QTemporaryDir>();
    }
    ~BenchClassroom()
    {
        for (auto& child : m_children) {
            child->terminate();
            child->waitForFinished(10000);
        }
        m_console.reset();
    }

    std::string agentDirectory() const { return m_agentDir->path().toStdString(); }
    console::ConsoleController& console() { return *m_console; }
    const std::string& endpoint() const { return m_endpoint; }

    bool start()
    {
        console::ConsoleSettings settings;
        settings.listenEndpoint = "tcp://127.0.0.1:0";
        settings.dataDirectory = m_consoleDir->path().toStdString();
        settings.actor = "bench";
        auto keys = bus::loadOrCreateKeyPair(settings.secretKeyFile());
        auto store = console::ConsoleStore::open(settings.databaseFile());
        if (!keys || !store) {
            std::fprintf(stderr, "bench: %s%s\n", keys.error().c_str(), store.error().c_str());
            return false;
        }
        m_context.set(zmq::ctxopt::max_sockets, 65536);
        m_console = std::make_unique<console::ConsoleController>(m_context, settings, keys.value(), std::move(store).value());
        for (int i = 0; i < m_agents; ++i) {
            auto agentKeys = bus::loadOrCreateKeyPair(std::filesystem::path(agentDirectory()) / ("agent-" + std::to_string(i)) / "agent.key");
            if (!agentKeys || !m_console->enrollSeat(agentKeys.value().publicKey, QStringLiteral("PC %1").arg(i + 1)).ok())
                return false;
        }
        auto bound = m_console->start();
        if (!bound) {
            std::fprintf(stderr, "bench: %s\n", bound.error().c_str());
            return false;
        }
        m_endpoint = bound.value();
        const int perProcess = (m_agents + m_processes - 1) / m_processes;
        for (int first = 0; first < m_agents; first += perProcess) {
            auto child = std::make_unique<QProcess>();
            child->setProcessChannelMode(QProcess::ForwardedErrorChannel);
            child->start(QCoreApplication::applicationFilePath(),
                         {QStringLiteral("swarm"), QStringLiteral("--dir"), m_agentDir->path(), QStringLiteral("--first"),
                          QString::number(first), QStringLiteral("--count"), QString::number(std::min(perProcess, m_agents - first)),
                          QStringLiteral("--endpoint"), QString::fromStdString(m_endpoint), QStringLiteral("--console-key"),
                          QString::fromStdString(m_console->publicKey())});
            m_children.push_back(std::move(child));
        }
        std::fprintf(stderr, "bench: waiting for %d agents in %zu processes\n", m_agents, m_children.size());
        return runEventLoopUntil([&] { return m_console->roster().onlineCount() == m_agents; }, 120s);
    }

    std::vector<pid_t> childPids() const
    {
        std::vector<pid_t> pids;
        for (const auto& child : m_children)
            pids.push_back(static_cast<pid_t>(child->processId()));
        return pids;
    }

private:
    int m_agents;
    int m_processes;
    std::unique_ptr<QTemporaryDir> m_agentDir;
    std::unique_ptr<QTemporaryDir> m_consoleDir;
    zmq::context_t m_context{1};
    std::unique_ptr<console::ConsoleController> m_console;
    std::vector<std::unique_ptr<QProcess>> m_children;
    std::string m_endpoint;
};

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
    BenchClassroom classroom(agents, arguments.number("processes", 2));
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
    BenchClassroom classroom(agents, arguments.number("processes", 2));
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
    spdlog::set_level(spdlog::level::warn);
    const Arguments arguments = parse(argc, argv);
    if (arguments.command == "swarm")
        return runSwarm(arguments);
    if (arguments.command == "lock")
        return runLock(arguments);
    if (arguments.command == "idle")
        return runIdle(arguments);
    std::fprintf(stderr, "usage: classroom-bench lock --agents N [--rounds R] [--processes P]\n"
                         "       classroom-bench idle --agents N --seconds S [--processes P]\n");
    return 2;
}
