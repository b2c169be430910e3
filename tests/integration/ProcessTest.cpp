// The real executables, as IT staff run them: separate processes, real files,
// SIGKILL at the worst moment.

#include "tests/support/ChildProgram.h"
#include "tests/support/Wait.h"

#include <QFile>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <fstream>

using namespace classroom::test;

namespace {

QString path(const QTemporaryDir& dir, const char* name)
{
    return dir.filePath(QString::fromUtf8(name));
}

QString printPublicKey(const QStringList& arguments, const char* binary)
{
    QProcess process;
    process.start(QString::fromUtf8(binary), arguments);
    process.waitForFinished(10000);
    return QString::fromUtf8(process.readAllStandardOutput()).trimmed();
}

}  // namespace

TEST(Processes, AgentKilledWhileLockedComesBackLockedAndConvergesAfterTheConsoleReturns)
{
    QTemporaryDir dir;
    const QString agentKey = printPublicKey({QStringLiteral("--print-public-key"), QStringLiteral("--state-dir"), path(dir, "agent")},
                                            CLASSROOM_AGENT_BINARY);
    ASSERT_EQ(agentKey.size(), 40);
    std::ofstream(path(dir, "seats.txt").toStdString()) << agentKey.toStdString() << " PC 1\n";
    const QStringList consoleArguments = {QStringLiteral("--headless"), QStringLiteral("--data-dir"), path(dir, "console"),
                                          QStringLiteral("--enrolled-seats"), path(dir, "seats.txt")};

    auto console = std::make_unique<Program>(QString::fromUtf8(CLASSROOM_CONSOLE_BINARY),
                                             consoleArguments + QStringList{QStringLiteral("--listen"), QStringLiteral("tcp://127.0.0.1:0")});
    ASSERT_TRUE(console->waitForOutput(QStringLiteral("Console ready on"))) << console->err().toStdString();
    const auto match = QRegularExpression(QStringLiteral("Console ready on (tcp://127.0.0.1:\\d+)")).match(console->out());
    ASSERT_TRUE(match.hasMatch());
    const QString endpoint = match.captured(1);
    const QStringList agentArguments = {QStringLiteral("--headless"), QStringLiteral("--state-dir"), path(dir, "agent"),
                                        QStringLiteral("--console"), endpoint, QStringLiteral("--console-key"),
                                        path(dir, "console/console.key.pub")};

    auto agent = std::make_unique<Program>(QString::fromUtf8(CLASSROOM_AGENT_BINARY), agentArguments);
    ASSERT_TRUE(console->waitForOutput(QStringLiteral("PC 1 is online")));
    console->write(QStringLiteral("lock Hands off the keyboard"));
    ASSERT_TRUE(console->waitForOutput(QStringLiteral("PC 1 confirmed locked")));

    // Both die at once: the PC must not come back open.
    agent->killHard();
    console->killHard();
    agent = std::make_unique<Program>(QString::fromUtf8(CLASSROOM_AGENT_BINARY), agentArguments);
    ASSERT_TRUE(agent->waitForOutput(QStringLiteral("screen locked: \"Hands off the keyboard\"")))
        << agent->err().toStdString();
    EXPECT_TRUE(agent->err().contains(QStringLiteral("locking again before connecting")));
    EXPECT_FALSE(agent->err().contains(QStringLiteral("connected to the console")));

    console = std::make_unique<Program>(QString::fromUtf8(CLASSROOM_CONSOLE_BINARY),
                                        consoleArguments + QStringList{QStringLiteral("--listen"), endpoint});
    ASSERT_TRUE(console->waitForOutput(QStringLiteral("PC 1 is online"))) << console->err().toStdString();
    ASSERT_TRUE(waitUntil([&] {
        console->write(QStringLiteral("seats"));
        return console->waitForOutput(QStringLiteral("online    Locked"), 500ms);
    }));
    console->write(QStringLiteral("unlock"));
    ASSERT_TRUE(console->waitForOutput(QStringLiteral("PC 1 confirmed unlocked")));
    ASSERT_TRUE(agent->waitForOutput(QStringLiteral("screen unlocked")));
}

TEST(Processes, ASettingsFileWithATypoStopsTheProgramWithFileLineAndSuggestion)
{
    QTemporaryDir dir;
    std::ofstream(path(dir, "agent.conf").toStdString()) << "# agent settings\nconsole = tcp://10.0.0.1:47300\nheartbeat_intervall_ms = 500\n";
    Program agent(QString::fromUtf8(CLASSROOM_AGENT_BINARY),
                  {QStringLiteral("--headless"), QStringLiteral("--config"), path(dir, "agent.conf")});
    EXPECT_EQ(agent.waitForExit(), 2);
    EXPECT_TRUE(agent.err().contains(QStringLiteral("agent.conf:3: unknown key 'heartbeat_intervall_ms' (did you mean 'heartbeat_interval_ms'?)")))
        << agent.err().toStdString();

    std::ofstream(path(dir, "console.conf").toStdString()) << "offline_after_ms = soon\n";
    Program console(QString::fromUtf8(CLASSROOM_CONSOLE_BINARY),
                    {QStringLiteral("--headless"), QStringLiteral("--config"), path(dir, "console.conf")});
    EXPECT_EQ(console.waitForExit(), 2);
    EXPECT_TRUE(console.err().contains(QStringLiteral("console.conf:1: key 'offline_after_ms': expected a whole number")))
        << console.err().toStdString();
}

// The packages put settings in /etc/classroom and the programs read them
// without being told; CLASSROOM_CONFIG_DIR stands in for /etc/classroom here.
TEST(Processes, TheSystemSettingsFileIsReadWhenNoneIsNamedOnTheCommandLine)
{
    QTemporaryDir dir;
    std::ofstream(path(dir, "agent.conf").toStdString()) << "state_dir = " << path(dir, "state").toStdString()
                                                         << "\nconsle = tcp://10.0.0.1:47300\n";
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("CLASSROOM_CONFIG_DIR"), dir.path());
    Program agent(QString::fromUtf8(CLASSROOM_AGENT_BINARY), {QStringLiteral("--headless")}, environment);
    EXPECT_EQ(agent.waitForExit(), 2);
    EXPECT_TRUE(agent.err().contains(path(dir, "agent.conf") +
                                     QStringLiteral(":2: unknown key 'consle' (did you mean 'console'?)")))
        << agent.err().toStdString();

    // Fixed, the agent takes its state directory from there.
    std::ofstream(path(dir, "agent.conf").toStdString()) << "state_dir = " << path(dir, "state").toStdString() << "\n";
    Program keys(QString::fromUtf8(CLASSROOM_AGENT_BINARY), {QStringLiteral("--print-public-key")}, environment);
    EXPECT_EQ(keys.waitForExit(), 0) << keys.err().toStdString();
    EXPECT_TRUE(QFile::exists(path(dir, "state/agent.key.pub")));

    // An explicit --config wins over the system file.
    std::ofstream(path(dir, "other.conf").toStdString()) << "log_level = loud\n";
    Program other(QString::fromUtf8(CLASSROOM_AGENT_BINARY),
                  {QStringLiteral("--headless"), QStringLiteral("--config"), path(dir, "other.conf")}, environment);
    EXPECT_EQ(other.waitForExit(), 2);
    EXPECT_TRUE(other.err().contains(QStringLiteral("other.conf:1"))) << other.err().toStdString();
}

// An agent whose console now has another key (replaced, or an impostor on
// the console's address) refuses it and says so, like ssh on a changed host key.
TEST(Processes, AnAgentRefusesAConsoleWhoseKeyChangedAndSaysWhatToDo)
{
    QTemporaryDir dir;
    const QString trusted = printPublicKey({QStringLiteral("--print-public-key"), QStringLiteral("--data-dir"),
                                            path(dir, "old-console")},
                                           CLASSROOM_CONSOLE_BINARY);
    ASSERT_EQ(trusted.size(), 40);
    Program console(QString::fromUtf8(CLASSROOM_CONSOLE_BINARY),
                    {QStringLiteral("--headless"), QStringLiteral("--data-dir"), path(dir, "new-console"),
                     QStringLiteral("--listen"), QStringLiteral("tcp://127.0.0.1:0")});
    ASSERT_TRUE(console.waitForOutput(QStringLiteral("Console ready on tcp://127.0.0.1:")));
    const QString endpoint = QRegularExpression(QStringLiteral("tcp://127\\.0\\.0\\.1:\\d+")).match(console.out()).captured(0);
    ASSERT_FALSE(endpoint.isEmpty()) << console.out().toStdString();

    Program agent(QString::fromUtf8(CLASSROOM_AGENT_BINARY),
                  {QStringLiteral("--headless"), QStringLiteral("--state-dir"), path(dir, "agent"), QStringLiteral("--console"),
                   endpoint, QStringLiteral("--console-key"), trusted});
    ASSERT_TRUE(agent.waitForOutput(QStringLiteral("did not prove the key this computer trusts"))) << agent.err().toStdString();
    EXPECT_TRUE(agent.err().contains(QStringLiteral("--replace-console-key")));
    EXPECT_FALSE(agent.err().contains(QStringLiteral("connected to the console")));
    EXPECT_FALSE(console.out().contains(QStringLiteral("is online")));
}

TEST(Processes, AnAgentWithoutTheConsoleKeySaysWhatIsMissing)
{
    QTemporaryDir dir;
    Program agent(QString::fromUtf8(CLASSROOM_AGENT_BINARY),
                  {QStringLiteral("--headless"), QStringLiteral("--state-dir"), path(dir, "agent"),
                   QStringLiteral("--console-key"), QStringLiteral("not-a-key")});
    EXPECT_EQ(agent.waitForExit(), 2);
    EXPECT_TRUE(agent.err().contains(QStringLiteral("cannot read public key file not-a-key"))) << agent.err().toStdString();
}
