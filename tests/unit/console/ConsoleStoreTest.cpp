// console.db is the console's memory: enrolled seats, the state the trainer
// wants for each, and the audit log. All of it must survive a restart.

#include "common/bus/CurveKeys.h"
#include "teacher-console/core/ConsoleStore.h"

#include <QDateTime>
#include <QTemporaryDir>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

using namespace classroom;
using namespace classroom::console;
using ::testing::HasSubstr;
namespace fs = std::filesystem;

namespace {

class ConsoleStoreTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        ASSERT_TRUE(m_dir.isValid());
        reopen();
    }
    fs::path file() const { return fs::path(m_dir.path().toStdString()) / "console.db"; }
    void reopen()
    {
        m_store.reset();
        auto store = ConsoleStore::open(file());
        ASSERT_TRUE(store.ok()) << store.error();
        m_store = std::move(store).value();
    }
    std::vector<StoredSeat> seats()
    {
        auto loaded = m_store->loadSeats();
        EXPECT_TRUE(loaded.ok()) << loaded.error();
        return loaded.ok() ? loaded.value() : std::vector<StoredSeat>{};
    }
    std::vector<AuditEntry> audit(int count = 100)
    {
        auto log = m_store->auditLog(count);
        EXPECT_TRUE(log.ok()) << log.error();
        return log.ok() ? log.value() : std::vector<AuditEntry>{};
    }

    QTemporaryDir m_dir;
    std::unique_ptr<ConsoleStore> m_store;
    const std::string m_keyA = bus::CurveKeyPair::generate().publicKey;
    const std::string m_keyB = bus::CurveKeyPair::generate().publicKey;
};

}  // namespace

TEST_F(ConsoleStoreTest, FreshStoreHasNoSeatsAndAnEmptyAuditLog)
{
    EXPECT_TRUE(seats().empty());
    EXPECT_TRUE(audit().empty());
    EXPECT_EQ(m_store->database().integrityCheck(), "ok");
}

TEST_F(ConsoleStoreTest, EnrolledSeatIsUnlockedAndSurvivesReopening)
{
    ASSERT_TRUE(m_store->enrollSeat(m_keyA, "PC 1").ok());
    reopen();
    const auto loaded = seats();
    ASSERT_EQ(loaded.size(), 1u);
    EXPECT_EQ(loaded[0].publicKey, m_keyA);
    EXPECT_EQ(loaded[0].name, "PC 1");
    EXPECT_EQ(loaded[0].hostName, "");
    EXPECT_FALSE(loaded[0].desired.locked);
    EXPECT_EQ(loaded[0].desired.revision, 0u);
}

TEST_F(ConsoleStoreTest, EnrollingAKnownKeyAgainRenamesItAndKeepsItsState)
{
    ASSERT_TRUE(m_store->enrollSeat(m_keyA, "PC 1").ok());
    ASSERT_TRUE(m_store->saveDesiredStates({{m_keyA, protocol::SeatState{3, true, "Wait"}}}, {"", "t", "lock", "all", "Wait"}).ok());
    ASSERT_TRUE(m_store->enrollSeat(m_keyA, "Front left").ok());
    const auto loaded = seats();
    ASSERT_EQ(loaded.size(), 1u);
    EXPECT_EQ(loaded[0].name, "Front left");
    EXPECT_EQ(loaded[0].desired, (protocol::SeatState{3, true, "Wait"}));
}

TEST_F(ConsoleStoreTest, SeatsAreListedByName)
{
    ASSERT_TRUE(m_store->enrollSeat(m_keyA, "PC 2").ok());
    ASSERT_TRUE(m_store->enrollSeat(m_keyB, "PC 1").ok());
    const auto loaded = seats();
    ASSERT_EQ(loaded.size(), 2u);
    EXPECT_EQ(loaded[0].name, "PC 1");
    EXPECT_EQ(loaded[1].name, "PC 2");
}

TEST_F(ConsoleStoreTest, DesiredStateAndItsAuditEntrySurviveReopening)
{
    ASSERT_TRUE(m_store->enrollSeat(m_keyA, "PC 1").ok());
    ASSERT_TRUE(m_store->enrollSeat(m_keyB, "PC 2").ok());
    const AuditEntry entry{"2024-05-01T09:00:00.000Z", "trainer", "lock", "PC 1", "Eyes on me"};
    ASSERT_TRUE(m_store->saveDesiredStates({{m_keyA, protocol::SeatState{1, true, "Eyes on me"}}}, entry).ok());
    reopen();

    const auto loaded = seats();
    ASSERT_EQ(loaded.size(), 2u);
    EXPECT_EQ(loaded[0].desired, (protocol::SeatState{1, true, "Eyes on me"}));
    EXPECT_EQ(loaded[1].desired, protocol::SeatState{});
    const auto log = audit();
    ASSERT_EQ(log.size(), 1u);
    EXPECT_EQ(log[0].at, entry.at);
    EXPECT_EQ(log[0].actor, "trainer");
    EXPECT_EQ(log[0].action, "lock");
    EXPECT_EQ(log[0].seats, "PC 1");
    EXPECT_EQ(log[0].detail, "Eyes on me");
}

TEST_F(ConsoleStoreTest, StateChangeIsNotSavedWhenItsAuditEntryCannotBe)
{
    ASSERT_TRUE(m_store->enrollSeat(m_keyA, "PC 1").ok());
    ASSERT_TRUE(m_store->database().exec("DROP TABLE audit_log").ok());
    auto saved = m_store->saveDesiredStates({{m_keyA, protocol::SeatState{1, true, "x"}}}, {"", "t", "lock", "all", "x"});
    ASSERT_FALSE(saved.ok());
    EXPECT_THAT(saved.error(), HasSubstr("audit log"));
    const auto loaded = seats();
    ASSERT_EQ(loaded.size(), 1u);
    EXPECT_EQ(loaded[0].desired, protocol::SeatState{}) << "the state change and its audit entry are one transaction";
}

TEST_F(ConsoleStoreTest, AuditLogListsNewestFirstAndOnlyAsManyAsAsked)
{
    for (int i = 1; i <= 5; ++i)
        ASSERT_TRUE(m_store->appendAudit({"", "trainer", "lock", "all", "message " + std::to_string(i)}).ok());
    const auto log = audit(3);
    ASSERT_EQ(log.size(), 3u);
    EXPECT_EQ(log[0].detail, "message 5");
    EXPECT_EQ(log[1].detail, "message 4");
    EXPECT_EQ(log[2].detail, "message 3");
    EXPECT_EQ(audit().size(), 5u);
}

TEST_F(ConsoleStoreTest, AuditEntryWithoutTimeGetsTheCurrentUtcTime)
{
    const QDateTime before = QDateTime::currentDateTimeUtc().addSecs(-1);
    ASSERT_TRUE(m_store->appendAudit({"", "trainer", "unlock", "all", ""}).ok());
    const auto log = audit();
    ASSERT_EQ(log.size(), 1u);
    const QDateTime at = QDateTime::fromString(QString::fromStdString(log[0].at), Qt::ISODateWithMs);
    ASSERT_TRUE(at.isValid()) << log[0].at;
    EXPECT_EQ(at.timeSpec(), Qt::UTC);
    EXPECT_GE(at, before);
    EXPECT_LE(at, QDateTime::currentDateTimeUtc().addSecs(1));
}

TEST_F(ConsoleStoreTest, HostNameIsRemembered)
{
    ASSERT_TRUE(m_store->enrollSeat(m_keyA, "PC 1").ok());
    ASSERT_TRUE(m_store->saveHostName(m_keyA, "classroom-pc-01").ok());
    reopen();
    const auto loaded = seats();
    ASSERT_EQ(loaded.size(), 1u);
    EXPECT_EQ(loaded[0].hostName, "classroom-pc-01");
}
