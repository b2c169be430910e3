#include "common/bus/ConsoleBus.h"

#include "common/log/LogThrottle.h"
#include "protocol/Codec.h"
#include "protocol/Limits.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <malloc.h>
#include <span>
#include <unistd.h>

namespace classroom::bus {
namespace {

std::string toHex(const std::string& bytes)
{
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (unsigned char c : bytes) {
        out += kDigits[c >> 4];
        out += kDigits[c & 0xf];
    }
    return out;
}

// Logs a dropped frame at counts 1, 2, 4, 8, ... of its kind.
template <typename... Args>
void logDrop(std::uint64_t count, spdlog::format_string_t<Args...> format, Args&&... args)
{
    if (log::isWorthLogging(count))
        spdlog::warn(format, std::forward<Args>(args)...);
}

}  // namespace

ConsoleBus::ConsoleBus(zmq::context_t& context, BusOptions options, CurveKeyPair serverKeys, QObject* parent)
    : QObject(parent), m_context(context), m_options(options), m_serverKeys(std::move(serverKeys))
{
    m_memoryTimer.setInterval(m_options.memoryCheckInterval);
    connect(&m_memoryTimer, &QTimer::timeout, this, &ConsoleBus::checkMemory);
    m_rebindTimer.setInterval(100);
    connect(&m_rebindTimer, &QTimer::timeout, this, &ConsoleBus::rebindAfterReset);
}

ConsoleBus::~ConsoleBus()
{
    closeSocket();
}

Result<std::string> ConsoleBus::bind(const std::string& endpoint)
{
    auto opened = openSocket(endpoint);
    if (!opened)
        return Result<std::string>::failure(opened.error());
    m_memoryThreshold = m_options.memoryLimitBytes;
    if (m_options.memoryLimitBytes > 0)
        m_memoryTimer.start();
    return Result<std::string>::success(m_boundEndpoint);
}

std::size_t ConsoleBus::residentBytes()
{
    std::FILE* statm = std::fopen("/proc/self/statm", "r");
    if (!statm)
        return 0;
    unsigned long size = 0;
    unsigned long resident = 0;
    const int fields = std::fscanf(statm, "%lu %lu", &size, &resident);
    std::fclose(statm);
    return fields == 2 ? resident * static_cast<std::size_t>(sysconf(_SC_PAGESIZE)) : 0;
}

void ConsoleBus::checkMemory()
{
    const std::size_t resident = residentBytes();
    if (resident <= m_memoryThreshold || !m_socket)
        return;
    ++m_counters.memoryResets;
    spdlog::error("security: console memory reached {} MiB (limit {} MiB), probably a peer sending a message that "
                  "never ends; closing every connection to free it. Seats reconnect by themselves. ({} so far)",
                  resident >> 20, m_options.memoryLimitBytes >> 20, m_counters.memoryResets);
    closeSocket();
    malloc_trim(0);  // hand the freed buffers back to the system
    // Freed memory can stay resident (fragmentation, allocator caches); it is
    // reused by the next attack, so measure the next one from here.
    m_memoryThreshold = std::max(m_options.memoryLimitBytes, residentBytes() + m_options.memoryLimitBytes / 4);
    rebindAfterReset();
}

void ConsoleBus::rebindAfterReset()
{
    // libzmq closes the old listener in its I/O thread: the port may still be
    // taken for a moment, so retry until it is free.
    if (openSocket(m_boundEndpoint).ok()) {
        m_rebindTimer.stop();
        spdlog::info("listening again on {}", m_boundEndpoint);
    } else if (!m_rebindTimer.isActive()) {
        m_rebindTimer.start();
    }
}

void ConsoleBus::closeSocket()
{
    m_watcher.reset();
    m_monitor.reset();  // before the socket it watches
    m_socket.reset();
    m_keyByRoutingId.clear();
    m_routingIdByKey.clear();
}

Result<void> ConsoleBus::openSocket(const std::string& endpoint)
{
    using R = Result<void>;
    try {
        auto socket = std::make_unique<zmq::socket_t>(m_context, zmq::socket_type::router);
        applyCommonSocketOptions(*socket, m_options);
        socket->set(zmq::sockopt::router_mandatory, 1);  // unroutable sends fail instead of vanishing
        socket->set(zmq::sockopt::router_handover, 0);   // an impostor cannot take over a live id
        socket->set(zmq::sockopt::curve_server, 1);
        socket->set(zmq::sockopt::curve_secretkey, m_serverKeys.secretKey);
        socket->set(zmq::sockopt::zap_domain, m_options.zapDomain);
        auto monitor = std::make_unique<SocketMonitor>(
            m_context, *socket, ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL | ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL,
            [this](std::uint16_t) {
                ++m_counters.failedHandshakes;
                if (m_handshakeFailed)
                    m_handshakeFailed();
            });
        socket->bind(endpoint);
        m_boundEndpoint = socket->get(zmq::sockopt::last_endpoint);
        m_socket = std::move(socket);
        m_monitor = std::move(monitor);
        m_watcher = std::make_unique<SocketWatcher>(*m_socket, [this] { receiveOne(); });
        return R::success();
    } catch (const zmq::error_t& e) {
        return R::failure("cannot listen on " + endpoint + ": " + e.what());
    }
}

void ConsoleBus::receiveOne()
{
    // A ROUTER message from an agent is [routing id, payload]. Read every frame
    // (libzmq delivers messages whole) but keep only the first three.
    zmq::message_t parts[3];
    std::size_t count = 0;
    bool more = true;
    while (more) {
        zmq::message_t frame;
        if (!m_socket->recv(frame, zmq::recv_flags::dontwait))
            break;
        more = frame.more();
        if (count < 3)
            parts[count] = std::move(frame);
        ++count;
    }
    if (count == 0)
        return;
    if (count != 2) {
        ++m_counters.badFraming;
        logDrop(m_counters.badFraming, "dropped a message of {} frames (expected 1); {} so far", count - 1,
                m_counters.badFraming);
        return;
    }
    const std::string routingId = parts[0].to_string();
    zmq::message_t& payload = parts[1];

    // Fail closed: without a ZAP-assigned User-Id we do not know who this is.
    const char* userId = zmq_msg_gets(payload.handle(), "User-Id");
    if (userId == nullptr || *userId == '\0' || !isValidZ85Key(userId)) {
        ++m_counters.unauthenticated;
        logDrop(m_counters.unauthenticated, "dropped a message without an authenticated key; {} so far",
                m_counters.unauthenticated);
        return;
    }
    const std::string seatKey(userId);

    auto bound = m_keyByRoutingId.find(routingId);
    if (bound != m_keyByRoutingId.end() && bound->second != seatKey) {
        ++m_counters.identityConflicts;
        logDrop(m_counters.identityConflicts,
                "security: connection {} was used by key {} and now by key {}; dropping the message and cutting "
                "both seats' routes (possible routing-id spoofing); {} so far",
                toHex(routingId), bound->second, seatKey, m_counters.identityConflicts);
        forgetSeat(bound->second);
        forgetSeat(seatKey);
        return;
    }
    if (bound == m_keyByRoutingId.end()) {
        // The key's newest authenticated connection is the only place we send to.
        forgetSeat(seatKey);
        m_keyByRoutingId.emplace(routingId, seatKey);
        m_routingIdByKey[seatKey] = routingId;
    }

    const std::span<const std::uint8_t> bytes(static_cast<const std::uint8_t*>(payload.data()), payload.size());
    const protocol::DecodeResult decoded = protocol::decode(bytes);
    if (!decoded.ok()) {
        const auto& failure = decoded.failure();
        std::uint64_t& counter = failure.error == protocol::DecodeError::TooLarge ? m_counters.oversized
                                                                                   : m_counters.undecodable;
        ++counter;
        logDrop(counter, "rejected a message from seat {}: {} ({}); {} so far", seatKey,
                protocol::toString(failure.error), failure.detail, counter);
        const auto code = failure.error == protocol::DecodeError::WrongVersion ? protocol::ErrorCode::UnsupportedVersion
                          : failure.error == protocol::DecodeError::UnknownType ? protocol::ErrorCode::UnknownMessageType
                                                                                 : protocol::ErrorCode::MalformedMessage;
        reject(seatKey, routingId, 0, code, failure.detail);
        return;
    }
    const protocol::Envelope& envelope = decoded.envelope();
    if (!protocol::maySend(protocol::Role::Agent, envelope.type())) {
        ++m_counters.forbidden;
        logDrop(m_counters.forbidden, "security: seat {} sent a {} message, which only the console may send; "
                "rejected; {} so far", seatKey, protocol::toString(envelope.type()), m_counters.forbidden);
        reject(seatKey, routingId, envelope.messageId, protocol::ErrorCode::NotAllowed,
               "only the console may send this message type");
        return;
    }
    ++m_counters.received;
    if (m_handler)
        m_handler(seatKey, envelope);
}

void ConsoleBus::reject(const std::string& seatKey, const std::string& routingId, std::uint64_t inReplyTo,
                        protocol::ErrorCode code, const std::string& text)
{
    if (m_routingIdByKey.count(seatKey) && m_routingIdByKey.at(seatKey) == routingId)
        sendTo(routingId, protocol::Error{code, text.substr(0, protocol::limits::kMaxErrorTextBytes), inReplyTo});
}

ConsoleBus::SendStatus ConsoleBus::send(const std::string& seatKey, protocol::Body body)
{
    const auto route = m_routingIdByKey.find(seatKey);
    if (route == m_routingIdByKey.end() || !m_socket)
        return SendStatus::NotConnected;  // also while the socket is being rebuilt
    const SendStatus status = sendTo(route->second, std::move(body));
    if (status == SendStatus::NotConnected)
        forgetSeat(seatKey);
    return status;
}

ConsoleBus::SendStatus ConsoleBus::sendTo(const std::string& routingId, protocol::Body body)
{
    const protocol::Bytes bytes = protocol::encode(protocol::Envelope{m_nextMessageId++, std::move(body)});
    SendStatus status = SendStatus::Sent;
    try {
        if (!m_socket->send(zmq::buffer(routingId), zmq::send_flags::sndmore | zmq::send_flags::dontwait))
            status = SendStatus::Congested;
        else if (!m_socket->send(zmq::buffer(bytes), zmq::send_flags::dontwait))
            status = SendStatus::Congested;
    } catch (const zmq::error_t& e) {
        status = e.num() == EHOSTUNREACH ? SendStatus::NotConnected : SendStatus::Congested;
    }
    if (status == SendStatus::Sent)
        ++m_counters.sent;
    else
        ++m_counters.sendFailures;
    m_watcher->poke();
    return status;
}

void ConsoleBus::forgetSeat(const std::string& seatKey)
{
    const auto route = m_routingIdByKey.find(seatKey);
    if (route == m_routingIdByKey.end())
        return;
    m_keyByRoutingId.erase(route->second);
    m_routingIdByKey.erase(route);
}

std::string ConsoleBus::routingIdOf(const std::string& seatKey) const
{
    const auto route = m_routingIdByKey.find(seatKey);
    return route == m_routingIdByKey.end() ? std::string() : toHex(route->second);
}

}  // namespace classroom::bus
