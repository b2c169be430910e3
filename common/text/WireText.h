#pragma once

#include <QString>

#include <cstddef>
#include <string>

namespace classroom::text {

enum class Newlines { Keep, Drop };

// Text a program is about to put on the wire: trimmed, without control
// characters (newlines kept only when asked) or non-characters, and cut to
// `maxBytes` of UTF-8 without splitting a character. The result always passes
// protocol::isCleanUtf8, so the peer's strict decoder never rejects it.
std::string toWireText(const QString& text, std::size_t maxBytes, Newlines newlines);

}  // namespace classroom::text
