#include "tests/support/Wait.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QTimer>

namespace classroom::test {

bool waitUntil(const std::function<bool()>& condition, std::chrono::milliseconds timeout)
{
    // processEvents(flags, ms) returns at once when nothing is pending, which
    // would spin a core; WaitForMoreEvents blocks, and the ticker bounds the block.
    QTimer ticker;
    ticker.start(10);
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!condition()) {
        if (std::chrono::steady_clock::now() >= deadline)
            return condition();
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    }
    return true;
}

void runEventLoopFor(std::chrono::milliseconds duration)
{
    waitUntil([] { return false; }, duration);
}

}  // namespace classroom::test
