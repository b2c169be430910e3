// Hostile peers on the classroom LAN. Each test maps to a trap listed in
// shared/research/bus-and-storage.md section 0.

#include "common/bus/ConsoleBus.h"
#include "protocol/Limits.h"
#include "tests/support/Classroom.h"
#include "tests/support/RawClient.h"

#include <gtest/gtest.h>

#include <algorithm>

using namespace classroom;
using namespace classroom::test;

namespace {

bool isPending(console::ConsoleController& console, const std::string& key)
{
    const auto& pending = console.pendingSeats();
    return std::any_of(pending.begin(), pending.end(), [&](const console::PendingSeat& p) { return p.key == key; });
}

std::string bytesFromHex(const std::string& hex)
{
    std::string bytes;
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
        bytes += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
    return bytes;
}

RawClient::Options curveAs(const bus::CurveKeyPair& keys, const Classroom& classroom, std::string routingId = {})
{
    return RawClient::Options{keys, classroom.consoleKeys().publicKey, std::move(routingId)};
}

}  // namespace

TEST(Security, UnenrolledKeyGetsNothingAndChangesNothing)
{
    Classroom classroom(1);
    const int stranger = classroom.addAgent(false);
    classroom.startAllAgents();
    ASSERT_TRUE(waitUntil([&] { return classroom.allOnline(); }));
    ASSERT_TRUE(waitUntil([&] { return classroom.agent(stranger).controller->refusals() >= 1; }));
    EXPECT_TRUE(isPending(classroom.console(), classroom.agent(stranger).keys.publicKey));

    classroom.console().lockAll(QStringLiteral("Enrolled seats only"));
    ASSERT_TRUE(waitUntil([&] { return classroom.allConverged(true); }));
    EXPECT_FALSE(classroom.agent(stranger).locked());
    EXPECT_FALSE(classroom.agent(stranger).controller->isConnected());
    EXPECT_EQ(classroom.agent(stranger).controller->busCounters().received, 0u);
    EXPECT_EQ(classroom.console().roster().seats().size(), 1u) << "a stranger never becomes a seat by itself";

    // The same key, hand-driven: its handshake is refused and nothing it sends
    // arrives. (The enrolled agent is stopped so its heartbeats don't count.)
    classroom.stopAgent(0);
    const auto receivedBefore = classroom.console().busCounters().received;
    RawClient raw(classroom.agentContext(), classroom.endpoint(), curveAs(classroom.agent(stranger).keys, classroom));
    EXPECT_EQ(raw.waitForHandshake(5s), RawClient::Handshake::FailedAuth);
    raw.sendMessage(protocol::StateReport{protocol::SeatState{1, true, "fake"}});
    EXPECT_FALSE(raw.receive(300ms).has_value());
    EXPECT_EQ(classroom.console().busCounters().received, receivedBefore);
}

TEST(Security, ClientWithoutCurveCannotConnect)
{
    Classroom classroom(0);
    RawClient plain(classroom.agentContext(), classroom.endpoint(), RawClient::Options{});
    plain.sendMessage(protocol::Hello{"9.9", "intruder", {}});
    EXPECT_EQ(plain.waitForHandshake(5s), RawClient::Handshake::FailedOther);
    EXPECT_EQ(classroom.console().busCounters().received, 0u);
    EXPECT_FALSE(plain.receive(200ms).has_value());
}

TEST(Security, MessageWithoutAuthenticatedIdentityIsDropped)
{
    // A ROUTER whose context has no ZAP handler: libzmq then admits ANY CURVE
    // key and gives its messages no User-Id. The bus must drop them.
    zmq::context_t context(1);
    const auto serverKeys = bus::CurveKeyPair::generate();
    bus::ConsoleBus bus(context, bus::BusOptions{}, serverKeys);
    int delivered = 0;
    bus.setMessageHandler([&](const std::string&, const protocol::Envelope&) { ++delivered; });
    auto bound = bus.bind("tcp://127.0.0.1:0");
    ASSERT_TRUE(bound.ok()) << bound.error();

    RawClient client(context, bound.value(),
                     RawClient::Options{bus::CurveKeyPair::generate(), serverKeys.publicKey, {}});
    ASSERT_EQ(client.waitForHandshake(5s), RawClient::Handshake::Succeeded) << "no ZAP: libzmq lets anyone in";
    client.sendMessage(protocol::Hello{"1.0", "anyone", {}});
    client.sendMessage(protocol::Heartbeat{});
    ASSERT_TRUE(waitUntil([&] { return bus.counters().unauthenticated == 2; }));
    EXPECT_EQ(delivered, 0);
    EXPECT_EQ(bus.counters().received, 0u);
}

TEST(Security, SpoofedRoutingIdGetsNothingMeantForThatSeatAndCannotActAsIt)
{
    Classroom classroom(2);
    const int victim = 0;
    const int impostor = 1;  // enrolled: a learner with a valid key of their own
    classroom.startAgent(victim);
    ASSERT_TRUE(waitUntil([&] { return classroom.allOnline(); }));
    const std::string victimKey = classroom.agent(victim).keys.publicKey;
    const std::string victimRoute = bytesFromHex(classroom.console().routingIdOf(victimKey));
    ASSERT_FALSE(victimRoute.empty());

    RawClient spoof(classroom.agentContext(), classroom.endpoint(),
                    curveAs(classroom.agent(impostor).keys, classroom, victimRoute));
    ASSERT_EQ(spoof.waitForHandshake(5s), RawClient::Handshake::Succeeded);
    spoof.sendMessage(protocol::Hello{"1.0", "victim-pc", {}});
    spoof.sendMessage(protocol::StateReport{protocol::SeatState{99, false, ""}});

    // While the victim is connected: a lock meant for it reaches it, not the impostor.
    classroom.console().lockSeats({victimKey}, QStringLiteral("For the victim only"));
    ASSERT_TRUE(waitUntil([&] { return classroom.allConverged(true); }));
    EXPECT_FALSE(spoof.receive(300ms).has_value());
    const console::Seat* seat = classroom.console().roster().find(victimKey);
    EXPECT_EQ(seat->confirmed->lockMessage, "For the victim only") << "the impostor's report did not count";

    // The victim leaves; the impostor, still holding on to the victim's routing
    // id, talks again. libzmq parked its connection when the id was taken, so
    // nothing it sends is ever read, and nothing for the victim is routed to it.
    classroom.stopAgent(victim);
    spoof.sendMessage(protocol::StateReport{protocol::SeatState{100, false, ""}});
    spoof.sendMessage(protocol::Heartbeat{});
    ASSERT_TRUE(waitUntil([&] { return !seat->online; }));
    classroom.console().lockSeats({victimKey}, QStringLiteral("Second message for the victim"));
    EXPECT_FALSE(spoof.receive(300ms).has_value()) << "nothing for the victim goes to the impostor";
    EXPECT_EQ(seat->confirmed->lockMessage, "For the victim only");
    EXPECT_NE(seat->confirmed->revision, 100u);
    EXPECT_FALSE(classroom.console().roster().find(classroom.agent(impostor).keys.publicKey)->online)
        << "the impostor did not even get through as itself";
}

TEST(Security, ConnectionThatChangesKeyIsCutForBothSeats)
{
    // An impostor that takes over a routing id the console still links to
    // another seat: its first message is dropped and neither seat is routed to
    // until each speaks again on a connection of its own.
    Classroom classroom(2);
    // The console must still link the route to the victim when the impostor
    // speaks: on a loaded machine the victim could otherwise be declared
    // offline (and its route forgotten) first, and there would be no conflict.
    classroom.stopConsole();
    classroom.consoleSettings.offlineAfter = 60s;
    classroom.startConsole();
    classroom.startAgent(0);
    ASSERT_TRUE(waitUntil([&] { return classroom.allOnline(); }));
    const std::string victimKey = classroom.agent(0).keys.publicKey;
    const std::string victimRoute = bytesFromHex(classroom.console().routingIdOf(victimKey));
    classroom.stopAgent(0);  // the route is freed in libzmq, but the console still links it to the victim

    RawClient spoof(classroom.agentContext(), classroom.endpoint(),
                    curveAs(classroom.agent(1).keys, classroom, victimRoute));
    ASSERT_EQ(spoof.waitForHandshake(5s), RawClient::Handshake::Succeeded);
    spoof.sendMessage(protocol::Heartbeat{});
    ASSERT_TRUE(waitUntil([&] { return classroom.console().busCounters().identityConflicts == 1; }));
    EXPECT_TRUE(classroom.console().routingIdOf(victimKey).empty());
    classroom.console().lockSeats({victimKey}, QStringLiteral("For the victim"));
    EXPECT_FALSE(spoof.receive(300ms).has_value());
}

TEST(Security, RefusedAgentConnectsOnceApprovedWithoutRestarting)
{
    Classroom classroom(0);
    const int newcomer = classroom.addAgent(false);
    classroom.startAgent(newcomer);
    const std::string key = classroom.agent(newcomer).keys.publicKey;
    ASSERT_TRUE(waitUntil([&] { return isPending(classroom.console(), key); }));
    ASSERT_TRUE(waitUntil([&] { return classroom.agent(newcomer).controller->refusals() >= 2; }))
        << "keeps retrying after a refusal";

    auto approved = classroom.console().approvePendingSeat(key, QStringLiteral("PC 7"));
    ASSERT_TRUE(approved.ok()) << approved.error();
    EXPECT_FALSE(isPending(classroom.console(), key));
    ASSERT_TRUE(waitUntil([&] { return classroom.console().roster().find(key)->online; }));
    classroom.console().lockAll(QStringLiteral("Welcome"));
    ASSERT_TRUE(waitUntil([&] { return classroom.agent(newcomer).locked(); }));
}

TEST(Security, AgentSendingAConsoleOnlyMessageIsRejectedAndOthersKeepWorking)
{
    Classroom classroom(3);
    classroom.startAgent(0);
    classroom.startAgent(1);
    ASSERT_TRUE(waitUntil([&] { return classroom.allOnline(); }));
    RawClient rogue(classroom.agentContext(), classroom.endpoint(), curveAs(classroom.agent(2).keys, classroom));
    ASSERT_EQ(rogue.waitForHandshake(5s), RawClient::Handshake::Succeeded);

    rogue.sendMessage(protocol::StateSnapshot{protocol::SeatState{7, false, ""}}, 42);
    ASSERT_TRUE(waitUntil([&] { return classroom.console().busCounters().forbidden == 1; }));
    auto reply = rogue.receiveMessage(5s);
    ASSERT_TRUE(reply.has_value());
    const auto* error = protocol::bodyAs<protocol::Error>(*reply);
    ASSERT_NE(error, nullptr);
    EXPECT_EQ(error->code, protocol::ErrorCode::NotAllowed);
    EXPECT_EQ(error->inReplyTo, 42u);

    classroom.console().lockAll(QStringLiteral("Still fine"));
    ASSERT_TRUE(waitUntil([&] { return classroom.allConverged(true); }));
    classroom.console().unlockAll();
    ASSERT_TRUE(waitUntil([&] { return classroom.allConverged(false); }));
}

TEST(Security, OversizedAndGarbageFramesAreDroppedAndCounted)
{
    Classroom classroom(2);
    classroom.startAgent(0);
    ASSERT_TRUE(waitUntil([&] { return classroom.allOnline(); }));
    RawClient rogue(classroom.agentContext(), classroom.endpoint(), curveAs(classroom.agent(1).keys, classroom));
    ASSERT_EQ(rogue.waitForHandshake(5s), RawClient::Handshake::Succeeded);
    const auto& counters = classroom.console().busCounters();

    rogue.sendFrames({"this is not msgpack"});
    ASSERT_TRUE(waitUntil([&] { return counters.undecodable == 1; }));
    auto reply = rogue.receiveMessage(5s);
    ASSERT_TRUE(reply.has_value());
    EXPECT_EQ(protocol::bodyAs<protocol::Error>(*reply)->code, protocol::ErrorCode::MalformedMessage);

    rogue.sendFrames({std::string("\x85\xdd\x76\x0b\xa3\x65\x73\x92\x85\xa8\xa1", 11)});  // msgpack-c's 64 GB request
    ASSERT_TRUE(waitUntil([&] { return counters.undecodable == 2; }));

    rogue.sendFrames({"one", "two"});
    ASSERT_TRUE(waitUntil([&] { return counters.badFraming == 1; }));

    rogue.sendFrames({std::string(protocol::limits::kMaxMessageBytes + 1000, 'x')});
    ASSERT_TRUE(waitUntil([&] { return counters.oversized == 1; }));

    // Beyond ZMQ_MAXMSGSIZE libzmq itself cuts the connection.
    rogue.sendFrames({std::string(protocol::limits::kMaxTransportFrameBytes + 1000, 'x')});
    ASSERT_TRUE(waitUntil([&] { return rogue.disconnected(); }));

    classroom.console().lockAll(QStringLiteral("Console unharmed"));
    ASSERT_TRUE(waitUntil([&] { return classroom.allConverged(true); }));
    EXPECT_EQ(counters.forbidden, 0u);
}

TEST(Security, AMessageThatNeverEndsCannotExhaustConsoleMemory)
{
    // libzmq 4.3.4 buffers an unfinished multi-frame message without limit
    // (research note, trap 3). The console's memory guard closes and rebinds
    // its socket; the seats come back by themselves.
    Classroom classroom(2);
    classroom.stopConsole();
    classroom.consoleSettings.bus.memoryLimitBytes = bus::ConsoleBus::residentBytes() + (64u << 20);
    classroom.startConsole();
    classroom.startAgent(0);
    ASSERT_TRUE(waitUntil([&] { return classroom.allOnline(); }));

    zmq::context_t rogueContext(1);  // its own I/O thread: its send queue drains on its own
    RawClient rogue(rogueContext, classroom.endpoint(), curveAs(classroom.agent(1).keys, classroom));
    ASSERT_EQ(rogue.waitForHandshake(5s), RawClient::Handshake::Succeeded);
    const std::string frame(1000, 'm');
    const auto& counters = classroom.console().busCounters();
    std::size_t peak = 0;
    for (int megabyte = 0; megabyte < 1024 && counters.memoryResets == 0; ++megabyte) {
        rogue.sendUnfinishedFrames(frame, 1000);
        runEventLoopFor(2ms);
        peak = std::max(peak, bus::ConsoleBus::residentBytes());
    }
    ASSERT_GE(counters.memoryResets, 1u) << "peak resident " << (peak >> 20) << " MiB";
    EXPECT_LT(peak, classroom.consoleSettings.bus.memoryLimitBytes + (256u << 20)) << "growth stopped near the limit";

    // The class carries on: the honest agent reconnects and follows the trainer.
    ASSERT_TRUE(waitUntil([&] { return classroom.agent(0).controller->isConnected(); }));
    classroom.console().lockAll(QStringLiteral("Back to work"));
    ASSERT_TRUE(waitUntil([&] { return classroom.allConverged(true); }));
}
