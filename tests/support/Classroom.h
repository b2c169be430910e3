#pragma once

#include "student-agent/core/AgentController.h"
#include "student-agent/core/HeadlessModuleView.h"
#include "student-agent/core/HeadlessScreenLocker.h"
#include "teacher-console/core/ConsoleController.h"
#include "tests/support/Wait.h"

#include <QTemporaryDir>

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>
#include <zmq.hpp>

namespace classroom::test {

// One simulated classroom PC: its own state directory and key pair, a
// headless lock, and an agent core that can be stopped and started again.
struct TestAgent {
    std::filesystem::path stateDirectory;
    bus::CurveKeyPair keys;
    std::unique_ptr<agent::HeadlessScreenLocker> locker;
    std::unique_ptr<agent::HeadlessModuleView> view;
    std::unique_ptr<agent::AgentController> controller;

    bool running() const { return controller != nullptr; }
    bool locked() const { return locker && locker->isEngaged(); }
};

// Timings short enough for tests, same mechanisms as production.
console::ConsoleSettings fastConsoleSettings(const std::filesystem::path& dataDirectory);
agent::AgentSettings fastAgentSettings(const std::filesystem::path& stateDirectory);

// A console core and agent cores in this process, each with its own files in a
// temporary directory, talking CURVE over TCP on 127.0.0.1 (port chosen by the
// system and read back). Agents use one ZeroMQ context, the console another.
class Classroom {
public:
    explicit Classroom(int enrolledAgents = 0);
    ~Classroom();

    console::ConsoleController& console() { return *m_console; }
    bool consoleRunning() const { return m_console != nullptr; }
    void startConsole();
    void stopConsole();

    // Makes a PC (keys, state directory); enrolled PCs are added to the console.
    int addAgent(bool enrolled);
    void startAgent(int index);
    void stopAgent(int index);
    void startAllAgents();
    TestAgent& agent(int index) { return *m_agents.at(static_cast<std::size_t>(index)); }
    int agentCount() const { return static_cast<int>(m_agents.size()); }

    const std::string& endpoint() const { return m_endpoint; }
    // Agents started from now on connect to a console outside this process
    // (the real teacher-console program). Stop the console in here first.
    void useExternalConsole(const std::string& endpoint, const std::string& publicKey)
    {
        m_endpoint = endpoint;
        m_consoleKeys.publicKey = publicKey;
    }
    const bus::CurveKeyPair& consoleKeys() const { return m_consoleKeys; }
    std::filesystem::path directory() const { return m_dir.path().toStdString(); }
    zmq::context_t& agentContext() { return m_agentContext; }

    // True when every running, enrolled agent's seat is online / converged to
    // the given lock state and its lock matches.
    bool allOnline();
    bool allConverged(bool locked);

    console::ConsoleSettings consoleSettings;
    // Applied to each agent's settings when it starts (tests of agent limits).
    std::function<void(agent::AgentSettings&)> agentSettingsOverride;

private:
    QTemporaryDir m_dir;
    bus::CurveKeyPair m_consoleKeys;
    std::string m_endpoint = "tcp://127.0.0.1:0";
    std::unique_ptr<zmq::context_t> m_consoleContext;
    zmq::context_t m_agentContext;
    std::unique_ptr<console::ConsoleController> m_console;
    std::vector<std::unique_ptr<TestAgent>> m_agents;
    std::vector<bool> m_enrolled;
};

}  // namespace classroom::test
