// ConsoleStore: sessions, quizzes, learners and answers.
#include "teacher-console/core/ConsoleStore.h"

#include "common/storage/NumberList.h"

#include <sqlite3.h>

namespace classroom::console {
namespace {

Result<void> stepDone(storage::Statement& statement, const char* what)
{
    statement.step();
    if (!statement.error().empty())
        return Result<void>::failure(std::string("cannot ") + what + ": " + statement.error());
    return Result<void>::success();
}

const char* const kQuizColumns =
    "SELECT id, session_id, module_id, module_title, live, questions, started_at, closes_at_ms, open, revealed "
    "FROM quizzes ";

StoredQuiz quizFromRow(const storage::Statement& row)
{
    StoredQuiz quiz;
    quiz.id = static_cast<std::uint64_t>(row.columnInt(0));
    quiz.sessionId = row.columnInt(1);
    quiz.moduleId = row.columnText(2);
    quiz.moduleTitle = row.columnText(3);
    quiz.live = row.columnInt(4) != 0;
    quiz.questions = storage::splitNumbers(row.columnText(5));
    quiz.startedAt = row.columnText(6);
    quiz.closesAtMs = row.columnInt(7);
    quiz.open = row.columnInt(8) != 0;
    quiz.revealed = row.columnInt(9) != 0;
    return quiz;
}

const char* const kAnswerColumns =
    "SELECT seat_key, answer_id, session_id, quiz_id, question, learner, seat_name, choices, text, answered_at_ms, "
    "received_at_ms, late, score, graded_by FROM answers ";

StoredAnswer answerFromRow(const storage::Statement& row)
{
    StoredAnswer answer;
    answer.seatKey = row.columnText(0);
    answer.answerId = static_cast<std::uint64_t>(row.columnInt(1));
    answer.sessionId = row.columnInt(2);
    answer.quizId = static_cast<std::uint64_t>(row.columnInt(3));
    answer.question = static_cast<std::uint32_t>(row.columnInt(4));
    answer.learner = row.columnText(5);
    answer.seatName = row.columnText(6);
    answer.choices = storage::splitNumbers(row.columnText(7));
    answer.text = row.columnText(8);
    answer.answeredAtMs = static_cast<std::uint64_t>(row.columnInt(9));
    answer.receivedAtMs = static_cast<std::uint64_t>(row.columnInt(10));
    answer.late = row.columnInt(11) != 0;
    if (!row.columnIsNull(12))
        answer.score = row.columnDouble(12);
    answer.gradedBy = row.columnText(13);
    return answer;
}

Result<std::vector<StoredAnswer>> readAnswers(storage::Statement& query)
{
    std::vector<StoredAnswer> answers;
    while (query.step())
        answers.push_back(answerFromRow(query));
    if (!query.error().empty())
        return Result<std::vector<StoredAnswer>>::failure("cannot read answers: " + query.error());
    return Result<std::vector<StoredAnswer>>::success(std::move(answers));
}

}  // namespace

Result<ConsoleStore::SessionStart> ConsoleStore::resumeOrStartSession(const std::string& actor)
{
    using R = Result<SessionStart>;
    storage::Statement last(*m_db, "SELECT id, ended_at IS NULL FROM sessions ORDER BY id DESC LIMIT 1");
    if (last.step() && last.columnInt(1) != 0)
        return R::success({last.columnInt(0), true});
    if (!last.error().empty())
        return R::failure("cannot read sessions: " + last.error());
    auto started = startSession(actor);
    if (!started)
        return R::failure(started.error());
    return R::success({started.value(), false});
}

Result<void> ConsoleStore::endSession(std::int64_t sessionId)
{
    storage::Statement update(*m_db, "UPDATE sessions SET ended_at = ?2 WHERE id = ?1 AND ended_at IS NULL");
    update.bind(1, sessionId).bind(2, utcNowIso8601());
    return stepDone(update, "end the session");
}

Result<std::optional<StoredSession>> ConsoleStore::session(std::int64_t sessionId)
{
    using R = Result<std::optional<StoredSession>>;
    storage::Statement query(*m_db, "SELECT id, started_at, actor, ifnull(ended_at, '') FROM sessions WHERE id = ?1");
    query.bind(1, sessionId);
    if (!query.step())
        return query.error().empty() ? R::success(std::nullopt) : R::failure("cannot read a session: " + query.error());
    return R::success(StoredSession{query.columnInt(0), query.columnText(1), query.columnText(2), query.columnText(3)});
}

Result<std::vector<StoredSession>> ConsoleStore::sessions(int newestCount)
{
    using R = Result<std::vector<StoredSession>>;
    storage::Statement query(*m_db, "SELECT id, started_at, actor, ifnull(ended_at, '') FROM sessions "
                                    "ORDER BY id DESC LIMIT ?1");
    query.bind(1, std::int64_t{newestCount});
    std::vector<StoredSession> found;
    while (query.step())
        found.push_back({query.columnInt(0), query.columnText(1), query.columnText(2), query.columnText(3)});
    if (!query.error().empty())
        return R::failure("cannot read sessions: " + query.error());
    return R::success(std::move(found));
}

Result<void> ConsoleStore::saveQuiz(const StoredQuiz& quiz, const AuditEntry& audit)
{
    storage::Transaction transaction(*m_db);
    if (!transaction.began())
        return Result<void>::failure("cannot start a transaction on " + m_db->file().string());
    storage::Statement insert(*m_db, "INSERT INTO quizzes (id, session_id, module_id, module_title, live, questions, "
                                     "started_at, closes_at_ms, open, revealed) "
                                     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
    insert.bind(1, static_cast<std::int64_t>(quiz.id))
        .bind(2, quiz.sessionId)
        .bind(3, quiz.moduleId)
        .bind(4, quiz.moduleTitle)
        .bind(5, std::int64_t{quiz.live ? 1 : 0})
        .bind(6, storage::joinNumbers(quiz.questions))
        .bind(7, quiz.startedAt.empty() ? utcNowIso8601() : quiz.startedAt)
        .bind(8, quiz.closesAtMs)
        .bind(9, std::int64_t{quiz.open ? 1 : 0})
        .bind(10, std::int64_t{quiz.revealed ? 1 : 0});
    if (auto done = stepDone(insert, "save the quiz"); !done)
        return done;
    storage::Statement seat(*m_db, "INSERT OR IGNORE INTO quiz_seats (quiz_id, seat_key) VALUES (?1, ?2)");
    for (const std::string& key : quiz.seatKeys) {
        seat.bind(1, static_cast<std::int64_t>(quiz.id)).bind(2, key);
        if (auto done = stepDone(seat, "save the quiz's seats"); !done)
            return done;
        seat.reset();
    }
    if (auto logged = insertAudit(audit); !logged)
        return logged;
    return transaction.commit();
}

Result<void> ConsoleStore::setQuizState(std::uint64_t quizId, bool open, bool revealed, const AuditEntry& audit)
{
    storage::Transaction transaction(*m_db);
    if (!transaction.began())
        return Result<void>::failure("cannot start a transaction on " + m_db->file().string());
    storage::Statement update(*m_db, "UPDATE quizzes SET open = ?2, revealed = ?3, "
                                     "closed_at = CASE WHEN ?2 = 0 THEN ifnull(closed_at, ?4) END WHERE id = ?1");
    update.bind(1, static_cast<std::int64_t>(quizId))
        .bind(2, std::int64_t{open ? 1 : 0})
        .bind(3, std::int64_t{revealed ? 1 : 0})
        .bind(4, utcNowIso8601());
    if (auto done = stepDone(update, "change the quiz"); !done)
        return done;
    if (auto logged = insertAudit(audit); !logged)
        return logged;
    return transaction.commit();
}

Result<std::optional<StoredQuiz>> ConsoleStore::loadQuiz(std::uint64_t quizId)
{
    using R = Result<std::optional<StoredQuiz>>;
    storage::Statement query(*m_db, (std::string(kQuizColumns) + "WHERE id = ?1").c_str());
    query.bind(1, static_cast<std::int64_t>(quizId));
    if (!query.step())
        return query.error().empty() ? R::success(std::nullopt) : R::failure("cannot read a quiz: " + query.error());
    StoredQuiz quiz = quizFromRow(query);
    storage::Statement seats(*m_db, "SELECT seat_key FROM quiz_seats WHERE quiz_id = ?1");
    seats.bind(1, static_cast<std::int64_t>(quizId));
    while (seats.step())
        quiz.seatKeys.push_back(seats.columnText(0));
    if (!seats.error().empty())
        return R::failure("cannot read a quiz's seats: " + seats.error());
    return R::success(std::move(quiz));
}

Result<std::vector<StoredQuiz>> ConsoleStore::quizzesOfSession(std::int64_t sessionId)
{
    using R = Result<std::vector<StoredQuiz>>;
    storage::Statement query(*m_db, (std::string(kQuizColumns) + "WHERE session_id = ?1 ORDER BY rowid").c_str());
    query.bind(1, sessionId);
    std::vector<std::uint64_t> ids;
    while (query.step())
        ids.push_back(static_cast<std::uint64_t>(query.columnInt(0)));
    if (!query.error().empty())
        return R::failure("cannot read quizzes: " + query.error());
    std::vector<StoredQuiz> quizzes;
    for (std::uint64_t id : ids) {
        auto quiz = loadQuiz(id);
        if (!quiz)
            return R::failure(quiz.error());
        if (quiz.value())
            quizzes.push_back(std::move(*quiz.value()));
    }
    return R::success(std::move(quizzes));
}

Result<std::vector<std::pair<std::string, std::string>>> ConsoleStore::learners(std::int64_t sessionId)
{
    using R = Result<std::vector<std::pair<std::string, std::string>>>;
    storage::Statement query(*m_db, "SELECT seat_key, code FROM learners WHERE session_id = ?1 ORDER BY code");
    query.bind(1, sessionId);
    std::vector<std::pair<std::string, std::string>> codes;
    while (query.step())
        codes.emplace_back(query.columnText(0), query.columnText(1));
    if (!query.error().empty())
        return R::failure("cannot read learner codes: " + query.error());
    return R::success(std::move(codes));
}

Result<void> ConsoleStore::setLearners(std::int64_t sessionId,
                                       const std::vector<std::pair<std::string, std::string>>& codes,
                                       const AuditEntry& audit)
{
    storage::Transaction transaction(*m_db);
    if (!transaction.began())
        return Result<void>::failure("cannot start a transaction on " + m_db->file().string());
    storage::Statement upsert(*m_db, "INSERT INTO learners (session_id, seat_key, code) VALUES (?1, ?2, ?3) "
                                     "ON CONFLICT (session_id, seat_key) DO UPDATE SET code = excluded.code");
    storage::Statement remove(*m_db, "DELETE FROM learners WHERE session_id = ?1 AND seat_key = ?2");
    for (const auto& [key, code] : codes) {
        storage::Statement& statement = code.empty() ? remove : upsert;
        statement.bind(1, sessionId).bind(2, key);
        if (!code.empty())
            statement.bind(3, code);
        if (auto done = stepDone(statement, "save a learner code"); !done)
            return done;
        statement.reset();
    }
    if (auto logged = insertAudit(audit); !logged)
        return logged;
    return transaction.commit();
}

Result<void> ConsoleStore::insertAnswers(storage::Database& db, std::vector<StoredAnswer>& answers)
{
    storage::Transaction transaction(db);
    if (!transaction.began())
        return Result<void>::failure("cannot start a transaction on " + db.file().string());
    storage::Statement insert(db, "INSERT OR IGNORE INTO answers (seat_key, answer_id, session_id, quiz_id, question, "
                                  "learner, seat_name, choices, text, answered_at_ms, received_at_ms, late, score) "
                                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)");
    for (StoredAnswer& answer : answers) {
        insert.bind(1, answer.seatKey)
            .bind(2, static_cast<std::int64_t>(answer.answerId))
            .bind(3, answer.sessionId)
            .bind(4, static_cast<std::int64_t>(answer.quizId))
            .bind(5, static_cast<std::int64_t>(answer.question))
            .bind(6, answer.learner)
            .bind(7, answer.seatName)
            .bind(8, storage::joinNumbers(answer.choices))
            .bind(9, answer.text)
            .bind(10, static_cast<std::int64_t>(answer.answeredAtMs))
            .bind(11, static_cast<std::int64_t>(answer.receivedAtMs))
            .bind(12, std::int64_t{answer.late ? 1 : 0});
        if (answer.score)
            insert.bind(13, *answer.score);
        else
            insert.bindNull(13);
        if (auto done = stepDone(insert, "store an answer"); !done)
            return done;
        insert.reset();
        if (sqlite3_changes(db.handle()) == 0) {
            // Sent again (the ack was lost): it stays as first stored, and
            // the ack says what was stored, late or not.
            storage::Statement stored(db, "SELECT late FROM answers WHERE seat_key = ?1 AND answer_id = ?2");
            stored.bind(1, answer.seatKey).bind(2, static_cast<std::int64_t>(answer.answerId));
            if (stored.step())
                answer.late = stored.columnInt(0) != 0;
        }
    }
    return transaction.commit();
}

Result<std::vector<StoredAnswer>> ConsoleStore::answersOfSession(std::int64_t sessionId)
{
    storage::Statement query(*m_db, (std::string(kAnswerColumns) + "WHERE session_id = ?1 ORDER BY received_at_ms, rowid").c_str());
    query.bind(1, sessionId);
    return readAnswers(query);
}

Result<std::vector<StoredAnswer>> ConsoleStore::answersOfQuiz(std::uint64_t quizId)
{
    storage::Statement query(*m_db, (std::string(kAnswerColumns) + "WHERE quiz_id = ?1 ORDER BY received_at_ms, rowid").c_str());
    query.bind(1, static_cast<std::int64_t>(quizId));
    return readAnswers(query);
}

Result<bool> ConsoleStore::gradeAnswer(const std::string& seatKey, std::uint64_t answerId, double score,
                                       const AuditEntry& audit)
{
    using R = Result<bool>;
    storage::Transaction transaction(*m_db);
    if (!transaction.began())
        return R::failure("cannot start a transaction on " + m_db->file().string());
    storage::Statement update(*m_db, "UPDATE answers SET score = ?3, graded_by = ?4 WHERE seat_key = ?1 AND answer_id = ?2");
    update.bind(1, seatKey).bind(2, static_cast<std::int64_t>(answerId)).bind(3, score).bind(4, audit.actor);
    if (auto done = stepDone(update, "save the grade"); !done)
        return R::failure(done.error());
    const bool found = sqlite3_changes(m_db->handle()) > 0;
    if (!found)
        return R::success(false);
    if (auto logged = insertAudit(audit); !logged)
        return R::failure(logged.error());
    if (auto committed = transaction.commit(); !committed)
        return R::failure(committed.error());
    return R::success(true);
}

}  // namespace classroom::console
