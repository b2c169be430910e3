#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

// Moodle's GIFT question format, read the way Moodle's importer reads it so
// trainers can bring the files they already have (https://docs.moodle.org/en/GIFT_format):
//
//   // a comment line
//   $CATEGORY: Safety/Passwords
//
//   ::Strong passwords::[markdown]Which password is **strongest**? {
//     =correct horse battery staple#Long beats clever.
//     ~P@ssw0rd#Too short and too common.
//     ~%25%Tr0ub4dor&3#Better, but short.
//   }
//
// Questions are separated by blank lines. The parser never throws and never
// stops at the first mistake: every problem is reported with its line, in
// words an author understands, and parsing goes on with the next question so
// one run shows all of them. Only questions without any problem are returned.
//
// Where this parser is stricter or kinder than Moodle:
// - a backslash before anything but ~ = # { } : n or another backslash is an
//   error (Moodle keeps it silently, which hides typos like "\}");
// - text before the first '=' or '~' of a multiple choice or matching block
//   is an error (Moodle turns it into an unmarked answer);
// - "true"/"false" are accepted in any letter case;
// - a "$CATEGORY:" line also ends the question before it, so a forgotten
//   blank line does not glue it onto that question.
namespace classroom::module::gift {

// Bounds that keep a hostile or broken file from costing unbounded memory or
// time. Each is far above what a classroom quiz needs; going past one is an
// error with its line, never a crash.
inline constexpr std::size_t kMaxQuestions = 1000;  // per file; a module of a few hours asks a few dozen
inline constexpr std::size_t kMaxAnswers = 100;     // per question; Moodle's forms offer about a dozen
inline constexpr std::size_t kMaxTextBytes = 64 * 1024;  // per text: title, question, answer, feedback, category
// The source of one question (text, answers and feedback together). Parsing
// keeps a few bytes of bookkeeping per source byte, so this bounds the memory
// one question can cost.
inline constexpr std::size_t kMaxQuestionBytes = 1024 * 1024;
// After this many problems parsing stops: a file this broken is probably not
// GIFT at all, and the list would be too long to read anyway.
inline constexpr std::size_t kMaxErrors = 500;
inline constexpr double kMinWeight = -100.0;  // percent; Moodle's lowest grade for an answer
inline constexpr double kMaxWeight = 100.0;

// Decided by the answer block, as Moodle decides it: no block is a
// description, "{}" an essay, "{#...}" numerical, a '~' makes it multiple
// choice (multiple response when no answer is marked '='), '=' with '->'
// matching, T/F true/false, anything else short answer.
enum class QuestionType {
    Description,
    Essay,
    MultipleChoice,
    MultipleResponse,
    TrueFalse,
    ShortAnswer,
    Numerical,
    Matching,
};

// The "[markdown]"-style prefix of the question text; Moodle is Moodle's own
// "auto-format", used when there is no prefix.
enum class TextFormat { Moodle, Plain, Markdown, Html };

// All texts have their escapes resolved and surrounding whitespace trimmed.
struct Answer {
    int line = 0;          // where the answer starts (its '=' or '~'), for messages
    std::string text;      // numerical: the value as written ("1822:5", "1..5", "*")
    double weight = 0.0;   // percent, kMinWeight..kMaxWeight: '=' is 100, '~' is 0 unless "%n%" is given
    std::string feedback;  // after '#'

    // Numerical only. "value:tolerance" and a bare value set value and
    // tolerance, and min/max to value -/+ tolerance; "min..max" sets min and
    // max, isRange, and value/tolerance to the middle and half the width.
    double value = 0.0;
    double tolerance = 0.0;
    double min = 0.0;
    double max = 0.0;
    bool isRange = false;
    bool anyValue = false;  // "*" or a bare "~#feedback": any number no other answer matches

    // Matching only: `text -> match`. An empty text is an extra wrong choice
    // on the right side, as in Moodle. weight is unused.
    std::string match;

    bool operator==(const Answer&) const = default;
};

struct Question {
    int line = 0;              // first line of the question (after comments and a $CATEGORY: line)
    std::string title;         // from "::title::"; empty when none is given
    std::string category;      // the last "$CATEGORY:" before the question; empty when none
    TextFormat format = TextFormat::Moodle;
    // The question text. For a missing-word question (text on both sides of
    // the block) the text before the blank; text and textAfter then keep one
    // space next to the blank where the author wrote whitespace, so
    // "is {=Paris}." puts no space before the full stop.
    std::string text;
    std::string textAfter;  // missing word only: the text after the blank
    bool missingWord = false;
    QuestionType type = QuestionType::Description;
    std::vector<Answer> answers;  // empty for description, essay and true/false
    std::string generalFeedback;  // after "####", shown whatever was answered

    // True/false only: "{T#feedbackWrong#feedbackRight}".
    bool correct = false;
    std::string feedbackWrong;  // shown to someone who answered wrongly
    std::string feedbackRight;  // shown to someone who answered rightly

    bool operator==(const Question&) const = default;
};

struct ParseError {
    int line = 0;  // 1-based, where the problem is; 0 only when the file as a whole could not be read
    std::string message;

    bool operator==(const ParseError&) const = default;
};

struct ParseResult {
    std::vector<Question> questions;  // in file order, only those without problems
    std::vector<ParseError> errors;   // in file order

    bool operator==(const ParseResult&) const = default;
};

// `text` is the content of a .gift file, expected to be UTF-8; a byte order
// mark and CRLF line endings are accepted.
ParseResult parse(std::string_view text);

// Words a trainer understands: "multiple choice", "true/false", ...
std::string_view toString(QuestionType type);
std::string_view toString(TextFormat format);

}  // namespace classroom::module::gift
