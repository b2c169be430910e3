#pragma once

#include "common/Result.h"
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
#include <unordered_map>
#include <zmq.hpp>

namespace classroom::bus {

// The console's end of the bus: one ROUTER socket, CURVE server, bound to one
// TCP endpoint. Agents connect to it; it never connects anywhere.
//
// Invariants:
// - A message is delivered only with the Z85 public key that ZAP put in its
//   User-Id. A message without one is dropped (fail closed).
// - Routing ids are chosen by peers and prove nothing. A routing id is bound to
//   the key of the first authenticated message that used it; a later message on
//   the same routing id with another key is dropped and the binding is cut, so
//   nothing more is sent there for either key.
// - Sends go only to the routing id last seen from that very key, and only
//   until the core calls forgetSeat() (the seat went silent).
// - Only message types an agent may send are delivered.
class ConsoleBus : public QObject {
    Q_OBJECT
public:
    using MessageHandler = std::function<void(const std::string& seatKey, const protocol::Envelope&)>;

    ConsoleBus(zmq::context_t& context, BusOptions options, CurveKeyPair serverKeys, QObject* parent = nullptr);
    ~ConsoleBus() override;

    // Binds the ROUTER; returns the endpoint actually bound (port 0 or * picks a
    // free one). The ZAP handler must already be running in the same context.
    Result<std::string> bind(const std::string& endpoint);

    void setMessageHandler(MessageHandler handler) { m_handler = std::move(handler); }
    // Called for each client that failed the CURVE handshake: it does not hold
    // our public key (with enrollment: it typed a wrong code).
    void setHandshakeFailureHandler(std::function<void()> handler) { m_handshakeFailed = std::move(handler); }

    enum class SendStatus { Sent, NotConnected, Congested };
    // Sends one message; the bus numbers it.
    SendStatus send(const std::string& seatKey, protocol::Body body);

    // The seat stopped talking: never route to its old connection again.
    void forgetSeat(const std::string& seatKey);

    // Hex of the routing id currently bound to a seat (diagnostics and tests).
    std::string routingIdOf(const std::string& seatKey) const;

    const BusCounters& counters() const { return m_counters; }

    // Resident memory of this process in bytes (from /proc/self/statm).
    static std::size_t residentBytes();

private:
    Result<void> openSocket(const std::string& endpoint);
    void closeSocket();
    void checkMemory();
    void rebindAfterReset();
    void receiveOne();
    void reject(const std::string& seatKey, const std::string& routingId, std::uint64_t inReplyTo,
                protocol::ErrorCode code, const std::string& text);
    SendStatus sendTo(const std::string& routingId, protocol::Body body);

    zmq::context_t& m_context;
    BusOptions m_options;
    CurveKeyPair m_serverKeys;
    std::unique_ptr<zmq::socket_t> m_socket;
    std::unique_ptr<SocketMonitor> m_monitor;
    std::unique_ptr<SocketWatcher> m_watcher;
    std::string m_boundEndpoint;
    QTimer m_memoryTimer;
    QTimer m_rebindTimer;
    std::size_t m_memoryThreshold = 0;  // the limit, raised when freed memory stays resident
    MessageHandler m_handler;
    std::function<void()> m_handshakeFailed;
    std::unordered_map<std::string, std::string> m_keyByRoutingId;
    std::unordered_map<std::string, std::string> m_routingIdByKey;
    BusCounters m_counters;
    std::uint64_t m_nextMessageId = 1;
};

}  // namespace classroom::bus
