// The quiz half of ConsoleController: starting, closing and revealing
// quizzes, and taking answers (checked, rate-limited, graded,
// group-committed, acknowledged). Learners, grades and results are in
// ConsoleResults.cpp.
#include "teacher-console/core/ConsoleController.h"

#include "common/log/LogThrottle.h"
#include "common/quiz/Grading.h"
#include "protocol/Limits.h"
#include "teacher-console/core/QuizText.h"

#include <QDateTime>
#include <QStringList>

#include <spdlog/spdlog.h>

#include <algorithm>
#include <utility>
#include <fstream>
#include <random>
#include <set>
#include <sstream>

namespace classroom::console {
namespace {

namespace grading = classroom::quiz;

using Clock = std::chrono::steady_clock;

// Answers a seat may send: a burst of this many (a self-paced quiz sent after
// a network cut), then this many a second. A learner answers a question every
// few seconds; only a broken or hostile agent meets the limit, and the
// answers it holds back are not lost (no ack: the agent sends them again).
constexpr double kAnswerBurst = 200.0;
constexpr double kAnswersPerSecond = 20.0;

std::uint64_t newQuizId()
{
    // Random, never a counter: console.db may be recreated while agents still
    // hold answers for old quizzes, which must not land in a new one.
    std::random_device random;
    std::uint64_t id = 0;
    while (id == 0)
        id = ((static_cast<std::uint64_t>(random()) << 32) | random()) & 0x7fffffffffffffffULL;
    return id;
}

std::int64_t unixMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

}  // namespace

void clearQuiz(protocol::SeatState& state)
{
    state.quiz = 0;
    state.quizLive = false;
    state.questions.clear();
    state.quizOpen = false;
    state.reveal = false;
    state.closesInMs = 0;
}

// ---------------------------------------------------------------- sessions

Result<void> ConsoleController::startNewSession()
{
    if (auto ended = m_store->endSession(m_sessionId); !ended)
        return ended;
    auto started = m_store->startSession(m_settings.actor);
    if (!started)
        return Result<void>::failure(started.error());
    // Open quizzes belong to the old session: off the screens.
    for (const std::uint64_t id : [this] {
             std::vector<std::uint64_t> ids;
             for (const auto& [id, state] : m_quizzes)
                 ids.push_back(id);
             return ids;
         }())
        (void)endQuiz(id);
    m_sessionId = started.value();
    m_sessionResumed = false;
    m_quizzes.clear();
    loadLearners();
    spdlog::info("new teaching session {}", m_sessionId);
    Q_EMIT learnersChanged();
    return Result<void>::success();
}

void ConsoleController::endSession()
{
    if (m_sessionId == 0)
        return;
    if (auto ended = m_store->endSession(m_sessionId); !ended)
        spdlog::error("{}", ended.error());
}

void ConsoleController::loadSessionQuizzes()
{
    m_quizzes.clear();
    auto quizzes = m_store->quizzesOfSession(m_sessionId);
    if (!quizzes) {
        spdlog::error("{}", quizzes.error());
        return;
    }
    for (StoredQuiz& stored : quizzes.value())
        m_quizzes[stored.id].stored = std::move(stored);
    // Latest answers of quizzes still on a screen, for the trainer's live view.
    for (auto& [id, state] : m_quizzes) {
        auto answers = m_store->answersOfQuiz(id);
        if (!answers)
            continue;
        for (StoredAnswer& answer : answers.value()) {
            LatestAnswer& latest = state.latest[answer.question][answer.seatKey];
            if (answer.answeredAtMs >= latest.answeredAtMs)
                latest = {grading::Response{std::move(answer.choices), std::move(answer.text)}, answer.answeredAtMs};
        }
    }
}

void ConsoleController::loadLearners()
{
    for (const Seat& seat : m_roster.seats())
        m_roster.find(seat.key)->learner.clear();
    auto codes = m_store->learners(m_sessionId);
    if (!codes) {
        spdlog::error("{}", codes.error());
        return;
    }
    for (const auto& [key, code] : codes.value())
        if (Seat* seat = m_roster.find(key))
            seat->learner = QString::fromStdString(code);
    for (const Seat& seat : m_roster.seats()) {
        updateQuizText(*m_roster.find(seat.key));
        m_roster.seatChanged(seat.key);
    }
}

// ---------------------------------------------------------------- quizzes

Result<const std::vector<module::gift::Question>*> ConsoleController::questionsOf(const std::string& moduleId)
{
    return m_library->questions(moduleId);
}

Result<std::uint64_t> ConsoleController::askLive(const std::vector<std::string>& keys, std::uint32_t question,
                                                 std::chrono::seconds countdown)
{
    return startQuiz(keys, true, {question}, countdown);
}

Result<std::uint64_t> ConsoleController::startSelfPaced(const std::vector<std::string>& keys,
                                                        std::vector<std::uint32_t> questions)
{
    return startQuiz(keys, false, std::move(questions), std::chrono::seconds{0});
}

Result<std::uint64_t> ConsoleController::startQuiz(const std::vector<std::string>& keys, bool live,
                                                   std::vector<std::uint32_t> questions, std::chrono::seconds countdown)
{
    using R = Result<std::uint64_t>;
    // The module: the one the chosen seats show (the first seat with one decides).
    std::string moduleId;
    for (const std::string& key : keys)
        if (const Seat* seat = m_roster.find(key); seat && !seat->desired.moduleId.empty()) {
            moduleId = seat->desired.moduleId;
            break;
        }
    if (moduleId.empty())
        return R::failure("send a module to these seats first: the questions come from the module");
    const LibraryModule* module = m_library->find(moduleId);
    auto all = m_library->questions(moduleId);
    if (!module || !all)
        return R::failure(all ? "the module is no longer in the library" : all.error());
    const std::vector<module::gift::Question>& list = *all.value();
    if (questions.empty())
        for (std::uint32_t i = 0; i < list.size(); ++i)
            questions.push_back(i);
    if (questions.empty())
        return R::failure("this module has no questions");
    if (questions.size() > protocol::limits::kMaxQuizQuestions)
        return R::failure("a quiz can ask at most " + std::to_string(protocol::limits::kMaxQuizQuestions) + " questions");
    for (std::uint32_t number : questions)
        if (number >= list.size())
            return R::failure("question " + std::to_string(number + 1) + " does not exist in this module");
    if (live && list[questions.front()].type == module::gift::QuestionType::Description)
        return R::failure("this item is a description: there is nothing to answer");
    if (countdown.count() < 0 || countdown > std::chrono::hours{2})
        return R::failure("the countdown must be between 0 seconds and 2 hours");

    StoredQuiz stored;
    stored.id = newQuizId();
    stored.sessionId = m_sessionId;
    stored.moduleId = moduleId;
    stored.moduleTitle = module->info.title;
    stored.live = live;
    stored.questions = questions;
    stored.startedAt = utcNowIso8601();
    stored.closesAtMs = countdown.count() > 0 ? unixMs() + countdown.count() * 1000 : 0;
    for (const std::string& key : keys)
        if (const Seat* seat = m_roster.find(key); seat && seat->desired.moduleId == moduleId)
            stored.seatKeys.push_back(key);
    const std::string what = live ? "question " + std::to_string(questions.front() + 1) + " (" +
                                        questionTitle(list[questions.front()]) + ")"
                                  : std::to_string(questions.size()) + " questions";
    if (auto saved = m_store->saveQuiz(stored, {utcNowIso8601(), m_settings.actor, live ? "ask_live" : "start_quiz",
                                                std::to_string(stored.seatKeys.size()) + " seats",
                                                stored.moduleTitle + ": " + what});
        !saved)
        return R::failure(saved.error());

    // A seat takes one quiz at a time: the quizzes these seats leave are closed.
    std::set<std::uint64_t> replaced;
    for (const std::string& key : stored.seatKeys)
        if (const Seat* seat = m_roster.find(key); seat->desired.quiz != 0)
            replaced.insert(seat->desired.quiz);
    for (std::uint64_t old : replaced)
        if (QuizState* state = findQuiz(old); state && state->stored.open)
            (void)setQuizFlags(old, false, state->stored.revealed, "close_quiz");

    const std::uint64_t id = stored.id;
    m_quizzes[id].stored = stored;
    updateSeats(stored.seatKeys, live ? "show_question" : "show_quiz", std::to_string(id),
                [&](protocol::SeatState& state) {
                    state.quiz = id;
                    state.quizLive = live;
                    state.questions = questions;
                    state.quizOpen = true;
                    state.reveal = false;
                    state.closesInMs = 0;
                });
    for (const std::string& key : stored.seatKeys)
        updateQuizText(*m_roster.find(key));
    Q_EMIT quizChanged(id);
    return R::success(id);
}

Result<void> ConsoleController::setQuizFlags(std::uint64_t quizId, bool open, bool reveal, const std::string& action)
{
    QuizState* state = findQuiz(quizId);
    if (!state)
        return Result<void>::failure("there is no such quiz");
    if (state->stored.open == open && state->stored.revealed == reveal)
        return Result<void>::success();
    if (auto saved = m_store->setQuizState(quizId, open, reveal,
                                           {utcNowIso8601(), m_settings.actor, action, "", std::to_string(quizId)});
        !saved)
        return saved;
    state->stored.open = open;
    state->stored.revealed = reveal;
    std::vector<std::string> seats;
    for (const std::string& key : state->stored.seatKeys)
        if (const Seat* seat = m_roster.find(key); seat && seat->desired.quiz == quizId)
            seats.push_back(key);
    updateSeats(seats, action, std::to_string(quizId), [&](protocol::SeatState& seatState) {
        seatState.quizOpen = open;
        seatState.reveal = reveal;
    });
    for (const std::string& key : seats)
        updateQuizText(*m_roster.find(key));
    Q_EMIT quizChanged(quizId);
    return Result<void>::success();
}

Result<void> ConsoleController::closeQuiz(std::uint64_t quizId)
{
    const QuizState* state = findQuiz(quizId);
    return setQuizFlags(quizId, false, state && state->stored.revealed, "close_quiz");
}

Result<void> ConsoleController::revealQuiz(std::uint64_t quizId)
{
    return setQuizFlags(quizId, false, true, "reveal_answers");
}

Result<void> ConsoleController::endQuiz(std::uint64_t quizId)
{
    QuizState* state = findQuiz(quizId);
    if (!state)
        return Result<void>::failure("there is no such quiz");
    if (state->stored.open)
        if (auto closed = closeQuiz(quizId); !closed)
            return closed;
    std::vector<std::string> seats;
    for (const Seat& seat : m_roster.seats())
        if (seat.desired.quiz == quizId)
            seats.push_back(seat.key);
    updateSeats(seats, "end_quiz", std::to_string(quizId), clearQuiz);
    for (const std::string& key : seats)
        updateQuizText(*m_roster.find(key));
    Q_EMIT quizChanged(quizId);
    return Result<void>::success();
}

ConsoleController::QuizState* ConsoleController::findQuiz(std::uint64_t quizId)
{
    if (const auto found = m_quizzes.find(quizId); found != m_quizzes.end())
        return &found->second;
    // A quiz of an earlier session: answers may still come for it from a PC
    // that was off for a while.
    auto stored = m_store->loadQuiz(quizId);
    if (!stored || !stored.value())
        return nullptr;
    QuizState& state = m_quizzes[quizId];
    state.stored = std::move(*stored.value());
    return &state;
}

const StoredQuiz* ConsoleController::quiz(std::uint64_t quizId) const
{
    const auto found = m_quizzes.find(quizId);
    return found == m_quizzes.end() ? nullptr : &found->second.stored;
}

std::uint64_t ConsoleController::currentQuiz() const
{
    // The newest of this session's quizzes that some seat still shows.
    std::uint64_t newest = 0;
    std::string newestAt;
    for (const Seat& seat : m_roster.seats()) {
        const StoredQuiz* shown = quiz(seat.desired.quiz);
        if (shown && shown->sessionId == m_sessionId && shown->startedAt >= newestAt) {
            newest = shown->id;
            newestAt = shown->startedAt;
        }
    }
    return newest;
}

std::vector<const StoredQuiz*> ConsoleController::sessionQuizzes() const
{
    std::vector<const StoredQuiz*> quizzes;
    for (const auto& [id, state] : m_quizzes)
        if (state.stored.sessionId == m_sessionId)
            quizzes.push_back(&state.stored);
    std::sort(quizzes.begin(), quizzes.end(),
              [](const StoredQuiz* a, const StoredQuiz* b) { return a->startedAt < b->startedAt; });
    return quizzes;
}

QuizTally ConsoleController::tally(std::uint64_t quizId, std::uint32_t question) const
{
    QuizTally tally;
    const auto found = m_quizzes.find(quizId);
    if (found == m_quizzes.end())
        return tally;
    const QuizState& state = found->second;
    tally.asked = static_cast<int>(state.stored.seatKeys.size());
    const LibraryModule* module = m_library->find(state.stored.moduleId);
    const auto cached = module ? const_cast<ModuleLibrary&>(*m_library).questions(state.stored.moduleId)
                               : Result<const std::vector<module::gift::Question>*>::failure("");
    if (!cached || question >= cached.value()->size())
        return tally;
    const module::gift::Question& asked = (*cached.value())[question];
    // Every choice has a bar, even with nobody on it yet.
    for (const std::string& label : grading::choiceLabels(asked))
        tally.bars.emplace_back(label, 0);
    const auto answers = state.latest.find(question);
    if (answers == state.latest.end())
        return tally;
    tally.answered = static_cast<int>(answers->second.size());
    for (const auto& [key, latest] : answers->second)
        for (const std::string& label : grading::distributionLabelsFor(asked, latest.response)) {
            auto bar = std::find_if(tally.bars.begin(), tally.bars.end(), [&](const auto& b) { return b.first == label; });
            if (bar == tally.bars.end())
                tally.bars.emplace_back(label, 1);
            else
                ++bar->second;
        }
    if (isFreeText(asked))
        tally.bars = grading::limitTextBars(tally.bars);
    return tally;
}

void ConsoleController::closeExpiredQuizzes()
{
    const std::int64_t now = unixMs();
    std::vector<std::uint64_t> expired;
    for (const auto& [id, state] : m_quizzes)
        if (state.stored.open && state.stored.closesAtMs != 0 && now >= state.stored.closesAtMs)
            expired.push_back(id);
    for (std::uint64_t id : expired) {
        spdlog::info("time is up for quiz {}", id);
        if (auto closed = closeQuiz(id); !closed)
            spdlog::error("cannot close quiz {}: {}", id, closed.error());
    }
}

protocol::SeatState ConsoleController::stateToSend(const Seat& seat) const
{
    protocol::SeatState state = seat.desired;
    if (state.quiz != 0 && state.quizOpen)
        if (const StoredQuiz* shown = quiz(state.quiz); shown && shown->closesAtMs != 0)
            state.closesInMs = static_cast<std::uint32_t>(std::clamp<std::int64_t>(shown->closesAtMs - unixMs(), 1, UINT32_MAX));
    return state;
}

void ConsoleController::updateQuizText(Seat& seat)
{
    const auto found = m_quizzes.find(seat.desired.quiz);
    if (seat.desired.quiz == 0 || found == m_quizzes.end()) {
        seat.quizText.clear();
        return;
    }
    const QuizState& state = found->second;
    int answered = 0;
    int answerable = 0;
    auto questions = m_library->questions(state.stored.moduleId);
    for (std::uint32_t question : state.stored.questions) {
        // Descriptions are read, not answered.
        if (questions && question < questions.value()->size() &&
            (*questions.value())[question].type == module::gift::QuestionType::Description)
            continue;
        ++answerable;
        if (const auto answers = state.latest.find(question);
            answers != state.latest.end() && answers->second.count(seat.key) != 0)
            ++answered;
    }
    if (state.stored.live)
        seat.quizText = answered > 0 ? tr("Answered") : state.stored.open ? tr("Not answered yet") : tr("No answer");
    else
        seat.quizText = tr("%1 of %2 answered").arg(answered).arg(answerable);
}

// ---------------------------------------------------------------- answers

bool ConsoleController::takeAnswerToken(const std::string& key)
{
    AnswerBudget& budget = m_answerBudgets[key];
    const auto now = Clock::now();
    if (budget.refilled == SteadyTime{}) {
        budget.tokens = kAnswerBurst;
    } else {
        const double seconds = std::chrono::duration<double>(now - budget.refilled).count();
        budget.tokens = std::min(kAnswerBurst, budget.tokens + seconds * kAnswersPerSecond);
    }
    budget.refilled = now;
    if (budget.tokens < 1.0)
        return false;
    budget.tokens -= 1.0;
    return true;
}

void ConsoleController::refuseAnswer(Seat& seat, const protocol::Answer& answer, const std::string& reason)
{
    ++m_answersRefused;
    if (log::isWorthLogging(m_answersRefused))
        spdlog::warn("refused an answer of seat {} (quiz {}, question {}): {} ({} refused so far)",
                     seat.name.toStdString(), answer.quiz, answer.question + 1, reason, m_answersRefused);
    m_bus.send(seat.key, protocol::AnswerAck{protocol::AnswerStatus::Refused, {answer.answerId}, reason});
}

void ConsoleController::receiveAnswer(Seat& seat, const protocol::Answer& answer)
{
    if (!takeAnswerToken(seat.key)) {
        ++m_answersLimited;
        if (log::isWorthLogging(m_answersLimited))
            spdlog::warn("seat {} sends answers faster than {} a second; holding them back ({} so far)",
                         seat.name.toStdString(), kAnswersPerSecond, m_answersLimited);
        // No ack: the agent keeps the answer and sends it again later.
        m_bus.send(seat.key, protocol::Error{protocol::ErrorCode::RateLimited,
                                             "too many answers at once; send this one again later", 0});
        return;
    }
    QuizState* state = findQuiz(answer.quiz);
    if (!state)
        return refuseAnswer(seat, answer, "this quiz does not exist");
    const StoredQuiz& asked = state->stored;
    if (std::find(asked.seatKeys.begin(), asked.seatKeys.end(), seat.key) == asked.seatKeys.end())
        return refuseAnswer(seat, answer, "this quiz was not given to this computer");
    if (std::find(asked.questions.begin(), asked.questions.end(), answer.question) == asked.questions.end())
        return refuseAnswer(seat, answer, "this question is not part of the quiz");
    auto questions = m_library->questions(asked.moduleId);
    if (!questions || answer.question >= questions.value()->size()) {
        // Nothing the learner did wrong: keep it on the PC until the module is back.
        spdlog::error("cannot check an answer of seat {}: {}", seat.name.toStdString(),
                      questions ? "question out of range" : questions.error());
        return;
    }
    const module::gift::Question& question = (*questions.value())[answer.question];
    const grading::Response response{answer.choices, answer.text};
    if (auto wrong = grading::checkResponse(question, response))
        return refuseAnswer(seat, answer, *wrong);

    StoredAnswer stored;
    stored.seatKey = seat.key;
    stored.answerId = answer.answerId;
    stored.sessionId = asked.sessionId;
    stored.quizId = asked.id;
    stored.question = answer.question;
    stored.learner = asked.sessionId == m_sessionId ? seat.learner.toStdString() : std::string();
    if (asked.sessionId != m_sessionId)
        if (auto codes = m_store->learners(asked.sessionId))
            for (const auto& [key, code] : codes.value())
                if (key == seat.key)
                    stored.learner = code;
    stored.seatName = seat.name.toStdString();
    stored.choices = answer.choices;
    stored.text = answer.text;
    stored.answeredAtMs = answer.answeredAtMs;
    stored.receivedAtMs = static_cast<std::uint64_t>(unixMs());
    stored.late = !asked.open;
    stored.score = grading::grade(question, response);
    // Handed to the writer once per turn of the event loop: every answer read
    // in this turn goes in the same batch, with one wake-up of the writer.
    if (m_answersToStore.empty())
        QMetaObject::invokeMethod(
            this, [this] { m_answerWriter->submit(std::exchange(m_answersToStore, {})); }, Qt::QueuedConnection);
    m_answersToStore.push_back(std::move(stored));
}

void ConsoleController::answersCommitted(AnswerWriter::Batch batch)
{
    if (!batch.outcome) {
        // Nothing acknowledged: every seat keeps its answers and sends them again.
        spdlog::error("cannot store {} answers: {}", batch.answers.size(), batch.outcome.error());
        Q_EMIT problem(tr("The console cannot save answers right now (%1). Nothing is lost: the computers keep "
                          "them and send them again. Free some disk space if the disk is full.")
                           .arg(QString::fromStdString(batch.outcome.error())));
        return;
    }
    // One ack per seat and status, at most kMaxAckedAnswers ids each.
    std::map<std::pair<std::string, bool>, std::vector<std::uint64_t>> acks;
    std::map<std::uint64_t, int> perQuiz;
    std::set<std::string> seatsTouched;
    for (StoredAnswer& answer : batch.answers) {
        acks[{answer.seatKey, answer.late}].push_back(answer.answerId);
        ++perQuiz[answer.quizId];
        seatsTouched.insert(answer.seatKey);
        if (auto found = m_quizzes.find(answer.quizId); found != m_quizzes.end()) {
            LatestAnswer& latest = found->second.latest[answer.question][answer.seatKey];
            if (answer.answeredAtMs >= latest.answeredAtMs)
                latest = {grading::Response{std::move(answer.choices), std::move(answer.text)}, answer.answeredAtMs};
        }
    }
    for (auto& [target, ids] : acks) {
        const auto status = target.second ? protocol::AnswerStatus::StoredLate : protocol::AnswerStatus::Stored;
        for (std::size_t from = 0; from < ids.size(); from += protocol::limits::kMaxAckedAnswers) {
            const std::size_t to = std::min(ids.size(), from + protocol::limits::kMaxAckedAnswers);
            m_bus.send(target.first,
                       protocol::AnswerAck{status, std::vector<std::uint64_t>(ids.begin() + from, ids.begin() + to), {}});
        }
    }
    for (const std::string& key : seatsTouched)
        if (Seat* seat = m_roster.find(key)) {
            updateQuizText(*seat);
            m_roster.seatChanged(key);
        }
    for (const auto& [quizId, count] : perQuiz)
        Q_EMIT answersStored(quizId, count);
}

}  // namespace classroom::console
