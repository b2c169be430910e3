#pragma once

#include "common/Result.h"

#include <QString>

#include <optional>
#include <string>
#include <vector>

namespace classroom::console {

// Learner codes: what a learner's answers are filed under instead of a name
// (prisons often forbid names on classroom PCs). 1 to 32 characters, no
// control characters, spaces at either end dropped.
inline constexpr int kMaxLearnerCodeLength = 32;

// The code as stored, or why it cannot be one, in plain words.
Result<QString> normaliseLearnerCode(const QString& code);

struct RosterLine {
    int line = 0;    // 1-based, for messages
    QString seat;    // a seat name ("PC 3") or a computer name ("pc-03")
    QString code;
};

// A roster exported from a spreadsheet: "seat,code" per line (a ';' or a
// tab works too, as spreadsheets in many countries write them), an optional
// header line naming the columns, '#' comments and blank lines ignored,
// quotes as in RFC 4180, UTF-8 with or without a byte order mark. Every bad
// line is reported as "roster.csv:4: reason"; nothing is returned then.
Result<std::vector<RosterLine>> parseRoster(const std::string& text, const std::string& source);

}  // namespace classroom::console
