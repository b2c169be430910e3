#include "student-agent/core/AgentStateStore.h"

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
};

}  // namespace

Result<std::unique_ptr<AgentStateStore>> AgentStateStore::open(const std::filesystem::path& file)
{
    auto db = storage::Database::open(file, kMigrations);
    if (!db)
        return Result<std::unique_ptr<AgentStateStore>>::failure(db.error());
    return Result<std::unique_ptr<AgentStateStore>>::success(
        std::unique_ptr<AgentStateStore>(new AgentStateStore(std::move(db).value())));
}

protocol::SeatState AgentStateStore::load()
{
    storage::Statement query(*m_db, "SELECT revision, locked, lock_message FROM seat_state WHERE id = 1");
    protocol::SeatState state;
    if (query.step()) {
        state.revision = static_cast<std::uint64_t>(query.columnInt(0));
        state.locked = query.columnInt(1) != 0;
        state.lockMessage = query.columnText(2);
    } else if (!query.error().empty()) {
        // Unreadable memory: we cannot prove the PC was unlocked, so lock it.
        spdlog::error("cannot read the saved state ({}); locking until the console says otherwise", query.error());
        state.locked = true;
    }
    return state;
}

Result<void> AgentStateStore::save(const protocol::SeatState& state)
{
    storage::Statement upsert(*m_db, "INSERT INTO seat_state (id, revision, locked, lock_message) VALUES (1, ?1, ?2, ?3) "
                                     "ON CONFLICT(id) DO UPDATE SET revision = excluded.revision, locked = excluded.locked, "
                                     "lock_message = excluded.lock_message, updated_at = excluded.updated_at");
    upsert.bind(1, static_cast<std::int64_t>(state.revision))
        .bind(2, std::int64_t{state.locked ? 1 : 0})
        .bind(3, state.lockMessage);
    upsert.step();
    if (!upsert.error().empty())
        return Result<void>::failure("cannot save the screen state: " + upsert.error());
    return Result<void>::success();
}

}  // namespace classroom::agent
