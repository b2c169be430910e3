// agent.conf, as IT staff write it: every mistake names file, line and key.

#include "student-agent/core/AgentSettings.h"

#include <QTemporaryDir>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

using namespace classroom::agent;
using ::testing::HasSubstr;
namespace fs = std::filesystem;

namespace {

class AgentSettingsTest : public ::testing::Test {
protected:
    void SetUp() override { ASSERT_TRUE(m_dir.isValid()); }
    fs::path write(const std::string& text)
    {
        const fs::path file = fs::path(m_dir.path().toStdString()) / "agent.conf";
        std::ofstream(file) << text;
        return file;
    }
    QTemporaryDir m_dir;
};

}  // namespace

TEST_F(AgentSettingsTest, EveryKeyIsReadOverTheDefaults)
{
    const fs::path file = write("# classroom PC 12\n"
                                "console = tcp://10.20.0.1:47300\n"
                                "console_key = /etc/classroom/console.pub\n"
                                "state_dir = /var/lib/classroom-agent\n"
                                "heartbeat_interval_ms = 500\n"
                                "log_level = warn\n"
                                "log_file = /var/log/classroom/agent.log\n");
    auto settings = loadAgentSettings(file, AgentSettings{});
    ASSERT_TRUE(settings.ok()) << settings.error();
    EXPECT_EQ(settings.value().consoleEndpoint, "tcp://10.20.0.1:47300");
    EXPECT_EQ(settings.value().consolePublicKey, "/etc/classroom/console.pub");
    EXPECT_EQ(settings.value().databaseFile(), "/var/lib/classroom-agent/agent.db");
    EXPECT_EQ(settings.value().secretKeyFile(), "/var/lib/classroom-agent/agent.key");
    EXPECT_EQ(settings.value().heartbeatInterval, std::chrono::milliseconds(500));
    EXPECT_EQ(settings.value().log.level, "warn");
    EXPECT_EQ(settings.value().log.file, "/var/log/classroom/agent.log");
}

TEST_F(AgentSettingsTest, AnEmptyFileKeepsTheDefaults)
{
    AgentSettings defaults;
    defaults.hostName = "pc-07";
    auto settings = loadAgentSettings(write("\n# nothing set\n"), defaults);
    ASSERT_TRUE(settings.ok()) << settings.error();
    EXPECT_EQ(settings.value().consoleEndpoint, "");  // from the enrollment
    EXPECT_EQ(settings.value().heartbeatInterval, std::chrono::milliseconds(1000));
    EXPECT_EQ(settings.value().hostName, "pc-07");
}

TEST_F(AgentSettingsTest, AConsoleAddressThatIsNotTcpIsRefused)
{
    const fs::path file = write("console = 10.20.0.1:47300\n");
    auto settings = loadAgentSettings(file, AgentSettings{});
    ASSERT_FALSE(settings.ok());
    EXPECT_EQ(settings.error(), file.string() + ":1: key 'console': expected tcp://HOST:PORT, got '10.20.0.1:47300'");
}

TEST_F(AgentSettingsTest, AHeartbeatOutsideItsRangeIsRefused)
{
    for (const char* value : {"10", "600000", "fast"}) {
        const fs::path file = write(std::string("\n\nheartbeat_interval_ms = ") + value + "\n");
        auto settings = loadAgentSettings(file, AgentSettings{});
        ASSERT_FALSE(settings.ok()) << value;
        EXPECT_THAT(settings.error(), HasSubstr(file.string() + ":3: key 'heartbeat_interval_ms'"));
        EXPECT_THAT(settings.error(), HasSubstr("from 100 to 60000"));
    }
}

TEST_F(AgentSettingsTest, AMisspelledKeyIsRefusedWithASuggestion)
{
    const fs::path file = write("console = tcp://10.20.0.1:47300\nconsole_kye = /etc/classroom/console.pub\n");
    auto settings = loadAgentSettings(file, AgentSettings{});
    ASSERT_FALSE(settings.ok());
    EXPECT_THAT(settings.error(), HasSubstr(file.string() + ":2: unknown key 'console_kye'"));
    EXPECT_THAT(settings.error(), HasSubstr("did you mean 'console_key'"));
}

TEST_F(AgentSettingsTest, AMissingFileIsReportedByName)
{
    const fs::path missing = fs::path(m_dir.path().toStdString()) / "nope.conf";
    auto settings = loadAgentSettings(missing, AgentSettings{});
    ASSERT_FALSE(settings.ok());
    EXPECT_THAT(settings.error(), HasSubstr(missing.string()));
}

TEST_F(AgentSettingsTest, AnUnknownLogLevelListsTheAllowedOnes)
{
    const fs::path file = write("log_level = loud\n");
    auto settings = loadAgentSettings(file, AgentSettings{});
    ASSERT_FALSE(settings.ok());
    EXPECT_THAT(settings.error(), HasSubstr("key 'log_level'"));
    EXPECT_THAT(settings.error(), HasSubstr("debug"));
}
