#pragma once

#include "common/module/Gift.h"
#include "common/quiz/Response.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

// Grading and describing answers to GIFT questions, shared by the console
// (which grades and reports) and the agent (which shows the learner their own
// result once the trainer reveals it). Every question is worth one point; a
// score is the fraction of it earned, 0.0 to 1.0.
namespace classroom::quiz {

using module::gift::Question;
using module::gift::QuestionType;

// Nothing when `response` has the shape the question's type needs (see
// Response.h), otherwise why not, in plain words ("this question takes one
// choice, not 2", "choice 7 does not exist: this question has 4 choices",
// "the answer is empty"; choices counted from 1, as a trainer counts them).
// A wrong answer of the right shape is fine: that is for grade().
std::optional<std::string> checkResponse(const Question& question, const Response& response);

// The fraction earned, 0.0..1.0, following Moodle: the weight of the chosen
// answer (multiple choice), the sum of the chosen weights clamped to 0..1
// (multiple response; negative weights take points away), the best-weighted
// accepted answer that matches, case-insensitively with spaces trimmed and
// collapsed, a '*' in it matching any text as in Moodle (short answer), the
// best-weighted answer whose range holds the number (numerical; "*" matches
// any number no other answer holds), the share of pairs matched correctly
// (matching). Nothing for an essay (the trainer grades it) or a
// description. A response that fails checkResponse() scores 0.
std::optional<double> grade(const Question& question, const Response& response);

// The choices a learner picks from, in the order Response::choices counts
// them (the file's order; the agent shows them shuffled): the answer texts
// (multiple choice and response), "True" and "False" (true/false), nothing
// for the other types.
std::vector<std::string> choiceLabels(const Question& question);

// Matching: the left-hand items (indexes into question.answers of the answers
// with a non-empty text, in file order) and the right-hand options (every
// distinct `match` text, in file order, including extra wrong ones).
std::vector<std::size_t> matchingItems(const Question& question);
std::vector<std::string> matchingOptions(const Question& question);

// A number as a learner may type it: optional sign, digits with '.' or ','
// as the decimal separator, spaces between digit groups, an exponent.
// Nothing for anything else ("abc", "", "1.2.3").
std::optional<double> parseNumber(const std::string& text);

// The response in words, for the trainer's screens and the exports:
// "Use a passphrase", "Lock screen; Strong password" (multiple response, in
// the question's order), "True", "3.5" (as typed), "Bank -> Never give your
// PIN; Email -> (no choice)" (matching), the text itself for short answers
// and essays, all trimmed. "(no answer)" for an empty one, "(not a valid
// answer: <why>)" for one that fails checkResponse().
std::string describeResponse(const Question& question, const Response& response);

// The right answer in words, for the reveal on the learner's screen and the
// report: every answer with full marks ("Paris or paris city"; the best-weighted
// ones when none has full marks), every answer that earns points for multiple
// response ("Lock screen; Strong password"), the range for numerical
// ("1822 (±5)", "1 to 5"), the pairs for matching; empty for essay and
// description.
std::string correctAnswerText(const Question& question);

// What the learner should read after the reveal: the feedback of the answers
// they chose (true/false: feedbackRight or feedbackWrong) followed by the
// general feedback, separated by blank lines. May be empty.
std::string feedbackFor(const Question& question, const Response& response);

// The bars a trainer sees for a question, and which bars one response counts
// towards. Choice questions: one bar per choice label, a response counts
// towards every choice it picked. Short answer and numerical: one bar per
// distinct normalised answer (same normalisation as grading; numbers by
// value, so "3,5" and "3.50" are both "3.5"), at most kMaxTextBars, the rest
// in "Other answers": one response gives its own bar's label, and the caller
// caps the bars it counted with limitTextBars(). Matching: "All pairs right",
// "Some pairs right", "No pair right". Essay: "Answered". Nothing for a
// description or a response that fails checkResponse().
inline constexpr std::size_t kMaxTextBars = 8;
inline constexpr const char* kOtherAnswersLabel = "Other answers";
std::vector<std::string> distributionLabelsFor(const Question& question, const Response& response);

// Short answer and numerical: the counted bars (label -> learners, in the
// order first seen) cut down to the kMaxTextBars biggest, biggest first (ties
// in the order first seen), the rest added up in a last "Other answers" bar.
// A free-text question has as many answers as learners; thirty bars of one
// learner each tell a trainer nothing.
std::vector<std::pair<std::string, int>> limitTextBars(const std::vector<std::pair<std::string, int>>& bars);

}  // namespace classroom::quiz
