// agent.db: the agent's memory of what its screen shows, read before the
// network at every start. A lock must survive anything; a broken file must
// never come back as "unlocked".

#include "student-agent/core/AgentStateStore.h"

#include <QTemporaryDir>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <fstream>

using namespace classroom;
using namespace classroom::agent;
using ::testing::HasSubstr;
namespace fs = std::filesystem;

namespace {

class AgentStateStoreTest : public ::testing::Test {
protected:
    void SetUp() override { ASSERT_TRUE(m_dir.isValid()); }
    fs::path file() const { return fs::path(m_dir.path().toStdString()) / "agent.db"; }
    std::unique_ptr<AgentStateStore> open()
    {
        auto store = AgentStateStore::open(file());
        EXPECT_TRUE(store.ok()) << store.error();
        return store.ok() ? std::move(store).value() : nullptr;
    }
    QTemporaryDir m_dir;
};

protocol::SeatState locked(std::string message, std::uint64_t revision = 1)
{
    return protocol::SeatState{revision, true, std::move(message)};
}

}  // namespace

TEST_F(AgentStateStoreTest, AFreshPcStartsUnlocked)
{
    auto store = open();
    ASSERT_TRUE(store);
    const protocol::SeatState state = store->load();
    EXPECT_FALSE(state.locked);
    EXPECT_EQ(state.lockMessage, "");
}

TEST_F(AgentStateStoreTest, ALockWithItsMessageSurvivesClosingAndReopening)
{
    {
        auto store = open();
        ASSERT_TRUE(store);
        ASSERT_TRUE(store->save(locked("Eyes on the trainer, please — merci", 7)).ok());
    }
    auto reopened = open();
    ASSERT_TRUE(reopened);
    const protocol::SeatState state = reopened->load();
    EXPECT_TRUE(state.locked);
    EXPECT_EQ(state.lockMessage, "Eyes on the trainer, please — merci");
    EXPECT_EQ(state.revision, 7u);
}

TEST_F(AgentStateStoreTest, TheLastSavedStateWins)
{
    auto store = open();
    ASSERT_TRUE(store);
    ASSERT_TRUE(store->save(locked("first")).ok());
    ASSERT_TRUE(store->save(protocol::SeatState{2, false, ""}).ok());
    ASSERT_TRUE(store->save(locked("third", 3)).ok());
    store.reset();
    auto reopened = open();
    EXPECT_EQ(reopened->load(), locked("third", 3));
}

TEST_F(AgentStateStoreTest, AFileThatIsNotADatabaseIsRefusedWithItsName)
{
    std::ofstream(file()) << "this is not an SQLite database, it is a text file someone copied here\n";
    auto store = AgentStateStore::open(file());
    ASSERT_FALSE(store.ok());
    EXPECT_THAT(store.error(), HasSubstr("agent.db"));
}

TEST_F(AgentStateStoreTest, ADatabaseFromANewerAgentIsRefusedNotRewritten)
{
    {
        auto store = open();
        ASSERT_TRUE(store);
    }
    sqlite3* raw = nullptr;
    ASSERT_EQ(sqlite3_open(file().c_str(), &raw), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(raw, "PRAGMA user_version = 99", nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(raw);

    auto store = AgentStateStore::open(file());
    ASSERT_FALSE(store.ok());
    EXPECT_THAT(store.error(), HasSubstr("newer"));
}

TEST_F(AgentStateStoreTest, AnUnreadableStateTableMeansLocked)
{
    {
        auto store = open();
        ASSERT_TRUE(store);
        ASSERT_TRUE(store->save(protocol::SeatState{1, false, ""}).ok());
    }
    // Someone (or a bad disk) drops the table: the agent cannot prove the PC
    // was unlocked, so it locks.
    sqlite3* raw = nullptr;
    ASSERT_EQ(sqlite3_open(file().c_str(), &raw), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(raw, "DROP TABLE seat_state", nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(raw);

    auto store = open();
    ASSERT_TRUE(store);
    EXPECT_TRUE(store->load().locked);
}
