#include "common/config/ConfigFile.h"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>
#include <sstream>

namespace classroom::config {
namespace {

constexpr std::size_t kMaxConfigBytes = 256 * 1024;  // a settings file, not a data dump

std::string trim(const std::string& text)
{
    const auto begin = text.find_first_not_of(" \t\r");
    if (begin == std::string::npos)
        return {};
    const auto end = text.find_last_not_of(" \t\r");
    return text.substr(begin, end - begin + 1);
}

std::size_t editDistance(const std::string& a, const std::string& b)
{
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j)
        row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

}  // namespace

std::optional<std::string> closestKey(const std::string& key, const std::vector<std::string>& knownKeys)
{
    std::optional<std::string> best;
    std::size_t bestDistance = std::max<std::size_t>(3, key.size() / 3) + 1;
    for (const std::string& known : knownKeys) {
        const std::size_t distance = editDistance(key, known);
        if (distance < bestDistance) {
            bestDistance = distance;
            best = known;
        }
    }
    return best;
}

Result<ConfigFile> ConfigFile::parse(const std::string& text, const std::string& source,
                                     const std::vector<std::string>& knownKeys)
{
    using R = Result<ConfigFile>;
    ConfigFile config;
    config.m_source = source;
    std::istringstream in(text);
    std::string raw;
    int lineNumber = 0;
    while (std::getline(in, raw)) {
        ++lineNumber;
        const std::string line = trim(raw);
        if (line.empty() || line[0] == '#')
            continue;
        const std::string at = source + ":" + std::to_string(lineNumber) + ": ";
        const auto equals = line.find('=');
        if (equals == std::string::npos)
            return R::failure(at + "expected 'key = value', got '" + line + "'");
        const std::string key = trim(line.substr(0, equals));
        const std::string value = trim(line.substr(equals + 1));
        if (key.empty())
            return R::failure(at + "a line starts with '=' but has no key");
        if (std::find(knownKeys.begin(), knownKeys.end(), key) == knownKeys.end()) {
            std::string message = at + "unknown key '" + key + "'";
            if (auto suggestion = closestKey(key, knownKeys))
                message += " (did you mean '" + *suggestion + "'?)";
            return R::failure(message);
        }
        if (config.m_entries.count(key))
            return R::failure(at + "key '" + key + "' is already set on line " +
                              std::to_string(config.m_entries[key].line));
        config.m_entries[key] = Entry{value, lineNumber};
    }
    return R::success(std::move(config));
}

Result<ConfigFile> ConfigFile::load(const std::filesystem::path& file, const std::vector<std::string>& knownKeys)
{
    using R = Result<ConfigFile>;
    std::ifstream in(file, std::ios::binary);
    if (!in)
        return R::failure("cannot read settings file " + file.string() + ": " + std::strerror(errno));
    std::string text(kMaxConfigBytes + 1, '\0');
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<std::size_t>(in.gcount()));
    if (text.size() > kMaxConfigBytes)
        return R::failure("settings file " + file.string() + " is larger than 256 KiB; is it the right file?");
    return parse(text, file.string(), knownKeys);
}

std::string ConfigFile::where(const std::string& key) const
{
    const auto entry = m_entries.find(key);
    std::string prefix = m_source;
    if (entry != m_entries.end())
        prefix.append(":").append(std::to_string(entry->second.line));
    return prefix + ": key '" + key + "': ";
}

std::string ConfigFile::text(const std::string& key, const std::string& fallback) const
{
    const auto entry = m_entries.find(key);
    return entry == m_entries.end() ? fallback : entry->second.value;
}

Result<std::int64_t> ConfigFile::integer(const std::string& key, std::int64_t fallback, std::int64_t min,
                                         std::int64_t max) const
{
    using R = Result<std::int64_t>;
    const auto entry = m_entries.find(key);
    if (entry == m_entries.end())
        return R::success(fallback);
    const std::string& value = entry->second.value;
    std::int64_t number = 0;
    const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), number);
    if (error != std::errc() || end != value.data() + value.size() || number < min || number > max)
        return R::failure(where(key) + "expected a whole number from " + std::to_string(min) + " to " +
                          std::to_string(max) + ", got '" + value + "'");
    return R::success(number);
}

Result<bool> ConfigFile::boolean(const std::string& key, bool fallback) const
{
    const auto entry = m_entries.find(key);
    if (entry == m_entries.end())
        return Result<bool>::success(fallback);
    const std::string& value = entry->second.value;
    if (value == "true" || value == "yes" || value == "on" || value == "1")
        return Result<bool>::success(true);
    if (value == "false" || value == "no" || value == "off" || value == "0")
        return Result<bool>::success(false);
    return Result<bool>::failure(where(key) + "expected true or false, got '" + value + "'");
}

Result<std::string> ConfigFile::oneOf(const std::string& key, const std::string& fallback,
                                      const std::vector<std::string>& allowed) const
{
    const std::string value = text(key, fallback);
    if (std::find(allowed.begin(), allowed.end(), value) != allowed.end())
        return Result<std::string>::success(value);
    std::string list;
    for (const auto& option : allowed)
        list += (list.empty() ? "" : ", ") + option;
    return Result<std::string>::failure(where(key) + "expected one of " + list + ", got '" + value + "'");
}

}  // namespace classroom::config
