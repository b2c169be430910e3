#pragma once

#include <charconv>
#include <cstdint>
#include <string>
#include <vector>

namespace classroom::storage {

// "3,0,12" <-> {3, 0, 12}: how lists of question numbers and answer choices
// are kept in a TEXT column (console.db and agent.db). Parsing skips what is
// not a number, so a damaged cell gives fewer numbers, never a crash.
inline std::string joinNumbers(const std::vector<std::uint32_t>& numbers)
{
    std::string out;
    for (std::uint32_t number : numbers)
        out += (out.empty() ? "" : ",") + std::to_string(number);
    return out;
}

inline std::vector<std::uint32_t> splitNumbers(const std::string& text)
{
    std::vector<std::uint32_t> numbers;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find(',', start);
        if (end == std::string::npos)
            end = text.size();
        std::uint32_t value = 0;
        const char* first = text.data() + start;
        const char* last = text.data() + end;
        if (first != last && std::from_chars(first, last, value).ptr == last)
            numbers.push_back(value);
        start = end + 1;
    }
    return numbers;
}

}  // namespace classroom::storage
