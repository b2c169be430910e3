#include "teacher-console/core/ConsoleStore.h"

#include <QDateTime>

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
};

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

Result<std::vector<StoredSeat>> ConsoleStore::loadSeats()
{
    storage::Statement query(*m_db, "SELECT public_key, name, host_name, revision, locked, lock_message "
                                    "FROM seats ORDER BY name, public_key");
    std::vector<StoredSeat> seats;
    while (query.step()) {
        StoredSeat seat;
        seat.publicKey = query.columnText(0);
        seat.name = query.columnText(1);
        seat.hostName = query.columnText(2);
        seat.desired.revision = static_cast<std::uint64_t>(query.columnInt(3));
        seat.desired.locked = query.columnInt(4) != 0;
        seat.desired.lockMessage = query.columnText(5);
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
    storage::Statement update(*m_db, "UPDATE seats SET revision = ?2, locked = ?3, lock_message = ?4 "
                                     "WHERE public_key = ?1");
    for (const auto& [key, state] : states) {
        update.bind(1, key)
            .bind(2, static_cast<std::int64_t>(state.revision))
            .bind(3, std::int64_t{state.locked ? 1 : 0})
            .bind(4, state.lockMessage);
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
