#include "student-agent/core/EnrollmentClient.h"

#include "protocol/Codec.h"

#include <spdlog/spdlog.h>

#include <charconv>
#include <span>

namespace classroom::agent {

EnrollmentClient::EnrollmentClient(zmq::context_t& context, bus::CurveKeyPair agentKeys, QObject* parent)
    : QObject(parent), m_context(context), m_agentKeys(std::move(agentKeys))
{
    m_timeout.setSingleShot(true);
    connect(&m_timeout, &QTimer::timeout, this, &EnrollmentClient::giveUp);
}

void EnrollmentClient::giveUp()
{
    if (m_handshakeDone)
        finish(Result<protocol::EnrollReply>::failure("the console accepted the code but did not answer; try again"));
    else if (m_reachedConsole)
        finish(Result<protocol::EnrollReply>::failure(
            "the console at " + m_endpoint + " did not accept this code: it is mistyped, has expired, or was "
            "replaced by a newer one. Check the code on the console's screen"));
    else
        finish(Result<protocol::EnrollReply>::failure(
            "no console answers at " + m_endpoint + ": check the address, that the console runs and shows an "
            "enrollment code, and that the firewall lets this port through"));
}

EnrollmentClient::~EnrollmentClient()
{
    m_watcher.reset();
    m_monitor.reset();
}

void EnrollmentClient::start(const std::string& enrollEndpoint, const bus::EnrollmentCode& code,
                             protocol::EnrollRequest request, std::chrono::milliseconds timeout, Done done)
{
    m_endpoint = enrollEndpoint;
    m_request = std::move(request);
    m_done = std::move(done);
    try {
        bus::BusOptions options;
        options.zmtpHeartbeatInterval = std::chrono::milliseconds(0);
        auto socket = std::make_unique<zmq::socket_t>(m_context, zmq::socket_type::dealer);
        bus::applyCommonSocketOptions(*socket, options);
        socket->set(zmq::sockopt::immediate, 1);
        bus::applyCurveClientOptions(*socket, code.serverKeys().publicKey, m_agentKeys);
        socket->set(zmq::sockopt::reconnect_ivl, 200);
        socket->set(zmq::sockopt::reconnect_ivl_max, 1000);
        m_monitor = std::make_unique<bus::SocketMonitor>(
            m_context, *socket, ZMQ_EVENT_CONNECTED | ZMQ_EVENT_HANDSHAKE_SUCCEEDED | ZMQ_EVENT_DISCONNECTED,
            [this](std::uint16_t event) { onSocketEvent(event); });
        socket->connect(enrollEndpoint);
        m_socket = std::move(socket);
        m_watcher = std::make_unique<bus::SocketWatcher>(*m_socket, [this] { receiveOne(); });
    } catch (const zmq::error_t& e) {
        m_monitor.reset();
        QTimer::singleShot(0, this, [this, what = std::string(e.what())] {
            finish(Result<protocol::EnrollReply>::failure("cannot connect to " + m_endpoint + ": " + what));
        });
        return;
    }
    m_timeout.start(timeout);
}

void EnrollmentClient::onSocketEvent(std::uint16_t event)
{
    if (event == ZMQ_EVENT_CONNECTED) {
        m_reachedConsole = true;
    } else if (event == ZMQ_EVENT_DISCONNECTED && !m_handshakeDone) {
        // The console hung up during the handshake: it could not read our
        // greeting, so the code is not the one it serves. Trying again would
        // only use up the console's allowance of wrong codes.
        QTimer::singleShot(0, this, &EnrollmentClient::giveUp);
    } else if (event == ZMQ_EVENT_HANDSHAKE_SUCCEEDED) {
        m_handshakeDone = true;
        // Every new handshake (a retry after a cut) asks again; the console
        // answers the same PC the same way.
        sendRequest();
    }
}

void EnrollmentClient::sendRequest()
{
    if (!m_done)
        return;
    // The handshake event can arrive a moment before libzmq lets us send on
    // the new connection; try again shortly rather than lose the request.
    const protocol::Bytes bytes = protocol::encode(protocol::Envelope{1, m_request});
    bool sent = false;
    try {
        sent = m_socket->send(zmq::buffer(bytes), zmq::send_flags::dontwait).has_value();
    } catch (const zmq::error_t&) {
        sent = false;
    }
    spdlog::debug("enrollment request {}", sent ? "sent" : "not sent yet");
    if (!sent)
        QTimer::singleShot(20, this, &EnrollmentClient::sendRequest);
    m_watcher->poke();
}

void EnrollmentClient::receiveOne()
{
    zmq::message_t payload;
    if (!m_socket->recv(payload, zmq::recv_flags::dontwait))
        return;
    if (payload.more())
        return;  // not a reply; the rest is dropped with the socket
    const protocol::DecodeResult decoded =
        protocol::decode(std::span(static_cast<const std::uint8_t*>(payload.data()), payload.size()));
    if (!decoded.ok()) {
        spdlog::warn("ignored an undecodable enrollment reply: {}", decoded.failure().detail);
        return;
    }
    if (const auto* reply = protocol::bodyAs<protocol::EnrollReply>(decoded.envelope()))
        finish(Result<protocol::EnrollReply>::success(*reply));
    else if (const auto* error = protocol::bodyAs<protocol::Error>(decoded.envelope()))
        finish(Result<protocol::EnrollReply>::failure("the console refused the request: " + error->text));
}

void EnrollmentClient::finish(Result<protocol::EnrollReply> result)
{
    if (!m_done)
        return;
    m_timeout.stop();
    Done done = std::move(m_done);
    m_done = nullptr;
    done(std::move(result));
}

Result<ConsoleAddress> parseConsoleAddress(const std::string& typed)
{
    using R = Result<ConsoleAddress>;
    std::string rest = typed;
    if (rest.rfind("tcp://", 0) == 0)
        rest = rest.substr(6);
    if (rest.empty() || rest.find_first_of(" /\t") != std::string::npos)
        return R::failure("'" + typed + "' is not a console address (expected HOST or HOST:PORT, e.g. 10.0.0.5:47300)");
    std::string host = rest;
    std::string portText;
    if (rest[0] == '[') {  // [IPv6]:port
        const auto close = rest.find(']');
        if (close == std::string::npos)
            return R::failure("'" + typed + "' lacks the closing ']' of its address");
        host = rest.substr(0, close + 1);
        if (close + 1 < rest.size()) {
            if (rest[close + 1] != ':')
                return R::failure("'" + typed + "' is not a console address (expected [ADDRESS]:PORT)");
            portText = rest.substr(close + 2);
        }
    } else if (const auto colon = rest.find(':'); colon != std::string::npos) {
        if (rest.find(':', colon + 1) != std::string::npos)
            return R::failure("write an IPv6 address in brackets: [" + rest + "]:47300");
        host = rest.substr(0, colon);
        portText = rest.substr(colon + 1);
    }
    int port = 47300;
    if (!portText.empty() || host.size() != rest.size()) {
        const auto [end, error] = std::from_chars(portText.data(), portText.data() + portText.size(), port);
        if (portText.empty() || error != std::errc() || end != portText.data() + portText.size() || port < 1 || port > 65534)
            return R::failure("'" + portText + "' is not a port number (1 to 65534) in '" + typed + "'");
    }
    if (host.empty())
        return R::failure("'" + typed + "' has no host name or address");
    return R::success({"tcp://" + host + ":" + std::to_string(port), "tcp://" + host + ":" + std::to_string(port + 1)});
}

}  // namespace classroom::agent
