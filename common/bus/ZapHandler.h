#pragma once

#include "common/bus/SocketWatcher.h"

#include <QObject>

#include <functional>
#include <memory>
#include <string>
#include <zmq.hpp>

namespace classroom::bus {

// Answers libzmq's ZAP requests (RFC 27) for every CURVE server socket in one
// context: a client key that `isAllowed` accepts is admitted and its Z85 public
// key becomes the User-Id of each of its messages; anything else (unknown key,
// NULL or PLAIN mechanism, malformed request) is refused with 400.
//
// Without a ZAP handler libzmq lets ANY CURVE key in (and gives its messages no
// User-Id), so the console binds this before its ROUTER, and the bus drops every
// message without a User-Id as a second, independent guard.
class ZapHandler : public QObject {
    Q_OBJECT
public:
    // `domain` is the ZAP domain of the socket the client connects to, so one
    // handler can apply a different rule per listening socket.
    using Policy = std::function<bool(const std::string& domain, const std::string& clientKeyZ85,
                                      const std::string& peerAddress)>;

    ZapHandler(zmq::context_t& context, Policy isAllowed, QObject* parent = nullptr);
    ~ZapHandler() override;

    // Binds inproc://zeromq.zap.01. Fails if another handler owns it.
    bool start(std::string* error);

    quint64 admitted() const { return m_admitted; }
    quint64 refused() const { return m_refused; }

Q_SIGNALS:
    // A CURVE client with a key the policy did not admit (a new PC waiting for
    // approval, or a stranger). Emitted for every attempt.
    void keyRefused(const QString& domain, const QString& clientKeyZ85, const QString& peerAddress);

private:
    void handleRequest();

    zmq::context_t& m_context;
    Policy m_isAllowed;
    std::unique_ptr<zmq::socket_t> m_socket;
    std::unique_ptr<SocketWatcher> m_watcher;
    quint64 m_admitted = 0;
    quint64 m_refused = 0;
};

}  // namespace classroom::bus
