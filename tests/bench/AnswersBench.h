#pragma once

#include "tests/bench/BenchSupport.h"

namespace classroom::bench {

// classroom-bench answers --agents N --per-agent K [--processes P]
//
// A self-paced quiz of the sample module on N real agents (in P swarm
// processes, state on tmpfs: each PC has its own disk in a classroom); each
// answers K times, a few answers per agent per turn of its event loop. The
// console runs in this process with console.db on the ordinary disk, WAL and
// synchronous=FULL, answers group-committed. Prints one JSON line: the time
// from starting the quiz until every answer is acknowledged, answers per
// second, the p50/p99/max time from submitAnswer() to its ack (measured in
// the agents' processes), and from console.db: answers lost (given but not
// stored) and duplicated (stored more than once), the commits it took and
// the integrity check.
int runAnswers(const Arguments& arguments);

} // namespace classroom::bench
