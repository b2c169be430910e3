#include "common/bus/AgentBus.h"

#include "common/bus/EnrollmentCode.h"
#include "common/log/LogThrottle.h"
#include "protocol/Codec.h"

#include <spdlog/spdlog.h>

#include <span>

namespace classroom::bus {
namespace {

constexpr int kMonitoredEvents = ZMQ_EVENT_HANDSHAKE_SUCCEEDED | ZMQ_EVENT_HANDSHAKE_FAILED_AUTH |
                                 ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL | ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL |
                                 ZMQ_EVENT_DISCONNECTED;

}  // namespace

AgentBus::AgentBus(zmq::context_t& context, BusOptions options, CurveKeyPair agentKeys, std::string consolePublicKey,
                   QObject* parent)
    : QObject(parent),
      m_context(context),
      m_options(options),
      m_agentKeys(std::move(agentKeys)),
      m_consoleKey(std::move(consolePublicKey)),
      m_rebuildDelay(options.refusedRetryInitial)
{
    m_rebuildTimer.setSingleShot(true);
    connect(&m_rebuildTimer, &QTimer::timeout, this, &AgentBus::openSocket);
}

AgentBus::~AgentBus()
{
    closeSocket();
}

void AgentBus::start(const std::string& endpoint)
{
    m_endpoint = endpoint;
    openSocket();
}

void AgentBus::openSocket()
{
    closeSocket();
    try {
        auto socket = std::make_unique<zmq::socket_t>(m_context, zmq::socket_type::dealer);
        applyCommonSocketOptions(*socket, m_options);
        socket->set(zmq::sockopt::immediate, 1);  // never queue for a connection not yet up
        applyCurveClientOptions(*socket, m_consoleKey, m_agentKeys);
        socket->set(zmq::sockopt::reconnect_ivl, static_cast<int>(m_options.reconnectInterval.count()));
        socket->set(zmq::sockopt::reconnect_ivl_max, static_cast<int>(m_options.reconnectIntervalMax.count()));

        auto monitor = std::make_unique<SocketMonitor>(m_context, *socket, kMonitoredEvents,
                                                       [this](std::uint16_t event) { onSocketEvent(event); });
        socket->connect(m_endpoint);
        m_socket = std::move(socket);
        m_monitor = std::move(monitor);
        m_watcher = std::make_unique<SocketWatcher>(*m_socket, [this] { receiveOne(); });
    } catch (const zmq::error_t& e) {
        spdlog::error("cannot connect to the console at {}: {}", m_endpoint, e.what());
        closeSocket();
        scheduleRebuild();
    }
}

void AgentBus::closeSocket()
{
    m_watcher.reset();
    m_monitor.reset();  // before the socket it watches
    m_socket.reset();
    if (m_connected) {
        m_connected = false;
        if (onDisconnected)
            onDisconnected();
    }
}

void AgentBus::scheduleRebuild()
{
    m_rebuildTimer.start(m_rebuildDelay);
    m_rebuildDelay = std::min(m_rebuildDelay * 2, m_options.refusedRetryMax);
}

void AgentBus::rebuildAfterFailure()
{
    // Outside the monitor callback (it closes the monitor), and once however
    // many failure events arrive together.
    if (m_rebuildQueued)
        return;
    m_rebuildQueued = true;
    QTimer::singleShot(0, this, [this] {
        m_rebuildQueued = false;
        closeSocket();
        scheduleRebuild();
    });
}

void AgentBus::onSocketEvent(std::uint16_t event)
{
    switch (event) {
    case ZMQ_EVENT_HANDSHAKE_SUCCEEDED:
        m_connected = true;
        m_rebuildDelay = m_options.refusedRetryInitial;
        spdlog::info("connected to the console at {}", m_endpoint);
        if (onConnected)
            onConnected();
        break;
    case ZMQ_EVENT_DISCONNECTED:
        if (m_connected) {
            m_connected = false;
            spdlog::warn("lost the connection to the console at {}; reconnecting", m_endpoint);
            if (onDisconnected)
                onDisconnected();
        }
        break;
    case ZMQ_EVENT_HANDSHAKE_FAILED_AUTH:
        ++m_refusals;
        if (log::isWorthLogging(m_refusals))
            spdlog::warn("the console at {} refused this computer's key ({} times so far); it must be enrolled: "
                         "public key {}",
                         m_endpoint, m_refusals, m_agentKeys.publicKey);
        if (onRefused)
            onRefused();
        rebuildAfterFailure();  // libzmq does not retry after a refusal
        break;
    case ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL:
    case ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL:
        ++m_refusals;
        if (log::isWorthLogging(m_refusals))
            // Like ssh on a changed host key, say which key this PC trusts and
            // never fall back to another; but the same event also comes from
            // a reset connection, so point at the check before the remedy.
            spdlog::warn("secure handshake with {} failed ({} times so far): the console there did not prove the "
                         "key this computer trusts (fingerprint {}), or the connection broke. Compare that "
                         "fingerprint with 'classroom-admin keys show' on the console PC. Only if the console was "
                         "replaced or its keys rotated on purpose, enroll this computer again with "
                         "--replace-console-key; otherwise something may be posing as the console",
                         m_endpoint, m_refusals, keyFingerprint(m_consoleKey));
        rebuildAfterFailure();
        break;
    default:
        break;
    }
}

bool AgentBus::send(protocol::Body body)
{
    if (!m_socket || !m_connected)
        return false;
    const protocol::Bytes bytes = protocol::encode(protocol::Envelope{m_nextMessageId++, std::move(body)});
    bool sent = false;
    try {
        sent = m_socket->send(zmq::buffer(bytes), zmq::send_flags::dontwait).has_value();
    } catch (const zmq::error_t&) {
        sent = false;
    }
    sent ? ++m_counters.sent : ++m_counters.sendFailures;
    m_watcher->poke();
    return sent;
}

void AgentBus::receiveOne()
{
    zmq::message_t payload;
    if (!m_socket->recv(payload, zmq::recv_flags::dontwait))
        return;
    // The console sends single-frame messages to a DEALER; discard any rest.
    std::size_t extra = 0;
    while (payload.more()) {
        zmq::message_t rest;
        if (!m_socket->recv(rest, zmq::recv_flags::dontwait))
            break;
        ++extra;
        if (!rest.more())
            break;
    }
    if (extra != 0) {
        ++m_counters.badFraming;
        return;
    }
    const std::span<const std::uint8_t> bytes(static_cast<const std::uint8_t*>(payload.data()), payload.size());
    const protocol::DecodeResult decoded = protocol::decode(bytes);
    if (!decoded.ok()) {
        std::uint64_t& counter = decoded.failure().error == protocol::DecodeError::TooLarge ? m_counters.oversized
                                                                                             : m_counters.undecodable;
        ++counter;
        if (log::isWorthLogging(counter))
            spdlog::warn("ignored a message from the console: {} ({})", protocol::toString(decoded.failure().error),
                         decoded.failure().detail);
        return;
    }
    if (!protocol::maySend(protocol::Role::Console, decoded.envelope().type())) {
        ++m_counters.forbidden;
        return;
    }
    ++m_counters.received;
    if (onMessage)
        onMessage(decoded.envelope());
}

}  // namespace classroom::bus
