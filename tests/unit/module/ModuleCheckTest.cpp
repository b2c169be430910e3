// What an author sees from --check-module: every mistake in a module is
// reported with the file it is in, the line (when it is about one line) and a
// reason a trainer understands, and a module with any problem is not accepted.
// Each test builds a small module in its own temporary directory.

#include "common/module/ModuleCheck.h"
#include "common/module/ModuleManifest.h"

#include <QImage>
#include <QString>
#include <QTemporaryDir>

#include <archive.h>
#include <archive_entry.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <ostream>
#include <string>
#include <vector>

using classroom::module::CheckLimits;
using classroom::module::CheckReport;
using classroom::module::checkModule;
using classroom::module::describe;
using classroom::module::markdownImages;
using classroom::module::ModuleManifest;
using classroom::module::parseManifest;
using classroom::module::Problem;
using ::testing::AllOf;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::Pair;
using ::testing::UnorderedElementsAre;
namespace fs = std::filesystem;

namespace classroom::module {
// So a failed expectation prints the problem as the author would see it.
void PrintTo(const Problem& problem, std::ostream* out)
{
    *out << '{' << problem.file << ", " << problem.line << ", " << problem.message << '}';
}
}  // namespace classroom::module

namespace {

::testing::Matcher<Problem> isProblem(const std::string& file, int line, const std::string& message)
{
    return AllOf(Field("file", &Problem::file, file), Field("line", &Problem::line, line),
                 Field("message", &Problem::message, HasSubstr(message)));
}

std::string listed(const std::vector<Problem>& problems)
{
    std::string out;
    for (const Problem& problem : problems)
        out += "\n  " + describe(problem);
    return out;
}

// Line numbers below refer to this manifest.
constexpr const char* kGoodManifest =
    "# Using email, a first module\n"     // 1
    "title: Using email\n"                // 2
    "language: en\n"                      // 3
    "version: 1.0\n"                      // 4
    "author: A trainer\n"                 // 5
    "duration: 30\n"                      // 6
    "objective: Send an email\n"          // 7
    "objective: Read an email\n"          // 8
    "page: pages/01-welcome.md\n"         // 9
    "page: pages/02-sending.md\n"         // 10
    "questions: questions.gift\n";        // 11

constexpr const char* kWelcomePage =
    "# Using email\n"
    "\n"
    "![An envelope flying out of a computer](../images/email.png)\n"
    "\n"
    "Email lets you send a letter to anyone in a few seconds.\n";

constexpr const char* kQuestions =
    "// Questions for Using email\n"
    "\n"
    "::Send::You press Send. Where does the letter go?{\n"
    "  =To the address in the To box#Right.\n"
    "  ~To everyone in your address book#No, only to the To box.\n"
    "}\n"
    "\n"
    "::Reply::Reply sends your answer to the person who wrote to you.{TRUE}\n";

// The second page with one picture, on line 4.
std::string sendingPageShowing(const std::string& target)
{
    return "# Sending\n\nWrite your letter, then press Send.\n![The Send button](" + target + ")\n";
}

class ModuleCheck : public ::testing::Test {
protected:
    void SetUp() override { ASSERT_TRUE(m_temp.isValid()); }

    fs::path root() const { return fs::path(m_temp.path().toStdString()); }
    fs::path source() const { return root() / "using-email"; }

    void write(const std::string& relative, const std::string& content)
    {
        const fs::path path = source() / relative;
        fs::create_directories(path.parent_path());
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out << content;
        ASSERT_TRUE(out.good()) << path;
    }

    void writePng(const std::string& relative, int width, int height)
    {
        const fs::path path = source() / relative;
        fs::create_directories(path.parent_path());
        QImage image(width, height, QImage::Format_RGB32);
        image.fill(Qt::blue);
        ASSERT_TRUE(image.save(QString::fromStdString(path.string()), "PNG")) << path;
    }

    void writeGoodModule()
    {
        write("module.txt", kGoodManifest);
        write("pages/01-welcome.md", kWelcomePage);
        write("pages/02-sending.md", "# Sending\n\nWrite your letter, then press Send.\n");
        writePng("images/email.png", 64, 48);
        write("questions.gift", kQuestions);
    }

    // Checks source() (or `from`) into a fresh unpack folder.
    CheckReport check(const fs::path& from = {})
    {
        m_unpacked = root() / ("unpacked-" + std::to_string(++m_checks));
        return checkModule(from.empty() ? source() : from, m_unpacked, m_limits);
    }

    // The one problem of a report that must have exactly one.
    Problem onlyProblem(const CheckReport& report)
    {
        EXPECT_EQ(report.problems.size(), 1u) << listed(report.problems);
        EXPECT_FALSE(report.module.has_value());
        return report.problems.empty() ? Problem{} : report.problems.front();
    }

    QTemporaryDir m_temp;
    CheckLimits m_limits;
    fs::path m_unpacked;
    int m_checks = 0;
};

// Writes every regular file under `folder` into a .zip, inside a top folder
// `top` as desktop "compress" tools do.
bool zipFolder(const fs::path& folder, const std::string& top, const fs::path& zip)
{
    archive* out = archive_write_new();
    archive_write_set_format_zip(out);
    if (archive_write_open_filename(out, zip.c_str()) != ARCHIVE_OK) {
        archive_write_free(out);
        return false;
    }
    bool ok = true;
    for (const auto& item : fs::recursive_directory_iterator(folder)) {
        if (!item.is_regular_file())
            continue;
        std::ifstream in(item.path(), std::ios::binary);
        const std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        const std::string name = top + "/" + fs::relative(item.path(), folder).generic_string();
        archive_entry* entry = archive_entry_new();
        archive_entry_set_pathname(entry, name.c_str());
        archive_entry_set_filetype(entry, AE_IFREG);
        archive_entry_set_perm(entry, 0644);
        archive_entry_set_size(entry, static_cast<la_int64_t>(data.size()));
        ok = ok && archive_write_header(out, entry) == ARCHIVE_OK &&
             archive_write_data(out, data.data(), data.size()) == static_cast<la_ssize_t>(data.size());
        archive_entry_free(entry);
    }
    ok = archive_write_close(out) == ARCHIVE_OK && ok;
    archive_write_free(out);
    return ok;
}

}  // namespace

// --- modules that pass ---------------------------------------------------------

TEST_F(ModuleCheck, TheSampleModulePassesWithAllItsPagesAndQuestions)
{
    // The sample's pictures are drawn at build time, so the built copy is the
    // complete module.
    const fs::path sample = fs::path(CLASSROOM_SOURCE_DIR) / "build/modules/staying-safe-online";
    if (!fs::exists(sample / "images"))
        GTEST_SKIP() << "the built sample module is not at " << sample;
    const CheckReport report = check(sample);
    ASSERT_TRUE(report.ok()) << listed(report.problems);
    ASSERT_TRUE(report.module.has_value());
    EXPECT_EQ(report.module->manifest.title, "Staying safe online");
    EXPECT_EQ(report.module->manifest.language, "en");
    EXPECT_GE(report.module->manifest.pages.size(), 6u);
    EXPECT_GE(report.module->questionCount, 8);
}

TEST_F(ModuleCheck, AGoodModulePassesAndCarriesItsManifest)
{
    writeGoodModule();
    const CheckReport report = check();
    ASSERT_TRUE(report.ok()) << listed(report.problems);
    ASSERT_TRUE(report.module.has_value());
    const ModuleManifest& manifest = report.module->manifest;
    EXPECT_EQ(manifest.title, "Using email");
    EXPECT_EQ(manifest.language, "en");
    EXPECT_EQ(manifest.version, "1.0");
    EXPECT_EQ(manifest.author, "A trainer");
    EXPECT_EQ(manifest.durationMinutes, 30);
    EXPECT_THAT(manifest.objectives, ElementsAre("Send an email", "Read an email"));
    EXPECT_THAT(manifest.pages, ElementsAre("pages/01-welcome.md", "pages/02-sending.md"));
    EXPECT_THAT(manifest.pageLines, ElementsAre(9, 10));
    EXPECT_EQ(manifest.questions, "questions.gift");
    EXPECT_EQ(manifest.questionsLine, 11);
    EXPECT_EQ(report.module->questionCount, 2);
    EXPECT_THAT(report.module->files.files, ElementsAre("images/email.png", "module.txt", "pages/01-welcome.md",
                                                        "pages/02-sending.md", "questions.gift"));
    // A module that passes stays unpacked for the library to take.
    EXPECT_TRUE(fs::exists(m_unpacked / "module.txt"));
}

TEST_F(ModuleCheck, APercentEncodedImageNameFindsTheFileWithASpace)
{
    writeGoodModule();
    writePng("images/send button.png", 20, 10);
    write("pages/02-sending.md", sendingPageShowing("../images/send%20button.png"));
    const CheckReport report = check();
    EXPECT_TRUE(report.ok()) << listed(report.problems);
}

TEST_F(ModuleCheck, AZipOfTheModuleIsCheckedLikeTheFolder)
{
    writeGoodModule();
    const fs::path zip = root() / "using-email.zip";
    ASSERT_TRUE(zipFolder(source(), "using-email", zip));
    const CheckReport report = check(zip);
    ASSERT_TRUE(report.ok()) << listed(report.problems);
    EXPECT_EQ(report.module->manifest.title, "Using email");
    EXPECT_EQ(report.module->questionCount, 2);
    // The top folder of the .zip is not part of the paths.
    EXPECT_TRUE(fs::exists(m_unpacked / "pages/01-welcome.md"));
}

TEST_F(ModuleCheck, AZipWithAProblemIsReportedAndItsUnpackFolderRemoved)
{
    writeGoodModule();
    fs::remove(source() / "images/email.png");
    const fs::path zip = root() / "using-email.zip";
    ASSERT_TRUE(zipFolder(source(), "using-email", zip));
    const Problem problem = onlyProblem(check(zip));
    EXPECT_THAT(problem, isProblem("pages/01-welcome.md", 3, "does not exist"));
    EXPECT_FALSE(fs::exists(m_unpacked));
}

TEST_F(ModuleCheck, ASourceThatCannotBeImportedIsOneProblemForTheWholeModule)
{
    const CheckReport report = check(root() / "no-such-module");
    ASSERT_EQ(report.problems.size(), 1u) << listed(report.problems);
    EXPECT_EQ(report.problems[0].file, "");
    EXPECT_THAT(report.problems[0].message, HasSubstr("no-such-module"));
    EXPECT_FALSE(report.module.has_value());
    EXPECT_FALSE(fs::exists(m_unpacked));
}

// --- the manifest ----------------------------------------------------------------

TEST_F(ModuleCheck, AModuleWithoutModuleTxtIsRefused)
{
    writeGoodModule();
    fs::remove(source() / "module.txt");
    EXPECT_THAT(onlyProblem(check()), isProblem("module.txt", 0, "is missing"));
    EXPECT_FALSE(fs::exists(m_unpacked));
}

TEST_F(ModuleCheck, AMistypedKeyIsReportedWithItsLineAndASuggestion)
{
    writeGoodModule();
    std::string manifest = kGoodManifest;
    manifest.replace(manifest.find("title:"), 6, "titel:");
    write("module.txt", manifest);
    const CheckReport report = check();
    EXPECT_THAT(report.problems,
                UnorderedElementsAre(isProblem("module.txt", 2, "unknown key 'titel' (did you mean 'title'?)"),
                                     isProblem("module.txt", 0, "'title' is missing")));
}

TEST_F(ModuleCheck, TitleLanguageAndVersionAreEachRequired)
{
    writeGoodModule();
    write("module.txt", "author: A trainer\npage: pages/01-welcome.md\n");
    const CheckReport report = check();
    EXPECT_THAT(report.problems, UnorderedElementsAre(isProblem("module.txt", 0, "'title' is missing"),
                                                      isProblem("module.txt", 0, "'language' is missing"),
                                                      isProblem("module.txt", 0, "'version' is missing")));
    EXPECT_FALSE(report.module.has_value());
}

TEST_F(ModuleCheck, AModuleWithoutAPageIsRefused)
{
    writeGoodModule();
    write("module.txt", "title: Using email\nlanguage: en\nversion: 1.0\n");
    EXPECT_THAT(onlyProblem(check()), isProblem("module.txt", 0, "no 'page' is listed"));
}

TEST_F(ModuleCheck, APageListedTwiceIsReportedAtItsSecondLine)
{
    writeGoodModule();
    write("module.txt", std::string(kGoodManifest) + "page: pages/01-welcome.md\n");
    EXPECT_THAT(onlyProblem(check()), isProblem("module.txt", 12, "page 'pages/01-welcome.md' is listed twice"));
}

TEST_F(ModuleCheck, ADurationThatIsNotANumberOfMinutesIsReported)
{
    writeGoodModule();
    std::string manifest = kGoodManifest;
    manifest.replace(manifest.find("duration: 30"), 12, "duration: 1 hour");
    write("module.txt", manifest);
    EXPECT_THAT(onlyProblem(check()),
                isProblem("module.txt", 6, "'duration' must be a number of minutes from 1 to 6000, not '1 hour'"));
}

// --- pages -------------------------------------------------------------------------

TEST_F(ModuleCheck, AListedPageThatDoesNotExistIsReportedAtItsManifestLine)
{
    writeGoodModule();
    fs::remove(source() / "pages/02-sending.md");
    EXPECT_THAT(onlyProblem(check()),
                isProblem("module.txt", 10, "page 'pages/02-sending.md' does not exist in the module"));
}

TEST_F(ModuleCheck, APageThatIsNotMarkdownIsReportedAtItsManifestLine)
{
    writeGoodModule();
    write("pages/02-sending.txt", "Sending\n");
    std::string manifest = kGoodManifest;
    manifest.replace(manifest.find("02-sending.md"), 13, "02-sending.txt");
    write("module.txt", manifest);
    EXPECT_THAT(onlyProblem(check()),
                isProblem("module.txt", 10, "page 'pages/02-sending.txt' is not a Markdown file (.md)"));
}

TEST_F(ModuleCheck, APageWithInvalidUtf8IsReportedAtTheLineOfTheBadBytes)
{
    writeGoodModule();
    // Latin-1 "é", as an editor that does not save UTF-8 writes it.
    write("pages/02-sending.md", "# Sending\n\nWrite your r\xe9sum\xe9.\nThen press Send.\n");
    EXPECT_THAT(onlyProblem(check()), isProblem("pages/02-sending.md", 3, "is not valid UTF-8 text"));
}

TEST_F(ModuleCheck, AnEmptyPageIsReported)
{
    writeGoodModule();
    write("pages/02-sending.md", "");
    EXPECT_THAT(onlyProblem(check()), isProblem("pages/02-sending.md", 0, "is empty"));

    write("pages/02-sending.md", "  \r\n\n\t\n");
    EXPECT_THAT(onlyProblem(check()), isProblem("pages/02-sending.md", 0, "is empty"));
}

// BUG (found by this test, not fixed here): an empty page saved "as UTF-8
// with BOM" (three bytes EF BB BF, what Windows Notepad writes for an empty
// file) passes the check: the emptiness test in checkModuleFolder looks for
// anything but blanks and counts the byte-order mark as content. Expected
// {pages/02-sending.md, 0, "is empty"}; the check reports no problem. Enable
// when ModuleCheck.cpp is fixed.
TEST_F(ModuleCheck, APageThatHoldsOnlyAByteOrderMarkIsEmpty)
{
    writeGoodModule();
    write("pages/02-sending.md", "\xEF\xBB\xBF\r\n");
    EXPECT_THAT(onlyProblem(check()), isProblem("pages/02-sending.md", 0, "is empty"));
}

TEST_F(ModuleCheck, EveryProblemIsReportedInOneRun)
{
    writeGoodModule();
    fs::remove(source() / "images/email.png");
    write("pages/02-sending.md", "");
    write("module.txt", std::string(kGoodManifest) + "Title: Again\n");
    const CheckReport report = check();
    EXPECT_THAT(report.problems,
                UnorderedElementsAre(isProblem("module.txt", 12, "unknown key 'Title' (did you mean 'title'?)"),
                                     isProblem("pages/01-welcome.md", 3, "image '../images/email.png' does not exist"),
                                     isProblem("pages/02-sending.md", 0, "is empty")));
}

// --- images --------------------------------------------------------------------------

TEST_F(ModuleCheck, AMissingImageIsReportedWithItsPageAndLine)
{
    writeGoodModule();
    write("pages/02-sending.md", sendingPageShowing("../images/send-button.png"));
    EXPECT_THAT(onlyProblem(check()),
                isProblem("pages/02-sending.md", 4,
                          "image '../images/send-button.png' does not exist (looked for images/send-button.png)"));
}

TEST_F(ModuleCheck, ARemoteImageIsRefusedBecauseClassroomsHaveNoInternet)
{
    writeGoodModule();
    write("pages/02-sending.md", sendingPageShowing("http://example.com/send.png"));
    EXPECT_THAT(onlyProblem(check()), isProblem("pages/02-sending.md", 4,
                                                "image 'http://example.com/send.png' is not in the module"));
    write("pages/02-sending.md", sendingPageShowing("https://example.com/send.png"));
    EXPECT_THAT(onlyProblem(check()), isProblem("pages/02-sending.md", 4, "classroom PCs have no internet"));
}

TEST_F(ModuleCheck, AnAbsoluteImagePathIsRefused)
{
    writeGoodModule();
    write("pages/02-sending.md", sendingPageShowing("/usr/share/pixmaps/send.png"));
    EXPECT_THAT(onlyProblem(check()),
                isProblem("pages/02-sending.md", 4, "image '/usr/share/pixmaps/send.png' uses an absolute path"));
}

TEST_F(ModuleCheck, AnImageOutsideTheModuleIsReportedWithItsPageAndLine)
{
    writeGoodModule();
    write("pages/02-sending.md", sendingPageShowing("../../x.png"));
    EXPECT_THAT(onlyProblem(check()),
                isProblem("pages/02-sending.md", 4, "image '../../x.png' points outside the module's folder"));
    // Percent-encoding does not hide the way out.
    write("pages/02-sending.md", sendingPageShowing("..%2F..%2Fx.png"));
    EXPECT_THAT(onlyProblem(check()), isProblem("pages/02-sending.md", 4, "points outside the module's folder"));
}

TEST_F(ModuleCheck, AFileThatIsNotAPictureIsRefusedWhateverItsName)
{
    writeGoodModule();
    write("images/email.png", "This is a text file, not a picture.\n");
    EXPECT_THAT(onlyProblem(check()), isProblem("images/email.png", 0, "is not a PNG, JPEG, GIF or BMP picture"));
}

TEST_F(ModuleCheck, APictureWiderThanTheLimitIsRefusedFromItsHeader)
{
    writeGoodModule();
    writePng("images/email.png", 9000, 10);
    EXPECT_THAT(onlyProblem(check()),
                isProblem("images/email.png", 0, "is 9000 x 10 pixels; a picture may be at most 8000 pixels"));
}

TEST_F(ModuleCheck, APictureAboveTheByteLimitIsRefused)
{
    writeGoodModule();
    ASSERT_GT(fs::file_size(source() / "images/email.png"), 100u);
    m_limits.maxImageBytes = 100;
    EXPECT_THAT(onlyProblem(check()), isProblem("images/email.png", 0, "a picture may be at most"));
}

// BUG (found by this test, not fixed here): the message for a picture above
// the byte limit rounds both sizes down to whole MB, so a picture just over
// the limit reads as no bigger than it: with the default 20 MB limit a 20.5 MB
// picture gives "is 20 MB; a picture may be at most 20 MB", and with a limit
// of 100 bytes this picture gives "is 0 MB; a picture may be at most 0 MB".
// (Pages and questions have the same rounding in KiB.) Enable when
// ModuleCheck.cpp is fixed.
TEST_F(ModuleCheck, APictureAboveTheByteLimitIsToldHowBigItIs)
{
    writeGoodModule();
    m_limits.maxImageBytes = 100;
    const Problem problem = onlyProblem(check());
    EXPECT_THAT(problem.message, Not(HasSubstr("is 0 MB")));
    EXPECT_THAT(problem.message, Not(HasSubstr("at most 0 MB")));
}

// --- questions -------------------------------------------------------------------------

TEST_F(ModuleCheck, AGiftSyntaxErrorIsReportedAtItsLineInTheQuestionsFile)
{
    writeGoodModule();
    write("questions.gift", "// quiz\nWhich port does SSH use? {\n=22\n~23\n~80\n");
    EXPECT_THAT(onlyProblem(check()),
                isProblem("questions.gift", 5, "expected '}' to close the answers opened on line 2"));
}

TEST_F(ModuleCheck, AQuestionsFileThatDoesNotExistIsReportedAtItsManifestLine)
{
    writeGoodModule();
    fs::remove(source() / "questions.gift");
    EXPECT_THAT(onlyProblem(check()),
                isProblem("module.txt", 11, "questions file 'questions.gift' does not exist in the module"));
}

TEST_F(ModuleCheck, AQuestionsFileWithoutAQuestionIsReported)
{
    writeGoodModule();
    write("questions.gift", "// Questions will come later.\n");
    EXPECT_THAT(onlyProblem(check()), isProblem("questions.gift", 0, "holds no question"));
}

// --- the pieces --------------------------------------------------------------------------

TEST(MarkdownImages, FindsEachImageWithItsLine)
{
    const std::string page = "# Title\n"
                             "![A plain one](images/a.png)\n"
                             "\n"
                             "Two: ![first](one.png) and ![second](two.png).\n"
                             "![With a title](images/b.png \"A title\")\n"
                             "![In angle brackets](<images/my picture.png>)\n"
                             "![Alt [with] brackets](c.png)\n";
    EXPECT_THAT(markdownImages(page),
                ElementsAre(Pair("images/a.png", 2), Pair("one.png", 4), Pair("two.png", 4), Pair("images/b.png", 5),
                            Pair("images/my picture.png", 6), Pair("c.png", 7)));
}

TEST(MarkdownImages, IgnoresLinksEscapedImagesAndBracketsWithoutATarget)
{
    const std::string page = "A [link](page.png) is not an image.\n"
                             "\\![Escaped](escaped.png) is text.\n"
                             "![No target] here, and ![space before] (spaced.png).\n"
                             "![Never closed](open.png\n";
    // The unclosed one still names its target: the check then reports it if
    // it is missing, which is what the author needs to know.
    EXPECT_THAT(markdownImages(page), ElementsAre(Pair("open.png", 4)));
}

TEST(MarkdownImages, FindsAnImageInsideALinkAndGivesTheLineOfItsTarget)
{
    EXPECT_THAT(markdownImages("[![Badge](badge.png)](https://example.com)\n"), ElementsAre(Pair("badge.png", 1)));
    // Alt text over two lines: the line is where the target is.
    EXPECT_THAT(markdownImages("Intro\n![A long\ndescription](long.png)\n"), ElementsAre(Pair("long.png", 3)));
    EXPECT_THAT(markdownImages(""), IsEmpty());
}

TEST(ModuleProblem, DescribeWritesFileLineAndMessage)
{
    EXPECT_EQ(describe(Problem{"pages/01-welcome.md", 3, "image 'x.png' does not exist"}),
              "pages/01-welcome.md:3: image 'x.png' does not exist");
    EXPECT_EQ(describe(Problem{"images/big.png", 0, "is too large"}), "images/big.png: is too large");
    EXPECT_EQ(describe(Problem{"", 0, "the module is too big"}), "the module is too big");
}

TEST(ModuleManifest, ParsesAWindowsFileWithBomCrlfCommentsAndSpaces)
{
    const std::string text = "\xEF\xBB\xBFtitle:   Using email  \r\n"
                             "# a comment: with a colon\r\n"
                             "   # an indented comment\r\n"
                             "\r\n"
                             "language:en\r\n"
                             "version : 2.1\r\n"
                             "duration: 45 minutes\r\n"
                             "objective: Send: and receive\r\n"
                             "page:\tpages/01-welcome.md\r\n"
                             "questions: questions.gift";
    std::vector<Problem> problems;
    const ModuleManifest manifest = parseManifest(text, problems);
    EXPECT_THAT(problems, IsEmpty()) << listed(problems);
    EXPECT_EQ(manifest.title, "Using email");
    EXPECT_EQ(manifest.language, "en");
    EXPECT_EQ(manifest.version, "2.1");
    EXPECT_EQ(manifest.durationMinutes, 45);
    EXPECT_THAT(manifest.objectives, ElementsAre("Send: and receive"));
    EXPECT_THAT(manifest.pages, ElementsAre("pages/01-welcome.md"));
    EXPECT_THAT(manifest.pageLines, ElementsAre(9));
    EXPECT_EQ(manifest.questions, "questions.gift");
    EXPECT_EQ(manifest.questionsLine, 10);
}

TEST(ModuleManifest, ReportsLinesWithoutAColonKeysGivenTwiceAndBadValues)
{
    const std::string text = "title: Using email\n"        // 1
                             "language: english!\n"        // 2
                             "version: 1.0\n"              // 3
                             "title: Using email again\n"  // 4
                             "author Someone\n"            // 5
                             "duration: 0\n"               // 6
                             "page:\n"                     // 7
                             "language: en\n"              // 8
                             "page: pages/a.md\n";         // 9
    std::vector<Problem> problems;
    const ModuleManifest manifest = parseManifest(text, problems);
    EXPECT_THAT(problems,
                ElementsAre(isProblem("module.txt", 2, "'english!' is not a language code"),
                            isProblem("module.txt", 4, "'title' is given twice"),
                            isProblem("module.txt", 5, "expected 'key: value'"),
                            isProblem("module.txt", 6, "'duration' must be a number of minutes from 1 to 6000"),
                            isProblem("module.txt", 7, "'page' has no value"),
                            isProblem("module.txt", 8, "'language' is given twice")));
    EXPECT_EQ(manifest.title, "Using email");
    EXPECT_THAT(manifest.pages, ElementsAre("pages/a.md"));
}

TEST(ModuleManifest, KeysAreCaseSensitiveAndAFarOffKeyGetsNoSuggestion)
{
    std::vector<Problem> problems;
    parseManifest("Title: A\nlanguage: en\nversion: 1\npage: a.md\ncolour: blue\n", problems);
    EXPECT_THAT(problems, Contains(isProblem("module.txt", 1, "unknown key 'Title' (did you mean 'title'?)")));
    EXPECT_THAT(problems, Contains(AllOf(isProblem("module.txt", 5, "unknown key 'colour'"),
                                         Field(&Problem::message, Not(HasSubstr("did you mean"))))));
}
