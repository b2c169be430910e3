#pragma once

#include "common/Result.h"

#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <vector>

// What a module's content id is made of. A bundle is cut into fixed-size
// chunks; each chunk has its SHA-256; the content id is the SHA-256 of the
// bundle's size, the chunk size and all chunk hashes in order. So:
// - the id names the exact bytes (a changed byte changes one chunk hash and
//   therefore the id);
// - a receiver that holds the chunk list (checked against the id) can verify
//   each chunk as it arrives and refetch only a bad one, and can check a
//   half-received file after a restart without the sender.
namespace classroom::module {

using Sha256 = std::array<std::uint8_t, 32>;

// 256 KiB: with 8 chunks in flight per seat the console holds at most 2 MiB
// per transferring seat in its queues (60 MiB for 30 seats).
inline constexpr std::uint32_t kChunkBytes = 256 * 1024;
// Content ids are 64 lower-case hex characters.
inline constexpr std::size_t kContentIdLength = 64;

Sha256 sha256(std::span<const std::uint8_t> data);
std::string toHex(std::span<const std::uint8_t> bytes);
bool isContentId(const std::string& text);

struct ChunkIndex {
    std::uint64_t totalBytes = 0;
    std::uint32_t chunkBytes = kChunkBytes;
    std::vector<Sha256> chunks;

    std::uint32_t chunkCount() const { return static_cast<std::uint32_t>(chunks.size()); }
    // Length of chunk `index` (the last one may be shorter).
    std::uint32_t lengthOf(std::uint32_t index) const;
    std::string contentId() const;

    // The chunk hashes as one byte string (32 bytes each), as sent on the wire.
    std::vector<std::uint8_t> packedHashes() const;
    // The inverse; nothing when the sizes do not add up.
    static std::optional<ChunkIndex> fromPacked(std::uint64_t totalBytes, std::uint32_t chunkBytes,
                                                std::span<const std::uint8_t> hashes);
};

// Reads `file` once, in chunks, and hashes each (memory: one chunk).
Result<ChunkIndex> indexFile(const std::filesystem::path& file, std::uint32_t chunkBytes = kChunkBytes);

}  // namespace classroom::module
