#pragma once

#include "common/Result.h"

#include <string>
#include <vector>

// module.txt, the manifest an author writes with a text editor:
//
//   # comment
//   title: Staying safe online
//   language: en
//   version: 1.0
//   author: Classroom project
//   duration: 45                      (minutes)
//   objective: Spot a message that tries to trick you      (repeatable)
//   page: pages/01-welcome.md                              (repeatable, in order)
//   questions: questions.gift                              (optional)
//
// Keys are case-sensitive; title, language, version and at least one page are
// required. Every problem is reported with its line; parsing goes on after an
// error so an author sees all of them at once.
namespace classroom::module {

inline constexpr const char* kManifestFileName = "module.txt";

struct Problem {
    std::string file;  // relative to the module folder; empty for the module as a whole
    int line = 0;      // 1-based; 0 when the problem is not about one line
    std::string message;
};

// "file:line: message", or "file: message" without a line.
std::string describe(const Problem& problem);

struct ModuleManifest {
    std::string title;
    std::string language;
    std::string version;
    std::string author;
    int durationMinutes = 0;  // 0 when not given
    std::vector<std::string> objectives;
    std::vector<std::string> pages;  // relative paths, in reading order
    std::vector<int> pageLines;      // the manifest line of each page, for messages
    std::string questions;           // relative path of the GIFT file, may be empty
    int questionsLine = 0;
};

inline constexpr int kMaxPages = 500;
inline constexpr std::size_t kMaxManifestValueBytes = 500;

// Parses the manifest text; problems are appended to `problems` (file
// kManifestFileName). The result is usable only if no problem was added.
ModuleManifest parseManifest(const std::string& text, std::vector<Problem>& problems);

}  // namespace classroom::module
