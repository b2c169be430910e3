// The console without a window: one command per line, answers in plain words.

#include "teacher-console/core/HeadlessConsole.h"

#include <QTemporaryDir>

#include <fstream>
#include "tests/support/Classroom.h"

#include <QSignalSpy>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <unistd.h>

using namespace classroom;
using namespace classroom::test;
using ::testing::HasSubstr;

namespace {

class HeadlessConsoleTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        ASSERT_NE(m_out, nullptr);
        ASSERT_TRUE(console().enrollSeat(m_classroom.agent(0).keys.publicKey, QStringLiteral("alpha")).ok());
        ASSERT_TRUE(console().enrollSeat(m_classroom.agent(1).keys.publicKey, QStringLiteral("beta")).ok());
    }
    void TearDown() override
    {
        if (m_out)
            std::fclose(m_out);
    }

    console::ConsoleController& console() { return m_classroom.console(); }
    const console::Seat& seat(int agent) { return *console().roster().find(m_classroom.agent(agent).keys.publicKey); }
    std::string printed()
    {
        std::fflush(m_out);
        std::rewind(m_out);
        std::string text;
        char buffer[4096];
        std::size_t n;
        while ((n = std::fread(buffer, 1, sizeof buffer, m_out)) > 0)
            text.append(buffer, n);
        return text;
    }
    std::string run(const char* line) { return m_headless.execute(QString::fromUtf8(line)).toStdString(); }

    Classroom m_classroom{2};
    std::FILE* m_out = std::tmpfile();
    console::HeadlessConsole m_headless{m_classroom.console(), m_out};
};

}  // namespace

TEST_F(HeadlessConsoleTest, HelpListsEveryCommand)
{
    const std::string help = run("help");
    for (const char* command : {"seats", "lock [message]", "unlock", "lock-seat NAME", "unlock-seat NAME", "pending",
                                "approve KEY", "quit"})
        EXPECT_THAT(help, HasSubstr(command));
    EXPECT_EQ(printed(), help + "\n") << "what execute() returns is also printed";
}

TEST_F(HeadlessConsoleTest, SeatsListsEverySeatWithItsState)
{
    console().lockSeats({m_classroom.agent(1).keys.publicKey}, QStringLiteral("x"));
    const std::string seats = run("seats");
    EXPECT_THAT(seats, HasSubstr("2 seats, 0 online"));
    EXPECT_THAT(seats, HasSubstr("alpha"));
    EXPECT_THAT(seats, HasSubstr("beta"));
    EXPECT_THAT(seats, HasSubstr("offline"));
    EXPECT_THAT(seats, HasSubstr("Will lock when it connects"));
}

TEST_F(HeadlessConsoleTest, LockLocksEverySeatWithTheRestOfTheLineAsMessage)
{
    EXPECT_EQ(run("lock   Eyes on the trainer, please  "), "Locking all 2 seats.");
    EXPECT_EQ(seat(0).desired, (protocol::SeatState{1, true, "Eyes on the trainer, please"}));
    EXPECT_EQ(seat(1).desired, (protocol::SeatState{1, true, "Eyes on the trainer, please"}));
}

TEST_F(HeadlessConsoleTest, CommandsAreCaseInsensitiveAndLockWorksWithoutMessage)
{
    EXPECT_EQ(run("  LOCK"), "Locking all 2 seats.");
    EXPECT_TRUE(seat(0).desired.locked);
    EXPECT_EQ(seat(0).desired.lockMessage, "");
}

TEST_F(HeadlessConsoleTest, UnlockUnlocksEverySeat)
{
    run("lock Wait");
    EXPECT_EQ(run("unlock"), "Unlocking all 2 seats.");
    EXPECT_FALSE(seat(0).desired.locked);
    EXPECT_FALSE(seat(1).desired.locked);
}

TEST_F(HeadlessConsoleTest, LockSeatLocksOnlyThatSeatFoundByNameInAnyCase)
{
    EXPECT_EQ(run("lock-seat ALPHA Look at me"), "Locking alpha.");
    EXPECT_EQ(seat(0).desired, (protocol::SeatState{1, true, "Look at me"}));
    EXPECT_EQ(seat(1).desired, protocol::SeatState{});
}

TEST_F(HeadlessConsoleTest, LockSeatAcceptsTheSeatKeyInsteadOfItsName)
{
    const std::string line = "lock-seat " + m_classroom.agent(1).keys.publicKey;
    EXPECT_EQ(run(line.c_str()), "Locking beta.");
    EXPECT_TRUE(seat(1).desired.locked);
}

TEST_F(HeadlessConsoleTest, UnlockSeatUnlocksOnlyThatSeat)
{
    run("lock Wait");
    EXPECT_EQ(run("unlock-seat beta"), "Unlocking beta.");
    EXPECT_TRUE(seat(0).desired.locked);
    EXPECT_FALSE(seat(1).desired.locked);
}

TEST_F(HeadlessConsoleTest, UnknownSeatIsNamedAndNothingChanges)
{
    EXPECT_EQ(run("lock-seat gamma Hello"), "There is no seat called 'gamma'. Type 'seats' to list them.");
    EXPECT_EQ(run("unlock-seat"), "Which seat? Type 'seats' to list them.");
    EXPECT_EQ(seat(0).desired, protocol::SeatState{});
    EXPECT_EQ(seat(1).desired, protocol::SeatState{});
    EXPECT_TRUE(console().store().auditLog(10).value().empty());
}

TEST_F(HeadlessConsoleTest, UnknownCommandPointsToHelp)
{
    EXPECT_EQ(run("dance wildly"), "Unknown command 'dance'. Type 'help' for the list.");
    const std::string longCommand = run(std::string(500, 'x').c_str());
    EXPECT_LT(longCommand.size(), 120u) << "a pasted blob is not echoed back whole";
}

TEST_F(HeadlessConsoleTest, EmptyLinePrintsNothing)
{
    EXPECT_EQ(run("   "), "");
    EXPECT_EQ(printed(), "");
}

TEST_F(HeadlessConsoleTest, PendingAndApproveExplainWhenNothingIsWaiting)
{
    EXPECT_EQ(run("pending"), "No computer is waiting for approval.");
    EXPECT_THAT(run("approve ABC PC 9"), HasSubstr("Could not approve: no computer with this key is waiting"));
}

TEST_F(HeadlessConsoleTest, QuitAsksTheApplicationToStop)
{
    QSignalSpy quit(&m_headless, &console::HeadlessConsole::quitRequested);
    EXPECT_EQ(run("quit"), "Stopping the console.");
    EXPECT_EQ(quit.count(), 1);
}

TEST_F(HeadlessConsoleTest, CommandsAreReadLineByLineFromAFileDescriptor)
{
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    m_headless.readCommandsFrom(fds[0]);
    const std::string first = "lock-seat alpha Hel";
    const std::string second = "lo\nlock-seat beta\n";
    ASSERT_EQ(::write(fds[1], first.data(), first.size()), static_cast<ssize_t>(first.size()));
    runEventLoopFor(100ms);  // the console reads the first half on its own
    EXPECT_FALSE(seat(0).desired.locked) << "half a line is not a command yet";
    ASSERT_EQ(::write(fds[1], second.data(), second.size()), static_cast<ssize_t>(second.size()));
    EXPECT_TRUE(waitUntil([&] { return seat(0).desired.locked && seat(1).desired.locked; }, 5s));
    EXPECT_EQ(seat(0).desired.lockMessage, "Hello") << "a line split across reads is one command";
    ::close(fds[1]);
    ::close(fds[0]);
}

// Seats are usually named like "PC 12"; the message follows the name.
TEST_F(HeadlessConsoleTest, LockSeatAcceptsASeatNameWithSpaces)
{
    ASSERT_TRUE(console().enrollSeat(m_classroom.agent(0).keys.publicKey, QStringLiteral("PC 12")).ok());
    EXPECT_EQ(run("lock-seat PC 12 Eyes up"), "Locking PC 12.");
    EXPECT_EQ(seat(0).desired.lockMessage, "Eyes up");
}

TEST_F(HeadlessConsoleTest, ModuleCommandsImportSendAndLeadTheClass)
{
    m_classroom.startAllAgents();
    ASSERT_TRUE(waitUntil([&] { return m_classroom.allOnline(); }));
    EXPECT_THAT(run("modules"), HasSubstr("The library is empty"));
    EXPECT_EQ(run((std::string("import ") + CLASSROOM_SAMPLE_MODULE_DIR).c_str()), "Added to the library.");
    EXPECT_EQ(run((std::string("import ") + CLASSROOM_SAMPLE_MODULE_DIR).c_str()), "This module is already in the library.");
    EXPECT_THAT(run("modules"), HasSubstr("1. Staying safe online (version 1.0), 10 pages"));
    EXPECT_THAT(run("send 2"), HasSubstr("Which module?"));
    EXPECT_EQ(run("send 1"), "Sending \"Staying safe online\" to all 2 seats.");
    ASSERT_TRUE(waitUntil([&] { return seat(0).showsModule() && seat(1).showsModule(); }));
    EXPECT_EQ(run("page 3"), "Moving the class to page 3.");
    ASSERT_TRUE(waitUntil([&] {
        return seat(0).isConverged() && seat(0).confirmed->page == 2 && seat(1).isConverged() && seat(1).confirmed->page == 2;
    }));
    EXPECT_EQ(m_classroom.agent(0).view->page(), 2);
    EXPECT_THAT(run("seats"), HasSubstr("Ready Page 3 of 10"));
    EXPECT_THAT(run("page x"), HasSubstr("Which page?"));
    EXPECT_EQ(run("free on"), "Learners may now move between pages.");
    ASSERT_TRUE(waitUntil([&] { return m_classroom.agent(0).view->freeBrowsing(); }));
    EXPECT_THAT(run("free maybe"), HasSubstr("'free on' or 'free off'"));
    EXPECT_EQ(run("close-module"), "Closing the module on every seat.");
    ASSERT_TRUE(waitUntil([&] { return !m_classroom.agent(0).view->isOpen() && !m_classroom.agent(1).view->isOpen(); }));
}

TEST_F(HeadlessConsoleTest, ABrokenModuleIsNotImportedAndEveryProblemIsListed)
{
    QTemporaryDir broken;
    const std::filesystem::path dir = broken.path().toStdString();
    std::ofstream(dir / "module.txt") << "title: Broken\nlanguage: en\nversion: 1\npage: pages/missing.md\ntitel: x\n";
    const std::string output = run(("import " + dir.string()).c_str());
    EXPECT_THAT(output, HasSubstr("This module has problems and was not added:"));
    EXPECT_THAT(output, HasSubstr("module.txt:4: page 'pages/missing.md' does not exist in the module"));
    EXPECT_THAT(output, HasSubstr("module.txt:5: unknown key 'titel' (did you mean 'title'?)"));
    EXPECT_THAT(run("modules"), HasSubstr("The library is empty"));
}
