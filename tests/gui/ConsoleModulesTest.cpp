// Course modules in the trainer's window over a real classroom (console core
// and agent cores on loopback): adding a module, sending it, leading the class
// through its pages, and what the trainer sees when a module has problems.

#include "teacher-console/ui/MainWindow.h"
#include "teacher-console/ui/ModulePanel.h"
#include "tests/gui/Screenshot.h"
#include "tests/support/Classroom.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialog>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <gtest/gtest.h>

using namespace classroom;
using namespace classroom::test;

namespace {

const QString kSampleModule = QStringLiteral(CLASSROOM_SAMPLE_MODULE_DIR);

template <typename T>
T* named(const QWidget& root, const char* name)
{
    T* found = root.findChild<T*>(QString::fromLatin1(name));
    EXPECT_NE(found, nullptr) << name;
    return found;
}

void writeFile(const QString& path, const QByteArray& text)
{
    ASSERT_TRUE(QDir().mkpath(QFileInfo(path).path()));
    QFile file(path);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write(text);
}

// The problems dialog the window shows after a failed import, if any.
QDialog* problemsDialog()
{
    for (QWidget* widget : QApplication::topLevelWidgets())
        if (widget->objectName() == QLatin1String("ModuleProblemsDialog") && widget->isVisible())
            return qobject_cast<QDialog*>(widget);
    return nullptr;
}

class ConsoleModulesTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        m_classroom.startAllAgents();
        m_window = std::make_unique<console::MainWindow>(m_classroom.console());
        m_window->resize(1280, 800);  // a common classroom laptop screen
        m_window->show();
        ASSERT_TRUE(QTest::qWaitForWindowExposed(m_window.get()));
        ASSERT_TRUE(waitUntil([&] { return m_classroom.allOnline(); }));
    }

    void TearDown() override
    {
        if (QDialog* dialog = problemsDialog())
            dialog->close();
    }

    console::MainWindow& window() { return *m_window; }
    console::ModulePanel& panel() { return *m_window->modulePanel(); }
    QPushButton* button(const char* name) { return named<QPushButton>(*m_window, name); }
    QListWidget* library() { return named<QListWidget>(*m_window, "ModuleList"); }

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
    bool everySeatSays(int column, const QString& text) const
    {
        for (int row = 0; row < 3; ++row)
            if (cell(row, column) != text)
                return false;
        return true;
    }
    bool everyViewOn(int page)
    {
        for (int i = 0; i < 3; ++i)
            if (!m_classroom.agent(i).view->isOpen() || m_classroom.agent(i).view->page() != page)
                return false;
        return true;
    }

    // Restarts PC `index` as one that refuses modules larger than `maxBytes`:
    // a real agent, so its "Failed" travels the real way to the table.
    void restartAgentWithModuleLimit(int index, std::uint64_t maxBytes)
    {
        m_classroom.stopAgent(index);
        TestAgent& pc = m_classroom.agent(index);
        auto settings = fastAgentSettings(pc.stateDirectory);
        settings.consoleEndpoint = m_classroom.endpoint();
        settings.consolePublicKey = m_classroom.consoleKeys().publicKey;
        settings.hostName = "test-pc-" + std::to_string(index + 1);
        settings.maxModuleBytes = maxBytes;
        auto store = agent::AgentStateStore::open(settings.databaseFile());
        ASSERT_TRUE(store.ok()) << store.error();
        pc.locker = std::make_unique<agent::HeadlessScreenLocker>();
        pc.view = std::make_unique<agent::HeadlessModuleView>();
        pc.controller = std::make_unique<agent::AgentController>(m_classroom.agentContext(), settings, pc.keys,
                                                                 std::move(store).value(), *pc.locker, *pc.view);
        pc.controller->start();
    }

    Classroom m_classroom{3};
    std::unique_ptr<console::MainWindow> m_window;
};

}  // namespace

TEST_F(ConsoleModulesTest, ASentModuleReachesEveryPcAndTheTrainerLeadsItsPages)
{
    EXPECT_FALSE(button("SendModuleToAllButton")->isEnabled());  // nothing to send yet
    panel().importModuleFrom(kSampleModule);
    ASSERT_EQ(problemsDialog(), nullptr);
    ASSERT_EQ(library()->count(), 1);
    ASSERT_EQ(library()->selectedItems().size(), 1);
    const QListWidgetItem* item = library()->item(0);
    EXPECT_TRUE(item->text().startsWith(QStringLiteral("Staying safe online — 1.0 · 10 pages · ")) &&
                item->text().endsWith(QStringLiteral(" KB")))
        << item->text().toStdString();
    EXPECT_TRUE(item->toolTip().contains(QStringLiteral("By Classroom project"))) << item->toolTip().toStdString();
    EXPECT_TRUE(item->toolTip().contains(QStringLiteral("Spot a message or a phone call")));
    EXPECT_FALSE(named<QWidget>(window(), "LeadBox")->isEnabled());  // not on any PC yet
    EXPECT_FALSE(button("SendModuleToSelectedButton")->isEnabled());  // no seat chosen

    QTest::mouseClick(button("SendModuleToAllButton"), Qt::LeftButton);
    // Loopback is fast: the table may go straight to Ready.
    const auto anyReceiving = [&] {
        for (int row = 0; row < 3; ++row)
            if (cell(row, console::SeatRoster::ModuleColumn).startsWith(QStringLiteral("Receiving")))
                return true;
        return false;
    };
    if (waitUntil([&] { return anyReceiving() || everySeatSays(console::SeatRoster::ModuleColumn, QStringLiteral("Ready")); }) &&
        anyReceiving())
        saveScreenshot(window(), QStringLiteral("console-module-receiving"));

    ASSERT_TRUE(waitUntil([&] { return everySeatSays(console::SeatRoster::ModuleColumn, QStringLiteral("Ready")); }))
        << cell(0, console::SeatRoster::ModuleColumn).toStdString();
    ASSERT_TRUE(waitUntil([&] { return everyViewOn(0); }));
    EXPECT_TRUE(waitUntil([&] { return everySeatSays(console::SeatRoster::PageColumn, QStringLiteral("Page 1 of 10")); }));
    auto* pageLabel = named<QLabel>(window(), "ClassPageLabel");
    const console::LibraryModule* sample = m_classroom.console().library().modules().front();
    EXPECT_EQ(pageLabel->text().toStdString(), "Page 1 of 10: " + sample->info.pageTitles[0]);
    EXPECT_EQ(named<QLabel>(window(), "ModuleSeatsLabel")->text().toStdString(), "On 3 computers: 3 ready");
    EXPECT_FALSE(button("PreviousPageButton")->isEnabled());  // already on the first page

    // Ready is green; the Module and Page columns fit without scrolling sideways.
    const QAbstractItemModel* model = window().seatTable()->model();
    EXPECT_EQ(model->data(model->index(0, console::SeatRoster::ModuleColumn), Qt::ForegroundRole).value<QBrush>().color(),
              QColor(0x1b, 0x7a, 0x2e));
    QTableView* table = window().seatTable();
    EXPECT_EQ(table->horizontalScrollBar()->maximum(), 0);
    const int viewportWidth = table->viewport()->width();
    for (int column : {console::SeatRoster::ModuleColumn, console::SeatRoster::PageColumn})
        EXPECT_LE(table->columnViewportPosition(column) + table->columnWidth(column), viewportWidth) << column;
    saveScreenshot(window(), QStringLiteral("console-module-ready"));

    QTest::mouseClick(button("NextPageButton"), Qt::LeftButton);
    ASSERT_TRUE(waitUntil([&] { return everyViewOn(1); }));
    EXPECT_TRUE(waitUntil([&] { return everySeatSays(console::SeatRoster::PageColumn, QStringLiteral("Page 2 of 10")); }));
    EXPECT_EQ(pageLabel->text().toStdString(), "Page 2 of 10: " + sample->info.pageTitles[1]);
    EXPECT_TRUE(button("PreviousPageButton")->isEnabled());

    // Jumping with the page list, then back one page.
    auto* pages = named<QComboBox>(window(), "PageChoice");
    ASSERT_EQ(pages->count(), 10);
    EXPECT_EQ(pages->currentIndex(), 1);
    pages->setFocus();
    QTest::keyClick(pages, Qt::Key_End);  // the last page, as a trainer picks it from the list
    ASSERT_TRUE(waitUntil([&] { return everyViewOn(9); }));
    EXPECT_FALSE(button("NextPageButton")->isEnabled());  // the last page
    QTest::mouseClick(button("PreviousPageButton"), Qt::LeftButton);
    ASSERT_TRUE(waitUntil([&] { return everyViewOn(8); }));
    EXPECT_EQ(pages->currentIndex(), 8);

    auto* freeBrowsing = named<QCheckBox>(window(), "FreeBrowsingCheck");
    EXPECT_FALSE(freeBrowsing->isChecked());
    QTest::mouseClick(freeBrowsing, Qt::LeftButton);
    EXPECT_TRUE(waitUntil([&] {
        for (int i = 0; i < 3; ++i)
            if (!m_classroom.agent(i).view->freeBrowsing())
                return false;
        return true;
    }));
    EXPECT_TRUE(freeBrowsing->isChecked());

    QTest::mouseClick(button("CloseModuleButton"), Qt::LeftButton);
    EXPECT_TRUE(waitUntil([&] {
        for (int i = 0; i < 3; ++i)
            if (m_classroom.agent(i).view->isOpen())
                return false;
        return true;
    }));
    EXPECT_TRUE(everySeatSays(console::SeatRoster::ModuleColumn, QString()));
    EXPECT_FALSE(named<QWidget>(window(), "LeadBox")->isEnabled());
}

TEST_F(ConsoleModulesTest, SendToSelectedSeatsReachesOnlyTheChosenSeats)
{
    panel().importModuleFrom(kSampleModule);
    ASSERT_EQ(library()->count(), 1);
    window().seatTable()->selectRow(rowOfAgent(1));
    ASSERT_TRUE(button("SendModuleToSelectedButton")->isEnabled());
    QTest::mouseClick(button("SendModuleToSelectedButton"), Qt::LeftButton);

    ASSERT_TRUE(waitUntil([&] { return m_classroom.agent(1).view->isOpen(); }));
    EXPECT_TRUE(waitUntil([&] { return cell(rowOfAgent(1), console::SeatRoster::ModuleColumn) == QStringLiteral("Ready"); }));
    EXPECT_EQ(named<QLabel>(window(), "ModuleSeatsLabel")->text().toStdString(), "On 1 computer: 1 ready");

    // Leading moves the seats that have the module, whichever rows are chosen.
    window().seatTable()->clearSelection();
    EXPECT_FALSE(button("SendModuleToSelectedButton")->isEnabled());
    QTest::mouseClick(button("NextPageButton"), Qt::LeftButton);
    ASSERT_TRUE(waitUntil([&] { return m_classroom.agent(1).view->page() == 1; }));
    runEventLoopFor(300ms);  // the others were never sent the module
    EXPECT_FALSE(m_classroom.agent(0).view->isOpen());
    EXPECT_FALSE(m_classroom.agent(2).view->isOpen());
    EXPECT_EQ(cell(rowOfAgent(0), console::SeatRoster::ModuleColumn), QString());
}

TEST_F(ConsoleModulesTest, APcThatCannotTakeTheModuleShowsFailedInRedAndTheOthersReadyInGreen)
{
    restartAgentWithModuleLimit(2, 100 * 1024);  // the sample is over 300 KB
    ASSERT_TRUE(waitUntil([&] { return m_classroom.allOnline(); }));
    panel().importModuleFrom(kSampleModule);
    QTest::mouseClick(button("SendModuleToAllButton"), Qt::LeftButton);

    const int failedRow = rowOfAgent(2);
    ASSERT_TRUE(waitUntil([&] {
        return cell(failedRow, console::SeatRoster::ModuleColumn).startsWith(QStringLiteral("Failed: ")) &&
               cell(rowOfAgent(0), console::SeatRoster::ModuleColumn) == QStringLiteral("Ready") &&
               cell(rowOfAgent(1), console::SeatRoster::ModuleColumn) == QStringLiteral("Ready");
    })) << cell(failedRow, console::SeatRoster::ModuleColumn).toStdString();
    const QAbstractItemModel* model = window().seatTable()->model();
    const auto colour = [&](int row) {
        return model->data(model->index(row, console::SeatRoster::ModuleColumn), Qt::ForegroundRole)
            .value<QBrush>()
            .color();
    };
    EXPECT_EQ(colour(failedRow), QColor(0xb0, 0x00, 0x20));
    EXPECT_EQ(colour(rowOfAgent(0)), QColor(0x1b, 0x7a, 0x2e));
    EXPECT_EQ(named<QLabel>(window(), "ModuleSeatsLabel")->text().toStdString(),
              "On 3 computers: 2 ready, 1 failed (see the Module column)");
    EXPECT_FALSE(m_classroom.agent(2).view->isOpen());
    QApplication::processEvents();  // the label's new second line is laid out
    saveScreenshot(window(), QStringLiteral("console-module-failed"));
}

TEST_F(ConsoleModulesTest, EverythingFitsOnALaptopScreenWhileComputersAreBeingAdded)
{
    panel().importModuleFrom(kSampleModule);
    QTest::mouseClick(button("SendModuleToAllButton"), Qt::LeftButton);
    ASSERT_TRUE(waitUntil([&] { return everySeatSays(console::SeatRoster::ModuleColumn, QStringLiteral("Ready")); }));
    // The busiest the window gets: the enrollment code and a computer waiting.
    window().startAddingComputers(2, 10);
    const int stranger = m_classroom.addAgent(false);
    m_classroom.startAgent(stranger);
    ASSERT_TRUE(waitUntil([&] { return window().pendingList()->count() == 1; }));
    QApplication::processEvents();

    EXPECT_LE(window().minimumSizeHint().height(), 800);
    EXPECT_LE(window().minimumSizeHint().width(), 1280);
    EXPECT_EQ(window().size(), QSize(1280, 800));
    EXPECT_EQ(window().seatTable()->horizontalScrollBar()->maximum(), 0);
    EXPECT_TRUE(named<QWidget>(window(), "CloseModuleButton")->isVisible());
    saveScreenshot(window(), QStringLiteral("console-module-crowded"));
}

TEST_F(ConsoleModulesTest, AddingTheSameModuleAgainSaysSoAndAddsNothing)
{
    panel().importModuleFrom(kSampleModule);
    panel().importModuleFrom(kSampleModule);
    EXPECT_EQ(problemsDialog(), nullptr);
    EXPECT_EQ(library()->count(), 1);
    EXPECT_EQ(library()->selectedItems().size(), 1);
    auto* notice = named<QLabel>(window(), "ModuleNoticeLabel");
    EXPECT_TRUE(notice->isVisible());
    EXPECT_TRUE(notice->text().contains(QStringLiteral("already in the list"))) << notice->text().toStdString();
}

TEST_F(ConsoleModulesTest, AModuleWithAMissingPageIsNotAddedAndItsProblemsAreListed)
{
    QTemporaryDir broken;
    ASSERT_TRUE(broken.isValid());
    writeFile(broken.filePath(QStringLiteral("module.txt")), "title: Broken module\n"
                                                            "language: en\n"
                                                            "version: 0.1\n"
                                                            "page: pages/01-hello.md\n"
                                                            "page: pages/02-missing.md\n"
                                                            "questions: quiz.gift\n");
    writeFile(broken.filePath(QStringLiteral("pages/01-hello.md")), "# Hello\n\n![A map](images/map.png)\n");

    panel().importModuleFrom(broken.path());

    QDialog* dialog = problemsDialog();
    ASSERT_NE(dialog, nullptr);
    EXPECT_EQ(library()->count(), 0);
    const QList<QLabel*> labels = dialog->findChildren<QLabel*>();
    EXPECT_TRUE(std::any_of(labels.begin(), labels.end(), [](const QLabel* label) {
        return label->text() == QStringLiteral("This module has problems and was not added:");
    }));
    auto* problems = named<QPlainTextEdit>(*dialog, "ModuleProblemsText");
    ASSERT_NE(problems, nullptr);
    EXPECT_TRUE(problems->isReadOnly());
    EXPECT_TRUE(problems->toPlainText().contains(
        QStringLiteral("module.txt:5: page 'pages/02-missing.md' does not exist")))
        << problems->toPlainText().toStdString();
    EXPECT_TRUE(problems->toPlainText().contains(QStringLiteral("module.txt:6: questions file 'quiz.gift' does not exist")))
        << problems->toPlainText().toStdString();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(dialog));
    saveScreenshot(*dialog, QStringLiteral("console-module-problems"));

    // The window goes on: a good module can still be added.
    dialog->close();
    panel().importModuleFrom(kSampleModule);
    EXPECT_EQ(library()->count(), 1);
}
