#pragma once

#include "common/Result.h"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace classroom::storage {

// One SQLite connection with the project's rules applied:
// - WAL journal with synchronous=FULL: a committed transaction survives a power
//   cut, not only a crash (an acknowledgement may let a peer delete its copy);
// - schema migrations, each step N -> N+1 in its own transaction ending with
//   PRAGMA user_version = N+1, so a failed step leaves the old schema intact;
// - a database written by a newer program is refused, never "downgraded".
class Database {
public:
    // migrations[i] takes the schema from version i to i+1.
    static Result<std::unique_ptr<Database>> open(const std::filesystem::path& file,
                                                  const std::vector<std::string>& migrations);
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    Result<void> exec(const std::string& sql);
    int schemaVersion() const { return m_schemaVersion; }
    sqlite3* handle() const { return m_db; }
    const std::filesystem::path& file() const { return m_file; }

    // `PRAGMA integrity_check`: "ok" or what SQLite found.
    std::string integrityCheck();

private:
    Database(sqlite3* db, std::filesystem::path file) : m_db(db), m_file(std::move(file)) {}
    Result<void> migrate(const std::vector<std::string>& migrations);

    sqlite3* m_db;
    std::filesystem::path m_file;
    int m_schemaVersion = 0;
};

// A prepared statement. Binding indexes start at 1, like SQLite's.
class Statement {
public:
    Statement(Database& db, const char* sql);
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    bool valid() const { return m_statement != nullptr; }
    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, const std::string& value);
    Statement& bind(int index, double value);
    Statement& bindNull(int index);

    // Runs the statement to its next row. False when done or on error; error()
    // tells which.
    bool step();
    void reset();
    const std::string& error() const { return m_error; }

    std::int64_t columnInt(int index) const;
    std::string columnText(int index) const;
    double columnDouble(int index) const;
    bool columnIsNull(int index) const;

private:
    sqlite3* m_db;
    sqlite3_stmt* m_statement = nullptr;
    std::string m_error;
};

// BEGIN IMMEDIATE ... COMMIT, rolled back unless commit() succeeds.
class Transaction {
public:
    explicit Transaction(Database& db);
    ~Transaction();
    bool began() const { return m_began; }
    Result<void> commit();

private:
    Database& m_db;
    bool m_began = false;
    bool m_done = false;
};

}  // namespace classroom::storage
