// Wire compatibility: tests/data/golden/v1/ holds one frame per message type,
// written by the v1 encoder. Each must still decode to the same message, and
// that message must still encode to the same bytes. If this fails, deployed
// agents and consoles no longer understand this build: change the code, not
// the files (a new wire format is a new protocol version with its own frames).
#include "protocol/Codec.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace classroom::protocol {
namespace {

struct GoldenFrame {
    const char* file;  // in tests/data/golden/v1/
    Envelope message;
};

// The messages the files were made from. Never edit an entry; append one when a
// message type is added.
std::vector<GoldenFrame> goldenFrames()
{
    return {
        {"hello.msgpack",
         Envelope{1, Hello{"0.1.0", "pc-07",
                           {MessageType::Hello, MessageType::StateSnapshot, MessageType::StateReport,
                            MessageType::Error, MessageType::Heartbeat}}}},
        {"state_snapshot.msgpack", Envelope{1000, StateSnapshot{SeatState{300, true, "Eyes front"}}}},
        {"state_report.msgpack", Envelope{70000, StateReport{SeatState{300, true, "Übung läuft – 👀"}}}},
        {"error.msgpack", Envelope{4, Error{ErrorCode::NotAllowed, "only the console may send this message type", 1000}}},
        {"heartbeat.msgpack", Envelope{17, Heartbeat{}}},
        {"enroll_request.msgpack", Envelope{1, EnrollRequest{"pc-07", "0.1.0"}}},
        {"enroll_reply.msgpack",
         Envelope{1, EnrollReply{EnrollStatus::Accepted, "rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7", "PC 7"}}},
        {"state_snapshot_module.msgpack",
         Envelope{1001, StateSnapshot{SeatState{301, false, "", std::string(64, 'c'), 2, true}}}},
        {"module_request.msgpack", Envelope{8, ModuleRequest{std::string(64, 'c')}}},
        {"module_index.msgpack",
         Envelope{9, ModuleIndex{std::string(64, 'c'), 300000, 262144, std::vector<std::uint8_t>(64, 0x5a), "Safe"}}},
        {"chunk_request.msgpack", Envelope{10, ChunkRequest{std::string(64, 'c'), 1}}},
        {"chunk.msgpack", Envelope{11, Chunk{std::string(64, 'c'), 1, {1, 2, 3, 250}}}},
        {"module_progress.msgpack",
         Envelope{12, ModuleProgress{std::string(64, 'c'), ModuleStatus::Failed, 10, 300000, "disk full"}}},
        {"page_view.msgpack", Envelope{13, PageView{9007199254740993ULL, std::string(64, 'c'), 2, 1700000000123ULL, 61500}}},
        {"page_view_ack.msgpack", Envelope{14, PageViewAck{{9007199254740993ULL, 5}}}},
        {"answer.msgpack",
         Envelope{15, Answer{9007199254740993ULL, 4294967296ULL, 3, {2, 0, 4294967295U}, "Paris – près de la Seine",
                             1700000000123ULL}}},
        {"answer_ack.msgpack",
         Envelope{16,
                  AnswerAck{AnswerStatus::Refused, {9007199254740993ULL, 5}, "question 3 is not in quiz 4294967296"}}},
        {"state_snapshot_quiz.msgpack",
         Envelope{1002, StateSnapshot{SeatState{302, false, "", std::string(64, 'c'), 2, true, 4294967296ULL, true,
                                                {3, 300, 70000}, true, false, 45000}}}},
    };
}

Bytes readGoldenFile(const std::string& name)
{
    const std::string path = std::string(CLASSROOM_TEST_DATA_DIR) + "/golden/v1/" + name;
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return {};
    return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::string hex(const Bytes& bytes)
{
    std::string out;
    char digits[4];
    for (std::uint8_t b : bytes) {
        std::snprintf(digits, sizeof digits, "%02x ", b);
        out += digits;
    }
    return out;
}

TEST(GoldenFrames, EveryGoldenFrameDecodesToItsMessage)
{
    for (const GoldenFrame& golden : goldenFrames()) {
        SCOPED_TRACE(golden.file);
        const Bytes bytes = readGoldenFile(golden.file);
        ASSERT_FALSE(bytes.empty()) << "missing or empty golden file";
        const DecodeResult decoded = decode(bytes);
        ASSERT_TRUE(decoded.ok()) << toString(decoded.failure().error) << ": " << decoded.failure().detail;
        EXPECT_EQ(decoded.envelope().type(), golden.message.type());
        EXPECT_TRUE(decoded.envelope() == golden.message) << "decodes to a different message";
    }
}

TEST(GoldenFrames, EncodingEachMessageReproducesItsGoldenFrameByteForByte)
{
    for (const GoldenFrame& golden : goldenFrames()) {
        SCOPED_TRACE(golden.file);
        const Bytes expected = readGoldenFile(golden.file);
        ASSERT_FALSE(expected.empty()) << "missing or empty golden file";
        const Bytes actual = encode(golden.message);
        EXPECT_EQ(actual, expected) << "encoder output changed\n  golden:  " << hex(expected)
                                    << "\n  encoded: " << hex(actual);
    }
}

TEST(GoldenFrames, EveryMessageTypeHasAGoldenFrame)
{
    const std::vector<GoldenFrame> frames = goldenFrames();
    for (std::uint64_t number = 1; auto type = messageTypeFromWire(number); ++number) {
        bool found = false;
        for (const GoldenFrame& golden : frames)
            found = found || golden.message.type() == *type;
        EXPECT_TRUE(found) << toString(*type) << " has no golden frame in tests/data/golden/v1/";
    }
}

}  // namespace
}  // namespace classroom::protocol
