#include "teacher-console/core/ConsoleStore.h"

#include "common/storage/NumberList.h"

#include <QDateTime>


#include <sqlite3.h>

namespace classroom::console {
namespace {

// Schema migrations, oldest first. Only append.
const std::vector<std::string> kMigrations = {
    // 0 -> 1: seats with their desired state, and the audit log.
    R"sql(
    CREATE TABLE seats (
        public_key   TEXT PRIMARY KEY,
        name         TEXT NOT NULL,
        host_name    TEXT NOT NULL DEFAULT '',
        enrolled_at  TEXT NOT NULL,
        revision     INTEGER NOT NULL DEFAULT 0,
        locked       INTEGER NOT NULL DEFAULT 0,
        lock_message TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE audit_log (
        id     INTEGER PRIMARY KEY,
        at     TEXT NOT NULL,
        actor  TEXT NOT NULL,
        action TEXT NOT NULL,
        seats  TEXT NOT NULL,
        detail TEXT NOT NULL
    );
    )sql",
    // 1 -> 2: enrollment codes and the PCs waiting for confirmation.
    R"sql(
    CREATE TABLE pending_seats (
        public_key   TEXT PRIMARY KEY,
        host_name    TEXT NOT NULL DEFAULT '',
        address      TEXT NOT NULL DEFAULT '',
        requested_at TEXT NOT NULL
    );
    CREATE TABLE enrollment_code (
        id         INTEGER PRIMARY KEY CHECK (id = 1),
        code       TEXT NOT NULL,
        seats_left INTEGER NOT NULL,
        expires_at TEXT NOT NULL,
        created_by TEXT NOT NULL
    );
    )sql",
    // 2 -> 3: course modules. The module each seat shows, the library of
    // imported modules, teaching sessions, and the pages learners looked at.
    R"sql(
    ALTER TABLE seats ADD COLUMN module_id TEXT NOT NULL DEFAULT '';
    ALTER TABLE seats ADD COLUMN page INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE seats ADD COLUMN free_browsing INTEGER NOT NULL DEFAULT 0;
    CREATE TABLE modules (
        id             TEXT PRIMARY KEY,
        title          TEXT NOT NULL,
        version        TEXT NOT NULL,
        language       TEXT NOT NULL,
        author         TEXT NOT NULL,
        duration_min   INTEGER NOT NULL,
        objectives     TEXT NOT NULL,
        page_titles    TEXT NOT NULL,
        question_count INTEGER NOT NULL,
        total_bytes    INTEGER NOT NULL,
        imported_at    TEXT NOT NULL,
        imported_by    TEXT NOT NULL,
        source         TEXT NOT NULL
    );
    CREATE TABLE sessions (
        id         INTEGER PRIMARY KEY,
        started_at TEXT NOT NULL,
        actor      TEXT NOT NULL
    );
    CREATE TABLE page_views (
        seat_key     TEXT NOT NULL,
        view_id      INTEGER NOT NULL,
        session_id   INTEGER NOT NULL REFERENCES sessions(id),
        seat_name    TEXT NOT NULL,
        module_id    TEXT NOT NULL,
        page         INTEGER NOT NULL,
        opened_at_ms INTEGER NOT NULL,
        duration_ms  INTEGER NOT NULL,
        received_at  TEXT NOT NULL,
        PRIMARY KEY (seat_key, view_id)
    );
    CREATE INDEX page_views_by_session ON page_views (session_id, module_id);
    )sql",
    // 3 -> 4: quizzes. The quiz each seat takes (part of its desired state),
    // the quizzes themselves, the learner the trainer assigned to each seat in
    // a session, and the answers. A session that never ended (the console was
    // killed) is resumed at the next start.
    R"sql(
    ALTER TABLE seats ADD COLUMN quiz_id INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE seats ADD COLUMN quiz_live INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE seats ADD COLUMN quiz_questions TEXT NOT NULL DEFAULT '';
    ALTER TABLE seats ADD COLUMN quiz_open INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE seats ADD COLUMN quiz_reveal INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE sessions ADD COLUMN ended_at TEXT;
    CREATE TABLE quizzes (
        id            INTEGER PRIMARY KEY,
        session_id    INTEGER NOT NULL REFERENCES sessions(id),
        module_id     TEXT NOT NULL,
        module_title  TEXT NOT NULL,
        live          INTEGER NOT NULL,
        questions     TEXT NOT NULL,
        started_at    TEXT NOT NULL,
        closes_at_ms  INTEGER NOT NULL DEFAULT 0,
        open          INTEGER NOT NULL DEFAULT 1,
        revealed      INTEGER NOT NULL DEFAULT 0,
        closed_at     TEXT
    );
    CREATE INDEX quizzes_by_session ON quizzes (session_id);
    CREATE TABLE quiz_seats (
        quiz_id  INTEGER NOT NULL REFERENCES quizzes(id),
        seat_key TEXT NOT NULL,
        PRIMARY KEY (quiz_id, seat_key)
    ) WITHOUT ROWID;
    CREATE TABLE learners (
        session_id INTEGER NOT NULL REFERENCES sessions(id),
        seat_key   TEXT NOT NULL,
        code       TEXT NOT NULL,
        PRIMARY KEY (session_id, seat_key)
    ) WITHOUT ROWID;
    CREATE TABLE answers (
        seat_key       TEXT NOT NULL,
        answer_id      INTEGER NOT NULL,
        session_id     INTEGER NOT NULL,
        quiz_id        INTEGER NOT NULL,
        question       INTEGER NOT NULL,
        learner        TEXT NOT NULL,
        seat_name      TEXT NOT NULL,
        choices        TEXT NOT NULL,
        text           TEXT NOT NULL,
        answered_at_ms INTEGER NOT NULL,
        received_at_ms INTEGER NOT NULL,
        late           INTEGER NOT NULL,
        score          REAL,
        graded_by      TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (seat_key, answer_id)
    );
    CREATE INDEX answers_by_quiz ON answers (quiz_id, question);
    CREATE INDEX answers_by_session ON answers (session_id);
    )sql",
};

// Runs one statement that returns no rows; `what` names it in the error.
Result<void> run(storage::Statement& statement, const char* what)
{
    statement.step();
    if (!statement.error().empty())
        return Result<void>::failure(std::string("cannot ") + what + ": " + statement.error());
    return Result<void>::success();
}

}  // namespace


std::string utcNowIso8601()
{
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs).toStdString();
}

Result<std::unique_ptr<ConsoleStore>> ConsoleStore::open(const std::filesystem::path& file)
{
    auto db = storage::Database::open(file, kMigrations);
    if (!db)
        return Result<std::unique_ptr<ConsoleStore>>::failure(db.error());
    return Result<std::unique_ptr<ConsoleStore>>::success(
        std::unique_ptr<ConsoleStore>(new ConsoleStore(std::move(db).value())));
}

Result<std::unique_ptr<storage::Database>> ConsoleStore::openConnection(const std::filesystem::path& file)
{
    return storage::Database::open(file, kMigrations);
}

Result<std::vector<StoredSeat>> ConsoleStore::loadSeats()
{
    storage::Statement query(*m_db, "SELECT public_key, name, host_name, revision, locked, lock_message, "
                                    "module_id, page, free_browsing, quiz_id, quiz_live, quiz_questions, "
                                    "quiz_open, quiz_reveal FROM seats ORDER BY name, public_key");
    std::vector<StoredSeat> seats;
    while (query.step()) {
        StoredSeat seat;
        seat.publicKey = query.columnText(0);
        seat.name = query.columnText(1);
        seat.hostName = query.columnText(2);
        seat.desired.revision = static_cast<std::uint64_t>(query.columnInt(3));
        seat.desired.locked = query.columnInt(4) != 0;
        seat.desired.lockMessage = query.columnText(5);
        seat.desired.moduleId = query.columnText(6);
        seat.desired.page = static_cast<std::uint32_t>(query.columnInt(7));
        seat.desired.freeBrowsing = query.columnInt(8) != 0;
        seat.desired.quiz = static_cast<std::uint64_t>(query.columnInt(9));
        seat.desired.quizLive = query.columnInt(10) != 0;
        seat.desired.questions = storage::splitNumbers(query.columnText(11));
        seat.desired.quizOpen = query.columnInt(12) != 0;
        seat.desired.reveal = query.columnInt(13) != 0;
        seats.push_back(std::move(seat));
    }
    if (!query.error().empty())
        return Result<std::vector<StoredSeat>>::failure("cannot read seats: " + query.error());
    return Result<std::vector<StoredSeat>>::success(std::move(seats));
}

Result<void> ConsoleStore::enrollSeat(const std::string& publicKey, const std::string& name)
{
    storage::Statement insert(*m_db, "INSERT INTO seats (public_key, name, enrolled_at) VALUES (?1, ?2, ?3) "
                                     "ON CONFLICT(public_key) DO UPDATE SET name = excluded.name");
    insert.bind(1, publicKey).bind(2, name).bind(3, utcNowIso8601());
    insert.step();
    if (!insert.error().empty())
        return Result<void>::failure("cannot enroll seat: " + insert.error());
    return Result<void>::success();
}

Result<void> ConsoleStore::saveHostName(const std::string& publicKey, const std::string& hostName)
{
    storage::Statement update(*m_db, "UPDATE seats SET host_name = ?2 WHERE public_key = ?1");
    update.bind(1, publicKey).bind(2, hostName);
    update.step();
    if (!update.error().empty())
        return Result<void>::failure("cannot save host name: " + update.error());
    return Result<void>::success();
}

Result<void> ConsoleStore::saveDesiredStates(const std::vector<std::pair<std::string, protocol::SeatState>>& states,
                                             const AuditEntry& audit)
{
    storage::Transaction transaction(*m_db);
    if (!transaction.began())
        return Result<void>::failure("cannot start a transaction on " + m_db->file().string());
    storage::Statement update(*m_db, "UPDATE seats SET revision = ?2, locked = ?3, lock_message = ?4, "
                                     "module_id = ?5, page = ?6, free_browsing = ?7, quiz_id = ?8, quiz_live = ?9, "
                                     "quiz_questions = ?10, quiz_open = ?11, quiz_reveal = ?12 WHERE public_key = ?1");
    for (const auto& [key, state] : states) {
        update.bind(1, key)
            .bind(2, static_cast<std::int64_t>(state.revision))
            .bind(3, std::int64_t{state.locked ? 1 : 0})
            .bind(4, state.lockMessage)
            .bind(5, state.moduleId)
            .bind(6, static_cast<std::int64_t>(state.page))
            .bind(7, std::int64_t{state.freeBrowsing ? 1 : 0})
            .bind(8, static_cast<std::int64_t>(state.quiz))
            .bind(9, std::int64_t{state.quizLive ? 1 : 0})
            .bind(10, storage::joinNumbers(state.questions))
            .bind(11, std::int64_t{state.quizOpen ? 1 : 0})
            .bind(12, std::int64_t{state.reveal ? 1 : 0});
        update.step();
        if (!update.error().empty())
            return Result<void>::failure("cannot save seat state: " + update.error());
        update.reset();
    }
    auto logged = insertAudit(audit);
    if (!logged)
        return logged;
    return transaction.commit();
}

Result<void> ConsoleStore::appendAudit(const AuditEntry& entry)
{
    return insertAudit(entry);
}

Result<void> ConsoleStore::insertAudit(const AuditEntry& entry)
{
    storage::Statement insert(*m_db,
                              "INSERT INTO audit_log (at, actor, action, seats, detail) VALUES (?1, ?2, ?3, ?4, ?5)");
    insert.bind(1, entry.at.empty() ? utcNowIso8601() : entry.at)
        .bind(2, entry.actor)
        .bind(3, entry.action)
        .bind(4, entry.seats)
        .bind(5, entry.detail);
    insert.step();
    if (!insert.error().empty())
        return Result<void>::failure("cannot write the audit log: " + insert.error());
    return Result<void>::success();
}

Result<bool> ConsoleStore::revokeSeat(const std::string& publicKey, const AuditEntry& audit)
{
    storage::Transaction transaction(*m_db);
    if (!transaction.began())
        return Result<bool>::failure("cannot start a transaction on " + m_db->file().string());
    storage::Statement remove(*m_db, "DELETE FROM seats WHERE public_key = ?1");
    remove.bind(1, publicKey);
    if (auto done = run(remove, "revoke the seat"); !done)
        return Result<bool>::failure(done.error());
    if (sqlite3_changes(m_db->handle()) == 0)
        return Result<bool>::success(false);
    if (auto logged = insertAudit(audit); !logged)
        return Result<bool>::failure(logged.error());
    if (auto committed = transaction.commit(); !committed)
        return Result<bool>::failure(committed.error());
    return Result<bool>::success(true);
}

Result<std::vector<StoredPendingSeat>> ConsoleStore::loadPendingSeats()
{
    storage::Statement query(*m_db, "SELECT public_key, host_name, address, requested_at FROM pending_seats "
                                    "ORDER BY requested_at, public_key");
    std::vector<StoredPendingSeat> seats;
    while (query.step())
        seats.push_back({query.columnText(0), query.columnText(1), query.columnText(2), query.columnText(3)});
    if (!query.error().empty())
        return Result<std::vector<StoredPendingSeat>>::failure("cannot read the computers waiting for approval: " +
                                                               query.error());
    return Result<std::vector<StoredPendingSeat>>::success(std::move(seats));
}

Result<void> ConsoleStore::addPendingSeat(const StoredPendingSeat& seat)
{
    storage::Statement insert(*m_db, "INSERT INTO pending_seats (public_key, host_name, address, requested_at) "
                                     "VALUES (?1, ?2, ?3, ?4) ON CONFLICT(public_key) DO UPDATE SET "
                                     "host_name = excluded.host_name, address = excluded.address");
    insert.bind(1, seat.publicKey).bind(2, seat.hostName).bind(3, seat.address).bind(4, seat.requestedAt);
    return run(insert, "save a computer waiting for approval");
}

Result<void> ConsoleStore::approvePendingSeat(const std::string& publicKey, const std::string& name,
                                              const AuditEntry& audit)
{
    storage::Transaction transaction(*m_db);
    if (!transaction.began())
        return Result<void>::failure("cannot start a transaction on " + m_db->file().string());
    storage::Statement insert(*m_db, "INSERT INTO seats (public_key, name, host_name, enrolled_at) "
                                     "SELECT ?1, ?2, COALESCE((SELECT host_name FROM pending_seats WHERE public_key = ?1), ''), ?3 "
                                     "WHERE true ON CONFLICT(public_key) DO UPDATE SET name = excluded.name");
    insert.bind(1, publicKey).bind(2, name).bind(3, utcNowIso8601());
    if (auto done = run(insert, "enroll the computer"); !done)
        return done;
    storage::Statement remove(*m_db, "DELETE FROM pending_seats WHERE public_key = ?1");
    remove.bind(1, publicKey);
    if (auto done = run(remove, "take the computer off the waiting list"); !done)
        return done;
    if (auto logged = insertAudit(audit); !logged)
        return logged;
    return transaction.commit();
}

Result<bool> ConsoleStore::removePendingSeat(const std::string& publicKey)
{
    storage::Statement remove(*m_db, "DELETE FROM pending_seats WHERE public_key = ?1");
    remove.bind(1, publicKey);
    if (auto done = run(remove, "take the computer off the waiting list"); !done)
        return Result<bool>::failure(done.error());
    return Result<bool>::success(sqlite3_changes(m_db->handle()) != 0);
}

Result<std::optional<StoredEnrollmentCode>> ConsoleStore::loadEnrollmentCode()
{
    using R = Result<std::optional<StoredEnrollmentCode>>;
    storage::Statement query(*m_db, "SELECT code, seats_left, expires_at, created_by FROM enrollment_code WHERE id = 1");
    std::optional<StoredEnrollmentCode> code;
    if (query.step())
        code = StoredEnrollmentCode{query.columnText(0), static_cast<int>(query.columnInt(1)), query.columnText(2),
                                    query.columnText(3)};
    if (!query.error().empty())
        return R::failure("cannot read the enrollment code: " + query.error());
    return R::success(std::move(code));
}

Result<void> ConsoleStore::saveEnrollmentCode(const StoredEnrollmentCode& code, const AuditEntry& audit)
{
    storage::Transaction transaction(*m_db);
    if (!transaction.began())
        return Result<void>::failure("cannot start a transaction on " + m_db->file().string());
    storage::Statement save(*m_db, "INSERT OR REPLACE INTO enrollment_code (id, code, seats_left, expires_at, created_by) "
                                   "VALUES (1, ?1, ?2, ?3, ?4)");
    save.bind(1, code.code).bind(2, std::int64_t{code.seatsLeft}).bind(3, code.expiresAt).bind(4, code.createdBy);
    if (auto done = run(save, "save the enrollment code"); !done)
        return done;
    if (auto logged = insertAudit(audit); !logged)
        return logged;
    return transaction.commit();
}

Result<void> ConsoleStore::clearEnrollmentCode()
{
    storage::Statement remove(*m_db, "DELETE FROM enrollment_code");
    return run(remove, "remove the enrollment code");
}

Result<void> ConsoleStore::setEnrollmentSeatsLeft(int seatsLeft)
{
    storage::Statement update(*m_db, "UPDATE enrollment_code SET seats_left = ?1 WHERE id = 1");
    update.bind(1, std::int64_t{seatsLeft});
    return run(update, "update the enrollment code");
}

std::int64_t ConsoleStore::dataVersion()
{
    storage::Statement query(*m_db, "PRAGMA data_version");
    return query.step() ? query.columnInt(0) : -1;
}

Result<std::vector<AuditEntry>> ConsoleStore::auditLog(int newestCount)
{
    storage::Statement query(*m_db, "SELECT at, actor, action, seats, detail FROM audit_log ORDER BY id DESC LIMIT ?1");
    query.bind(1, std::int64_t{newestCount});
    std::vector<AuditEntry> entries;
    while (query.step())
        entries.push_back({query.columnText(0), query.columnText(1), query.columnText(2), query.columnText(3),
                           query.columnText(4)});
    if (!query.error().empty())
        return Result<std::vector<AuditEntry>>::failure("cannot read the audit log: " + query.error());
    return Result<std::vector<AuditEntry>>::success(std::move(entries));
}

}  // namespace classroom::console
