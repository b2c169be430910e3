// The trainer's window over a real classroom (console core and agent cores on
// loopback, CURVE on): every test clicks what a trainer clicks and checks what
// the PCs and the table then show.

#include "common/bus/EnrollmentCode.h"
#include "student-agent/core/EnrollmentClient.h"
#include "teacher-console/ui/MainWindow.h"
#include "tests/gui/Screenshot.h"
#include "tests/support/Classroom.h"

#include <QApplication>
#include <QDialog>
#include <QGroupBox>
#include <QSpinBox>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QTableView>
#include <QTest>
#include <QTimer>

#include <gtest/gtest.h>

using namespace classroom;
using namespace classroom::test;

namespace {

class ConsoleWindowTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        m_classroom.startAllAgents();
        m_window = std::make_unique<console::MainWindow>(m_classroom.console());
        m_window->show();
        ASSERT_TRUE(QTest::qWaitForWindowExposed(m_window.get()));
        ASSERT_TRUE(waitUntil([&] { return m_classroom.allOnline(); }));
    }

    console::MainWindow& window() { return *m_window; }
    QString cell(int row, int column) const
    {
        const QAbstractItemModel* model = m_window->seatTable()->model();
        return model->data(model->index(row, column)).toString();
    }
    int rowOfAgent(int agent)
    {
        const QAbstractItemModel* model = m_window->seatTable()->model();
        for (int row = 0; row < model->rowCount(); ++row)
            if (model->data(model->index(row, 0), console::SeatRoster::SeatKeyRole).toString().toStdString() ==
                m_classroom.agent(agent).keys.publicKey)
                return row;
        return -1;
    }

    Classroom m_classroom{3};
    std::unique_ptr<console::MainWindow> m_window;
};

}  // namespace

TEST_F(ConsoleWindowTest, EverySeatAppearsOnlineInTheTableAndTheSummary)
{
    EXPECT_EQ(window().seatTable()->model()->rowCount(), 3);
    for (int row = 0; row < 3; ++row)
        EXPECT_TRUE(waitUntil([&] { return cell(row, console::SeatRoster::ConnectionColumn) == QStringLiteral("Online"); }));
    EXPECT_TRUE(waitUntil([&] { return window().summaryLabel()->text().startsWith(QStringLiteral("3 of 3 computers online")); }))
        << window().summaryLabel()->text().toStdString();
    EXPECT_EQ(cell(rowOfAgent(1), console::SeatRoster::ComputerColumn), QStringLiteral("test-pc-2"));
}

TEST_F(ConsoleWindowTest, LockAllWithAMessageLocksEveryPcAndUnlockAllReleasesThem)
{
    QTest::keyClicks(window().messageField(), QStringLiteral("Eyes on the trainer, please"));
    QTest::mouseClick(window().lockAllButton(), Qt::LeftButton);

    ASSERT_TRUE(waitUntil([&] { return m_classroom.allConverged(true); }));
    for (int i = 0; i < 3; ++i)
        EXPECT_EQ(m_classroom.agent(i).locker->message(), QStringLiteral("Eyes on the trainer, please"));
    for (int row = 0; row < 3; ++row)
        EXPECT_TRUE(waitUntil([&] { return cell(row, console::SeatRoster::ScreenColumn) == QStringLiteral("Locked"); }));
    EXPECT_TRUE(waitUntil([&] { return window().summaryLabel()->text() == QStringLiteral("3 of 3 computers online · 3 locked"); }))
        << window().summaryLabel()->text().toStdString();
    saveScreenshot(window(), QStringLiteral("console-all-locked"));

    QTest::mouseClick(window().unlockAllButton(), Qt::LeftButton);
    ASSERT_TRUE(waitUntil([&] { return m_classroom.allConverged(false); }));
    for (int row = 0; row < 3; ++row)
        EXPECT_TRUE(waitUntil([&] { return cell(row, console::SeatRoster::ScreenColumn) == QStringLiteral("Unlocked"); }));
}

TEST_F(ConsoleWindowTest, LockSelectedLocksOnlyTheChosenSeat)
{
    EXPECT_FALSE(window().lockSelectedButton()->isEnabled());  // nothing chosen yet
    window().seatTable()->selectRow(rowOfAgent(1));
    ASSERT_TRUE(window().lockSelectedButton()->isEnabled());
    QTest::keyClicks(window().messageField(), QStringLiteral("Please wait for me"));
    QTest::mouseClick(window().lockSelectedButton(), Qt::LeftButton);

    ASSERT_TRUE(waitUntil([&] { return m_classroom.agent(1).locked(); }));
    EXPECT_EQ(m_classroom.agent(1).locker->message(), QStringLiteral("Please wait for me"));
    runEventLoopFor(300ms);  // the others were never sent a lock
    EXPECT_FALSE(m_classroom.agent(0).locked());
    EXPECT_FALSE(m_classroom.agent(2).locked());

    QTest::mouseClick(window().unlockSelectedButton(), Qt::LeftButton);
    EXPECT_TRUE(waitUntil([&] { return !m_classroom.agent(1).locked(); }));
}

TEST_F(ConsoleWindowTest, APcWhoseAgentDiesIsShownAsAgentLostAndGreyedOut)
{
    m_classroom.stopAgent(2);
    const int row = rowOfAgent(2);
    ASSERT_TRUE(waitUntil([&] { return cell(row, console::SeatRoster::ConnectionColumn) == QStringLiteral("Agent lost"); }, 5s));
    EXPECT_TRUE(waitUntil([&] { return window().summaryLabel()->text().startsWith(QStringLiteral("2 of 3 computers online")); }));
    const QAbstractItemModel* model = window().seatTable()->model();
    const QColor text = model->data(model->index(row, 0), Qt::ForegroundRole).value<QColor>();
    const QColor online = model->data(model->index(rowOfAgent(0), 0), Qt::ForegroundRole).value<QColor>();
    EXPECT_NE(text, online);
    saveScreenshot(window(), QStringLiteral("console-one-offline"));
}

TEST_F(ConsoleWindowTest, AnUnknownComputerWaitsInTheListUntilTheTrainerLetsItJoin)
{
    EXPECT_FALSE(window().pendingList()->isVisible());
    const int stranger = m_classroom.addAgent(false);
    m_classroom.startAgent(stranger);
    ASSERT_TRUE(waitUntil([&] { return window().pendingList()->count() == 1; }));
    EXPECT_TRUE(window().pendingList()->isVisible());
    EXPECT_EQ(window().seatTable()->model()->rowCount(), 3);  // not a seat yet
    saveScreenshot(window(), QStringLiteral("console-pending"));

    // The trainer names it in the dialog and presses OK.
    QTimer::singleShot(0, [] {
        auto* dialog = qobject_cast<QInputDialog*>(QApplication::activeModalWidget());
        ASSERT_NE(dialog, nullptr);
        dialog->setTextValue(QStringLiteral("PC 9"));
        dialog->accept();
    });
    auto* approve = window().pendingList()->parentWidget()->findChild<QPushButton*>();
    ASSERT_NE(approve, nullptr);
    QTest::mouseClick(approve, Qt::LeftButton);

    EXPECT_EQ(window().pendingList()->count(), 0);
    ASSERT_TRUE(waitUntil([&] { return m_classroom.console().roster().find(m_classroom.agent(stranger).keys.publicKey) &&
                                       m_classroom.console().roster().find(m_classroom.agent(stranger).keys.publicKey)->online; }));
    EXPECT_EQ(cell(rowOfAgent(stranger), console::SeatRoster::NameColumn), QStringLiteral("PC 9"));
}

TEST_F(ConsoleWindowTest, AddComputersShowsTheCodeAndTheComputersThatCameWithIt)
{
    EXPECT_FALSE(window().enrollmentBox()->isVisible());

    // The trainer asks for a code for 2 computers, valid 10 minutes.
    QTimer::singleShot(0, [] {
        auto* dialog = qobject_cast<QDialog*>(QApplication::activeModalWidget());
        ASSERT_NE(dialog, nullptr);
        const QList<QSpinBox*> boxes = dialog->findChildren<QSpinBox*>();
        ASSERT_EQ(boxes.size(), 2);
        boxes[0]->setValue(2);
        boxes[1]->setValue(10);
        dialog->accept();
    });
    QTest::mouseClick(window().addComputersButton(), Qt::LeftButton);

    const console::EnrollmentDesk& desk = m_classroom.console().enrollment();
    ASSERT_TRUE(desk.isOpen());
    ASSERT_TRUE(desk.code());
    EXPECT_EQ(desk.seatsLeft(), 2);
    EXPECT_TRUE(window().enrollmentBox()->isVisible());
    EXPECT_FALSE(window().addComputersButton()->isEnabled());
    EXPECT_EQ(window().enrollmentCodeLabel()->text(), QString::fromStdString(desk.code()->display()));

    // IT staff type the code on a new PC: it shows up by its host name.
    const bus::CurveKeyPair pcKeys = bus::CurveKeyPair::generate();
    agent::EnrollmentClient client(m_classroom.agentContext(), pcKeys);
    std::optional<Result<protocol::EnrollReply>> outcome;
    client.start(m_classroom.console().enrollmentEndpoint(), *desk.code(), protocol::EnrollRequest{"pc-lab-07", "0.1.0"},
                 5s, [&](Result<protocol::EnrollReply> result) { outcome = std::move(result); });
    ASSERT_TRUE(waitUntil([&] { return outcome.has_value(); }, 10s));
    ASSERT_TRUE(outcome->ok()) << outcome->error();
    ASSERT_TRUE(waitUntil([&] { return window().pendingList()->count() == 1; }));
    EXPECT_TRUE(window().pendingList()->item(0)->text().startsWith(QStringLiteral("pc-lab-07 at ")))
        << window().pendingList()->item(0)->text().toStdString();
    saveScreenshot(window(), QStringLiteral("console-adding-computers"));

    QTest::mouseClick(window().stopAddingButton(), Qt::LeftButton);
    EXPECT_FALSE(desk.isOpen());
    EXPECT_FALSE(window().enrollmentBox()->isVisible());
    EXPECT_TRUE(window().addComputersButton()->isEnabled());
}
