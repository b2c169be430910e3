// Settings files are edited by IT staff with a text editor: every mistake must
// be reported with the file, the line and what was expected.

#include "common/config/ConfigFile.h"

#include <QTemporaryDir>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

using classroom::config::ConfigFile;
using classroom::config::closestKey;
using ::testing::HasSubstr;
using ::testing::Not;

namespace {

const std::vector<std::string> kKeys = {"listen", "offline_after_ms", "log_level", "fullscreen"};

ConfigFile parsed(const std::string& text)
{
    auto config = ConfigFile::parse(text, "console.conf", kKeys);
    EXPECT_TRUE(config.ok()) << config.error();
    return config.ok() ? config.value() : ConfigFile::parse("", "console.conf", kKeys).value();
}

}  // namespace

TEST(ConfigFile, UnknownKeyErrorNamesFileAndLineAndSuggestsTheCloseKey)
{
    auto config = ConfigFile::parse("listen = tcp://*:1\nofline_after_ms = 5000\n", "console.conf", kKeys);
    ASSERT_FALSE(config.ok());
    EXPECT_THAT(config.error(), HasSubstr("console.conf:2: "));
    EXPECT_THAT(config.error(), HasSubstr("unknown key 'ofline_after_ms'"));
    EXPECT_THAT(config.error(), HasSubstr("did you mean 'offline_after_ms'?"));
}

TEST(ConfigFile, UnknownKeyFarFromEveryKnownKeyGetsNoSuggestion)
{
    auto config = ConfigFile::parse("colour_scheme = dark\n", "console.conf", kKeys);
    ASSERT_FALSE(config.ok());
    EXPECT_THAT(config.error(), HasSubstr("console.conf:1: unknown key 'colour_scheme'"));
    EXPECT_THAT(config.error(), Not(HasSubstr("did you mean")));
}

TEST(ConfigFile, ClosestKeyFindsTyposButNotUnrelatedWords)
{
    EXPECT_EQ(closestKey("log_levle", kKeys), "log_level");
    EXPECT_EQ(closestKey("Listen", kKeys), "listen");
    EXPECT_EQ(closestKey("database_password", kKeys), std::nullopt);
}

TEST(ConfigFile, IntegerThatIsNotANumberNamesTheKeyTheLineAndTheRange)
{
    const ConfigFile config = parsed("\noffline_after_ms = 12x\n");
    auto value = config.integer("offline_after_ms", 3000, 500, 600000);
    ASSERT_FALSE(value.ok());
    EXPECT_EQ(value.error(),
              "console.conf:2: key 'offline_after_ms': expected a whole number from 500 to 600000, got '12x'");
}

TEST(ConfigFile, IntegerOutOfRangeOrNegativeOrEmptyIsRefused)
{
    for (const std::string bad : {"100", "600001", "-5", "", "1e3", "1 000", "99999999999999999999"}) {
        const ConfigFile config = parsed("offline_after_ms = " + bad + "\n");
        EXPECT_FALSE(config.integer("offline_after_ms", 3000, 500, 600000).ok()) << "accepted '" << bad << "'";
    }
}

TEST(ConfigFile, IntegerWithinRangeIsReadAndAMissingKeyGivesTheDefault)
{
    const ConfigFile config = parsed("offline_after_ms = 500\n");
    auto value = config.integer("offline_after_ms", 3000, 500, 600000);
    ASSERT_TRUE(value.ok()) << value.error();
    EXPECT_EQ(value.value(), 500);
    auto fallback = parsed("").integer("offline_after_ms", 3000, 500, 600000);
    ASSERT_TRUE(fallback.ok());
    EXPECT_EQ(fallback.value(), 3000);
}

TEST(ConfigFile, BooleanAcceptsTheUsualSpellingsAndExplainsAnythingElse)
{
    for (const std::string yes : {"true", "yes", "on", "1"})
        EXPECT_TRUE(parsed("fullscreen = " + yes).boolean("fullscreen", false).value()) << yes;
    for (const std::string no : {"false", "no", "off", "0"})
        EXPECT_FALSE(parsed("fullscreen = " + no).boolean("fullscreen", true).value()) << no;

    auto bad = parsed("# lock screen\nfullscreen = maybe\n").boolean("fullscreen", true);
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error(), "console.conf:2: key 'fullscreen': expected true or false, got 'maybe'");
}

TEST(ConfigFile, OneOfListsTheAllowedValues)
{
    auto level = parsed("log_level = verbose\n").oneOf("log_level", "info", {"debug", "info", "warn"});
    ASSERT_FALSE(level.ok());
    EXPECT_EQ(level.error(), "console.conf:1: key 'log_level': expected one of debug, info, warn, got 'verbose'");

    auto good = parsed("log_level = warn\n").oneOf("log_level", "info", {"debug", "info", "warn"});
    ASSERT_TRUE(good.ok()) << good.error();
    EXPECT_EQ(good.value(), "warn");
}

TEST(ConfigFile, DuplicateKeyNamesBothLines)
{
    auto config = ConfigFile::parse("listen = a\n\nlisten = b\n", "console.conf", kKeys);
    ASSERT_FALSE(config.ok());
    EXPECT_EQ(config.error(), "console.conf:3: key 'listen' is already set on line 1");
}

TEST(ConfigFile, CommentsBlankLinesAndSpacesAreIgnoredAndLinesStillCountThem)
{
    const std::string text = "# Classroom console settings\n"
                             "\n"
                             "   \t\n"
                             "    # indented comment\n"
                             "  listen   =   tcp://*:47300  \r\n"
                             "log_level=debug\n";
    const ConfigFile config = parsed(text);
    EXPECT_EQ(config.text("listen", ""), "tcp://*:47300");
    EXPECT_EQ(config.text("log_level", ""), "debug");
    EXPECT_FALSE(config.has("offline_after_ms"));
    EXPECT_EQ(config.where("listen"), "console.conf:5: key 'listen': ");
}

TEST(ConfigFile, ValueMayContainEqualsSignsAndMayBeEmpty)
{
    const ConfigFile config = parsed("listen = tcp://a=b\nlog_level =\n");
    EXPECT_EQ(config.text("listen", ""), "tcp://a=b");
    EXPECT_TRUE(config.has("log_level"));
    EXPECT_EQ(config.text("log_level", "info"), "");
}

TEST(ConfigFile, LineWithoutEqualsSignOrWithoutKeyIsExplained)
{
    auto noEquals = ConfigFile::parse("listen tcp://*:1\n", "console.conf", kKeys);
    ASSERT_FALSE(noEquals.ok());
    EXPECT_EQ(noEquals.error(), "console.conf:1: expected 'key = value', got 'listen tcp://*:1'");

    auto noKey = ConfigFile::parse("\n = 5\n", "console.conf", kKeys);
    ASSERT_FALSE(noKey.ok());
    EXPECT_THAT(noKey.error(), HasSubstr("console.conf:2: "));
    EXPECT_THAT(noKey.error(), HasSubstr("no key"));
}

TEST(ConfigFile, MissingFileErrorNamesThePathAndTheReason)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const std::filesystem::path file = std::filesystem::path(dir.path().toStdString()) / "nope.conf";
    auto config = ConfigFile::load(file, kKeys);
    ASSERT_FALSE(config.ok());
    EXPECT_THAT(config.error(), HasSubstr("cannot read settings file " + file.string()));
    EXPECT_THAT(config.error(), HasSubstr("No such file or directory"));
}

TEST(ConfigFile, LoadedFileIsNamedByItsPathInErrors)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const std::filesystem::path file = std::filesystem::path(dir.path().toStdString()) / "console.conf";
    std::ofstream(file) << "# settings\nlisten = tcp://*:1\nlog_levle = debug\n";
    auto config = ConfigFile::load(file, kKeys);
    ASSERT_FALSE(config.ok());
    EXPECT_THAT(config.error(), HasSubstr(file.string() + ":3: unknown key 'log_levle' (did you mean 'log_level'?)"));
}

TEST(ConfigFile, HugeFileIsRefusedAsProbablyTheWrongFile)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const std::filesystem::path file = std::filesystem::path(dir.path().toStdString()) / "big.conf";
    std::ofstream(file) << std::string(300 * 1024, '#');
    auto config = ConfigFile::load(file, kKeys);
    ASSERT_FALSE(config.ok());
    EXPECT_THAT(config.error(), HasSubstr("larger than 256 KiB"));
}
