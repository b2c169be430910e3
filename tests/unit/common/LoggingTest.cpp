// Where the programs' logs go: the journal when systemd runs them as a
// service (and only then), a rotating file otherwise when one is set.

#include "common/log/Logging.h"

#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdlib>
#include <fcntl.h>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

using namespace classroom::log;

namespace {

// Restores JOURNAL_STREAM (and the default logger) whatever the test did.
class LoggingTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        if (const char* value = std::getenv("JOURNAL_STREAM"))
            m_saved = value;
    }
    void TearDown() override
    {
        if (m_saved)
            ::setenv("JOURNAL_STREAM", m_saved->c_str(), 1);
        else
            ::unsetenv("JOURNAL_STREAM");
        spdlog::set_default_logger(spdlog::stderr_color_mt("test-" + std::to_string(++m_count)));
    }
    static std::string streamOf(int fd)
    {
        struct stat info{};
        EXPECT_EQ(::fstat(fd, &info), 0);
        return std::to_string(info.st_dev) + ":" + std::to_string(info.st_ino);
    }
    std::optional<std::string> m_saved;
    static inline int m_count = 0;
};

}  // namespace

TEST_F(LoggingTest, StandardErrorIsTheJournalOnlyWhenJournalStreamNamesIt)
{
    ::unsetenv("JOURNAL_STREAM");
    EXPECT_FALSE(stderrIsJournal());

    ::setenv("JOURNAL_STREAM", streamOf(STDERR_FILENO).c_str(), 1);
    EXPECT_TRUE(stderrIsJournal());

    // A child whose stderr was redirected inherits the variable, not the stream.
    QTemporaryDir dir;
    const std::string other = dir.filePath(QStringLiteral("x")).toStdString();
    const int fd = ::open(other.c_str(), O_CREAT | O_WRONLY, 0600);
    ASSERT_GE(fd, 0);
    ::setenv("JOURNAL_STREAM", streamOf(fd).c_str(), 1);
    ::close(fd);
    EXPECT_FALSE(stderrIsJournal());

    ::setenv("JOURNAL_STREAM", "garbage", 1);
    EXPECT_FALSE(stderrIsJournal());
}

TEST_F(LoggingTest, ALogFileIsWrittenAndAnUnknownLevelIsRefused)
{
    QTemporaryDir dir;
    LogOptions options;
    options.file = dir.filePath(QStringLiteral("logs/agent.log")).toStdString();
    ASSERT_TRUE(setupLogging("agent", options).ok());
    spdlog::warn("a line for the file");
    spdlog::default_logger()->flush();
    std::ifstream in(options.file);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_NE(text.find("agent["), std::string::npos) << text;
    EXPECT_NE(text.find("warning: a line for the file"), std::string::npos) << text;

    options.level = "loud";
    auto refused = setupLogging("agent", options);
    ASSERT_FALSE(refused.ok());
    EXPECT_NE(refused.error().find("unknown log level 'loud'"), std::string::npos);
}

TEST_F(LoggingTest, TheUserStateDirectoryFollowsXdgStateHome)
{
    const char* saved = std::getenv("XDG_STATE_HOME");
    const std::string savedValue = saved ? saved : "";
    ::setenv("XDG_STATE_HOME", "/srv/state", 1);
    EXPECT_EQ(userStateDirectory(), std::filesystem::path("/srv/state"));
    ::setenv("XDG_STATE_HOME", "relative/ignored", 1);  // the XDG spec: relative paths are invalid
    EXPECT_EQ(userStateDirectory(), std::filesystem::path(std::getenv("HOME")) / ".local" / "state");
    if (saved)
        ::setenv("XDG_STATE_HOME", savedValue.c_str(), 1);
    else
        ::unsetenv("XDG_STATE_HOME");
}

TEST_F(LoggingTest, ALogFileThatCannotBeWrittenIsReportedAndSkippedNotFatal)
{
    QTemporaryDir dir;
    LogOptions options;
    // A directory where the file should be: no account can open it as a file.
    options.file = dir.filePath(QStringLiteral("agent.log")).toStdString();
    std::filesystem::create_directories(options.file);
    EXPECT_TRUE(setupLogging("agent", options).ok());
    spdlog::info("the program goes on");  // and the logger still works
}
