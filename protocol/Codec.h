#pragma once

#include "protocol/Envelope.h"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace classroom::protocol {

using Bytes = std::vector<std::uint8_t>;

// Why a frame was rejected. Each value is counted separately by the bus.
enum class DecodeError : std::uint8_t {
    Empty = 1,           // zero bytes
    TooLarge,            // more than limits::kMaxMessageBytes, or out of memory while parsing
    Malformed,           // not msgpack, truncated, trailing bytes, or a body key twice
    LimitExceeded,       // a string, array, map or nesting depth above the limits
    BadEnvelope,         // not [version, id, type, map]
    WrongVersion,        // a protocol version this build does not speak
    UnknownType,         // a message type number this build does not know
    UnknownField,        // a body key that the message type does not define
    MissingField,        // a required body key is absent
    WrongFieldType,      // a body value of the wrong msgpack type
    InvalidValue,        // right type, but out of range, too long or not clean UTF-8
};

struct DecodeFailure {
    DecodeError error = DecodeError::Malformed;
    std::string detail;  // which field and why, for the log
};

// Either an envelope or the reason there is none. Never throws.
class DecodeResult {
public:
    DecodeResult(Envelope envelope) : m_envelope(std::move(envelope)) {}
    DecodeResult(DecodeFailure failure) : m_failure(std::move(failure)) {}

    bool ok() const { return m_envelope.has_value(); }
    const Envelope& envelope() const { return *m_envelope; }
    const DecodeFailure& failure() const { return m_failure; }

private:
    std::optional<Envelope> m_envelope;
    DecodeFailure m_failure;
};

Bytes encode(const Envelope& envelope);

// Decodes one frame. Any input, of any length and content, gives an envelope or
// a DecodeFailure; nothing escapes as an exception and nothing is allocated in
// proportion to a count the input merely claims.
DecodeResult decode(std::span<const std::uint8_t> frame);

std::string_view toString(DecodeError error);

}  // namespace classroom::protocol
