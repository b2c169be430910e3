#pragma once

#include "common/bus/AgentBus.h"
#include "student-agent/core/AgentSettings.h"
#include "student-agent/core/AgentStateStore.h"
#include "student-agent/core/ScreenLocker.h"

#include <QObject>
#include <QTimer>

#include <memory>
#include <zmq.hpp>

namespace classroom::agent {

// The agent's behaviour, without any window: it applies the state the console
// sends and reports what it applied.
//
// Invariants (fail secure):
// - At start-up the last applied state is re-applied before connecting: a PC
//   that was locked is locked again before anything else happens.
// - A lock is saved before the screen locks; an unlock is saved after the
//   screen unlocks. A crash between the two leaves the PC locked, never open.
// - Only a StateSnapshot from the authenticated console (pinned key) changes
//   the state; losing the console changes nothing.
class AgentController : public QObject {
    Q_OBJECT
public:
    AgentController(zmq::context_t& context, AgentSettings settings, bus::CurveKeyPair keys,
                    std::unique_ptr<AgentStateStore> store, ScreenLocker& locker, QObject* parent = nullptr);
    ~AgentController() override;

    // Re-applies the saved state, then connects to the console.
    void start();

    const protocol::SeatState& appliedState() const { return m_applied; }
    bool isConnected() const { return m_bus.isConnected(); }
    const std::string& publicKey() const { return m_keys.publicKey; }
    const bus::BusCounters& busCounters() const { return m_bus.counters(); }
    quint64 refusals() const { return m_bus.refusals(); }

Q_SIGNALS:
    void stateApplied(bool locked, const QString& message);
    void connectionChanged(bool connected);
    void refusedByConsole();

private:
    void apply(const protocol::SeatState& state);
    void report();
    void sendHello();
    void writeStatus(const char* connection);

    AgentSettings m_settings;
    bus::CurveKeyPair m_keys;
    std::unique_ptr<AgentStateStore> m_store;
    ScreenLocker& m_locker;
    bus::AgentBus m_bus;
    QTimer m_heartbeat;
    protocol::SeatState m_applied;
    std::string m_status;
};

// "connection connected|disconnected|refused|connecting", "since ISO-TIME",
// "console ENDPOINT", "pid N": what the running agent last knew.
inline std::filesystem::path agentStatusFile(const std::filesystem::path& stateDirectory)
{
    return stateDirectory / "status";
}

}  // namespace classroom::agent
