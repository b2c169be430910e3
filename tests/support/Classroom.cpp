#include "tests/support/Classroom.h"

#include <gtest/gtest.h>

namespace classroom::test {

console::ConsoleSettings fastConsoleSettings(const std::filesystem::path& dataDirectory)
{
    console::ConsoleSettings settings;
    settings.listenEndpoint = "tcp://127.0.0.1:0";
    settings.dataDirectory = dataDirectory;
    settings.offlineAfter = 1500ms;
    settings.resendAfter = 300ms;
    settings.actor = "test-trainer";
    return settings;
}

agent::AgentSettings fastAgentSettings(const std::filesystem::path& stateDirectory)
{
    agent::AgentSettings settings;
    settings.stateDirectory = stateDirectory;
    settings.heartbeatInterval = 300ms;
    settings.bus.reconnectInterval = 50ms;
    settings.bus.reconnectIntervalMax = 300ms;
    settings.bus.refusedRetryInitial = 100ms;
    settings.bus.refusedRetryMax = 400ms;
    return settings;
}

Classroom::Classroom(int enrolledAgents) : m_agentContext(1)
{
    if (!m_dir.isValid())
        throw std::runtime_error("cannot create a temporary directory");
    consoleSettings = fastConsoleSettings(directory() / "console");
    auto keys = bus::loadOrCreateKeyPair(consoleSettings.secretKeyFile());
    if (!keys)
        throw std::runtime_error(keys.error());
    m_consoleKeys = keys.value();
    startConsole();
    for (int i = 0; i < enrolledAgents; ++i)
        addAgent(true);
}

Classroom::~Classroom()
{
    m_agents.clear();
    m_console.reset();
}

void Classroom::startConsole()
{
    ASSERT_FALSE(m_console) << "console already running";
    auto settings = consoleSettings;
    settings.listenEndpoint = m_endpoint;
    auto store = console::ConsoleStore::open(settings.databaseFile());
    ASSERT_TRUE(store.ok()) << store.error();
    m_consoleContext = std::make_unique<zmq::context_t>(1);
    m_console = std::make_unique<console::ConsoleController>(*m_consoleContext, settings, m_consoleKeys,
                                                             std::move(store).value());
    auto bound = m_console->start();
    ASSERT_TRUE(bound.ok()) << bound.error();
    m_endpoint = bound.value();  // a restart listens on the very same port
}

void Classroom::stopConsole()
{
    m_console.reset();
    m_consoleContext.reset();
}

int Classroom::addAgent(bool enrolled)
{
    const int index = agentCount();
    auto agent = std::make_unique<TestAgent>();
    agent->stateDirectory = directory() / ("agent-" + std::to_string(index));
    auto keys = bus::loadOrCreateKeyPair(agent->stateDirectory / "agent.key");
    if (!keys)
        throw std::runtime_error(keys.error());
    agent->keys = keys.value();
    if (enrolled) {
        auto done = m_console->enrollSeat(agent->keys.publicKey, QStringLiteral("PC %1").arg(index + 1));
        if (!done)
            throw std::runtime_error(done.error());
    }
    m_agents.push_back(std::move(agent));
    m_enrolled.push_back(enrolled);
    return index;
}

void Classroom::startAgent(int index)
{
    TestAgent& agent = this->agent(index);
    ASSERT_FALSE(agent.running());
    auto settings = fastAgentSettings(agent.stateDirectory);
    settings.consoleEndpoint = m_endpoint;
    settings.consolePublicKey = m_consoleKeys.publicKey;
    settings.hostName = "test-pc-" + std::to_string(index + 1);
    if (agentSettingsOverride)
        agentSettingsOverride(settings);
    auto store = agent::AgentStateStore::open(settings.databaseFile());
    ASSERT_TRUE(store.ok()) << store.error();
    agent.locker = std::make_unique<agent::HeadlessScreenLocker>();
    agent.view = std::make_unique<agent::HeadlessModuleView>();
    agent.controller = std::make_unique<agent::AgentController>(m_agentContext, settings, agent.keys,
                                                                std::move(store).value(), *agent.locker, *agent.view);
    agent.controller->start();
}

void Classroom::stopAgent(int index)
{
    TestAgent& agent = this->agent(index);
    agent.controller.reset();
    agent.locker.reset();
    agent.view.reset();
}

void Classroom::startAllAgents()
{
    for (int i = 0; i < agentCount(); ++i)
        if (!agent(i).running())
            startAgent(i);
}

bool Classroom::allOnline()
{
    for (int i = 0; i < agentCount(); ++i) {
        if (!m_enrolled[static_cast<std::size_t>(i)] || !agent(i).running())
            continue;
        const console::Seat* seat = m_console->roster().find(agent(i).keys.publicKey);
        if (!seat || !seat->online)
            return false;
    }
    return true;
}

bool Classroom::allConverged(bool locked)
{
    for (int i = 0; i < agentCount(); ++i) {
        if (!m_enrolled[static_cast<std::size_t>(i)] || !agent(i).running())
            continue;
        const console::Seat* seat = m_console->roster().find(agent(i).keys.publicKey);
        if (!seat || !seat->isConverged() || seat->desired.locked != locked || agent(i).locked() != locked)
            return false;
    }
    return true;
}

}  // namespace classroom::test
