// The quiz half of AgentController: showing the quiz the console set, the
// answer outbox (write, send, resend with backoff, forget on ack) and the
// status the learner sees.
#include "student-agent/core/AgentController.h"

#include "common/quiz/ModuleQuestions.h"
#include "common/text/WireText.h"
#include "protocol/Limits.h"

#include <QDateTime>

#include <spdlog/spdlog.h>

#include <algorithm>
#include <random>

namespace classroom::agent {
namespace {

using Clock = std::chrono::steady_clock;

// Unacknowledged answers go again after this long, doubling up to the
// maximum while the console stays silent; any ack starts over.
constexpr std::chrono::milliseconds kFirstResend{2000};
constexpr std::chrono::milliseconds kMaxResend{30000};

AnswerStatus statusOf(int stored)
{
    switch (stored) {
    case static_cast<int>(protocol::AnswerStatus::Stored): return AnswerStatus::Sent;
    case static_cast<int>(protocol::AnswerStatus::StoredLate): return AnswerStatus::SentLate;
    case static_cast<int>(protocol::AnswerStatus::Refused): return AnswerStatus::Refused;
    default: return AnswerStatus::Sending;
    }
}

}  // namespace

void AgentController::setQuizView(QuizView& view)
{
    m_quizView->onAnswer = nullptr;
    m_quizView = &view;
    m_quizView->onAnswer = [this](std::uint32_t number, const quiz::Response& response) { submitAnswer(number, response); };
}

const std::vector<module::gift::Question>& AgentController::questionsOfShownModule()
{
    if (m_shown && m_questionsFolder != m_shown->directory) {
        m_questionsFolder = m_shown->directory;
        auto loaded = quiz::loadModuleQuestions(m_shown->directory);
        if (loaded) {
            m_questions = std::move(loaded).value();
        } else {
            spdlog::error("cannot read the module's questions: {}", loaded.error());
            m_questions.clear();
        }
    }
    return m_questions;
}

void AgentController::applyQuiz()
{
    const bool showable = m_desired.quiz != 0 && m_shown && m_applied.moduleId == m_desired.moduleId;
    if (!showable) {
        if (m_quizShown != 0) {
            m_quizView->closeQuiz();
            spdlog::info("quiz {} closed", m_quizShown);
        }
        m_quizShown = 0;
        m_quizClosesAt.reset();
        m_applied.quiz = 0;
        m_applied.quizLive = false;
        m_applied.questions.clear();
        m_applied.quizOpen = false;
        m_applied.reveal = false;
        m_applied.closesInMs = 0;
        return;
    }
    // The countdown is the console's; this PC counts down from what was left
    // when the state was sent (clocks of the two PCs need not agree).
    if (m_desired.quizOpen && m_desired.closesInMs != 0)
        m_quizClosesAt = Clock::now() + std::chrono::milliseconds(m_desired.closesInMs);
    else if (!m_desired.quizOpen || m_desired.quiz != m_quizShown)
        m_quizClosesAt.reset();
    m_quizShown = m_desired.quiz;
    m_applied.quiz = m_desired.quiz;
    m_applied.quizLive = m_desired.quizLive;
    m_applied.questions = m_desired.questions;
    m_applied.quizOpen = m_desired.quizOpen;
    m_applied.reveal = m_desired.reveal;
    m_applied.closesInMs = 0;
    showQuizScreen();
}

void AgentController::refreshQuizScreenSoon()
{
    // Many answers and acks in one turn of the event loop (a self-paced quiz
    // sent after a cut) redraw the screen once.
    if (m_quizRefreshPending)
        return;
    m_quizRefreshPending = true;
    QMetaObject::invokeMethod(this, [this] {
        m_quizRefreshPending = false;
        showQuizScreen();
    }, Qt::QueuedConnection);
}

void AgentController::showQuizScreen()
{
    if (m_quizShown == 0 || !m_shown)
        return;
    const std::vector<module::gift::Question>& all = questionsOfShownModule();
    QuizScreen screen;
    screen.run = m_quizShown;
    screen.live = m_desired.quizLive;
    screen.open = m_desired.quizOpen;
    screen.reveal = m_desired.reveal;
    screen.closesAt = m_quizClosesAt;
    screen.moduleTitle = m_shown->title;
    screen.moduleDirectory = m_shown->directory;
    const std::vector<AgentStateStore::MyAnswer> mine = m_store->myAnswers(m_quizShown);
    for (std::uint32_t number : m_desired.questions) {
        if (number >= all.size()) {
            spdlog::warn("quiz {} asks question {}, which this module does not have", m_quizShown, number + 1);
            continue;
        }
        QuizQuestion question;
        question.number = number;
        question.question = all[number];
        const auto given = std::find_if(mine.begin(), mine.end(), [&](const auto& m) { return m.question == number; });
        if (given != mine.end()) {
            question.lastAnswer = quiz::Response{given->choices, given->text};
            question.status = statusOf(given->status);
            question.detail = QString::fromStdString(given->detail);
        }
        screen.questions.push_back(std::move(question));
    }
    m_quizView->showQuiz(screen);
}

std::uint64_t AgentController::submitAnswer(std::uint32_t number, const quiz::Response& response)
{
    if (m_quizShown == 0 || !m_desired.quizOpen ||
        std::find(m_desired.questions.begin(), m_desired.questions.end(), number) == m_desired.questions.end())
        return 0;
    protocol::Answer answer;
    // Random ids: unique per seat even after agent.db is recreated.
    // Seeded once from the system's entropy: opening the random device for
    // every answer cost more than the rest of answering together.
    static thread_local std::mt19937_64 ids{(static_cast<std::uint64_t>(std::random_device{}()) << 32) ^
                                            std::random_device{}()};
    while (answer.answerId == 0)
        answer.answerId = ids() & 0x7fffffffffffffffULL;
    answer.quiz = m_quizShown;
    answer.question = number;
    answer.choices = response.choices;
    // What the decoder accepts: clean UTF-8 without control characters (a
    // pasted one would make the console refuse the whole message, forever),
    // cut to the cap at a character boundary.
    answer.text = text::toWireText(QString::fromStdString(response.text), protocol::limits::kMaxAnswerTextBytes,
                                   text::Newlines::Keep);
    answer.answeredAtMs = static_cast<std::uint64_t>(QDateTime::currentMSecsSinceEpoch());
    // On disk before it leaves: from here on a crash, a kill or a cut loses nothing.
    if (auto kept = m_store->queueAnswer(answer); !kept) {
        spdlog::error("{}", kept.error());
        return 0;
    }
    spdlog::info("answer {} to question {} of quiz {} kept; sending", answer.answerId, number + 1, answer.quiz);
    const std::uint64_t id = answer.answerId;
    if (m_bus.isConnected())
        m_bus.send(std::move(answer));
    if (m_nextAnswerResend == Clock::time_point{} || m_answerBackoff == std::chrono::milliseconds{0}) {
        m_answerBackoff = kFirstResend;
        m_nextAnswerResend = Clock::now() + m_answerBackoff;
    }
    refreshQuizScreenSoon();
    return id;
}

void AgentController::sendPendingAnswers()
{
    if (!m_bus.isConnected())
        return;
    const std::vector<protocol::Answer> pending = m_store->pendingAnswers(256);
    if (pending.empty()) {
        m_answerBackoff = std::chrono::milliseconds{0};
        return;
    }
    for (protocol::Answer answer : pending)
        m_bus.send(std::move(answer));
    m_answerBackoff = std::clamp(m_answerBackoff * 2, kFirstResend, kMaxResend);
    m_nextAnswerResend = Clock::now() + m_answerBackoff;
    spdlog::info("sent {} answer(s) the console has not acknowledged yet; next try in {} s", pending.size(),
                 m_answerBackoff.count() / 1000);
}

void AgentController::handleAnswerAck(const protocol::AnswerAck& ack)
{
    if (auto noted = m_store->answersAcknowledged(ack.answerIds, static_cast<int>(ack.status), ack.reason); !noted) {
        // Still in the outbox: it goes again and the console acknowledges it again.
        spdlog::error("{}", noted.error());
        return;
    }
    if (ack.status == protocol::AnswerStatus::Refused)
        spdlog::warn("the console refused {} answer(s): {}", ack.answerIds.size(), ack.reason);
    m_answerBackoff = kFirstResend;
    m_nextAnswerResend = Clock::now() + m_answerBackoff;
    for (std::uint64_t id : ack.answerIds)
        Q_EMIT answerAcknowledged(id, static_cast<int>(ack.status));
    refreshQuizScreenSoon();
}

}  // namespace classroom::agent
