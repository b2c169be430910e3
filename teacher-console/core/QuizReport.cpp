#include "teacher-console/core/QuizReport.h"

#include "common/storage/AtomicFile.h"

#include <QAbstractTextDocumentLayout>
#include <QBuffer>
#include <QCoreApplication>
#include <QGuiApplication>
#include <QLocale>
#include <QPageLayout>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QStringList>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>

#include <algorithm>
#include <cmath>
#include <string>
#include <string_view>
#include <vector>

namespace classroom::console {
namespace {

// tr() is QCoreApplication::translate("QuizReport", ...), and lupdate finds the strings.
struct Text {
    Q_DECLARE_TR_FUNCTIONS(QuizReport)
};

// The exports hold learners' results: personal data for the trainer's account only.
constexpr unsigned kExportFileMode = 0600;

// The PDF: A4 portrait, margins wide enough for a hole punch. The resolution is
// the grid the text is laid out on; lengths in the HTML are CSS pixels (1/96
// inch) whatever it is.
constexpr int kPdfResolution = 300;
constexpr double kPageMarginMillimetres = 16.0;
constexpr double kBaseFontPoints = 9.5;
constexpr double kFooterFontPoints = 8.0;
constexpr int kBarLength = 50;  // spaces in the longest answer-distribution bar
// A heading needs this much room under it on its page, or it moves to the next.
constexpr double kKeepWithHeadingMillimetres = 25.0;

std::string fromQt(const QString& text) { return text.toStdString(); }

// `failure` is a whole sentence with %1 for the file and %2 for the reason, so
// that translators see it whole.
Result<void> saveExport(const std::filesystem::path& file, const std::string& bytes, const QString& failure)
{
    if (auto saved = storage::writeFileAtomically(file, bytes, kExportFileMode); !saved)
        return Result<void>::failure(
            fromQt(failure.arg(QString::fromStdString(file.string()), QString::fromStdString(saved.error()))));
    return Result<void>::success();
}

// ---- numbers, the same in every export --------------------------------------

// 0.3333 -> "33.3", 0.5 -> "50", always with '.' as the point.
QString percentText(double fraction)
{
    return QString::number(std::round(fraction * 1000.0) / 10.0, 'f', QLocale::FloatingPointShortest);
}

// Points may be partial credit: at most two decimals.
QString pointsText(double points)
{
    return QString::number(std::round(points * 100.0) / 100.0, 'f', QLocale::FloatingPointShortest);
}

QString learnerPercentText(const LearnerResult& learner)
{
    return learner.maxPoints > 0.0 ? percentText(learner.points / learner.maxPoints) : QString();
}

// ---- CSV ----------------------------------------------------------------------

// A spreadsheet runs a cell starting with one of these as a formula
// (=HYPERLINK(...) and friends); OWASP's list for "CSV injection".
constexpr std::string_view kFormulaStarts = "=+-@\t\r";

// Text that came from learners, seats or module files: a leading apostrophe
// makes the spreadsheet show it as text. Numbers the program writes go in as
// they are.
std::string textCell(std::string_view text)
{
    const bool formula = !text.empty() && kFormulaStarts.find(text.front()) != std::string_view::npos;
    return formula ? "'" + std::string(text) : std::string(text);
}

std::string yesNoCell(bool yes) { return fromQt(yes ? Text::tr("yes") : Text::tr("no")); }

// RFC 4180: quote a cell holding a comma, quote, CR or LF, doubling its quotes.
void appendCell(std::string& out, const std::string& cell)
{
    if (cell.find_first_of(",\"\r\n") == std::string::npos) {
        out += cell;
        return;
    }
    out += '"';
    for (const char c : cell) {
        if (c == '"')
            out += '"';
        out += c;
    }
    out += '"';
}

// UTF-8 with a byte order mark (without it Excel reads the file as ANSI) and
// CRLF after every row.
class CsvText {
public:
    void addRow(const std::vector<std::string>& cells)
    {
        for (std::size_t i = 0; i < cells.size(); ++i) {
            if (i > 0)
                m_text += ',';
            appendCell(m_text, cells[i]);
        }
        m_text += "\r\n";
    }
    void addHeader(const QStringList& names)
    {
        std::vector<std::string> cells;
        for (const QString& name : names)
            cells.push_back(fromQt(name));
        addRow(cells);
    }
    const std::string& text() const { return m_text; }

private:
    std::string m_text = "\xEF\xBB\xBF";
};

// ---- PDF ----------------------------------------------------------------------

QString escaped(const std::string& text)
{
    return QString::fromStdString(text).toHtmlEscaped().replace(QLatin1Char('\n'), QStringLiteral("<br>"));
}

QString dashIfEmpty(const QString& text) { return text.isEmpty() ? QStringLiteral("\u2014") : text; }

QString withPercentSign(const QString& number) { return number.isEmpty() ? number : number + QStringLiteral(" %"); }

struct Column {
    QString name;
    int widthPercent;
    bool number;  // right-aligned
};

// A ruled table over the page width, its header row repeated on every page.
class HtmlTable {
public:
    explicit HtmlTable(std::vector<Column> columns) : m_columns(std::move(columns))
    {
        m_html = QStringLiteral("<table width=\"100%\" border=\"1\" cellspacing=\"0\" cellpadding=\"4\" "
                                "style=\"border-collapse: collapse; border-style: solid; border-color: #a0a0a0;\">"
                                "<thead><tr>");
        for (const Column& column : m_columns)
            m_html += QStringLiteral("<th width=\"%1%\" align=\"%2\">%3</th>")
                          .arg(QString::number(column.widthPercent), alignment(column), column.name.toHtmlEscaped());
        m_html += QStringLiteral("</tr></thead>");
    }
    void addRow(const QStringList& cellsHtml)
    {
        m_html += QStringLiteral("<tr>");
        for (qsizetype i = 0; i < cellsHtml.size(); ++i)
            m_html += QStringLiteral("<td align=\"%1\">%2</td>").arg(alignment(m_columns[i]), cellsHtml[i]);
        m_html += QStringLiteral("</tr>");
    }
    QString html() const { return m_html + QStringLiteral("</table>"); }

private:
    static QString alignment(const Column& column)
    {
        return column.number ? QStringLiteral("right") : QStringLiteral("left");
    }
    std::vector<Column> m_columns;
    QString m_html;
};

QString sessionFactsHtml(const SessionReport& report)
{
    QStringList modules;
    for (const std::string& title : report.moduleTitles)
        modules << escaped(title);
    const std::pair<QString, QString> facts[] = {
        {Text::tr("Session"), QString::number(report.sessionId)},
        {Text::tr("Started"), escaped(report.startedAt)},
        {Text::tr("Trainer"), escaped(report.trainer)},
        {Text::tr("Modules"), modules.join(QStringLiteral(", "))},
        {Text::tr("Report made"), escaped(report.generatedAt)},
    };
    QString html = QStringLiteral("<table cellspacing=\"0\" cellpadding=\"2\">");
    for (const auto& [label, value] : facts)
        html += QStringLiteral("<tr><td class=\"label\">%1</td><td>%2</td></tr>").arg(label, dashIfEmpty(value));
    return html + QStringLiteral("</table>");
}

QString questionsHtml(const SessionReport& report)
{
    QString html = QStringLiteral("<h2>%1</h2>").arg(Text::tr("Questions"));
    if (report.questions.empty())
        return html + QStringLiteral("<p>%1</p>").arg(Text::tr("No questions were asked in this session."));
    HtmlTable table({{Text::tr("No."), 5, false},
                     {Text::tr("Question"), 24, false},
                     {Text::tr("Type"), 11, false},
                     {Text::tr("Answered"), 12, true},
                     {Text::tr("Full marks"), 8, true},
                     {Text::tr("Average"), 11, true},
                     {Text::tr("Awaiting grading"), 11, true},
                     {Text::tr("Correct answer"), 18, false}});
    for (const QuestionResult& question : report.questions) {
        QString title = QStringLiteral("<b>%1</b>").arg(escaped(question.questionTitle));
        if (!question.questionText.empty() && question.questionText != question.questionTitle)
            title += QStringLiteral("<br><span class=\"quiet\">%1</span>").arg(escaped(question.questionText));
        const QString average = question.averageScore ? percentText(*question.averageScore) : QString();
        table.addRow({QString::number(question.questionNumber), title, escaped(question.questionType),
                      QString::number(question.answered), QString::number(question.fullMarks),
                      dashIfEmpty(withPercentSign(average)), QString::number(question.awaitingGrading),
                      dashIfEmpty(escaped(question.correctAnswer))});
    }
    return html + table.html();
}

QString learnersHtml(const SessionReport& report)
{
    QString html = QStringLiteral("<h2>%1</h2>").arg(Text::tr("Learners"));
    if (report.learners.empty())
        return html + QStringLiteral("<p>%1</p>").arg(Text::tr("No learners answered in this session."));
    HtmlTable table({{Text::tr("Learner"), 22, false},
                     {Text::tr("Seat"), 18, false},
                     {Text::tr("Answered"), 12, true},
                     {Text::tr("Points"), 10, true},
                     {Text::tr("Out of"), 10, true},
                     {Text::tr("Percent"), 10, true},
                     {Text::tr("Awaiting grading"), 18, true}});
    for (const LearnerResult& learner : report.learners) {
        table.addRow({escaped(learner.learner), escaped(learner.seatName),
                      Text::tr("%1 of %2").arg(learner.answered).arg(learner.questionsAsked),
                      pointsText(learner.points), pointsText(learner.maxPoints),
                      dashIfEmpty(withPercentSign(learnerPercentText(learner))),
                      QString::number(learner.awaitingGrading)});
    }
    return html + table.html();
}

// How many learners gave each answer, with a bar scaled to the question's most
// frequent answer (a run of shaded spaces: solid, unlike a row of block glyphs).
QString distributionHtml(const SessionReport& report)
{
    if (report.questions.empty())
        return {};
    QString html = QStringLiteral("<h2>%1</h2>").arg(Text::tr("How the questions were answered"));
    for (const QuestionResult& question : report.questions) {
        html += QStringLiteral("<h3>%1</h3>")
                    .arg(Text::tr("Question %1: %2").arg(question.questionNumber).arg(escaped(question.questionTitle)));
        if (question.distribution.empty()) {
            html += QStringLiteral("<p class=\"quiet\">%1</p>").arg(Text::tr("No answers to count."));
            continue;
        }
        int most = 1;
        for (const auto& [label, learners] : question.distribution)
            most = std::max(most, learners);
        html += QStringLiteral("<table width=\"100%\" cellspacing=\"0\" cellpadding=\"2\">");
        for (const auto& [label, learners] : question.distribution) {
            const int length = learners > 0 ? std::max(1, (learners * kBarLength + most / 2) / most) : 0;
            const QString bar = length > 0 ? QStringLiteral("<span class=\"bar\">%1</span>")
                                                 .arg(QString(length, QChar::Nbsp))
                                           : QString();
            html += QStringLiteral("<tr><td width=\"44%\">%1</td><td width=\"6%\" align=\"right\">%2</td>"
                                   "<td width=\"50%\">%3</td></tr>")
                        .arg(dashIfEmpty(escaped(label)), QString::number(learners), bar);
        }
        html += QStringLiteral("</table>");
    }
    return html;
}

QString reportHtml(const SessionReport& report)
{
    const QString style = QStringLiteral(
        "h1 { font-size: 17pt; margin-bottom: 8px; }"
        "h2 { font-size: 12.5pt; margin-top: 22px; margin-bottom: 8px; }"
        "h3 { font-size: 10pt; margin-top: 14px; margin-bottom: 4px; }"
        "th { background-color: #e6ebf1; font-size: 8.5pt; }"
        "td.label { color: #505050; padding-right: 16px; }"
        ".quiet { color: #505050; font-size: 8.5pt; }"
        ".bar { background-color: #5b7fa8; }");
    return QStringLiteral("<html><head><style>%1</style></head><body><h1>%2</h1>")
               .arg(style, Text::tr("Session report"))
        + sessionFactsHtml(report) + questionsHtml(report) + learnersHtml(report) + distributionHtml(report)
        + QStringLiteral("</body></html>");
}

bool isSectionHeading(const QTextBlock& block) { return block.isValid() && block.blockFormat().headingLevel() >= 2; }

// QTextDocument has no "keep with next": headings that would end up at the foot
// of a page, parted from what they introduce, start the next page instead. A
// run of headings ("How the questions were answered", "Question 1") moves together.
void keepHeadingsWithWhatFollows(QTextDocument& document, qreal reserve)
{
    const qreal pageHeight = document.pageSize().height();
    QAbstractTextDocumentLayout* layout = document.documentLayout();
    for (QTextBlock block = document.begin(); block.isValid(); block = block.next()) {
        if (!isSectionHeading(block))
            continue;
        QTextBlock last = block;
        while (isSectionHeading(last.next()))
            last = last.next();
        const qreal top = layout->blockBoundingRect(block).top();
        const qreal needed = layout->blockBoundingRect(last).bottom() - top + reserve;
        const qreal usedOnPage = std::fmod(top, pageHeight);
        if (usedOnPage > 1.0 && pageHeight - usedOnPage < needed) {
            QTextBlockFormat breakBefore;
            breakBefore.setPageBreakPolicy(QTextFormat::PageBreak_AlwaysBefore);
            QTextCursor(block).mergeBlockFormat(breakBefore);
        }
        block = last;
    }
}

void drawFooter(QPainter& painter, const QRectF& footer, const SessionReport& report, int page, int pages)
{
    painter.save();
    painter.setPen(QPen(QColor(0x9a, 0x9a, 0x9a), 0));
    painter.drawLine(footer.topLeft(), footer.topRight());
    painter.setPen(QColor(0x55, 0x55, 0x55));
    QFont font = painter.font();
    font.setPointSizeF(kFooterFontPoints);
    painter.setFont(font);
    painter.drawText(footer, Qt::AlignLeft | Qt::AlignBottom,
                     Text::tr("Session report \u00b7 session %1").arg(report.sessionId));
    painter.drawText(footer, Qt::AlignRight | Qt::AlignBottom, Text::tr("Page %1 of %2").arg(page).arg(pages));
    painter.restore();
}

// The whole PDF in memory, so nothing reaches the disk unless it is complete.
Result<QByteArray> renderReportPdf(const SessionReport& report)
{
    // Fonts need a QGuiApplication; without one Qt aborts the program.
    if (qobject_cast<QGuiApplication*>(QCoreApplication::instance()) == nullptr)
        return Result<QByteArray>::failure(fromQt(Text::tr("reports can only be made in the console window")));
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    QPdfWriter writer(&buffer);
    writer.setResolution(kPdfResolution);
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Portrait,
                                     QMarginsF(kPageMarginMillimetres, kPageMarginMillimetres,
                                               kPageMarginMillimetres, kPageMarginMillimetres),
                                     QPageLayout::Millimeter));
    writer.setTitle(Text::tr("Session report %1").arg(report.sessionId));
    writer.setCreator(QStringLiteral("Classroom console"));

    QTextDocument document;
    document.documentLayout()->setPaintDevice(&writer);
    QFont font = document.defaultFont();
    font.setPointSizeF(kBaseFontPoints);
    document.setDefaultFont(font);
    document.setDocumentMargin(0);
    document.setHtml(reportHtml(report));

    // The text flows over the page minus a band at the foot for the page numbers.
    const QRectF paintArea(0, 0, writer.width(), writer.height());
    const qreal footerHeight = kFooterFontPoints * 3.0 * kPdfResolution / 72.0;
    const QRectF body(paintArea.topLeft(), QSizeF(paintArea.width(), paintArea.height() - footerHeight));
    document.setPageSize(body.size());
    keepHeadingsWithWhatFollows(document, kKeepWithHeadingMillimetres * kPdfResolution / 25.4);
    const int pages = document.pageCount();

    QPainter painter;
    if (!painter.begin(&writer))
        return Result<QByteArray>::failure(fromQt(Text::tr("the PDF could not be started")));
    painter.setFont(font);
    for (int page = 0; page < pages; ++page) {
        if (page > 0)
            writer.newPage();
        painter.save();
        painter.translate(0, -page * body.height());
        document.drawContents(&painter, QRectF(0, page * body.height(), body.width(), body.height()));
        painter.restore();
        drawFooter(painter, QRectF(0, body.bottom() + footerHeight / 3.0, body.width(), footerHeight * 2.0 / 3.0),
                   report, page + 1, pages);
    }
    painter.end();
    buffer.close();
    return Result<QByteArray>::success(bytes);
}

}  // namespace

Result<void> writeAnswersCsv(const SessionReport& report, const std::filesystem::path& file)
{
    CsvText csv;
    csv.addHeader({Text::tr("Session"), Text::tr("Learner"), Text::tr("Seat"), Text::tr("Quiz"), Text::tr("Mode"),
                   Text::tr("Module"), Text::tr("Question number"), Text::tr("Question"), Text::tr("Type"),
                   Text::tr("Answer"), Text::tr("Score (%)"), Text::tr("Graded by trainer"), Text::tr("Late"),
                   Text::tr("Counts"), Text::tr("Answered at"), Text::tr("Received at")});
    const std::string session = std::to_string(report.sessionId);
    for (const AnswerRow& answer : report.answers) {
        csv.addRow({session, textCell(answer.learner), textCell(answer.seatName),
                    std::to_string(answer.quizId),
                    fromQt(answer.live ? Text::tr("live") : Text::tr("self-paced")), textCell(answer.moduleTitle),
                    std::to_string(answer.questionNumber), textCell(answer.questionTitle), textCell(answer.questionType),
                    textCell(answer.response), answer.score ? fromQt(percentText(*answer.score)) : std::string(),
                    yesNoCell(answer.gradedByTrainer), yesNoCell(answer.late), yesNoCell(answer.counts),
                    textCell(answer.answeredAt), textCell(answer.receivedAt)});
    }
    return saveExport(file, csv.text(), Text::tr("Could not save the answers to %1 (%2)."));
}

Result<void> writeLearnersCsv(const SessionReport& report, const std::filesystem::path& file)
{
    CsvText csv;
    csv.addHeader({Text::tr("Session"), Text::tr("Learner"), Text::tr("Seat"), Text::tr("Questions asked"),
                   Text::tr("Answered"), Text::tr("Awaiting grading"), Text::tr("Points"), Text::tr("Out of"),
                   Text::tr("Percent")});
    const std::string session = std::to_string(report.sessionId);
    for (const LearnerResult& learner : report.learners) {
        csv.addRow({session, textCell(learner.learner), textCell(learner.seatName),
                    std::to_string(learner.questionsAsked), std::to_string(learner.answered),
                    std::to_string(learner.awaitingGrading), fromQt(pointsText(learner.points)),
                    fromQt(pointsText(learner.maxPoints)), fromQt(learnerPercentText(learner))});
    }
    return saveExport(file, csv.text(), Text::tr("Could not save the learners' results to %1 (%2)."));
}

Result<void> writeReportPdf(const SessionReport& report, const std::filesystem::path& file)
{
    const QString failure = Text::tr("Could not save the session report to %1 (%2).");
    auto pdf = renderReportPdf(report);
    if (!pdf)
        return Result<void>::failure(
            fromQt(failure.arg(QString::fromStdString(file.string()), QString::fromStdString(pdf.error()))));
    return saveExport(file, pdf.value().toStdString(), failure);
}

QString reportFileBaseName(const SessionReport& report)
{
    QString name = QStringLiteral("session-%1").arg(report.sessionId);
    // startedAt begins with the date, "2026-11-23 09:00"; anything else is left out.
    const QString date = QString::fromStdString(report.startedAt).left(10);
    const bool isDate = date.size() == 10 && std::all_of(date.begin(), date.end(), [](QChar c) {
        return (c >= QLatin1Char('0') && c <= QLatin1Char('9')) || c == QLatin1Char('-');
    }) && date[4] == QLatin1Char('-') && date[7] == QLatin1Char('-');
    if (isDate)
        name += QLatin1Char('-') + date;
    return name;
}

}  // namespace classroom::console
