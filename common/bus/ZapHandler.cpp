#include "common/bus/ZapHandler.h"

#include <spdlog/spdlog.h>

#include <array>
#include <vector>

namespace classroom::bus {
namespace {

constexpr const char* kZapEndpoint = "inproc://zeromq.zap.01";
constexpr std::size_t kRequestFrames = 7;  // version, id, domain, address, identity, mechanism, key
constexpr std::size_t kMaxFramesRead = 16;

}  // namespace

ZapHandler::ZapHandler(zmq::context_t& context, Policy isAllowed, QObject* parent)
    : QObject(parent), m_context(context), m_isAllowed(std::move(isAllowed))
{
}

ZapHandler::~ZapHandler()
{
    m_watcher.reset();  // the notifier goes before the socket it watches
}

bool ZapHandler::start(std::string* error)
{
    try {
        m_socket = std::make_unique<zmq::socket_t>(m_context, zmq::socket_type::rep);
        m_socket->set(zmq::sockopt::linger, 0);
        m_socket->bind(kZapEndpoint);
    } catch (const zmq::error_t& e) {
        m_socket.reset();
        if (error)
            *error = std::string("cannot start the key check (ZAP): ") + e.what();
        return false;
    }
    m_watcher = std::make_unique<SocketWatcher>(*m_socket, [this] { handleRequest(); });
    return true;
}

void ZapHandler::handleRequest()
{
    std::vector<zmq::message_t> frames;
    bool more = true;
    while (more) {
        zmq::message_t frame;
        if (!m_socket->recv(frame, zmq::recv_flags::dontwait))
            return;
        more = frame.more();
        if (frames.size() < kMaxFramesRead)
            frames.push_back(std::move(frame));
    }
    // A REP socket must answer every request, even a malformed one.
    const std::string requestId = frames.size() > 1 ? frames[1].to_string() : std::string();
    bool allow = false;
    std::string reason = "not a CURVE request";
    std::string clientKey;
    std::string address;
    std::string domain;
    if (frames.size() == kRequestFrames && frames[0].to_string_view() == "1.0" &&
        frames[5].to_string_view() == "CURVE" && frames[6].size() == 32) {
        std::array<char, 41> z85{};
        zmq_z85_encode(z85.data(), static_cast<const std::uint8_t*>(frames[6].data()), 32);
        clientKey = z85.data();
        domain = frames[2].to_string();
        address = frames[3].to_string();
        allow = m_isAllowed(domain, clientKey, address);
        reason = allow ? "OK" : "key not enrolled";
    }

    const std::array<std::string, 6> reply = {"1.0", requestId, allow ? "200" : "400", reason,
                                              allow ? clientKey : std::string(), std::string()};
    for (std::size_t i = 0; i < reply.size(); ++i) {
        const auto flags = i + 1 < reply.size() ? zmq::send_flags::sndmore : zmq::send_flags::none;
        m_socket->send(zmq::buffer(reply[i]), flags | zmq::send_flags::dontwait);
    }
    m_watcher->poke();

    if (allow) {
        ++m_admitted;
    } else {
        ++m_refused;
        spdlog::info("refused a connection to {} from {} (key {}): {}", domain.empty() ? "?" : domain,
                     address.empty() ? "?" : address, clientKey.empty() ? "none" : clientKey, reason);
        if (!clientKey.empty())
            Q_EMIT keyRefused(QString::fromStdString(domain), QString::fromStdString(clientKey),
                              QString::fromStdString(address));
    }
}

}  // namespace classroom::bus
