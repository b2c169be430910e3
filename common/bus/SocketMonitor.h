#pragma once

#include "common/bus/SocketWatcher.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <zmq.hpp>

namespace classroom::bus {

// Delivers libzmq's socket events (handshake succeeded or failed, connection
// lost) to a callback, through the Qt event loop. Destroy it before the socket
// it watches.
class SocketMonitor {
public:
    using Handler = std::function<void(std::uint16_t event)>;

    // `events` is a mask of ZMQ_EVENT_* values. Throws zmq::error_t.
    SocketMonitor(zmq::context_t& context, zmq::socket_t& socket, int events, Handler handler);
    ~SocketMonitor();
    SocketMonitor(const SocketMonitor&) = delete;
    SocketMonitor& operator=(const SocketMonitor&) = delete;

private:
    void readEvent();

    zmq::socket_t& m_socket;
    Handler m_handler;
    std::unique_ptr<zmq::socket_t> m_pair;
    std::unique_ptr<SocketWatcher> m_watcher;
};

}  // namespace classroom::bus
