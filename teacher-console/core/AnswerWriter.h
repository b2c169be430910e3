#pragma once

#include "common/Result.h"
#include "common/storage/Database.h"
#include "teacher-console/core/ConsoleStore.h"

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace classroom::console {

// Stores answers with group commit, on its own thread and its own connection
// to console.db: answers handed over while a commit is being synced to disk
// wait and go together in the next transaction. With synchronous=FULL each
// commit costs an fsync (milliseconds on a disk), so one transaction per
// answer would cap the class at a few hundred answers a second; grouped, the
// fsync is shared and the rate follows the load.
//
// Invariant: `committed` is called only after the COMMIT that holds the
// batch returned, so an acknowledgement sent from it may let the agent
// delete its only copy.
class AnswerWriter {
public:
    struct Batch {
        std::vector<StoredAnswer> answers;
        Result<void> outcome = Result<void>::success();  // a failure: nothing of the batch is stored
    };
    // Called on the writer thread after each commit (or failed commit).
    using Committed = std::function<void(Batch batch)>;

    AnswerWriter(std::unique_ptr<storage::Database> db, Committed committed);
    // Stores what was handed over, then stops.
    ~AnswerWriter();
    AnswerWriter(const AnswerWriter&) = delete;
    AnswerWriter& operator=(const AnswerWriter&) = delete;

    // Thread-safe; returns at once.
    void submit(std::vector<StoredAnswer> answers);
    // Answers handed over and not yet committed (for tests and the trainer's status).
    std::size_t pending() const;
    // Commits so far, and answers in them (a measure of how well grouping works).
    std::uint64_t commits() const;

private:
    void run();

    std::unique_ptr<storage::Database> m_db;
    Committed m_committed;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::vector<StoredAnswer> m_queue;
    std::size_t m_inFlight = 0;
    std::uint64_t m_commits = 0;
    bool m_stopping = false;
    std::thread m_thread;  // last: starts after everything above is ready
};

}  // namespace classroom::console
