#include "common/bus/SocketWatcher.h"

#include <QTimer>

namespace classroom::bus {

SocketWatcher::SocketWatcher(zmq::socket_t& socket, std::function<void()> readOne, QObject* parent)
    : QObject(parent),
      m_socket(socket),
      m_readOne(std::move(readOne)),
      m_notifier(static_cast<qintptr>(socket.get(zmq::sockopt::fd)), QSocketNotifier::Read)
{
    connect(&m_notifier, &QSocketNotifier::activated, this, &SocketWatcher::drain);
    poke();  // messages may already be queued before the first edge
}

void SocketWatcher::poke()
{
    if (m_drainScheduled)
        return;
    m_drainScheduled = true;
    QTimer::singleShot(0, this, &SocketWatcher::drain);
}

bool SocketWatcher::readable() const
{
    try {
        return (m_socket.get(zmq::sockopt::events) & ZMQ_POLLIN) != 0;
    } catch (const zmq::error_t&) {
        return false;  // context terminating
    }
}

void SocketWatcher::drain()
{
    m_drainScheduled = false;
    for (int budget = kBudget; budget > 0 && readable(); --budget)
        m_readOne();
    if (readable())
        poke();
}

}  // namespace classroom::bus
