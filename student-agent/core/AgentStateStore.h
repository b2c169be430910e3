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

private:
    explicit AgentStateStore(std::unique_ptr<storage::Database> db) : m_db(std::move(db)) {}
    std::unique_ptr<storage::Database> m_db;
};

}  // namespace classroom::agent
