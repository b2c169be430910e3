#pragma once

#include <cstdint>

namespace classroom::log {

// True for the 1st, 2nd, 4th, 8th, ... occurrence of something. Problems a
// hostile peer can repeat at will are logged with their running count this way:
// the first one is always seen, a flood cannot fill the disk.
constexpr bool isWorthLogging(std::uint64_t count)
{
    return count != 0 && (count & (count - 1)) == 0;
}

}  // namespace classroom::log
