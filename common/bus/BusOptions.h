#pragma once

#include <chrono>
#include <cstddef>
#include <string>

namespace classroom::bus {

using namespace std::chrono_literals;

// Transport settings shared by both ends. Defaults follow the research notes
// (shared/research/bus-and-storage.md section 1).
//
// Who is online is decided by application heartbeats (agent -> console, in the
// cores). ZMTP heartbeats only make an agent notice a dead TCP connection (a
// pulled cable) and reconnect; each costs a CURVE round trip at the console,
// so they are slow, and the console sends none of its own (interval 0 = off).
struct BusOptions {
    std::chrono::milliseconds zmtpHeartbeatInterval = 5000ms;
    std::chrono::milliseconds zmtpHeartbeatTimeout = 15000ms;
    std::chrono::milliseconds handshakeTimeout = 5000ms;      // libzmq's 30 s default is far too long
    std::chrono::milliseconds reconnectInterval = 100ms;      // libzmq adds random jitter
    std::chrono::milliseconds reconnectIntervalMax = 5000ms;  // exponential backoff cap
    // After the console refused our key, libzmq gives up for good; the agent
    // recreates its socket after this delay, doubling up to the maximum.
    std::chrono::milliseconds refusedRetryInitial = 500ms;
    std::chrono::milliseconds refusedRetryMax = 10000ms;
    int highWaterMark = 1000;  // whole messages queued per peer before sends fail
    // Console only. libzmq 4.3.4 buffers a message whose frames never end
    // (MORE set forever) without limit: ZMQ_MAXMSGSIZE caps each frame, the
    // high-water mark counts only whole messages. Above this resident size the
    // console closes its ROUTER, which frees every unfinished message, and binds
    // again; agents reconnect and get their whole state. 0 turns the guard off.
    std::size_t memoryLimitBytes = std::size_t{1} << 30;
    std::chrono::milliseconds memoryCheckInterval = 250ms;
    // Console only: the ZAP domain of the listening socket, which tells the ZAP
    // handler which admission rule applies (enrolled seats, or enrollment).
    std::string zapDomain = "classroom";
};

}  // namespace classroom::bus

namespace zmq {
class socket_t;
}

namespace classroom::bus {
struct CurveKeyPair;
}

namespace classroom::bus {

// Sets what both ends configure alike: linger 0 (closing never hangs), the
// frame size cap, high-water marks, handshake timeout and ZMTP heartbeats.
void applyCommonSocketOptions(zmq::socket_t& socket, const BusOptions& options);

// Makes `socket` a CURVE client with `ownKeys` that completes a handshake only
// with the server holding the secret key of `serverPublicKey`.
void applyCurveClientOptions(zmq::socket_t& socket, const std::string& serverPublicKey, const CurveKeyPair& ownKeys);

}  // namespace classroom::bus
