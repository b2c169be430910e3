// The SQLite rules every store relies on: migrations step by step, a failed
// step leaves the old schema, a newer schema is refused, and commits are durable.

#include "common/storage/Database.h"

#include <QTemporaryDir>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sys/stat.h>

using namespace classroom::storage;
using ::testing::HasSubstr;
namespace fs = std::filesystem;

namespace {

class DatabaseTest : public ::testing::Test {
protected:
    void SetUp() override { ASSERT_TRUE(m_dir.isValid()); }
    fs::path file() const { return fs::path(m_dir.path().toStdString()) / "data" / "test.db"; }

    std::unique_ptr<Database> openOk(const std::vector<std::string>& migrations)
    {
        auto db = Database::open(file(), migrations);
        EXPECT_TRUE(db.ok()) << db.error();
        return db.ok() ? std::move(db).value() : nullptr;
    }
    static std::int64_t queryInt(Database& db, const char* sql)
    {
        Statement query(db, sql);
        EXPECT_TRUE(query.step()) << sql << ": " << query.error();
        return query.columnInt(0);
    }
    static std::string queryText(Database& db, const char* sql)
    {
        Statement query(db, sql);
        EXPECT_TRUE(query.step()) << sql << ": " << query.error();
        return query.columnText(0);
    }
    static bool tableExists(Database& db, const std::string& name)
    {
        Statement query(db, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?1");
        query.bind(1, name);
        return query.step() && query.columnInt(0) == 1;
    }

    QTemporaryDir m_dir;
};

const std::vector<std::string> kTwoSteps = {
    "CREATE TABLE seats (key TEXT PRIMARY KEY, name TEXT NOT NULL)",
    "ALTER TABLE seats ADD COLUMN locked INTEGER NOT NULL DEFAULT 0",
};

}  // namespace

TEST_F(DatabaseTest, MigrationsBringANewFileToTheLatestUserVersion)
{
    auto db = openOk(kTwoSteps);
    ASSERT_TRUE(db);
    EXPECT_EQ(db->schemaVersion(), 2);
    EXPECT_EQ(queryInt(*db, "PRAGMA user_version"), 2);
    EXPECT_TRUE(db->exec("INSERT INTO seats (key, name, locked) VALUES ('k', 'PC 1', 1)").ok());
}

TEST_F(DatabaseTest, ReopeningRunsOnlyTheNewMigrations)
{
    {
        auto db = openOk({kTwoSteps[0]});
        ASSERT_TRUE(db);
        ASSERT_TRUE(db->exec("INSERT INTO seats (key, name) VALUES ('k', 'PC 1')").ok());
    }
    // Step 1 would fail with "table seats already exists" if it ran again.
    auto db = openOk(kTwoSteps);
    ASSERT_TRUE(db);
    EXPECT_EQ(db->schemaVersion(), 2);
    EXPECT_EQ(queryText(*db, "SELECT name FROM seats WHERE key = 'k'"), "PC 1");
    EXPECT_EQ(queryInt(*db, "SELECT locked FROM seats WHERE key = 'k'"), 0);
}

TEST_F(DatabaseTest, FailingMigrationRollsBackAndLeavesTheOldVersion)
{
    {
        auto db = openOk({kTwoSteps[0]});
        ASSERT_TRUE(db);
    }
    // Step 2 creates a table, then fails half way.
    auto broken = Database::open(file(), {kTwoSteps[0], "CREATE TABLE extra (x); INSERT INTO no_such_table VALUES (1);"});
    ASSERT_FALSE(broken.ok());
    EXPECT_THAT(broken.error(), HasSubstr("cannot upgrade database " + file().string() + " to schema version 2"));
    EXPECT_THAT(broken.error(), HasSubstr("no_such_table"));

    auto db = openOk({kTwoSteps[0]});
    ASSERT_TRUE(db);
    EXPECT_EQ(db->schemaVersion(), 1);
    EXPECT_EQ(queryInt(*db, "PRAGMA user_version"), 1);
    EXPECT_FALSE(tableExists(*db, "extra"));
    EXPECT_TRUE(tableExists(*db, "seats"));
}

TEST_F(DatabaseTest, DatabaseFromANewerProgramIsRefusedAndLeftUntouched)
{
    {
        auto db = openOk(kTwoSteps);
        ASSERT_TRUE(db);
        ASSERT_TRUE(db->exec("PRAGMA user_version = 7").ok());
    }
    auto older = Database::open(file(), kTwoSteps);
    ASSERT_FALSE(older.ok());
    EXPECT_THAT(older.error(), HasSubstr("schema version 7"));
    EXPECT_THAT(older.error(), HasSubstr("newer program"));
    EXPECT_THAT(older.error(), HasSubstr("knows up to 2"));

    std::vector<std::string> sevenSteps = kTwoSteps;
    sevenSteps.resize(7, "SELECT 1");
    auto db = openOk(sevenSteps);
    ASSERT_TRUE(db);
    EXPECT_EQ(db->schemaVersion(), 7);
    EXPECT_TRUE(tableExists(*db, "seats"));
}

TEST_F(DatabaseTest, NewDatabaseUsesWalWithFullSyncAndForeignKeys)
{
    auto db = openOk(kTwoSteps);
    ASSERT_TRUE(db);
    EXPECT_EQ(queryText(*db, "PRAGMA journal_mode"), "wal");
    EXPECT_EQ(queryInt(*db, "PRAGMA synchronous"), 2);  // FULL
    EXPECT_EQ(queryInt(*db, "PRAGMA foreign_keys"), 1);
}

TEST_F(DatabaseTest, IntegrityCheckOfAHealthyDatabaseSaysOk)
{
    auto db = openOk(kTwoSteps);
    ASSERT_TRUE(db);
    ASSERT_TRUE(db->exec("INSERT INTO seats (key, name) VALUES ('a', 'PC 1'), ('b', 'PC 2')").ok());
    EXPECT_EQ(db->integrityCheck(), "ok");
}

TEST_F(DatabaseTest, TransactionWithoutCommitIsRolledBack)
{
    auto db = openOk(kTwoSteps);
    ASSERT_TRUE(db);
    {
        Transaction transaction(*db);
        ASSERT_TRUE(transaction.began());
        ASSERT_TRUE(db->exec("INSERT INTO seats (key, name) VALUES ('a', 'PC 1')").ok());
    }
    EXPECT_EQ(queryInt(*db, "SELECT count(*) FROM seats"), 0);
    {
        Transaction transaction(*db);
        ASSERT_TRUE(db->exec("INSERT INTO seats (key, name) VALUES ('a', 'PC 1')").ok());
        ASSERT_TRUE(transaction.commit().ok());
    }
    db.reset();
    auto reopened = openOk(kTwoSteps);
    ASSERT_TRUE(reopened);
    EXPECT_EQ(queryInt(*reopened, "SELECT count(*) FROM seats"), 1);
}

TEST_F(DatabaseTest, StatementBindsAndReadsTextIntegersAndNull)
{
    auto db = openOk({"CREATE TABLE t (i INTEGER, s TEXT, n TEXT)"});
    ASSERT_TRUE(db);
    Statement insert(*db, "INSERT INTO t (i, s, n) VALUES (?1, ?2, ?3)");
    ASSERT_TRUE(insert.valid());
    const std::string withNul("a\0b", 3);
    insert.bind(1, std::int64_t{1} << 40).bind(2, withNul).bindNull(3);
    EXPECT_FALSE(insert.step());
    EXPECT_EQ(insert.error(), "");

    Statement select(*db, "SELECT i, s, n FROM t");
    ASSERT_TRUE(select.step());
    EXPECT_EQ(select.columnInt(0), std::int64_t{1} << 40);
    EXPECT_EQ(select.columnText(1), withNul);
    EXPECT_TRUE(select.columnIsNull(2));
    EXPECT_FALSE(select.step());
}

TEST_F(DatabaseTest, BadSqlIsAnErrorNotACrash)
{
    auto db = openOk(kTwoSteps);
    ASSERT_TRUE(db);
    Statement bad(*db, "SELEC nonsense");
    EXPECT_FALSE(bad.valid());
    EXPECT_FALSE(bad.step());
    EXPECT_THAT(bad.error(), HasSubstr("syntax error"));

    auto failed = db->exec("INSERT INTO seats (key) VALUES ('x')");  // name is NOT NULL
    ASSERT_FALSE(failed.ok());
    EXPECT_THAT(failed.error(), HasSubstr("NOT NULL"));
}

TEST_F(DatabaseTest, DatabaseWhoseDirectoryCannotBeCreatedIsAnError)
{
    const fs::path blocker = fs::path(m_dir.path().toStdString()) / "not-a-directory";
    std::ofstream(blocker) << "x";
    auto db = Database::open(blocker / "test.db", kTwoSteps);
    ASSERT_FALSE(db.ok());
    EXPECT_THAT(db.error(), HasSubstr("cannot create directory " + blocker.string()));
}

TEST_F(DatabaseTest, FileThatIsNotADatabaseIsRefused)
{
    fs::create_directories(file().parent_path());
    std::ofstream(file()) << std::string(4096, 'x');
    auto db = Database::open(file(), kTwoSteps);
    ASSERT_FALSE(db.ok());
    EXPECT_THAT(db.error(), HasSubstr(file().string()));
}

// In the packaged agent's shared directory (setgid, closed to others) every
// learner account of the PC must be able to write the state database, and
// SQLite alone would make it 0644.
TEST_F(DatabaseTest, ADatabaseInASharedGroupDirectoryIsWritableByTheGroupAndNoOneElse)
{
    const fs::path shared = file().parent_path();
    fs::create_directories(shared);
    ASSERT_EQ(::chmod(shared.c_str(), 02770), 0);
    auto db = openOk({"CREATE TABLE t(x)"});
    ASSERT_NE(db, nullptr);
    struct stat info{};
    ASSERT_EQ(::stat(file().c_str(), &info), 0);
    EXPECT_EQ(info.st_mode & 0777, 0660u);
    ASSERT_EQ(::stat((file().string() + "-wal").c_str(), &info), 0);  // SQLite copies the mode
    EXPECT_EQ(info.st_mode & 0007, 0u);
    EXPECT_NE(info.st_mode & 0020, 0u);
}

TEST_F(DatabaseTest, ADatabaseElsewhereKeepsItsOrdinaryMode)
{
    auto db = openOk({"CREATE TABLE t(x)"});
    ASSERT_NE(db, nullptr);
    struct stat info{};
    ASSERT_EQ(::stat(file().c_str(), &info), 0);
    EXPECT_EQ(info.st_mode & 0020, 0u);  // no group write outside a shared directory
}
