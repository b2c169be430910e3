#pragma once

#include "protocol/Messages.h"

#include <cstdint>
#include <variant>

namespace classroom::protocol {

using Body = std::variant<Hello, StateSnapshot, StateReport, Error, Heartbeat, EnrollRequest, EnrollReply, ModuleRequest,
                          ModuleIndex, ChunkRequest, Chunk, ModuleProgress, PageView, PageViewAck, Answer, AnswerAck>;

// What travels in one ZeroMQ frame, encoded as the msgpack array
//   [protocol_version, message_id, message_type, body_map]
struct Envelope {
    std::uint64_t messageId = 0;  // sender-chosen, unique per sender and connection
    Body body;

    MessageType type() const;
    bool operator==(const Envelope&) const = default;
};

template <typename T>
const T* bodyAs(const Envelope& envelope)
{
    return std::get_if<T>(&envelope.body);
}

}  // namespace classroom::protocol
