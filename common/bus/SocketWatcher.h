#pragma once

#include <QObject>
#include <QSocketNotifier>

#include <functional>
#include <zmq.hpp>

namespace classroom::bus {

// Plugs one ZeroMQ socket into the Qt event loop without polling.
//
// ZMQ_FD is edge-triggered: it signals that ZMQ_EVENTS may have changed, not
// that a message is waiting, and after any send or receive the socket can
// become readable without the fd firing again. So the watcher re-reads
// ZMQ_EVENTS after every message, drains at most kBudget messages per event-
// loop turn (a flood cannot freeze a window), reschedules itself while input
// remains, and must be poked after every send on the socket.
class SocketWatcher : public QObject {
    Q_OBJECT
public:
    // `readOne` receives and handles exactly one message; it is only called
    // when ZMQ_EVENTS says one is waiting.
    SocketWatcher(zmq::socket_t& socket, std::function<void()> readOne, QObject* parent = nullptr);

    // Call after sending on the socket: re-checks for input on the next turn.
    void poke();

    static constexpr int kBudget = 256;

private:
    void drain();
    bool readable() const;

    zmq::socket_t& m_socket;
    std::function<void()> m_readOne;
    QSocketNotifier m_notifier;
    bool m_drainScheduled = false;
};

}  // namespace classroom::bus
