#include "common/module/ModuleManifest.h"

#include "common/config/ConfigFile.h"

#include <algorithm>
#include <charconv>
#include <set>
#include <sstream>

namespace classroom::module {
namespace {

std::string trim(std::string_view text)
{
    const auto first = text.find_first_not_of(" \t\r");
    if (first == std::string_view::npos)
        return {};
    const auto last = text.find_last_not_of(" \t\r");
    return std::string(text.substr(first, last - first + 1));
}

const std::vector<std::string>& knownKeys()
{
    static const std::vector<std::string> keys{"title",     "language", "version", "author",
                                               "duration",  "objective", "page",   "questions"};
    return keys;
}

}  // namespace

std::string describe(const Problem& problem)
{
    if (problem.file.empty())
        return problem.message;
    if (problem.line > 0)
        return problem.file + ":" + std::to_string(problem.line) + ": " + problem.message;
    return problem.file + ": " + problem.message;
}

ModuleManifest parseManifest(const std::string& text, std::vector<Problem>& problems)
{
    ModuleManifest manifest;
    auto report = [&](int line, std::string message) {
        problems.push_back({kManifestFileName, line, std::move(message)});
    };
    std::set<std::string> seenSingle;
    std::set<std::string> seenPages;
    std::istringstream in(text);
    std::string raw;
    int number = 0;
    while (std::getline(in, raw)) {
        ++number;
        if (number == 1 && raw.rfind("\xEF\xBB\xBF", 0) == 0)
            raw.erase(0, 3);  // a byte-order mark some Windows editors add
        const std::string line = trim(raw);
        if (line.empty() || line[0] == '#')
            continue;
        const auto colon = line.find(':');
        if (colon == std::string::npos) {
            report(number, "expected 'key: value' (for example 'title: Staying safe online')");
            continue;
        }
        const std::string key = trim(std::string_view(line).substr(0, colon));
        const std::string value = trim(std::string_view(line).substr(colon + 1));
        const auto& keys = knownKeys();
        if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
            std::string message = "unknown key '" + key.substr(0, 40) + "'";
            if (auto suggestion = config::closestKey(key, keys))
                message += " (did you mean '" + *suggestion + "'?)";
            report(number, message);
            continue;
        }
        if (value.empty()) {
            report(number, "'" + key + "' has no value");
            continue;
        }
        if (value.size() > kMaxManifestValueBytes) {
            report(number, "the value of '" + key + "' is longer than " + std::to_string(kMaxManifestValueBytes) +
                               " characters");
            continue;
        }
        const bool repeatable = key == "objective" || key == "page";
        if (!repeatable && !seenSingle.insert(key).second) {
            report(number, "'" + key + "' is given twice");
            continue;
        }
        if (key == "title") {
            manifest.title = value;
        } else if (key == "language") {
            // A language tag as in "en", "fr", "pt-BR".
            const bool valid = value.size() <= 12 && std::isalpha(static_cast<unsigned char>(value[0])) &&
                               std::all_of(value.begin(), value.end(), [](char c) {
                                   return std::isalnum(static_cast<unsigned char>(c)) || c == '-';
                               });
            if (!valid)
                report(number, "'" + value.substr(0, 40) + "' is not a language code (for example 'en' or 'fr')");
            manifest.language = value;
        } else if (key == "version") {
            manifest.version = value;
        } else if (key == "author") {
            manifest.author = value;
        } else if (key == "duration") {
            int minutes = 0;
            std::string digits = value;
            if (digits.size() > 8 && digits.substr(digits.size() - 8) == " minutes")
                digits = trim(digits.substr(0, digits.size() - 8));
            const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), minutes);
            if (error != std::errc() || end != digits.data() + digits.size() || minutes < 1 || minutes > 6000)
                report(number, "'duration' must be a number of minutes from 1 to 6000, not '" + value.substr(0, 40) + "'");
            else
                manifest.durationMinutes = minutes;
        } else if (key == "objective") {
            manifest.objectives.push_back(value);
        } else if (key == "page") {
            if (!seenPages.insert(value).second) {
                report(number, "page '" + value + "' is listed twice");
                continue;
            }
            if (static_cast<int>(manifest.pages.size()) >= kMaxPages) {
                report(number, "more than " + std::to_string(kMaxPages) + " pages");
                continue;
            }
            manifest.pages.push_back(value);
            manifest.pageLines.push_back(number);
        } else if (key == "questions") {
            manifest.questions = value;
            manifest.questionsLine = number;
        }
    }
    for (const char* required : {"title", "language", "version"})
        if (seenSingle.count(required) == 0)
            report(0, std::string("'") + required + "' is missing");
    if (manifest.pages.empty())
        report(0, "no 'page' is listed; a module needs at least one page");
    return manifest;
}

}  // namespace classroom::module
