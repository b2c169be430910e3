// The enrolled-seats file IT staff write by hand: "<public key> [seat name]"
// per line, '#' comments.

#include "common/bus/CurveKeys.h"
#include "teacher-console/core/ConsoleController.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

using namespace classroom;
using classroom::console::parseEnrolledSeats;
using ::testing::HasSubstr;

namespace {

using Entries = std::vector<std::pair<std::string, std::string>>;

}  // namespace

TEST(EnrolledSeats, CommentsAndBlankLinesAreSkippedAndNamesMayHaveSpaces)
{
    const std::string a = bus::CurveKeyPair::generate().publicKey;
    const std::string b = bus::CurveKeyPair::generate().publicKey;
    const std::string c = bus::CurveKeyPair::generate().publicKey;
    const std::string text = "# Room 4, enrolled by IT\n"
                             "\n"
                             "   # indented comment\n" +
                             a + " PC 12 back row\n" +      //
                             "  " + b + "\tPC 13   \r\n" +  // indented, tab, trailing spaces, CRLF
                             c + "\n";                      // no name
    auto entries = parseEnrolledSeats(text, "seats.txt");
    ASSERT_TRUE(entries.ok()) << entries.error();
    EXPECT_EQ(entries.value(), (Entries{{a, "PC 12 back row"}, {b, "PC 13"}, {c, ""}}));
}

TEST(EnrolledSeats, ACommentedOutSeatIsNotEnrolled)
{
    const std::string removed = bus::CurveKeyPair::generate().publicKey;
    const std::string kept = bus::CurveKeyPair::generate().publicKey;
    auto entries = parseEnrolledSeats("#" + removed + " PC 1\n" + kept + " PC 2\n", "seats.txt");
    ASSERT_TRUE(entries.ok()) << entries.error();
    EXPECT_EQ(entries.value(), (Entries{{kept, "PC 2"}}));
}

TEST(EnrolledSeats, BadKeyIsReportedWithFileAndLineNumber)
{
    const std::string good = bus::CurveKeyPair::generate().publicKey;
    auto entries = parseEnrolledSeats("# room 4\n" + good + " PC 1\nnot-a-key PC 2\n", "/etc/classroom/seats.txt");
    ASSERT_FALSE(entries.ok());
    EXPECT_EQ(entries.error(),
              "/etc/classroom/seats.txt:3: 'not-a-key' is not a valid public key (expected 40 Z85 characters)");
}

TEST(EnrolledSeats, KeyMissingOneCharacterIsRefused)
{
    const std::string key = bus::CurveKeyPair::generate().publicKey;
    // The last character goes: dropping the first could leave a '#' in front,
    // which makes the line a comment (a valid key never starts with one).
    auto entries = parseEnrolledSeats(key.substr(0, key.size() - 1) + " PC 1\n", "seats.txt");
    ASSERT_FALSE(entries.ok());
    EXPECT_THAT(entries.error(), HasSubstr("seats.txt:1: "));
}

TEST(EnrolledSeats, HugeGarbageTokenIsCutInTheMessage)
{
    auto entries = parseEnrolledSeats(std::string(5000, 'x') + "\n", "seats.txt");
    ASSERT_FALSE(entries.ok());
    EXPECT_LT(entries.error().size(), 200u);
}

TEST(EnrolledSeats, EmptyFileHasNoSeats)
{
    auto entries = parseEnrolledSeats("", "seats.txt");
    ASSERT_TRUE(entries.ok()) << entries.error();
    EXPECT_TRUE(entries.value().empty());
}
