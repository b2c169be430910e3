#include "common/bus/BusOptions.h"

#include "common/bus/CurveKeys.h"
#include "protocol/Limits.h"

#include <zmq.hpp>

namespace classroom::bus {

void applyCommonSocketOptions(zmq::socket_t& socket, const BusOptions& options)
{
    socket.set(zmq::sockopt::linger, 0);
    socket.set(zmq::sockopt::maxmsgsize, static_cast<int64_t>(protocol::limits::kMaxTransportFrameBytes));
    socket.set(zmq::sockopt::sndhwm, options.highWaterMark);
    socket.set(zmq::sockopt::rcvhwm, options.highWaterMark);
    socket.set(zmq::sockopt::handshake_ivl, static_cast<int>(options.handshakeTimeout.count()));
    if (options.zmtpHeartbeatInterval.count() > 0) {
        socket.set(zmq::sockopt::heartbeat_ivl, static_cast<int>(options.zmtpHeartbeatInterval.count()));
        socket.set(zmq::sockopt::heartbeat_timeout, static_cast<int>(options.zmtpHeartbeatTimeout.count()));
        socket.set(zmq::sockopt::heartbeat_ttl, static_cast<int>(options.zmtpHeartbeatTimeout.count()));
    }
}

void applyCurveClientOptions(zmq::socket_t& socket, const std::string& serverPublicKey, const CurveKeyPair& ownKeys)
{
    socket.set(zmq::sockopt::curve_serverkey, serverPublicKey);
    socket.set(zmq::sockopt::curve_publickey, ownKeys.publicKey);
    socket.set(zmq::sockopt::curve_secretkey, ownKeys.secretKey);
}

}  // namespace classroom::bus
