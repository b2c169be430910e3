#include "common/bus/SocketMonitor.h"

#include <atomic>
#include <cstring>
#include <string>

namespace classroom::bus {
namespace {

std::atomic<std::uint64_t> g_nextMonitor{1};

}  // namespace

SocketMonitor::SocketMonitor(zmq::context_t& context, zmq::socket_t& socket, int events, Handler handler)
    : m_socket(socket), m_handler(std::move(handler))
{
    const std::string endpoint = "inproc://classroom-monitor-" + std::to_string(g_nextMonitor++);
    if (zmq_socket_monitor(m_socket.handle(), endpoint.c_str(), events) != 0)
        throw zmq::error_t();
    m_pair = std::make_unique<zmq::socket_t>(context, zmq::socket_type::pair);
    m_pair->set(zmq::sockopt::linger, 0);
    m_pair->connect(endpoint);
    m_watcher = std::make_unique<SocketWatcher>(*m_pair, [this] { readEvent(); });
}

SocketMonitor::~SocketMonitor()
{
    m_watcher.reset();
    zmq_socket_monitor(m_socket.handle(), nullptr, 0);
}

void SocketMonitor::readEvent()
{
    // An event is [16-bit event number + 32-bit value, endpoint address].
    zmq::message_t header;
    if (!m_pair->recv(header, zmq::recv_flags::dontwait))
        return;
    if (header.more()) {
        zmq::message_t address;
        (void)m_pair->recv(address, zmq::recv_flags::dontwait);
    }
    if (header.size() < sizeof(std::uint16_t))
        return;
    std::uint16_t event = 0;
    std::memcpy(&event, header.data(), sizeof event);
    m_handler(event);
}

}  // namespace classroom::bus
