#include "protocol/Utf8.h"

#include <cstdint>

namespace classroom::protocol {

bool isCleanUtf8(std::string_view text)
{
    const auto* p = reinterpret_cast<const std::uint8_t*>(text.data());
    const auto* end = p + text.size();
    while (p < end) {
        const std::uint8_t c = *p;
        if (c < 0x80) {
            if (c < 0x20 && c != '\t' && c != '\n')
                return false;
            if (c == 0x7f)
                return false;
            ++p;
            continue;
        }
        int extra = 0;
        std::uint32_t cp = 0;
        if ((c & 0xe0) == 0xc0) {
            extra = 1;
            cp = c & 0x1f;
        } else if ((c & 0xf0) == 0xe0) {
            extra = 2;
            cp = c & 0x0f;
        } else if ((c & 0xf8) == 0xf0) {
            extra = 3;
            cp = c & 0x07;
        } else {
            return false;
        }
        if (end - p <= extra)
            return false;
        for (int i = 1; i <= extra; ++i) {
            if ((p[i] & 0xc0) != 0x80)
                return false;
            cp = (cp << 6) | (p[i] & 0x3f);
        }
        static constexpr std::uint32_t kMinForLength[] = {0, 0x80, 0x800, 0x10000};
        if (cp < kMinForLength[extra] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
            return false;
        if (cp >= 0x80 && cp < 0xa0)  // C1 controls
            return false;
        p += extra + 1;
    }
    return true;
}

}  // namespace classroom::protocol
