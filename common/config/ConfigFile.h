#pragma once

#include "common/Result.h"

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace classroom::config {

// A settings file of `key = value` lines, `#` comments and blank lines, the
// format of most files under /etc. Every error names the file, the line, the
// key and what was expected, so IT staff can fix it without reading code.
class ConfigFile {
public:
    struct Entry {
        std::string value;
        int line = 0;
    };

    // Parses `text`; `source` names it in messages. A key not in `knownKeys` is
    // an error (with a suggestion when it looks like a typo of a known key).
    static Result<ConfigFile> parse(const std::string& text, const std::string& source,
                                    const std::vector<std::string>& knownKeys);
    static Result<ConfigFile> load(const std::filesystem::path& file, const std::vector<std::string>& knownKeys);

    bool has(const std::string& key) const { return m_entries.count(key) != 0; }
    std::string text(const std::string& key, const std::string& fallback) const;
    Result<std::int64_t> integer(const std::string& key, std::int64_t fallback, std::int64_t min, std::int64_t max) const;
    Result<bool> boolean(const std::string& key, bool fallback) const;
    Result<std::string> oneOf(const std::string& key, const std::string& fallback,
                              const std::vector<std::string>& allowed) const;

    // "file:line: key 'x': " — the prefix of every message about a value.
    std::string where(const std::string& key) const;
    const std::string& source() const { return m_source; }

private:
    std::string m_source;
    std::map<std::string, Entry> m_entries;
};

// The known key closest to `key` by edit distance, if close enough to be a typo.
std::optional<std::string> closestKey(const std::string& key, const std::vector<std::string>& knownKeys);

}  // namespace classroom::config
