#include "tests/bench/BenchClassroom.h"

#include "common/app/QuitOnSignal.h"
#include "common/bus/CurveKeys.h"
#include "student-agent/core/AgentController.h"
#include "student-agent/core/HeadlessModuleView.h"
#include "student-agent/core/HeadlessScreenLocker.h"

#include <QCoreApplication>
#include <QDir>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <unordered_map>

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
        if (m_options.answersPerAgent > 0)
            arguments << QStringLiteral("--answers") << QString::number(m_options.answersPerAgent);
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

namespace {

// The learners of a swarm process for `classroom-bench answers`: each agent
// answers `perAgent` times, a few answers per agent per turn of the event
// loop (as PCs answering side by side would), and the time from each
// submitAnswer() to its ack is recorded. When every answer is acknowledged
// the latencies go to acks-<first>.txt, one per line, in milliseconds.
class AnswerSwarm {
public:
    AnswerSwarm(std::filesystem::path dir, int first, std::vector<std::unique_ptr<agent::AgentController>>& agents,
                int perAgent)
        : m_file(dir / ("acks-" + std::to_string(first) + ".txt")), m_agents(agents), m_perAgent(perAgent),
          m_given(agents.size(), 0)
    {
        if (perAgent <= 0)
            return;
        for (auto& controller : m_agents)
            QObject::connect(controller.get(), &agent::AgentController::answerAcknowledged, &m_timer,
                             [this](quint64 id, int) { acknowledged(id); });
        QObject::connect(&m_timer, &QTimer::timeout, [this] { answerSome(); });
        m_timer.start(2);
    }

private:
    void answerSome()
    {
        // The sample module: 1 multiple choice, 7 true/false, 3 numerical, 4 short answer.
        static const std::uint32_t questions[] = {1, 7, 3, 4};
        for (std::size_t i = 0; i < m_agents.size(); ++i) {
            auto& view = dynamic_cast<agent::HeadlessQuizView&>(m_agents[i]->quizView());
            if (!view.isOpen() || !view.screen().open)
                continue;
            for (int n = 0; n < 4 && m_given[i] < m_perAgent; ++n, ++m_given[i]) {
                const std::uint32_t question = questions[m_given[i] % 4];
                quiz::Response response;
                if (question == 1 || question == 7)
                    response.choices = {static_cast<std::uint32_t>(m_given[i] % 2)};
                else
                    response.text = question == 3 ? std::to_string(8 + m_given[i] % 10) : "phishing";
                const auto now = std::chrono::steady_clock::now();
                if (const std::uint64_t id = m_agents[i]->submitAnswer(question, response))
                    m_sent[id] = now;
            }
        }
    }

    void acknowledged(std::uint64_t id)
    {
        const auto sent = m_sent.find(id);
        if (sent == m_sent.end())
            return;
        m_latenciesMs.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - sent->second).count());
        m_sent.erase(sent);
        if (m_latenciesMs.size() != m_agents.size() * static_cast<std::size_t>(m_perAgent))
            return;
        m_timer.stop();
        const std::filesystem::path part = m_file.string() + ".part";
        std::FILE* out = std::fopen(part.c_str(), "w");
        for (double ms : m_latenciesMs)
            std::fprintf(out, "%.3f\n", ms);
        std::fclose(out);
        std::filesystem::rename(part, m_file);
    }

    std::filesystem::path m_file;
    std::vector<std::unique_ptr<agent::AgentController>>& m_agents;
    int m_perAgent;
    std::vector<int> m_given;
    std::unordered_map<std::uint64_t, std::chrono::steady_clock::time_point> m_sent;
    std::vector<double> m_latenciesMs;
    QTimer m_timer;
};

}  // namespace

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
    AnswerSwarm answering(dir, first, agents, arguments.number("answers", 0));
    app::QuitOnSignal quit;
    return QCoreApplication::exec();
}

} // namespace classroom::bench
