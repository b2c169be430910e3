#include "tests/support/RawClient.h"

#include "tests/support/Wait.h"

#include <cstring>
#include <span>

namespace classroom::test {

RawClient::RawClient(zmq::context_t& context, const std::string& endpoint, const Options& options)
    : m_socket(context, zmq::socket_type::dealer), m_monitor(context, zmq::socket_type::pair)
{
    m_socket.set(zmq::sockopt::linger, 0);
    m_socket.set(zmq::sockopt::maxmsgsize, int64_t{-1});
    if (options.keys) {
        m_socket.set(zmq::sockopt::curve_serverkey, options.serverKey);
        m_socket.set(zmq::sockopt::curve_publickey, options.keys->publicKey);
        m_socket.set(zmq::sockopt::curve_secretkey, options.keys->secretKey);
    }
    if (!options.routingId.empty())
        m_socket.set(zmq::sockopt::routing_id, zmq::buffer(options.routingId));
    const std::string monitorEndpoint = "inproc://raw-client-monitor-" + std::to_string(reinterpret_cast<std::uintptr_t>(this));
    zmq_socket_monitor(m_socket.handle(), monitorEndpoint.c_str(),
                       ZMQ_EVENT_HANDSHAKE_SUCCEEDED | ZMQ_EVENT_HANDSHAKE_FAILED_AUTH |
                           ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL | ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL |
                           ZMQ_EVENT_DISCONNECTED);
    m_monitor.set(zmq::sockopt::linger, 0);
    m_monitor.connect(monitorEndpoint);
    m_socket.connect(endpoint);
}

RawClient::~RawClient()
{
    zmq_socket_monitor(m_socket.handle(), nullptr, 0);
}

bool RawClient::sendFrames(const std::vector<std::string>& frames)
{
    for (std::size_t i = 0; i < frames.size(); ++i) {
        const auto flags = (i + 1 < frames.size() ? zmq::send_flags::sndmore : zmq::send_flags::none) |
                           zmq::send_flags::dontwait;
        if (!m_socket.send(zmq::buffer(frames[i]), flags))
            return false;
    }
    return true;
}

bool RawClient::sendUnfinishedFrames(const std::string& frame, int count)
{
    for (int i = 0; i < count; ++i)
        if (!m_socket.send(zmq::buffer(frame), zmq::send_flags::sndmore | zmq::send_flags::dontwait))
            return false;
    return true;
}

bool RawClient::sendMessage(protocol::Body body, std::uint64_t messageId)
{
    const protocol::Bytes bytes = protocol::encode(protocol::Envelope{messageId, std::move(body)});
    return sendFrames({std::string(bytes.begin(), bytes.end())});
}

std::optional<std::vector<std::string>> RawClient::receive(std::chrono::milliseconds timeout)
{
    std::vector<std::string> frames;
    const bool got = waitUntil(
        [&] {
            zmq::message_t frame;
            if (!m_socket.recv(frame, zmq::recv_flags::dontwait))
                return false;
            frames.push_back(frame.to_string());
            while (frame.more()) {
                if (!m_socket.recv(frame, zmq::recv_flags::none))
                    break;
                frames.push_back(frame.to_string());
            }
            return true;
        },
        timeout);
    if (!got)
        return std::nullopt;
    return frames;
}

std::optional<protocol::Envelope> RawClient::receiveMessage(std::chrono::milliseconds timeout)
{
    auto frames = receive(timeout);
    if (!frames || frames->size() != 1)
        return std::nullopt;
    const auto& bytes = frames->front();
    auto decoded = protocol::decode(std::span(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()));
    if (!decoded.ok())
        return std::nullopt;
    return decoded.envelope();
}

void RawClient::pollMonitor()
{
    zmq::message_t header;
    while (m_monitor.recv(header, zmq::recv_flags::dontwait)) {
        zmq::message_t address;
        if (header.more())
            (void)m_monitor.recv(address, zmq::recv_flags::none);
        std::uint16_t event = 0;
        std::memcpy(&event, header.data(), sizeof event);
        switch (event) {
        case ZMQ_EVENT_HANDSHAKE_SUCCEEDED: m_handshake = Handshake::Succeeded; break;
        case ZMQ_EVENT_HANDSHAKE_FAILED_AUTH: m_handshake = Handshake::FailedAuth; break;
        case ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL:
        case ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL: m_handshake = Handshake::FailedOther; break;
        case ZMQ_EVENT_DISCONNECTED: m_disconnected = true; break;
        default: break;
        }
    }
}

RawClient::Handshake RawClient::waitForHandshake(std::chrono::milliseconds timeout)
{
    waitUntil(
        [&] {
            pollMonitor();
            return m_handshake != Handshake::Pending;
        },
        timeout);
    return m_handshake;
}

}  // namespace classroom::test
