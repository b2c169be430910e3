#include "student-agent/core/AgentStateStore.h"

#include "common/storage/NumberList.h"

#include <spdlog/spdlog.h>


namespace classroom::agent {
namespace {

// Schema migrations, oldest first. Only append.
const std::vector<std::string> kMigrations = {
    // 0 -> 1: one row holding the last applied seat state.
    R"sql(
    CREATE TABLE seat_state (
        id           INTEGER PRIMARY KEY CHECK (id = 1),
        revision     INTEGER NOT NULL,
        locked       INTEGER NOT NULL,
        lock_message TEXT NOT NULL,
        updated_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    );
    )sql",
    // 1 -> 2: the module shown, and page views waiting for the console's ack.
    R"sql(
    ALTER TABLE seat_state ADD COLUMN module_id TEXT NOT NULL DEFAULT '';
    ALTER TABLE seat_state ADD COLUMN page INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE seat_state ADD COLUMN free_browsing INTEGER NOT NULL DEFAULT 0;
    CREATE TABLE page_view_outbox (
        view_id      INTEGER PRIMARY KEY,
        module_id    TEXT NOT NULL,
        page         INTEGER NOT NULL,
        opened_at_ms INTEGER NOT NULL,
        duration_ms  INTEGER NOT NULL
    );
    )sql",
    // 2 -> 3: the quiz shown, answers waiting for the console's ack (the
    // outbox), and the learner's own last answer to each question with what
    // the console said about it (for the screen, after a restart too).
    R"sql(
    ALTER TABLE seat_state ADD COLUMN quiz_id INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE seat_state ADD COLUMN quiz_live INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE seat_state ADD COLUMN quiz_questions TEXT NOT NULL DEFAULT '';
    ALTER TABLE seat_state ADD COLUMN quiz_open INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE seat_state ADD COLUMN quiz_reveal INTEGER NOT NULL DEFAULT 0;
    CREATE TABLE answer_outbox (
        answer_id      INTEGER PRIMARY KEY,
        quiz_id        INTEGER NOT NULL,
        question       INTEGER NOT NULL,
        choices        TEXT NOT NULL,
        text           TEXT NOT NULL,
        answered_at_ms INTEGER NOT NULL
    );
    CREATE TABLE my_answers (
        quiz_id   INTEGER NOT NULL,
        question  INTEGER NOT NULL,
        answer_id INTEGER NOT NULL,
        choices   TEXT NOT NULL,
        text      TEXT NOT NULL,
        status    INTEGER NOT NULL,
        detail    TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (quiz_id, question)
    );
    )sql",
};


}  // namespace

Result<std::unique_ptr<AgentStateStore>> AgentStateStore::open(const std::filesystem::path& file)
{
    // Shared, not exclusive: classroom-admin agent-status reads the screen
    // state while the agent runs.
    auto db = storage::Database::open(file, kMigrations);
    if (!db)
        return Result<std::unique_ptr<AgentStateStore>>::failure(db.error());
    return Result<std::unique_ptr<AgentStateStore>>::success(
        std::unique_ptr<AgentStateStore>(new AgentStateStore(std::move(db).value())));
}

protocol::SeatState AgentStateStore::load()
{
    storage::Statement query(*m_db, "SELECT revision, locked, lock_message, module_id, page, free_browsing, "
                                    "quiz_id, quiz_live, quiz_questions, quiz_open, quiz_reveal "
                                    "FROM seat_state WHERE id = 1");
    protocol::SeatState state;
    if (query.step()) {
        state.revision = static_cast<std::uint64_t>(query.columnInt(0));
        state.locked = query.columnInt(1) != 0;
        state.lockMessage = query.columnText(2);
        state.moduleId = query.columnText(3);
        state.page = static_cast<std::uint32_t>(query.columnInt(4));
        state.freeBrowsing = query.columnInt(5) != 0;
        state.quiz = static_cast<std::uint64_t>(query.columnInt(6));
        state.quizLive = query.columnInt(7) != 0;
        state.questions = storage::splitNumbers(query.columnText(8));
        state.quizOpen = query.columnInt(9) != 0;
        state.reveal = query.columnInt(10) != 0;
    } else if (!query.error().empty()) {
        // Unreadable memory: we cannot prove the PC was unlocked, so lock it.
        spdlog::error("cannot read the saved state ({}); locking until the console says otherwise", query.error());
        state.locked = true;
    }
    return state;
}

Result<void> AgentStateStore::save(const protocol::SeatState& state)
{
    storage::Statement upsert(*m_db, "INSERT INTO seat_state (id, revision, locked, lock_message, module_id, page, "
                                     "free_browsing, quiz_id, quiz_live, quiz_questions, quiz_open, quiz_reveal) "
                                     "VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) "
                                     "ON CONFLICT(id) DO UPDATE SET revision = excluded.revision, locked = excluded.locked, "
                                     "lock_message = excluded.lock_message, module_id = excluded.module_id, "
                                     "page = excluded.page, free_browsing = excluded.free_browsing, "
                                     "quiz_id = excluded.quiz_id, quiz_live = excluded.quiz_live, "
                                     "quiz_questions = excluded.quiz_questions, quiz_open = excluded.quiz_open, "
                                     "quiz_reveal = excluded.quiz_reveal, updated_at = excluded.updated_at");
    upsert.bind(1, static_cast<std::int64_t>(state.revision))
        .bind(2, std::int64_t{state.locked ? 1 : 0})
        .bind(3, state.lockMessage)
        .bind(4, state.moduleId)
        .bind(5, static_cast<std::int64_t>(state.page))
        .bind(6, std::int64_t{state.freeBrowsing ? 1 : 0})
        .bind(7, static_cast<std::int64_t>(state.quiz))
        .bind(8, std::int64_t{state.quizLive ? 1 : 0})
        .bind(9, storage::joinNumbers(state.questions))
        .bind(10, std::int64_t{state.quizOpen ? 1 : 0})
        .bind(11, std::int64_t{state.reveal ? 1 : 0});
    upsert.step();
    if (!upsert.error().empty())
        return Result<void>::failure("cannot save the screen state: " + upsert.error());
    return Result<void>::success();
}

Result<void> AgentStateStore::queuePageView(const protocol::PageView& view)
{
    storage::Statement insert(*m_db, "INSERT OR REPLACE INTO page_view_outbox (view_id, module_id, page, opened_at_ms, "
                                     "duration_ms) VALUES (?1, ?2, ?3, ?4, ?5)");
    insert.bind(1, static_cast<std::int64_t>(view.viewId))
        .bind(2, view.moduleId)
        .bind(3, static_cast<std::int64_t>(view.page))
        .bind(4, static_cast<std::int64_t>(view.openedAtMs))
        .bind(5, static_cast<std::int64_t>(view.durationMs));
    insert.step();
    if (!insert.error().empty())
        return Result<void>::failure("cannot keep a page view: " + insert.error());
    return Result<void>::success();
}

std::vector<protocol::PageView> AgentStateStore::pendingPageViews(int limit)
{
    storage::Statement query(*m_db, "SELECT view_id, module_id, page, opened_at_ms, duration_ms FROM page_view_outbox "
                                    "ORDER BY opened_at_ms LIMIT ?1");
    query.bind(1, std::int64_t{limit});
    std::vector<protocol::PageView> views;
    while (query.step())
        views.push_back({static_cast<std::uint64_t>(query.columnInt(0)), query.columnText(1),
                         static_cast<std::uint32_t>(query.columnInt(2)), static_cast<std::uint64_t>(query.columnInt(3)),
                         static_cast<std::uint64_t>(query.columnInt(4))});
    return views;
}

Result<void> AgentStateStore::forgetPageViews(const std::vector<std::uint64_t>& viewIds)
{
    storage::Statement remove(*m_db, "DELETE FROM page_view_outbox WHERE view_id = ?1");
    for (std::uint64_t id : viewIds) {
        remove.bind(1, static_cast<std::int64_t>(id));
        remove.step();
        if (!remove.error().empty())
            return Result<void>::failure("cannot forget a page view: " + remove.error());
        remove.reset();
    }
    return Result<void>::success();
}

AgentStateStore::~AgentStateStore()
{
    // Statements go before the connection they belong to.
    m_queueOutbox.reset();
    m_queueMine.reset();
    m_forgetAnswer.reset();
    m_markAnswer.reset();
    m_myAnswers.reset();
}

storage::Statement& AgentStateStore::statement(std::unique_ptr<storage::Statement>& slot, const char* sql)
{
    if (!slot || !slot->valid())
        slot = std::make_unique<storage::Statement>(*m_db, sql);
    slot->reset();
    return *slot;
}

Result<void> AgentStateStore::queueAnswer(const protocol::Answer& answer)
{
    storage::Transaction transaction(*m_db);
    if (!transaction.began())
        return Result<void>::failure("cannot keep the answer on this computer: the database is busy");
    storage::Statement& outbox = statement(m_queueOutbox, "INSERT INTO answer_outbox (answer_id, quiz_id, question, "
                                                          "choices, text, answered_at_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    outbox.bind(1, static_cast<std::int64_t>(answer.answerId))
        .bind(2, static_cast<std::int64_t>(answer.quiz))
        .bind(3, static_cast<std::int64_t>(answer.question))
        .bind(4, storage::joinNumbers(answer.choices))
        .bind(5, answer.text)
        .bind(6, static_cast<std::int64_t>(answer.answeredAtMs));
    outbox.step();
    storage::Statement& mine = statement(m_queueMine, "INSERT OR REPLACE INTO my_answers (quiz_id, question, answer_id, "
                                                      "choices, text, status, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6, '')");
    mine.bind(1, static_cast<std::int64_t>(answer.quiz))
        .bind(2, static_cast<std::int64_t>(answer.question))
        .bind(3, static_cast<std::int64_t>(answer.answerId))
        .bind(4, storage::joinNumbers(answer.choices))
        .bind(5, answer.text)
        .bind(6, static_cast<std::int64_t>(kSending));
    if (outbox.error().empty())
        mine.step();
    const std::string error = !outbox.error().empty() ? outbox.error() : mine.error();
    outbox.reset();
    mine.reset();
    if (!error.empty())
        return Result<void>::failure("cannot keep the answer on this computer: " + error);
    return transaction.commit();
}

std::vector<protocol::Answer> AgentStateStore::pendingAnswers(int limit)
{
    storage::Statement query(*m_db, "SELECT answer_id, quiz_id, question, choices, text, answered_at_ms "
                                    "FROM answer_outbox ORDER BY rowid LIMIT ?1");
    query.bind(1, std::int64_t{limit});
    std::vector<protocol::Answer> answers;
    while (query.step())
        answers.push_back({static_cast<std::uint64_t>(query.columnInt(0)), static_cast<std::uint64_t>(query.columnInt(1)),
                           static_cast<std::uint32_t>(query.columnInt(2)), storage::splitNumbers(query.columnText(3)),
                           query.columnText(4), static_cast<std::uint64_t>(query.columnInt(5))});
    return answers;
}

std::size_t AgentStateStore::pendingAnswerCount()
{
    storage::Statement query(*m_db, "SELECT count(*) FROM answer_outbox");
    return query.step() ? static_cast<std::size_t>(query.columnInt(0)) : 0;
}

Result<void> AgentStateStore::answersAcknowledged(const std::vector<std::uint64_t>& answerIds, int status,
                                                  const std::string& detail)
{
    storage::Transaction transaction(*m_db);
    if (!transaction.began())
        return Result<void>::failure("cannot note the console's answer: the database is busy");
    storage::Statement& remove = statement(m_forgetAnswer, "DELETE FROM answer_outbox WHERE answer_id = ?1");
    storage::Statement& mark = statement(m_markAnswer, "UPDATE my_answers SET status = ?2, detail = ?3 WHERE answer_id = ?1");
    for (std::uint64_t id : answerIds) {
        remove.bind(1, static_cast<std::int64_t>(id));
        remove.step();
        mark.bind(1, static_cast<std::int64_t>(id)).bind(2, std::int64_t{status}).bind(3, detail);
        mark.step();
        if (!remove.error().empty() || !mark.error().empty())
            return Result<void>::failure("cannot note the console's answer: " +
                                         (remove.error().empty() ? mark.error() : remove.error()));
        remove.reset();
        mark.reset();
    }
    return transaction.commit();
}

std::vector<AgentStateStore::MyAnswer> AgentStateStore::myAnswers(std::uint64_t quizId)
{
    storage::Statement& query = statement(m_myAnswers, "SELECT question, answer_id, choices, text, status, detail "
                                                       "FROM my_answers WHERE quiz_id = ?1");
    query.bind(1, static_cast<std::int64_t>(quizId));
    std::vector<MyAnswer> answers;
    while (query.step())
        answers.push_back({static_cast<std::uint32_t>(query.columnInt(0)), static_cast<std::uint64_t>(query.columnInt(1)),
                           storage::splitNumbers(query.columnText(2)), query.columnText(3),
                           static_cast<int>(query.columnInt(4)), query.columnText(5)});
    query.reset();
    return answers;
}

}  // namespace classroom::agent
