// The content id names the exact bytes of a bundle, and each chunk hash lets a
// receiver check a piece on its own: every hash must be the SHA-256 of exactly
// its slice of the file, and the packed list must round-trip through the wire.

#include "common/module/ChunkIndex.h"

#include <QTemporaryDir>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <limits>
#include <string>
#include <vector>

using classroom::module::ChunkIndex;
using classroom::module::indexFile;
using classroom::module::isContentId;
using classroom::module::kChunkBytes;
using classroom::module::Sha256;
using classroom::module::sha256;
using classroom::module::toHex;
using ::testing::HasSubstr;
namespace fs = std::filesystem;

namespace {

std::span<const std::uint8_t> bytesOf(const std::string& text)
{
    return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

// Bytes that differ from chunk to chunk, so a hash of the wrong slice cannot
// match by accident.
std::vector<std::uint8_t> patterned(std::size_t size)
{
    std::vector<std::uint8_t> data(size);
    std::uint32_t state = 12345;
    for (auto& byte : data) {
        state = state * 1103515245u + 12345u;
        byte = static_cast<std::uint8_t>(state >> 16);
    }
    return data;
}

class ChunkIndexFile : public ::testing::Test {
protected:
    fs::path write(const std::vector<std::uint8_t>& data, const std::string& name = "bundle.tar")
    {
        const fs::path path = fs::path(m_temp.path().toStdString()) / name;
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(data.data()), static_cast<std::streamsize>(data.size()));
        return path;
    }

    // Indexes `data` with chunks of `chunkBytes` and checks every chunk hash
    // against the SHA-256 of its own slice.
    ChunkIndex indexAndCheckSlices(const std::vector<std::uint8_t>& data, std::uint32_t chunkBytes)
    {
        const auto result = indexFile(write(data), chunkBytes);
        EXPECT_TRUE(result.ok()) << result.error();
        if (!result.ok())
            return {};
        const ChunkIndex& index = result.value();
        EXPECT_EQ(index.totalBytes, data.size());
        EXPECT_EQ(index.chunkBytes, chunkBytes);
        for (std::uint32_t i = 0; i < index.chunkCount(); ++i) {
            const std::size_t start = static_cast<std::size_t>(i) * chunkBytes;
            const std::span<const std::uint8_t> slice(data.data() + start, index.lengthOf(i));
            EXPECT_EQ(index.chunks[i], sha256(slice)) << "chunk " << i;
        }
        return index;
    }

    QTemporaryDir m_temp;
};

}  // namespace

// --- hashing and hex ---------------------------------------------------------

TEST(ChunkIndex, Sha256MatchesTheNistVectors)
{
    EXPECT_EQ(toHex(sha256(bytesOf(""))), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(toHex(sha256(bytesOf("abc"))), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(toHex(sha256(bytesOf("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"))),
              "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(ChunkIndex, ToHexWritesTwoLowerCaseDigitsPerByte)
{
    const std::vector<std::uint8_t> bytes{0x00, 0x01, 0x0f, 0x10, 0xab, 0xff};
    EXPECT_EQ(toHex(bytes), "00010f10abff");
    EXPECT_EQ(toHex({}), "");
}

TEST(ChunkIndex, IsContentIdAcceptsOnlySixtyFourLowerCaseHexDigits)
{
    const std::string id = toHex(sha256(bytesOf("abc")));
    ASSERT_EQ(id.size(), 64u);
    EXPECT_TRUE(isContentId(id));
    EXPECT_TRUE(isContentId(std::string(64, '0')));
    EXPECT_TRUE(isContentId(std::string(64, 'f')));

    std::string upper = id;
    upper[0] = 'B';
    EXPECT_FALSE(isContentId(upper));
    EXPECT_FALSE(isContentId(std::string(64, 'A')));
    EXPECT_FALSE(isContentId(id.substr(0, 63)));
    EXPECT_FALSE(isContentId(id + "0"));
    EXPECT_FALSE(isContentId(""));
    std::string notHex = id;
    notHex[10] = 'g';
    EXPECT_FALSE(isContentId(notHex));
    notHex[10] = '/';
    EXPECT_FALSE(isContentId(notHex));
    EXPECT_FALSE(isContentId("../" + id.substr(3)));
}

// --- indexing files ----------------------------------------------------------

TEST_F(ChunkIndexFile, AnEmptyFileHasNoChunks)
{
    const ChunkIndex index = indexAndCheckSlices({}, 1000);
    EXPECT_EQ(index.chunkCount(), 0u);
    EXPECT_EQ(index.totalBytes, 0u);
    EXPECT_EQ(index.lengthOf(0), 0u);
    EXPECT_TRUE(isContentId(index.contentId()));
}

TEST_F(ChunkIndexFile, AOneByteFileHasOneChunkOfOneByte)
{
    const ChunkIndex index = indexAndCheckSlices({0x42}, 1000);
    ASSERT_EQ(index.chunkCount(), 1u);
    EXPECT_EQ(index.lengthOf(0), 1u);
    EXPECT_EQ(index.lengthOf(1), 0u);
    const std::vector<std::uint8_t> one{0x42};
    EXPECT_EQ(index.chunks[0], sha256(one));
}

TEST_F(ChunkIndexFile, AFileOfExactlyOneChunkHasOneFullChunk)
{
    const ChunkIndex index = indexAndCheckSlices(patterned(1000), 1000);
    ASSERT_EQ(index.chunkCount(), 1u);
    EXPECT_EQ(index.lengthOf(0), 1000u);
    EXPECT_EQ(index.lengthOf(1), 0u);
}

TEST_F(ChunkIndexFile, OneByteMoreThanAChunkMakesASecondChunkOfOneByte)
{
    const ChunkIndex index = indexAndCheckSlices(patterned(1001), 1000);
    ASSERT_EQ(index.chunkCount(), 2u);
    EXPECT_EQ(index.lengthOf(0), 1000u);
    EXPECT_EQ(index.lengthOf(1), 1u);
}

TEST_F(ChunkIndexFile, SeveralChunksEachHashTheirOwnSliceAndTheLastIsShorter)
{
    const ChunkIndex index = indexAndCheckSlices(patterned(4321), 1000);
    ASSERT_EQ(index.chunkCount(), 5u);
    for (std::uint32_t i = 0; i < 4; ++i)
        EXPECT_EQ(index.lengthOf(i), 1000u);
    EXPECT_EQ(index.lengthOf(4), 321u);
    EXPECT_EQ(index.lengthOf(5), 0u);
    // Different slices, different hashes.
    EXPECT_NE(index.chunks[0], index.chunks[1]);
}

TEST_F(ChunkIndexFile, TheDefaultChunkSizeIsUsedWhenNoneIsGiven)
{
    const auto result = indexFile(write(patterned(kChunkBytes + 10)));
    ASSERT_TRUE(result.ok()) << result.error();
    EXPECT_EQ(result.value().chunkBytes, kChunkBytes);
    EXPECT_EQ(result.value().chunkCount(), 2u);
    EXPECT_EQ(result.value().lengthOf(1), 10u);
}

TEST_F(ChunkIndexFile, ChangingAnySingleByteChangesTheContentId)
{
    const std::vector<std::uint8_t> original = patterned(2500);
    const auto base = indexFile(write(original), 1000);
    ASSERT_TRUE(base.ok()) << base.error();
    const std::string baseId = base.value().contentId();
    ASSERT_TRUE(isContentId(baseId));

    for (std::size_t position : {std::size_t{0}, std::size_t{999}, std::size_t{1000}, std::size_t{2499}}) {
        std::vector<std::uint8_t> changed = original;
        changed[position] ^= 0x01;
        const auto index = indexFile(write(changed, "changed.tar"), 1000);
        ASSERT_TRUE(index.ok()) << index.error();
        EXPECT_NE(index.value().contentId(), baseId) << "byte " << position;
        // Only the chunk holding the byte changes, so a receiver refetches only that one.
        const std::size_t chunk = position / 1000;
        for (std::size_t i = 0; i < index.value().chunks.size(); ++i) {
            if (i == chunk)
                EXPECT_NE(index.value().chunks[i], base.value().chunks[i]) << "byte " << position;
            else
                EXPECT_EQ(index.value().chunks[i], base.value().chunks[i]) << "byte " << position;
        }
    }
}

TEST_F(ChunkIndexFile, IdenticalContentGivesTheSameContentId)
{
    const std::vector<std::uint8_t> data = patterned(3000);
    const auto first = indexFile(write(data, "first.tar"), 1000);
    const auto second = indexFile(write(data, "second.tar"), 1000);
    ASSERT_TRUE(first.ok()) << first.error();
    ASSERT_TRUE(second.ok()) << second.error();
    EXPECT_EQ(first.value().contentId(), second.value().contentId());
}

TEST_F(ChunkIndexFile, TheContentIdDependsOnTheSizeAndChunkSizeNotOnlyTheHashes)
{
    // The same bytes cut differently are a different id (a receiver must not
    // mix chunks of two layouts).
    const std::vector<std::uint8_t> data = patterned(3000);
    const auto small = indexFile(write(data), 1000);
    const auto large = indexFile(write(data), 3000);
    ASSERT_TRUE(small.ok() && large.ok());
    EXPECT_NE(small.value().contentId(), large.value().contentId());

    // Two empty bundles have no chunk hashes at all; the chunk size still counts.
    ChunkIndex defaultChunks;
    ChunkIndex smallChunks;
    smallChunks.chunkBytes = 1000;
    EXPECT_NE(defaultChunks.contentId(), smallChunks.contentId());
}

TEST_F(ChunkIndexFile, AMissingFileFailsWithAMessageNamingIt)
{
    const fs::path missing = fs::path(m_temp.path().toStdString()) / "no-such-bundle.tar";
    const auto result = indexFile(missing, 1000);
    ASSERT_FALSE(result.ok());
    EXPECT_THAT(result.error(), HasSubstr(missing.string()));
    EXPECT_THAT(result.error(), HasSubstr("No such file"));
}

// --- the wire form -----------------------------------------------------------

TEST_F(ChunkIndexFile, PackedHashesRoundTripThroughFromPacked)
{
    const auto result = indexFile(write(patterned(2500)), 1000);
    ASSERT_TRUE(result.ok()) << result.error();
    const ChunkIndex& index = result.value();
    const std::vector<std::uint8_t> packed = index.packedHashes();
    ASSERT_EQ(packed.size(), 3u * 32u);
    EXPECT_TRUE(std::equal(index.chunks[1].begin(), index.chunks[1].end(), packed.begin() + 32));

    const auto back = ChunkIndex::fromPacked(index.totalBytes, index.chunkBytes, packed);
    ASSERT_TRUE(back.has_value());
    EXPECT_EQ(back->totalBytes, index.totalBytes);
    EXPECT_EQ(back->chunkBytes, index.chunkBytes);
    EXPECT_EQ(back->chunks, index.chunks);
    EXPECT_EQ(back->contentId(), index.contentId());
}

TEST(ChunkIndex, FromPackedAcceptsAnEmptyListForAnEmptyBundle)
{
    const auto empty = ChunkIndex::fromPacked(0, 1000, {});
    ASSERT_TRUE(empty.has_value());
    EXPECT_EQ(empty->chunkCount(), 0u);
}

TEST(ChunkIndex, FromPackedRefusesAHashListThatDoesNotFitTheSizes)
{
    const std::vector<std::uint8_t> three(3 * 32, 0xaa);
    // 2500 bytes in chunks of 1000 are three chunks.
    EXPECT_TRUE(ChunkIndex::fromPacked(2500, 1000, three).has_value());
    // One hash too few, one too many.
    EXPECT_FALSE(ChunkIndex::fromPacked(2500, 1000, std::span(three).first(64)).has_value());
    EXPECT_FALSE(ChunkIndex::fromPacked(3001, 1000, three).has_value());
    EXPECT_FALSE(ChunkIndex::fromPacked(2000, 1000, three).has_value());
    // Not a whole number of hashes.
    EXPECT_FALSE(ChunkIndex::fromPacked(2500, 1000, std::span(three).first(95)).has_value());
    const std::vector<std::uint8_t> partial(33, 0xaa);
    EXPECT_FALSE(ChunkIndex::fromPacked(1000, 1000, partial).has_value());
    // Hashes for an empty bundle.
    EXPECT_FALSE(ChunkIndex::fromPacked(0, 1000, std::span(three).first(32)).has_value());
    // Chunks of zero bytes.
    EXPECT_FALSE(ChunkIndex::fromPacked(0, 0, {}).has_value());
    EXPECT_FALSE(ChunkIndex::fromPacked(2500, 0, three).has_value());
}

// BUG (found by this test, not fixed here): fromPacked computes the chunk
// count as (totalBytes + chunkBytes - 1) / chunkBytes, which wraps around for
// a totalBytes near 2^64, so fromPacked(UINT64_MAX, 2, {}) returns an index
// with no chunks for a bundle of 2^64 - 1 bytes instead of nothing. Enable
// when ChunkIndex.cpp is fixed.
TEST(ChunkIndex, FromPackedRefusesASizeWhoseChunkCountWouldOverflow)
{
    constexpr std::uint64_t huge = std::numeric_limits<std::uint64_t>::max();
    EXPECT_FALSE(ChunkIndex::fromPacked(huge, 2, {}).has_value());
    EXPECT_FALSE(ChunkIndex::fromPacked(huge, kChunkBytes, {}).has_value());
}
