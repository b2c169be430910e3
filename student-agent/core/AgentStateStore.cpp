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
    storage::Statement query(*m_db, "SELECT revision, locked, lock_message, module_id, page, free_browsing "
                                    "FROM seat_state WHERE id = 1");
    protocol::SeatState state;
    if (query.step()) {
        state.revision = static_cast<std::uint64_t>(query.columnInt(0));
        state.locked = query.columnInt(1) != 0;
        state.lockMessage = query.columnText(2);
        state.moduleId = query.columnText(3);
        state.page = static_cast<std::uint32_t>(query.columnInt(4));
        state.freeBrowsing = query.columnInt(5) != 0;
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
                                     "free_browsing) VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6) "
                                     "ON CONFLICT(id) DO UPDATE SET revision = excluded.revision, locked = excluded.locked, "
                                     "lock_message = excluded.lock_message, module_id = excluded.module_id, "
                                     "page = excluded.page, free_browsing = excluded.free_browsing, "
                                     "updated_at = excluded.updated_at");
    upsert.bind(1, static_cast<std::int64_t>(state.revision))
        .bind(2, std::int64_t{state.locked ? 1 : 0})
        .bind(3, state.lockMessage)
        .bind(4, state.moduleId)
        .bind(5, static_cast<std::int64_t>(state.page))
        .bind(6, std::int64_t{state.freeBrowsing ? 1 : 0});
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

}  // namespace classroom::agent
