// Every message type survives encode -> decode unchanged, including the values
// at the edges of what v1 allows: empty and limit-length strings, the largest
// ids and revisions, multi-byte UTF-8 and every capability.
#include "protocol/Codec.h"
#include "protocol/Limits.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace classroom::protocol {
namespace {

constexpr std::uint64_t kMaxU64 = std::numeric_limits<std::uint64_t>::max();

// Integers whose msgpack encoding changes width around them (fixint, uint8,
// uint16, uint32, uint64).
const std::vector<std::uint64_t> kIntegerEdges = {
    0, 1, 127, 128, 255, 256, 65535, 65536, 4294967295ULL, 4294967296ULL, kMaxU64 - 1, kMaxU64,
};

// Every type this build knows. The numbers are dense and append-only, so
// walking them from 1 finds all of them, including any added later.
std::vector<MessageType> allMessageTypes()
{
    std::vector<MessageType> types;
    for (std::uint64_t number = 1; auto type = messageTypeFromWire(number); ++number)
        types.push_back(*type);
    return types;
}

// `count` copies of `unit`, e.g. repeated("€", 3) == "€€€".
std::string repeated(std::string_view unit, std::size_t count)
{
    std::string out;
    for (std::size_t i = 0; i < count; ++i)
        out += unit;
    return out;
}

// Encodes, decodes, and checks that nothing changed: the decoded envelope
// equals the original and re-encodes to the very same bytes.
void expectRoundTrip(const Envelope& original)
{
    const Bytes bytes = encode(original);
    const DecodeResult decoded = decode(bytes);
    ASSERT_TRUE(decoded.ok()) << toString(original.type()) << " was rejected: "
                              << toString(decoded.failure().error) << " (" << decoded.failure().detail << ")";
    EXPECT_EQ(decoded.envelope().type(), original.type());
    EXPECT_EQ(decoded.envelope().messageId, original.messageId);
    EXPECT_TRUE(decoded.envelope() == original) << toString(original.type()) << " changed in the round trip";
    EXPECT_EQ(encode(decoded.envelope()), bytes) << "the encoding of " << toString(original.type()) << " is not stable";
}

TEST(CodecRoundTrip, TypicalHelloRoundTrips)
{
    expectRoundTrip(Envelope{1, Hello{"0.1.0", "pc-07", {MessageType::StateSnapshot, MessageType::Error}}});
}

TEST(CodecRoundTrip, HelloWithEmptyStringsAndNoCapabilitiesRoundTrips)
{
    expectRoundTrip(Envelope{0, Hello{"", "", {}}});
}

TEST(CodecRoundTrip, HelloWithEveryCapabilityRoundTrips)
{
    const std::vector<MessageType> every = allMessageTypes();
    ASSERT_EQ(every.size(), 16u) << "a new message type: give it a golden frame and document it";
    expectRoundTrip(Envelope{2, Hello{"0.1.0", "pc-07", every}});
}

TEST(CodecRoundTrip, HelloWithEveryFieldAtItsLimitRoundTrips)
{
    std::vector<MessageType> capabilities;
    const std::vector<MessageType> every = allMessageTypes();
    while (capabilities.size() < limits::kMaxCapabilities)
        capabilities.push_back(every[capabilities.size() % every.size()]);
    expectRoundTrip(Envelope{kMaxU64, Hello{std::string(limits::kMaxAgentVersionBytes, 'v'),
                                            std::string(limits::kMaxHostNameBytes, 'h'), capabilities}});
}

TEST(CodecRoundTrip, HelloWithMultiByteUtf8AtTheLimitRoundTrips)
{
    // 16 four-byte characters fill the 64-byte version field exactly, 85
    // three-byte ones the 255-byte host name field.
    static_assert(limits::kMaxAgentVersionBytes % 4 == 0 && limits::kMaxHostNameBytes % 3 == 0);
    expectRoundTrip(Envelope{3, Hello{repeated("😀", limits::kMaxAgentVersionBytes / 4),
                                      repeated("€", limits::kMaxHostNameBytes / 3), {MessageType::Hello}}});
    expectRoundTrip(Envelope{4, Hello{"1.0-ß", "Übungsraum 3 – 日本語 – Ωmega", {}}});
}

TEST(CodecRoundTrip, StringsAroundMsgpackHeaderWidthsRoundTrip)
{
    // fixstr holds up to 31 bytes, str8 up to 255, str16 beyond.
    for (std::size_t length : {31u, 32u, 255u, 256u, 1024u}) {
        SCOPED_TRACE(length);
        expectRoundTrip(Envelope{5, StateSnapshot{SeatState{1, true, std::string(length, 'x')}}});
    }
}

TEST(CodecRoundTrip, TypicalStateSnapshotRoundTrips)
{
    expectRoundTrip(Envelope{10, StateSnapshot{SeatState{42, true, "Eyes on the trainer, please."}}});
}

TEST(CodecRoundTrip, UnlockedStateSnapshotWithEmptyMessageRoundTrips)
{
    expectRoundTrip(Envelope{0, StateSnapshot{SeatState{0, false, ""}}});
}

TEST(CodecRoundTrip, StateSnapshotWithLargestRevisionRoundTrips)
{
    expectRoundTrip(Envelope{kMaxU64, StateSnapshot{SeatState{kMaxU64, true, "last"}}});
}

TEST(CodecRoundTrip, LockMessageAtExactlyTheLimitRoundTrips)
{
    static_assert(limits::kMaxLockMessageBytes % 4 == 0);
    expectRoundTrip(Envelope{11, StateSnapshot{SeatState{1, true, std::string(limits::kMaxLockMessageBytes, 'm')}}});
    expectRoundTrip(Envelope{12, StateSnapshot{SeatState{2, true, repeated("𝄞", limits::kMaxLockMessageBytes / 4)}}});
    // Tab and newline are the two control characters text may hold.
    expectRoundTrip(Envelope{13, StateSnapshot{SeatState{3, true, "Pause\n\tback at 10:30\n"}}});
}

TEST(CodecRoundTrip, TypicalStateReportRoundTrips)
{
    expectRoundTrip(Envelope{20, StateReport{SeatState{42, true, "Eyes on the trainer, please."}}});
}

TEST(CodecRoundTrip, StateReportWithEdgeValuesRoundTrips)
{
    expectRoundTrip(Envelope{0, StateReport{SeatState{0, false, ""}}});
    expectRoundTrip(Envelope{kMaxU64, StateReport{SeatState{kMaxU64, true,
                                                             repeated("é", limits::kMaxLockMessageBytes / 2)}}});
}

TEST(CodecRoundTrip, ErrorWithEveryCodeRoundTrips)
{
    for (std::uint64_t code = 1; code <= 7; ++code) {  // ErrorCode 1..7 in protocol v1
        ASSERT_TRUE(isKnownErrorCode(code)) << code;
        SCOPED_TRACE(code);
        expectRoundTrip(Envelope{30 + code, Error{static_cast<ErrorCode>(code), "because", code}});
    }
}

TEST(CodecRoundTrip, ErrorWithEdgeValuesRoundTrips)
{
    expectRoundTrip(Envelope{0, Error{ErrorCode::MalformedMessage, "", 0}});
    expectRoundTrip(Envelope{kMaxU64, Error{ErrorCode::Internal, std::string(limits::kMaxErrorTextBytes, 'e'), kMaxU64}});
    expectRoundTrip(Envelope{1, Error{ErrorCode::NotAllowed, repeated("ü", limits::kMaxErrorTextBytes / 2), 1}});
}

TEST(CodecRoundTrip, HeartbeatRoundTrips)
{
    expectRoundTrip(Envelope{50, Heartbeat{}});
    expectRoundTrip(Envelope{kMaxU64, Heartbeat{}});
}

TEST(CodecRoundTrip, EnrollRequestRoundTrips)
{
    expectRoundTrip(Envelope{1, EnrollRequest{"pc-07", "0.1.0"}});
    expectRoundTrip(Envelope{2, EnrollRequest{"", ""}});
    expectRoundTrip(Envelope{3, EnrollRequest{std::string(limits::kMaxHostNameBytes, 'h'), "1.2.3-rc1"}});
}

TEST(CodecRoundTrip, EnrollReplyWithEveryStatusRoundTrips)
{
    for (std::uint64_t status = 1; status <= 4; ++status) {  // EnrollStatus 1..4 in protocol v1
        ASSERT_TRUE(isKnownEnrollStatus(status)) << status;
        SCOPED_TRACE(status);
        expectRoundTrip(Envelope{status, EnrollReply{static_cast<EnrollStatus>(status), std::string(40, 'K'), "PC 12"}});
    }
    expectRoundTrip(Envelope{9, EnrollReply{EnrollStatus::Accepted, std::string(40, 'a'), ""}});
    expectRoundTrip(Envelope{9, EnrollReply{EnrollStatus::Accepted, std::string(40, 'a'),
                                            repeated("é", limits::kMaxSeatNameBytes / 2)}});
}

TEST(CodecRoundTrip, MessageIdsAcrossTheWholeRangeRoundTrip)
{
    for (std::uint64_t id : kIntegerEdges) {
        SCOPED_TRACE(id);
        expectRoundTrip(Envelope{id, Heartbeat{}});
        expectRoundTrip(Envelope{id, Hello{"0.1.0", "pc", {MessageType::Hello}}});
    }
}

TEST(CodecRoundTrip, RevisionsAndReplyIdsAcrossTheWholeRangeRoundTrip)
{
    for (std::uint64_t value : kIntegerEdges) {
        SCOPED_TRACE(value);
        expectRoundTrip(Envelope{7, StateSnapshot{SeatState{value, true, "x"}}});
        expectRoundTrip(Envelope{7, StateReport{SeatState{value, false, ""}}});
        expectRoundTrip(Envelope{7, Error{ErrorCode::RateLimited, "slow down", value}});
    }
}

TEST(CodecRoundTrip, EnvelopeTypeFollowsTheBody)
{
    EXPECT_EQ((Envelope{1, Hello{}}.type()), MessageType::Hello);
    EXPECT_EQ((Envelope{1, StateSnapshot{}}.type()), MessageType::StateSnapshot);
    EXPECT_EQ((Envelope{1, StateReport{}}.type()), MessageType::StateReport);
    EXPECT_EQ((Envelope{1, Error{}}.type()), MessageType::Error);
    EXPECT_EQ((Envelope{1, Heartbeat{}}.type()), MessageType::Heartbeat);
    EXPECT_EQ((Envelope{1, EnrollRequest{}}.type()), MessageType::EnrollRequest);
    EXPECT_EQ((Envelope{1, EnrollReply{}}.type()), MessageType::EnrollReply);
    EXPECT_EQ((Envelope{1, ModuleRequest{}}.type()), MessageType::ModuleRequest);
    EXPECT_EQ((Envelope{1, ModuleIndex{}}.type()), MessageType::ModuleIndex);
    EXPECT_EQ((Envelope{1, ChunkRequest{}}.type()), MessageType::ChunkRequest);
    EXPECT_EQ((Envelope{1, Chunk{}}.type()), MessageType::Chunk);
    EXPECT_EQ((Envelope{1, ModuleProgress{}}.type()), MessageType::ModuleProgress);
    EXPECT_EQ((Envelope{1, PageView{}}.type()), MessageType::PageView);
    EXPECT_EQ((Envelope{1, PageViewAck{}}.type()), MessageType::PageViewAck);
    EXPECT_EQ((Envelope{1, Answer{}}.type()), MessageType::Answer);
    EXPECT_EQ((Envelope{1, AnswerAck{}}.type()), MessageType::AnswerAck);
}

TEST(CodecRoundTrip, ModuleMessagesRoundTripAtTheirLimits)
{
    const std::string id(64, 'f');
    SeatState withModule{kMaxU64, true, "Look at the board", id, 4294967295U, true};
    expectRoundTrip(Envelope{1, StateSnapshot{withModule}});
    expectRoundTrip(Envelope{2, StateReport{withModule}});
    expectRoundTrip(Envelope{3, ModuleRequest{id}});
    expectRoundTrip(Envelope{4, ModuleIndex{id, kMaxU64, static_cast<std::uint32_t>(limits::kMaxChunkBytes),
                                            std::vector<std::uint8_t>(limits::kMaxChunkHashBytes, 0xab),
                                            repeated("é", limits::kMaxModuleTitleBytes / 2)}});
    expectRoundTrip(Envelope{5, ChunkRequest{id, 4294967295U}});
    expectRoundTrip(Envelope{6, Chunk{id, 0, std::vector<std::uint8_t>(limits::kMaxChunkBytes, 0x00)}});
    expectRoundTrip(Envelope{7, Chunk{id, 1, {}}});
    expectRoundTrip(Envelope{8, ModuleProgress{id, ModuleStatus::Failed, 1, kMaxU64, repeated("x", limits::kMaxReasonBytes)}});
    expectRoundTrip(Envelope{9, PageView{kMaxU64, id, 7, kMaxU64, 0}});
    expectRoundTrip(Envelope{10, PageViewAck{std::vector<std::uint64_t>(limits::kMaxAckedViews, kMaxU64)}});
}

TEST(CodecRoundTrip, ALockOnlyStateEncodesWithoutModuleKeys)
{
    // Agents of the first release decode it: no key they do not know.
    const Bytes bytes = encode(Envelope{1, StateSnapshot{SeatState{3, true, "x"}}});
    const std::string text(bytes.begin(), bytes.end());
    EXPECT_EQ(text.find("module"), std::string::npos);
    EXPECT_EQ(text.find("free_browsing"), std::string::npos);
}

TEST(CodecRoundTrip, QuizStateRoundTripsAtItsLimits)
{
    const std::string id(64, 'f');
    const std::vector<std::uint32_t> edges = {0, 1, 127, 128, 255, 256, 65535, 65536, 4294967295U};
    std::vector<std::uint32_t> questions;
    while (questions.size() < limits::kMaxQuizQuestions)
        questions.push_back(edges[questions.size() % edges.size()]);
    const SeatState atLimits{kMaxU64, true, "Quiz time", id, 4294967295U, true,
                             kMaxU64, true, questions, true, true, 4294967295U};
    expectRoundTrip(Envelope{1, StateSnapshot{atLimits}});
    expectRoundTrip(Envelope{2, StateReport{atLimits}});
    // A quiz with every flag off and an empty question list.
    expectRoundTrip(Envelope{3, StateSnapshot{SeatState{1, false, "", id, 0, false, 1, false, {}, false, false, 0}}});
    for (std::uint64_t quiz : kIntegerEdges) {
        if (quiz == 0)
            continue;  // no quiz: the other five keys are not sent either
        SCOPED_TRACE(quiz);
        expectRoundTrip(
            Envelope{4, StateSnapshot{SeatState{1, false, "", id, 0, false, quiz, false, {7}, true, false, 0}}});
    }
}

TEST(CodecRoundTrip, AModuleOnlyStateEncodesWithoutQuizKeys)
{
    // Agents that know modules but not quizzes decode it: no key they do not know.
    const Bytes bytes = encode(Envelope{1, StateSnapshot{SeatState{3, false, "", std::string(64, 'c'), 2, true}}});
    const std::string text(bytes.begin(), bytes.end());
    EXPECT_NE(text.find("free_browsing"), std::string::npos);
    for (const char* key : {"quiz", "questions", "reveal", "closes_in_ms"})
        EXPECT_EQ(text.find(key), std::string::npos) << key;
}

TEST(CodecRoundTrip, AnswerRoundTripsAtItsLimits)
{
    // 2048 four-byte characters fill the text field exactly.
    static_assert(limits::kMaxAnswerTextBytes % 4 == 0);
    const std::vector<std::uint32_t> choices(limits::kMaxAnswerChoices, 4294967295U);
    expectRoundTrip(Envelope{kMaxU64, Answer{kMaxU64, kMaxU64, 4294967295U, choices,
                                             std::string(limits::kMaxAnswerTextBytes, 'a'), kMaxU64}});
    expectRoundTrip(Envelope{1, Answer{kMaxU64, kMaxU64, 4294967295U, {},
                                       repeated("😀", limits::kMaxAnswerTextBytes / 4), kMaxU64}});
    // 2730 three-byte characters and one two-byte one: 8192 bytes.
    static_assert(limits::kMaxAnswerTextBytes % 3 == 2);
    expectRoundTrip(Envelope{2, Answer{1, 1, 0, {},
                                       repeated("€", limits::kMaxAnswerTextBytes / 3) + "é", 1}});
    // An essay keeps its paragraphs and indentation.
    expectRoundTrip(Envelope{3, Answer{5, 6, 7, {}, "First,\n\tthe password.\nThen the rest.", 1700000000123ULL}});
    // A matching answer where the learner left an item unmatched.
    expectRoundTrip(Envelope{4, Answer{5, 6, 8, {2, 0, 4294967295U, 1}, "", 1700000000124ULL}});
    expectRoundTrip(Envelope{0, Answer{}});
}

TEST(CodecRoundTrip, AnswerIdsAndTimesAcrossTheWholeRangeRoundTrip)
{
    for (std::uint64_t value : kIntegerEdges) {
        SCOPED_TRACE(value);
        const auto u32 = static_cast<std::uint32_t>(std::min<std::uint64_t>(value, 4294967295U));
        expectRoundTrip(Envelope{7, Answer{value, value, u32, {u32}, "x", value}});
        expectRoundTrip(Envelope{7, AnswerAck{AnswerStatus::Stored, {value, value}, ""}});
    }
}

TEST(CodecRoundTrip, AnswerAckWithEveryStatusRoundTrips)
{
    for (std::uint64_t status = 1; status <= 3; ++status) {  // AnswerStatus 1..3 in protocol v1
        ASSERT_TRUE(isKnownAnswerStatus(status)) << status;
        SCOPED_TRACE(status);
        expectRoundTrip(
            Envelope{status, AnswerAck{static_cast<AnswerStatus>(status), {status, 9007199254740993ULL}, "why"}});
    }
    EXPECT_FALSE(isKnownAnswerStatus(0));
    EXPECT_FALSE(isKnownAnswerStatus(4));
}

TEST(CodecRoundTrip, AnswerAckRoundTripsAtItsLimits)
{
    static_assert(limits::kMaxReasonBytes % 2 == 0);
    expectRoundTrip(Envelope{kMaxU64, AnswerAck{AnswerStatus::StoredLate,
                                                std::vector<std::uint64_t>(limits::kMaxAckedAnswers, kMaxU64), ""}});
    expectRoundTrip(Envelope{1, AnswerAck{AnswerStatus::Refused, {kMaxU64},
                                          repeated("é", limits::kMaxReasonBytes / 2)}});
    expectRoundTrip(Envelope{2, AnswerAck{AnswerStatus::Refused, {}, std::string(limits::kMaxReasonBytes, 'r')}});
}

TEST(CodecRoundTrip, EveryWireNumberMapsBackToItsType)
{
    // The wire numbers are fixed by protocol v1 (docs/protocol.md).
    EXPECT_EQ(messageTypeFromWire(1), MessageType::Hello);
    EXPECT_EQ(messageTypeFromWire(2), MessageType::StateSnapshot);
    EXPECT_EQ(messageTypeFromWire(3), MessageType::StateReport);
    EXPECT_EQ(messageTypeFromWire(4), MessageType::Error);
    EXPECT_EQ(messageTypeFromWire(5), MessageType::Heartbeat);
    EXPECT_EQ(messageTypeFromWire(6), MessageType::EnrollRequest);
    EXPECT_EQ(messageTypeFromWire(7), MessageType::EnrollReply);
    EXPECT_EQ(messageTypeFromWire(8), MessageType::ModuleRequest);
    EXPECT_EQ(messageTypeFromWire(9), MessageType::ModuleIndex);
    EXPECT_EQ(messageTypeFromWire(10), MessageType::ChunkRequest);
    EXPECT_EQ(messageTypeFromWire(11), MessageType::Chunk);
    EXPECT_EQ(messageTypeFromWire(12), MessageType::ModuleProgress);
    EXPECT_EQ(messageTypeFromWire(13), MessageType::PageView);
    EXPECT_EQ(messageTypeFromWire(14), MessageType::PageViewAck);
    EXPECT_EQ(messageTypeFromWire(15), MessageType::Answer);
    EXPECT_EQ(messageTypeFromWire(16), MessageType::AnswerAck);
    EXPECT_EQ(messageTypeFromWire(0), std::nullopt);
    EXPECT_EQ(messageTypeFromWire(17), std::nullopt);
    EXPECT_EQ(allMessageTypes().size(), 16u);
    for (MessageType type : allMessageTypes())
        EXPECT_NE(toString(type), "Unknown");
}

TEST(CodecRoundTrip, NonMinimalIntegerEncodingsDecodeToTheSameMessage)
{
    // Another msgpack implementation may write small numbers in wide forms
    // (uint64 for the version, int8 for the type); the message is the same.
    // [cf 00..01, d3 00..07, d0 05, 80] = [1, 7, 5, {}] = Heartbeat id 7
    const Bytes wide = {0x94, 0xcf, 0, 0, 0, 0, 0, 0, 0, 1, 0xd3, 0, 0, 0, 0, 0, 0, 0, 7, 0xd0, 0x05, 0x80};
    const DecodeResult decoded = decode(wide);
    ASSERT_TRUE(decoded.ok()) << decoded.failure().detail;
    EXPECT_TRUE(decoded.envelope() == (Envelope{7, Heartbeat{}}));
    EXPECT_EQ(encode(decoded.envelope()), (Bytes{0x94, 0x01, 0x07, 0x05, 0x80}));
}

TEST(CodecRoundTrip, UnknownCapabilityNumbersAreIgnored)
{
    // A newer agent lists types this build has never heard of; they are
    // dropped, the known ones kept in order. Body keys are written in another
    // order than the encoder's, which is allowed.
    // {"capabilities": [2, 99, 65535, 4], "host_name": "pc", "agent_version": "9"}
    const std::string raw = "\x94\x01\x01\x01\x83"
                            "\xac" "capabilities" "\x94\x02\x63\xcd\xff\xff\x04"
                            "\xa9" "host_name" "\xa2" "pc"
                            "\xad" "agent_version" "\xa1" "9";
    const Bytes frame(raw.begin(), raw.end());
    const DecodeResult decoded = decode(frame);
    ASSERT_TRUE(decoded.ok()) << decoded.failure().detail;
    EXPECT_TRUE(decoded.envelope() == (Envelope{1, Hello{"9", "pc", {MessageType::StateSnapshot, MessageType::Error}}}));
}

}  // namespace
}  // namespace classroom::protocol
