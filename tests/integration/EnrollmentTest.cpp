// Enrollment with a one-time code, end to end: a real console core serving the
// code over CURVE on loopback, real enrollment clients with their own keys,
// and classroom-admin changing console.db while the console runs.

#include "common/bus/EnrollmentCode.h"
#include "installer/admin/AdminCommand.h"
#include "protocol/Codec.h"
#include "protocol/Limits.h"
#include "student-agent/core/ConsolePin.h"
#include "student-agent/core/EnrollmentClient.h"
#include "tests/support/Classroom.h"

#include <QSignalSpy>

#include <gtest/gtest.h>

#include <optional>

using namespace classroom;
using namespace classroom::test;

namespace {

// Runs one enrollment attempt to completion and returns what it ended with.
Result<protocol::EnrollReply> enroll(Classroom& classroom, const bus::CurveKeyPair& pcKeys, const std::string& code,
                                     const std::string& hostName = "pc-new", std::string endpoint = {},
                                     std::chrono::milliseconds timeout = 5s)
{
    if (endpoint.empty())
        endpoint = classroom.console().enrollmentEndpoint();
    const auto parsed = bus::EnrollmentCode::parse(code);
    EXPECT_TRUE(parsed) << code;
    agent::EnrollmentClient client(classroom.agentContext(), pcKeys);
    std::optional<Result<protocol::EnrollReply>> outcome;
    client.start(endpoint, *parsed, protocol::EnrollRequest{hostName, "0.1.0"}, timeout,
                 [&](Result<protocol::EnrollReply> result) { outcome = std::move(result); });
    EXPECT_TRUE(waitUntil([&] { return outcome.has_value(); }, 10s));
    return outcome ? std::move(*outcome) : Result<protocol::EnrollReply>::failure("no outcome");
}

const console::PendingSeat* pendingWithKey(console::ConsoleController& console, const std::string& key)
{
    for (const console::PendingSeat& pending : console.pendingSeats())
        if (pending.key == key)
            return &pending;
    return nullptr;
}

// Writes an enrollment code into console.db as classroom-admin does, through
// a second connection, and lets the running console pick it up.
void storeCodeAsAdminWould(Classroom& classroom, const bus::EnrollmentCode& code, int seats, const QDateTime& expires)
{
    auto other = console::ConsoleStore::open(classroom.consoleSettings.databaseFile());
    ASSERT_TRUE(other.ok()) << other.error();
    ASSERT_TRUE(other.value()
                    ->saveEnrollmentCode({code.canonical, seats, expires.toString(Qt::ISODateWithMs).toStdString(), "it"},
                                         {"", "it", "open_enrollment", "", ""})
                    .ok());
    classroom.console().syncWithStore();
}

std::string wrongCodeFor(const bus::EnrollmentCode& code)
{
    std::string wrong = code.canonical;
    wrong[9] = wrong[9] == 'A' ? 'B' : 'A';
    return wrong;
}

}  // namespace

TEST(Enrollment, APcWithTheCodeWaitsForApprovalThenJoinsWithTheConsoleKeyItPinned)
{
    Classroom classroom;
    auto code = classroom.console().openEnrollment(5, 10min);
    ASSERT_TRUE(code.ok()) << code.error();
    ASSERT_FALSE(classroom.console().enrollmentEndpoint().empty());

    const int pc = classroom.addAgent(false);
    auto reply = enroll(classroom, classroom.agent(pc).keys, code.value().display(), "room4-pc12");
    ASSERT_TRUE(reply.ok()) << reply.error();
    EXPECT_EQ(reply.value().status, protocol::EnrollStatus::Accepted);
    EXPECT_EQ(reply.value().consolePublicKey, classroom.consoleKeys().publicKey);

    // Not a seat yet: it waits, with its host name, for a person to confirm it.
    EXPECT_FALSE(classroom.console().roster().contains(classroom.agent(pc).keys.publicKey));
    const console::PendingSeat* pending = pendingWithKey(classroom.console(), classroom.agent(pc).keys.publicKey);
    ASSERT_NE(pending, nullptr);
    EXPECT_TRUE(pending->withCode);
    EXPECT_EQ(pending->hostName, QStringLiteral("room4-pc12"));
    EXPECT_EQ(pending->address, QStringLiteral("127.0.0.1"));
    EXPECT_EQ(classroom.console().enrollment().seatsLeft(), 4);

    // Until then the classroom endpoint refuses it.
    classroom.startAgent(pc);
    runEventLoopFor(600ms);
    EXPECT_FALSE(classroom.agent(pc).controller->isConnected());

    ASSERT_TRUE(classroom.console().approvePendingSeat(classroom.agent(pc).keys.publicKey, QString()).ok());
    const console::Seat* seat = classroom.console().roster().find(classroom.agent(pc).keys.publicKey);
    ASSERT_NE(seat, nullptr);
    EXPECT_EQ(seat->name, QStringLiteral("room4-pc12"));  // named after the PC unless the trainer says otherwise
    EXPECT_TRUE(waitUntil([&] { return classroom.allOnline(); }));
    EXPECT_EQ(pendingWithKey(classroom.console(), classroom.agent(pc).keys.publicKey), nullptr);
}

TEST(Enrollment, ALongHostNameStillGetsAReadableReply)
{
    Classroom classroom;
    auto code = classroom.console().openEnrollment(2, 10min);
    ASSERT_TRUE(code.ok());
    // 127 ASCII bytes then two-byte characters: a byte cut at 128 would split one.
    std::string longName(127, 'p');
    while (longName.size() < 250)
        longName += "é";
    auto reply = enroll(classroom, bus::CurveKeyPair::generate(), code.value().display(), longName);
    ASSERT_TRUE(reply.ok()) << reply.error();
    EXPECT_EQ(reply.value().status, protocol::EnrollStatus::Accepted);
    EXPECT_LE(reply.value().seatName.size(), protocol::limits::kMaxSeatNameBytes);
    EXPECT_EQ(reply.value().seatName, std::string(127, 'p'));
}

TEST(Enrollment, AWrongCodeIsRefusedWithAClearMessageAndCountsAgainstTheCode)
{
    Classroom classroom;
    auto code = classroom.console().openEnrollment(5, 10min);
    ASSERT_TRUE(code.ok());
    const bus::CurveKeyPair pc = bus::CurveKeyPair::generate();

    auto reply = enroll(classroom, pc, wrongCodeFor(code.value()));
    ASSERT_FALSE(reply.ok());
    EXPECT_NE(reply.error().find("did not accept this code"), std::string::npos) << reply.error();
    EXPECT_TRUE(waitUntil([&] { return classroom.console().enrollment().wrongCodes() >= 1; }));
    EXPECT_LE(classroom.console().enrollment().wrongCodes(), 2);  // one attempt, not a retry storm
    EXPECT_TRUE(classroom.console().pendingSeats().empty());
    EXPECT_TRUE(classroom.console().enrollment().isOpen());
}

TEST(Enrollment, TooManyWrongCodesWithdrawTheCodeAndTellTheTrainer)
{
    Classroom classroom;
    auto code = classroom.console().openEnrollment(5, 10min);
    ASSERT_TRUE(code.ok());
    QSignalSpy problems(&classroom.console(), &console::ConsoleController::problem);
    const std::string endpoint = classroom.console().enrollmentEndpoint();

    for (int i = 0; i < console::EnrollmentDesk::kMaxWrongCodes && classroom.console().enrollment().isOpen(); ++i)
        (void)enroll(classroom, bus::CurveKeyPair::generate(), wrongCodeFor(code.value()), "guesser", endpoint);
    EXPECT_TRUE(waitUntil([&] { return !classroom.console().enrollment().isOpen(); }));
    EXPECT_GE(problems.count(), 1);

    // Now even the right code gets nowhere: nothing listens any more.
    auto reply = enroll(classroom, bus::CurveKeyPair::generate(), code.value().display(), "late", endpoint, 1500ms);
    ASSERT_FALSE(reply.ok());
    EXPECT_NE(reply.error().find("no console answers"), std::string::npos) << reply.error();
    auto stored = classroom.console().store().loadEnrollmentCode();
    ASSERT_TRUE(stored.ok());
    EXPECT_FALSE(stored.value().has_value());
}

TEST(Enrollment, ACodeAdmitsAsManyPcsAsItSaysAndTheSamePcAskingTwiceUsesOneSeat)
{
    Classroom classroom;
    auto code = classroom.console().openEnrollment(1, 10min);
    ASSERT_TRUE(code.ok());
    const bus::CurveKeyPair first = bus::CurveKeyPair::generate();
    const bus::CurveKeyPair second = bus::CurveKeyPair::generate();

    auto one = enroll(classroom, first, code.value().display());
    ASSERT_TRUE(one.ok()) << one.error();
    EXPECT_EQ(one.value().status, protocol::EnrollStatus::Accepted);
    auto again = enroll(classroom, first, code.value().display());
    ASSERT_TRUE(again.ok()) << again.error();
    EXPECT_EQ(again.value().status, protocol::EnrollStatus::Accepted);
    auto other = enroll(classroom, second, code.value().display());
    ASSERT_TRUE(other.ok()) << other.error();
    EXPECT_EQ(other.value().status, protocol::EnrollStatus::CodeUsedUp);
    EXPECT_EQ(pendingWithKey(classroom.console(), second.publicKey), nullptr);
    EXPECT_EQ(classroom.console().pendingSeats().size(), 1u);
}

TEST(Enrollment, ANewCodeReplacesTheOpenOneOnTheSamePort)
{
    Classroom classroom;
    // A fixed port, as in a real classroom (47301), so the new code must take
    // over the very port the old one just left.
    std::string fixed;
    {
        zmq::socket_t probe(classroom.agentContext(), zmq::socket_type::router);
        probe.set(zmq::sockopt::linger, 0);
        probe.bind("tcp://127.0.0.1:0");
        fixed = probe.get(zmq::sockopt::last_endpoint);
    }
    classroom.stopConsole();
    classroom.consoleSettings.enrollEndpoint = fixed;
    classroom.startConsole();
    auto first = classroom.console().openEnrollment(5, 10min);
    ASSERT_TRUE(first.ok()) << first.error();
    ASSERT_EQ(classroom.console().enrollmentEndpoint(), fixed);
    // Made from the shell while the first is open: same port, new key.
    const bus::EnrollmentCode second = bus::EnrollmentCode::generate();
    storeCodeAsAdminWould(classroom, second, 3, QDateTime::currentDateTimeUtc().addSecs(600));
    ASSERT_TRUE(classroom.console().enrollment().isOpen());
    EXPECT_EQ(classroom.console().enrollment().code()->canonical, second.canonical);
    EXPECT_EQ(classroom.console().enrollment().seatsLeft(), 3);

    auto withOld = enroll(classroom, bus::CurveKeyPair::generate(), first.value().display(), "old-code",
                          classroom.console().enrollmentEndpoint(), 1500ms);
    EXPECT_FALSE(withOld.ok());
    auto withNew = enroll(classroom, bus::CurveKeyPair::generate(), second.display(), "new-code",
                          classroom.console().enrollmentEndpoint());
    ASSERT_TRUE(withNew.ok()) << withNew.error();
    EXPECT_EQ(withNew.value().status, protocol::EnrollStatus::Accepted);
    EXPECT_EQ(classroom.console().enrollmentEndpoint(), fixed);
}

TEST(Enrollment, AnEnrolledPcIsToldSoAndNothingChanges)
{
    Classroom classroom(1);
    auto code = classroom.console().openEnrollment(3, 10min);
    ASSERT_TRUE(code.ok());
    auto reply = enroll(classroom, classroom.agent(0).keys, code.value().display());
    ASSERT_TRUE(reply.ok()) << reply.error();
    EXPECT_EQ(reply.value().status, protocol::EnrollStatus::AlreadyEnrolled);
    EXPECT_EQ(reply.value().seatName, "PC 1");
    EXPECT_EQ(classroom.console().enrollment().seatsLeft(), 3);
    EXPECT_TRUE(classroom.console().pendingSeats().empty());
}

TEST(Enrollment, AnExpiredCodeClosesTheEndpoint)
{
    Classroom classroom;
    // Written as classroom-admin would, expiring in a moment; the running
    // console picks it up from console.db.
    const bus::EnrollmentCode code = bus::EnrollmentCode::generate();
    storeCodeAsAdminWould(classroom, code, 5, QDateTime::currentDateTimeUtc().addMSecs(1500));
    ASSERT_TRUE(classroom.console().enrollment().isOpen());
    const std::string endpoint = classroom.console().enrollmentEndpoint();
    auto inTime = enroll(classroom, bus::CurveKeyPair::generate(), code.display(), "in-time", endpoint);
    EXPECT_TRUE(inTime.ok()) << inTime.error();

    EXPECT_TRUE(waitUntil([&] { return !classroom.console().enrollment().isOpen(); }, 5s));
    auto late = enroll(classroom, bus::CurveKeyPair::generate(), code.display(), "late", endpoint, 1500ms);
    ASSERT_FALSE(late.ok());
    // Usually nothing listens there any more. When tests run in parallel,
    // another test's console may already have been given the freed port; it
    // refuses the stale code. Either way the late PC is not let in.
    const bool closed = late.error().find("no console answers") != std::string::npos;
    const bool refused = late.error().find("did not accept this code") != std::string::npos;
    EXPECT_TRUE(closed || refused) << late.error();
    EXPECT_EQ(classroom.console().pendingSeats().size(), 1u);  // only the PC that came in time
}

TEST(Enrollment, OnlyEnrollRequestsAreAnsweredOnTheEnrollmentEndpoint)
{
    Classroom classroom;
    auto code = classroom.console().openEnrollment(5, 10min);
    ASSERT_TRUE(code.ok());
    // A PC that knows the code but sends a Hello instead: ignored, not enrolled.
    zmq::socket_t dealer(classroom.agentContext(), zmq::socket_type::dealer);
    const bus::CurveKeyPair pc = bus::CurveKeyPair::generate();
    dealer.set(zmq::sockopt::linger, 0);
    dealer.set(zmq::sockopt::curve_serverkey, code.value().serverKeys().publicKey);
    dealer.set(zmq::sockopt::curve_publickey, pc.publicKey);
    dealer.set(zmq::sockopt::curve_secretkey, pc.secretKey);
    dealer.connect(classroom.console().enrollmentEndpoint());
    const protocol::Bytes hello = protocol::encode(protocol::Envelope{1, protocol::Hello{"0.1.0", "sneaky", {}}});
    dealer.send(zmq::buffer(hello));
    runEventLoopFor(500ms);
    zmq::message_t answer;
    EXPECT_FALSE(dealer.recv(answer, zmq::recv_flags::dontwait));
    EXPECT_TRUE(classroom.console().pendingSeats().empty());
    EXPECT_FALSE(classroom.console().roster().contains(pc.publicKey));
}

TEST(Enrollment, ChangesMadeByClassroomAdminReachTheRunningConsole)
{
    Classroom classroom(2);
    classroom.startAllAgents();
    ASSERT_TRUE(waitUntil([&] { return classroom.allOnline(); }));
    const std::string dataDir = classroom.consoleSettings.dataDirectory.string();
    const auto admin = [&](QStringList arguments) {
        arguments << QStringLiteral("--data-dir") << QString::fromStdString(dataDir);
        std::FILE* sink = std::tmpfile();
        const int code = admin::run(arguments, sink, sink);
        std::fclose(sink);
        return code;
    };

    // Revoked from the shell: the console drops the seat and sends it nothing.
    ASSERT_EQ(admin({QStringLiteral("seats"), QStringLiteral("revoke"), QStringLiteral("PC 2")}), 0);
    classroom.console().syncWithStore();
    EXPECT_FALSE(classroom.console().roster().contains(classroom.agent(1).keys.publicKey));
    classroom.console().lockAll(QStringLiteral("Eyes front"));
    EXPECT_TRUE(waitUntil([&] { return classroom.agent(0).locked(); }));
    runEventLoopFor(500ms);
    EXPECT_FALSE(classroom.agent(1).locked());
    // Its next connection is refused.
    classroom.stopAgent(1);
    classroom.startAgent(1);
    EXPECT_TRUE(waitUntil([&] { return classroom.agent(1).controller->refusals() > 0; }));

    // A code made from the shell opens on the running console.
    ASSERT_EQ(admin({QStringLiteral("code"), QStringLiteral("new"), QStringLiteral("--seats"), QStringLiteral("2")}), 0);
    classroom.console().syncWithStore();
    ASSERT_TRUE(classroom.console().enrollment().isOpen());
    EXPECT_EQ(classroom.console().enrollment().seatsLeft(), 2);

    // The revoked PC enrolls again and IT approves it from the shell.
    auto stored = classroom.console().store().loadEnrollmentCode();
    ASSERT_TRUE(stored.ok() && stored.value());
    auto reply = enroll(classroom, classroom.agent(1).keys, stored.value()->code, "pc-two");
    ASSERT_TRUE(reply.ok()) << reply.error();
    EXPECT_EQ(reply.value().status, protocol::EnrollStatus::Accepted);
    ASSERT_EQ(admin({QStringLiteral("seats"), QStringLiteral("approve"),
                     QString::fromStdString(classroom.agent(1).keys.publicKey), QStringLiteral("--name"),
                     QStringLiteral("PC 2 again")}),
              0);
    classroom.console().syncWithStore();
    const console::Seat* seat = classroom.console().roster().find(classroom.agent(1).keys.publicKey);
    ASSERT_NE(seat, nullptr);
    EXPECT_EQ(seat->name, QStringLiteral("PC 2 again"));
    EXPECT_TRUE(classroom.console().pendingSeats().empty());
    // It connects without a restart and converges to the class's state.
    EXPECT_TRUE(waitUntil([&] { return classroom.allOnline(); }));

    auto audit = classroom.console().store().auditLog(10);
    ASSERT_TRUE(audit.ok());
    bool revokeLogged = false;
    for (const console::AuditEntry& entry : audit.value())
        revokeLogged = revokeLogged || (entry.action == "revoke_seat" && entry.seats == "PC 2");
    EXPECT_TRUE(revokeLogged);
}
