#include "student-agent/core/ModuleReceiver.h"

#include "common/module/ModuleCheck.h"
#include "common/storage/AtomicFile.h"
#include "common/storage/PositionalIo.h"

#include <spdlog/spdlog.h>

#include <fcntl.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>

namespace classroom::agent {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr auto kProgressInterval = std::chrono::milliseconds(250);
// Room kept free on the disk besides the module (twice: the bundle and its
// unpacked files): a full disk breaks the learner's session and the agent's
// own database.
constexpr std::uint64_t kDiskMargin = 64ULL * 1024 * 1024;

// "1.5 MB", "338 KB": never rounded to the limit it is compared with.
std::string megabytes(std::uint64_t bytes)
{
    char text[32];
    if (bytes >= 1024 * 1024)
        std::snprintf(text, sizeof text, "%.1f MB", static_cast<double>(bytes) / (1024.0 * 1024.0));
    else
        std::snprintf(text, sizeof text, "%llu KB", static_cast<unsigned long long>((bytes + 1023) / 1024));
    return text;
}

}  // namespace

ModuleReceiver::ModuleReceiver(fs::path cacheDirectory, std::uint64_t maxModuleBytes, QObject* parent)
    : QObject(parent), m_cache(std::move(cacheDirectory)), m_maxModuleBytes(maxModuleBytes)
{
    m_stallTimer.setInterval(500);
    connect(&m_stallTimer, &QTimer::timeout, this, &ModuleReceiver::checkStall);
}

ModuleReceiver::~ModuleReceiver()
{
    joinWorker();  // its queued report to this object is dropped with it
    closePartial();
}

fs::path ModuleReceiver::partialFile() const
{
    return m_cache / "partial" / (m_id + ".part");
}

fs::path ModuleReceiver::chunksFile() const
{
    return m_cache / "partial" / (m_id + ".chunks");
}

std::optional<ModulePages> ModuleReceiver::readyModule(const std::string& id) const
{
    if (!module::isContentId(id))
        return std::nullopt;
    const fs::path folder = m_cache / id;
    std::ifstream in(folder / module::kManifestFileName);
    if (!in)
        return std::nullopt;
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::vector<module::Problem> problems;
    const module::ModuleManifest manifest = module::parseManifest(text, problems);
    if (!problems.empty()) {
        spdlog::error("the module {} in the cache has a damaged manifest: {}", id, module::describe(problems.front()));
        return std::nullopt;
    }
    ModulePages pages;
    pages.directory = folder;
    pages.title = QString::fromStdString(manifest.title);
    for (const std::string& page : manifest.pages)
        pages.pages.push_back(QString::fromStdString(page));
    return pages;
}

void ModuleReceiver::want(const std::string& id)
{
    if (id == m_id && m_phase != Phase::Idle)
        return;  // already on it, or already failed for this module
    closePartial();
    m_id = id;
    m_missing.clear();
    m_inFlight.clear();
    m_attempts.clear();
    m_doneBytes = 0;
    if (readyModule(id)) {
        m_phase = Phase::Idle;
        sendProgress(protocol::ModuleStatus::Ready);
        Q_EMIT moduleReady(QString::fromStdString(id));
        return;
    }
    spdlog::info("receiving module {}", id);
    m_phase = Phase::WaitingForIndex;
    m_stallTimer.start();
    requestIndex();
}

void ModuleReceiver::stop()
{
    closePartial();
    m_stallTimer.stop();
    m_phase = Phase::Idle;
    m_id.clear();
    m_missing.clear();
    m_inFlight.clear();
}

void ModuleReceiver::connectionUp()
{
    if (m_phase == Phase::WaitingForIndex)
        requestIndex();
    else if (m_phase == Phase::Receiving)
        pump();
}

void ModuleReceiver::connectionDown()
{
    // Requests in flight are lost with the connection: ask again later.
    for (auto it = m_inFlight.rbegin(); it != m_inFlight.rend(); ++it)
        m_missing.push_front(*it);
    m_inFlight.clear();
}

void ModuleReceiver::requestIndex()
{
    m_lastActivity = Clock::now();
    if (send)
        send(protocol::ModuleRequest{m_id});
}

void ModuleReceiver::handleIndex(const protocol::ModuleIndex& message)
{
    if (message.moduleId != m_id || m_phase != Phase::WaitingForIndex)
        return;
    auto index = module::ChunkIndex::fromPacked(message.totalBytes, message.chunkBytes, message.chunkHashes);
    if (!index || index->contentId() != m_id) {
        fail("the console sent a chunk list that does not match the module");
        return;
    }
    if (index->totalBytes > m_maxModuleBytes) {
        fail("the module is " + megabytes(index->totalBytes) + ", more than the " + megabytes(m_maxModuleBytes) +
             " this PC accepts (max_module_mb in agent.conf)");
        return;
    }
    m_index = std::move(*index);
    std::error_code error;
    fs::create_directories(m_cache / "partial", error);
    struct statvfs disk {};
    if (::statvfs((m_cache / "partial").c_str(), &disk) == 0) {
        std::error_code sizeError;
        const auto have = fs::exists(partialFile()) ? fs::file_size(partialFile(), sizeError) : 0;
        const std::uint64_t free = static_cast<std::uint64_t>(disk.f_bavail) * disk.f_frsize;
        const std::uint64_t needed = 2 * m_index.totalBytes + kDiskMargin - std::min<std::uint64_t>(have, m_index.totalBytes);
        if (free < needed) {
            fail("not enough disk space on this PC: the module needs " + megabytes(needed) + ", " + megabytes(free) +
                 " are free");
            return;
        }
    }
    const std::vector<std::uint8_t> hashes = m_index.packedHashes();
    if (auto saved = storage::writeFileAtomically(chunksFile(), std::string(hashes.begin(), hashes.end()), 0600); !saved) {
        fail(saved.error());
        return;
    }
    std::error_code sizeError;
    const bool resuming = fs::exists(partialFile()) && fs::file_size(partialFile(), sizeError) > 0;
    if (!openPartial())
        return;
    // Resume: every chunk already on disk is checked against its hash; only
    // the others are asked for. A new file has nothing worth reading.
    std::vector<std::uint8_t> buffer(m_index.chunkBytes);
    std::uint32_t kept = 0;
    for (std::uint32_t i = 0; i < m_index.chunkCount(); ++i) {
        if (!resuming) {
            m_missing.push_back(i);
            continue;
        }
        const std::uint32_t length = m_index.lengthOf(i);
        const off_t offset = static_cast<off_t>(i) * m_index.chunkBytes;
        if (storage::readAt(m_fd, buffer.data(), length, offset) &&
            module::sha256({buffer.data(), length}) == m_index.chunks[i]) {
            m_doneBytes += length;
            ++kept;
        } else {
            m_missing.push_back(i);
        }
    }
    if (kept > 0)
        spdlog::info("resuming module {}: {} of {} chunks already here", m_id, kept, m_index.chunkCount());
    m_phase = Phase::Receiving;
    sendProgress(protocol::ModuleStatus::Transferring);
    if (m_missing.empty())
        finish();
    else
        pump();
}

bool ModuleReceiver::openPartial()
{
    closePartial();
    m_fd = ::open(partialFile().c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (m_fd < 0 || ::ftruncate(m_fd, static_cast<off_t>(m_index.totalBytes)) != 0) {
        fail("cannot write " + partialFile().string() + ": " + std::strerror(errno));
        return false;
    }
    return true;
}

void ModuleReceiver::closePartial()
{
    if (m_fd >= 0)
        ::close(m_fd);
    m_fd = -1;
}

void ModuleReceiver::pump()
{
    while (m_inFlight.size() < kWindow && !m_missing.empty()) {
        const std::uint32_t next = m_missing.front();
        if (!send || !send(protocol::ChunkRequest{m_id, next}))
            return;  // disconnected: connectionUp() pumps again
        m_missing.pop_front();
        m_inFlight.insert(next);
        m_lastActivity = Clock::now();
    }
}

void ModuleReceiver::handleChunk(const protocol::Chunk& chunk)
{
    if (chunk.moduleId != m_id || m_phase != Phase::Receiving || m_inFlight.erase(chunk.index) == 0)
        return;  // late, duplicate or unasked: ignored
    m_lastActivity = Clock::now();
    m_receivedBytes += chunk.data.size();
    const std::uint32_t length = m_index.lengthOf(chunk.index);
    if (chunk.data.size() != length || module::sha256(chunk.data) != m_index.chunks[chunk.index]) {
        ++m_damagedChunks;
        if (++m_attempts[chunk.index] >= kMaxAttemptsPerChunk) {
            fail("chunk " + std::to_string(chunk.index) + " arrived damaged " + std::to_string(kMaxAttemptsPerChunk) +
                 " times");
            return;
        }
        spdlog::warn("chunk {} of module {} arrived damaged; asking for it again", chunk.index, m_id);
        m_missing.push_front(chunk.index);
        pump();
        return;
    }
    if (!storage::writeAt(m_fd, chunk.data.data(), length, static_cast<off_t>(chunk.index) * m_index.chunkBytes)) {
        fail("cannot write the module to disk: " + std::string(std::strerror(errno)));
        return;
    }
    m_doneBytes += length;
    pump();
    if (m_missing.empty() && m_inFlight.empty()) {
        finish();
        return;
    }
    if (Clock::now() - m_lastProgress >= kProgressInterval)
        sendProgress(protocol::ModuleStatus::Transferring);
}

void ModuleReceiver::checkStall()
{
    if (m_phase == Phase::WaitingForIndex && Clock::now() - m_lastActivity > kStallTimeout) {
        requestIndex();
    } else if (m_phase == Phase::Receiving && !m_inFlight.empty() && Clock::now() - m_lastActivity > kStallTimeout) {
        spdlog::info("no chunk of module {} for {} ms; asking again", m_id, kStallTimeout.count());
        connectionDown();
        pump();
    }
}

void ModuleReceiver::finish()
{
    joinWorker();
    m_phase = Phase::Finishing;
    // The worker owns the descriptor until it reports back.
    const int fd = m_fd;
    m_fd = -1;
    m_worker = std::thread([this, fd, index = m_index, partial = partialFile(), cache = m_cache, id = m_id,
                            max = m_maxModuleBytes] {
        FinishResult result = finishOnDisk(fd, index, partial, cache, id, max);
        QMetaObject::invokeMethod(this, [this, id, result] { finished(id, result); }, Qt::QueuedConnection);
    });
}

ModuleReceiver::FinishResult ModuleReceiver::finishOnDisk(int fd, module::ChunkIndex index, fs::path partial,
                                                          fs::path cache, std::string id, std::uint64_t maxModuleBytes)
{
    FinishResult result;
    ::fsync(fd);
    // Read back from disk: what will be unpacked is what matched the hashes.
    std::vector<std::uint8_t> buffer(index.chunkBytes);
    for (std::uint32_t i = 0; i < index.chunkCount(); ++i) {
        const std::uint32_t length = index.lengthOf(i);
        if (!storage::readAt(fd, buffer.data(), length, static_cast<off_t>(i) * index.chunkBytes) ||
            module::sha256({buffer.data(), length}) != index.chunks[i])
            result.damaged.push_back(i);
    }
    ::close(fd);
    if (!result.damaged.empty())
        return result;
    const fs::path unpacked = cache / (".unpack-" + id);
    std::error_code error;
    fs::remove_all(unpacked, error);
    module::CheckLimits limits;
    limits.files.maxTotalBytes = maxModuleBytes;
    const module::CheckReport report = module::checkModule(partial, unpacked, limits);
    if (!report.ok()) {
        fs::remove(partial, error);
        result.failure = "the module cannot be opened: " + module::describe(report.problems.front());
        return result;
    }
    fs::rename(unpacked, cache / id, error);
    if (error) {
        result.failure = "cannot store the module: " + error.message();
        return result;
    }
    fs::remove(partial, error);
    fs::remove(cache / "partial" / (id + ".chunks"), error);
    return result;
}

void ModuleReceiver::finished(const std::string& id, const FinishResult& result)
{
    joinWorker();
    if (id != m_id || m_phase != Phase::Finishing)
        return;  // the trainer moved on meanwhile; the module stays in the cache
    if (!result.failure.empty()) {
        fail(result.failure);
        return;
    }
    if (!result.damaged.empty()) {
        for (std::uint32_t chunk : result.damaged) {
            spdlog::warn("chunk {} of module {} is damaged on disk; asking for it again", chunk, m_id);
            m_doneBytes -= m_index.lengthOf(chunk);
            m_missing.push_back(chunk);
        }
        m_phase = Phase::Receiving;
        if (openPartial())
            pump();
        return;
    }
    m_stallTimer.stop();
    m_phase = Phase::Idle;
    spdlog::info("module {} received and checked ({} bytes)", m_id, m_index.totalBytes);
    sendProgress(protocol::ModuleStatus::Ready);
    Q_EMIT moduleReady(QString::fromStdString(m_id));
}

void ModuleReceiver::joinWorker()
{
    if (m_worker.joinable())
        m_worker.join();
}

void ModuleReceiver::fail(const std::string& reason)
{
    spdlog::error("module {} cannot be received: {}", m_id, reason);
    closePartial();
    m_stallTimer.stop();
    m_phase = Phase::Failed;
    m_missing.clear();
    m_inFlight.clear();
    sendProgress(protocol::ModuleStatus::Failed, reason);
    Q_EMIT moduleFailed(QString::fromStdString(m_id), QString::fromStdString(reason));
}

void ModuleReceiver::sendProgress(protocol::ModuleStatus status, const std::string& reason)
{
    m_lastProgress = Clock::now();
    if (send)
        send(protocol::ModuleProgress{m_id, status, m_doneBytes, m_index.totalBytes, reason.substr(0, 1000)});
}

}  // namespace classroom::agent
