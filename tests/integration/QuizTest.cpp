// A trainer asks questions and the class answers: real console and agent
// cores, CURVE over TCP on loopback, real SQLite files on both sides.

#include "common/quiz/Grading.h"
#include "protocol/Limits.h"
#include "tests/support/Classroom.h"
#include "tests/support/RawClient.h"

#include <QTest>

#include <gtest/gtest.h>

#include <set>

using namespace classroom;
using namespace classroom::test;

namespace {

namespace fs = std::filesystem;

const fs::path kSampleModule = CLASSROOM_SAMPLE_MODULE_DIR;

// Question numbers in the sample module's questions.gift.
constexpr std::uint32_t kNeverShare = 1;     // multiple choice, choice 0 is right
constexpr std::uint32_t kGoodPasswords = 2;  // multiple response, choices 0 and 1 are right
constexpr std::uint32_t kPasswordLength = 3; // numerical
constexpr std::uint32_t kMyPlan = 13;        // essay

agent::HeadlessQuizView& quizViewOf(TestAgent& agent)
{
    return dynamic_cast<agent::HeadlessQuizView&>(agent.controller->quizView());
}

// Imports the sample module, sends it to every seat and waits until every
// running agent shows it.
std::string sendSampleModule(Classroom& classroom)
{
    auto imported = classroom.console().importModule(kSampleModule);
    EXPECT_TRUE(imported.ok()) << imported.error();
    const std::string id = imported ? imported.value().id : std::string();
    EXPECT_TRUE(classroom.console().sendModule(classroom.console().allSeatKeys(), id).ok());
    EXPECT_TRUE(waitUntil(
        [&] {
            for (int i = 0; i < classroom.agentCount(); ++i)
                if (classroom.agent(i).running() && !classroom.agent(i).view->isOpen())
                    return false;
            return true;
        },
        60s));
    return id;
}

bool everyAgentShowsQuiz(Classroom& classroom, std::uint64_t quizId, bool open, bool reveal)
{
    for (int i = 0; i < classroom.agentCount(); ++i) {
        TestAgent& agent = classroom.agent(i);
        if (!agent.running())
            continue;
        const agent::HeadlessQuizView& view = quizViewOf(agent);
        if (!view.isOpen() || view.screen().run != quizId || view.screen().open != open || view.screen().reveal != reveal)
            return false;
    }
    return true;
}

bool outboxesEmpty(Classroom& classroom)
{
    for (int i = 0; i < classroom.agentCount(); ++i)
        if (classroom.agent(i).running() && classroom.agent(i).controller->store().pendingAnswerCount() != 0)
            return false;
    return true;
}

std::vector<console::StoredAnswer> storedAnswers(Classroom& classroom, std::uint64_t quizId)
{
    auto answers = classroom.console().store().answersOfQuiz(quizId);
    EXPECT_TRUE(answers.ok());
    return answers ? answers.value() : std::vector<console::StoredAnswer>{};
}

agent::AnswerStatus statusOn(TestAgent& agent, std::uint32_t question)
{
    for (const agent::QuizQuestion& shown : quizViewOf(agent).screen().questions)
        if (shown.number == question)
            return shown.status;
    return agent::AnswerStatus::NotAnswered;
}

}  // namespace

TEST(Quiz, ThirtySeatsAnswerALiveQuestionAndTheTrainerSeesTheDistribution)
{
    Classroom classroom(30);
    classroom.startAllAgents();
    ASSERT_TRUE(waitUntil([&] { return classroom.allOnline(); }, 30s));
    sendSampleModule(classroom);
    auto asked = classroom.console().askLive(classroom.console().allSeatKeys(), kNeverShare, std::chrono::seconds{120});
    ASSERT_TRUE(asked.ok()) << asked.error();
    const std::uint64_t quizId = asked.value();
    ASSERT_TRUE(waitUntil([&] { return everyAgentShowsQuiz(classroom, quizId, true, false); }));
    // The countdown reached the PCs.
    ASSERT_TRUE(quizViewOf(classroom.agent(0)).screen().closesAt.has_value());

    // Seat i picks choice i % 4: 8 + 8 + 7 + 7.
    std::set<std::uint64_t> given;
    for (int i = 0; i < 30; ++i) {
        given.insert(classroom.agent(i).controller->submitAnswer(kNeverShare, quiz::Response{{static_cast<std::uint32_t>(i % 4)}, {}}));
        // "Sending" until the console has it; "sent" only after the ack.
        if (i == 0) {
            const auto mine = classroom.agent(0).controller->store().myAnswers(quizId);
            ASSERT_EQ(mine.size(), 1u);
            EXPECT_EQ(mine[0].status, agent::AgentStateStore::kSending);
        }
    }
    ASSERT_EQ(given.size(), 30u);
    ASSERT_EQ(given.count(0), 0u);
    ASSERT_TRUE(waitUntil([&] { return classroom.console().tally(quizId, kNeverShare).answered == 30; }));
    ASSERT_TRUE(waitUntil([&] { return outboxesEmpty(classroom); }));
    // Every learner's screen says "sent" once the ack is in.
    EXPECT_TRUE(waitUntil([&] {
        for (int i = 0; i < 30; ++i)
            if (statusOn(classroom.agent(i), kNeverShare) != agent::AnswerStatus::Sent)
                return false;
        return true;
    }));

    const console::QuizTally tally = classroom.console().tally(quizId, kNeverShare);
    EXPECT_EQ(tally.asked, 30);
    ASSERT_EQ(tally.bars.size(), 4u);
    EXPECT_EQ(tally.bars[0], (std::pair<std::string, int>{"Your PIN code", 8}));
    EXPECT_EQ(tally.bars[1].second, 8);
    EXPECT_EQ(tally.bars[2].second, 7);
    EXPECT_EQ(tally.bars[3].second, 7);
    const auto stored = storedAnswers(classroom, quizId);
    ASSERT_EQ(stored.size(), 30u);
    for (const console::StoredAnswer& answer : stored) {
        EXPECT_EQ(given.count(answer.answerId), 1u);
        EXPECT_FALSE(answer.late);
        ASSERT_TRUE(answer.score.has_value());
        EXPECT_DOUBLE_EQ(*answer.score, answer.choices == std::vector<std::uint32_t>{0} ? 1.0 : 0.0);
    }

    // The trainer stops answers, a PC that was slow answers anyway: kept, marked late.
    ASSERT_TRUE(classroom.console().closeQuiz(quizId).ok());
    ASSERT_TRUE(waitUntil([&] { return everyAgentShowsQuiz(classroom, quizId, false, false); }));
    EXPECT_EQ(classroom.agent(0).controller->submitAnswer(kNeverShare, quiz::Response{{0}, {}}), 0u)
        << "the PC itself does not send answers to a closed question";
    ASSERT_TRUE(classroom.console().revealQuiz(quizId).ok());
    EXPECT_TRUE(waitUntil([&] { return everyAgentShowsQuiz(classroom, quizId, false, true); }));
    ASSERT_TRUE(classroom.console().endQuiz(quizId).ok());
    EXPECT_TRUE(waitUntil([&] { return !quizViewOf(classroom.agent(5)).isOpen(); }));
    EXPECT_EQ(storedAnswers(classroom, quizId).size(), 30u) << "ending the quiz keeps its answers";
}

TEST(Quiz, ThirtyLearnersTakeASelfPacedQuizAndTheReportScoresEachOne)
{
    Classroom classroom(30);
    classroom.startAllAgents();
    ASSERT_TRUE(waitUntil([&] { return classroom.allOnline(); }, 30s));
    sendSampleModule(classroom);
    for (int i = 0; i < 30; ++i)
        ASSERT_TRUE(classroom.console()
                        .setLearner(classroom.agent(i).keys.publicKey, QStringLiteral("L-%1").arg(100 + i))
                        .ok());
    auto started = classroom.console().startSelfPaced(classroom.console().allSeatKeys());
    ASSERT_TRUE(started.ok()) << started.error();
    const std::uint64_t quizId = started.value();
    ASSERT_TRUE(waitUntil([&] { return everyAgentShowsQuiz(classroom, quizId, true, false); }));
    EXPECT_EQ(quizViewOf(classroom.agent(0)).screen().questions.size(), 14u);

    // Even seats answer three questions right, odd seats wrong; everybody writes an essay.
    for (int i = 0; i < 30; ++i) {
        agent::AgentController& pc = *classroom.agent(i).controller;
        const bool right = i % 2 == 0;
        ASSERT_NE(pc.submitAnswer(kNeverShare, quiz::Response{{right ? 0u : 2u}, {}}), 0u);
        ASSERT_NE(pc.submitAnswer(kGoodPasswords, quiz::Response{right ? std::vector<std::uint32_t>{0, 1}
                                                                       : std::vector<std::uint32_t>{2, 3}, {}}), 0u);
        ASSERT_NE(pc.submitAnswer(kPasswordLength, quiz::Response{{}, right ? "14" : "4"}), 0u);
        ASSERT_NE(pc.submitAnswer(kMyPlan, quiz::Response{{}, "Long passwords, updates, and I hang up on callers."}), 0u);
    }
    ASSERT_TRUE(waitUntil([&] { return outboxesEmpty(classroom); }, 30s));
    EXPECT_EQ(storedAnswers(classroom, quizId).size(), 120u);

    auto report = classroom.console().sessionReport(classroom.console().sessionId());
    ASSERT_TRUE(report.ok()) << report.error();
    ASSERT_EQ(report.value().learners.size(), 30u);
    for (const console::LearnerResult& learner : report.value().learners) {
        const int number = QString::fromStdString(learner.learner).mid(2).toInt() - 100;
        SCOPED_TRACE(learner.learner);
        EXPECT_EQ(learner.questionsAsked, 13) << "the description is not a question";
        EXPECT_EQ(learner.answered, 4);
        EXPECT_EQ(learner.awaitingGrading, 1) << "the essay waits for the trainer";
        EXPECT_DOUBLE_EQ(learner.points, number % 2 == 0 ? 3.0 : 0.0);
    }
    const auto essay = std::find_if(report.value().questions.begin(), report.value().questions.end(),
                                    [](const console::QuestionResult& q) { return q.questionType == "essay"; });
    ASSERT_NE(essay, report.value().questions.end());
    EXPECT_EQ(essay->awaitingGrading, 30);

    // The trainer grades one essay: it counts from then on.
    const console::StoredAnswer firstEssay = [&] {
        for (const console::StoredAnswer& answer : storedAnswers(classroom, quizId))
            if (answer.question == kMyPlan && answer.seatKey == classroom.agent(1).keys.publicKey)
                return answer;
        return console::StoredAnswer{};
    }();
    ASSERT_TRUE(classroom.console().gradeAnswer(firstEssay.seatKey, firstEssay.answerId, 0.5).ok());
    auto regraded = classroom.console().sessionReport(classroom.console().sessionId());
    ASSERT_TRUE(regraded.ok());
    for (const console::LearnerResult& learner : regraded.value().learners)
        if (learner.learner == "L-101") {
            EXPECT_DOUBLE_EQ(learner.points, 0.5);
            EXPECT_EQ(learner.awaitingGrading, 0);
        }
}

TEST(Quiz, AChangedAnswerReplacesTheEarlierOneInTheScoresButBothAreKept)
{
    Classroom classroom(1);
    classroom.startAllAgents();
    ASSERT_TRUE(waitUntil([&] { return classroom.allOnline(); }));
    sendSampleModule(classroom);
    auto asked = classroom.console().askLive(classroom.console().allSeatKeys(), kNeverShare);
    ASSERT_TRUE(asked.ok());
    ASSERT_TRUE(waitUntil([&] { return everyAgentShowsQuiz(classroom, asked.value(), true, false); }));
    agent::AgentController& pc = *classroom.agent(0).controller;
    ASSERT_NE(pc.submitAnswer(kNeverShare, quiz::Response{{3}, {}}), 0u);
    ASSERT_TRUE(waitUntil([&] { return outboxesEmpty(classroom); }));
    QTest::qWait(5);  // the PC's clock orders the two answers
    ASSERT_NE(pc.submitAnswer(kNeverShare, quiz::Response{{0}, {}}), 0u);
    ASSERT_TRUE(waitUntil([&] { return outboxesEmpty(classroom); }));
    EXPECT_EQ(storedAnswers(classroom, asked.value()).size(), 2u);
    const console::QuizTally tally = classroom.console().tally(asked.value(), kNeverShare);
    EXPECT_EQ(tally.answered, 1);
    EXPECT_EQ(tally.bars[0].second, 1);
    EXPECT_EQ(tally.bars[3].second, 0);
    auto report = classroom.console().sessionReport(classroom.console().sessionId());
    ASSERT_TRUE(report.ok());
    ASSERT_EQ(report.value().learners.size(), 1u);
    EXPECT_DOUBLE_EQ(report.value().learners[0].points, 1.0);
    ASSERT_EQ(report.value().answers.size(), 2u);
    EXPECT_FALSE(report.value().answers[0].counts);
    EXPECT_TRUE(report.value().answers[1].counts);
}

TEST(Quiz, AnswersGivenWhileTheConsoleIsDownArriveOnceWhenItReturns)
{
    Classroom classroom(5);
    classroom.startAllAgents();
    ASSERT_TRUE(waitUntil([&] { return classroom.allOnline(); }));
    sendSampleModule(classroom);
    auto asked = classroom.console().askLive(classroom.console().allSeatKeys(), kPasswordLength);
    ASSERT_TRUE(asked.ok());
    ASSERT_TRUE(waitUntil([&] { return everyAgentShowsQuiz(classroom, asked.value(), true, false); }));
    const std::int64_t session = classroom.console().sessionId();

    classroom.stopConsole();
    std::set<std::uint64_t> given;
    for (int i = 0; i < 5; ++i)
        given.insert(classroom.agent(i).controller->submitAnswer(kPasswordLength, quiz::Response{{}, std::to_string(10 + i)}));
    QTest::qWait(300);
    EXPECT_EQ(statusOn(classroom.agent(0), kPasswordLength), agent::AnswerStatus::Sending);
    classroom.startConsole();
    EXPECT_EQ(classroom.console().sessionId(), session) << "a console that did not end its session resumes it";
    EXPECT_EQ(classroom.console().currentQuiz(), asked.value()) << "the question is still open after the restart";
    ASSERT_TRUE(waitUntil([&] { return outboxesEmpty(classroom); }, 30s));
    const auto stored = storedAnswers(classroom, asked.value());
    ASSERT_EQ(stored.size(), 5u);
    for (const console::StoredAnswer& answer : stored)
        EXPECT_EQ(given.count(answer.answerId), 1u);
    EXPECT_TRUE(waitUntil([&] { return statusOn(classroom.agent(0), kPasswordLength) == agent::AnswerStatus::Sent; }));
    EXPECT_EQ(classroom.console().store().database().integrityCheck(), "ok");
}

TEST(Quiz, AnAgentStoppedBeforeTheAckSendsItsAnswerAgainAndItIsStoredOnce)
{
    Classroom classroom(3);
    classroom.startAllAgents();
    ASSERT_TRUE(waitUntil([&] { return classroom.allOnline(); }));
    sendSampleModule(classroom);
    auto asked = classroom.console().askLive(classroom.console().allSeatKeys(), kNeverShare);
    ASSERT_TRUE(asked.ok());
    ASSERT_TRUE(waitUntil([&] { return everyAgentShowsQuiz(classroom, asked.value(), true, false); }));
    // Stopped before the event loop could deliver anything back.
    const std::uint64_t id = classroom.agent(0).controller->submitAnswer(kNeverShare, quiz::Response{{0}, {}});
    classroom.stopAgent(0);
    classroom.startAgent(0);
    ASSERT_TRUE(waitUntil([&] { return outboxesEmpty(classroom); }, 30s));
    const auto stored = storedAnswers(classroom, asked.value());
    ASSERT_EQ(stored.size(), 1u);
    EXPECT_EQ(stored[0].answerId, id);
    // After the restart the learner still sees their answer, confirmed.
    ASSERT_TRUE(waitUntil([&] { return statusOn(classroom.agent(0), kNeverShare) == agent::AnswerStatus::Sent; }));
}

TEST(Quiz, BadAnswersAreRefusedWithAReasonAndNothingElseIsDisturbed)
{
    Classroom classroom(2);
    classroom.startAgent(0);  // agent 1's key is used by a hand-made client
    ASSERT_TRUE(waitUntil([&] { return classroom.console().roster().find(classroom.agent(0).keys.publicKey)->online; }));
    sendSampleModule(classroom);
    // A quiz given only to seat 0, then a question for everybody.
    auto onlySeat0 = classroom.console().startSelfPaced({classroom.agent(0).keys.publicKey}, {kGoodPasswords});
    ASSERT_TRUE(onlySeat0.ok());
    auto asked = classroom.console().askLive(classroom.console().allSeatKeys(), kNeverShare);
    ASSERT_TRUE(asked.ok());
    const std::uint64_t quizId = asked.value();
    ASSERT_TRUE(waitUntil([&] { return quizViewOf(classroom.agent(0)).screen().run == quizId; }));

    RawClient raw(classroom.agentContext(), classroom.endpoint(),
                  {classroom.agent(1).keys, classroom.consoleKeys().publicKey, {}});
    ASSERT_EQ(raw.waitForHandshake(5s), RawClient::Handshake::Succeeded);
    ASSERT_TRUE(raw.sendMessage(protocol::Hello{"0.1.0", "raw", {}}));
    auto refusal = [&](protocol::Answer answer) -> std::string {
        EXPECT_TRUE(raw.sendMessage(answer));
        const auto deadline = std::chrono::steady_clock::now() + 5s;
        while (std::chrono::steady_clock::now() < deadline) {
            auto reply = raw.receiveMessage(200ms);
            if (!reply)
                continue;
            if (const auto* ack = protocol::bodyAs<protocol::AnswerAck>(*reply);
                ack && ack->answerIds == std::vector<std::uint64_t>{answer.answerId})
                return ack->status == protocol::AnswerStatus::Refused ? ack->reason : "stored";
        }
        return "no reply";
    };
    EXPECT_EQ(refusal({1, 424242, kNeverShare, {0}, "", 1}), "this quiz does not exist");
    EXPECT_EQ(refusal({2, onlySeat0.value(), kGoodPasswords, {0, 1}, "", 1}),
              "this quiz was not given to this computer") << "a learner cannot answer another seat's quiz";
    EXPECT_EQ(refusal({3, quizId, kGoodPasswords, {0}, "", 1}), "this question is not part of the quiz");
    const std::string typedForChoice = refusal({4, quizId, kNeverShare, {}, "Your PIN code", 1});
    EXPECT_NE(typedForChoice, "stored") << "a typed text for a multiple-choice question";
    EXPECT_NE(typedForChoice, "no reply");
    EXPECT_NE(refusal({5, quizId, kNeverShare, {9}, "", 1}).find("does not exist"), std::string::npos);
    EXPECT_EQ(refusal({6, quizId, kNeverShare, {1}, "", 1}), "stored");
    // The same answer id again is the same answer: one row.
    EXPECT_EQ(refusal({6, quizId, kNeverShare, {1}, "", 1}), "stored");
    // Text over the cap never gets past the decoder; the connection survives.
    protocol::Answer huge{7, quizId, kNeverShare, {}, std::string(protocol::limits::kMaxAnswerTextBytes + 1, 'x'), 1};
    EXPECT_EQ(refusal(huge), "no reply");
    EXPECT_EQ(refusal({8, quizId, kNeverShare, {2}, "", 1}), "stored");

    // A flood from one seat is held back; the honest seat is not slowed.
    int limited = 0;
    for (std::uint64_t id = 1000; id < 1400; ++id)
        raw.sendMessage(protocol::Answer{id, quizId, kNeverShare, {0}, "", 1});
    const std::uint64_t honest = classroom.agent(0).controller->submitAnswer(kNeverShare, quiz::Response{{0}, {}});
    ASSERT_TRUE(waitUntil([&] { return outboxesEmpty(classroom); }));
    const auto deadline = std::chrono::steady_clock::now() + 3s;
    while (std::chrono::steady_clock::now() < deadline)
        if (auto reply = raw.receiveMessage(100ms))
            if (const auto* error = protocol::bodyAs<protocol::Error>(*reply); error && error->code == protocol::ErrorCode::RateLimited)
                ++limited;
    EXPECT_GT(limited, 100);
    int rawStored = 0;
    bool honestStored = false;
    for (const console::StoredAnswer& answer : storedAnswers(classroom, quizId)) {
        rawStored += answer.seatKey == classroom.agent(1).keys.publicKey ? 1 : 0;
        honestStored = honestStored || answer.answerId == honest;
    }
    EXPECT_TRUE(honestStored);
    EXPECT_LT(rawStored, 250) << "the flood was limited";
    EXPECT_EQ(classroom.console().store().database().integrityCheck(), "ok");
}
