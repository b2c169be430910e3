#pragma once

#include "tests/bench/BenchSupport.h"

namespace classroom::bench {

// classroom-bench broadcast --agents N --size-mb M [--processes P] [--dir PATH]
//
// Sends one module of M MiB (one page and M MiB of random bytes) from a real
// console to N real agents whose module caches are on disk, and prints one
// JSON line: the time from sendModule() until every seat shows the module
// (received, every chunk verified, read back, unpacked, checked and opened),
// the aggregate rate, the console's peak resident memory during the transfer,
// and the bytes the console put on the wire to send the same module again
// after closing it (the seats have it in their caches by then). The agents
// run one per swarm process unless --processes says otherwise.
int runBroadcast(const Arguments& arguments);

} // namespace classroom::bench
