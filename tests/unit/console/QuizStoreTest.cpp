// console.db's quiz half and the learner roster: what a restarted console
// finds again, and what a trainer's spreadsheet may hold.

#include "teacher-console/core/ConsoleStore.h"
#include "teacher-console/core/LearnerRoster.h"

#include <QTemporaryDir>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

using namespace classroom;
using namespace classroom::console;
using ::testing::HasSubstr;
namespace fs = std::filesystem;

namespace {

class QuizStoreTest : public ::testing::Test {
protected:
    fs::path file() const { return fs::path(m_dir.path().toStdString()) / "console.db"; }
    std::unique_ptr<ConsoleStore> open()
    {
        auto store = ConsoleStore::open(file());
        EXPECT_TRUE(store.ok()) << store.error();
        return store ? std::move(store).value() : nullptr;
    }
    static StoredAnswer answer(std::uint64_t id, bool late = false)
    {
        StoredAnswer a;
        a.seatKey = "seat-key";
        a.answerId = id;
        a.sessionId = 1;
        a.quizId = 77;
        a.question = 3;
        a.learner = "L-1";
        a.seatName = "PC 1";
        a.choices = {0, 2};
        a.text = "x";
        a.late = late;
        a.score = 0.5;
        return a;
    }
    QTemporaryDir m_dir;
};

}  // namespace

TEST_F(QuizStoreTest, ASessionNotEndedIsResumedAndAnEndedOneIsNot)
{
    auto store = open();
    auto first = store->resumeOrStartSession("trainer");
    ASSERT_TRUE(first.ok());
    EXPECT_FALSE(first.value().resumed);
    store.reset();  // killed: the session never ended
    store = open();
    auto again = store->resumeOrStartSession("trainer");
    ASSERT_TRUE(again.ok());
    EXPECT_TRUE(again.value().resumed);
    EXPECT_EQ(again.value().id, first.value().id);
    ASSERT_TRUE(store->endSession(again.value().id).ok());
    auto next = store->resumeOrStartSession("trainer");
    ASSERT_TRUE(next.ok());
    EXPECT_FALSE(next.value().resumed);
    EXPECT_NE(next.value().id, first.value().id);
}

TEST_F(QuizStoreTest, TheSameAnswerTwiceIsOneRowAndKeepsItsFirstLateFlag)
{
    auto store = open();
    auto writer = ConsoleStore::openConnection(file());
    ASSERT_TRUE(writer.ok());
    std::vector<StoredAnswer> batch = {answer(1), answer(2)};
    ASSERT_TRUE(ConsoleStore::insertAnswers(*writer.value(), batch).ok());
    // Sent again after the quiz closed: still one row, and the ack says on time.
    std::vector<StoredAnswer> again = {answer(1, true)};
    ASSERT_TRUE(ConsoleStore::insertAnswers(*writer.value(), again).ok());
    EXPECT_FALSE(again[0].late);
    auto stored = store->answersOfQuiz(77);
    ASSERT_TRUE(stored.ok());
    ASSERT_EQ(stored.value().size(), 2u);
    EXPECT_EQ(stored.value()[0].choices, (std::vector<std::uint32_t>{0, 2}));
    ASSERT_TRUE(stored.value()[0].score.has_value());
    EXPECT_DOUBLE_EQ(*stored.value()[0].score, 0.5);
    EXPECT_EQ(store->database().integrityCheck(), "ok");
}

TEST_F(QuizStoreTest, AQuizAndItsSeatsSurviveReopeningAndClosingIsRemembered)
{
    auto store = open();
    auto session = store->resumeOrStartSession("trainer");
    ASSERT_TRUE(session.ok());
    StoredQuiz quiz;
    quiz.id = 0x7fffffffffffff01ULL;
    quiz.sessionId = session.value().id;
    quiz.moduleId = std::string(64, 'a');
    quiz.moduleTitle = "Staying safe online";
    quiz.live = false;
    quiz.questions = {1, 2, 13};
    quiz.seatKeys = {"k1", "k2"};
    ASSERT_TRUE(store->saveQuiz(quiz, {"", "trainer", "start_quiz", "", ""}).ok());
    ASSERT_TRUE(store->setQuizState(quiz.id, false, true, {"", "trainer", "reveal_answers", "", ""}).ok());
    store = open();
    auto loaded = store->loadQuiz(quiz.id);
    ASSERT_TRUE(loaded.ok());
    ASSERT_TRUE(loaded.value().has_value());
    EXPECT_EQ(loaded.value()->questions, quiz.questions);
    EXPECT_EQ(loaded.value()->seatKeys.size(), 2u);
    EXPECT_FALSE(loaded.value()->open);
    EXPECT_TRUE(loaded.value()->revealed);
    EXPECT_FALSE(store->loadQuiz(42).value().has_value());
}

TEST_F(QuizStoreTest, LearnerCodesBelongToTheirSessionAndAnEmptyCodeClearsOne)
{
    auto store = open();
    ASSERT_EQ(store->startSession("t").value(), 1);
    ASSERT_EQ(store->startSession("t").value(), 2);
    ASSERT_TRUE(store->setLearners(1, {{"k1", "L-1"}, {"k2", "L-2"}}, {"", "t", "set_learner", "", ""}).ok());
    ASSERT_TRUE(store->setLearners(1, {{"k2", ""}}, {"", "t", "set_learner", "", ""}).ok());
    ASSERT_TRUE(store->setLearners(2, {{"k1", "L-9"}}, {"", "t", "set_learner", "", ""}).ok());
    auto first = store->learners(1);
    ASSERT_TRUE(first.ok());
    EXPECT_EQ(first.value(), (std::vector<std::pair<std::string, std::string>>{{"k1", "L-1"}}));
    EXPECT_EQ(store->learners(2).value().front().second, "L-9");
}

TEST_F(QuizStoreTest, AGradeReplacesTheScoreAndAnUnknownAnswerIsSaidSo)
{
    auto store = open();
    auto writer = ConsoleStore::openConnection(file());
    std::vector<StoredAnswer> batch = {answer(5)};
    batch[0].score.reset();  // an essay
    ASSERT_TRUE(ConsoleStore::insertAnswers(*writer.value(), batch).ok());
    auto graded = store->gradeAnswer("seat-key", 5, 0.75, {"", "trainer", "grade_answer", "", ""});
    ASSERT_TRUE(graded.ok());
    EXPECT_TRUE(graded.value());
    const auto stored = store->answersOfQuiz(77).value();
    ASSERT_TRUE(stored[0].score.has_value());
    EXPECT_DOUBLE_EQ(*stored[0].score, 0.75);
    EXPECT_EQ(stored[0].gradedBy, "trainer");
    EXPECT_FALSE(store->gradeAnswer("seat-key", 6, 1.0, {"", "trainer", "grade_answer", "", ""}).value());
}

TEST(LearnerRoster, ASpreadsheetExportWithHeaderQuotesAndSemicolonsIsRead)
{
    const std::string text = "\xEF\xBB\xBFSeat;Code\r\n\"PC 1\";L-0412\r\n# a comment\r\n\r\npc-02;\"L,07\"\r\n";
    auto lines = parseRoster(text, "roster.csv");
    ASSERT_TRUE(lines.ok()) << lines.error();
    ASSERT_EQ(lines.value().size(), 2u);
    EXPECT_EQ(lines.value()[0].seat, QStringLiteral("PC 1"));
    EXPECT_EQ(lines.value()[0].code, QStringLiteral("L-0412"));
    EXPECT_EQ(lines.value()[1].line, 5);
    EXPECT_EQ(lines.value()[1].code, QStringLiteral("L,07"));
}

TEST(LearnerRoster, EveryBadLineIsReportedWithItsNumber)
{
    auto lines = parseRoster("PC 1,L-1\nPC 2\nPC 3,\nPC 4,ThisCodeIsFarTooLongToBeALearnerCodeAtAll\n", "roster.csv");
    ASSERT_FALSE(lines.ok());
    EXPECT_THAT(lines.error(), HasSubstr("roster.csv:2: expected a seat and a learner code"));
    EXPECT_THAT(lines.error(), HasSubstr("roster.csv:3: the learner code is empty"));
    EXPECT_THAT(lines.error(), HasSubstr("roster.csv:4: the learner code is longer than 32 characters"));
    EXPECT_FALSE(parseRoster("", "empty.csv").ok());
    EXPECT_FALSE(parseRoster(std::string("PC 1,L\xff\n"), "latin1.csv").ok()) << "not UTF-8";
}

TEST(LearnerRoster, ACodeWithAControlCharacterIsRefused)
{
    EXPECT_FALSE(normaliseLearnerCode(QStringLiteral("L-1\u0007")).ok());
    EXPECT_FALSE(normaliseLearnerCode(QStringLiteral("L\u200B1")).ok()) << "zero-width space: looks like L1";
    EXPECT_EQ(normaliseLearnerCode(QStringLiteral("  Zoë-7 ")).value(), QStringLiteral("Zoë-7"));
}
