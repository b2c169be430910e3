// Nothing lost, nothing twice: the real teacher-console program killed with
// SIGKILL while a class answers, real agent programs killed before the
// console acknowledged their answers, and a console that stops answering for
// ten seconds. After each, every answer given is in console.db exactly once
// and SQLite's integrity check passes.

#include "tests/support/ChildProgram.h"
#include "tests/support/Classroom.h"

#include <QDir>
#include <QRegularExpression>
#include <QTemporaryDir>

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <csignal>
#include <fstream>
#include <map>
#include <set>

using namespace classroom;
using namespace classroom::test;

namespace {

namespace fs = std::filesystem;

constexpr std::uint32_t kNeverShare = 1;  // sample module: multiple choice, question 2 in the file

// Rows of a query on a database another process may be writing (read only, WAL).
std::vector<std::vector<std::string>> query(const fs::path& file, const std::string& sql)
{
    std::vector<std::vector<std::string>> rows;
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
        ADD_FAILURE() << "cannot open " << file;
        sqlite3_close(db);
        return rows;
    }
    sqlite3_busy_timeout(db, 5000);
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr) != SQLITE_OK)
        ADD_FAILURE() << sqlite3_errmsg(db);
    while (statement && sqlite3_step(statement) == SQLITE_ROW) {
        std::vector<std::string> row;
        for (int i = 0; i < sqlite3_column_count(statement); ++i) {
            const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement, i));
            row.emplace_back(text ? text : "");
        }
        rows.push_back(std::move(row));
    }
    sqlite3_finalize(statement);
    sqlite3_close(db);
    return rows;
}

std::string integrity(const fs::path& file)
{
    const auto rows = query(file, "PRAGMA integrity_check");
    return rows.empty() ? "no answer" : rows[0][0];
}

// answer id -> how many rows hold it, per seat key.
std::map<std::pair<std::string, std::string>, int> storedAnswers(const fs::path& consoleDb)
{
    std::map<std::pair<std::string, std::string>, int> rows;
    for (const auto& row : query(consoleDb, "SELECT seat_key, answer_id FROM answers"))
        ++rows[{row[0], row[1]}];
    return rows;
}

// The real console program with a list of enrolled seats, the sample module
// in its library, listening on `endpoint` (port 0 the first time).
class ConsoleProgram {
public:
    ConsoleProgram(const QTemporaryDir& dir, const std::vector<std::string>& seatKeys) : m_dir(dir)
    {
        std::ofstream seats(path("seats.txt").toStdString());
        for (std::size_t i = 0; i < seatKeys.size(); ++i)
            seats << seatKeys[i] << " PC " << i + 1 << "\n";
    }
    QString path(const char* name) const { return m_dir.filePath(QString::fromUtf8(name)); }
    fs::path database() const { return path("console/console.db").toStdString(); }

    bool start()
    {
        m_program = std::make_unique<Program>(
            QString::fromUtf8(CLASSROOM_CONSOLE_BINARY),
            QStringList{QStringLiteral("--headless"), QStringLiteral("--data-dir"), path("console"),
                        QStringLiteral("--enrolled-seats"), path("seats.txt"), QStringLiteral("--import-module"),
                        QString::fromUtf8(CLASSROOM_SAMPLE_MODULE_DIR), QStringLiteral("--listen"),
                        m_endpoint.isEmpty() ? QStringLiteral("tcp://127.0.0.1:0") : m_endpoint});
        if (!m_program->waitForOutput(QStringLiteral("Console ready on"), 30s))
            return false;
        const auto match = QRegularExpression(QStringLiteral("Console ready on (tcp://127.0.0.1:\\d+)")).match(m_program->out());
        m_endpoint = match.captured(1);
        return match.hasMatch();
    }
    Program& program() { return *m_program; }
    const QString& endpoint() const { return m_endpoint; }
    std::string publicKey() const
    {
        std::ifstream in(path("console/console.key.pub").toStdString());
        std::string key;
        in >> key;
        return key;
    }
    // Runs a command and waits for a line of its answer.
    bool command(const QString& line, const QString& expect)
    {
        m_program->clearOutput();
        m_program->write(line);
        return m_program->waitForOutput(expect, 20s);
    }

private:
    const QTemporaryDir& m_dir;
    std::unique_ptr<Program> m_program;
    QString m_endpoint;
};

agent::HeadlessQuizView& quizViewOf(TestAgent& agent)
{
    return dynamic_cast<agent::HeadlessQuizView&>(agent.controller->quizView());
}

bool allShowQuiz(Classroom& classroom)
{
    for (int i = 0; i < classroom.agentCount(); ++i)
        if (!quizViewOf(classroom.agent(i)).isOpen() || !quizViewOf(classroom.agent(i)).screen().open)
            return false;
    return true;
}

bool outboxesEmpty(Classroom& classroom)
{
    for (int i = 0; i < classroom.agentCount(); ++i)
        if (classroom.agent(i).controller->store().pendingAnswerCount() != 0)
            return false;
    return true;
}

// In-process agents (cores, not programs) of a real console program.
struct ClassWithConsoleProgram {
    explicit ClassWithConsoleProgram(int seats) : classroom(0)
    {
        classroom.stopConsole();
        for (int i = 0; i < seats; ++i)
            classroom.addAgent(false);
        std::vector<std::string> keys;
        for (int i = 0; i < seats; ++i)
            keys.push_back(classroom.agent(i).keys.publicKey);
        console = std::make_unique<ConsoleProgram>(dir, keys);
    }
    // Starts the console, the agents, sends the module and asks a question.
    void startAndAsk()
    {
        ASSERT_TRUE(console->start()) << console->program().err().toStdString();
        classroom.useExternalConsole(console->endpoint().toStdString(), console->publicKey());
        classroom.startAllAgents();
        ASSERT_TRUE(console->command(QStringLiteral("send 1"), QStringLiteral("Sending")));
        ASSERT_TRUE(waitUntil([&] {
            for (int i = 0; i < classroom.agentCount(); ++i)
                if (!classroom.agent(i).view->isOpen())
                    return false;
            return true;
        }, 90s));
        ASSERT_TRUE(console->command(QStringLiteral("ask %1").arg(kNeverShare + 1), QStringLiteral("is on the screens")));
        ASSERT_TRUE(waitUntil([&] { return allShowQuiz(classroom); }, 30s));
    }
    std::uint64_t answer(int seat)
    {
        const std::uint64_t id = classroom.agent(seat).controller->submitAnswer(
            kNeverShare, quiz::Response{{static_cast<std::uint32_t>(seat % 4)}, {}});
        EXPECT_NE(id, 0u) << "seat " << seat << " could not answer";
        given[classroom.agent(seat).keys.publicKey] = id;
        return id;
    }
    // Every answer given is stored once; nothing else is stored.
    void expectEveryAnswerStoredOnce()
    {
        ASSERT_TRUE(waitUntil([&] { return outboxesEmpty(classroom); }, 60s)) << "answers still waiting on the PCs";
        const auto stored = storedAnswers(console->database());
        EXPECT_EQ(stored.size(), given.size());
        for (const auto& [key, id] : given) {
            const auto row = stored.find({key, std::to_string(id)});
            ASSERT_NE(row, stored.end()) << "an answer was lost";
            EXPECT_EQ(row->second, 1) << "an answer was stored twice";
        }
        EXPECT_EQ(integrity(console->database()), "ok");
    }

    QTemporaryDir dir;
    Classroom classroom;
    std::unique_ptr<ConsoleProgram> console;
    std::map<std::string, std::uint64_t> given;
};

}  // namespace

TEST(QuizFaults, TheConsoleKilledWhileFiftySeatsAnswerLosesAndDoublesNothing)
{
    ClassWithConsoleProgram room(50);
    ASSERT_NO_FATAL_FAILURE(room.startAndAsk());
    // 20 answer while it runs, it dies mid-flow, 15 answer while it is dead,
    // it comes back, 15 answer after.
    for (int seat = 0; seat < 20; ++seat)
        room.answer(seat);
    waitUntil([] { return false; }, 30ms);  // some acked, some in flight
    room.console->program().killHard();
    for (int seat = 20; seat < 35; ++seat)
        room.answer(seat);
    ASSERT_TRUE(room.console->start()) << room.console->program().err().toStdString();
    for (int seat = 35; seat < 50; ++seat)
        room.answer(seat);
    room.expectEveryAnswerStoredOnce();
    ASSERT_TRUE(room.console->command(QStringLiteral("tally"), QStringLiteral("50 of 50 answered")))
        << room.console->program().out().toStdString();
}

TEST(QuizFaults, AConsoleSilentForTenSecondsGetsEveryAnswerOnceAfterwards)
{
    ClassWithConsoleProgram room(20);
    ASSERT_NO_FATAL_FAILURE(room.startAndAsk());
    for (int seat = 0; seat < 5; ++seat)
        room.answer(seat);
    // The console stops answering (its socket goes silent) for ten seconds.
    ASSERT_EQ(::kill(static_cast<pid_t>(room.console->program().pid()), SIGSTOP), 0);
    for (int seat = 5; seat < 20; ++seat) {
        room.answer(seat);
        waitUntil([] { return false; }, 700ms);  // 15 x 0.7 s: more than ten seconds of silence
    }
    EXPECT_FALSE(outboxesEmpty(room.classroom));
    ASSERT_EQ(::kill(static_cast<pid_t>(room.console->program().pid()), SIGCONT), 0);
    room.expectEveryAnswerStoredOnce();
}

TEST(QuizFaults, AgentProgramsKilledBeforeTheAckSendTheirAnswersAgainAndTheyAreStoredOnce)
{
    QTemporaryDir dir;
    constexpr int kAgents = 8;
    std::vector<std::string> keys;
    auto agentState = [&](int i) { return dir.filePath(QStringLiteral("agent-%1").arg(i)); };
    for (int i = 0; i < kAgents; ++i) {
        QProcess print;
        print.start(QString::fromUtf8(CLASSROOM_AGENT_BINARY),
                    {QStringLiteral("--print-public-key"), QStringLiteral("--state-dir"), agentState(i)});
        print.waitForFinished(10000);
        keys.push_back(QString::fromUtf8(print.readAllStandardOutput()).trimmed().toStdString());
    }
    ConsoleProgram console(dir, keys);
    ASSERT_TRUE(console.start()) << console.program().err().toStdString();
    auto startAgent = [&](int i) {
        return std::make_unique<Program>(
            QString::fromUtf8(CLASSROOM_AGENT_BINARY),
            QStringList{QStringLiteral("--headless"), QStringLiteral("--demo-auto-answer"), QStringLiteral("--state-dir"),
                        agentState(i), QStringLiteral("--console"), console.endpoint(), QStringLiteral("--console-key"),
                        console.path("console/console.key.pub")});
    };
    std::vector<std::unique_ptr<Program>> agents;
    for (int i = 0; i < kAgents; ++i)
        agents.push_back(startAgent(i));
    ASSERT_TRUE(waitUntil([&] {
        console.program().clearOutput();
        console.program().write(QStringLiteral("seats"));
        return console.program().waitForOutput(QStringLiteral("%1 seats, %1 online").arg(kAgents), 1s);
    }, 30s)) << console.program().out().toStdString();
    ASSERT_TRUE(console.command(QStringLiteral("send 1"), QStringLiteral("Sending")));
    for (auto& agent : agents)
        ASSERT_TRUE(agent->waitForOutput(QStringLiteral("showing page 1"), 60s)) << agent->err().toStdString();
    ASSERT_TRUE(console.command(QStringLiteral("ask %1").arg(kNeverShare + 1), QStringLiteral("is on the screens")));
    // Every PC shows the question (its auto-answer comes 0.3 to 1.8 s later),
    // then the console freezes while they answer: nothing is acknowledged.
    for (auto& agent : agents)
        ASSERT_TRUE(agent->waitForOutput(QStringLiteral("live with 1 question"), 30s)) << agent->err().toStdString();
    ASSERT_EQ(::kill(static_cast<pid_t>(console.program().pid()), SIGSTOP), 0);
    for (auto& agent : agents)
        ASSERT_TRUE(agent->waitForOutput(QStringLiteral("kept; sending"), 30s)) << agent->err().toStdString();
    for (auto& agent : agents)
        agent->killHard();
    ASSERT_EQ(::kill(static_cast<pid_t>(console.program().pid()), SIGCONT), 0);
    // Each PC's answer survived its kill in its outbox (on a slow machine one
    // may have been acknowledged just before the freeze: it must be stored
    // once all the same).
    std::map<std::string, std::string> given;
    int unacknowledged = 0;
    for (int i = 0; i < kAgents; ++i) {
        const fs::path db = agentState(i).toStdString() + "/agent.db";
        const auto mine = query(db, "SELECT answer_id FROM my_answers");
        ASSERT_EQ(mine.size(), 1u) << "agent " << i;
        given[keys[static_cast<std::size_t>(i)]] = mine[0][0];
        unacknowledged += static_cast<int>(query(db, "SELECT 1 FROM answer_outbox").size());
        EXPECT_EQ(integrity(db), "ok");
    }
    EXPECT_GE(unacknowledged, kAgents / 2) << "most answers were waiting for the frozen console";
    for (int i = 0; i < kAgents; ++i)
        agents[static_cast<std::size_t>(i)] = startAgent(i);
    ASSERT_TRUE(waitUntil([&] { return storedAnswers(console.database()).size() >= static_cast<std::size_t>(kAgents); }, 60s));
    // Each PC hears the ack and empties its outbox (agent.db is the agent's
    // alone while it runs: look after a normal stop).
    waitUntil([] { return false; }, 2s);
    for (auto& agent : agents) {
        ::kill(static_cast<pid_t>(agent->pid()), SIGTERM);
        agent->waitForExit();
    }
    for (int i = 0; i < kAgents; ++i)
        EXPECT_TRUE(query(agentState(i).toStdString() + "/agent.db", "SELECT 1 FROM answer_outbox").empty())
            << "agent " << i << " still holds an answer the console stored";
    const auto stored = storedAnswers(console.database());
    EXPECT_EQ(stored.size(), static_cast<std::size_t>(kAgents)) << "the restarted PCs did not answer a second time";
    for (const auto& [key, id] : given) {
        const auto row = stored.find({key, id});
        ASSERT_NE(row, stored.end()) << "an answer was lost";
        EXPECT_EQ(row->second, 1);
    }
    EXPECT_EQ(integrity(console.database()), "ok");
}
