#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace classroom::protocol {

// The protocol version this build speaks. A peer announcing another version is
// ignored; the console also answers it with Error(UnsupportedVersion).
inline constexpr std::uint16_t kProtocolVersion = 1;

// Every message type on the wire, with its number.
// Only append to the end. Never insert in between, renumber or remove an entry:
// the numbers are what old and new peers agree on.
enum class MessageType : std::uint16_t {
    Hello = 1,          // agent -> console, v1
    StateSnapshot = 2,  // console -> agent, v1
    StateReport = 3,    // agent -> console, v1
    Error = 4,          // either direction, v1
    Heartbeat = 5,      // agent -> console, v1
    EnrollRequest = 6,  // agent -> console, v1, on the enrollment endpoint only
    EnrollReply = 7,    // console -> agent, v1, on the enrollment endpoint only
    ModuleRequest = 8,  // agent -> console, v1
    ModuleIndex = 9,    // console -> agent, v1
    ChunkRequest = 10,  // agent -> console, v1
    Chunk = 11,         // console -> agent, v1
    ModuleProgress = 12,  // agent -> console, v1
    PageView = 13,      // agent -> console, v1
    PageViewAck = 14,   // console -> agent, v1
    Answer = 15,        // agent -> console, v1
    AnswerAck = 16,     // console -> agent, v1
};

// Which side of the bus may send a given message type. Identity comes from the
// CURVE key; this table is what lets a receiver reject a message that the other
// side has no business sending (an agent posing as a console).
enum class Role : std::uint8_t { Console, Agent };

bool maySend(Role sender, MessageType type);

// The number on the wire to a known type, or nothing for an unknown number.
std::optional<MessageType> messageTypeFromWire(std::uint64_t value);

std::string_view toString(MessageType type);

}  // namespace classroom::protocol
