// A hostile PC can repeat a problem at will; the log shows its 1st, 2nd, 4th,
// 8th... occurrence so the first is always seen and a flood cannot fill the disk.

#include "common/log/LogThrottle.h"

#include <gtest/gtest.h>

#include <cstdint>

using classroom::log::isWorthLogging;

static_assert(isWorthLogging(1) && !isWorthLogging(0), "usable at compile time");

TEST(LogThrottle, FirstOccurrenceAndEveryPowerOfTwoAreLogged)
{
    for (std::uint64_t count : {1ull, 2ull, 4ull, 8ull, 1024ull, 1ull << 40, 1ull << 63})
        EXPECT_TRUE(isWorthLogging(count)) << count;
}

TEST(LogThrottle, ZeroAndCountsBetweenPowersOfTwoAreNot)
{
    for (std::uint64_t count : {0ull, 3ull, 5ull, 6ull, 7ull, 1000ull, (1ull << 63) + 1, ~0ull})
        EXPECT_FALSE(isWorthLogging(count)) << count;
}

TEST(LogThrottle, AMillionRepeatsProduceTwentyLogLines)
{
    int lines = 0;
    for (std::uint64_t count = 1; count <= 1'000'000; ++count)
        lines += isWorthLogging(count) ? 1 : 0;
    EXPECT_EQ(lines, 20);  // 1, 2, 4, ..., 524288
}
