#pragma once

#include <string_view>

namespace classroom::protocol {

// True when text is well-formed UTF-8 (no overlongs, no surrogates, nothing
// above U+10FFFF) and holds no control character (C0, DEL, C1) other than tab
// and newline.
// Text from a classroom PC ends up on the trainer's screen; control characters
// and broken sequences never do.
bool isCleanUtf8(std::string_view text);

}  // namespace classroom::protocol
