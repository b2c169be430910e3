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
    // v1 (modules). The module the seat shows: its content id (64 hex), empty
    // for none. The three keys are on the wire only when a module is set, so a
    // lock-only state encodes as before.
    std::string moduleId;
    std::uint32_t page = 0;     // 0-based; in a report: the page the learner is on
    bool freeBrowsing = false;  // the learner may move between pages alone
    // v1 (quizzes). The quiz the seat takes: questions of its module, by their
    // index in the module's GIFT file. 0 for none. The six keys are on the
    // wire only when a quiz is set, and only together with a module.
    std::uint64_t quiz = 0;              // console-wide unique id of this quiz
    bool quizLive = false;               // live: one question the trainer leads; else self-paced
    std::vector<std::uint32_t> questions;  // at most limits::kMaxQuizQuestions
    bool quizOpen = false;               // answers are taken
    bool reveal = false;                 // the learner may see the right answers and feedback
    std::uint32_t closesInMs = 0;        // live countdown left when this was sent, 0 for none
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

// agent -> console, v1. Asks for the chunk list of a module the console set in
// this seat's state. Only that module is served to the seat.
struct ModuleRequest {
    std::string moduleId;  // v1, 64 hex
    bool operator==(const ModuleRequest&) const = default;
};

// console -> agent, v1. A module's chunk list; the agent checks that it hashes
// to the module id before it asks for any chunk.
struct ModuleIndex {
    std::string moduleId;                   // v1
    std::uint64_t totalBytes = 0;           // v1, bundle size
    std::uint32_t chunkBytes = 0;           // v1, every chunk but the last has this size
    std::vector<std::uint8_t> chunkHashes;  // v1, SHA-256 of each chunk, 32 bytes each, in order
    std::string title;                      // v1, for messages on the PC
    bool operator==(const ModuleIndex&) const = default;
};

// agent -> console, v1. Asks for one chunk. The agent keeps a few requests in
// flight (credit): the console sends only what was asked for, so a slow seat
// only slows itself and the console never queues more than the credit.
struct ChunkRequest {
    std::string moduleId;    // v1
    std::uint32_t index = 0; // v1
    bool operator==(const ChunkRequest&) const = default;
};

// console -> agent, v1. One chunk of a module's bundle.
struct Chunk {
    std::string moduleId;            // v1
    std::uint32_t index = 0;         // v1
    std::vector<std::uint8_t> data;  // v1, at most 512 KiB
    bool operator==(const Chunk&) const = default;
};

enum class ModuleStatus : std::uint8_t {
    // Only append.
    Transferring = 1,
    Ready = 2,   // received, verified, unpacked: the seat can show it
    Failed = 3,  // `reason` says why in plain words
};

// agent -> console, v1. How receiving a module goes. Sent when it starts, at
// most a few times a second while it runs, and when it ends.
struct ModuleProgress {
    std::string moduleId;         // v1
    ModuleStatus status = ModuleStatus::Transferring;  // v1
    std::uint64_t doneBytes = 0;  // v1
    std::uint64_t totalBytes = 0; // v1
    std::string reason;           // v1, for Failed, at most 1024 bytes
    bool operator==(const ModuleProgress&) const = default;
};

// agent -> console, v1. A learner looked at a page. Kept in the agent's
// database until the console acknowledges it, so a view is never lost; the
// console stores each (seat, viewId) once.
struct PageView {
    std::uint64_t viewId = 0;          // v1, unique per seat
    std::string moduleId;              // v1
    std::uint32_t page = 0;            // v1, 0-based
    std::uint64_t openedAtMs = 0;      // v1, Unix time in milliseconds, the PC's clock
    std::uint64_t durationMs = 0;      // v1, how long the page was on screen
    bool operator==(const PageView&) const = default;
};

// console -> agent, v1. These page views are stored; the agent may forget them.
struct PageViewAck {
    std::vector<std::uint64_t> viewIds;  // v1, at most 256
    bool operator==(const PageViewAck&) const = default;
};

// agent -> console, v1. A learner's answer to one question of the seat's
// quiz. Written to the agent's outbox before it is sent and sent again until
// the console acknowledges it; the console stores each (seat, answerId) once.
// The learner is whoever the trainer assigned to the seat: never a field.
struct Answer {
    std::uint64_t answerId = 0;        // v1, random, unique per seat
    std::uint64_t quiz = 0;            // v1, SeatState::quiz it answers
    std::uint32_t question = 0;        // v1, index in the module's GIFT file
    std::vector<std::uint32_t> choices;  // v1, see common/quiz/Response.h, at most limits::kMaxAnswerChoices
    std::string text;                  // v1, at most limits::kMaxAnswerTextBytes
    std::uint64_t answeredAtMs = 0;    // v1, Unix time in milliseconds, the PC's clock
    bool operator==(const Answer&) const = default;
};

enum class AnswerStatus : std::uint8_t {
    // Only append.
    Stored = 1,      // committed to the console's database: the agent may forget it
    StoredLate = 2,  // committed, but flagged late: the question was closed when it came
    Refused = 3,     // never stored (unknown question, wrong kind of answer...): `reason` says why
};

// console -> agent, v1. What became of these answers. Sent only after the
// database commit that holds them (Stored, StoredLate). A rate-limited answer
// gets no ack: the agent keeps it and sends it again later.
struct AnswerAck {
    AnswerStatus status = AnswerStatus::Stored;  // v1
    std::vector<std::uint64_t> answerIds;        // v1, at most limits::kMaxAckedAnswers
    std::string reason;                          // v1, for Refused, plain words, at most 1024 bytes
    bool operator==(const AnswerAck&) const = default;
};

bool isKnownErrorCode(std::uint64_t value);
bool isKnownAnswerStatus(std::uint64_t value);
bool isKnownModuleStatus(std::uint64_t value);
bool isKnownEnrollStatus(std::uint64_t value);

}  // namespace classroom::protocol
