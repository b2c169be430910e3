#pragma once

#include "common/Result.h"
#include "teacher-console/core/QuizResults.h"

#include <QString>

#include <filesystem>

// The files a trainer takes away from a session: the answers and the learners'
// totals as CSV for a spreadsheet, and a printable A4 report as PDF.
//
// Every export replaces its target only once it is complete (a temporary file
// next to it, then a rename), so a failed save never leaves half a file where
// a good one was. Learner text is hostile: the CSV files defuse spreadsheet
// formulas, the PDF escapes HTML.
namespace classroom::console {

// One row per answer, in the order the answers arrived, header row first.
// UTF-8 with a byte order mark, RFC 4180 quoting, CRLF line ends.
Result<void> writeAnswersCsv(const SessionReport& report, const std::filesystem::path& file);

// One row per learner with their totals, header row first; same format.
Result<void> writeLearnersCsv(const SessionReport& report, const std::filesystem::path& file);

// The session on A4 pages: the questions with how they were answered, the
// learners with their totals, "Page 2 of 3" at the foot of each page.
// Needs a QGuiApplication (fonts).
Result<void> writeReportPdf(const SessionReport& report, const std::filesystem::path& file);

// "session-12-2026-11-23": the name, without extension, a save dialog offers.
QString reportFileBaseName(const SessionReport& report);

}  // namespace classroom::console
