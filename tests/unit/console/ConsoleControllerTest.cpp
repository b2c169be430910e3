// The console core over a real classroom: agent cores talking CURVE over TCP on
// loopback (tests/support/Classroom.h).

#include "protocol/Limits.h"
#include "protocol/Utf8.h"
#include "tests/support/Classroom.h"
#include "tests/support/RawClient.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

using namespace classroom;
using namespace classroom::test;
using ::testing::HasSubstr;

namespace {

const console::Seat& seatOf(Classroom& classroom, int agent)
{
    const console::Seat* seat = classroom.console().roster().find(classroom.agent(agent).keys.publicKey);
    if (!seat)
        throw std::runtime_error("agent is not a seat");
    return *seat;
}

std::vector<console::AuditEntry> auditLog(Classroom& classroom)
{
    auto log = classroom.console().store().auditLog(100);
    EXPECT_TRUE(log.ok()) << log.error();
    return log.ok() ? log.value() : std::vector<console::AuditEntry>{};
}

std::string repeat(const std::string& text, std::size_t times)
{
    std::string result;
    for (std::size_t i = 0; i < times; ++i)
        result += text;
    return result;
}

}  // namespace

TEST(ConsoleController, LockSeatsOnASubsetOnlyChangesThoseSeats)
{
    Classroom classroom(3);
    classroom.startAllAgents();
    ASSERT_TRUE(waitUntil([&] { return classroom.allOnline(); }));

    classroom.console().lockSeats({classroom.agent(0).keys.publicKey, classroom.agent(2).keys.publicKey},
                                  QStringLiteral("Front row, eyes up"));
    ASSERT_TRUE(waitUntil([&] { return seatOf(classroom, 0).isConverged() && seatOf(classroom, 2).isConverged(); }));
    EXPECT_TRUE(classroom.agent(0).locked());
    EXPECT_TRUE(classroom.agent(2).locked());
    EXPECT_EQ(classroom.agent(0).locker->message(), QStringLiteral("Front row, eyes up"));

    EXPECT_FALSE(classroom.agent(1).locked());
    EXPECT_EQ(seatOf(classroom, 1).desired, protocol::SeatState{}) << "not even its revision moved";
    EXPECT_EQ(classroom.console().roster().lockedConfirmedCount(), 2);
}

TEST(ConsoleController, EachChangeRaisesTheSeatRevision)
{
    Classroom classroom(1);
    classroom.console().lockAll(QStringLiteral("one"));
    classroom.console().lockAll(QStringLiteral("two"));
    classroom.console().unlockAll();
    EXPECT_EQ(seatOf(classroom, 0).desired, (protocol::SeatState{3, false, ""}));
}

TEST(ConsoleController, UnknownKeysChangeNothingAndLeaveNoAuditEntry)
{
    Classroom classroom(1);
    classroom.console().lockSeats({bus::CurveKeyPair::generate().publicKey, "garbage"}, QStringLiteral("x"));
    classroom.console().lockSeats({}, QStringLiteral("x"));
    EXPECT_EQ(seatOf(classroom, 0).desired, protocol::SeatState{});
    EXPECT_TRUE(auditLog(classroom).empty());
}

TEST(ConsoleController, LockMessageIsTrimmedAndLosesControlCharactersButKeepsNewlines)
{
    Classroom classroom(1);
    classroom.console().lockAll(QStringLiteral("  \t Eyes on the trainer\nthen page 3\a\x1b[31m \n "));
    EXPECT_EQ(seatOf(classroom, 0).desired.lockMessage, "Eyes on the trainer\nthen page 3[31m");
}

TEST(ConsoleController, LongLockMessageIsCappedWithoutSplittingAUtf8Character)
{
    constexpr std::size_t kCap = protocol::limits::kMaxLockMessageBytes;
    Classroom classroom(1);
    // One to four bytes per character, with an ASCII prefix so that the cap
    // falls inside a character for each width.
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"", "a"}, {"", "é"}, {"a", "é"}, {"", "€"}, {"a", "€"}, {"ab", "€"}, {"", "😀"}, {"a", "😀"}, {"abc", "😀"},
    };
    for (const auto& [prefix, character] : cases) {
        const std::string sent = prefix + repeat(character, 2 * kCap / character.size());
        classroom.console().lockAll(QString::fromStdString(sent));
        const std::string kept = seatOf(classroom, 0).desired.lockMessage;
        SCOPED_TRACE("prefix '" + prefix + "', character " + character);
        EXPECT_LE(kept.size(), kCap);
        EXPECT_GT(kept.size(), kCap - character.size());
        EXPECT_TRUE(protocol::isCleanUtf8(kept));
        EXPECT_EQ(kept, sent.substr(0, kept.size()));
        EXPECT_EQ(QString::fromStdString(kept).toStdString(), kept);
    }
}

TEST(ConsoleController, MessageExactlyAtTheCapIsKeptWhole)
{
    Classroom classroom(1);
    const std::string exact = repeat("é", protocol::limits::kMaxLockMessageBytes / 2);
    classroom.console().lockAll(QString::fromStdString(exact));
    EXPECT_EQ(seatOf(classroom, 0).desired.lockMessage, exact);
}

TEST(ConsoleController, CappedMessageReachesTheAgentIntact)
{
    Classroom classroom(1);
    classroom.startAllAgents();
    ASSERT_TRUE(waitUntil([&] { return classroom.allOnline(); }));
    classroom.console().lockAll(QString::fromStdString("a" + repeat("€", 1000)));
    ASSERT_TRUE(waitUntil([&] { return classroom.allConverged(true); }));
    EXPECT_EQ(classroom.agent(0).locker->message().toStdString(), seatOf(classroom, 0).desired.lockMessage);
    EXPECT_EQ(classroom.agent(0).locker->message().toStdString().size(), 1 + 341 * 3u);
}

TEST(ConsoleController, EveryLockAndUnlockWritesAnAuditEntry)
{
    Classroom classroom(3);
    console::ConsoleController& console = classroom.console();
    console.lockAll(QStringLiteral("  Quiz time "));
    console.lockSeats({classroom.agent(0).keys.publicKey, classroom.agent(2).keys.publicKey}, QStringLiteral("You two"));
    console.unlockSeats({classroom.agent(1).keys.publicKey});
    console.unlockAll();

    const auto log = auditLog(classroom);
    ASSERT_EQ(log.size(), 4u);
    for (const auto& entry : log) {
        EXPECT_EQ(entry.actor, "test-trainer");
        EXPECT_FALSE(entry.at.empty());
    }
    EXPECT_EQ(log[3].action, "lock");
    EXPECT_EQ(log[3].seats, "all");
    EXPECT_EQ(log[3].detail, "Quiz time") << "the audit shows the message the class saw";
    EXPECT_EQ(log[2].action, "lock");
    EXPECT_EQ(log[2].seats, "PC 1, PC 3");
    EXPECT_EQ(log[2].detail, "You two");
    EXPECT_EQ(log[1].action, "unlock");
    EXPECT_EQ(log[1].seats, "PC 2");
    EXPECT_EQ(log[1].detail, "");
    EXPECT_EQ(log[0].action, "unlock");
    EXPECT_EQ(log[0].seats, "all");
}

TEST(ConsoleController, SeatGoesOfflineWithinOfflineAfterWhenItsAgentStops)
{
    Classroom classroom(1);
    std::vector<std::pair<QString, bool>> changes;
    QObject::connect(&classroom.console(), &console::ConsoleController::seatOnlineChanged,
                     [&](const QString& key, bool online) { changes.emplace_back(key, online); });
    const QString key = QString::fromStdString(classroom.agent(0).keys.publicKey);

    classroom.startAgent(0);
    ASSERT_TRUE(waitUntil([&] { return classroom.allOnline(); }));
    ASSERT_EQ(changes.size(), 1u);
    EXPECT_EQ(changes[0], std::make_pair(key, true));

    const auto stoppedAt = std::chrono::steady_clock::now();
    classroom.stopAgent(0);
    ASSERT_TRUE(waitUntil([&] { return changes.size() == 2; }, 10s));
    const auto took = std::chrono::steady_clock::now() - stoppedAt;
    EXPECT_EQ(changes[1], std::make_pair(key, false));
    EXPECT_FALSE(seatOf(classroom, 0).online);
    EXPECT_EQ(classroom.console().roster().onlineCount(), 0);
    // The figure that matters is the upper bound (dead peers seen within 3 s
    // in production); the margin is wide so a loaded or sanitized run passes.
    EXPECT_LT(took, classroom.consoleSettings.offlineAfter + 2s);
}

TEST(ConsoleController, PendingSeatsListIsBounded)
{
    constexpr std::size_t kStrangers = console::ConsoleController::kMaxPendingSeats + 6;
    Classroom classroom(0);
    int changes = 0;
    QObject::connect(&classroom.console(), &console::ConsoleController::pendingSeatsChanged, [&] { ++changes; });

    std::vector<std::unique_ptr<RawClient>> strangers;
    std::vector<std::string> keys;
    for (std::size_t i = 0; i < kStrangers; ++i) {
        const auto keysOfStranger = bus::CurveKeyPair::generate();
        keys.push_back(keysOfStranger.publicKey);
        strangers.push_back(std::make_unique<RawClient>(
            classroom.agentContext(), classroom.endpoint(),
            RawClient::Options{keysOfStranger, classroom.consoleKeys().publicKey, {}}));
    }
    for (auto& stranger : strangers)
        ASSERT_EQ(stranger->waitForHandshake(10s), RawClient::Handshake::FailedAuth);

    EXPECT_EQ(classroom.console().pendingSeats().size(), console::ConsoleController::kMaxPendingSeats);
    EXPECT_GE(changes, static_cast<int>(kStrangers)) << "every new stranger was announced";
    for (const auto& pending : classroom.console().pendingSeats()) {
        EXPECT_NE(std::find(keys.begin(), keys.end(), pending.key), keys.end());
        EXPECT_GE(pending.attempts, 1);
        EXPECT_FALSE(pending.address.isEmpty());
    }
    EXPECT_TRUE(classroom.console().roster().seats().empty()) << "a stranger never becomes a seat by itself";
}

TEST(ConsoleController, ApprovePendingSeatRejectsAKeyThatIsNotWaiting)
{
    Classroom classroom(1);
    const std::string unknown = bus::CurveKeyPair::generate().publicKey;
    auto approved = classroom.console().approvePendingSeat(unknown, QStringLiteral("PC 9"));
    ASSERT_FALSE(approved.ok());
    EXPECT_EQ(approved.error(), "no computer with this key is waiting for approval");
    EXPECT_FALSE(classroom.console().roster().contains(unknown));

    // An enrolled seat is not "waiting" either.
    EXPECT_FALSE(classroom.console().approvePendingSeat(classroom.agent(0).keys.publicKey, QStringLiteral("x")).ok());
    EXPECT_EQ(seatOf(classroom, 0).name, QStringLiteral("PC 1"));
    EXPECT_TRUE(auditLog(classroom).empty());
}

TEST(ConsoleController, ApprovedSeatIsEnrolledNamedAndAudited)
{
    Classroom classroom(0);
    const int newcomer = classroom.addAgent(false);
    classroom.startAgent(newcomer);
    const std::string key = classroom.agent(newcomer).keys.publicKey;
    ASSERT_TRUE(waitUntil([&] { return !classroom.console().pendingSeats().empty(); }));
    ASSERT_EQ(classroom.console().pendingSeats().front().key, key);

    auto approved = classroom.console().approvePendingSeat(key, QStringLiteral("  PC 9 "));
    ASSERT_TRUE(approved.ok()) << approved.error();
    EXPECT_TRUE(classroom.console().pendingSeats().empty());
    ASSERT_TRUE(classroom.console().roster().contains(key));
    EXPECT_EQ(classroom.console().roster().find(key)->name, QStringLiteral("PC 9"));
    const auto log = auditLog(classroom);
    ASSERT_EQ(log.size(), 1u);
    EXPECT_EQ(log[0].action, "approve_seat");
    EXPECT_EQ(log[0].seats, "PC 9");
    EXPECT_THAT(log[0].detail, HasSubstr(key));
}

TEST(ConsoleController, EnrollSeatRefusesAnInvalidKeyAndNamesUnnamedSeatsByKey)
{
    Classroom classroom(0);
    auto bad = classroom.console().enrollSeat("not a key", QStringLiteral("PC 1"));
    ASSERT_FALSE(bad.ok());
    EXPECT_THAT(bad.error(), HasSubstr("is not a valid public key"));
    EXPECT_TRUE(classroom.console().roster().seats().empty());

    const std::string key = bus::CurveKeyPair::generate().publicKey;
    ASSERT_TRUE(classroom.console().enrollSeat(key, QStringLiteral("   ")).ok());
    EXPECT_EQ(classroom.console().roster().find(key)->name, QStringLiteral("seat-") + QString::fromStdString(key.substr(0, 8)));
}

TEST(ConsoleController, DesiredStateIsRestoredWhenTheConsoleRestarts)
{
    Classroom classroom(2);
    classroom.console().lockSeats({classroom.agent(1).keys.publicKey}, QStringLiteral("Stay"));
    classroom.stopConsole();
    classroom.startConsole();
    EXPECT_EQ(seatOf(classroom, 0).desired, protocol::SeatState{});
    EXPECT_EQ(seatOf(classroom, 1).desired, (protocol::SeatState{1, true, "Stay"}));
    EXPECT_EQ(seatOf(classroom, 1).name, QStringLiteral("PC 2"));
}

TEST(ConsoleController, EnrolledSeatsFileIsImportedAtStartAndABadLineStopsTheStart)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const std::filesystem::path root = dir.path().toStdString();
    const std::string key = bus::CurveKeyPair::generate().publicKey;
    std::ofstream(root / "seats.txt") << "# room 4\n" << key << " Back row 1\n";
    std::ofstream(root / "bad.txt") << key << " Back row 1\nnonsense\n";

    auto start = [&](const std::filesystem::path& seatsFile, zmq::context_t& context) {
        auto settings = fastConsoleSettings(root / ("console-" + seatsFile.stem().string()));
        settings.enrolledSeatsFile = seatsFile;
        auto store = console::ConsoleStore::open(settings.databaseFile());
        EXPECT_TRUE(store.ok()) << store.error();
        auto controller = std::make_unique<console::ConsoleController>(context, settings, bus::CurveKeyPair::generate(),
                                                                       std::move(store).value());
        auto bound = controller->start();
        return std::make_pair(std::move(controller), bound);
    };
    {
        zmq::context_t context(1);
        auto [controller, bound] = start(root / "seats.txt", context);
        ASSERT_TRUE(bound.ok()) << bound.error();
        ASSERT_TRUE(controller->roster().contains(key));
        EXPECT_EQ(controller->roster().find(key)->name, QStringLiteral("Back row 1"));
    }
    {
        zmq::context_t context(1);
        auto [controller, bound] = start(root / "bad.txt", context);
        ASSERT_FALSE(bound.ok());
        EXPECT_THAT(bound.error(), HasSubstr((root / "bad.txt").string() + ":2: 'nonsense'"));
    }
}
