#include "protocol/Codec.h"

#include "protocol/Limits.h"
#include "protocol/Utf8.h"

#include <msgpack.hpp>

#include <algorithm>
#include <new>

namespace classroom::protocol {
namespace {

// ---------------------------------------------------------------- encoding

using Packer = msgpack::packer<msgpack::sbuffer>;

void packString(Packer& packer, std::string_view key, std::string_view value)
{
    packer.pack_str(static_cast<std::uint32_t>(key.size()));
    packer.pack_str_body(key.data(), static_cast<std::uint32_t>(key.size()));
    packer.pack_str(static_cast<std::uint32_t>(value.size()));
    packer.pack_str_body(value.data(), static_cast<std::uint32_t>(value.size()));
}

void packKey(Packer& packer, std::string_view key)
{
    packer.pack_str(static_cast<std::uint32_t>(key.size()));
    packer.pack_str_body(key.data(), static_cast<std::uint32_t>(key.size()));
}

void packBin(Packer& packer, std::string_view key, const std::vector<std::uint8_t>& data)
{
    packKey(packer, key);
    packer.pack_bin(static_cast<std::uint32_t>(data.size()));
    packer.pack_bin_body(reinterpret_cast<const char*>(data.data()), static_cast<std::uint32_t>(data.size()));
}

void packUIntArray(Packer& packer, std::string_view key, const std::vector<std::uint32_t>& values)
{
    packKey(packer, key);
    packer.pack_array(static_cast<std::uint32_t>(values.size()));
    for (std::uint32_t value : values)
        packer.pack_uint32(value);
}

void packSeatState(Packer& packer, const SeatState& state)
{
    const bool withModule = !state.moduleId.empty();
    const bool withQuiz = withModule && state.quiz != 0;
    packer.pack_map(3 + (withModule ? 3 : 0) + (withQuiz ? 6 : 0));
    packKey(packer, "revision");
    packer.pack_uint64(state.revision);
    packKey(packer, "locked");
    packer.pack(state.locked);
    packString(packer, "lock_message", state.lockMessage);
    if (withModule) {
        packString(packer, "module", state.moduleId);
        packKey(packer, "page");
        packer.pack_uint32(state.page);
        packKey(packer, "free_browsing");
        packer.pack(state.freeBrowsing);
    }
    if (withQuiz) {
        packKey(packer, "quiz");
        packer.pack_uint64(state.quiz);
        packKey(packer, "quiz_live");
        packer.pack(state.quizLive);
        packUIntArray(packer, "questions", state.questions);
        packKey(packer, "quiz_open");
        packer.pack(state.quizOpen);
        packKey(packer, "reveal");
        packer.pack(state.reveal);
        packKey(packer, "closes_in_ms");
        packer.pack_uint32(state.closesInMs);
    }
}

struct BodyPacker {
    Packer& packer;

    void operator()(const Hello& hello) const
    {
        packer.pack_map(3);
        packString(packer, "agent_version", hello.agentVersion);
        packString(packer, "host_name", hello.hostName);
        packKey(packer, "capabilities");
        packer.pack_array(static_cast<std::uint32_t>(hello.capabilities.size()));
        for (MessageType type : hello.capabilities)
            packer.pack_uint16(static_cast<std::uint16_t>(type));
    }
    void operator()(const StateSnapshot& snapshot) const { packSeatState(packer, snapshot.state); }
    void operator()(const StateReport& report) const { packSeatState(packer, report.applied); }
    void operator()(const Error& error) const
    {
        packer.pack_map(3);
        packKey(packer, "code");
        packer.pack_uint16(static_cast<std::uint16_t>(error.code));
        packString(packer, "text", error.text);
        packKey(packer, "in_reply_to");
        packer.pack_uint64(error.inReplyTo);
    }
    void operator()(const Heartbeat&) const { packer.pack_map(0); }
    void operator()(const EnrollRequest& request) const
    {
        packer.pack_map(2);
        packString(packer, "host_name", request.hostName);
        packString(packer, "agent_version", request.agentVersion);
    }
    void operator()(const EnrollReply& reply) const
    {
        packer.pack_map(3);
        packKey(packer, "status");
        packer.pack_uint8(static_cast<std::uint8_t>(reply.status));
        packString(packer, "console_key", reply.consolePublicKey);
        packString(packer, "seat_name", reply.seatName);
    }
    void operator()(const ModuleRequest& request) const
    {
        packer.pack_map(1);
        packString(packer, "module", request.moduleId);
    }
    void operator()(const ModuleIndex& index) const
    {
        packer.pack_map(5);
        packString(packer, "module", index.moduleId);
        packKey(packer, "total_bytes");
        packer.pack_uint64(index.totalBytes);
        packKey(packer, "chunk_bytes");
        packer.pack_uint32(index.chunkBytes);
        packBin(packer, "chunk_hashes", index.chunkHashes);
        packString(packer, "title", index.title);
    }
    void operator()(const ChunkRequest& request) const
    {
        packer.pack_map(2);
        packString(packer, "module", request.moduleId);
        packKey(packer, "index");
        packer.pack_uint32(request.index);
    }
    void operator()(const Chunk& chunk) const
    {
        packer.pack_map(3);
        packString(packer, "module", chunk.moduleId);
        packKey(packer, "index");
        packer.pack_uint32(chunk.index);
        packBin(packer, "data", chunk.data);
    }
    void operator()(const ModuleProgress& progress) const
    {
        packer.pack_map(5);
        packString(packer, "module", progress.moduleId);
        packKey(packer, "status");
        packer.pack_uint8(static_cast<std::uint8_t>(progress.status));
        packKey(packer, "done_bytes");
        packer.pack_uint64(progress.doneBytes);
        packKey(packer, "total_bytes");
        packer.pack_uint64(progress.totalBytes);
        packString(packer, "reason", progress.reason);
    }
    void operator()(const PageView& view) const
    {
        packer.pack_map(5);
        packKey(packer, "view_id");
        packer.pack_uint64(view.viewId);
        packString(packer, "module", view.moduleId);
        packKey(packer, "page");
        packer.pack_uint32(view.page);
        packKey(packer, "opened_at_ms");
        packer.pack_uint64(view.openedAtMs);
        packKey(packer, "duration_ms");
        packer.pack_uint64(view.durationMs);
    }
    void operator()(const PageViewAck& ack) const
    {
        packer.pack_map(1);
        packKey(packer, "view_ids");
        packer.pack_array(static_cast<std::uint32_t>(ack.viewIds.size()));
        for (std::uint64_t id : ack.viewIds)
            packer.pack_uint64(id);
    }
    void operator()(const Answer& answer) const
    {
        packer.pack_map(6);
        packKey(packer, "answer_id");
        packer.pack_uint64(answer.answerId);
        packKey(packer, "quiz");
        packer.pack_uint64(answer.quiz);
        packKey(packer, "question");
        packer.pack_uint32(answer.question);
        packUIntArray(packer, "choices", answer.choices);
        packString(packer, "text", answer.text);
        packKey(packer, "answered_at_ms");
        packer.pack_uint64(answer.answeredAtMs);
    }
    void operator()(const AnswerAck& ack) const
    {
        packer.pack_map(3);
        packKey(packer, "status");
        packer.pack_uint8(static_cast<std::uint8_t>(ack.status));
        packKey(packer, "answer_ids");
        packer.pack_array(static_cast<std::uint32_t>(ack.answerIds.size()));
        for (std::uint64_t id : ack.answerIds)
            packer.pack_uint64(id);
        packString(packer, "reason", ack.reason);
    }
};

// ---------------------------------------------------------------- decoding

DecodeFailure failure(DecodeError error, std::string detail)
{
    return DecodeFailure{error, std::move(detail)};
}

// Reads the fields of one body map. Every key must be known to the message
// type and appear at most once; required keys must all be present.
class BodyReader {
public:
    BodyReader(const msgpack::object& map, std::string_view typeName)
        : m_map(map), m_typeName(typeName)
    {
    }

    // Walks the map; `field` is called with each key and value and returns
    // false for a key it does not know.
    template <typename Visit>
    std::optional<DecodeFailure> read(std::initializer_list<std::string_view> required, Visit field)
    {
        std::vector<std::string_view> seen;
        for (std::uint32_t i = 0; i < m_map.via.map.size; ++i) {
            const msgpack::object_kv& kv = m_map.via.map.ptr[i];
            if (kv.key.type != msgpack::type::STR)
                return failure(DecodeError::BadEnvelope, std::string(m_typeName) + ": a body key is not a string");
            const std::string_view key(kv.key.via.str.ptr, kv.key.via.str.size);
            if (std::find(seen.begin(), seen.end(), key) != seen.end())
                return failure(DecodeError::Malformed, std::string(m_typeName) + ": duplicate key '" + printable(key) + "'");
            seen.push_back(key);
            std::optional<DecodeFailure> problem;
            if (!field(key, kv.val, problem))
                return failure(DecodeError::UnknownField, std::string(m_typeName) + ": unknown key '" + printable(key) + "'");
            if (problem)
                return problem;
        }
        for (std::string_view key : required) {
            if (std::find(seen.begin(), seen.end(), key) == seen.end())
                return failure(DecodeError::MissingField, std::string(m_typeName) + ": missing key '" + std::string(key) + "'");
        }
        return std::nullopt;
    }

    static std::string printable(std::string_view key)
    {
        std::string out;
        for (char c : key.substr(0, 40))
            out += (c >= 0x20 && c < 0x7f) ? c : '?';
        return out;
    }

private:
    const msgpack::object& m_map;
    std::string_view m_typeName;
};

std::optional<DecodeFailure> readUInt(const msgpack::object& value, std::string_view name, std::uint64_t max,
                                      std::uint64_t& out)
{
    if (value.type != msgpack::type::POSITIVE_INTEGER)
        return failure(DecodeError::WrongFieldType, std::string(name) + ": expected an unsigned integer");
    if (value.via.u64 > max)
        return failure(DecodeError::InvalidValue, std::string(name) + ": value out of range");
    out = value.via.u64;
    return std::nullopt;
}

std::optional<DecodeFailure> readBool(const msgpack::object& value, std::string_view name, bool& out)
{
    if (value.type != msgpack::type::BOOLEAN)
        return failure(DecodeError::WrongFieldType, std::string(name) + ": expected true or false");
    out = value.via.boolean;
    return std::nullopt;
}

std::optional<DecodeFailure> readText(const msgpack::object& value, std::string_view name, std::size_t maxBytes,
                                      std::string& out)
{
    if (value.type != msgpack::type::STR)
        return failure(DecodeError::WrongFieldType, std::string(name) + ": expected a string");
    if (value.via.str.size > maxBytes)
        return failure(DecodeError::InvalidValue,
                       std::string(name) + ": longer than " + std::to_string(maxBytes) + " bytes");
    const std::string_view text(value.via.str.ptr, value.via.str.size);
    if (!isCleanUtf8(text))
        return failure(DecodeError::InvalidValue, std::string(name) + ": not clean UTF-8 text");
    out.assign(text);
    return std::nullopt;
}

std::optional<DecodeFailure> readBin(const msgpack::object& value, std::string_view name, std::size_t maxBytes,
                                     std::vector<std::uint8_t>& out)
{
    if (value.type != msgpack::type::BIN)
        return failure(DecodeError::WrongFieldType, std::string(name) + ": expected binary data");
    if (value.via.bin.size > maxBytes)
        return failure(DecodeError::InvalidValue,
                       std::string(name) + ": longer than " + std::to_string(maxBytes) + " bytes");
    const auto* data = reinterpret_cast<const std::uint8_t*>(value.via.bin.ptr);
    out.assign(data, data + value.via.bin.size);
    return std::nullopt;
}

// A module id: exactly 64 lower-case hex characters.
std::optional<DecodeFailure> readModuleId(const msgpack::object& value, std::string_view name, bool allowEmpty,
                                          std::string& out)
{
    if (auto problem = readText(value, name, limits::kModuleIdBytes, out))
        return problem;
    if (allowEmpty && out.empty())
        return std::nullopt;
    const bool hex = out.size() == limits::kModuleIdBytes &&
                     std::all_of(out.begin(), out.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
    if (!hex)
        return failure(DecodeError::InvalidValue, std::string(name) + ": expected 64 lower-case hex characters");
    return std::nullopt;
}

std::optional<DecodeFailure> readUInt32(const msgpack::object& value, std::string_view name, std::uint32_t& out)
{
    std::uint64_t number = 0;
    auto problem = readUInt(value, name, UINT32_MAX, number);
    out = static_cast<std::uint32_t>(number);
    return problem;
}

// An array of at most `maxCount` unsigned integers, each at most `max`.
template <typename T>
std::optional<DecodeFailure> readUIntArray(const msgpack::object& value, std::string_view name, std::size_t maxCount,
                                           std::uint64_t max, std::vector<T>& out)
{
    if (value.type != msgpack::type::ARRAY)
        return failure(DecodeError::WrongFieldType, std::string(name) + ": expected an array");
    if (value.via.array.size > maxCount)
        return failure(DecodeError::InvalidValue, std::string(name) + ": more than " + std::to_string(maxCount) + " entries");
    out.clear();
    out.reserve(value.via.array.size);
    for (std::uint32_t i = 0; i < value.via.array.size; ++i) {
        std::uint64_t number = 0;
        if (auto problem = readUInt(value.via.array.ptr[i], name, max, number))
            return problem;
        out.push_back(static_cast<T>(number));
    }
    return std::nullopt;
}

std::variant<SeatState, DecodeFailure> readSeatState(const msgpack::object& map, std::string_view typeName)
{
    SeatState state;
    int moduleKeys = 0;  // of module, page, free_browsing
    int quizKeys = 0;    // of quiz, quiz_live, questions, quiz_open, reveal, closes_in_ms
    auto problem = BodyReader(map, typeName).read(
        {"revision", "locked", "lock_message"},
        [&](std::string_view key, const msgpack::object& value, std::optional<DecodeFailure>& error) {
            if (key == "revision")
                error = readUInt(value, "revision", UINT64_MAX, state.revision);
            else if (key == "locked")
                error = readBool(value, "locked", state.locked);
            else if (key == "lock_message")
                error = readText(value, "lock_message", limits::kMaxLockMessageBytes, state.lockMessage);
            else if (key == "module")
                ++moduleKeys, error = readModuleId(value, "module", false, state.moduleId);
            else if (key == "page")
                ++moduleKeys, error = readUInt32(value, "page", state.page);
            else if (key == "free_browsing")
                ++moduleKeys, error = readBool(value, "free_browsing", state.freeBrowsing);
            else if (key == "quiz")
                ++quizKeys, error = readUInt(value, "quiz", UINT64_MAX, state.quiz);
            else if (key == "quiz_live")
                ++quizKeys, error = readBool(value, "quiz_live", state.quizLive);
            else if (key == "questions")
                ++quizKeys, error = readUIntArray(value, "questions", limits::kMaxQuizQuestions, UINT32_MAX, state.questions);
            else if (key == "quiz_open")
                ++quizKeys, error = readBool(value, "quiz_open", state.quizOpen);
            else if (key == "reveal")
                ++quizKeys, error = readBool(value, "reveal", state.reveal);
            else if (key == "closes_in_ms")
                ++quizKeys, error = readUInt32(value, "closes_in_ms", state.closesInMs);
            else
                return false;
            return true;
        });
    if (problem)
        return *problem;
    // The module keys come as a set: page and free_browsing mean nothing
    // without a module. The quiz keys come as a set too, with a quiz id, and
    // only with a module (its questions are the module's). Keys are unique
    // (BodyReader), so counting each set is enough.
    if (moduleKeys != 0 && (moduleKeys != 3 || state.moduleId.empty()))
        return failure(DecodeError::MissingField, std::string(typeName) + ": 'module', 'page' and 'free_browsing' go together");
    if (quizKeys != 0 && (quizKeys != 6 || state.quiz == 0))
        return failure(DecodeError::MissingField, std::string(typeName) +
                                                      ": 'quiz', 'quiz_live', 'questions', 'quiz_open', 'reveal' and "
                                                      "'closes_in_ms' go together, with a quiz id");
    if (quizKeys != 0 && moduleKeys == 0)
        return failure(DecodeError::MissingField, std::string(typeName) + ": a quiz needs a module");
    return state;
}

std::variant<Body, DecodeFailure> readBody(MessageType type, const msgpack::object& map)
{
    const std::string name(toString(type));
    switch (type) {
    case MessageType::Hello: {
        Hello hello;
        auto problem = BodyReader(map, name).read(
            {"agent_version", "host_name", "capabilities"},
            [&](std::string_view key, const msgpack::object& value, std::optional<DecodeFailure>& error) {
                if (key == "agent_version") {
                    error = readText(value, "agent_version", limits::kMaxAgentVersionBytes, hello.agentVersion);
                } else if (key == "host_name") {
                    error = readText(value, "host_name", limits::kMaxHostNameBytes, hello.hostName);
                } else if (key == "capabilities") {
                    if (value.type != msgpack::type::ARRAY) {
                        error = failure(DecodeError::WrongFieldType, "capabilities: expected an array");
                    } else if (value.via.array.size > limits::kMaxCapabilities) {
                        error = failure(DecodeError::InvalidValue, "capabilities: too many entries");
                    } else {
                        for (std::uint32_t i = 0; i < value.via.array.size && !error; ++i) {
                            std::uint64_t number = 0;
                            error = readUInt(value.via.array.ptr[i], "capabilities", UINT16_MAX, number);
                            // A newer peer's capability that this build does not know is
                            // not an error: it simply is not one we can use.
                            if (!error)
                                if (auto known = messageTypeFromWire(number))
                                    hello.capabilities.push_back(*known);
                        }
                    }
                } else {
                    return false;
                }
                return true;
            });
        if (problem)
            return *problem;
        return Body{std::move(hello)};
    }
    case MessageType::StateSnapshot: {
        auto state = readSeatState(map, name);
        if (auto* problem = std::get_if<DecodeFailure>(&state))
            return *problem;
        return Body{StateSnapshot{std::get<SeatState>(std::move(state))}};
    }
    case MessageType::StateReport: {
        auto state = readSeatState(map, name);
        if (auto* problem = std::get_if<DecodeFailure>(&state))
            return *problem;
        return Body{StateReport{std::get<SeatState>(std::move(state))}};
    }
    case MessageType::Error: {
        Error error;
        auto problem = BodyReader(map, name).read(
            {"code", "text", "in_reply_to"},
            [&](std::string_view key, const msgpack::object& value, std::optional<DecodeFailure>& bad) {
                if (key == "code") {
                    std::uint64_t code = 0;
                    bad = readUInt(value, "code", UINT16_MAX, code);
                    if (!bad && !isKnownErrorCode(code))
                        bad = failure(DecodeError::InvalidValue, "code: unknown error code");
                    error.code = static_cast<ErrorCode>(code);
                } else if (key == "text") {
                    bad = readText(value, "text", limits::kMaxErrorTextBytes, error.text);
                } else if (key == "in_reply_to") {
                    bad = readUInt(value, "in_reply_to", UINT64_MAX, error.inReplyTo);
                } else {
                    return false;
                }
                return true;
            });
        if (problem)
            return *problem;
        return Body{std::move(error)};
    }
    case MessageType::Heartbeat: {
        auto problem = BodyReader(map, name).read(
            {}, [](std::string_view, const msgpack::object&, std::optional<DecodeFailure>&) { return false; });
        if (problem)
            return *problem;
        return Body{Heartbeat{}};
    }
    case MessageType::EnrollRequest: {
        EnrollRequest request;
        auto problem = BodyReader(map, name).read(
            {"host_name", "agent_version"},
            [&](std::string_view key, const msgpack::object& value, std::optional<DecodeFailure>& error) {
                if (key == "host_name")
                    error = readText(value, "host_name", limits::kMaxHostNameBytes, request.hostName);
                else if (key == "agent_version")
                    error = readText(value, "agent_version", limits::kMaxAgentVersionBytes, request.agentVersion);
                else
                    return false;
                return true;
            });
        if (problem)
            return *problem;
        return Body{std::move(request)};
    }
    case MessageType::EnrollReply: {
        EnrollReply reply;
        auto problem = BodyReader(map, name).read(
            {"status", "console_key", "seat_name"},
            [&](std::string_view key, const msgpack::object& value, std::optional<DecodeFailure>& error) {
                if (key == "status") {
                    std::uint64_t status = 0;
                    error = readUInt(value, "status", UINT8_MAX, status);
                    if (!error && !isKnownEnrollStatus(status))
                        error = failure(DecodeError::InvalidValue, "status: unknown enrollment status");
                    reply.status = static_cast<EnrollStatus>(status);
                } else if (key == "console_key") {
                    error = readText(value, "console_key", limits::kZ85KeyBytes, reply.consolePublicKey);
                    if (!error && reply.consolePublicKey.size() != limits::kZ85KeyBytes)
                        error = failure(DecodeError::InvalidValue, "console_key: expected 40 characters");
                } else if (key == "seat_name") {
                    error = readText(value, "seat_name", limits::kMaxSeatNameBytes, reply.seatName);
                } else {
                    return false;
                }
                return true;
            });
        if (problem)
            return *problem;
        return Body{std::move(reply)};
    }
    case MessageType::ModuleRequest: {
        ModuleRequest request;
        auto problem = BodyReader(map, name).read(
            {"module"}, [&](std::string_view key, const msgpack::object& value, std::optional<DecodeFailure>& error) {
                if (key != "module")
                    return false;
                error = readModuleId(value, "module", false, request.moduleId);
                return true;
            });
        if (problem)
            return *problem;
        return Body{std::move(request)};
    }
    case MessageType::ModuleIndex: {
        ModuleIndex index;
        auto problem = BodyReader(map, name).read(
            {"module", "total_bytes", "chunk_bytes", "chunk_hashes", "title"},
            [&](std::string_view key, const msgpack::object& value, std::optional<DecodeFailure>& error) {
                if (key == "module")
                    error = readModuleId(value, "module", false, index.moduleId);
                else if (key == "total_bytes")
                    error = readUInt(value, "total_bytes", UINT64_MAX, index.totalBytes);
                else if (key == "chunk_bytes") {
                    error = readUInt32(value, "chunk_bytes", index.chunkBytes);
                    if (!error && (index.chunkBytes == 0 || index.chunkBytes > limits::kMaxChunkBytes))
                        error = failure(DecodeError::InvalidValue, "chunk_bytes: out of range");
                } else if (key == "chunk_hashes") {
                    error = readBin(value, "chunk_hashes", limits::kMaxChunkHashBytes, index.chunkHashes);
                    if (!error && index.chunkHashes.size() % 32 != 0)
                        error = failure(DecodeError::InvalidValue, "chunk_hashes: not a whole number of hashes");
                } else if (key == "title")
                    error = readText(value, "title", limits::kMaxModuleTitleBytes, index.title);
                else
                    return false;
                return true;
            });
        if (problem)
            return *problem;
        return Body{std::move(index)};
    }
    case MessageType::ChunkRequest: {
        ChunkRequest request;
        auto problem = BodyReader(map, name).read(
            {"module", "index"},
            [&](std::string_view key, const msgpack::object& value, std::optional<DecodeFailure>& error) {
                if (key == "module")
                    error = readModuleId(value, "module", false, request.moduleId);
                else if (key == "index")
                    error = readUInt32(value, "index", request.index);
                else
                    return false;
                return true;
            });
        if (problem)
            return *problem;
        return Body{std::move(request)};
    }
    case MessageType::Chunk: {
        Chunk chunk;
        auto problem = BodyReader(map, name).read(
            {"module", "index", "data"},
            [&](std::string_view key, const msgpack::object& value, std::optional<DecodeFailure>& error) {
                if (key == "module")
                    error = readModuleId(value, "module", false, chunk.moduleId);
                else if (key == "index")
                    error = readUInt32(value, "index", chunk.index);
                else if (key == "data")
                    error = readBin(value, "data", limits::kMaxChunkBytes, chunk.data);
                else
                    return false;
                return true;
            });
        if (problem)
            return *problem;
        return Body{std::move(chunk)};
    }
    case MessageType::ModuleProgress: {
        ModuleProgress progress;
        auto problem = BodyReader(map, name).read(
            {"module", "status", "done_bytes", "total_bytes", "reason"},
            [&](std::string_view key, const msgpack::object& value, std::optional<DecodeFailure>& error) {
                if (key == "module") {
                    error = readModuleId(value, "module", false, progress.moduleId);
                } else if (key == "status") {
                    std::uint64_t status = 0;
                    error = readUInt(value, "status", UINT8_MAX, status);
                    if (!error && !isKnownModuleStatus(status))
                        error = failure(DecodeError::InvalidValue, "status: unknown module status");
                    progress.status = static_cast<ModuleStatus>(status);
                } else if (key == "done_bytes") {
                    error = readUInt(value, "done_bytes", UINT64_MAX, progress.doneBytes);
                } else if (key == "total_bytes") {
                    error = readUInt(value, "total_bytes", UINT64_MAX, progress.totalBytes);
                } else if (key == "reason") {
                    error = readText(value, "reason", limits::kMaxReasonBytes, progress.reason);
                } else {
                    return false;
                }
                return true;
            });
        if (problem)
            return *problem;
        return Body{std::move(progress)};
    }
    case MessageType::PageView: {
        PageView view;
        auto problem = BodyReader(map, name).read(
            {"view_id", "module", "page", "opened_at_ms", "duration_ms"},
            [&](std::string_view key, const msgpack::object& value, std::optional<DecodeFailure>& error) {
                if (key == "view_id")
                    error = readUInt(value, "view_id", UINT64_MAX, view.viewId);
                else if (key == "module")
                    error = readModuleId(value, "module", false, view.moduleId);
                else if (key == "page")
                    error = readUInt32(value, "page", view.page);
                else if (key == "opened_at_ms")
                    error = readUInt(value, "opened_at_ms", UINT64_MAX, view.openedAtMs);
                else if (key == "duration_ms")
                    error = readUInt(value, "duration_ms", UINT64_MAX, view.durationMs);
                else
                    return false;
                return true;
            });
        if (problem)
            return *problem;
        return Body{std::move(view)};
    }
    case MessageType::PageViewAck: {
        PageViewAck ack;
        auto problem = BodyReader(map, name).read(
            {"view_ids"}, [&](std::string_view key, const msgpack::object& value, std::optional<DecodeFailure>& error) {
                if (key != "view_ids")
                    return false;
                if (value.type != msgpack::type::ARRAY) {
                    error = failure(DecodeError::WrongFieldType, "view_ids: expected an array");
                } else if (value.via.array.size > limits::kMaxAckedViews) {
                    error = failure(DecodeError::InvalidValue, "view_ids: too many entries");
                } else {
                    for (std::uint32_t i = 0; i < value.via.array.size && !error; ++i) {
                        std::uint64_t id = 0;
                        error = readUInt(value.via.array.ptr[i], "view_ids", UINT64_MAX, id);
                        ack.viewIds.push_back(id);
                    }
                }
                return true;
            });
        if (problem)
            return *problem;
        return Body{std::move(ack)};
    }
    case MessageType::Answer: {
        Answer answer;
        auto problem = BodyReader(map, name).read(
            {"answer_id", "quiz", "question", "choices", "text", "answered_at_ms"},
            [&](std::string_view key, const msgpack::object& value, std::optional<DecodeFailure>& error) {
                if (key == "answer_id")
                    error = readUInt(value, "answer_id", UINT64_MAX, answer.answerId);
                else if (key == "quiz")
                    error = readUInt(value, "quiz", UINT64_MAX, answer.quiz);
                else if (key == "question")
                    error = readUInt32(value, "question", answer.question);
                else if (key == "choices")
                    error = readUIntArray(value, "choices", limits::kMaxAnswerChoices, UINT32_MAX, answer.choices);
                else if (key == "text")
                    error = readText(value, "text", limits::kMaxAnswerTextBytes, answer.text);
                else if (key == "answered_at_ms")
                    error = readUInt(value, "answered_at_ms", UINT64_MAX, answer.answeredAtMs);
                else
                    return false;
                return true;
            });
        if (problem)
            return *problem;
        return Body{std::move(answer)};
    }
    case MessageType::AnswerAck: {
        AnswerAck ack;
        auto problem = BodyReader(map, name).read(
            {"status", "answer_ids", "reason"},
            [&](std::string_view key, const msgpack::object& value, std::optional<DecodeFailure>& error) {
                if (key == "status") {
                    std::uint64_t status = 0;
                    error = readUInt(value, "status", UINT8_MAX, status);
                    if (!error && !isKnownAnswerStatus(status))
                        error = failure(DecodeError::InvalidValue, "status: unknown answer status");
                    ack.status = static_cast<AnswerStatus>(status);
                } else if (key == "answer_ids") {
                    error = readUIntArray(value, "answer_ids", limits::kMaxAckedAnswers, UINT64_MAX, ack.answerIds);
                } else if (key == "reason") {
                    error = readText(value, "reason", limits::kMaxReasonBytes, ack.reason);
                } else {
                    return false;
                }
                return true;
            });
        if (problem)
            return *problem;
        return Body{std::move(ack)};
    }
    }
    return failure(DecodeError::UnknownType, "unhandled message type");
}

DecodeResult decodeObject(const msgpack::object& root)
{
    if (root.type != msgpack::type::ARRAY || root.via.array.size != 4)
        return failure(DecodeError::BadEnvelope, "envelope: expected an array of 4 elements");
    const msgpack::object* part = root.via.array.ptr;
    if (part[0].type != msgpack::type::POSITIVE_INTEGER)
        return failure(DecodeError::BadEnvelope, "envelope: version is not an unsigned integer");
    if (part[0].via.u64 != kProtocolVersion)
        return failure(DecodeError::WrongVersion, "envelope: protocol version " + std::to_string(part[0].via.u64) +
                                                      ", this build speaks " + std::to_string(kProtocolVersion));
    if (part[1].type != msgpack::type::POSITIVE_INTEGER)
        return failure(DecodeError::BadEnvelope, "envelope: message id is not an unsigned integer");
    if (part[2].type != msgpack::type::POSITIVE_INTEGER)
        return failure(DecodeError::BadEnvelope, "envelope: message type is not an unsigned integer");
    const auto type = messageTypeFromWire(part[2].via.u64);
    if (!type)
        return failure(DecodeError::UnknownType, "envelope: unknown message type " + std::to_string(part[2].via.u64));
    if (part[3].type != msgpack::type::MAP)
        return failure(DecodeError::BadEnvelope, "envelope: body is not a map");
    auto body = readBody(*type, part[3]);
    if (auto* problem = std::get_if<DecodeFailure>(&body))
        return *problem;
    return Envelope{part[1].via.u64, std::get<Body>(std::move(body))};
}

}  // namespace

MessageType Envelope::type() const
{
    struct TypeOf {
        MessageType operator()(const Hello&) const { return MessageType::Hello; }
        MessageType operator()(const StateSnapshot&) const { return MessageType::StateSnapshot; }
        MessageType operator()(const StateReport&) const { return MessageType::StateReport; }
        MessageType operator()(const Error&) const { return MessageType::Error; }
        MessageType operator()(const Heartbeat&) const { return MessageType::Heartbeat; }
        MessageType operator()(const EnrollRequest&) const { return MessageType::EnrollRequest; }
        MessageType operator()(const EnrollReply&) const { return MessageType::EnrollReply; }
        MessageType operator()(const ModuleRequest&) const { return MessageType::ModuleRequest; }
        MessageType operator()(const ModuleIndex&) const { return MessageType::ModuleIndex; }
        MessageType operator()(const ChunkRequest&) const { return MessageType::ChunkRequest; }
        MessageType operator()(const Chunk&) const { return MessageType::Chunk; }
        MessageType operator()(const ModuleProgress&) const { return MessageType::ModuleProgress; }
        MessageType operator()(const PageView&) const { return MessageType::PageView; }
        MessageType operator()(const PageViewAck&) const { return MessageType::PageViewAck; }
        MessageType operator()(const Answer&) const { return MessageType::Answer; }
        MessageType operator()(const AnswerAck&) const { return MessageType::AnswerAck; }
    };
    return std::visit(TypeOf{}, body);
}

bool isKnownErrorCode(std::uint64_t value)
{
    return value >= static_cast<std::uint64_t>(ErrorCode::MalformedMessage) &&
           value <= static_cast<std::uint64_t>(ErrorCode::Internal);
}

bool isKnownAnswerStatus(std::uint64_t value)
{
    return value >= static_cast<std::uint64_t>(AnswerStatus::Stored) &&
           value <= static_cast<std::uint64_t>(AnswerStatus::Refused);
}

bool isKnownModuleStatus(std::uint64_t value)
{
    return value >= static_cast<std::uint64_t>(ModuleStatus::Transferring) &&
           value <= static_cast<std::uint64_t>(ModuleStatus::Failed);
}

bool isKnownEnrollStatus(std::uint64_t value)
{
    return value >= static_cast<std::uint64_t>(EnrollStatus::Accepted) &&
           value <= static_cast<std::uint64_t>(EnrollStatus::TooManyWaiting);
}

Bytes encode(const Envelope& envelope)
{
    msgpack::sbuffer buffer;
    Packer packer(buffer);
    packer.pack_array(4);
    packer.pack_uint16(kProtocolVersion);
    packer.pack_uint64(envelope.messageId);
    packer.pack_uint16(static_cast<std::uint16_t>(envelope.type()));
    std::visit(BodyPacker{packer}, envelope.body);
    const auto* data = reinterpret_cast<const std::uint8_t*>(buffer.data());
    return Bytes(data, data + buffer.size());
}

DecodeResult decode(std::span<const std::uint8_t> frame)
{
    if (frame.empty())
        return failure(DecodeError::Empty, "empty frame");
    if (frame.size() > limits::kMaxMessageBytes)
        return failure(DecodeError::TooLarge, "frame of " + std::to_string(frame.size()) + " bytes exceeds the limit of " +
                                                  std::to_string(limits::kMaxMessageBytes));
    try {
        const msgpack::unpack_limit limit(limits::kMaxArrayLength, limits::kMaxMapPairs, limits::kMaxStringBytes,
                                          limits::kMaxBinBytes, 0, limits::kMaxDepth);
        std::size_t offset = 0;
        const msgpack::object_handle handle = msgpack::unpack(reinterpret_cast<const char*>(frame.data()), frame.size(),
                                                              offset, nullptr, nullptr, limit);
        if (offset != frame.size())
            return failure(DecodeError::Malformed, std::to_string(frame.size() - offset) + " trailing bytes after the message");
        return decodeObject(handle.get());
    } catch (const msgpack::size_overflow& e) {
        return failure(DecodeError::LimitExceeded, std::string("structure limit exceeded: ") + e.what());
    } catch (const msgpack::insufficient_bytes&) {
        return failure(DecodeError::Malformed, "truncated message");
    } catch (const msgpack::unpack_error& e) {
        return failure(DecodeError::Malformed, std::string("not a msgpack message: ") + e.what());
    } catch (const std::bad_alloc&) {
        return failure(DecodeError::TooLarge, "message needs too much memory to decode");
    } catch (const std::exception& e) {
        return failure(DecodeError::Malformed, std::string("undecodable message: ") + e.what());
    }
}

std::string_view toString(DecodeError error)
{
    switch (error) {
    case DecodeError::Empty: return "empty";
    case DecodeError::TooLarge: return "too_large";
    case DecodeError::Malformed: return "malformed";
    case DecodeError::LimitExceeded: return "limit_exceeded";
    case DecodeError::BadEnvelope: return "bad_envelope";
    case DecodeError::WrongVersion: return "wrong_version";
    case DecodeError::UnknownType: return "unknown_type";
    case DecodeError::UnknownField: return "unknown_field";
    case DecodeError::MissingField: return "missing_field";
    case DecodeError::WrongFieldType: return "wrong_field_type";
    case DecodeError::InvalidValue: return "invalid_value";
    }
    return "unknown";
}

}  // namespace classroom::protocol
