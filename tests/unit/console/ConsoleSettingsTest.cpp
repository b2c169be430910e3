// console.conf: every mistake stops the console with file, line, key and why.

#include "teacher-console/core/ConsoleSettings.h"

#include <QTemporaryDir>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

using namespace classroom::console;
using ::testing::HasSubstr;
namespace fs = std::filesystem;

namespace {

class ConsoleSettingsTest : public ::testing::Test {
protected:
    void SetUp() override { ASSERT_TRUE(m_dir.isValid()); }
    fs::path write(const std::string& text)
    {
        const fs::path file = fs::path(m_dir.path().toStdString()) / "console.conf";
        std::ofstream(file) << text;
        return file;
    }
    QTemporaryDir m_dir;
};

}  // namespace

TEST_F(ConsoleSettingsTest, EveryKeyIsReadOverTheDefaults)
{
    const fs::path file = write("# console\n"
                                "listen = tcp://192.168.4.1:47301\n"
                                "data_dir = /var/lib/classroom\n"
                                "enrolled_seats_file = /etc/classroom/seats.txt\n"
                                "offline_after_ms = 5000\n"
                                "resend_after_ms = 200\n"
                                "log_level = debug\n"
                                "log_file = /var/log/classroom/console.log\n");
    auto settings = loadConsoleSettings(file, ConsoleSettings{});
    ASSERT_TRUE(settings.ok()) << settings.error();
    EXPECT_EQ(settings.value().listenEndpoint, "tcp://192.168.4.1:47301");
    EXPECT_EQ(settings.value().dataDirectory, "/var/lib/classroom");
    EXPECT_EQ(settings.value().databaseFile(), "/var/lib/classroom/console.db");
    EXPECT_EQ(settings.value().enrolledSeatsFile, "/etc/classroom/seats.txt");
    EXPECT_EQ(settings.value().offlineAfter, std::chrono::milliseconds(5000));
    EXPECT_EQ(settings.value().resendAfter, std::chrono::milliseconds(200));
    EXPECT_EQ(settings.value().log.level, "debug");
    EXPECT_EQ(settings.value().log.file, "/var/log/classroom/console.log");
}

TEST_F(ConsoleSettingsTest, EmptyFileKeepsTheDefaults)
{
    ConsoleSettings defaults;
    defaults.actor = "trainer";
    auto settings = loadConsoleSettings(write(""), defaults);
    ASSERT_TRUE(settings.ok()) << settings.error();
    EXPECT_EQ(settings.value().listenEndpoint, "tcp://*:47300");
    EXPECT_EQ(settings.value().offlineAfter, std::chrono::milliseconds(2500));  // dead peers seen within 3 s
    EXPECT_EQ(settings.value().actor, "trainer");
}

TEST_F(ConsoleSettingsTest, ListenAddressThatIsNotTcpIsRefused)
{
    const fs::path file = write("\nlisten = udp://*:47300\n");
    auto settings = loadConsoleSettings(file, ConsoleSettings{});
    ASSERT_FALSE(settings.ok());
    EXPECT_EQ(settings.error(),
              file.string() + ":2: key 'listen': expected tcp://ADDRESS:PORT, got 'udp://*:47300'");
}

TEST_F(ConsoleSettingsTest, OfflineAfterOutOfRangeIsRefusedWithTheRange)
{
    for (const char* value : {"100", "600001", "soon"}) {
        const fs::path file = write(std::string("offline_after_ms = ") + value + "\n");
        auto settings = loadConsoleSettings(file, ConsoleSettings{});
        ASSERT_FALSE(settings.ok()) << value;
        EXPECT_EQ(settings.error(), file.string() + ":1: key 'offline_after_ms': expected a whole number from 500 to "
                                                    "600000, got '" + value + "'");
    }
}

TEST_F(ConsoleSettingsTest, TypoInAKeyIsRefusedWithASuggestion)
{
    const fs::path file = write("listen = tcp://*:47300\nofline_after_ms = 5000\n");
    auto settings = loadConsoleSettings(file, ConsoleSettings{});
    ASSERT_FALSE(settings.ok());
    EXPECT_EQ(settings.error(),
              file.string() + ":2: unknown key 'ofline_after_ms' (did you mean 'offline_after_ms'?)");
}

TEST_F(ConsoleSettingsTest, UnknownLogLevelListsTheLevels)
{
    auto settings = loadConsoleSettings(write("log_level = loud\n"), ConsoleSettings{});
    ASSERT_FALSE(settings.ok());
    EXPECT_THAT(settings.error(), HasSubstr("key 'log_level': expected one of trace, debug, info"));
    EXPECT_THAT(settings.error(), HasSubstr("got 'loud'"));
}

TEST_F(ConsoleSettingsTest, ResendIntervalOutOfRangeIsRefused)
{
    auto settings = loadConsoleSettings(write("resend_after_ms = 10\n"), ConsoleSettings{});
    ASSERT_FALSE(settings.ok());
    EXPECT_THAT(settings.error(), HasSubstr("key 'resend_after_ms': expected a whole number from 100 to 60000"));
}

TEST_F(ConsoleSettingsTest, MissingFileIsAnError)
{
    auto settings = loadConsoleSettings(fs::path(m_dir.path().toStdString()) / "absent.conf", ConsoleSettings{});
    ASSERT_FALSE(settings.ok());
    EXPECT_THAT(settings.error(), HasSubstr("cannot read settings file"));
}
