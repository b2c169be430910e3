// Feeds arbitrary bytes to the decoder. It must never crash, leak, throw or
// allocate beyond libFuzzer's -malloc_limit_mb, and whatever it accepts must
// survive encode -> decode unchanged, with an encoding that is stable.
#include "protocol/Codec.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace classroom::protocol;
    const DecodeResult first = decode({data, size});
    if (!first.ok())
        return 0;
    const Bytes encoded = encode(first.envelope());
    const DecodeResult second = decode(encoded);
    if (!second.ok() || !(second.envelope() == first.envelope()))
        std::abort();
    if (encode(second.envelope()) != encoded)
        std::abort();
    return 0;
}
