// The decoder's contract with a hostile peer: every kind of malformed frame is
// rejected with its own DecodeError, nothing throws, and nothing is allocated in
// proportion to a count or length the input merely claims. Also the two checks
// the bus applies around decode(): maySend() and isCleanUtf8().
#include "protocol/Codec.h"
#include "protocol/Limits.h"
#include "protocol/Utf8.h"

#include <gtest/gtest.h>
#include <msgpack.hpp>

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <random>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace classroom::protocol {
namespace {

// ------------------------------------------------------------ frame builder
// Hand-crafts msgpack the encoder would never produce.

using Packer = msgpack::packer<msgpack::sbuffer>;
using Value = std::function<void(Packer&)>;
using Fields = std::vector<std::pair<std::string, Value>>;

Value uint(std::uint64_t v) { return [v](Packer& p) { p.pack_uint64(v); }; }
Value sint(std::int64_t v) { return [v](Packer& p) { p.pack_int64(v); }; }
// msgpack-c writes a whole-numbered double as an integer; use fractions.
Value real(double v) { return [v](Packer& p) { p.pack_double(v); }; }
Value boolean(bool v) { return [v](Packer& p) { v ? p.pack_true() : p.pack_false(); }; }
Value nil() { return [](Packer& p) { p.pack_nil(); }; }

Value text(std::string v)
{
    return [v](Packer& p) {
        p.pack_str(static_cast<std::uint32_t>(v.size()));
        p.pack_str_body(v.data(), static_cast<std::uint32_t>(v.size()));
    };
}

Value binary(std::string v)
{
    return [v](Packer& p) {
        p.pack_bin(static_cast<std::uint32_t>(v.size()));
        p.pack_bin_body(v.data(), static_cast<std::uint32_t>(v.size()));
    };
}

Value array(std::vector<Value> items)
{
    return [items](Packer& p) {
        p.pack_array(static_cast<std::uint32_t>(items.size()));
        for (const Value& item : items)
            item(p);
    };
}

Value mapOf(Fields fields)
{
    return [fields](Packer& p) {
        p.pack_map(static_cast<std::uint32_t>(fields.size()));
        for (const auto& [key, value] : fields) {
            text(key)(p);
            value(p);
        }
    };
}

Bytes pack(const Value& value)
{
    msgpack::sbuffer buffer;
    Packer packer(buffer);
    value(packer);
    const auto* data = reinterpret_cast<const std::uint8_t*>(buffer.data());
    return Bytes(data, data + buffer.size());
}

Bytes envelope(std::uint64_t version, std::uint64_t type, const Value& body)
{
    return pack(array({uint(version), uint(7), uint(type), body}));
}

Bytes frameOf(MessageType type, const Fields& fields)
{
    return envelope(kProtocolVersion, static_cast<std::uint64_t>(type), mapOf(fields));
}

// A complete, valid body for each type; tests break one thing in it.
Fields validFields(MessageType type)
{
    switch (type) {
    case MessageType::Hello:
        return {{"agent_version", text("0.1.0")}, {"host_name", text("pc-07")}, {"capabilities", array({uint(2)})}};
    case MessageType::StateSnapshot:
    case MessageType::StateReport:
        return {{"revision", uint(3)}, {"locked", boolean(true)}, {"lock_message", text("Eyes front")}};
    case MessageType::Error:
        return {{"code", uint(4)}, {"text", text("no")}, {"in_reply_to", uint(9)}};
    case MessageType::Heartbeat:
        return {};
    case MessageType::EnrollRequest:
        return {{"host_name", text("pc-07")}, {"agent_version", text("0.1.0")}};
    case MessageType::EnrollReply:
        return {{"status", uint(1)}, {"console_key", text(std::string(40, 'k'))}, {"seat_name", text("PC 7")}};
    case MessageType::ModuleRequest:
        return {{"module", text(std::string(64, 'a'))}};
    case MessageType::ModuleIndex:
        return {{"module", text(std::string(64, 'a'))}, {"total_bytes", uint(10)}, {"chunk_bytes", uint(262144)},
                {"chunk_hashes", binary(std::string(32, 'h'))}, {"title", text("Staying safe online")}};
    case MessageType::ChunkRequest:
        return {{"module", text(std::string(64, 'a'))}, {"index", uint(3)}};
    case MessageType::Chunk:
        return {{"module", text(std::string(64, 'a'))}, {"index", uint(3)}, {"data", binary("bytes")}};
    case MessageType::ModuleProgress:
        return {{"module", text(std::string(64, 'a'))}, {"status", uint(1)}, {"done_bytes", uint(5)},
                {"total_bytes", uint(10)}, {"reason", text("")}};
    case MessageType::PageView:
        return {{"view_id", uint(77)}, {"module", text(std::string(64, 'a'))}, {"page", uint(2)},
                {"opened_at_ms", uint(1700000000000)}, {"duration_ms", uint(4200)}};
    case MessageType::PageViewAck:
        return {{"view_ids", array({uint(77), uint(78)})}};
    case MessageType::Answer:
        return {{"answer_id", uint(91)}, {"quiz", uint(5)}, {"question", uint(2)},
                {"choices", array({uint(0), uint(3)})}, {"text", text("Paris")},
                {"answered_at_ms", uint(1700000000000)}};
    case MessageType::AnswerAck:
        return {{"status", uint(1)}, {"answer_ids", array({uint(91), uint(92)})}, {"reason", text("")}};
    }
    return {};
}

// A seat state with a module and a quiz: the six quiz keys and the module's three.
Fields quizStateFields()
{
    return {{"revision", uint(3)}, {"locked", boolean(false)}, {"lock_message", text("")},
            {"module", text(std::string(64, 'b'))}, {"page", uint(0)}, {"free_browsing", boolean(false)},
            {"quiz", uint(5)}, {"quiz_live", boolean(true)}, {"questions", array({uint(2), uint(4)})},
            {"quiz_open", boolean(true)}, {"reveal", boolean(false)}, {"closes_in_ms", uint(30000)}};
}

const char* const kQuizKeys[] = {"quiz", "quiz_live", "questions", "quiz_open", "reveal", "closes_in_ms"};

Fields with(Fields fields, const std::string& key, Value value)
{
    for (auto& field : fields) {
        if (field.first == key) {
            field.second = std::move(value);
            return fields;
        }
    }
    fields.emplace_back(key, std::move(value));
    return fields;
}

Fields without(Fields fields, const std::string& key)
{
    std::erase_if(fields, [&key](const auto& field) { return field.first == key; });
    return fields;
}

std::vector<MessageType> allMessageTypes()
{
    std::vector<MessageType> types;
    for (std::uint64_t number = 1; auto type = messageTypeFromWire(number); ++number)
        types.push_back(*type);
    return types;
}

// One valid encoded frame per type, as the encoder writes it.
std::vector<Bytes> validFrames()
{
    return {
        encode(Envelope{1, Hello{"0.1.0", "pc-07", {MessageType::StateSnapshot, MessageType::Error}}}),
        encode(Envelope{2, StateSnapshot{SeatState{42, true, "Eyes front – 👀"}}}),
        encode(Envelope{3, StateReport{SeatState{UINT64_MAX, false, ""}}}),
        encode(Envelope{4, Error{ErrorCode::NotAllowed, "no", 9}}),
        encode(Envelope{5, Heartbeat{}}),
        encode(Envelope{6, EnrollRequest{"pc-07", "0.1.0"}}),
        encode(Envelope{7, EnrollReply{EnrollStatus::Accepted, std::string(40, 'k'), "PC 7"}}),
        encode(Envelope{8, StateSnapshot{SeatState{9, false, "", std::string(64, 'b'), 1, false, 5, true, {2, 4}, true,
                                                   false, 30000}}}),
        encode(Envelope{9, Answer{91, 5, 2, {0, 3}, "Paris – près de la Seine", 1700000000000}}),
        encode(Envelope{10, AnswerAck{AnswerStatus::StoredLate, {91, 92}, ""}}),
    };
}

std::string hex(std::span<const std::uint8_t> bytes)
{
    std::string out;
    char digits[4];
    for (std::size_t i = 0; i < bytes.size() && i < 64; ++i) {
        std::snprintf(digits, sizeof digits, "%02x ", bytes[i]);
        out += digits;
    }
    return bytes.size() > 64 ? out + "..." : out;
}

// Rejected, for the expected reason, with a detail fit for a log line and for
// the Error text the console sends back.
::testing::AssertionResult rejectedWith(std::span<const std::uint8_t> frame, DecodeError expected)
{
    const DecodeResult result = decode(frame);
    if (result.ok())
        return ::testing::AssertionFailure() << "accepted as " << toString(result.envelope().type()) << ": "
                                             << hex(frame);
    const DecodeFailure& failure = result.failure();
    if (failure.error != expected)
        return ::testing::AssertionFailure() << "rejected as " << toString(failure.error) << " (" << failure.detail
                                             << "), expected " << toString(expected) << ": " << hex(frame);
    if (failure.detail.empty() || !isCleanUtf8(failure.detail))
        return ::testing::AssertionFailure() << "the failure detail is empty or not printable";
    return ::testing::AssertionSuccess();
}

// ------------------------------------------------------------ size and syntax

TEST(CodecRejectsBadInput, HandCraftedValidFramesAreAccepted)
{
    // The builder itself is sound, so each rejection below is for the one
    // thing the test broke.
    for (MessageType type : allMessageTypes()) {
        const DecodeResult result = decode(frameOf(type, validFields(type)));
        ASSERT_TRUE(result.ok()) << toString(type) << ": " << result.failure().detail;
        EXPECT_EQ(result.envelope().type(), type);
    }
}

TEST(CodecRejectsBadInput, EmptyFrameIsRejected)
{
    EXPECT_TRUE(rejectedWith({}, DecodeError::Empty));
}

TEST(CodecRejectsBadInput, FrameAboveTheSizeLimitIsRejected)
{
    // The size check comes first: even a well-formed start does not help.
    Bytes frame = validFrames()[0];
    frame.resize(limits::kMaxMessageBytes + 1, 0xc0);
    EXPECT_TRUE(rejectedWith(frame, DecodeError::TooLarge));
    EXPECT_TRUE(rejectedWith(Bytes(limits::kMaxTransportFrameBytes, 0x00), DecodeError::TooLarge));
}

TEST(CodecRejectsBadInput, FrameOfExactlyTheSizeLimitIsNotRejectedForItsSize)
{
    Bytes frame = validFrames()[0];
    frame.resize(limits::kMaxMessageBytes, 0xc0);
    EXPECT_TRUE(rejectedWith(frame, DecodeError::Malformed));  // trailing bytes, not TooLarge
}

TEST(CodecRejectsBadInput, GarbageBytesAreRejected)
{
    EXPECT_TRUE(rejectedWith(Bytes{0xc1}, DecodeError::Malformed));  // the one byte msgpack never uses
    EXPECT_TRUE(rejectedWith(Bytes{0x94, 0xc1, 0x01, 0x05, 0x80}, DecodeError::Malformed));
    const std::string http = "GET / HTTP/1.1\r\n\r\n";
    EXPECT_TRUE(rejectedWith(Bytes(http.begin(), http.end()), DecodeError::Malformed));
}

TEST(CodecRejectsBadInput, EveryTruncationOfAValidFrameIsRejected)
{
    for (const Bytes& frame : validFrames()) {
        EXPECT_TRUE(rejectedWith(std::span(frame).first(0), DecodeError::Empty));
        for (std::size_t length = 1; length < frame.size(); ++length)
            EXPECT_TRUE(rejectedWith(std::span(frame).first(length), DecodeError::Malformed)) << "prefix " << length;
    }
}

TEST(CodecRejectsBadInput, TrailingBytesAreRejected)
{
    for (const Bytes& frame : validFrames()) {
        Bytes padded = frame;
        padded.push_back(0x00);
        EXPECT_TRUE(rejectedWith(padded, DecodeError::Malformed));
        Bytes twice = frame;
        twice.insert(twice.end(), frame.begin(), frame.end());
        EXPECT_TRUE(rejectedWith(twice, DecodeError::Malformed));
    }
}

// ------------------------------------------------------------ envelope

TEST(CodecRejectsBadInput, EnvelopeThatIsNotAnArrayIsRejected)
{
    EXPECT_TRUE(rejectedWith(pack(uint(1)), DecodeError::BadEnvelope));
    EXPECT_TRUE(rejectedWith(pack(nil()), DecodeError::BadEnvelope));
    EXPECT_TRUE(rejectedWith(pack(text("hello")), DecodeError::BadEnvelope));
    EXPECT_TRUE(rejectedWith(pack(mapOf({{"version", uint(1)}, {"type", uint(5)}})), DecodeError::BadEnvelope));
}

TEST(CodecRejectsBadInput, EnvelopeWithWrongArityIsRejected)
{
    EXPECT_TRUE(rejectedWith(pack(array({})), DecodeError::BadEnvelope));
    EXPECT_TRUE(rejectedWith(pack(array({uint(1), uint(7), uint(5)})), DecodeError::BadEnvelope));
    EXPECT_TRUE(rejectedWith(pack(array({uint(1), uint(7), uint(5), mapOf({}), uint(0)})), DecodeError::BadEnvelope));
}

TEST(CodecRejectsBadInput, EnvelopeHeaderThatIsNotAnUnsignedIntegerIsRejected)
{
    const Value body = mapOf({});
    EXPECT_TRUE(rejectedWith(pack(array({text("1"), uint(7), uint(5), body})), DecodeError::BadEnvelope));
    EXPECT_TRUE(rejectedWith(pack(array({sint(-1), uint(7), uint(5), body})), DecodeError::BadEnvelope));
    EXPECT_TRUE(rejectedWith(pack(array({uint(1), sint(-7), uint(5), body})), DecodeError::BadEnvelope));
    EXPECT_TRUE(rejectedWith(pack(array({uint(1), nil(), uint(5), body})), DecodeError::BadEnvelope));
    EXPECT_TRUE(rejectedWith(pack(array({uint(1), uint(7), real(5.5), body})), DecodeError::BadEnvelope));
    EXPECT_TRUE(rejectedWith(pack(array({uint(1), uint(7), text("Heartbeat"), body})), DecodeError::BadEnvelope));
}

TEST(CodecRejectsBadInput, WrongProtocolVersionIsRejected)
{
    for (std::uint64_t version : {std::uint64_t{0}, std::uint64_t{2}, std::uint64_t{65535}, UINT64_MAX})
        EXPECT_TRUE(rejectedWith(envelope(version, 5, mapOf({})), DecodeError::WrongVersion)) << version;
}

TEST(CodecRejectsBadInput, UnknownMessageTypeIsRejected)
{
    const std::uint64_t firstUnused = allMessageTypes().size() + 1;
    for (std::uint64_t type : {std::uint64_t{0}, firstUnused, std::uint64_t{65535}, std::uint64_t{65536}, UINT64_MAX})
        EXPECT_TRUE(rejectedWith(envelope(kProtocolVersion, type, mapOf({})), DecodeError::UnknownType)) << type;
}

TEST(CodecRejectsBadInput, BodyThatIsNotAMapIsRejected)
{
    for (MessageType type : allMessageTypes()) {
        const auto number = static_cast<std::uint64_t>(type);
        EXPECT_TRUE(rejectedWith(envelope(kProtocolVersion, number, array({})), DecodeError::BadEnvelope));
        EXPECT_TRUE(rejectedWith(envelope(kProtocolVersion, number, nil()), DecodeError::BadEnvelope));
        EXPECT_TRUE(rejectedWith(envelope(kProtocolVersion, number, text("{}")), DecodeError::BadEnvelope));
    }
}

// ------------------------------------------------------------ body keys

TEST(CodecRejectsBadInput, NonStringBodyKeyIsRejected)
{
    // {1: true}, then a bin key that spells a real field name.
    const Value intKey = [](Packer& p) { p.pack_map(1); p.pack_uint64(1); p.pack_true(); };
    EXPECT_TRUE(rejectedWith(envelope(kProtocolVersion, 5, intKey), DecodeError::BadEnvelope));
    const Value binKey = [](Packer& p) {
        p.pack_map(3);
        binary("revision")(p);
        p.pack_uint64(1);
        text("locked")(p);
        p.pack_true();
        text("lock_message")(p);
        text("")(p);
    };
    EXPECT_TRUE(rejectedWith(envelope(kProtocolVersion, 2, binKey), DecodeError::BadEnvelope));
}

TEST(CodecRejectsBadInput, DuplicateBodyKeyIsRejected)
{
    for (MessageType type : allMessageTypes()) {
        const Fields fields = validFields(type);
        if (fields.empty())
            continue;
        Fields twice = fields;
        twice.push_back(fields.front());
        EXPECT_TRUE(rejectedWith(frameOf(type, twice), DecodeError::Malformed)) << toString(type);
    }
    // A second, different value must not sneak past a check made on the first.
    Fields sneaky = validFields(MessageType::StateSnapshot);
    sneaky.emplace_back("lock_message", uint(0));
    EXPECT_TRUE(rejectedWith(frameOf(MessageType::StateSnapshot, sneaky), DecodeError::Malformed));
}

TEST(CodecRejectsBadInput, UnknownBodyKeyIsRejected)
{
    // In v1 a key the type does not define is an error, not ignored; above all
    // no message carries a claim of who sent it.
    for (MessageType type : allMessageTypes()) {
        EXPECT_TRUE(rejectedWith(frameOf(type, with(validFields(type), "seat_id", text("seat-17"))),
                                 DecodeError::UnknownField))
            << toString(type);
        EXPECT_TRUE(rejectedWith(frameOf(type, with(validFields(type), "", nil())), DecodeError::UnknownField))
            << toString(type);
    }
    // Keys are case-sensitive.
    const Fields renamed = with(without(validFields(MessageType::StateReport), "locked"), "Locked", boolean(true));
    EXPECT_TRUE(rejectedWith(frameOf(MessageType::StateReport, renamed), DecodeError::UnknownField));
}

TEST(CodecRejectsBadInput, MissingBodyKeyIsRejected)
{
    for (MessageType type : allMessageTypes()) {
        for (const auto& [key, value] : validFields(type)) {
            EXPECT_TRUE(rejectedWith(frameOf(type, without(validFields(type), key)), DecodeError::MissingField))
                << toString(type) << " without " << key;
        }
    }
}

// ------------------------------------------------------------ body values

TEST(CodecRejectsBadInput, WrongFieldTypeIsRejected)
{
    const struct {
        MessageType type;
        const char* key;
        Value value;
    } cases[] = {
        {MessageType::StateSnapshot, "revision", text("1")},
        {MessageType::StateSnapshot, "revision", sint(-1)},
        {MessageType::StateSnapshot, "revision", real(1.5)},
        {MessageType::StateSnapshot, "revision", nil()},
        {MessageType::StateSnapshot, "locked", uint(1)},
        {MessageType::StateSnapshot, "locked", text("true")},
        {MessageType::StateReport, "locked", nil()},
        {MessageType::StateReport, "lock_message", uint(0)},
        {MessageType::StateReport, "lock_message", binary("Eyes front")},
        {MessageType::Hello, "agent_version", uint(1)},
        {MessageType::Hello, "host_name", nil()},
        {MessageType::Hello, "capabilities", mapOf({})},
        {MessageType::Hello, "capabilities", uint(2)},
        {MessageType::Hello, "capabilities", array({uint(2), text("Error")})},
        {MessageType::Hello, "capabilities", array({sint(-1)})},
        {MessageType::Hello, "capabilities", array({array({uint(2)})})},
        {MessageType::Error, "code", text("4")},
        {MessageType::Error, "text", array({})},
        {MessageType::Error, "in_reply_to", sint(-9)},
        {MessageType::EnrollRequest, "host_name", uint(7)},
        {MessageType::EnrollReply, "status", text("1")},
        {MessageType::EnrollReply, "console_key", binary(std::string(40, 'k'))},
        {MessageType::EnrollReply, "seat_name", nil()},
        {MessageType::Answer, "answer_id", sint(-1)},
        {MessageType::Answer, "quiz", text("5")},
        {MessageType::Answer, "question", real(2.5)},
        {MessageType::Answer, "choices", uint(0)},
        {MessageType::Answer, "choices", mapOf({})},
        {MessageType::Answer, "choices", array({text("0")})},
        {MessageType::Answer, "choices", array({sint(-1)})},
        {MessageType::Answer, "choices", array({real(0.5)})},
        {MessageType::Answer, "choices", array({uint(0), nil()})},
        {MessageType::Answer, "choices", array({boolean(true)})},
        {MessageType::Answer, "text", nil()},
        {MessageType::Answer, "text", binary("Paris")},
        {MessageType::Answer, "answered_at_ms", sint(-1700000000000)},
        {MessageType::AnswerAck, "status", text("1")},
        {MessageType::AnswerAck, "answer_ids", uint(91)},
        {MessageType::AnswerAck, "answer_ids", array({sint(-91)})},
        {MessageType::AnswerAck, "answer_ids", array({text("91")})},
        {MessageType::AnswerAck, "reason", array({})},
    };
    for (const auto& c : cases) {
        EXPECT_TRUE(rejectedWith(frameOf(c.type, with(validFields(c.type), c.key, c.value)), DecodeError::WrongFieldType))
            << toString(c.type) << "." << c.key;
    }
}

TEST(CodecRejectsBadInput, StringOverAFieldLimitIsRejected)
{
    const struct {
        MessageType type;
        const char* key;
        std::size_t limit;
    } cases[] = {
        {MessageType::Hello, "agent_version", limits::kMaxAgentVersionBytes},
        {MessageType::Hello, "host_name", limits::kMaxHostNameBytes},
        {MessageType::StateSnapshot, "lock_message", limits::kMaxLockMessageBytes},
        {MessageType::StateReport, "lock_message", limits::kMaxLockMessageBytes},
        {MessageType::Error, "text", limits::kMaxErrorTextBytes},
        {MessageType::EnrollRequest, "host_name", limits::kMaxHostNameBytes},
        {MessageType::EnrollRequest, "agent_version", limits::kMaxAgentVersionBytes},
        {MessageType::EnrollReply, "seat_name", limits::kMaxSeatNameBytes},
        {MessageType::Answer, "text", limits::kMaxAnswerTextBytes},
        {MessageType::AnswerAck, "reason", limits::kMaxReasonBytes},
    };
    for (const auto& c : cases) {
        const Fields atLimit = with(validFields(c.type), c.key, text(std::string(c.limit, 'a')));
        EXPECT_TRUE(decode(frameOf(c.type, atLimit)).ok()) << c.key;
        const Fields over = with(validFields(c.type), c.key, text(std::string(c.limit + 1, 'a')));
        EXPECT_TRUE(rejectedWith(frameOf(c.type, over), DecodeError::InvalidValue)) << c.key;
        // The limit is in bytes, not characters.
        const Fields multiByte = with(validFields(c.type), c.key, text(std::string(c.limit - 1, 'a') + "é"));
        EXPECT_TRUE(rejectedWith(frameOf(c.type, multiByte), DecodeError::InvalidValue)) << c.key;
    }
}

TEST(CodecRejectsBadInput, NumberOutOfRangeIsRejected)
{
    const auto hello = [](Value capabilities) {
        return frameOf(MessageType::Hello, with(validFields(MessageType::Hello), "capabilities", std::move(capabilities)));
    };
    EXPECT_TRUE(rejectedWith(hello(array({uint(65536)})), DecodeError::InvalidValue));
    EXPECT_TRUE(rejectedWith(hello(array({uint(UINT64_MAX)})), DecodeError::InvalidValue));
    for (std::uint64_t code : {std::uint64_t{0}, std::uint64_t{8}, std::uint64_t{65535}, std::uint64_t{65536}}) {
        EXPECT_TRUE(rejectedWith(frameOf(MessageType::Error, with(validFields(MessageType::Error), "code", uint(code))),
                                 DecodeError::InvalidValue))
            << code;
    }
}

TEST(CodecRejectsBadInput, EnrollReplyWithAnUnknownStatusOrAShortKeyIsRejected)
{
    const auto reply = [](const char* key, Value value) {
        return frameOf(MessageType::EnrollReply, with(validFields(MessageType::EnrollReply), key, std::move(value)));
    };
    for (std::uint64_t status : {std::uint64_t{0}, std::uint64_t{5}, std::uint64_t{255}, std::uint64_t{256}})
        EXPECT_TRUE(rejectedWith(reply("status", uint(status)), DecodeError::InvalidValue)) << status;
    EXPECT_TRUE(rejectedWith(reply("console_key", text(std::string(39, 'k'))), DecodeError::InvalidValue));
    EXPECT_TRUE(rejectedWith(reply("console_key", text(std::string(41, 'k'))), DecodeError::InvalidValue));
    EXPECT_TRUE(rejectedWith(reply("console_key", text("")), DecodeError::InvalidValue));
}

TEST(CodecRejectsBadInput, TooManyCapabilitiesAreRejected)
{
    const auto capabilities = [](std::size_t count) {
        return frameOf(MessageType::Hello, with(validFields(MessageType::Hello), "capabilities",
                                                array(std::vector<Value>(count, uint(2)))));
    };
    EXPECT_TRUE(decode(capabilities(limits::kMaxCapabilities)).ok());
    EXPECT_TRUE(rejectedWith(capabilities(limits::kMaxCapabilities + 1), DecodeError::InvalidValue));
}

TEST(CodecRejectsBadInput, InvalidUtf8InATextFieldIsRejected)
{
    const char* broken[] = {
        "\xc3\x28",          // lead byte without its continuation
        "caf\xc3",           // truncated at the end
        "\x80",              // lone continuation byte
        "\xc0\xaf",          // overlong '/'
        "\xe0\x80\xaf",      // overlong '/', three bytes
        "\xed\xa0\x80",      // UTF-16 surrogate U+D800
        "\xf4\x90\x80\x80",  // U+110000, above Unicode
        "\xff",              // never valid
    };
    const std::pair<MessageType, const char*> fields[] = {
        {MessageType::Hello, "agent_version"}, {MessageType::Hello, "host_name"},
        {MessageType::StateSnapshot, "lock_message"}, {MessageType::StateReport, "lock_message"},
        {MessageType::Error, "text"}, {MessageType::Answer, "text"}, {MessageType::AnswerAck, "reason"},
    };
    for (const auto& [type, key] : fields) {
        for (const char* bad : broken) {
            EXPECT_TRUE(rejectedWith(frameOf(type, with(validFields(type), key, text(std::string("ok ") + bad))),
                                     DecodeError::InvalidValue))
                << key << ": " << hex(std::span(reinterpret_cast<const std::uint8_t*>(bad), std::strlen(bad)));
        }
    }
}

TEST(CodecRejectsBadInput, ControlCharactersInATextFieldAreRejected)
{
    // An escape sequence or a NUL must never reach the trainer's screen or a log.
    const std::string controls[] = {
        std::string("a\0b", 3), "\x1b[2J", "line\rover", "\x07", "\x7f", "\xc2\x9b" /* C1 CSI */,
    };
    for (const std::string& bad : controls) {
        EXPECT_TRUE(rejectedWith(frameOf(MessageType::Hello, with(validFields(MessageType::Hello), "host_name", text(bad))),
                                 DecodeError::InvalidValue));
        EXPECT_TRUE(rejectedWith(frameOf(MessageType::StateReport,
                                         with(validFields(MessageType::StateReport), "lock_message", text(bad))),
                                 DecodeError::InvalidValue));
        EXPECT_TRUE(rejectedWith(frameOf(MessageType::Answer,
                                         with(validFields(MessageType::Answer), "text", text(bad))),
                                 DecodeError::InvalidValue));
    }
}

// ------------------------------------------------------------ structure limits

TEST(CodecRejectsBadInput, ArrayOverTheCountLimitIsRejected)
{
    const auto capabilities = [](std::size_t count) {
        return frameOf(MessageType::Hello, with(validFields(MessageType::Hello), "capabilities",
                                                array(std::vector<Value>(count, uint(2)))));
    };
    // At the structure limit it parses and fails only the Hello field limit.
    EXPECT_TRUE(rejectedWith(capabilities(limits::kMaxArrayLength), DecodeError::InvalidValue));
    EXPECT_TRUE(rejectedWith(capabilities(limits::kMaxArrayLength + 1), DecodeError::LimitExceeded));
    // An envelope array16 header claiming one element too many.
    EXPECT_TRUE(rejectedWith(Bytes{0xdc, 0x01, 0x01}, DecodeError::LimitExceeded));
}

TEST(CodecRejectsBadInput, MapOverThePairLimitIsRejected)
{
    Fields many;
    for (std::size_t i = 0; i < limits::kMaxMapPairs; ++i)
        many.emplace_back(std::to_string(i), uint(i));
    // At the limit it parses and fails on the unknown keys; one more pair
    // fails before any key is looked at.
    EXPECT_TRUE(rejectedWith(frameOf(MessageType::Heartbeat, many), DecodeError::UnknownField));
    many.emplace_back("one-too-many", uint(0));
    EXPECT_TRUE(rejectedWith(frameOf(MessageType::Heartbeat, many), DecodeError::LimitExceeded));
}

TEST(CodecRejectsBadInput, StringOverTheStructureLimitIsRejected)
{
    // Longer than any msgpack string this build accepts, though well inside the
    // frame size limit: as a value and as a key.
    const std::string huge(limits::kMaxStringBytes + 1, 'x');
    EXPECT_TRUE(rejectedWith(frameOf(MessageType::StateSnapshot,
                                     with(validFields(MessageType::StateSnapshot), "lock_message", text(huge))),
                             DecodeError::LimitExceeded));
    EXPECT_TRUE(rejectedWith(frameOf(MessageType::Heartbeat, {{huge, nil()}}), DecodeError::LimitExceeded));
}

TEST(CodecRejectsBadInput, ExtensionTypesAreRejected)
{
    // No field is a msgpack ext; the decoder admits none (ext limit 0).
    const Value ext = [](Packer& p) {
        p.pack_ext(1, 42);
        p.pack_ext_body("\x01", 1);
    };
    EXPECT_TRUE(rejectedWith(frameOf(MessageType::Heartbeat, {{"x", ext}}), DecodeError::LimitExceeded));
    EXPECT_TRUE(rejectedWith(Bytes{0xd4, 0x01, 0x00}, DecodeError::LimitExceeded));
}

TEST(CodecRejectsBadInput, NestingTooDeepIsRejected)
{
    const auto nested = [](std::size_t arrays) {
        Value v = uint(2);
        for (std::size_t i = 0; i < arrays; ++i)
            v = array({v});
        return frameOf(MessageType::Hello, with(validFields(MessageType::Hello), "capabilities", v));
    };
    // envelope > body > capabilities > [2]: four containers, within kMaxDepth,
    // so it parses and fails the field type check.
    EXPECT_TRUE(rejectedWith(nested(2), DecodeError::WrongFieldType));
    // One container more fails in the parser.
    EXPECT_TRUE(rejectedWith(nested(3), DecodeError::LimitExceeded));
    // A pile of fixarray(1) headers, and of fixmap(1) headers with int keys.
    Bytes arrays(100000, 0x91);
    arrays.push_back(0x01);
    EXPECT_TRUE(rejectedWith(arrays, DecodeError::LimitExceeded));
    Bytes maps;
    for (int i = 0; i < 50000; ++i)
        maps.insert(maps.end(), {0x81, 0x01});
    maps.push_back(0x01);
    EXPECT_TRUE(rejectedWith(maps, DecodeError::LimitExceeded));
}

// ------------------------------------------------------------ huge claims
// These run in a child process whose address space may grow by only
// kHeadroomBytes. A decoder that reserved what the input claims (tens of GB)
// would fail to allocate there and report TooLarge, or be killed, instead of
// giving the expected error.

constexpr std::size_t kHeadroomBytes = 256u << 20;

void capAddressSpaceGrowth(std::size_t headroom)
{
    long pages = 0;
    if (std::FILE* statm = std::fopen("/proc/self/statm", "r")) {
        if (std::fscanf(statm, "%ld", &pages) != 1)
            pages = 0;
        std::fclose(statm);
    }
    if (pages <= 0)
        std::_Exit(3);
    rlimit limit{};
    getrlimit(RLIMIT_AS, &limit);
    limit.rlim_cur = static_cast<rlim_t>(pages) * static_cast<rlim_t>(sysconf(_SC_PAGESIZE)) + headroom;
    if (setrlimit(RLIMIT_AS, &limit) != 0)
        std::_Exit(4);
}

void expectRejectedWithoutAllocating(const Bytes& frame, DecodeError expected)
{
    EXPECT_EXIT(
        {
            capAddressSpaceGrowth(kHeadroomBytes);
            const DecodeResult result = decode(frame);
            std::_Exit(!result.ok() && result.failure().error == expected ? 0 : 1);
        },
        ::testing::ExitedWithCode(0), "")
        << hex(frame);
    // Only once the capped run showed that it is safe, in this process too (for
    // the detail check).
    if (!::testing::Test::HasFailure()) {
        EXPECT_TRUE(rejectedWith(frame, expected));
    }
}

TEST(CodecRejectsHugeClaimsDeathTest, MsgpackOutOfMemoryInputIsRejectedWithoutAllocating)
{
    // The 11 bytes libFuzzer found against msgpack-c's default limits: a map
    // whose first key claims an array of 0x760ba365 elements (about 47 GB).
    expectRejectedWithoutAllocating(Bytes{0x85, 0xdd, 0x76, 0x0b, 0xa3, 0x65, 0x73, 0x92, 0x85, 0xa8, 0xa1},
                                    DecodeError::LimitExceeded);
}

TEST(CodecRejectsHugeClaimsDeathTest, HugeArrayClaimIsRejectedWithoutAllocating)
{
    expectRejectedWithoutAllocating(Bytes{0xdd, 0xff, 0xff, 0xff, 0xff}, DecodeError::LimitExceeded);
    // As the body of an otherwise valid envelope.
    expectRejectedWithoutAllocating(Bytes{0x94, 0x01, 0x07, 0x01, 0xdd, 0xff, 0xff, 0xff, 0xff},
                                    DecodeError::LimitExceeded);
}

TEST(CodecRejectsHugeClaimsDeathTest, HugeMapClaimIsRejectedWithoutAllocating)
{
    expectRejectedWithoutAllocating(Bytes{0xdf, 0xff, 0xff, 0xff, 0xff}, DecodeError::LimitExceeded);
    expectRejectedWithoutAllocating(Bytes{0x94, 0x01, 0x07, 0x05, 0xdf, 0xff, 0xff, 0xff, 0xff},
                                    DecodeError::LimitExceeded);
}

TEST(CodecRejectsHugeClaimsDeathTest, HugeStringClaimIsRejectedWithoutAllocating)
{
    // msgpack-c waits for a string's bytes before it copies them; 4 GB of them
    // never come, so these are truncated frames.
    expectRejectedWithoutAllocating(Bytes{0xdb, 0xff, 0xff, 0xff, 0xff}, DecodeError::Malformed);
    expectRejectedWithoutAllocating(Bytes{0xc6, 0xff, 0xff, 0xff, 0xff}, DecodeError::Malformed);  // bin32
    expectRejectedWithoutAllocating(Bytes{0xc9, 0xff, 0xff, 0xff, 0xfe, 0x01}, DecodeError::Malformed);  // ext32
    // Inside a body, as a key.
    expectRejectedWithoutAllocating(Bytes{0x94, 0x01, 0x07, 0x05, 0x81, 0xdb, 0xff, 0xff, 0xff, 0xff},
                                    DecodeError::Malformed);
}

// ------------------------------------------------------------ never throws

TEST(CodecRejectsBadInput, DecodingRandomBytesNeverThrows)
{
    std::mt19937_64 random(20240601);
    std::uniform_int_distribution<std::size_t> length(0, 64);
    std::uniform_int_distribution<int> byte(0, 255);
    std::size_t accepted = 0;
    for (int i = 0; i < 100000; ++i) {
        Bytes frame(length(random));
        for (auto& b : frame)
            b = static_cast<std::uint8_t>(byte(random));
        try {
            accepted += decode(frame).ok() ? 1 : 0;
        } catch (...) {
            FAIL() << "decode threw on " << hex(frame);
        }
    }
    EXPECT_LT(accepted, 100u);  // random bytes are almost never a message
}

TEST(CodecRejectsBadInput, DecodingMutatedFramesNeverThrowsAndWhatIsAcceptedRoundTrips)
{
    // Random bytes die at the first byte; flipping bytes in valid frames gets
    // deep into the body checks.
    const std::vector<Bytes> seeds = validFrames();
    std::mt19937_64 random(7);
    std::uniform_int_distribution<int> byte(0, 255);
    std::size_t accepted = 0;
    for (int i = 0; i < 100000; ++i) {
        Bytes frame = seeds[static_cast<std::size_t>(i) % seeds.size()];
        const int edits = 1 + static_cast<int>(random() % 3);
        for (int e = 0; e < edits; ++e)
            frame[random() % frame.size()] = static_cast<std::uint8_t>(byte(random));
        try {
            const DecodeResult first = decode(frame);
            if (!first.ok())
                continue;
            ++accepted;
            const DecodeResult second = decode(encode(first.envelope()));
            ASSERT_TRUE(second.ok()) << "re-encoding an accepted frame made it invalid: " << hex(frame);
            ASSERT_TRUE(second.envelope() == first.envelope()) << "round trip changed " << hex(frame);
        } catch (...) {
            FAIL() << "decode threw on " << hex(frame);
        }
    }
    EXPECT_GT(accepted, 0u);
}

TEST(CodecRejectsBadInput, EveryDecodeErrorHasItsOwnName)
{
    std::vector<std::string_view> names;
    for (int e = static_cast<int>(DecodeError::Empty); e <= static_cast<int>(DecodeError::InvalidValue); ++e) {
        const std::string_view name = toString(static_cast<DecodeError>(e));
        EXPECT_NE(name, "unknown");
        EXPECT_EQ(std::count(names.begin(), names.end(), name), 0) << name;
        names.push_back(name);
    }
}

// ------------------------------------------------------------ roles

TEST(MaySend, AgentsMaySendOnlyAgentMessages)
{
    EXPECT_TRUE(maySend(Role::Agent, MessageType::Hello));
    EXPECT_TRUE(maySend(Role::Agent, MessageType::StateReport));
    EXPECT_TRUE(maySend(Role::Agent, MessageType::Heartbeat));
    EXPECT_TRUE(maySend(Role::Agent, MessageType::Error));
    EXPECT_TRUE(maySend(Role::Agent, MessageType::EnrollRequest));
    EXPECT_TRUE(maySend(Role::Agent, MessageType::Answer));
    EXPECT_FALSE(maySend(Role::Agent, MessageType::StateSnapshot));
    EXPECT_FALSE(maySend(Role::Agent, MessageType::EnrollReply));
    EXPECT_FALSE(maySend(Role::Agent, MessageType::AnswerAck));
}

TEST(MaySend, ConsoleMaySendOnlyConsoleMessages)
{
    EXPECT_TRUE(maySend(Role::Console, MessageType::StateSnapshot));
    EXPECT_TRUE(maySend(Role::Console, MessageType::Error));
    EXPECT_TRUE(maySend(Role::Console, MessageType::EnrollReply));
    EXPECT_TRUE(maySend(Role::Console, MessageType::AnswerAck));
    EXPECT_FALSE(maySend(Role::Console, MessageType::EnrollRequest));
    EXPECT_FALSE(maySend(Role::Console, MessageType::Answer));
    EXPECT_FALSE(maySend(Role::Console, MessageType::Hello));
    EXPECT_FALSE(maySend(Role::Console, MessageType::StateReport));
    EXPECT_FALSE(maySend(Role::Console, MessageType::Heartbeat));
}

TEST(MaySend, EveryTypeHasASenderAndNoUnknownTypeHasOne)
{
    for (MessageType type : allMessageTypes())
        EXPECT_TRUE(maySend(Role::Agent, type) || maySend(Role::Console, type)) << toString(type);
    const auto unknown = static_cast<MessageType>(allMessageTypes().size() + 1);
    EXPECT_FALSE(maySend(Role::Agent, unknown));
    EXPECT_FALSE(maySend(Role::Console, unknown));
}

// ------------------------------------------------------------ UTF-8

TEST(IsCleanUtf8, PlainAndMultiByteTextIsClean)
{
    EXPECT_TRUE(isCleanUtf8(""));
    EXPECT_TRUE(isCleanUtf8("Eyes front, please."));
    EXPECT_TRUE(isCleanUtf8("tab\tand\nnewline"));
    EXPECT_TRUE(isCleanUtf8("\xc2\xa0"));          // U+00A0, first after the C1 block
    EXPECT_TRUE(isCleanUtf8("\xdf\xbf"));          // U+07FF, largest two-byte
    EXPECT_TRUE(isCleanUtf8("\xe0\xa0\x80"));      // U+0800, smallest three-byte
    EXPECT_TRUE(isCleanUtf8("\xed\x9f\xbf"));      // U+D7FF, just below the surrogates
    EXPECT_TRUE(isCleanUtf8("\xee\x80\x80"));      // U+E000, just above them
    EXPECT_TRUE(isCleanUtf8("\xef\xbf\xbf"));      // U+FFFF
    EXPECT_TRUE(isCleanUtf8("\xf0\x90\x80\x80"));  // U+10000, smallest four-byte
    EXPECT_TRUE(isCleanUtf8("\xf0\x9f\x98\x80"));  // U+1F600 😀
    EXPECT_TRUE(isCleanUtf8("\xf4\x8f\xbf\xbf"));  // U+10FFFF, the last code point
    EXPECT_TRUE(isCleanUtf8("Übung – 日本語 – 😀"));
}

TEST(IsCleanUtf8, OverlongEncodingsAreRejected)
{
    EXPECT_FALSE(isCleanUtf8("\xc0\x80"));          // NUL in two bytes
    EXPECT_FALSE(isCleanUtf8("\xc1\xbf"));          // U+007F in two bytes
    EXPECT_FALSE(isCleanUtf8("\xe0\x80\xaf"));      // '/' in three bytes
    EXPECT_FALSE(isCleanUtf8("\xe0\x9f\xbf"));      // U+07FF in three bytes
    EXPECT_FALSE(isCleanUtf8("\xf0\x80\x80\xaf"));  // '/' in four bytes
    EXPECT_FALSE(isCleanUtf8("\xf0\x8f\xbf\xbf"));  // U+FFFF in four bytes
}

TEST(IsCleanUtf8, SurrogatesAreRejected)
{
    EXPECT_FALSE(isCleanUtf8("\xed\xa0\x80"));              // U+D800
    EXPECT_FALSE(isCleanUtf8("\xed\xbf\xbf"));              // U+DFFF
    EXPECT_FALSE(isCleanUtf8("\xed\xa0\xbd\xed\xb8\x80"));  // CESU-8 pair for U+1F600
}

TEST(IsCleanUtf8, CodePointsAboveUnicodeAreRejected)
{
    EXPECT_FALSE(isCleanUtf8("\xf4\x90\x80\x80"));      // U+110000
    EXPECT_FALSE(isCleanUtf8("\xf7\xbf\xbf\xbf"));      // U+1FFFFF
    EXPECT_FALSE(isCleanUtf8("\xf8\x88\x80\x80\x80"));  // old five-byte form
    EXPECT_FALSE(isCleanUtf8("\xfc\x84\x80\x80\x80\x80"));
    EXPECT_FALSE(isCleanUtf8("\xfe"));
    EXPECT_FALSE(isCleanUtf8("\xff"));
}

TEST(IsCleanUtf8, BrokenSequencesAreRejected)
{
    EXPECT_FALSE(isCleanUtf8("\x80"));           // continuation without a lead
    EXPECT_FALSE(isCleanUtf8("a\xbf" "b"));
    EXPECT_FALSE(isCleanUtf8("\xc3"));           // lead at the very end
    EXPECT_FALSE(isCleanUtf8("\xe2\x82"));       // three-byte sequence cut short
    EXPECT_FALSE(isCleanUtf8("\xf0\x9f\x98"));   // four-byte sequence cut short
    EXPECT_FALSE(isCleanUtf8("\xc3\x28"));       // lead followed by ASCII
    EXPECT_FALSE(isCleanUtf8("\xe2\x28\xa1"));
    // A cut-short sequence must not read past the end of the view.
    const std::string longer = "ok\xe2\x82\xac";
    EXPECT_FALSE(isCleanUtf8(std::string_view(longer).substr(0, 4)));
    EXPECT_TRUE(isCleanUtf8(longer));
}

TEST(IsCleanUtf8, ControlCharactersAreRejected)
{
    for (int c = 0; c < 0x20; ++c) {
        const std::string one(1, static_cast<char>(c));
        EXPECT_EQ(isCleanUtf8(one), c == '\t' || c == '\n') << "C0 control " << c;
    }
    EXPECT_FALSE(isCleanUtf8("\x7f"));  // DEL
    for (int c = 0x80; c < 0xa0; ++c) {
        const std::string c1 = {static_cast<char>(0xc2), static_cast<char>(c)};
        EXPECT_FALSE(isCleanUtf8(c1)) << "C1 control " << c;
    }
    EXPECT_FALSE(isCleanUtf8(std::string_view("a\0b", 3)));
}

// ------------------------------------------------------------ modules

TEST(CodecRejectsBadInput, ModuleIdsThatAreNotSixtyFourLowerCaseHexAreRejected)
{
    for (const std::string& bad : {std::string(63, 'a'), std::string(65, 'a'), std::string(64, 'A'),
                                  std::string(63, 'a') + "g", std::string("../../etc/passwd") + std::string(48, 'a')}) {
        SCOPED_TRACE(bad);
        const auto id = text(bad);
        const DecodeError expected = bad.size() > 64 ? DecodeError::InvalidValue : DecodeError::InvalidValue;
        EXPECT_TRUE(rejectedWith(frameOf(MessageType::ModuleRequest, {{"module", id}}), expected));
        EXPECT_TRUE(rejectedWith(frameOf(MessageType::ChunkRequest, with(validFields(MessageType::ChunkRequest), "module", id)),
                                 expected));
        EXPECT_TRUE(rejectedWith(frameOf(MessageType::StateSnapshot,
                                         {{"revision", uint(1)}, {"locked", boolean(false)}, {"lock_message", text("")},
                                          {"module", id}, {"page", uint(0)}, {"free_browsing", boolean(false)}}),
                                 expected));
    }
}

TEST(CodecRejectsBadInput, ModuleKeysOfASeatStateComeTogether)
{
    // A page without a module means nothing: refused rather than guessed.
    EXPECT_TRUE(rejectedWith(frameOf(MessageType::StateSnapshot, with(validFields(MessageType::StateSnapshot), "page", uint(2))),
                             DecodeError::MissingField));
    EXPECT_TRUE(rejectedWith(frameOf(MessageType::StateSnapshot,
                                     with(validFields(MessageType::StateSnapshot), "module", text(std::string(64, 'b')))),
                             DecodeError::MissingField));
}

TEST(CodecRejectsBadInput, ChunksAndChunkListsAboveTheirLimitsAreRejected)
{
    const std::string oversized(limits::kMaxChunkBytes + 1, 'x');
    EXPECT_TRUE(rejectedWith(frameOf(MessageType::Chunk, with(validFields(MessageType::Chunk), "data", binary(oversized))),
                             DecodeError::InvalidValue));
    EXPECT_TRUE(rejectedWith(frameOf(MessageType::Chunk, with(validFields(MessageType::Chunk), "data", text("not binary"))),
                             DecodeError::WrongFieldType));
    EXPECT_TRUE(rejectedWith(frameOf(MessageType::ModuleIndex,
                                     with(validFields(MessageType::ModuleIndex), "chunk_hashes", binary(std::string(33, 'h')))),
                             DecodeError::InvalidValue));
    EXPECT_TRUE(rejectedWith(frameOf(MessageType::ModuleIndex,
                                     with(validFields(MessageType::ModuleIndex), "chunk_bytes", uint(0))),
                             DecodeError::InvalidValue));
    EXPECT_TRUE(rejectedWith(frameOf(MessageType::ChunkRequest,
                                     with(validFields(MessageType::ChunkRequest), "index", uint(1ULL << 32))),
                             DecodeError::InvalidValue));
}

TEST(CodecRejectsBadInput, UnknownModuleStatusAndTooManyAckedViewsAreRejected)
{
    EXPECT_TRUE(rejectedWith(frameOf(MessageType::ModuleProgress, with(validFields(MessageType::ModuleProgress), "status", uint(9))),
                             DecodeError::InvalidValue));
    std::vector<Value> ids(limits::kMaxAckedViews + 1, uint(1));
    // The general array limit (256) catches it before the field limit.
    EXPECT_TRUE(rejectedWith(frameOf(MessageType::PageViewAck, {{"view_ids", array(ids)}}), DecodeError::LimitExceeded));
}

// ------------------------------------------------------------ quizzes

TEST(CodecRejectsBadInput, QuizKeysOfASeatStateComeTogetherAndOnlyWithAModule)
{
    for (MessageType type : {MessageType::StateSnapshot, MessageType::StateReport}) {
        SCOPED_TRACE(toString(type));
        ASSERT_TRUE(decode(frameOf(type, quizStateFields())).ok());
        // A partial set: any one quiz key, or the module or its page, missing.
        for (const char* key : kQuizKeys)
            EXPECT_TRUE(rejectedWith(frameOf(type, without(quizStateFields(), key)), DecodeError::MissingField)) << key;
        EXPECT_TRUE(rejectedWith(frameOf(type, without(quizStateFields(), "page")), DecodeError::MissingField));
        // A quiz without a module: its questions would be nobody's.
        const Fields noModule = without(without(without(quizStateFields(), "module"), "page"), "free_browsing");
        EXPECT_TRUE(rejectedWith(frameOf(type, noModule), DecodeError::MissingField));
        EXPECT_TRUE(rejectedWith(frameOf(type, with(validFields(type), "quiz", uint(5))), DecodeError::MissingField));
        // Quiz 0 is "no quiz": the other five keys with it are a partial set.
        EXPECT_TRUE(rejectedWith(frameOf(type, with(quizStateFields(), "quiz", uint(0))), DecodeError::MissingField));
        // Unknown keys stay unknown next to a quiz.
        EXPECT_TRUE(rejectedWith(frameOf(type, with(quizStateFields(), "learner", text("Ada"))),
                                 DecodeError::UnknownField));
    }
}

TEST(CodecRejectsBadInput, QuizStateWithWrongTypesOrOutOfRangeValuesIsRejected)
{
    const auto state = [](const char* key, Value value) {
        return frameOf(MessageType::StateSnapshot, with(quizStateFields(), key, std::move(value)));
    };
    EXPECT_TRUE(rejectedWith(state("quiz", sint(-5)), DecodeError::WrongFieldType));
    EXPECT_TRUE(rejectedWith(state("quiz_live", uint(1)), DecodeError::WrongFieldType));
    EXPECT_TRUE(rejectedWith(state("questions", uint(2)), DecodeError::WrongFieldType));
    EXPECT_TRUE(rejectedWith(state("questions", array({text("2")})), DecodeError::WrongFieldType));
    EXPECT_TRUE(rejectedWith(state("questions", array({sint(-2)})), DecodeError::WrongFieldType));
    EXPECT_TRUE(rejectedWith(state("quiz_open", nil()), DecodeError::WrongFieldType));
    EXPECT_TRUE(rejectedWith(state("reveal", text("false")), DecodeError::WrongFieldType));
    EXPECT_TRUE(rejectedWith(state("closes_in_ms", real(1.5)), DecodeError::WrongFieldType));
    EXPECT_TRUE(rejectedWith(state("questions", array({uint(1ULL << 32)})), DecodeError::InvalidValue));
    EXPECT_TRUE(rejectedWith(state("closes_in_ms", uint(1ULL << 32)), DecodeError::InvalidValue));
}

TEST(CodecRejectsBadInput, QuizWithTooManyQuestionsIsRejected)
{
    const auto questions = [](std::size_t count) {
        return frameOf(MessageType::StateSnapshot,
                       with(quizStateFields(), "questions", array(std::vector<Value>(count, uint(7)))));
    };
    EXPECT_TRUE(decode(questions(limits::kMaxQuizQuestions)).ok());
    EXPECT_TRUE(rejectedWith(questions(limits::kMaxQuizQuestions + 1), DecodeError::InvalidValue));
}

TEST(CodecRejectsBadInput, AnswerWithTooManyChoicesOrAChoiceOutOfRangeIsRejected)
{
    const auto answer = [](const char* key, Value value) {
        return frameOf(MessageType::Answer, with(validFields(MessageType::Answer), key, std::move(value)));
    };
    const Value mostChoices = array(std::vector<Value>(limits::kMaxAnswerChoices, uint(4294967295U)));
    EXPECT_TRUE(decode(answer("choices", mostChoices)).ok());
    EXPECT_TRUE(rejectedWith(answer("choices", array(std::vector<Value>(limits::kMaxAnswerChoices + 1, uint(1)))),
                             DecodeError::InvalidValue));
    EXPECT_TRUE(rejectedWith(answer("choices", array({uint(1), uint(1ULL << 32)})), DecodeError::InvalidValue));
    EXPECT_TRUE(rejectedWith(answer("question", uint(1ULL << 32)), DecodeError::InvalidValue));
}

TEST(CodecRejectsBadInput, AnswerTextOneByteOverTheCapIsRejected)
{
    const auto answer = [](std::string value) {
        return frameOf(MessageType::Answer, with(validFields(MessageType::Answer), "text", text(std::move(value))));
    };
    EXPECT_TRUE(decode(answer(std::string(limits::kMaxAnswerTextBytes, 'a'))).ok());
    EXPECT_TRUE(rejectedWith(answer(std::string(limits::kMaxAnswerTextBytes + 1, 'a')), DecodeError::InvalidValue));
    // 2048 four-byte characters fit; one more ASCII byte does not.
    std::string emoji;
    for (std::size_t i = 0; i < limits::kMaxAnswerTextBytes / 4; ++i)
        emoji += "😀";
    EXPECT_TRUE(decode(answer(emoji)).ok());
    EXPECT_TRUE(rejectedWith(answer(emoji + "."), DecodeError::InvalidValue));
    // An essay pasted from another system with CR LF line ends.
    EXPECT_TRUE(rejectedWith(answer("First line\r\nsecond line"), DecodeError::InvalidValue));
}

TEST(CodecRejectsBadInput, AnAnswerThatNamesItsLearnerOrSeatIsRejected)
{
    // The learner is whoever the trainer assigned to the seat with this CURVE
    // key; a field claiming otherwise is not read, the message is refused.
    for (const char* key : {"learner", "learner_id", "seat", "seat_id", "user"}) {
        EXPECT_TRUE(rejectedWith(frameOf(MessageType::Answer, with(validFields(MessageType::Answer), key, text("Ada"))),
                                 DecodeError::UnknownField))
            << key;
    }
}

TEST(CodecRejectsBadInput, AnswerAckWithAnUnknownStatusOrTooManyIdsIsRejected)
{
    const auto ack = [](const char* key, Value value) {
        return frameOf(MessageType::AnswerAck, with(validFields(MessageType::AnswerAck), key, std::move(value)));
    };
    for (std::uint64_t status : {std::uint64_t{0}, std::uint64_t{4}, std::uint64_t{255}, std::uint64_t{256}})
        EXPECT_TRUE(rejectedWith(ack("status", uint(status)), DecodeError::InvalidValue)) << status;
    EXPECT_TRUE(decode(ack("answer_ids", array(std::vector<Value>(limits::kMaxAckedAnswers, uint(UINT64_MAX))))).ok());
    // The general array limit (256) catches it before the field limit.
    static_assert(limits::kMaxAckedAnswers == limits::kMaxArrayLength);
    EXPECT_TRUE(rejectedWith(ack("answer_ids", array(std::vector<Value>(limits::kMaxAckedAnswers + 1, uint(1)))),
                             DecodeError::LimitExceeded));
}

TEST(CodecRejectsBadInput, AnswerAndAnswerAckWithAMissingKeyAreRejected)
{
    for (MessageType type : {MessageType::Answer, MessageType::AnswerAck}) {
        for (const auto& [key, value] : validFields(type)) {
            EXPECT_TRUE(rejectedWith(frameOf(type, without(validFields(type), key)), DecodeError::MissingField))
                << toString(type) << " without " << key;
        }
        EXPECT_TRUE(rejectedWith(frameOf(type, {}), DecodeError::MissingField)) << toString(type);
    }
}

}  // namespace
TEST(CodecRejectsBadInput, QuizKeysCannotStandInForTheModuleKeys)
{
    const Fields base = {{"revision", uint(3)}, {"locked", boolean(false)}, {"lock_message", text("")},
                         {"module", text(std::string(64, 'b'))}};
    EXPECT_TRUE(rejectedWith(frameOf(MessageType::StateSnapshot,
                                     with(with(base, "quiz_open", boolean(true)), "reveal", boolean(true))),
                             DecodeError::MissingField));
    EXPECT_TRUE(rejectedWith(frameOf(MessageType::StateReport,
                                     with(with(base, "questions", array({uint(1)})), "closes_in_ms", uint(9))),
                             DecodeError::MissingField));
}

}  // namespace classroom::protocol
