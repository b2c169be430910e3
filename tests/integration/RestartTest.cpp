// State, not events, and fail secure: restarts on either side end with the
// class where the trainer put it, and a locked PC never opens by itself.

#include "tests/support/Classroom.h"

#include <gtest/gtest.h>

using namespace classroom;
using namespace classroom::test;

TEST(Restart, LockedAgentComesBackLockedBeforeItReconnects)
{
    Classroom classroom(2);
    classroom.startAllAgents();
    ASSERT_TRUE(waitUntil([&] { return classroom.allOnline(); }));
    classroom.console().lockAll(QStringLiteral("Stay seated"));
    ASSERT_TRUE(waitUntil([&] { return classroom.allConverged(true); }));

    // The agent dies while the console is also out of reach.
    classroom.stopAgent(0);
    classroom.stopConsole();
    classroom.startAgent(0);
    EXPECT_TRUE(classroom.agent(0).locked()) << "locked again at start, before any network";
    EXPECT_EQ(classroom.agent(0).locker->message(), QStringLiteral("Stay seated"));
    EXPECT_FALSE(classroom.agent(0).controller->isConnected());

    classroom.startConsole();
    ASSERT_TRUE(waitUntil([&] { return classroom.allOnline(); }));
    ASSERT_TRUE(waitUntil([&] { return classroom.allConverged(true); }));
    classroom.console().unlockAll();
    ASSERT_TRUE(waitUntil([&] { return classroom.allConverged(false); }));
}

TEST(Restart, AgentsReconnectToARestartedConsoleAndConvergeToItsState)
{
    Classroom classroom(3);
    classroom.startAllAgents();
    ASSERT_TRUE(waitUntil([&] { return classroom.allOnline(); }));
    classroom.console().lockAll(QStringLiteral("Back in a minute"));
    ASSERT_TRUE(waitUntil([&] { return classroom.allConverged(true); }));

    classroom.stopConsole();
    // Meanwhile one PC is reinstalled: same key, but it forgot its state.
    classroom.stopAgent(2);
    std::filesystem::remove(classroom.agent(2).stateDirectory / "agent.db");
    classroom.startAgent(2);
    EXPECT_FALSE(classroom.agent(2).locked());

    classroom.startConsole();  // same database, same port
    ASSERT_TRUE(waitUntil([&] { return classroom.allOnline(); }));
    ASSERT_TRUE(waitUntil([&] { return classroom.allConverged(true); }))
        << "the restarted console remembered the lock and re-applied it";
    EXPECT_EQ(classroom.agent(2).locker->message(), QStringLiteral("Back in a minute"));
}

TEST(Restart, LosingTheConsoleNeverUnlocksAPc)
{
    Classroom classroom(1);
    classroom.startAgent(0);
    ASSERT_TRUE(waitUntil([&] { return classroom.allOnline(); }));
    classroom.console().lockAll(QString());
    ASSERT_TRUE(waitUntil([&] { return classroom.allConverged(true); }));
    classroom.stopConsole();
    ASSERT_TRUE(waitUntil([&] { return !classroom.agent(0).controller->isConnected(); }));
    runEventLoopFor(1s);  // well past several heartbeats and reconnect attempts
    EXPECT_TRUE(classroom.agent(0).locked());
}
