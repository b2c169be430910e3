#include "teacher-console/core/AnswerWriter.h"

namespace classroom::console {

AnswerWriter::AnswerWriter(std::unique_ptr<storage::Database> db, Committed committed)
    : m_db(std::move(db)), m_committed(std::move(committed)), m_thread([this] { run(); })
{
}

AnswerWriter::~AnswerWriter()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_one();
    m_thread.join();
}

void AnswerWriter::submit(std::vector<StoredAnswer> answers)
{
    if (answers.empty())
        return;
    {
        std::lock_guard lock(m_mutex);
        m_queue.insert(m_queue.end(), std::make_move_iterator(answers.begin()), std::make_move_iterator(answers.end()));
    }
    m_wake.notify_one();
}

std::size_t AnswerWriter::pending() const
{
    std::lock_guard lock(m_mutex);
    return m_queue.size() + m_inFlight;
}

std::uint64_t AnswerWriter::commits() const
{
    std::lock_guard lock(m_mutex);
    return m_commits;
}

void AnswerWriter::run()
{
    for (;;) {
        Batch batch;
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [this] { return m_stopping || !m_queue.empty(); });
            if (m_queue.empty())
                return;  // stopping, and everything handed over is stored
            batch.answers.swap(m_queue);
            m_inFlight = batch.answers.size();
        }
        batch.outcome = ConsoleStore::insertAnswers(*m_db, batch.answers);
        {
            std::lock_guard lock(m_mutex);
            m_inFlight = 0;
            ++m_commits;
        }
        if (m_committed)
            m_committed(std::move(batch));
    }
}

}  // namespace classroom::console
