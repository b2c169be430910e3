// A quiz asks a module's questions by their place in its GIFT file, so the
// list the console and the agents load must be the whole file or a failure
// that says which file and line to look at; and the file a module.txt names
// must never be read from outside the module. Each test builds a small module
// in its own temporary directory.

#include "common/quiz/Grading.h"
#include "common/quiz/ModuleQuestions.h"

#include <QTemporaryDir>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

using namespace classroom::quiz;
using classroom::module::gift::Question;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::StartsWith;
namespace fs = std::filesystem;

namespace {

constexpr const char* kManifest = "title: Staying safe online\n"
                                  "language: en\n"
                                  "version: 1.0\n"
                                  "page: pages/01-welcome.md\n";

constexpr const char* kTwoQuestions = "// Two questions\n"
                                      "\n"
                                      "::Updates::Updates make your phone safer.{T}\n"
                                      "\n"
                                      "::Never share::What should you never tell anyone?{=Your PIN ~Your name}\n";

std::vector<QuestionType> typesOf(const std::vector<Question>& questions)
{
    std::vector<QuestionType> types;
    for (const Question& q : questions) {
        types.push_back(q.type);
    }
    return types;
}

// The answer a learner who read every page gives, in the form the agent sends.
Response rightResponse(const Question& q)
{
    Response r;
    switch (q.type) {
    case QuestionType::MultipleChoice:
    case QuestionType::MultipleResponse:
        for (std::uint32_t i = 0; i < q.answers.size(); ++i) {
            if (q.answers[i].weight > 0 && (q.type == QuestionType::MultipleResponse || q.answers[i].weight == 100)) {
                r.choices.push_back(i);
            }
        }
        break;
    case QuestionType::TrueFalse: r.choices = {q.correct ? 0u : 1u}; break;
    case QuestionType::ShortAnswer: r.text = q.answers.front().text; break;
    case QuestionType::Numerical: r.text = std::to_string(static_cast<int>(q.answers.front().value)); break;
    case QuestionType::Matching: {
        const std::vector<std::string> options = matchingOptions(q);
        for (const std::size_t item : matchingItems(q)) {
            const auto option = std::find(options.begin(), options.end(), q.answers[item].match);
            r.choices.push_back(static_cast<std::uint32_t>(option - options.begin()));
        }
        break;
    }
    default: r.text = "Use a passphrase, update my phone, hang up on callers.";
    }
    return r;
}

class ModuleQuestions : public ::testing::Test {
protected:
    fs::path root() const { return fs::path(m_temp.path().toStdString()); }
    fs::path moduleDir() const { return root() / "module"; }

    void write(const fs::path& path, const std::string& content)
    {
        fs::create_directories(path.parent_path());
        std::ofstream(path, std::ios::binary) << content;
    }

    // A module with a page and the given manifest lines after the required ones.
    void writeModule(const std::string& moreManifest)
    {
        write(moduleDir() / "module.txt", kManifest + moreManifest);
        write(moduleDir() / "pages/01-welcome.md", "# Welcome\n");
    }

    QTemporaryDir m_temp;
};

}  // namespace

TEST_F(ModuleQuestions, LoadsTheQuestionsTheManifestNamesInFileOrder)
{
    writeModule("questions: quiz/questions.gift\n");
    write(moduleDir() / "quiz/questions.gift", kTwoQuestions);

    const auto questions = loadModuleQuestions(moduleDir());
    ASSERT_TRUE(questions.ok()) << questions.error();
    EXPECT_THAT(typesOf(questions.value()), ElementsAre(QuestionType::TrueFalse, QuestionType::MultipleChoice));
    EXPECT_EQ(questions.value()[1].title, "Never share");
}

TEST_F(ModuleQuestions, AModuleWithoutQuestionsHasNoneAndThatIsFine)
{
    writeModule("");
    const auto questions = loadModuleQuestions(moduleDir());
    ASSERT_TRUE(questions.ok()) << questions.error();
    EXPECT_THAT(questions.value(), IsEmpty());
}

TEST_F(ModuleQuestions, ABrokenQuestionsFileFailsNamingTheFileAndLine)
{
    writeModule("questions: questions.gift\n");
    write(moduleDir() / "questions.gift",
          "::Good::A good question.{T}\n"
          "\n"
          "::Broken::Capital of France?{=Paris ~Lyon\n");

    const auto questions = loadModuleQuestions(moduleDir());
    ASSERT_FALSE(questions.ok());
    EXPECT_THAT(questions.error(), StartsWith("questions.gift:3: "));
    EXPECT_THAT(questions.error(), HasSubstr("expected '}'"));
}

TEST_F(ModuleQuestions, AQuestionsPathThatLeavesTheModuleIsRefused)
{
    write(root() / "secret.gift", kTwoQuestions);
    const std::vector<std::string> outside
        = {"../secret.gift", "quiz/../../secret.gift", (root() / "secret.gift").string()};
    for (const std::string& escaping : outside) {
        writeModule("questions: " + escaping + "\n");
        const auto questions = loadModuleQuestions(moduleDir());
        ASSERT_FALSE(questions.ok()) << escaping;
        EXPECT_EQ(questions.error(),
                  "module.txt:5: the questions file '" + escaping + "' is outside the module folder");
    }
}

TEST_F(ModuleQuestions, ALinkOutOfTheModuleIsRefused)
{
    write(root() / "secret.gift", kTwoQuestions);
    writeModule("questions: questions.gift\n");
    fs::create_symlink(root() / "secret.gift", moduleDir() / "questions.gift");

    const auto questions = loadModuleQuestions(moduleDir());
    ASSERT_FALSE(questions.ok());
    EXPECT_THAT(questions.error(), HasSubstr("is outside the module folder"));
}

TEST_F(ModuleQuestions, AMissingQuestionsFileIsAFailureNamingIt)
{
    writeModule("questions: questions.gift\n");
    const auto questions = loadModuleQuestions(moduleDir());
    ASSERT_FALSE(questions.ok());
    EXPECT_THAT(questions.error(), StartsWith("questions.gift: cannot be read"));
}

TEST_F(ModuleQuestions, AMissingOrBrokenManifestIsAFailure)
{
    const auto missing = loadModuleQuestions(moduleDir());
    ASSERT_FALSE(missing.ok());
    EXPECT_THAT(missing.error(), StartsWith("module.txt: cannot be read"));

    write(moduleDir() / "module.txt", "title: No language\nversion: 1\npage: a.md\nquestion: q.gift\n");
    const auto broken = loadModuleQuestions(moduleDir());
    ASSERT_FALSE(broken.ok());
    EXPECT_THAT(broken.error(), StartsWith("module.txt:4: unknown key 'question'"));
}

TEST(ParseQuestions, NamesTheSourceAndCountsTheOtherProblems)
{
    const auto questions = parseQuestions("Q1 {=a ~b\n\nQ2 {=a -> }\n\nQ3 {T}\n", "lesson.gift");
    ASSERT_FALSE(questions.ok());
    EXPECT_THAT(questions.error(), StartsWith("lesson.gift:1: "));
    EXPECT_THAT(questions.error(), HasSubstr("(and 1 more problem)"));
}

TEST(ParseQuestions, AValidTextGivesEveryQuestion)
{
    const auto questions = parseQuestions(kTwoQuestions, "questions.gift");
    ASSERT_TRUE(questions.ok()) << questions.error();
    EXPECT_EQ(questions.value().size(), 2u);
}

TEST(SampleModule, StayingSafeOnlineHasItsFourteenQuestionsOfEveryType)
{
    const fs::path sample = fs::path(CLASSROOM_SOURCE_DIR) / "teacher-console/modules/staying-safe-online";
    const auto questions = loadModuleQuestions(sample);
    ASSERT_TRUE(questions.ok()) << questions.error();
    using T = QuestionType;
    EXPECT_THAT(typesOf(questions.value()),
                ElementsAre(T::Description, T::MultipleChoice, T::MultipleResponse, T::Numerical, T::ShortAnswer,
                            T::Matching, T::MultipleChoice, T::TrueFalse, T::TrueFalse, T::TrueFalse,
                            T::MultipleChoice, T::MultipleChoice, T::MultipleChoice, T::Essay));
    EXPECT_TRUE(questions.value()[6].missingWord);
    EXPECT_EQ(correctAnswerText(questions.value()[3]), "12 to 64");
}

TEST(SampleModule, ALearnerWhoAnswersEveryQuestionRightGetsEveryPoint)
{
    const auto questions = loadModuleQuestions(fs::path(CLASSROOM_SOURCE_DIR)
                                               / "teacher-console/modules/staying-safe-online");
    ASSERT_TRUE(questions.ok()) << questions.error();
    for (const Question& q : questions.value()) {
        if (q.type == QuestionType::Description) {
            continue;
        }
        const Response right = rightResponse(q);
        EXPECT_EQ(checkResponse(q, right), std::nullopt) << q.title;
        if (q.type != QuestionType::Essay) {
            EXPECT_EQ(grade(q, right), std::optional(1.0)) << q.title << ": " << describeResponse(q, right);
        }
    }
}
