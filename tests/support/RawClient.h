#pragma once

#include "common/bus/CurveKeys.h"
#include "protocol/Codec.h"

#include <chrono>
#include <optional>
#include <string>
#include <vector>
#include <zmq.hpp>

namespace classroom::test {

// A hand-made peer for hostile tests: a plain DEALER that may use CURVE or
// not, may pick its own routing id, and sends whatever bytes a test wants.
// All waits run the Qt event loop, so a console in the same thread keeps
// working while the test waits.
class RawClient {
public:
    struct Options {
        std::optional<bus::CurveKeyPair> keys;  // no keys: no CURVE at all
        std::string serverKey;
        std::string routingId;                  // empty: let libzmq choose
    };
    enum class Handshake { Pending, Succeeded, FailedAuth, FailedOther };

    RawClient(zmq::context_t& context, const std::string& endpoint, const Options& options);
    ~RawClient();

    bool sendFrames(const std::vector<std::string>& frames);
    // Sends `count` copies of `frame`, every one with the MORE flag: a message
    // that never ends.
    bool sendUnfinishedFrames(const std::string& frame, int count);
    bool sendMessage(protocol::Body body, std::uint64_t messageId = 1);

    // The next whole message, or nothing within `timeout`.
    std::optional<std::vector<std::string>> receive(std::chrono::milliseconds timeout);
    std::optional<protocol::Envelope> receiveMessage(std::chrono::milliseconds timeout);

    // Waits for the handshake outcome (or returns Pending on timeout).
    Handshake waitForHandshake(std::chrono::milliseconds timeout);
    bool disconnected() { pollMonitor(); return m_disconnected; }

private:
    void pollMonitor();

    zmq::socket_t m_socket;
    zmq::socket_t m_monitor;
    Handshake m_handshake = Handshake::Pending;
    bool m_disconnected = false;
};

}  // namespace classroom::test
