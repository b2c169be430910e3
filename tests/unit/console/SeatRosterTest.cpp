// The roster is the table the trainer reads; it must be a well-behaved model
// (checked by QAbstractItemModelTester) and say what screens do in plain words.

#include "common/bus/CurveKeys.h"
#include "teacher-console/core/SeatRoster.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>

#include <gtest/gtest.h>

#include <mutex>

using namespace classroom;
using namespace classroom::console;

namespace {

// Collects what QAbstractItemModelTester reports (category qt.modeltest) so a
// broken model fails the test instead of printing a warning.
class ModelTestMessages {
public:
    ModelTestMessages()
    {
        s_messages = &m_messages;
        m_previous = qInstallMessageHandler(&ModelTestMessages::handle);
    }
    ~ModelTestMessages()
    {
        qInstallMessageHandler(m_previous);
        s_messages = nullptr;
    }
    const QStringList& messages() const { return m_messages; }

private:
    static void handle(QtMsgType, const QMessageLogContext& context, const QString& message)
    {
        if (s_messages && context.category && QByteArray(context.category).startsWith("qt.modeltest"))
            s_messages->append(message);
    }
    static inline QStringList* s_messages = nullptr;
    QStringList m_messages;
    QtMessageHandler m_previous = nullptr;
};

Seat makeSeat(const QString& name)
{
    Seat seat;
    seat.key = bus::CurveKeyPair::generate().publicKey;
    seat.name = name;
    return seat;
}

QString cell(const SeatRoster& roster, int row, int column)
{
    return roster.data(roster.index(row, column)).toString();
}

}  // namespace

TEST(SeatRoster, PassesTheModelTesterWhileSeatsAreAddedAndChanged)
{
    ModelTestMessages messages;
    SeatRoster roster;
    QAbstractItemModelTester tester(&roster, QAbstractItemModelTester::FailureReportingMode::Warning);

    QSignalSpy inserted(&roster, &QAbstractItemModel::rowsInserted);
    QSignalSpy changed(&roster, &QAbstractItemModel::dataChanged);
    std::vector<std::string> keys;
    for (int i = 1; i <= 5; ++i) {
        Seat seat = makeSeat(QStringLiteral("PC %1").arg(i));
        keys.push_back(seat.key);
        roster.add(std::move(seat));
    }
    EXPECT_EQ(inserted.count(), 5);
    EXPECT_EQ(roster.rowCount(), 5);
    EXPECT_EQ(roster.columnCount(), SeatRoster::ColumnCount);

    // Adding a key that is already there changes nothing.
    Seat duplicate = makeSeat(QStringLiteral("impostor"));
    duplicate.key = keys[2];
    roster.add(std::move(duplicate));
    EXPECT_EQ(roster.rowCount(), 5);
    EXPECT_EQ(cell(roster, 2, SeatRoster::NameColumn), QStringLiteral("PC 3"));

    Seat* seat = roster.find(keys[3]);
    ASSERT_NE(seat, nullptr);
    seat->online = true;
    seat->hostName = QStringLiteral("pc-04");
    seat->agentVersion = QStringLiteral("0.1.0");
    seat->lastSeen = QDateTime::currentDateTimeUtc();
    seat->desired = protocol::SeatState{1, true, "Wait"};
    roster.seatChanged(keys[3]);
    ASSERT_EQ(changed.count(), 1);
    EXPECT_EQ(changed[0][0].toModelIndex(), roster.index(3, 0));
    EXPECT_EQ(changed[0][1].toModelIndex(), roster.index(3, SeatRoster::ColumnCount - 1));

    roster.seatChanged("no such key");
    EXPECT_EQ(changed.count(), 1);

    EXPECT_TRUE(messages.messages().isEmpty()) << messages.messages().join(QLatin1Char('\n')).toStdString();
}

TEST(SeatRoster, RowsShowWhatTheTrainerNeeds)
{
    SeatRoster roster;
    roster.add(makeSeat(QStringLiteral("PC 1")));
    Seat seen = makeSeat(QStringLiteral("PC 2"));
    seen.hostName = QStringLiteral("pc-02");
    seen.online = true;
    seen.agentVersion = QStringLiteral("0.1.0");
    seen.lastSeen = QDateTime::fromString(QStringLiteral("2024-05-01T09:15:30Z"), Qt::ISODate);
    const std::string seenKey = seen.key;
    roster.add(std::move(seen));

    EXPECT_EQ(cell(roster, 0, SeatRoster::NameColumn), QStringLiteral("PC 1"));
    EXPECT_EQ(cell(roster, 0, SeatRoster::ComputerColumn), QStringLiteral("not seen yet"));
    EXPECT_EQ(cell(roster, 0, SeatRoster::ConnectionColumn), QStringLiteral("Offline"));
    EXPECT_EQ(cell(roster, 0, SeatRoster::LastSeenColumn), QStringLiteral("never"));

    EXPECT_EQ(cell(roster, 1, SeatRoster::ComputerColumn), QStringLiteral("pc-02"));
    EXPECT_EQ(cell(roster, 1, SeatRoster::ConnectionColumn), QStringLiteral("Online"));
    EXPECT_EQ(cell(roster, 1, SeatRoster::VersionColumn), QStringLiteral("0.1.0"));
    EXPECT_EQ(cell(roster, 1, SeatRoster::LastSeenColumn),
              roster.find(seenKey)->lastSeen.toLocalTime().toString(QStringLiteral("HH:mm:ss")));
    EXPECT_EQ(roster.data(roster.index(1, 0), SeatRoster::SeatKeyRole).toString().toStdString(), seenKey);
    EXPECT_TRUE(roster.data(roster.index(1, 0), SeatRoster::OnlineRole).toBool());
    EXPECT_TRUE(roster.data(roster.index(1, 0), Qt::ToolTipRole).toString().contains(QString::fromStdString(seenKey)));

    EXPECT_EQ(roster.headerData(SeatRoster::NameColumn, Qt::Horizontal).toString(), QStringLiteral("Seat"));
    EXPECT_EQ(roster.headerData(SeatRoster::ScreenColumn, Qt::Horizontal).toString(), QStringLiteral("Screen"));
    EXPECT_FALSE(roster.headerData(0, Qt::Vertical).isValid());
    EXPECT_FALSE(roster.data(roster.index(5, 0)).isValid());
}

TEST(SeatRoster, ScreenTextSaysWhatTheScreenIsDoingInPlainWords)
{
    SeatRoster roster;
    Seat seat = makeSeat(QStringLiteral("PC 1"));

    seat.confirmed = protocol::SeatState{};
    EXPECT_EQ(roster.screenText(seat), QStringLiteral("Unlocked"));

    seat.desired = protocol::SeatState{1, true, "Wait"};
    seat.online = true;
    EXPECT_EQ(roster.screenText(seat), QStringLiteral("Locking…"));
    seat.online = false;
    EXPECT_EQ(roster.screenText(seat), QStringLiteral("Will lock when it connects"));
    seat.confirmed = seat.desired;
    EXPECT_EQ(roster.screenText(seat), QStringLiteral("Locked"));

    seat.desired = protocol::SeatState{2, false, ""};
    seat.online = true;
    EXPECT_EQ(roster.screenText(seat), QStringLiteral("Unlocking…"));
    seat.online = false;
    EXPECT_EQ(roster.screenText(seat), QStringLiteral("Will unlock when it connects"));
}

TEST(SeatRoster, CountsOnlineSeatsAndConfirmedLocks)
{
    SeatRoster roster;
    std::vector<std::string> keys;
    for (int i = 0; i < 4; ++i) {
        Seat seat = makeSeat(QStringLiteral("PC %1").arg(i + 1));
        keys.push_back(seat.key);
        roster.add(std::move(seat));
    }
    const protocol::SeatState locked{1, true, "x"};
    roster.find(keys[0])->online = true;
    roster.find(keys[0])->desired = locked;
    roster.find(keys[0])->confirmed = locked;             // locked and confirmed
    roster.find(keys[1])->online = true;
    roster.find(keys[1])->desired = locked;               // asked, not confirmed yet
    roster.find(keys[2])->desired = locked;
    roster.find(keys[2])->confirmed = protocol::SeatState{};  // confirmed an older state
    EXPECT_EQ(roster.onlineCount(), 2);
    EXPECT_EQ(roster.lockedConfirmedCount(), 1);
    EXPECT_TRUE(roster.data(roster.index(0, 0), SeatRoster::ConvergedRole).toBool());
    EXPECT_FALSE(roster.data(roster.index(1, 0), SeatRoster::ConvergedRole).toBool());
    EXPECT_TRUE(roster.data(roster.index(1, 0), SeatRoster::LockedRole).toBool());
}
