#pragma once

#include <cstddef>

// Hard limits of the wire format. The decoder enforces every one of them before
// it allocates anything proportional to what a peer claims; the bus sets
// ZMQ_MAXMSGSIZE from kMaxTransportFrameBytes so libzmq cuts a peer that sends
// more. Changing a limit downwards breaks compatibility: bump kProtocolVersion.
namespace classroom::protocol::limits {

// Largest encoded message the decoder accepts. Control messages are small; later
// versions carry module chunks of up to 512 KiB, hence the headroom.
inline constexpr std::size_t kMaxMessageBytes = 1024 * 1024;

// libzmq drops (and disconnects) a peer whose frame exceeds this. It is larger
// than kMaxMessageBytes so a moderately oversized frame still reaches the
// application, where it is counted and logged instead of vanishing silently.
inline constexpr std::size_t kMaxTransportFrameBytes = 2 * 1024 * 1024;

// msgpack structure limits: a claimed count above these fails before any
// allocation (msgpack-c would otherwise reserve n * 24 bytes up front).
inline constexpr std::size_t kMaxArrayLength = 256;
inline constexpr std::size_t kMaxMapPairs = 32;
inline constexpr std::size_t kMaxStringBytes = 64 * 1024;
inline constexpr std::size_t kMaxBinBytes = 1024 * 1024;
inline constexpr std::size_t kMaxDepth = 4;  // nested containers: envelope array > body map > two more

// Per-field limits, in bytes of UTF-8.
inline constexpr std::size_t kMaxHostNameBytes = 255;      // RFC 1035 name length
inline constexpr std::size_t kMaxAgentVersionBytes = 64;
inline constexpr std::size_t kMaxLockMessageBytes = 1024;  // a few lines on a lock screen
inline constexpr std::size_t kMaxErrorTextBytes = 1024;
inline constexpr std::size_t kMaxCapabilities = 64;
inline constexpr std::size_t kZ85KeyBytes = 40;            // a CURVE public key in Z85
inline constexpr std::size_t kMaxSeatNameBytes = 128;
inline constexpr std::size_t kModuleIdBytes = 64;          // SHA-256 in lower-case hex
inline constexpr std::size_t kMaxModuleTitleBytes = 500;
inline constexpr std::size_t kMaxChunkBytes = 512 * 1024;
// One 32-byte hash per chunk: 4 GiB in 256 KiB chunks (the largest module
// size the console allows) is 16384 hashes, 512 KiB.
inline constexpr std::size_t kMaxChunkHashBytes = 512 * 1024;
inline constexpr std::size_t kMaxReasonBytes = 1024;
inline constexpr std::size_t kMaxAckedViews = 256;
// Quizzes. A quiz asks at most this many questions of a module at once.
inline constexpr std::size_t kMaxQuizQuestions = 200;
// A matching question's pairs or a multiple-response question's choices; the
// GIFT parser allows 100 answers per question.
inline constexpr std::size_t kMaxAnswerChoices = 100;
// Free text (essay, short answer): about 1,200 words, far more than a class
// writes in a session, small enough that a flood of them costs little.
inline constexpr std::size_t kMaxAnswerTextBytes = 8192;
inline constexpr std::size_t kMaxAckedAnswers = 256;

}  // namespace classroom::protocol::limits
