#include "common/module/Gift.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <exception>
#include <optional>
#include <system_error>
#include <utility>

namespace classroom::module::gift {

namespace {

// One character of a question after escapes are resolved. Structure ('{',
// '=', '#', "::", ...) is only ever found on characters that were not
// escaped, so "\{" or "\=" can never open a block or start an answer; the
// line lets every message point at the author's line.
struct Char {
    char c;
    bool escaped;
    int line;
};
using Text = std::vector<Char>;

struct Span {
    std::size_t begin = 0;
    std::size_t end = 0;

    bool empty() const { return begin >= end; }
};

constexpr std::size_t kNotFound = static_cast<std::size_t>(-1);

// Enough of a quoted answer to recognise it, not the whole 64 KiB.
constexpr std::size_t kMaxQuotedBytes = 40;

struct SourceLine {
    int number;
    std::string_view text;
};

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

std::string_view trimmed(std::string_view s)
{
    while (!s.empty() && isSpace(s.front())) {
        s.remove_prefix(1);
    }
    while (!s.empty() && isSpace(s.back())) {
        s.remove_suffix(1);
    }
    return s;
}

// ASCII only: format names and true/false are ASCII, and other letters must not change.
std::string lowered(std::string s)
{
    for (char& c : s) {
        c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
    return s;
}

constexpr std::pair<std::string_view, TextFormat> kFormats[] = {
    {"moodle", TextFormat::Moodle},
    {"plain", TextFormat::Plain},
    {"markdown", TextFormat::Markdown},
    {"html", TextFormat::Html},
};

std::string quoted(std::string_view s)
{
    std::size_t cut = s.size();
    if (cut > kMaxQuotedBytes) {
        cut = kMaxQuotedBytes;
        // Never cut a UTF-8 sequence in half: the message is shown to a person.
        while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) {
            --cut;
        }
    }
    std::string out = "'";
    for (char c : s.substr(0, cut)) {
        out += (c == '\n' || c == '\r') ? ' ' : c;
    }
    return out + (cut < s.size() ? "...'" : "'");
}

// Numbers as Moodle accepts them: decimal with a point, optional sign and
// exponent. Infinity and NaN are no use as an answer or a weight.
std::optional<double> toNumber(std::string_view s)
{
    s = trimmed(s);
    if (!s.empty() && s.front() == '+') {
        s.remove_prefix(1);
        if (!s.empty() && s.front() == '-') {
            return std::nullopt;
        }
    }
    double value = 0.0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (s.empty() || ec != std::errc() || end != s.data() + s.size() || !std::isfinite(value)) {
        return std::nullopt;
    }
    return value;
}

std::string notANumber(std::string_view s)
{
    s = trimmed(s);
    if (s.empty()) {
        return "expected a number";
    }
    if (s.find(',') != std::string_view::npos) {
        return quoted(s) + " is not a number; write decimals with a point, like 3.14";
    }
    return quoted(s) + " is not a number";
}

// Moodle reads "%n%" as a weight only when a number follows the '%', so an
// answer such as "%d" stays text (GIFT has no escape for '%').
bool isWeightStart(const Text& t, Span s)
{
    if (s.end - s.begin < 2 || t[s.begin].escaped || t[s.begin].c != '%') {
        return false;
    }
    const char next = t[s.begin + 1].c;
    return (next >= '0' && next <= '9') || next == '-' || next == '+' || next == '.';
}

class QuestionParser {
public:
    explicit QuestionParser(std::vector<ParseError>& errors) : m_errors(errors) {}

    std::optional<Question> parse(const std::vector<SourceLine>& lines, const std::string& category);

private:
    void error(int line, std::string message)
    {
        // A question of a million bad escapes must not cost a million messages.
        if (m_errors.size() <= kMaxErrors) {
            m_errors.push_back({line, std::move(message)});
        }
        m_failed = true;
    }

    void appendLine(std::string_view line, int number);
    void readBlock(Question& q, Span body);
    bool readTrueFalse(Question& q, Span body);
    // Choice, short answer and numerical answers, by q.type.
    void readAnswers(Question& q, Span body);
    void readMatching(Question& q, Span body);
    void checkAnswers(const Question& q);
    void readNumber(Answer& a, Span value, char marker);
    void checkLengths(const Question& q);
    void checkLength(std::string_view what, const std::string& value, int line);

    struct RawAnswer {
        char marker;  // '=', '~', or 0 for text before the first marker
        Span span;    // after the marker
        int line;
    };
    std::optional<std::vector<RawAnswer>> split(Span body);
    // Weight and feedback of one answer; `text` is left with what remains.
    std::optional<Answer> readAnswer(const RawAnswer& raw, Span& text);

    bool isPlain(std::size_t i, char c) const { return i < m_text.size() && !m_text[i].escaped && m_text[i].c == c; }
    std::size_t find(Span s, std::string_view token) const;
    Span trim(Span s) const;
    std::string str(Span s) const;
    int lineAt(std::size_t i) const { return m_text.empty() ? 0 : m_text[std::min(i, m_text.size() - 1)].line; }

    std::vector<ParseError>& m_errors;
    Text m_text;
    bool m_failed = false;
    int m_blockLine = 0;  // the line of '{', for messages about the block as a whole
};

std::size_t QuestionParser::find(Span s, std::string_view token) const
{
    for (std::size_t i = s.begin; i + token.size() <= s.end; ++i) {
        bool match = true;
        for (std::size_t k = 0; k < token.size() && match; ++k) {
            match = isPlain(i + k, token[k]);
        }
        if (match) {
            return i;
        }
    }
    return kNotFound;
}

Span QuestionParser::trim(Span s) const
{
    while (s.begin < s.end && !m_text[s.begin].escaped && isSpace(m_text[s.begin].c)) {
        ++s.begin;
    }
    while (s.end > s.begin && !m_text[s.end - 1].escaped && isSpace(m_text[s.end - 1].c)) {
        --s.end;
    }
    return s;
}

std::string QuestionParser::str(Span s) const
{
    std::string out;
    if (s.empty()) {
        return out;
    }
    out.reserve(s.end - s.begin);
    for (std::size_t i = s.begin; i < s.end; ++i) {
        out += m_text[i].c;
    }
    return out;
}

void QuestionParser::appendLine(std::string_view line, int number)
{
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (c != '\\') {
            m_text.push_back({c, false, number});
            continue;
        }
        if (i + 1 == line.size()) {
            error(number, "a '\\' at the end of a line escapes nothing; write '\\\\' for a backslash");
            m_text.push_back({'\\', true, number});
            continue;
        }
        const char next = line[i + 1];
        switch (next) {
        case '~': case '=': case '#': case '{': case '}': case ':': case '\\':
            m_text.push_back({next, true, number});
            ++i;
            break;
        case 'n':
            m_text.push_back({'\n', true, number});
            ++i;
            break;
        default: {
            // Quote the whole UTF-8 character after the backslash, not its first byte.
            std::size_t length = 1;
            while (i + 1 + length < line.size() && (static_cast<unsigned char>(line[i + 1 + length]) & 0xC0) == 0x80
                   && length < 4) {
                ++length;
            }
            error(number, "unknown escape '\\" + std::string(line.substr(i + 1, length))
                              + "'; write '\\\\' for a backslash, or one of \\~ \\= \\# \\{ \\} \\: \\n");
            // Kept as a literal backslash so the rest of the question is still checked.
            m_text.push_back({'\\', true, number});
            break;
        }
        }
    }
}

std::optional<Question> QuestionParser::parse(const std::vector<SourceLine>& lines, const std::string& category)
{
    for (const SourceLine& line : lines) {
        if (!m_text.empty()) {
            m_text.push_back({'\n', false, m_text.back().line});
        }
        appendLine(line.text, line.number);
    }

    Question q;
    q.line = lines.front().number;
    q.category = category;
    Span rest = trim({0, m_text.size()});

    if (isPlain(rest.begin, ':') && isPlain(rest.begin + 1, ':')) {
        const std::size_t close = find({rest.begin + 2, rest.end}, "::");
        if (close == kNotFound) {
            error(lineAt(rest.begin), "the title opened with '::' is not closed with '::'");
            return std::nullopt;
        }
        q.title = str(trim({rest.begin + 2, close}));
        rest = trim({close + 2, rest.end});
    }

    if (isPlain(rest.begin, '[')) {
        const std::size_t close = find(rest, "]");
        const std::string name = close == kNotFound ? std::string() : lowered(str({rest.begin + 1, close}));
        // Anything else in brackets ("[2 points] ...") is question text, as in Moodle.
        for (const auto& [known, format] : kFormats) {
            if (name == known) {
                q.format = format;
                rest = trim({close + 1, rest.end});
            }
        }
    }

    const std::size_t open = find(rest, "{");
    const std::size_t strayBefore = find({rest.begin, open == kNotFound ? rest.end : open}, "}");
    if (strayBefore != kNotFound) {
        error(lineAt(strayBefore), "'}' without '{' before it; write '\\}' for a literal brace");
    }

    if (open == kNotFound) {
        q.type = QuestionType::Description;
        q.text = str(rest);
        if (q.text.empty()) {
            error(q.line, "empty question text");
        }
    } else {
        m_blockLine = lineAt(open);
        const std::size_t close = find({open + 1, rest.end}, "}");
        const std::size_t nested = find({open + 1, close == kNotFound ? rest.end : close}, "{");
        if (nested != kNotFound) {
            error(lineAt(nested), "expected '}' to close the answers opened on line " + std::to_string(m_blockLine)
                                      + " before another '{'; write '\\{' for a literal brace");
            return std::nullopt;
        }
        if (close == kNotFound) {
            error(lineAt(rest.end - 1),
                  "expected '}' to close the answers opened on line " + std::to_string(m_blockLine));
            return std::nullopt;
        }
        const Span after = {close + 1, rest.end};
        const std::size_t second = find(after, "{");
        const std::size_t strayAfter = find(after, "}");
        if (second != kNotFound) {
            error(lineAt(second), "a second answer block in one question; a question has one '{...}' (write '\\{' for "
                                  "a literal brace, or leave a blank line between questions)");
        } else if (strayAfter != kNotFound) {
            error(lineAt(strayAfter), "'}' without '{' before it; write '\\}' for a literal brace");
        }

        const Span before = trim({rest.begin, open});
        const Span textAfter = trim(after);
        q.text = str(before);
        if (!textAfter.empty()) {
            q.missingWord = true;
            q.textAfter = str(textAfter);
            if (!before.empty() && before.end < open) {
                q.text += ' ';
            }
            if (textAfter.begin > after.begin) {
                q.textAfter.insert(0, 1, ' ');
            }
        }
        if (before.empty() && textAfter.empty()) {
            error(q.line, "empty question text; write the question before the '{'");
        }
        readBlock(q, {open + 1, close});
    }

    checkLengths(q);
    if (m_failed) {
        return std::nullopt;
    }
    return q;
}

void QuestionParser::readBlock(Question& q, Span body)
{
    // Moodle looks for the general feedback first, so "####" ends the answers
    // whatever the type turns out to be.
    const std::size_t general = find(body, "####");
    if (general != kNotFound) {
        q.generalFeedback = str(trim({general + 4, body.end}));
        body.end = general;
    }
    body = trim(body);

    if (body.empty()) {
        q.type = QuestionType::Essay;
    } else if (isPlain(body.begin, '#')) {
        q.type = QuestionType::Numerical;
        readAnswers(q, {body.begin + 1, body.end});
    } else if (find(body, "~") != kNotFound) {
        // Moodle: one answer marked '=' is a single choice; without any, each answer carries its own weight.
        q.type = find(body, "=") != kNotFound ? QuestionType::MultipleChoice : QuestionType::MultipleResponse;
        readAnswers(q, body);
    } else if (find(body, "=") != kNotFound && find(body, "->") != kNotFound) {
        q.type = QuestionType::Matching;
        readMatching(q, body);
    } else if (!readTrueFalse(q, body)) {
        q.type = QuestionType::ShortAnswer;
        readAnswers(q, body);
    }
    if (!m_failed) {
        checkAnswers(q);
    }
}

bool QuestionParser::readTrueFalse(Question& q, Span body)
{
    const std::size_t hash = find(body, "#");
    const std::string word = lowered(str(trim({body.begin, hash == kNotFound ? body.end : hash})));
    if (word != "t" && word != "true" && word != "f" && word != "false") {
        return false;
    }
    q.type = QuestionType::TrueFalse;
    q.correct = word.front() == 't';
    if (hash == kNotFound) {
        return true;
    }
    const std::size_t second = find({hash + 1, body.end}, "#");
    q.feedbackWrong = str(trim({hash + 1, second == kNotFound ? body.end : second}));
    if (second != kNotFound) {
        const std::size_t third = find({second + 1, body.end}, "#");
        if (third != kNotFound) {
            error(lineAt(third), "a true/false answer takes at most two feedbacks, "
                                 "'{T#if answered wrongly#if answered rightly}'; write '\\#' for a literal '#'");
        }
        q.feedbackRight = str(trim({second + 1, body.end}));
    }
    return true;
}

std::optional<std::vector<QuestionParser::RawAnswer>> QuestionParser::split(Span body)
{
    std::vector<RawAnswer> answers;
    std::size_t start = body.begin;
    char marker = 0;
    int line = lineAt(trim(body).begin);
    for (std::size_t i = body.begin; i <= body.end; ++i) {
        const bool atEnd = i == body.end;
        if (!atEnd && !isPlain(i, '=') && !isPlain(i, '~')) {
            continue;
        }
        // Text before the first marker is an answer only if there is some.
        if (marker != 0 || !trim({start, i}).empty()) {
            if (answers.size() == kMaxAnswers) {
                error(line, "a question can have at most " + std::to_string(kMaxAnswers) + " answers");
                return std::nullopt;
            }
            answers.push_back({marker, {start, i}, line});
        }
        if (!atEnd) {
            marker = m_text[i].c;
            start = i + 1;
            line = lineAt(i);
        }
    }
    return answers;
}

std::optional<Answer> QuestionParser::readAnswer(const RawAnswer& raw, Span& text)
{
    Answer a;
    a.line = raw.line;
    a.weight = raw.marker == '~' ? 0.0 : 100.0;
    text = trim(raw.span);
    if (isWeightStart(m_text, text)) {
        const std::size_t close = find({text.begin + 1, text.end}, "%");
        if (close == kNotFound) {
            error(raw.line, "expected '%' to close the weight " + quoted(str(text)));
            return std::nullopt;
        }
        const std::string written = str({text.begin + 1, close});
        const std::optional<double> weight = toNumber(written);
        if (!weight) {
            error(raw.line, "weight " + notANumber(written));
            return std::nullopt;
        }
        if (*weight < kMinWeight || *weight > kMaxWeight) {
            error(raw.line, "weight " + written + "% is out of range -100..100");
            return std::nullopt;
        }
        a.weight = *weight;
        text = trim({close + 1, text.end});
    }
    const std::size_t hash = find(text, "#");
    if (hash != kNotFound) {
        a.feedback = str(trim({hash + 1, text.end}));
        text = trim({text.begin, hash});
    }
    a.text = str(text);
    return a;
}

void QuestionParser::readAnswers(Question& q, Span body)
{
    const auto raws = split(body);
    if (!raws) {
        return;
    }
    const bool choice = q.type == QuestionType::MultipleChoice || q.type == QuestionType::MultipleResponse;
    for (const RawAnswer& raw : *raws) {
        if (choice && raw.marker == 0) {
            error(raw.line, "expected '=' (right answer) or '~' (wrong answer) before " + quoted(str(trim(raw.span))));
            continue;
        }
        Span text;
        std::optional<Answer> a = readAnswer(raw, text);
        if (!a) {
            continue;
        }
        if (q.type == QuestionType::Numerical) {
            readNumber(*a, text, raw.marker);
        } else if (a->text.empty()) {
            error(raw.line, std::string("empty answer after '") + (raw.marker == 0 ? '{' : raw.marker) + "'");
        }
        q.answers.push_back(std::move(*a));
    }
}

void QuestionParser::readMatching(Question& q, Span body)
{
    const auto raws = split(body);
    if (!raws) {
        return;
    }
    for (const RawAnswer& raw : *raws) {
        const Span pair = trim(raw.span);
        if (raw.marker == 0) {
            error(raw.line, "expected '=' before the matching pair " + quoted(str(pair)));
            continue;
        }
        if (isWeightStart(m_text, pair)) {
            error(raw.line, "a matching pair cannot carry a weight; write '=a -> b'");
            continue;
        }
        if (find(pair, "#") != kNotFound) {
            error(raw.line, "a matching pair cannot have feedback; write '\\#' for a literal '#'");
            continue;
        }
        const std::size_t arrow = find(pair, "->");
        if (arrow == kNotFound) {
            error(raw.line, "expected 'a -> b' in the matching pair " + quoted(str(pair)));
            continue;
        }
        Answer a;
        a.line = raw.line;
        a.text = str(trim({pair.begin, arrow}));
        a.match = str(trim({arrow + 2, pair.end}));
        if (a.match.empty()) {
            error(raw.line, "nothing after '->' in the matching pair " + quoted(str(pair)));
            continue;
        }
        q.answers.push_back(std::move(a));
    }
}

// Checks of the answers as a whole; only made when each answer was fine, so
// a typo in one answer does not also claim that the question has too few.
void QuestionParser::checkAnswers(const Question& q)
{
    const auto count = [&q](auto predicate) { return std::count_if(q.answers.begin(), q.answers.end(), predicate); };
    const auto correct = count([](const Answer& a) { return a.weight > 0; });
    switch (q.type) {
    case QuestionType::MultipleChoice:
    case QuestionType::MultipleResponse:
        if (q.answers.size() < 2) {
            error(m_blockLine, "a " + std::string(toString(q.type)) + " question needs at least 2 answers");
        }
        if (correct == 0) {
            error(m_blockLine, "no answer is marked correct: mark the right answer with '=', "
                               "or give the right answers a weight like '~%50%'");
        }
        break;
    case QuestionType::ShortAnswer:
        if (correct == 0) {
            error(m_blockLine, "no answer is marked correct: a short answer question needs at least one accepted "
                               "answer with a positive weight, like '=Paris'");
        }
        break;
    case QuestionType::Numerical:
        if (q.answers.empty()) {
            error(m_blockLine, "a numerical question needs at least one answer, like '{#42}' or '{#3.14:0.01}'");
        } else if (correct == 0) {
            error(m_blockLine, "no answer is marked correct: a numerical question needs at least one correct answer, "
                               "like '{#=42 ~#feedback}'");
        }
        break;
    case QuestionType::Matching:
        if (count([](const Answer& a) { return !a.text.empty(); }) < 2) {
            error(m_blockLine, "a matching question needs at least 2 pairs 'a -> b'");
        }
        break;
    default: break;
    }
}

void QuestionParser::readNumber(Answer& a, Span value, char marker)
{
    // "~#feedback" is Moodle's feedback for every other (wrong) number.
    if ((value.empty() && marker == '~') || a.text == "*") {
        a.text = "*";
        a.anyValue = true;
        return;
    }
    const auto number = [this, &a](Span s, std::string_view what) {
        const std::string written = str(s);
        const std::optional<double> n = toNumber(written);
        if (!n) {
            error(a.line, std::string(what) + notANumber(written));
        }
        return n;
    };
    const std::size_t range = find(value, "..");
    const std::size_t colon = find(value, ":");
    if (range != kNotFound) {
        const auto min = number({value.begin, range}, "");
        const auto max = min ? number({range + 2, value.end}, "") : std::nullopt;
        if (min && max && *min > *max) {
            error(a.line, "the range " + quoted(a.text) + " has its minimum above its maximum");
        } else if (min && max) {
            a.isRange = true;
            a.min = *min;
            a.max = *max;
            a.value = *min + (*max - *min) / 2;
            a.tolerance = (*max - *min) / 2;
        }
        return;
    }
    const auto v = number({value.begin, colon == kNotFound ? value.end : colon}, "");
    const auto tolerance = colon == kNotFound ? std::optional(0.0) : number({colon + 1, value.end}, "tolerance ");
    if (tolerance && *tolerance < 0) {
        error(a.line, "the tolerance " + quoted(str({colon + 1, value.end})) + " is negative; write how far an answer "
                      "may be off");
    } else if (v && tolerance) {
        a.value = *v;
        a.tolerance = *tolerance;
        a.min = a.value - a.tolerance;
        a.max = a.value + a.tolerance;
    }
}

void QuestionParser::checkLength(std::string_view what, const std::string& value, int line)
{
    if (value.size() > kMaxTextBytes) {
        error(line, std::string(what) + " is longer than " + std::to_string(kMaxTextBytes / 1024) + " KiB");
    }
}

void QuestionParser::checkLengths(const Question& q)
{
    checkLength("the title", q.title, q.line);
    checkLength("the question text", q.text, q.line);
    checkLength("the text after the answers", q.textAfter, q.line);
    checkLength("the general feedback", q.generalFeedback, m_blockLine);
    checkLength("the feedback", q.feedbackWrong, m_blockLine);
    checkLength("the feedback", q.feedbackRight, m_blockLine);
    for (const Answer& a : q.answers) {
        checkLength("the answer", a.text, a.line);
        checkLength("the feedback", a.feedback, a.line);
        checkLength("the matching answer", a.match, a.line);
    }
}

// Splits the file into questions at blank lines and keeps the $CATEGORY: in
// force; each question is parsed on its own so one mistake cannot spill into
// the next question.
class FileParser {
public:
    explicit FileParser(ParseResult& result) : m_result(result) {}

    void parse(std::string_view input);

private:
    bool flush();
    void error(int line, std::string message) { m_result.errors.push_back({line, std::move(message)}); }

    ParseResult& m_result;
    std::vector<SourceLine> m_lines;
    std::size_t m_bytes = 0;
    std::size_t m_questions = 0;
    std::string m_category;
};

void FileParser::parse(std::string_view input)
{
    if (input.starts_with("\xEF\xBB\xBF")) {
        input.remove_prefix(3);
    }
    int number = 0;
    while (!input.empty()) {
        const std::size_t newline = input.find('\n');
        std::string_view line = input.substr(0, newline);
        input.remove_prefix(newline == std::string_view::npos ? input.size() : newline + 1);
        ++number;
        if (line.ends_with('\r')) {
            line.remove_suffix(1);
        }
        const std::string_view content = trimmed(line);
        if (content.empty()) {
            if (!flush()) {
                return;
            }
        } else if (content.starts_with("//")) {
            // A comment neither ends a question nor becomes part of it.
        } else if (content.starts_with("$CATEGORY:")) {
            if (!flush()) {
                return;
            }
            const std::string_view name = trimmed(content.substr(10));
            if (name.empty()) {
                error(number, "expected a category name after '$CATEGORY:'");
            } else if (name.size() > kMaxTextBytes) {
                error(number, "the category is longer than " + std::to_string(kMaxTextBytes / 1024) + " KiB");
            } else {
                m_category = name;
            }
        } else {
            // Past the limit only the size is counted: the question is refused anyway.
            if (m_bytes <= kMaxQuestionBytes) {
                m_lines.push_back({number, line});
            }
            m_bytes += line.size() + 1;
        }
    }
    flush();
}

// Parses the question collected so far; false when parsing must stop.
bool FileParser::flush()
{
    if (!m_lines.empty()) {
        const std::vector<SourceLine> lines = std::exchange(m_lines, {});
        const std::size_t bytes = std::exchange(m_bytes, 0);
        if (m_questions == kMaxQuestions) {
            error(lines.front().number, "a file can hold at most " + std::to_string(kMaxQuestions)
                                            + " questions; this one and those after it are not read");
            return false;
        }
        ++m_questions;
        const std::size_t firstError = m_result.errors.size();
        if (bytes > kMaxQuestionBytes) {
            error(lines.front().number, "the question is longer than "
                                            + std::to_string(kMaxQuestionBytes / 1024 / 1024)
                                            + " MiB; is a blank line missing between questions?");
        } else if (std::optional<Question> q = QuestionParser(m_result.errors).parse(lines, m_category)) {
            m_result.questions.push_back(std::move(*q));
        }
        // Escapes are checked before the structure; the author reads top to bottom.
        std::stable_sort(m_result.errors.begin() + static_cast<std::ptrdiff_t>(firstError), m_result.errors.end(),
                         [](const ParseError& a, const ParseError& b) { return a.line < b.line; });
    }
    if (m_result.errors.size() > kMaxErrors) {
        m_result.errors.resize(kMaxErrors);
        error(m_result.errors.back().line,
              "stopped after " + std::to_string(kMaxErrors) + " problems; is this a GIFT file?");
        return false;
    }
    return true;
}

}  // namespace

ParseResult parse(std::string_view text)
{
    ParseResult result;
    try {
        FileParser(result).parse(text);
    } catch (const std::exception&) {
        // Only allocation can throw here. What was read so far is dropped to
        // free the memory for the one message that says why.
        result = ParseResult();
        try {
            result.errors.push_back({0, "the file is too large to read"});
        } catch (const std::exception&) {
            // Not even the message fits; the empty result still says nothing was read.
        }
    }
    return result;
}

std::string_view toString(QuestionType type)
{
    switch (type) {
    case QuestionType::Description: return "description";
    case QuestionType::Essay: return "essay";
    case QuestionType::MultipleChoice: return "multiple choice";
    case QuestionType::MultipleResponse: return "multiple response";
    case QuestionType::TrueFalse: return "true/false";
    case QuestionType::ShortAnswer: return "short answer";
    case QuestionType::Numerical: return "numerical";
    case QuestionType::Matching: return "matching";
    }
    return "unknown";
}

std::string_view toString(TextFormat format)
{
    for (const auto& [name, known] : kFormats) {
        if (format == known) {
            return name;
        }
    }
    return "unknown";
}

}  // namespace classroom::module::gift
