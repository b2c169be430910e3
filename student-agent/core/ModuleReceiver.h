#pragma once

#include "common/module/ChunkIndex.h"
#include "protocol/Envelope.h"
#include "student-agent/core/ModuleView.h"

#include <QObject>
#include <QTimer>

#include <chrono>
#include <deque>
#include <filesystem>
#include <functional>
#include <map>
#include <set>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace classroom::agent {

// Receives modules into the PC's module cache, addressed by content id:
//   <cache>/<id>/             a module received, verified and unpacked
//   <cache>/partial/<id>.part the bundle being received (sparse, full size)
//   <cache>/partial/<id>.chunks its chunk hashes, once checked against the id
//
// Invariants:
// - A module is shown only from <cache>/<id>/, which exists only after every
//   chunk of the bundle was read back from disk and matched its hash, and the
//   unpacked files passed the same checks as on the console.
// - Flow control is by credit: at most kWindow chunk requests are in flight,
//   so the console never queues more than kWindow chunks for this PC.
// - Nothing is kept in memory beyond one chunk; an interrupted transfer
//   (network cut, agent restart) resumes from the chunks already on disk, each
//   re-checked against its hash; a damaged chunk is asked for again.
class ModuleReceiver : public QObject {
    Q_OBJECT
public:
    static constexpr std::size_t kWindow = 8;
    static constexpr int kMaxAttemptsPerChunk = 5;
    static constexpr std::chrono::milliseconds kStallTimeout{3000};

    ModuleReceiver(std::filesystem::path cacheDirectory, std::uint64_t maxModuleBytes, QObject* parent = nullptr);
    ~ModuleReceiver() override;

    // Sends a message to the console; false while disconnected.
    std::function<bool(protocol::Body)> send;

    // The pages of a module in the cache, or nothing when it is not there
    // (or its manifest cannot be read).
    std::optional<ModulePages> readyModule(const std::string& id) const;

    // Makes sure `id` is (or becomes) ready: starts or resumes receiving it.
    // Calling it again for the same module changes nothing.
    void want(const std::string& id);
    // The console no longer wants a module on this PC: stop asking for chunks
    // (what is on disk stays for a later resume).
    void stop();
    // After a failure, the next want() of the same module tries again (the
    // trainer sent it again).
    void retryIfFailed()
    {
        if (m_phase == Phase::Failed)
            m_phase = Phase::Idle;
    }
    void connectionUp();
    void connectionDown();

    void handleIndex(const protocol::ModuleIndex& index);
    void handleChunk(const protocol::Chunk& chunk);

    const std::string& currentModule() const { return m_id; }
    std::uint64_t damagedChunks() const { return m_damagedChunks; }
    std::uint64_t receivedBytes() const { return m_receivedBytes; }  // this run, for tests and benchmarks

Q_SIGNALS:
    void moduleReady(const QString& id);
    void moduleFailed(const QString& id, const QString& reason);

private:
    // Finishing: the last chunk is in; a worker thread syncs, reads the whole
    // bundle back, unpacks and checks it (seconds for a large module), while
    // the event loop goes on sending heartbeats.
    enum class Phase { Idle, WaitingForIndex, Receiving, Finishing, Failed };

    struct FinishResult {
        std::vector<std::uint32_t> damaged;  // chunks that failed the read-back
        std::string failure;                 // empty: stored in <cache>/<id>/
    };
    static FinishResult finishOnDisk(int fd, module::ChunkIndex index, std::filesystem::path partial,
                                     std::filesystem::path cache, std::string id, std::uint64_t maxModuleBytes);
    void finished(const std::string& id, const FinishResult& result);
    void joinWorker();

    std::filesystem::path partialFile() const;
    std::filesystem::path chunksFile() const;
    void requestIndex();
    void pump();
    void checkStall();
    void finish();
    void fail(const std::string& reason);
    void sendProgress(protocol::ModuleStatus status, const std::string& reason = {});
    bool openPartial();
    void closePartial();

    std::filesystem::path m_cache;
    std::uint64_t m_maxModuleBytes;
    std::string m_id;
    Phase m_phase = Phase::Idle;
    module::ChunkIndex m_index;
    int m_fd = -1;
    std::deque<std::uint32_t> m_missing;
    std::set<std::uint32_t> m_inFlight;
    std::map<std::uint32_t, int> m_attempts;
    std::uint64_t m_doneBytes = 0;
    std::uint64_t m_damagedChunks = 0;
    std::uint64_t m_receivedBytes = 0;
    std::chrono::steady_clock::time_point m_lastActivity{};
    std::chrono::steady_clock::time_point m_lastProgress{};
    QTimer m_stallTimer;
    std::thread m_worker;
};

}  // namespace classroom::agent
