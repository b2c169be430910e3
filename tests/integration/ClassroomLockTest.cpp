// The trainer's core promise: every seat follows Lock all / Unlock all, and the
// console knows which seats have confirmed.

#include "tests/support/Classroom.h"

#include <gtest/gtest.h>

using namespace classroom;
using namespace classroom::test;

TEST(ClassroomLock, FiftyAgentsAllConfirmLockAndUnlock)
{
    constexpr int kAgents = 50;
    Classroom classroom(kAgents);
    classroom.startAllAgents();
    ASSERT_TRUE(waitUntil([&] { return classroom.allOnline(); })) << classroom.console().roster().onlineCount()
                                                                   << " of " << kAgents << " online";
    int confirmations = 0;
    QObject::connect(&classroom.console(), &console::ConsoleController::seatConfirmed,
                     [&](const QString&, bool locked, qint64 micros) {
                         EXPECT_GE(micros, 0);
                         confirmations += locked ? 1 : 0;
                     });

    classroom.console().lockAll(QStringLiteral("Eyes on the trainer"));
    ASSERT_TRUE(waitUntil([&] { return classroom.allConverged(true); }));
    EXPECT_EQ(confirmations, kAgents);
    EXPECT_EQ(classroom.console().roster().lockedConfirmedCount(), kAgents);
    for (int i = 0; i < kAgents; ++i)
        EXPECT_EQ(classroom.agent(i).locker->message(), QStringLiteral("Eyes on the trainer"));

    classroom.console().unlockAll();
    ASSERT_TRUE(waitUntil([&] { return classroom.allConverged(false); }));
    EXPECT_EQ(classroom.console().roster().lockedConfirmedCount(), 0);
}

TEST(ClassroomLock, LockSelectedLeavesOtherSeatsAlone)
{
    Classroom classroom(3);
    classroom.startAllAgents();
    ASSERT_TRUE(waitUntil([&] { return classroom.allOnline(); }));
    classroom.console().lockSeats({classroom.agent(1).keys.publicKey}, QStringLiteral("Just you"));
    ASSERT_TRUE(waitUntil([&] { return classroom.agent(1).locked(); }));
    ASSERT_TRUE(waitUntil([&] { return classroom.console().roster().find(classroom.agent(1).keys.publicKey)->isConverged(); }));
    EXPECT_FALSE(classroom.agent(0).locked());
    EXPECT_FALSE(classroom.agent(2).locked());
}

TEST(ClassroomLock, SeatThatConnectsLaterGetsTheLockItMissed)
{
    Classroom classroom(2);
    classroom.startAgent(0);
    ASSERT_TRUE(waitUntil([&] { return classroom.allOnline(); }));
    classroom.console().lockAll(QStringLiteral("Wait"));
    ASSERT_TRUE(waitUntil([&] { return classroom.agent(0).locked(); }));

    classroom.startAgent(1);  // was off when the trainer locked
    ASSERT_TRUE(waitUntil([&] { return classroom.allConverged(true); }));
    EXPECT_EQ(classroom.agent(1).locker->message(), QStringLiteral("Wait"));
}

TEST(ClassroomLock, KilledAgentIsShownLostWithinTheConfiguredTimeAndAudited)
{
    Classroom classroom(1);
    classroom.startAgent(0);
    ASSERT_TRUE(waitUntil([&] { return classroom.allOnline(); }));
    const auto stoppedAt = std::chrono::steady_clock::now();
    classroom.stopAgent(0);
    const auto* seat = classroom.console().roster().find(classroom.agent(0).keys.publicKey);
    ASSERT_TRUE(waitUntil([&] { return !seat->online; }, 10s));
    const auto took = std::chrono::steady_clock::now() - stoppedAt;
    // offlineAfter (1.5 s here, 3 s by default) plus one check interval.
    EXPECT_LT(took, classroom.consoleSettings.offlineAfter + 500ms);
    EXPECT_TRUE(seat->lost);
    const int row = 0;
    EXPECT_EQ(classroom.console().roster().data(classroom.console().roster().index(row, console::SeatRoster::ConnectionColumn)),
              QStringLiteral("Agent lost"));
    auto log = classroom.console().store().auditLog(10);
    ASSERT_TRUE(log.ok()) << log.error();
    ASSERT_FALSE(log.value().empty());
    EXPECT_EQ(log.value()[0].action, "seat_lost");
    EXPECT_EQ(log.value()[0].seats, "PC 1");

    // The restarted agent is an ordinary online seat again.
    classroom.startAgent(0);
    ASSERT_TRUE(waitUntil([&] { return seat->online; }));
    EXPECT_FALSE(seat->lost);
}

TEST(ClassroomLock, EveryTrainerActionIsInTheAuditLog)
{
    Classroom classroom(2);
    classroom.console().lockAll(QStringLiteral("Quiz time"));
    classroom.console().unlockSeats({classroom.agent(0).keys.publicKey});
    auto log = classroom.console().store().auditLog(10);
    ASSERT_TRUE(log.ok()) << log.error();
    ASSERT_EQ(log.value().size(), 2u);
    EXPECT_EQ(log.value()[0].action, "unlock");
    EXPECT_EQ(log.value()[0].seats, "PC 1");
    EXPECT_EQ(log.value()[1].action, "lock");
    EXPECT_EQ(log.value()[1].seats, "all");
    EXPECT_EQ(log.value()[1].detail, "Quiz time");
    EXPECT_EQ(log.value()[1].actor, "test-trainer");
}
