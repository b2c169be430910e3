#pragma once

#include "common/Result.h"
#include "common/bus/BusOptions.h"
#include "common/bus/CurveKeys.h"
#include "common/bus/EnrollmentCode.h"
#include "common/bus/SocketMonitor.h"
#include "common/bus/SocketWatcher.h"
#include "protocol/Messages.h"

#include <QObject>
#include <QTimer>

#include <chrono>
#include <functional>
#include <memory>
#include <zmq.hpp>

namespace classroom::agent {

// Asks a console to take this PC as a seat, with the one-time code IT staff
// got from the console. Connects to the console's enrollment endpoint with the
// key pair derived from the code (so a wrong code never completes the
// handshake), sends this PC's host name, and returns the console's answer with
// its real public key. The PC's own key is the CURVE key it connects with.
class EnrollmentClient : public QObject {
    Q_OBJECT
public:
    using Done = std::function<void(Result<protocol::EnrollReply>)>;

    EnrollmentClient(zmq::context_t& context, bus::CurveKeyPair agentKeys, QObject* parent = nullptr);
    ~EnrollmentClient() override;

    // Calls `done` exactly once: with the console's reply, or after `timeout`
    // with an error that says what most likely went wrong.
    void start(const std::string& enrollEndpoint, const bus::EnrollmentCode& code, protocol::EnrollRequest request,
               std::chrono::milliseconds timeout, Done done);

private:
    void onSocketEvent(std::uint16_t event);
    void giveUp();  // says why no reply came
    void sendRequest();
    void receiveOne();
    void finish(Result<protocol::EnrollReply> result);

    zmq::context_t& m_context;
    bus::CurveKeyPair m_agentKeys;
    std::string m_endpoint;
    protocol::EnrollRequest m_request;
    Done m_done;
    std::unique_ptr<zmq::socket_t> m_socket;
    std::unique_ptr<bus::SocketMonitor> m_monitor;
    std::unique_ptr<bus::SocketWatcher> m_watcher;
    QTimer m_timeout;
    bool m_reachedConsole = false;  // a TCP connection was made
    bool m_handshakeDone = false;   // the code was right
};

// The enrollment endpoint for a console address typed by IT staff:
// "10.0.0.5", "10.0.0.5:47300" or "tcp://10.0.0.5:47300" -> the console
// endpoint (port 47300 by default) and its enrollment endpoint (port + 1).
struct ConsoleAddress {
    std::string endpoint;
    std::string enrollEndpoint;
};
Result<ConsoleAddress> parseConsoleAddress(const std::string& typed);

}  // namespace classroom::agent
