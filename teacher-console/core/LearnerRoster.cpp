#include "teacher-console/core/LearnerRoster.h"

#include <QStringList>

namespace classroom::console {
namespace {

// Splits one line at `separator`, honouring double quotes ("a,b" and "" inside).
QStringList splitFields(const QString& line, QChar separator)
{
    QStringList fields;
    QString field;
    bool quoted = false;
    for (int i = 0; i < line.size(); ++i) {
        const QChar c = line[i];
        if (quoted) {
            if (c == QLatin1Char('"') && i + 1 < line.size() && line[i + 1] == QLatin1Char('"')) {
                field += c;
                ++i;
            } else if (c == QLatin1Char('"')) {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == QLatin1Char('"')) {
            quoted = true;
        } else if (c == separator) {
            fields << field;
            field.clear();
        } else {
            field += c;
        }
    }
    fields << field;
    return fields;
}

// The first ',', ';' or tab outside quotes ("L,07" is a code, not two fields).
QChar separatorOf(const QString& line)
{
    bool quoted = false;
    for (QChar c : line) {
        if (c == QLatin1Char('"'))
            quoted = !quoted;
        else if (!quoted && (c == QLatin1Char(',') || c == QLatin1Char(';') || c == QLatin1Char('\t')))
            return c;
    }
    return QLatin1Char(',');
}

bool isHeader(const QStringList& fields)
{
    const QString first = fields.value(0).trimmed().toLower();
    return first == QLatin1String("seat") || first == QLatin1String("computer") || first == QLatin1String("pc");
}

}  // namespace

Result<QString> normaliseLearnerCode(const QString& code)
{
    const QString trimmed = code.trimmed();
    if (trimmed.isEmpty())
        return Result<QString>::failure("the learner code is empty");
    if (trimmed.size() > kMaxLearnerCodeLength)
        return Result<QString>::failure("the learner code is longer than " + std::to_string(kMaxLearnerCodeLength) +
                                        " characters");
    for (QChar c : trimmed)
        if (c.category() == QChar::Other_Control || c.category() == QChar::Other_Format ||
            c.category() == QChar::Other_Surrogate || c.category() == QChar::Other_NotAssigned)
            return Result<QString>::failure("the learner code contains an invisible or control character");
    return Result<QString>::success(trimmed);
}

Result<std::vector<RosterLine>> parseRoster(const std::string& text, const std::string& source)
{
    using R = Result<std::vector<RosterLine>>;
    QString all = QString::fromUtf8(text);
    if (all.startsWith(QChar(0xFEFF)))
        all.remove(0, 1);
    if (all.contains(QChar::ReplacementCharacter))
        return R::failure(source + ": the file is not UTF-8 text (save it from the spreadsheet as \"CSV UTF-8\")");
    std::vector<RosterLine> lines;
    std::string problems;
    const QStringList rows = all.split(QLatin1Char('\n'));
    for (int i = 0; i < rows.size(); ++i) {
        QString row = rows[i];
        if (row.endsWith(QLatin1Char('\r')))
            row.chop(1);
        if (row.trimmed().isEmpty() || row.trimmed().startsWith(QLatin1Char('#')))
            continue;
        const QStringList fields = splitFields(row, separatorOf(row));
        const std::string where = source + ":" + std::to_string(i + 1) + ": ";
        if (lines.empty() && problems.empty() && isHeader(fields))
            continue;
        if (fields.size() < 2 || fields[0].trimmed().isEmpty()) {
            problems += where + "expected a seat and a learner code separated by a comma\n";
            continue;
        }
        auto code = normaliseLearnerCode(fields[1]);
        if (!code) {
            problems += where + code.error() + "\n";
            continue;
        }
        lines.push_back({i + 1, fields[0].trimmed(), code.value()});
    }
    if (!problems.empty()) {
        problems.pop_back();
        return R::failure(problems);
    }
    if (lines.empty())
        return R::failure(source + ": holds no seat and learner code");
    return R::success(std::move(lines));
}

}  // namespace classroom::console
