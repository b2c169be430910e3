#pragma once

#include <cstdint>

namespace classroom::bus {

// What one end of the bus has seen, for logs, the benchmark and the tests.
// Every dropped frame is counted under exactly one reason.
struct BusCounters {
    std::uint64_t received = 0;           // decoded and delivered to the core
    std::uint64_t sent = 0;
    std::uint64_t sendFailures = 0;       // peer gone or its queue full
    std::uint64_t unauthenticated = 0;    // no User-Id on the message: dropped (fail closed)
    std::uint64_t badFraming = 0;         // wrong number of frames in one message
    std::uint64_t oversized = 0;          // above the decoder's size limit
    std::uint64_t undecodable = 0;        // any other decoder rejection
    std::uint64_t forbidden = 0;          // a type the sender's role may not send
    std::uint64_t identityConflicts = 0;  // a connection's key changed: spoofed routing id
    std::uint64_t memoryResets = 0;       // the ROUTER was rebuilt because memory passed the limit
    std::uint64_t failedHandshakes = 0;   // console: a client that could not complete CURVE (wrong server key)
};

}  // namespace classroom::bus
