#pragma once

#include "protocol/MessageType.h"

#include <cstdint>
#include <string>
#include <vector>

// One struct per message body. Field comments give the unit and the protocol
// version that added the field; docs/protocol.md shows the encoding.
namespace classroom::protocol {

// agent -> console, v1. First message on every new connection. The seat's
// identity is NOT in here: the console takes it from the CURVE key.
struct Hello {
    std::string agentVersion;                // v1, e.g. "0.1.0", at most 64 bytes
    std::string hostName;                    // v1, as the PC reports it (informative only)
    std::vector<MessageType> capabilities;   // v1, the message types this agent understands
    bool operator==(const Hello&) const = default;
};

// The state the console wants a seat to be in. Later versions add module, page
// and open question. A snapshot is always the whole state, never a delta, so a
// seat that missed anything converges on the next one.
struct SeatState {
    std::uint64_t revision = 0;  // v1, per-seat counter, raised by every trainer change
    bool locked = false;         // v1
    std::string lockMessage;     // v1, shown on the lock screen, at most 1024 bytes
    bool operator==(const SeatState&) const = default;
};

// console -> agent, v1. Sent after Hello, after every change, and again until
// the seat reports the revision as applied.
struct StateSnapshot {
    SeatState state;
    bool operator==(const StateSnapshot&) const = default;
};

// agent -> console, v1. What the agent has actually applied (its lock screen is
// up, or down). The console shows this as the seat's confirmed state.
struct StateReport {
    SeatState applied;
    bool operator==(const StateReport&) const = default;
};

enum class ErrorCode : std::uint16_t {
    // Only append.
    MalformedMessage = 1,
    UnsupportedVersion = 2,
    UnknownMessageType = 3,
    NotAllowed = 4,        // the sender may not send this type
    NotEnrolled = 5,
    RateLimited = 6,
    Internal = 7,
};

// either direction, v1. Tells the peer why its message was not acted on.
struct Error {
    ErrorCode code = ErrorCode::Internal;  // v1
    std::string text;                      // v1, for logs, at most 1024 bytes
    std::uint64_t inReplyTo = 0;           // v1, message id of the offending message, 0 if unknown
    bool operator==(const Error&) const = default;
};

// agent -> console, v1. Sent every heartbeat interval; the console marks a seat
// offline when it hears nothing for the configured timeout.
struct Heartbeat {
    bool operator==(const Heartbeat&) const = default;
};

// agent -> console, v1. Sent on the enrollment endpoint, whose CURVE server key
// is derived from the one-time enrollment code: only a PC whose operator typed
// the right code completes the handshake at all. The PC's public key is the
// CURVE key it connected with, never a field.
struct EnrollRequest {
    std::string hostName;      // v1, informative, shown to whoever confirms the PC
    std::string agentVersion;  // v1
    bool operator==(const EnrollRequest&) const = default;
};

enum class EnrollStatus : std::uint8_t {
    // Only append.
    Accepted = 1,         // the PC waits for the trainer or IT to confirm it
    AlreadyEnrolled = 2,  // this PC's key is already a seat
    CodeUsedUp = 3,       // the code has been used for as many PCs as it allows
    TooManyWaiting = 4,   // too many PCs wait for confirmation; confirm or refuse some first
};

// console -> agent, v1. The answer to EnrollRequest. The console's real public
// key travels inside the code-keyed CURVE channel, so the PC can pin it.
struct EnrollReply {
    EnrollStatus status = EnrollStatus::Accepted;  // v1
    std::string consolePublicKey;                  // v1, Z85, 40 characters
    std::string seatName;                          // v1, the name the console will show, may be empty
    bool operator==(const EnrollReply&) const = default;
};

bool isKnownErrorCode(std::uint64_t value);
bool isKnownEnrollStatus(std::uint64_t value);

}  // namespace classroom::protocol
