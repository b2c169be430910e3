#include "tests/bench/BenchClassroom.h"

#include "common/app/QuitOnSignal.h"
#include "common/bus/CurveKeys.h"
#include "student-agent/core/AgentController.h"
#include "student-agent/core/HeadlessModuleView.h"
#include "student-agent/core/HeadlessScreenLocker.h"

#include <QCoreApplication>
#include <QDir>

#include <algorithm>
#include <cstdio>

namespace classroom::bench {

using namespace std::chrono_literals;

namespace {

QString agentParentDirectory(const ClassroomOptions& options)
{
    if (options.storage == AgentStorage::Tmpfs && QDir(QStringLiteral("/dev/shm")).exists())
        return QStringLiteral("/dev/shm");
    return options.directory.empty() ? QDir::tempPath() : QString::fromStdString(options.directory);
}

} // namespace

BenchClassroom::BenchClassroom(ClassroomOptions options) : m_options(std::move(options))
{
    m_options.processes = std::max(1, m_options.processes);
    m_agentDir
        = std::make_unique<QTemporaryDir>(agentParentDirectory(m_options) + QStringLiteral("/classroom-bench-XXXXXX"));
    m_consoleDir = std::make_unique<QTemporaryDir>(); // the console's database on the ordinary disk
}

BenchClassroom::~BenchClassroom()
{
    for (auto& child : m_children) {
        child->terminate();
        child->waitForFinished(10000);
    }
    m_console.reset();
}

std::string BenchClassroom::agentStateDirectory(int agent) const
{
    return agentDirectory() + "/agent-" + std::to_string(agent);
}

bool BenchClassroom::start()
{
    console::ConsoleSettings settings;
    settings.listenEndpoint = "tcp://127.0.0.1:0";
    settings.dataDirectory = m_consoleDir->path().toStdString();
    settings.actor = "bench";
    if (m_options.maxModuleBytes > 0)
        settings.moduleLimits.files.maxTotalBytes
            = std::max(settings.moduleLimits.files.maxTotalBytes, m_options.maxModuleBytes);
    auto keys = bus::loadOrCreateKeyPair(settings.secretKeyFile());
    auto store = console::ConsoleStore::open(settings.databaseFile());
    if (!keys || !store) {
        std::fprintf(stderr, "bench: %s%s\n", keys.error().c_str(), store.error().c_str());
        return false;
    }
    m_context.set(zmq::ctxopt::max_sockets, 65536);
    m_console
        = std::make_unique<console::ConsoleController>(m_context, settings, keys.value(), std::move(store).value());
    for (int i = 0; i < m_options.agents; ++i) {
        auto agentKeys = bus::loadOrCreateKeyPair(std::filesystem::path(agentStateDirectory(i)) / "agent.key");
        if (!agentKeys || !m_console->enrollSeat(agentKeys.value().publicKey, QStringLiteral("PC %1").arg(i + 1)).ok())
            return false;
    }
    auto bound = m_console->start();
    if (!bound) {
        std::fprintf(stderr, "bench: %s\n", bound.error().c_str());
        return false;
    }
    m_endpoint = bound.value();
    const int agents = m_options.agents;
    const int perProcess = (agents + m_options.processes - 1) / m_options.processes;
    for (int first = 0; first < agents; first += perProcess) {
        QStringList arguments{QStringLiteral("swarm"), QStringLiteral("--dir"), m_agentDir->path(),
            QStringLiteral("--first"), QString::number(first), QStringLiteral("--count"),
            QString::number(std::min(perProcess, agents - first)), QStringLiteral("--endpoint"),
            QString::fromStdString(m_endpoint), QStringLiteral("--console-key"),
            QString::fromStdString(m_console->publicKey())};
        if (m_options.maxModuleBytes > 0)
            arguments << QStringLiteral("--max-module-mb")
                      << QString::number((m_options.maxModuleBytes + (1 << 20) - 1) >> 20);
        auto child = std::make_unique<QProcess>();
        child->setProcessChannelMode(QProcess::ForwardedErrorChannel);
        child->start(QCoreApplication::applicationFilePath(), arguments);
        m_children.push_back(std::move(child));
    }
    std::fprintf(stderr, "bench: waiting for %d agents in %zu processes\n", agents, m_children.size());
    return runEventLoopUntil([&] { return m_console->roster().onlineCount() == agents; }, 120s);
}

std::vector<pid_t> BenchClassroom::childPids() const
{
    std::vector<pid_t> pids;
    for (const auto& child : m_children)
        pids.push_back(static_cast<pid_t>(child->processId()));
    return pids;
}

int runSwarm(const Arguments& arguments)
{
    const std::filesystem::path dir = arguments.text("dir");
    const int first = arguments.number("first", 0);
    const int count = arguments.number("count", 0);
    const int maxModuleMb = arguments.number("max-module-mb", 0);
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
        if (maxModuleMb > 0)
            settings.maxModuleBytes
                = std::max<std::uint64_t>(settings.maxModuleBytes, std::uint64_t(maxModuleMb) << 20);
        auto keys = bus::loadOrCreateKeyPair(settings.secretKeyFile());
        auto store = agent::AgentStateStore::open(settings.databaseFile());
        if (!keys || !store) {
            std::fprintf(stderr, "swarm: %s%s\n", keys.error().c_str(), store.error().c_str());
            return 1;
        }
        lockers.push_back(std::make_unique<agent::HeadlessScreenLocker>());
        views.push_back(std::make_unique<agent::HeadlessModuleView>());
        agents.push_back(std::make_unique<agent::AgentController>(
            context, settings, keys.value(), std::move(store).value(), *lockers.back(), *views.back()));
        agents.back()->start();
    }
    app::QuitOnSignal quit;
    return QCoreApplication::exec();
}

} // namespace classroom::bench
