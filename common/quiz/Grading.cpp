#include "common/quiz/Grading.h"

#include <QString>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <numeric>
#include <string_view>
#include <system_error>

// Every function here takes a response straight from the wire: a hostile
// agent chooses every number and byte of it. So each one checks the shape
// first (checkResponse) and indexes only what it checked; none throws.
namespace classroom::quiz {

namespace {

using module::gift::Answer;

// Far more than any number typed on purpose ("-1 234 567,891e-12" is 18
// characters), and it bounds the work done on a hostile one.
constexpr std::size_t kMaxNumberChars = 64;

// value - tolerance is computed in binary floating point, so "0.3:0.1" puts
// the lower edge a hair below 0.2. A learner who types the edge must not lose
// the point to rounding; Moodle adds a similar margin (MDL-13936).
constexpr double kEdgeSlack = 1e-12;

constexpr const char* kTrueLabel = "True";
constexpr const char* kFalseLabel = "False";
constexpr const char* kNoAnswer = "(no answer)";
constexpr const char* kNoChoiceMade = "(no choice)";
constexpr const char* kAnyNumber = "any number";
constexpr const char* kAllPairsRight = "All pairs right";
constexpr const char* kSomePairsRight = "Some pairs right";
constexpr const char* kNoPairRight = "No pair right";
constexpr const char* kAnswered = "Answered";

bool isChoiceType(QuestionType type)
{
    return type == QuestionType::MultipleChoice || type == QuestionType::MultipleResponse
        || type == QuestionType::TrueFalse;
}

bool isTextType(QuestionType type)
{
    return type == QuestionType::ShortAnswer || type == QuestionType::Numerical || type == QuestionType::Essay;
}

std::size_t choiceCount(const Question& question)
{
    return question.type == QuestionType::TrueFalse ? 2 : question.answers.size();
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

// Trimmed of Unicode spaces too: a no-break space alone is no answer either.
std::string trimmedText(const std::string& text)
{
    return QString::fromStdString(text).trimmed().toStdString();
}

// Choices as a trainer counts them, from 1; 64 bits so kNoChoice + 1 cannot wrap.
std::string counted(std::uint32_t index)
{
    return std::to_string(std::uint64_t{index} + 1);
}

double fraction(double percent)
{
    return std::isfinite(percent) ? std::clamp(percent / 100.0, 0.0, 1.0) : 0.0;
}

std::string joined(const std::vector<std::string>& parts, std::string_view separator)
{
    std::string out;
    for (const std::string& part : parts) {
        out += (out.empty() ? "" : std::string(separator)) + part;
    }
    return out;
}

// The chosen indexes in the question's order, so two learners who picked the
// same answers are described, counted and given feedback the same way.
std::vector<std::uint32_t> inQuestionOrder(std::vector<std::uint32_t> choices)
{
    std::sort(choices.begin(), choices.end());
    return choices;
}

std::string formatNumber(double value)
{
    char buffer[64];
    // "-0" would read as a different answer from "0".
    const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value == 0.0 ? 0.0 : value);
    return ec == std::errc() ? std::string(buffer, end) : std::string();
}

// The answer with the highest weight among those `accepts` takes, the first
// in file order among equals.
template <typename Predicate>
std::optional<std::size_t> bestAnswer(const Question& question, Predicate accepts)
{
    std::optional<std::size_t> best;
    for (std::size_t i = 0; i < question.answers.size(); ++i) {
        if (accepts(question.answers[i]) && (!best || question.answers[i].weight > question.answers[*best].weight)) {
            best = i;
        }
    }
    return best;
}

// The answers that earn the most, when any earns something: full marks in
// any sensible file, the best on offer otherwise.
std::vector<const Answer*> fullMarks(const Question& question)
{
    std::vector<const Answer*> out;
    const auto best = bestAnswer(question, [](const Answer&) { return true; });
    for (const Answer& answer : question.answers) {
        if (best && question.answers[*best].weight > 0 && answer.weight == question.answers[*best].weight) {
            out.push_back(&answer);
        }
    }
    return out;
}

// --- short answer ------------------------------------------------------------

// Case folding compares "ÉTÉ" with "été" as well as "Paris" with "paris";
// NFC makes an accent typed on a keyboard equal to one a Mac saved decomposed.
QString normalised(const std::string& text)
{
    return QString::fromStdString(text).toCaseFolded().normalized(QString::NormalizationForm_C).simplified();
}

// Moodle's short answer wildcard: a '*' matches any run of characters, even
// none ("*phishing*"). Backtracking only to the last '*' keeps it at worst
// text length times pattern length, never exponential as a regex can be.
bool matchesPattern(const QString& text, const QString& pattern)
{
    if (!pattern.contains(QLatin1Char('*'))) {
        return text == pattern;
    }
    qsizetype t = 0;
    qsizetype p = 0;
    qsizetype star = -1;
    qsizetype resume = 0;
    while (t < text.size()) {
        if (p < pattern.size() && pattern[p] == QLatin1Char('*')) {
            star = p++;
            resume = t;
        } else if (p < pattern.size() && pattern[p] == text[t]) {
            ++p;
            ++t;
        } else if (star >= 0) {
            p = star + 1;
            t = ++resume;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == QLatin1Char('*')) {
        ++p;
    }
    return p == pattern.size();
}

std::optional<std::size_t> bestShortAnswer(const Question& question, const std::string& text)
{
    const QString given = normalised(text);
    return bestAnswer(question, [&given](const Answer& a) { return matchesPattern(given, normalised(a.text)); });
}

// --- numerical ---------------------------------------------------------------

bool holds(const Answer& answer, double value)
{
    const double slack = kEdgeSlack * std::max(std::abs(answer.min), std::abs(answer.max));
    return value >= answer.min - slack && value <= answer.max + slack;
}

std::optional<std::size_t> bestNumericalAnswer(const Question& question, double value)
{
    if (const auto best = bestAnswer(question, [value](const Answer& a) { return !a.anyValue && holds(a, value); })) {
        return best;
    }
    return bestAnswer(question, [](const Answer& a) { return a.anyValue; });
}

std::string numberAnswerText(const Answer& answer)
{
    if (answer.anyValue) {
        return kAnyNumber;
    }
    if (answer.isRange) {
        return formatNumber(answer.min) + " to " + formatNumber(answer.max);
    }
    if (answer.tolerance > 0) {
        return formatNumber(answer.value) + " (±" + formatNumber(answer.tolerance) + ")";
    }
    return formatNumber(answer.value);
}

// --- matching ----------------------------------------------------------------

std::size_t rightPairs(const Question& question, const Response& response)
{
    const std::vector<std::size_t> items = matchingItems(question);
    const std::vector<std::string> options = matchingOptions(question);
    std::size_t right = 0;
    for (std::size_t k = 0; k < items.size() && k < response.choices.size(); ++k) {
        const std::uint32_t chosen = response.choices[k];
        right += chosen < options.size() && options[chosen] == question.answers[items[k]].match ? 1 : 0;
    }
    return right;
}

std::string describeMatching(const Question& question, const Response& response)
{
    const std::vector<std::size_t> items = matchingItems(question);
    const std::vector<std::string> options = matchingOptions(question);
    std::vector<std::string> pairs;
    for (std::size_t k = 0; k < items.size() && k < response.choices.size(); ++k) {
        const std::uint32_t chosen = response.choices[k];
        pairs.push_back(question.answers[items[k]].text + " -> "
                        + (chosen < options.size() ? options[chosen] : std::string(kNoChoiceMade)));
    }
    return joined(pairs, "; ");
}

// --- checks ------------------------------------------------------------------

bool choseNothing(const Response& response)
{
    return std::all_of(response.choices.begin(), response.choices.end(),
                       [](std::uint32_t c) { return c == kNoChoice; });
}

std::optional<std::string> checkChoices(const Question& question, const Response& response)
{
    if (!response.text.empty()) {
        return "this question is answered by choosing, not by typing";
    }
    if (response.choices.empty() || choseNothing(response)) {
        return "no choice was made";
    }
    const std::size_t count = choiceCount(question);
    const bool several = question.type == QuestionType::MultipleResponse;
    if (!several && response.choices.size() > 1) {
        return "this question takes one choice, not " + std::to_string(response.choices.size());
    }
    // Before looking at each one: a thousand choices are refused without a thousand checks.
    if (response.choices.size() > count) {
        return "this question has " + std::to_string(count) + " choices, but "
            + std::to_string(response.choices.size()) + " were chosen";
    }
    for (const std::uint32_t chosen : response.choices) {
        if (chosen == kNoChoice) {
            return "one of the choices is empty";
        }
        if (chosen >= count) {
            return "choice " + counted(chosen) + " does not exist: this question has " + std::to_string(count)
                + " choices";
        }
    }
    const std::vector<std::uint32_t> sorted = inQuestionOrder(response.choices);
    const auto twice = std::adjacent_find(sorted.begin(), sorted.end());
    if (twice != sorted.end()) {
        return "choice " + counted(*twice) + " was chosen twice";
    }
    return std::nullopt;
}

std::optional<std::string> checkText(const Question& question, const Response& response)
{
    if (!response.choices.empty()) {
        return "this question is answered by typing, not by choosing";
    }
    if (trimmedText(response.text).empty()) {
        return "the answer is empty";
    }
    if (question.type == QuestionType::Numerical && !parseNumber(response.text)) {
        return "that is not a number";
    }
    return std::nullopt;
}

std::optional<std::string> checkMatching(const Question& question, const Response& response)
{
    if (!response.text.empty()) {
        return "this question is answered by matching, not by typing";
    }
    const std::size_t items = matchingItems(question).size();
    if (response.choices.size() != items) {
        return "this question has " + std::to_string(items) + " items to match, but the answer has "
            + std::to_string(response.choices.size());
    }
    const std::size_t options = matchingOptions(question).size();
    for (const std::uint32_t chosen : response.choices) {
        if (chosen != kNoChoice && chosen >= options) {
            return "option " + counted(chosen) + " does not exist: this question has " + std::to_string(options)
                + " options";
        }
    }
    return std::nullopt;
}

bool isValid(const Question& question, const Response& response)
{
    return !checkResponse(question, response).has_value();
}

bool isEmpty(const Response& response)
{
    return choseNothing(response) && trimmedText(response.text).empty();
}

// The feedback of what the learner chose; only called for a valid response.
std::vector<std::string> chosenFeedback(const Question& question, const Response& response)
{
    std::vector<std::string> out;
    const auto feedbackOf = [&question, &out](std::optional<std::size_t> answer) {
        if (answer) {
            out.push_back(question.answers[*answer].feedback);
        }
    };
    switch (question.type) {
    case QuestionType::MultipleChoice:
    case QuestionType::MultipleResponse:
        for (const std::uint32_t chosen : inQuestionOrder(response.choices)) {
            feedbackOf(chosen);
        }
        break;
    case QuestionType::TrueFalse:
        out.push_back((response.choices.front() == 0) == question.correct ? question.feedbackRight
                                                                          : question.feedbackWrong);
        break;
    case QuestionType::ShortAnswer: feedbackOf(bestShortAnswer(question, response.text)); break;
    case QuestionType::Numerical:
        feedbackOf(bestNumericalAnswer(question, parseNumber(response.text).value_or(0.0)));
        break;
    default: break;
    }
    return out;
}

// Only called for a valid response to a choice question.
std::vector<std::string> chosenLabels(const Question& question, const Response& response)
{
    const std::vector<std::string> labels = choiceLabels(question);
    std::vector<std::string> chosen;
    for (const std::uint32_t c : inQuestionOrder(response.choices)) {
        chosen.push_back(labels[c]);
    }
    return chosen;
}

}  // namespace

std::optional<std::string> checkResponse(const Question& question, const Response& response)
{
    if (isChoiceType(question.type)) {
        return checkChoices(question, response);
    }
    if (isTextType(question.type)) {
        return checkText(question, response);
    }
    if (question.type == QuestionType::Matching) {
        return checkMatching(question, response);
    }
    return std::string("this is a description, not a question: there is nothing to answer");
}

std::optional<double> grade(const Question& question, const Response& response)
{
    if (question.type == QuestionType::Essay || question.type == QuestionType::Description) {
        return std::nullopt;
    }
    if (!isValid(question, response)) {
        return 0.0;
    }
    switch (question.type) {
    case QuestionType::MultipleChoice: return fraction(question.answers[response.choices.front()].weight);
    case QuestionType::MultipleResponse: {
        double percent = 0.0;
        for (const std::uint32_t chosen : response.choices) {
            percent += question.answers[chosen].weight;
        }
        return fraction(percent);
    }
    case QuestionType::TrueFalse: return (response.choices.front() == 0) == question.correct ? 1.0 : 0.0;
    case QuestionType::ShortAnswer: {
        const auto best = bestShortAnswer(question, response.text);
        return best ? fraction(question.answers[*best].weight) : 0.0;
    }
    case QuestionType::Numerical: {
        const auto best = bestNumericalAnswer(question, parseNumber(response.text).value_or(0.0));
        return best ? fraction(question.answers[*best].weight) : 0.0;
    }
    case QuestionType::Matching: {
        const std::size_t items = matchingItems(question).size();
        return items == 0 ? 0.0 : static_cast<double>(rightPairs(question, response)) / static_cast<double>(items);
    }
    default: return 0.0;
    }
}

std::vector<std::string> choiceLabels(const Question& question)
{
    if (question.type == QuestionType::TrueFalse) {
        return {kTrueLabel, kFalseLabel};
    }
    std::vector<std::string> labels;
    if (question.type == QuestionType::MultipleChoice || question.type == QuestionType::MultipleResponse) {
        for (const Answer& answer : question.answers) {
            labels.push_back(answer.text);
        }
    }
    return labels;
}

std::vector<std::size_t> matchingItems(const Question& question)
{
    std::vector<std::size_t> items;
    if (question.type == QuestionType::Matching) {
        for (std::size_t i = 0; i < question.answers.size(); ++i) {
            if (!question.answers[i].text.empty()) {
                items.push_back(i);
            }
        }
    }
    return items;
}

std::vector<std::string> matchingOptions(const Question& question)
{
    std::vector<std::string> options;
    if (question.type == QuestionType::Matching) {
        for (const Answer& answer : question.answers) {
            if (std::find(options.begin(), options.end(), answer.match) == options.end()) {
                options.push_back(answer.match);
            }
        }
    }
    return options;
}

// The comma is read as a decimal separator, never as a thousands separator:
// "3,5" is 3.5 as most of Europe writes it, so "1,822" is 1.822. Groups of
// digits are separated by spaces, which nobody reads as decimals.
std::optional<double> parseNumber(const std::string& text)
{
    if (text.size() > kMaxNumberChars) {
        return std::nullopt;
    }
    const QString trimmed = QString::fromStdString(text).trimmed();
    const std::string s = trimmed.toStdString();
    std::string plain;  // what std::from_chars reads: '-', digits, '.', exponent
    std::size_t i = 0;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
        plain += s[i] == '-' ? "-" : "";
        ++i;
    }
    bool digits = false;
    bool separator = false;
    for (; i < s.size(); ++i) {
        const char c = s[i];
        if (isDigit(c)) {
            plain += c;
            digits = true;
        } else if ((c == '.' || c == ',') && !separator) {
            plain += '.';
            separator = true;
        } else if (c == ' ' && i > 0 && isDigit(s[i - 1]) && i + 1 < s.size() && isDigit(s[i + 1])) {
            // "1 822": a space only ever between two digits.
        } else {
            break;
        }
    }
    if (!digits) {
        return std::nullopt;
    }
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        plain += 'e';
        ++i;
        if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
            plain += s[i++];
        }
        const std::size_t exponentStart = i;
        while (i < s.size() && isDigit(s[i])) {
            plain += s[i++];
        }
        if (i == exponentStart) {
            return std::nullopt;
        }
    }
    if (i != s.size()) {
        return std::nullopt;
    }
    double value = 0.0;
    const auto [end, ec] = std::from_chars(plain.data(), plain.data() + plain.size(), value);
    if (ec != std::errc() || end != plain.data() + plain.size() || !std::isfinite(value)) {
        return std::nullopt;
    }
    return value;
}

std::string describeResponse(const Question& question, const Response& response)
{
    if (isEmpty(response)) {
        return kNoAnswer;
    }
    if (const auto why = checkResponse(question, response)) {
        return "(not a valid answer: " + *why + ")";
    }
    switch (question.type) {
    case QuestionType::MultipleChoice:
    case QuestionType::MultipleResponse:
    case QuestionType::TrueFalse: return joined(chosenLabels(question, response), "; ");
    case QuestionType::Matching: return describeMatching(question, response);
    default: return trimmedText(response.text);
    }
}

std::string correctAnswerText(const Question& question)
{
    std::vector<std::string> parts;
    switch (question.type) {
    case QuestionType::TrueFalse: return question.correct ? kTrueLabel : kFalseLabel;
    case QuestionType::MultipleChoice:
    case QuestionType::ShortAnswer:
        for (const Answer* answer : fullMarks(question)) {
            parts.push_back(answer->text);
        }
        return joined(parts, " or ");
    case QuestionType::Numerical:
        for (const Answer* answer : fullMarks(question)) {
            parts.push_back(numberAnswerText(*answer));
        }
        return joined(parts, " or ");
    case QuestionType::MultipleResponse:
        for (const Answer& answer : question.answers) {
            if (answer.weight > 0) {
                parts.push_back(answer.text);
            }
        }
        return joined(parts, "; ");
    case QuestionType::Matching:
        for (const std::size_t item : matchingItems(question)) {
            parts.push_back(question.answers[item].text + " -> " + question.answers[item].match);
        }
        return joined(parts, "; ");
    default: return {};
    }
}

std::string feedbackFor(const Question& question, const Response& response)
{
    std::vector<std::string> parts;
    if (isValid(question, response)) {
        parts = chosenFeedback(question, response);
    }
    parts.push_back(question.generalFeedback);
    parts.erase(std::remove(parts.begin(), parts.end(), std::string()), parts.end());
    return joined(parts, "\n\n");
}

std::vector<std::string> distributionLabelsFor(const Question& question, const Response& response)
{
    if (!isValid(question, response)) {
        return {};
    }
    switch (question.type) {
    case QuestionType::MultipleChoice:
    case QuestionType::MultipleResponse:
    case QuestionType::TrueFalse: return chosenLabels(question, response);
    case QuestionType::ShortAnswer: return {normalised(response.text).toStdString()};
    case QuestionType::Numerical: return {formatNumber(parseNumber(response.text).value_or(0.0))};
    case QuestionType::Matching: {
        const std::size_t right = rightPairs(question, response);
        if (right == 0) {
            return {kNoPairRight};
        }
        return {right == matchingItems(question).size() ? kAllPairsRight : kSomePairsRight};
    }
    case QuestionType::Essay: return {kAnswered};
    default: return {};
    }
}

std::vector<std::pair<std::string, int>> limitTextBars(const std::vector<std::pair<std::string, int>>& bars)
{
    std::vector<std::size_t> order(bars.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&bars](std::size_t a, std::size_t b) { return bars[a].second > bars[b].second; });
    std::vector<std::pair<std::string, int>> out;
    int others = 0;
    for (std::size_t k = 0; k < order.size(); ++k) {
        if (k < kMaxTextBars) {
            out.push_back(bars[order[k]]);
        } else {
            others += bars[order[k]].second;
        }
    }
    if (order.size() > kMaxTextBars) {
        out.emplace_back(kOtherAnswersLabel, others);
    }
    return out;
}

}  // namespace classroom::quiz
