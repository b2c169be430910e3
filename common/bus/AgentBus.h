#pragma once

#include "common/bus/BusCounters.h"
#include "common/bus/BusOptions.h"
#include "common/bus/CurveKeys.h"
#include "common/bus/SocketMonitor.h"
#include "common/bus/SocketWatcher.h"
#include "protocol/Envelope.h"

#include <QObject>
#include <QTimer>

#include <functional>
#include <memory>
#include <string>
#include <zmq.hpp>

namespace classroom::bus {

// The agent's end of the bus: one DEALER socket, CURVE client, that connects to
// the console and never binds. It pins the console's public key: a console that
// cannot prove it holds the matching secret key never completes the handshake.
//
// libzmq reconnects by itself after a network cut, but gives up for good when
// the console refuses our key (a ZAP 400); the bus then rebuilds its socket
// after a growing delay, so a PC that gets enrolled later connects on its own.
class AgentBus : public QObject {
    Q_OBJECT
public:
    AgentBus(zmq::context_t& context, BusOptions options, CurveKeyPair agentKeys, std::string consolePublicKey,
             QObject* parent = nullptr);
    ~AgentBus() override;

    // Starts connecting to `endpoint` (tcp://host:port) and keeps trying.
    void start(const std::string& endpoint);

    // Sends one message if a connection is up; the bus numbers it. Returns
    // false (and queues nothing) while disconnected.
    bool send(protocol::Body body);

    bool isConnected() const { return m_connected; }
    const BusCounters& counters() const { return m_counters; }
    quint64 refusals() const { return m_refusals; }

    std::function<void()> onConnected;
    std::function<void()> onDisconnected;
    std::function<void()> onRefused;  // the console refused our key
    std::function<void(const protocol::Envelope&)> onMessage;

private:
    void openSocket();
    void closeSocket();
    void receiveOne();
    void onSocketEvent(std::uint16_t event);
    void scheduleRebuild();
    void rebuildAfterFailure();

    zmq::context_t& m_context;
    BusOptions m_options;
    CurveKeyPair m_agentKeys;
    std::string m_consoleKey;
    std::string m_endpoint;
    std::unique_ptr<zmq::socket_t> m_socket;
    std::unique_ptr<SocketMonitor> m_monitor;
    std::unique_ptr<SocketWatcher> m_watcher;
    QTimer m_rebuildTimer;
    std::chrono::milliseconds m_rebuildDelay;
    bool m_connected = false;
    bool m_rebuildQueued = false;
    quint64 m_refusals = 0;
    std::uint64_t m_nextMessageId = 1;
    BusCounters m_counters;
};

}  // namespace classroom::bus
