// The agent core's promises to the prison: a locked PC stays locked whatever
// happens to the network, and only the real console (its pinned CURVE key)
// can change what the screen shows.

#include "tests/support/Classroom.h"

#include <gtest/gtest.h>

using namespace classroom;
using namespace classroom::test;

namespace {

// An agent built by hand, so a test can choose which console key it pins.
struct HandMadeAgent {
    HandMadeAgent(Classroom& classroom, int index, const std::string& pinnedConsoleKey)
    {
        const TestAgent& pc = classroom.agent(index);
        auto settings = fastAgentSettings(pc.stateDirectory);
        settings.consoleEndpoint = classroom.endpoint();
        settings.consolePublicKey = pinnedConsoleKey;
        settings.hostName = "hand-made-pc";
        auto store = agent::AgentStateStore::open(settings.databaseFile());
        EXPECT_TRUE(store.ok()) << store.error();
        controller = std::make_unique<agent::AgentController>(classroom.agentContext(), settings, pc.keys,
                                                              std::move(store).value(), locker, view);
    }
    agent::HeadlessScreenLocker locker;
    agent::HeadlessModuleView view;
    std::unique_ptr<agent::AgentController> controller;
};

void saveState(const TestAgent& pc, protocol::SeatState state)
{
    auto store = agent::AgentStateStore::open(pc.stateDirectory / "agent.db");
    ASSERT_TRUE(store.ok()) << store.error();
    ASSERT_TRUE(store.value()->save(state).ok());
}

}  // namespace

TEST(AgentController, ALockedPcLocksAgainBeforeAnyNetworkAndStaysLockedWithNoConsole)
{
    Classroom classroom;
    const int pc = classroom.addAgent(true);
    saveState(classroom.agent(pc), protocol::SeatState{4, true, "Back in five minutes"});
    classroom.stopConsole();

    classroom.startAgent(pc);
    // start() has returned and the event loop has not run once: already locked.
    EXPECT_TRUE(classroom.agent(pc).locked());
    EXPECT_EQ(classroom.agent(pc).locker->message(), QStringLiteral("Back in five minutes"));

    runEventLoopFor(1s);  // reconnect attempts to a console that is not there
    EXPECT_TRUE(classroom.agent(pc).locked());
    EXPECT_FALSE(classroom.agent(pc).controller->isConnected());
}

TEST(AgentController, AnUnlockedPcStaysUnlockedWhenTheConsoleGoesAway)
{
    Classroom classroom(1);
    classroom.startAgent(0);
    ASSERT_TRUE(waitUntil([&] { return classroom.allOnline(); }));
    classroom.stopConsole();
    ASSERT_TRUE(waitUntil([&] { return !classroom.agent(0).controller->isConnected(); }));
    EXPECT_FALSE(classroom.agent(0).locked());
}

TEST(AgentController, ALockedPcStaysLockedWhenTheConsoleGoesAway)
{
    Classroom classroom(1);
    classroom.startAgent(0);
    ASSERT_TRUE(waitUntil([&] { return classroom.allOnline(); }));
    classroom.console().lockAll(QStringLiteral("Test in progress"));
    ASSERT_TRUE(waitUntil([&] { return classroom.allConverged(true); }));

    classroom.stopConsole();
    ASSERT_TRUE(waitUntil([&] { return !classroom.agent(0).controller->isConnected(); }));
    runEventLoopFor(500ms);
    EXPECT_TRUE(classroom.agent(0).locked());
    EXPECT_EQ(classroom.agent(0).locker->message(), QStringLiteral("Test in progress"));
}

TEST(AgentController, AConsoleWithAnotherKeyCannotUnlockOrEvenReachTheAgent)
{
    // The console in this classroom has enrolled the PC and wants it unlocked,
    // but the PC was set up for a different console: an impostor on the LAN.
    Classroom classroom;
    const int pc = classroom.addAgent(true);
    saveState(classroom.agent(pc), protocol::SeatState{1, true, "Locked by the real console"});
    const std::string realConsoleKey = bus::CurveKeyPair::generate().publicKey;

    HandMadeAgent victim(classroom, pc, realConsoleKey);
    victim.controller->start();
    classroom.console().unlockAll();
    runEventLoopFor(1500ms);

    EXPECT_TRUE(victim.locker.isEngaged());
    EXPECT_FALSE(victim.controller->isConnected());
    EXPECT_FALSE(classroom.console().roster().find(classroom.agent(pc).keys.publicKey)->online);

    // Positive control: pinned to this console's key, the same PC joins and unlocks.
    victim.controller.reset();
    HandMadeAgent trusting(classroom, pc, classroom.consoleKeys().publicKey);
    trusting.controller->start();
    EXPECT_TRUE(trusting.locker.isEngaged());
    EXPECT_TRUE(waitUntil([&] { return !trusting.locker.isEngaged(); }));
}

TEST(AgentController, HelloTellsTheConsoleTheHostNameAndAgentVersion)
{
    Classroom classroom(1);
    classroom.startAgent(0);
    ASSERT_TRUE(waitUntil([&] { return classroom.allOnline(); }));
    const console::Seat* seat = classroom.console().roster().find(classroom.agent(0).keys.publicKey);
    ASSERT_NE(seat, nullptr);
    EXPECT_TRUE(waitUntil([&] { return seat->hostName == QStringLiteral("test-pc-1"); }));
    EXPECT_EQ(seat->agentVersion, QStringLiteral(CLASSROOM_VERSION));
}

TEST(AgentController, ANewLockMessageWhileLockedReplacesTheOldOne)
{
    Classroom classroom(1);
    classroom.startAgent(0);
    ASSERT_TRUE(waitUntil([&] { return classroom.allOnline(); }));
    classroom.console().lockAll(QStringLiteral("Quiz starts soon"));
    ASSERT_TRUE(waitUntil([&] { return classroom.allConverged(true); }));
    classroom.console().lockAll(QStringLiteral("Quiz starts now"));
    EXPECT_TRUE(waitUntil([&] {
        return classroom.agent(0).locker->message() == QStringLiteral("Quiz starts now") && classroom.allConverged(true);
    }));
}

TEST(AgentController, AHostNameWithControlCharactersOrTooLongStillReachesTheConsoleCleaned)
{
    // The console's decoder refuses unclean text; the agent must not send it,
    // or the trainer would never see which computer a seat is.
    Classroom classroom;
    const int pc = classroom.addAgent(true);
    HandMadeAgent odd(classroom, pc, classroom.consoleKeys().publicKey);
    odd.controller.reset();
    auto settings = fastAgentSettings(classroom.agent(pc).stateDirectory);
    settings.consoleEndpoint = classroom.endpoint();
    settings.consolePublicKey = classroom.consoleKeys().publicKey;
    settings.hostName = "pc\x1b[2J-" + std::string(200, 'x');
    for (int i = 0; i < 100; ++i)
        settings.hostName += "\xc3\xa9";  // é: the 255-byte cut falls inside one
    auto store = agent::AgentStateStore::open(settings.databaseFile());
    ASSERT_TRUE(store.ok()) << store.error();
    odd.controller = std::make_unique<agent::AgentController>(classroom.agentContext(), settings,
                                                              classroom.agent(pc).keys, std::move(store).value(), odd.locker,
                                                              odd.view);
    odd.controller->start();
    const console::Seat* seat = classroom.console().roster().find(classroom.agent(pc).keys.publicKey);
    ASSERT_TRUE(waitUntil([&] { return !seat->hostName.isEmpty(); }));
    EXPECT_TRUE(seat->hostName.startsWith(QStringLiteral("pc[2J-xxx")));
    EXPECT_LE(seat->hostName.toUtf8().size(), 255);
    EXPECT_EQ(classroom.console().busCounters().undecodable, 0u);
}
