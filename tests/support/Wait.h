#pragma once

#include <chrono>
#include <functional>

namespace classroom::test {

using namespace std::chrono_literals;

// Runs the Qt event loop until `condition` holds or `timeout` passes; returns
// whether it held. Tests wait on what they expect, never on a fixed sleep.
bool waitUntil(const std::function<bool()>& condition, std::chrono::milliseconds timeout = 15s);

// Runs the event loop for `duration`. Only for proving that something does NOT
// happen (a message that must never arrive), after a positive control.
void runEventLoopFor(std::chrono::milliseconds duration);

}  // namespace classroom::test
