// The module half of ConsoleStore: the library, sessions and page views.
#include "teacher-console/core/ConsoleStore.h"

#include <sstream>

namespace classroom::console {
namespace {

std::string joinLines(const std::vector<std::string>& lines)
{
    std::string out;
    for (const std::string& line : lines)
        out += (out.empty() ? "" : "\n") + line;
    return out;
}

std::vector<std::string> splitLines(const std::string& text)
{
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        lines.push_back(line);
    return lines;
}

}  // namespace

Result<bool> ConsoleStore::saveModule(const StoredModule& module, const AuditEntry& audit)
{
    using R = Result<bool>;
    storage::Transaction transaction(*m_db);
    if (!transaction.began())
        return R::failure("cannot start a transaction on " + m_db->file().string());
    storage::Statement insert(
        *m_db, "INSERT OR IGNORE INTO modules (id, title, version, language, author, duration_min, objectives, "
               "page_titles, question_count, total_bytes, imported_at, imported_by, source) "
               "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)");
    insert.bind(1, module.id)
        .bind(2, module.title)
        .bind(3, module.version)
        .bind(4, module.language)
        .bind(5, module.author)
        .bind(6, std::int64_t{module.durationMinutes})
        .bind(7, joinLines(module.objectives))
        .bind(8, joinLines(module.pageTitles))
        .bind(9, std::int64_t{module.questionCount})
        .bind(10, static_cast<std::int64_t>(module.totalBytes))
        .bind(11, module.importedAt.empty() ? utcNowIso8601() : module.importedAt)
        .bind(12, module.importedBy)
        .bind(13, module.source);
    insert.step();
    if (!insert.error().empty())
        return R::failure("cannot save the module: " + insert.error());
    storage::Statement changes(*m_db, "SELECT changes()");
    const bool added = changes.step() && changes.columnInt(0) > 0;
    if (added)
        if (auto logged = insertAudit(audit); !logged)
            return R::failure(logged.error());
    auto committed = transaction.commit();
    if (!committed)
        return R::failure(committed.error());
    return R::success(added);
}

Result<std::vector<StoredModule>> ConsoleStore::loadModules()
{
    using R = Result<std::vector<StoredModule>>;
    storage::Statement query(*m_db, "SELECT id, title, version, language, author, duration_min, objectives, "
                                    "page_titles, question_count, total_bytes, imported_at, imported_by, source "
                                    "FROM modules ORDER BY title, version, imported_at");
    std::vector<StoredModule> modules;
    while (query.step()) {
        StoredModule module;
        module.id = query.columnText(0);
        module.title = query.columnText(1);
        module.version = query.columnText(2);
        module.language = query.columnText(3);
        module.author = query.columnText(4);
        module.durationMinutes = static_cast<int>(query.columnInt(5));
        module.objectives = splitLines(query.columnText(6));
        module.pageTitles = splitLines(query.columnText(7));
        module.questionCount = static_cast<int>(query.columnInt(8));
        module.totalBytes = static_cast<std::uint64_t>(query.columnInt(9));
        module.importedAt = query.columnText(10);
        module.importedBy = query.columnText(11);
        module.source = query.columnText(12);
        modules.push_back(std::move(module));
    }
    if (!query.error().empty())
        return R::failure("cannot read the module library: " + query.error());
    return R::success(std::move(modules));
}

Result<void> ConsoleStore::removeModule(const std::string& id, const AuditEntry& audit)
{
    storage::Transaction transaction(*m_db);
    if (!transaction.began())
        return Result<void>::failure("cannot start a transaction on " + m_db->file().string());
    storage::Statement remove(*m_db, "DELETE FROM modules WHERE id = ?1");
    remove.bind(1, id);
    remove.step();
    if (!remove.error().empty())
        return Result<void>::failure("cannot remove the module: " + remove.error());
    if (auto logged = insertAudit(audit); !logged)
        return logged;
    return transaction.commit();
}

Result<std::int64_t> ConsoleStore::startSession(const std::string& actor)
{
    using R = Result<std::int64_t>;
    storage::Statement insert(*m_db, "INSERT INTO sessions (started_at, actor) VALUES (?1, ?2) RETURNING id");
    insert.bind(1, utcNowIso8601()).bind(2, actor);
    if (!insert.step())
        return R::failure("cannot start a session: " + insert.error());
    return R::success(insert.columnInt(0));
}

Result<void> ConsoleStore::savePageViews(const std::vector<StoredPageView>& views)
{
    storage::Transaction transaction(*m_db);
    if (!transaction.began())
        return Result<void>::failure("cannot start a transaction on " + m_db->file().string());
    storage::Statement insert(*m_db,
                              "INSERT OR IGNORE INTO page_views (seat_key, view_id, session_id, seat_name, module_id, "
                              "page, opened_at_ms, duration_ms, received_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
    const std::string now = utcNowIso8601();
    for (const StoredPageView& view : views) {
        insert.bind(1, view.seatKey)
            .bind(2, static_cast<std::int64_t>(view.viewId))
            .bind(3, view.sessionId)
            .bind(4, view.seatName)
            .bind(5, view.moduleId)
            .bind(6, std::int64_t{view.page})
            .bind(7, static_cast<std::int64_t>(view.openedAtMs))
            .bind(8, static_cast<std::int64_t>(view.durationMs))
            .bind(9, now);
        insert.step();
        if (!insert.error().empty())
            return Result<void>::failure("cannot save a page view: " + insert.error());
        insert.reset();
    }
    return transaction.commit();
}

Result<std::vector<StoredPageView>> ConsoleStore::pageViews(std::int64_t sessionId)
{
    using R = Result<std::vector<StoredPageView>>;
    storage::Statement query(*m_db, "SELECT seat_key, view_id, session_id, seat_name, module_id, page, opened_at_ms, "
                                    "duration_ms FROM page_views WHERE session_id = ?1 ORDER BY opened_at_ms, seat_name");
    query.bind(1, sessionId);
    std::vector<StoredPageView> views;
    while (query.step()) {
        StoredPageView view;
        view.seatKey = query.columnText(0);
        view.viewId = static_cast<std::uint64_t>(query.columnInt(1));
        view.sessionId = query.columnInt(2);
        view.seatName = query.columnText(3);
        view.moduleId = query.columnText(4);
        view.page = static_cast<int>(query.columnInt(5));
        view.openedAtMs = static_cast<std::uint64_t>(query.columnInt(6));
        view.durationMs = static_cast<std::uint64_t>(query.columnInt(7));
        views.push_back(std::move(view));
    }
    if (!query.error().empty())
        return R::failure("cannot read page views: " + query.error());
    return R::success(std::move(views));
}

}  // namespace classroom::console
