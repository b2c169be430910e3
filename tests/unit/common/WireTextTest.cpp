// Text our own programs put on the wire must pass the peer's strict decoder,
// whatever a host name or a pasted message holds.

#include "common/text/WireText.h"
#include "protocol/Utf8.h"

#include <gtest/gtest.h>

using classroom::protocol::isCleanUtf8;
using namespace classroom::text;

TEST(WireText, ControlCharactersAndNonCharactersAreRemoved)
{
    const QString nasty = QStringLiteral("  PC\t12") + QChar(0x1b) + QStringLiteral("[31m") + QChar(0x7f) + QChar(0x85) +
                          QChar(0xfffe) + QStringLiteral(" back row  ");
    const std::string wire = toWireText(nasty, 255, Newlines::Drop);
    EXPECT_EQ(wire, "PC12[31m back row");
    EXPECT_TRUE(isCleanUtf8(wire));
}

TEST(WireText, NewlinesAreKeptOnlyWhenAsked)
{
    const QString text = QStringLiteral("Line one\nLine two");
    EXPECT_EQ(toWireText(text, 100, Newlines::Keep), "Line one\nLine two");
    EXPECT_EQ(toWireText(text, 100, Newlines::Drop), "Line oneLine two");
}

TEST(WireText, CuttingNeverSplitsACharacter)
{
    const QString accents = QString(200, QChar(0xe9));               // é, 2 bytes each
    const QString emoji = QString::fromUtf8("\xF0\x9F\x98\x80").repeated(100);  // 4 bytes each
    for (const QString& text : {accents, emoji}) {
        for (std::size_t limit : {0u, 1u, 2u, 3u, 5u, 255u}) {
            const std::string wire = toWireText(text, limit, Newlines::Drop);
            EXPECT_LE(wire.size(), limit);
            EXPECT_GE(wire.size() + 3, limit);  // only the partial character is dropped
            EXPECT_TRUE(isCleanUtf8(wire)) << limit;
        }
    }
}

TEST(WireText, ALoneSurrogateIsDroppedNotTurnedIntoBrokenUtf8)
{
    const QString text = QStringLiteral("a") + QChar(0xd800) + QStringLiteral("b") + QChar(0xdc00);
    const std::string wire = toWireText(text, 100, Newlines::Drop);
    EXPECT_EQ(wire, "ab");
    EXPECT_TRUE(isCleanUtf8(wire));
}
