#include "common/module/ChunkIndex.h"

#include <openssl/evp.h>

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>

namespace classroom::module {
namespace {

struct DigestDeleter {
    void operator()(EVP_MD_CTX* context) const { EVP_MD_CTX_free(context); }
};

class Sha256Stream {
public:
    Sha256Stream() : m_context(EVP_MD_CTX_new()) { EVP_DigestInit_ex(m_context.get(), EVP_sha256(), nullptr); }
    void add(const void* data, std::size_t size) { EVP_DigestUpdate(m_context.get(), data, size); }
    Sha256 finish()
    {
        Sha256 out{};
        unsigned int length = 0;
        EVP_DigestFinal_ex(m_context.get(), out.data(), &length);
        return out;
    }

private:
    std::unique_ptr<EVP_MD_CTX, DigestDeleter> m_context;
};

void appendLittleEndian(std::vector<std::uint8_t>& out, std::uint64_t value, int bytes)
{
    for (int i = 0; i < bytes; ++i)
        out.push_back(static_cast<std::uint8_t>(value >> (8 * i)));
}

}  // namespace

Sha256 sha256(std::span<const std::uint8_t> data)
{
    Sha256Stream stream;
    stream.add(data.data(), data.size());
    return stream.finish();
}

std::string toHex(std::span<const std::uint8_t> bytes)
{
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (std::uint8_t byte : bytes) {
        out += kDigits[byte >> 4];
        out += kDigits[byte & 0x0f];
    }
    return out;
}

bool isContentId(const std::string& text)
{
    if (text.size() != kContentIdLength)
        return false;
    for (char c : text)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return false;
    return true;
}

std::uint32_t ChunkIndex::lengthOf(std::uint32_t index) const
{
    const std::uint64_t start = static_cast<std::uint64_t>(index) * chunkBytes;
    if (start >= totalBytes)
        return 0;
    return static_cast<std::uint32_t>(std::min<std::uint64_t>(chunkBytes, totalBytes - start));
}

std::vector<std::uint8_t> ChunkIndex::packedHashes() const
{
    std::vector<std::uint8_t> out;
    out.reserve(chunks.size() * 32);
    for (const Sha256& hash : chunks)
        out.insert(out.end(), hash.begin(), hash.end());
    return out;
}

std::string ChunkIndex::contentId() const
{
    std::vector<std::uint8_t> header;
    appendLittleEndian(header, totalBytes, 8);
    appendLittleEndian(header, chunkBytes, 4);
    Sha256Stream stream;
    stream.add(header.data(), header.size());
    for (const Sha256& hash : chunks)
        stream.add(hash.data(), hash.size());
    const Sha256 id = stream.finish();
    return toHex(id);
}

std::optional<ChunkIndex> ChunkIndex::fromPacked(std::uint64_t totalBytes, std::uint32_t chunkBytes,
                                                 std::span<const std::uint8_t> hashes)
{
    if (chunkBytes == 0 || hashes.size() % 32 != 0)
        return std::nullopt;
    // Written so that a size near 2^64 cannot wrap the count around.
    const std::uint64_t expected = totalBytes / chunkBytes + (totalBytes % chunkBytes != 0 ? 1 : 0);
    if (hashes.size() / 32 != expected)
        return std::nullopt;
    ChunkIndex index;
    index.totalBytes = totalBytes;
    index.chunkBytes = chunkBytes;
    index.chunks.resize(expected);
    for (std::size_t i = 0; i < expected; ++i)
        std::memcpy(index.chunks[i].data(), hashes.data() + i * 32, 32);
    return index;
}

Result<ChunkIndex> indexFile(const std::filesystem::path& file, std::uint32_t chunkBytes)
{
    using R = Result<ChunkIndex>;
    if (chunkBytes == 0)
        return R::failure("the chunk size must not be 0");
    const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return R::failure("cannot read " + file.string() + ": " + std::strerror(errno));
    ChunkIndex index;
    index.chunkBytes = chunkBytes;
    std::vector<std::uint8_t> buffer(chunkBytes);
    for (;;) {
        std::size_t filled = 0;
        while (filled < buffer.size()) {
            const ssize_t n = ::read(fd, buffer.data() + filled, buffer.size() - filled);
            if (n < 0 && errno == EINTR)
                continue;
            if (n < 0) {
                const std::string reason = std::strerror(errno);
                ::close(fd);
                return R::failure("cannot read " + file.string() + ": " + reason);
            }
            if (n == 0)
                break;
            filled += static_cast<std::size_t>(n);
        }
        if (filled == 0)
            break;
        index.chunks.push_back(sha256({buffer.data(), filled}));
        index.totalBytes += filled;
        if (filled < buffer.size())
            break;
    }
    ::close(fd);
    return R::success(std::move(index));
}

}  // namespace classroom::module
