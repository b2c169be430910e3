// A trainer sends a course module to the class and leads it through the
// pages: real console and agent cores, CURVE over TCP on loopback, real files.

#include "common/module/ChunkIndex.h"
#include "tests/support/Classroom.h"
#include "tests/support/RawClient.h"

#include <gtest/gtest.h>

#include <fstream>
#include <random>

using namespace classroom;
using namespace classroom::test;

namespace {

namespace fs = std::filesystem;

const fs::path kSampleModule = CLASSROOM_SAMPLE_MODULE_DIR;

// A module with a data file of `megabytes` random bytes: many chunks, so a
// transfer can be cut in the middle.
fs::path makeBigModule(const fs::path& where, int megabytes)
{
    fs::create_directories(where / "pages");
    std::ofstream(where / "module.txt") << "title: Big module\nlanguage: en\nversion: 1\npage: pages/01.md\n"
                                           "page: pages/02.md\npage: pages/03.md\n";
    std::ofstream(where / "pages/01.md") << "# One\n\nFirst page.\n";
    std::ofstream(where / "pages/02.md") << "# Two\n\nSecond page.\n";
    std::ofstream(where / "pages/03.md") << "# Three\n\nThird page.\n";
    std::ofstream data(where / "data.bin", std::ios::binary);
    std::mt19937_64 random(42);
    std::vector<std::uint64_t> block(1024);
    for (int i = 0; i < megabytes * 128; ++i) {
        for (auto& word : block)
            word = random();
        data.write(reinterpret_cast<const char*>(block.data()), static_cast<std::streamsize>(block.size() * 8));
    }
    return where;
}

const console::Seat& seatOf(Classroom& classroom, int index)
{
    return *classroom.console().roster().find(classroom.agent(index).keys.publicKey);
}

std::string import(Classroom& classroom, const fs::path& source)
{
    auto imported = classroom.console().importModule(source);
    EXPECT_TRUE(imported.ok()) << imported.error();
    return imported ? imported.value().id : std::string();
}

bool allShow(Classroom& classroom, const std::string& id, int page)
{
    for (int i = 0; i < classroom.agentCount(); ++i) {
        const TestAgent& agent = classroom.agent(i);
        if (!agent.running() || !agent.view->isOpen() || agent.view->page() != page ||
            agent.controller->appliedState().moduleId != id)
            return false;
        const console::Seat& seat = seatOf(classroom, i);
        if (!seat.showsModule() || static_cast<int>(seat.confirmed->page) != page)
            return false;
    }
    return true;
}

}  // namespace

TEST(ModuleBroadcast, TwentySeatsReceiveTheSampleModuleAndOpenItOnPageOne)
{
    Classroom classroom(20);
    classroom.startAllAgents();
    ASSERT_TRUE(waitUntil([&] { return classroom.allOnline(); }));
    const std::string id = import(classroom, kSampleModule);
    ASSERT_TRUE(module::isContentId(id));

    ASSERT_TRUE(classroom.console().sendModule(classroom.console().allSeatKeys(), id).ok());
    ASSERT_TRUE(waitUntil([&] { return allShow(classroom, id, 0); }, 60s));
    for (int i = 0; i < 20; ++i) {
        EXPECT_EQ(classroom.agent(i).view->module().title, QStringLiteral("Staying safe online"));
        EXPECT_GE(classroom.agent(i).view->module().pages.size(), 6u);
        EXPECT_TRUE(fs::exists(classroom.agent(i).stateDirectory / "modules" / id / "module.txt"));
        EXPECT_EQ(classroom.console().roster().moduleText(seatOf(classroom, i)), QStringLiteral("Ready"));
    }
}

TEST(ModuleBroadcast, SendingTheSameModuleAgainCostsNoChunks)
{
    Classroom classroom(3);
    classroom.startAllAgents();
    ASSERT_TRUE(waitUntil([&] { return classroom.allOnline(); }));
    const std::string id = import(classroom, kSampleModule);
    // Importing the same content again adds nothing.
    auto again = classroom.console().importModule(kSampleModule);
    ASSERT_TRUE(again.ok());
    EXPECT_FALSE(again.value().added);
    EXPECT_EQ(again.value().id, id);

    const auto keys = classroom.console().allSeatKeys();
    ASSERT_TRUE(classroom.console().sendModule(keys, id).ok());
    ASSERT_TRUE(waitUntil([&] { return allShow(classroom, id, 0); }));
    classroom.console().closeModule(keys);
    ASSERT_TRUE(waitUntil([&] {
        for (int i = 0; i < 3; ++i)
            if (classroom.agent(i).view->isOpen())
                return false;
        return true;
    }));
    std::vector<std::uint64_t> before;
    for (int i = 0; i < 3; ++i)
        before.push_back(classroom.agent(i).controller->moduleReceiver().receivedBytes());

    ASSERT_TRUE(classroom.console().sendModule(keys, id).ok());
    ASSERT_TRUE(waitUntil([&] { return allShow(classroom, id, 0); }));
    for (int i = 0; i < 3; ++i)
        EXPECT_EQ(classroom.agent(i).controller->moduleReceiver().receivedBytes(), before[static_cast<std::size_t>(i)]);
}

TEST(ModuleBroadcast, ASeatStoppedMidTransferResumesWhereItStopped)
{
    Classroom classroom(2);
    classroom.startAllAgents();
    ASSERT_TRUE(waitUntil([&] { return classroom.allOnline(); }));
    const std::string id = import(classroom, makeBigModule(classroom.directory() / "big", 24));
    const auto* module = classroom.console().library().find(id);
    ASSERT_NE(module, nullptr);
    const std::uint64_t total = module->index.totalBytes;

    ASSERT_TRUE(classroom.console().sendModule(classroom.console().allSeatKeys(), id).ok());
    // Kill seat 0's agent once it has a part of the module, not all of it.
    ASSERT_TRUE(waitUntil([&] {
        const auto received = classroom.agent(0).controller->moduleReceiver().receivedBytes();
        return received > total / 4;
    }, 60s));
    const std::uint64_t beforeStop = classroom.agent(0).controller->moduleReceiver().receivedBytes();
    ASSERT_LT(beforeStop, total) << "the transfer finished before it could be cut";
    classroom.stopAgent(0);
    EXPECT_TRUE(fs::exists(classroom.agent(0).stateDirectory / "modules" / "partial" / (id + ".part")));

    classroom.startAgent(0);
    ASSERT_TRUE(waitUntil([&] { return allShow(classroom, id, 0); }, 60s));
    // The restarted agent fetched only what it lacked.
    const std::uint64_t afterRestart = classroom.agent(0).controller->moduleReceiver().receivedBytes();
    EXPECT_LT(afterRestart, total - beforeStop / 2);
    EXPECT_FALSE(fs::exists(classroom.agent(0).stateDirectory / "modules" / "partial" / (id + ".part")));
    EXPECT_EQ(fs::file_size(classroom.agent(0).stateDirectory / "modules" / id / "data.bin"), 24u * 1024 * 1024);
}

TEST(ModuleBroadcast, AChunkDamagedOnDiskIsDetectedAndFetchedAgain)
{
    Classroom classroom(1);
    classroom.startAllAgents();
    ASSERT_TRUE(waitUntil([&] { return classroom.allOnline(); }));
    const std::string id = import(classroom, makeBigModule(classroom.directory() / "big", 16));
    ASSERT_TRUE(classroom.console().sendModule(classroom.console().allSeatKeys(), id).ok());
    const std::uint64_t total = classroom.console().library().find(id)->index.totalBytes;
    ASSERT_TRUE(waitUntil([&] { return classroom.agent(0).controller->moduleReceiver().receivedBytes() > total / 3; }, 60s));
    classroom.stopAgent(0);

    // A power cut scrambled the start of the half-received bundle.
    const fs::path partial = classroom.agent(0).stateDirectory / "modules" / "partial" / (id + ".part");
    {
        std::fstream file(partial, std::ios::in | std::ios::out | std::ios::binary);
        file.seekp(1000);
        const std::string garbage(5000, '\x55');
        file.write(garbage.data(), static_cast<std::streamsize>(garbage.size()));
    }
    classroom.startAgent(0);
    ASSERT_TRUE(waitUntil([&] { return allShow(classroom, id, 0); }, 60s));
    // The first chunk came again, and the module on disk is the console's.
    EXPECT_GE(classroom.agent(0).controller->moduleReceiver().receivedBytes(), module::kChunkBytes);
    auto shown = module::indexFile(classroom.agent(0).stateDirectory / "modules" / id / "data.bin");
    auto original = module::indexFile(classroom.directory() / "big" / "data.bin");
    ASSERT_TRUE(shown.ok() && original.ok());
    EXPECT_EQ(shown.value().contentId(), original.value().contentId());
}

TEST(ModuleBroadcast, AChunkDamagedOnTheWayIsAskedForAgain)
{
    // A receiver fed by hand: the console's chunk arrives with one byte flipped.
    QTemporaryDir dir;
    const fs::path file = fs::path(dir.path().toStdString()) / "bundle";
    {
        std::ofstream out(file, std::ios::binary);
        out << std::string(3 * module::kChunkBytes + 10, 'm');
    }
    auto index = module::indexFile(file);
    ASSERT_TRUE(index.ok());
    const std::string id = index.value().contentId();
    agent::ModuleReceiver receiver(fs::path(dir.path().toStdString()) / "cache", 1ULL << 30);
    std::vector<protocol::Body> sent;
    receiver.send = [&](protocol::Body body) {
        sent.push_back(std::move(body));
        return true;
    };
    receiver.want(id);
    receiver.handleIndex({id, index.value().totalBytes, index.value().chunkBytes, index.value().packedHashes(), "x"});
    std::vector<std::uint8_t> chunk(module::kChunkBytes, 'm');
    chunk[100] ^= 1;
    receiver.handleChunk({id, 0, chunk});
    EXPECT_EQ(receiver.damagedChunks(), 1u);
    const auto* again = std::get_if<protocol::ChunkRequest>(&sent.back());
    ASSERT_NE(again, nullptr);
    EXPECT_EQ(again->index, 0u);
}

TEST(ModuleBroadcast, PacedPagingMovesEverySeatAndFreeBrowsingLetsOneSeatMoveAlone)
{
    Classroom classroom(4);
    classroom.startAllAgents();
    ASSERT_TRUE(waitUntil([&] { return classroom.allOnline(); }));
    const std::string id = import(classroom, kSampleModule);
    const auto keys = classroom.console().allSeatKeys();
    ASSERT_TRUE(classroom.console().sendModule(keys, id).ok());
    ASSERT_TRUE(waitUntil([&] { return allShow(classroom, id, 0); }, 30s));

    classroom.console().goToPage(keys, 3);
    ASSERT_TRUE(waitUntil([&] { return allShow(classroom, id, 3); }));
    EXPECT_EQ(classroom.console().roster().pageText(seatOf(classroom, 0)), QStringLiteral("Page 4 of 10"));

    // Paced: a learner's request to move is not followed.
    classroom.agent(1).controller->requestPage(5);
    runEventLoopFor(300ms);
    EXPECT_EQ(classroom.agent(1).view->page(), 3);

    classroom.console().setFreeBrowsing(keys, true);
    ASSERT_TRUE(waitUntil([&] { return classroom.agent(1).view->freeBrowsing(); }));
    classroom.agent(1).controller->requestPage(5);
    ASSERT_TRUE(waitUntil([&] {
        const console::Seat& seat = seatOf(classroom, 1);
        return seat.confirmed && seat.confirmed->page == 5;
    }));
    EXPECT_EQ(classroom.agent(1).view->page(), 5);
    EXPECT_EQ(classroom.agent(0).view->page(), 3);  // the others stay
    // Out of range: nothing happens.
    classroom.agent(1).controller->requestPage(99);
    runEventLoopFor(200ms);
    EXPECT_EQ(classroom.agent(1).view->page(), 5);

    // Back to paced: everyone on the trainer's page again.
    classroom.console().setFreeBrowsing(keys, false);
    ASSERT_TRUE(waitUntil([&] { return allShow(classroom, id, 3); }));
}

TEST(ModuleBroadcast, PageViewsReachTheConsoleDatabaseOnceEach)
{
    Classroom classroom(2);
    classroom.startAllAgents();
    ASSERT_TRUE(waitUntil([&] { return classroom.allOnline(); }));
    const std::string id = import(classroom, kSampleModule);
    const auto keys = classroom.console().allSeatKeys();
    ASSERT_TRUE(classroom.console().sendModule(keys, id).ok());
    ASSERT_TRUE(waitUntil([&] { return allShow(classroom, id, 0); }, 30s));
    runEventLoopFor(150ms);
    classroom.console().goToPage(keys, 1);
    ASSERT_TRUE(waitUntil([&] { return allShow(classroom, id, 1); }));

    auto& store = classroom.console().store();
    const auto session = classroom.console().sessionId();
    ASSERT_TRUE(waitUntil([&] {
        auto views = store.pageViews(session);
        return views && views.value().size() == 2;
    }));
    const auto stored = store.pageViews(session);
    ASSERT_TRUE(stored.ok());
    for (const auto& view : stored.value()) {
        EXPECT_EQ(view.moduleId, id);
        EXPECT_EQ(view.page, 0);
        EXPECT_GE(view.durationMs, 100u);
        EXPECT_GT(view.openedAtMs, 1'600'000'000'000u);
    }
    // Acknowledged views leave the agents' outboxes.
    ASSERT_TRUE(waitUntil([&] {
        return classroom.agent(0).controller->store().pendingPageViews(10).empty() &&
               classroom.agent(1).controller->store().pendingPageViews(10).empty();
    }));

    // A view that reaches the console twice (its ack was lost) is stored once.
    protocol::PageView resent;
    for (const auto& view : stored.value())
        if (view.seatKey == classroom.agent(0).keys.publicKey)
            resent = {view.viewId, view.moduleId, static_cast<std::uint32_t>(view.page), view.openedAtMs, view.durationMs};
    classroom.stopAgent(0);
    {
        auto outbox = agent::AgentStateStore::open(classroom.agent(0).stateDirectory / "agent.db");
        ASSERT_TRUE(outbox.ok());
        ASSERT_TRUE(outbox.value()->queuePageView(resent).ok());
    }
    classroom.startAgent(0);
    ASSERT_TRUE(waitUntil([&] { return classroom.agent(0).controller->store().pendingPageViews(10).empty(); }));
    EXPECT_EQ(store.pageViews(session).value().size(), 2u);
}

TEST(ModuleBroadcast, ASeatCannotPullAModuleThatWasNotSentToIt)
{
    // A learner's PC asks, by hand, for a library module the trainer has not
    // sent it (the quiz answers of next week, say): refused, nothing served.
    Classroom classroom(2);
    classroom.startAgent(0);
    ASSERT_TRUE(waitUntil([&] { return seatOf(classroom, 0).online; }));
    const std::string id = import(classroom, kSampleModule);
    ASSERT_TRUE(classroom.console().sendModule({classroom.agent(0).keys.publicKey}, id).ok());

    RawClient hostile(classroom.agentContext(), classroom.endpoint(),
                      RawClient::Options{classroom.agent(1).keys, classroom.consoleKeys().publicKey, {}});
    ASSERT_EQ(hostile.waitForHandshake(5s), RawClient::Handshake::Succeeded);
    ASSERT_TRUE(hostile.sendMessage(protocol::Hello{"0.1.0", "hostile", {}}, 1));
    ASSERT_TRUE(hostile.sendMessage(protocol::ModuleRequest{id}, 2));
    ASSERT_TRUE(hostile.sendMessage(protocol::ChunkRequest{id, 0}, 3));
    int refusals = 0;
    for (int i = 0; i < 6; ++i) {
        auto message = hostile.receiveMessage(1s);
        if (!message)
            break;
        EXPECT_EQ(protocol::bodyAs<protocol::ModuleIndex>(*message), nullptr);
        EXPECT_EQ(protocol::bodyAs<protocol::Chunk>(*message), nullptr);
        if (const auto* error = protocol::bodyAs<protocol::Error>(*message)) {
            EXPECT_EQ(error->code, protocol::ErrorCode::NotAllowed);
            ++refusals;
        }
    }
    EXPECT_EQ(refusals, 2);
    // Positive control: the seat the module was sent to has it.
    ASSERT_TRUE(waitUntil([&] { return classroom.agent(0).view->isOpen(); }));
}

TEST(ModuleBroadcast, AModuleTooLargeForTheSeatFailsWithAReasonTheTrainerSees)
{
    Classroom classroom(1);
    classroom.startAllAgents();
    ASSERT_TRUE(waitUntil([&] { return classroom.allOnline(); }));
    const std::string id = import(classroom, makeBigModule(classroom.directory() / "big", 3));
    // This PC accepts at most 1 MB (max_module_mb in its settings).
    classroom.stopAgent(0);
    classroom.agentSettingsOverride = [](agent::AgentSettings& settings) { settings.maxModuleBytes = 1024 * 1024; };
    classroom.startAgent(0);
    ASSERT_TRUE(classroom.console().sendModule(classroom.console().allSeatKeys(), id).ok());
    ASSERT_TRUE(waitUntil([&] {
        const auto& seat = seatOf(classroom, 0);
        return seat.transfer && seat.transfer->status == protocol::ModuleStatus::Failed;
    }));
    const QString text = classroom.console().roster().moduleText(seatOf(classroom, 0));
    EXPECT_TRUE(text.startsWith(QStringLiteral("Failed: the module is 3.0 MB, more than the 1.0 MB"))) << text.toStdString();
    EXPECT_FALSE(classroom.agent(0).view->isOpen());
    EXPECT_FALSE(fs::exists(classroom.agent(0).stateDirectory / "modules" / id));
}
