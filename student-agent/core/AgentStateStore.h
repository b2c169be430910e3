#pragma once

#include "common/Result.h"
#include "common/storage/Database.h"
#include "protocol/Messages.h"

#include <filesystem>
#include <memory>
#include <vector>

namespace classroom::agent {

// The agent's durable memory (agent.db): the last state it applied. Read at
// start-up before anything touches the network, so a PC that was locked comes
// back locked after a crash, a reboot or a kill, even with the console away.
class AgentStateStore {
public:
    static Result<std::unique_ptr<AgentStateStore>> open(const std::filesystem::path& file);

    protocol::SeatState load();
    Result<void> save(const protocol::SeatState& state);

    // The page-view outbox: a view is kept until the console acknowledges it.
    Result<void> queuePageView(const protocol::PageView& view);
    std::vector<protocol::PageView> pendingPageViews(int limit);
    Result<void> forgetPageViews(const std::vector<std::uint64_t>& viewIds);

    // The answer outbox: an answer is written here (with the learner's own
    // copy in my_answers) before it is sent, and leaves the outbox only when
    // the console acknowledges it as stored or refuses it for good.
    static constexpr int kSending = 0;  // my_answers.status; otherwise a protocol::AnswerStatus (1..3)
    Result<void> queueAnswer(const protocol::Answer& answer);
    std::vector<protocol::Answer> pendingAnswers(int limit);
    std::size_t pendingAnswerCount();
    // `status` is a protocol::AnswerStatus; `detail` the console's reason for a refusal.
    Result<void> answersAcknowledged(const std::vector<std::uint64_t>& answerIds, int status, const std::string& detail);
    struct MyAnswer {
        std::uint32_t question = 0;
        std::uint64_t answerId = 0;
        std::vector<std::uint32_t> choices;
        std::string text;
        int status = kSending;
        std::string detail;
    };
    // The learner's latest answer to each question of a quiz.
    std::vector<MyAnswer> myAnswers(std::uint64_t quizId);

    ~AgentStateStore();

private:
    explicit AgentStateStore(std::unique_ptr<storage::Database> db) : m_db(std::move(db)) {}
    // Prepared once: every answer runs these (parsing SQL each time showed up
    // in profiles of a class answering at full speed).
    storage::Statement& statement(std::unique_ptr<storage::Statement>& slot, const char* sql);

    std::unique_ptr<storage::Database> m_db;
    std::unique_ptr<storage::Statement> m_queueOutbox, m_queueMine, m_forgetAnswer, m_markAnswer, m_myAnswers;
};

}  // namespace classroom::agent
