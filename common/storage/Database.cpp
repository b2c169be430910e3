#include "common/storage/Database.h"

#include "common/storage/SharedDirectory.h"

#include <sqlite3.h>

namespace classroom::storage {

namespace {
constexpr int kBusyTimeoutMs = 5000;
}

Result<std::unique_ptr<Database>> Database::open(const std::filesystem::path& file,
                                                 const std::vector<std::string>& migrations)
{
    using R = Result<std::unique_ptr<Database>>;
    std::error_code ec;
    if (file.has_parent_path())
        std::filesystem::create_directories(file.parent_path(), ec);
    if (ec)
        return R::failure("cannot create directory " + file.parent_path().string() + ": " + ec.message());
    sqlite3* raw = nullptr;
    const int rc = sqlite3_open_v2(file.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                                   nullptr);
    if (rc != SQLITE_OK) {
        std::string message = raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc);
        sqlite3_close(raw);
        return R::failure("cannot open database " + file.string() + ": " + message);
    }
    std::unique_ptr<Database> db(new Database(raw, file));
    shareWithGroup(file);  // before WAL: SQLite gives its -wal and -shm files the database's mode
    sqlite3_busy_timeout(raw, kBusyTimeoutMs);
    sqlite3_extended_result_codes(raw, 1);
    for (const char* pragma : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA foreign_keys=ON"}) {
        auto done = db->exec(pragma);
        if (!done)
            return R::failure("cannot prepare database " + file.string() + ": " + done.error());
    }
    auto migrated = db->migrate(migrations);
    if (!migrated)
        return R::failure(migrated.error());
    return R::success(std::move(db));
}

Database::~Database()
{
    sqlite3_close(m_db);
}

Result<void> Database::exec(const std::string& sql)
{
    char* message = nullptr;
    if (sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
        std::string text = message ? message : sqlite3_errmsg(m_db);
        sqlite3_free(message);
        return Result<void>::failure(text);
    }
    return Result<void>::success();
}

Result<void> Database::migrate(const std::vector<std::string>& migrations)
{
    Statement version(*this, "PRAGMA user_version");
    if (!version.step())
        return Result<void>::failure("cannot read the schema version of " + m_file.string() + ": " + version.error());
    m_schemaVersion = static_cast<int>(version.columnInt(0));
    version.reset();
    const int known = static_cast<int>(migrations.size());
    if (m_schemaVersion > known)
        return Result<void>::failure("database " + m_file.string() + " has schema version " +
                                     std::to_string(m_schemaVersion) + ", written by a newer program (this one knows up to " +
                                     std::to_string(known) + "); refusing to touch it");
    for (int step = m_schemaVersion; step < known; ++step) {
        Transaction transaction(*this);
        if (!transaction.began())
            return Result<void>::failure("cannot start migration of " + m_file.string());
        auto applied = exec(migrations[static_cast<std::size_t>(step)]);
        if (applied)
            applied = exec("PRAGMA user_version = " + std::to_string(step + 1));
        if (applied)
            applied = transaction.commit();
        if (!applied)
            return Result<void>::failure("cannot upgrade database " + m_file.string() + " to schema version " +
                                         std::to_string(step + 1) + ": " + applied.error());
        m_schemaVersion = step + 1;
    }
    return Result<void>::success();
}

std::string Database::integrityCheck()
{
    Statement check(*this, "PRAGMA integrity_check");
    std::string result;
    while (check.step())
        result += (result.empty() ? "" : "; ") + check.columnText(0);
    return result.empty() ? check.error() : result;
}

Statement::Statement(Database& db, const char* sql) : m_db(db.handle())
{
    if (sqlite3_prepare_v2(m_db, sql, -1, &m_statement, nullptr) != SQLITE_OK) {
        m_error = sqlite3_errmsg(m_db);
        m_statement = nullptr;
    }
}

Statement::~Statement()
{
    sqlite3_finalize(m_statement);
}

Statement& Statement::bind(int index, std::int64_t value)
{
    if (m_statement)
        sqlite3_bind_int64(m_statement, index, value);
    return *this;
}

Statement& Statement::bind(int index, const std::string& value)
{
    if (m_statement)
        sqlite3_bind_text(m_statement, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
    return *this;
}

Statement& Statement::bind(int index, double value)
{
    if (m_statement)
        sqlite3_bind_double(m_statement, index, value);
    return *this;
}

Statement& Statement::bindNull(int index)
{
    if (m_statement)
        sqlite3_bind_null(m_statement, index);
    return *this;
}

bool Statement::step()
{
    if (!m_statement)
        return false;
    const int rc = sqlite3_step(m_statement);
    if (rc == SQLITE_ROW)
        return true;
    if (rc != SQLITE_DONE)
        m_error = sqlite3_errmsg(m_db);
    return false;
}

void Statement::reset()
{
    if (m_statement) {
        sqlite3_reset(m_statement);
        sqlite3_clear_bindings(m_statement);
    }
    m_error.clear();
}

std::int64_t Statement::columnInt(int index) const
{
    return sqlite3_column_int64(m_statement, index);
}

std::string Statement::columnText(int index) const
{
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(m_statement, index));
    return text ? std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(m_statement, index))) : std::string();
}

double Statement::columnDouble(int index) const
{
    return sqlite3_column_double(m_statement, index);
}

bool Statement::columnIsNull(int index) const
{
    return sqlite3_column_type(m_statement, index) == SQLITE_NULL;
}

Transaction::Transaction(Database& db) : m_db(db)
{
    m_began = m_db.exec("BEGIN IMMEDIATE").ok();
}

Transaction::~Transaction()
{
    if (m_began && !m_done)
        (void)m_db.exec("ROLLBACK");
}

Result<void> Transaction::commit()
{
    auto committed = m_db.exec("COMMIT");
    m_done = committed.ok();  // a failed COMMIT leaves the transaction open: roll it back
    return committed;
}

}  // namespace classroom::storage
