// The one-time enrollment code: what IT staff type, and the keys both ends
// derive from it.
#include "common/bus/EnrollmentCode.h"

#include <gtest/gtest.h>

#include <set>

namespace classroom::bus {
namespace {

TEST(EnrollmentCode, AGeneratedCodeHasTenUnambiguousCharactersAndReadsBack)
{
    const EnrollmentCode code = EnrollmentCode::generate();
    ASSERT_EQ(code.canonical.size(), EnrollmentCode::kLength);
    EXPECT_EQ(code.canonical.find_first_of("ILOU"), std::string::npos) << code.canonical;
    EXPECT_EQ(code.display().size(), 11u);
    EXPECT_EQ(code.display()[5], '-');
    const auto parsed = EnrollmentCode::parse(code.display());
    ASSERT_TRUE(parsed);
    EXPECT_EQ(parsed->canonical, code.canonical);
}

TEST(EnrollmentCode, GeneratedCodesDoNotRepeat)
{
    std::set<std::string> seen;
    for (int i = 0; i < 2000; ++i)
        seen.insert(EnrollmentCode::generate().canonical);
    EXPECT_EQ(seen.size(), 2000u);  // 2000 draws from 2^50: a repeat means a broken generator
}

TEST(EnrollmentCode, WhatPeopleTypeIsForgiven)
{
    const auto expected = EnrollmentCode::parse("7KQ2M-XW9FD");
    ASSERT_TRUE(expected);
    for (const char* typed : {"7kq2m-xw9fd", "7KQ2MXW9FD", " 7KQ2M XW9FD ", "7-K-Q-2-M-X-W-9-F-D"}) {
        const auto parsed = EnrollmentCode::parse(typed);
        ASSERT_TRUE(parsed) << typed;
        EXPECT_EQ(parsed->canonical, expected->canonical) << typed;
    }
    // O is read as zero, I and L as one.
    EXPECT_EQ(EnrollmentCode::parse("O1ILo-00000")->canonical, EnrollmentCode::parse("01110-00000")->canonical);
}

TEST(EnrollmentCode, AnythingElseIsNotACode)
{
    for (const char* typed : {"", "7KQ2M", "7KQ2M-XW9FD0", "7KQ2M-XW9F", "7KQ2M-XW9F!", "7KQ2M_XW9FD", "7KQ2M-XW9FU",
                              "ÄKQ2M-XW9FD"})
        EXPECT_FALSE(EnrollmentCode::parse(typed)) << typed;
}

TEST(EnrollmentCode, BothEndsDeriveTheSameServerKeysAndDifferentCodesDiffer)
{
    const auto a = EnrollmentCode::parse("7KQ2M-XW9FD");
    const auto sameTypedDifferently = EnrollmentCode::parse("7kq2mxw9fd");
    const auto b = EnrollmentCode::parse("7KQ2M-XW9FE");
    const CurveKeyPair keysA = a->serverKeys();
    EXPECT_TRUE(isValidZ85Key(keysA.publicKey));
    EXPECT_TRUE(isValidZ85Key(keysA.secretKey));
    EXPECT_EQ(keysA.publicKey, sameTypedDifferently->serverKeys().publicKey);
    EXPECT_NE(keysA.publicKey, b->serverKeys().publicKey);
    auto derivedPublic = publicKeyFromSecret(keysA.secretKey);
    ASSERT_TRUE(derivedPublic.ok());
    EXPECT_EQ(derivedPublic.value(), keysA.publicKey);
}

TEST(KeyFingerprint, IsFourGroupsOfFourHexDigitsAndTellsKeysApart)
{
    const CurveKeyPair one = CurveKeyPair::generate();
    const CurveKeyPair two = CurveKeyPair::generate();
    const std::string print = keyFingerprint(one.publicKey);
    ASSERT_EQ(print.size(), 19u);
    for (std::size_t i = 0; i < print.size(); ++i) {
        if (i % 5 == 4)
            EXPECT_EQ(print[i], ':');
        else
            EXPECT_NE(std::string("0123456789abcdef").find(print[i]), std::string::npos) << print;
    }
    EXPECT_EQ(print, keyFingerprint(one.publicKey));
    EXPECT_NE(print, keyFingerprint(two.publicKey));
}

}  // namespace
}  // namespace classroom::bus
