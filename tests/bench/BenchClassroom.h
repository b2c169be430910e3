#pragma once

#include "teacher-console/core/ConsoleController.h"
#include "tests/bench/BenchSupport.h"

#include <QProcess>
#include <QTemporaryDir>

#include <memory>
#include <string>
#include <vector>
#include <zmq.hpp>

namespace classroom::bench {

// Where the agents keep their state (agent.db, key, module cache).
enum class AgentStorage {
    Tmpfs, // /dev/shm when there is one: their fsyncs are not what is measured
    Disk, // the temporary folder (or `directory`): module transfers write real files
};

struct ClassroomOptions {
    int agents = 50;
    int processes = 2; // swarm processes the agents are spread over
    AgentStorage storage = AgentStorage::Tmpfs;
    std::string directory; // Disk only: parent of the agents' folder; empty: QDir::tempPath()
    std::uint64_t maxModuleBytes = 0; // agents' and console's module limit; 0: the product default
    // Each agent answers this many times as soon as an open quiz is on its
    // screen, and writes its ack latencies to <agent dir>/acks-<first>.txt.
    int answersPerAgent = 0;
};

// A console core in this process and N real agents in child processes
// ("classroom-bench swarm"), talking CURVE over TCP on loopback.
class BenchClassroom {
public:
    explicit BenchClassroom(ClassroomOptions options);
    ~BenchClassroom();

    // Starts the console and the swarm; true once every agent is online.
    bool start();

    std::string agentDirectory() const { return m_agentDir->path().toStdString(); }
    std::string agentStateDirectory(int agent) const;
    console::ConsoleController& console() { return *m_console; }
    const std::string& endpoint() const { return m_endpoint; }
    std::vector<pid_t> childPids() const;

private:
    ClassroomOptions m_options;
    std::unique_ptr<QTemporaryDir> m_agentDir;
    std::unique_ptr<QTemporaryDir> m_consoleDir;
    zmq::context_t m_context{1};
    std::unique_ptr<console::ConsoleController> m_console;
    std::vector<std::unique_ptr<QProcess>> m_children;
    std::string m_endpoint;
};

// "classroom-bench swarm": hosts agents [first, first + count) whose state
// directories are under `dir`/agent-<i>, until SIGTERM.
int runSwarm(const Arguments& arguments);

} // namespace classroom::bench
