// Questions in the trainer's window over a real classroom (console core and
// agent cores on loopback, CURVE on): asking a question, answers arriving on
// the chart, stopping and showing the right answer, the projector that names
// nobody, learner codes, and the results with grading and saving.

#include "common/module/Gift.h"
#include "teacher-console/ui/DistributionChart.h"
#include "teacher-console/ui/LearnersDialog.h"
#include "teacher-console/ui/MainWindow.h"
#include "teacher-console/ui/ModulePanel.h"
#include "teacher-console/ui/ProjectorWindow.h"
#include "teacher-console/ui/QuizPanel.h"
#include "teacher-console/ui/ResultsDialog.h"
#include "tests/gui/Screenshot.h"
#include "tests/support/Classroom.h"

#include <QAbstractButton>
#include <QApplication>
#include <QCheckBox>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>

using namespace classroom;
using namespace classroom::test;

namespace {

const QString kSampleModule = QStringLiteral(CLASSROOM_SAMPLE_MODULE_DIR);
// Questions of the sample module (0-based, as on the wire).
constexpr std::uint32_t kNeverShare = 1;  // multiple choice: =Your PIN code ~Your full name ~Your phone number ~The town
constexpr std::uint32_t kMyPlan = 13;     // essay
const char* const kCodes[] = {"A-101", "B-202", "C-303"};

template <typename T>
T* named(const QObject& root, const char* name)
{
    T* found = root.findChild<T*>(QString::fromLatin1(name));
    EXPECT_NE(found, nullptr) << name;
    return found;
}

// Does what a trainer does in the next modal dialog the window opens, from
// inside that dialog's event loop. Fails the test if none opens.
template <typename Dialog>
void whenDialogOpens(std::function<void(Dialog&)> act)
{
    auto* poll = new QTimer;
    poll->setInterval(20);
    auto deadline = std::chrono::steady_clock::now() + 10s;
    QObject::connect(poll, &QTimer::timeout, [poll, act, deadline] {
        auto* dialog = qobject_cast<Dialog*>(QApplication::activeModalWidget());
        if (!dialog && std::chrono::steady_clock::now() < deadline)
            return;
        poll->stop();
        poll->deleteLater();
        if (!dialog) {
            ADD_FAILURE() << "no dialog opened";
            return;
        }
        act(*dialog);
    });
    poll->start();
}

// A file dialog answered with `path`, as if typed and confirmed.
void answerFileDialogWith(const QString& path)
{
    whenDialogOpens<QFileDialog>([path](QFileDialog& dialog) {
        auto* name = dialog.findChild<QLineEdit*>(QStringLiteral("fileNameEdit"));
        if (!name) {
            ADD_FAILURE() << "the file dialog has no file name field";
            dialog.reject();
            return;
        }
        // Typed, then confirmed with the dialog's own accept(): a Return key
        // can land in the file-name completer's popup on a loaded machine.
        name->selectAll();
        QTest::keyClicks(name, path);
        dialog.selectFile(path);
        static_cast<QDialog&>(dialog).accept();  // QFileDialog's own accept(), through the public base
    });
}

// Every text a widget and its children show or tell a screen reader.
QStringList textsOf(const QWidget& root)
{
    QStringList texts{root.windowTitle(), root.toolTip(), root.accessibleName(), root.accessibleDescription()};
    for (const QWidget* widget : root.findChildren<QWidget*>()) {
        texts << widget->toolTip() << widget->accessibleName() << widget->accessibleDescription();
        if (const auto* label = qobject_cast<const QLabel*>(widget))
            texts << label->text();
        if (const auto* button = qobject_cast<const QAbstractButton*>(widget))
            texts << button->text();
        if (const auto* chart = qobject_cast<const console::DistributionChart*>(widget)) {
            texts << chart->summary();
            for (const console::ChartBar& bar : chart->bars())
                texts << bar.label;
        }
    }
    texts.removeAll(QString());
    return texts;
}

std::vector<int> countsOf(const console::DistributionChart& chart)
{
    std::vector<int> counts;
    for (const console::ChartBar& bar : chart.bars())
        counts.push_back(bar.count);
    return counts;
}

class ConsoleQuizTest : public ::testing::Test {
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
        // A message box left open by a failing test must not block the next.
        for (QWidget* widget : QApplication::topLevelWidgets())
            if (qobject_cast<QMessageBox*>(widget) && widget->isVisible())
                widget->close();
    }

    console::MainWindow& window() { return *m_window; }
    console::QuizPanel& panel() { return *m_window->quizPanel(); }
    QPushButton* button(const char* name) { return named<QPushButton>(*m_window, name); }
    console::ConsoleController& console() { return m_classroom.console(); }
    agent::HeadlessQuizView& quizViewOf(int agent)
    {
        return dynamic_cast<agent::HeadlessQuizView&>(m_classroom.agent(agent).controller->quizView());
    }

    // Sends the sample module to every PC and waits until each one shows it.
    void sendSampleModule()
    {
        window().modulePanel()->importModuleFrom(kSampleModule);
        QTest::mouseClick(button("SendModuleToAllButton"), Qt::LeftButton);
        ASSERT_TRUE(waitUntil([&] {
            for (int i = 0; i < 3; ++i) {
                const console::Seat* seat = console().roster().find(m_classroom.agent(i).keys.publicKey);
                if (!seat || !seat->showsModule() || !m_classroom.agent(i).view->isOpen())
                    return false;
            }
            return true;
        }));
        ASSERT_TRUE(waitUntil([&] { return panel().questionList()->count() == 14; }));
    }

    void setLearnerCodes()
    {
        for (int i = 0; i < 3; ++i)
            ASSERT_TRUE(console().setLearner(m_classroom.agent(i).keys.publicKey, QString::fromLatin1(kCodes[i])).ok());
    }

    void clickQuestion(std::uint32_t number)
    {
        QListWidget* list = panel().questionList();
        QListWidgetItem* item = list->item(static_cast<int>(number));
        ASSERT_NE(item, nullptr);
        list->scrollToItem(item);
        QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, list->visualItemRect(item).center());
        ASSERT_EQ(panel().selectedQuestion(), number);
    }

    // Waits until every PC shows quiz `quizId` with answers open for `number`.
    bool everyPcAsked(std::uint64_t quizId, std::uint32_t number)
    {
        return waitUntil([&] {
            for (int i = 0; i < 3; ++i) {
                const agent::HeadlessQuizView& view = quizViewOf(i);
                const auto& questions = view.screen().questions;
                if (!view.isOpen() || !view.screen().open || m_classroom.agent(i).controller->appliedState().quiz != quizId ||
                    std::none_of(questions.begin(), questions.end(),
                                 [&](const agent::QuizQuestion& q) { return q.number == number; }))
                    return false;
            }
            return true;
        });
    }

    void answer(int agent, std::uint32_t number, quiz::Response response)
    {
        ASSERT_NE(m_classroom.agent(agent).controller->submitAnswer(number, response), 0u) << "agent " << agent;
    }

    // Asks "Never share" live with a countdown and has the three PCs answer:
    // two the PIN code, one the phone number.
    std::uint64_t askNeverShareAndAnswer()
    {
        clickQuestion(kNeverShare);
        QTest::mouseClick(named<QCheckBox>(window(), "CountdownCheck"), Qt::LeftButton);
        EXPECT_EQ(named<QSpinBox>(window(), "CountdownSeconds")->value(), 60);
        EXPECT_TRUE(button("AskQuestionButton")->isEnabled());
        QTest::mouseClick(button("AskQuestionButton"), Qt::LeftButton);
        const std::uint64_t quizId = console().currentQuiz();
        EXPECT_NE(quizId, 0u);
        EXPECT_TRUE(everyPcAsked(quizId, kNeverShare));
        answer(0, kNeverShare, {{0}, {}});
        answer(1, kNeverShare, {{0}, {}});
        answer(2, kNeverShare, {{2}, {}});
        EXPECT_TRUE(waitUntil([&] { return panel().answeredLabel()->text() == QStringLiteral("3 of 3 answered"); }))
            << panel().answeredLabel()->text().toStdString();
        return quizId;
    }

    Classroom m_classroom{3};
    std::unique_ptr<console::MainWindow> m_window;
};

}  // namespace

TEST_F(ConsoleQuizTest, ALiveQuestionIsAnsweredStoppedAndRevealedAndTheProjectorNamesNobody)
{
    EXPECT_FALSE(button("AskQuestionButton")->isEnabled());  // no module on the PCs yet
    sendSampleModule();
    setLearnerCodes();

    // Descriptions are listed, greyed, and cannot be asked.
    QListWidget* list = panel().questionList();
    EXPECT_EQ(list->item(0)->text(), QStringLiteral("1. About these questions (description)"));
    EXPECT_FALSE(list->item(0)->flags() & Qt::ItemIsEnabled);
    EXPECT_EQ(list->item(1)->text(), QStringLiteral("2. Never share (multiple choice)"));
    EXPECT_EQ(list->item(13)->text(), QStringLiteral("14. My plan (essay)"));
    EXPECT_FALSE(button("StopAnswersButton")->isEnabled());

    const std::uint64_t quizId = askNeverShareAndAnswer();
    ASSERT_NE(quizId, 0u);
    console::DistributionChart* chart = panel().chart();
    ASSERT_TRUE(waitUntil([&] { return countsOf(*chart) == std::vector<int>{2, 0, 1, 0}; }));
    EXPECT_EQ(chart->bars()[0].label, QStringLiteral("Your PIN code"));
    EXPECT_EQ(chart->answered(), 3);
    EXPECT_FALSE(chart->revealed());
    auto* state = named<QLabel>(window(), "QuizStateLabel");
    EXPECT_TRUE(state->text().startsWith(QStringLiteral("Answers open · ")) && state->text().endsWith(QStringLiteral(" left")))
        << state->text().toStdString();
    // The seat table says who answered; the panel fits a laptop screen.
    const QAbstractItemModel* seats = window().seatTable()->model();
    EXPECT_TRUE(waitUntil([&] {
        return seats->data(seats->index(0, console::SeatRoster::QuizColumn)).toString() == QStringLiteral("Answered");
    }));
    EXPECT_LE(window().minimumSizeHint().height(), 800);
    EXPECT_LE(window().minimumSizeHint().width(), 1280);
    EXPECT_EQ(window().size(), QSize(1280, 800));
    QApplication::processEvents();
    saveScreenshot(window(), QStringLiteral("console-quiz-live"));

    EXPECT_FALSE(button("RevealAnswerButton")->isEnabled());  // answers first stop
    QTest::mouseClick(button("StopAnswersButton"), Qt::LeftButton);
    ASSERT_FALSE(console().quiz(quizId)->open);
    EXPECT_EQ(state->text(), QStringLiteral("Answers stopped."));
    ASSERT_TRUE(button("RevealAnswerButton")->isEnabled());
    QTest::mouseClick(button("RevealAnswerButton"), Qt::LeftButton);
    ASSERT_TRUE(console().quiz(quizId)->revealed);
    EXPECT_TRUE(chart->revealed());
    EXPECT_TRUE(chart->bars()[0].right);
    EXPECT_FALSE(chart->bars()[1].right || chart->bars()[2].right || chart->bars()[3].right);
    EXPECT_EQ(state->text(), QStringLiteral("Right answer shown: Your PIN code"));
    EXPECT_TRUE(waitUntil([&] { return quizViewOf(0).screen().reveal && quizViewOf(2).screen().reveal; }));

    QTest::mouseClick(button("OpenProjectorButton"), Qt::LeftButton);
    console::ProjectorWindow* projector = panel().projectorWindow();
    ASSERT_NE(projector, nullptr);
    ASSERT_TRUE(QTest::qWaitForWindowExposed(projector));
    const QStringList shown = textsOf(*projector);
    const QString all = shown.join(QLatin1Char('\n'));
    EXPECT_TRUE(shown.contains(QStringLiteral("3 of 3 answered"))) << all.toStdString();
    EXPECT_TRUE(shown.contains(QStringLiteral("✓ Right answer: Your PIN code"))) << all.toStdString();
    EXPECT_TRUE(all.contains(QStringLiteral("Which of these should you never tell anyone")));
    EXPECT_EQ(countsOf(*projector->chart()), (std::vector<int>{2, 0, 1, 0}));
    for (int i = 0; i < 3; ++i) {
        const console::Seat* seat = console().roster().find(m_classroom.agent(i).keys.publicKey);
        for (const QString& name : {seat->name, seat->hostName, seat->learner}) {
            ASSERT_FALSE(name.isEmpty());
            EXPECT_FALSE(all.contains(name, Qt::CaseInsensitive)) << name.toStdString() << " on the projector";
        }
    }
    saveScreenshot(*projector, QStringLiteral("console-quiz-projector"));

    QTest::mouseClick(button("TakeOffScreensButton"), Qt::LeftButton);
    EXPECT_TRUE(waitUntil([&] { return !quizViewOf(0).isOpen() && !quizViewOf(1).isOpen() && !quizViewOf(2).isOpen(); }));
    EXPECT_EQ(console().currentQuiz(), 0u);
    EXPECT_EQ(named<QLabel>(window(), "QuizNowLabel")->text(), QStringLiteral("No question on the screens right now."));
    EXPECT_TRUE(waitUntil([&] { return projector->chart()->bars().empty(); }));
    EXPECT_FALSE(button("TakeOffScreensButton")->isEnabled());
}

TEST_F(ConsoleQuizTest, AQuestionForTheChosenSeatsReachesOnlyThem)
{
    sendSampleModule();
    EXPECT_EQ(named<QLabel>(window(), "QuizTargetLabel")->text(),
              QStringLiteral("Goes to: all 3 computers with this module."));
    window().seatTable()->selectRow(0);
    const std::string chosen =
        window().seatTable()->model()->index(0, 0).data(console::SeatRoster::SeatKeyRole).toString().toStdString();
    EXPECT_EQ(named<QLabel>(window(), "QuizTargetLabel")->text(), QStringLiteral("Goes to: the chosen computer."));
    clickQuestion(kNeverShare);
    QTest::mouseClick(button("AskQuestionButton"), Qt::LeftButton);
    const console::StoredQuiz* asked = console().quiz(console().currentQuiz());
    ASSERT_NE(asked, nullptr);
    EXPECT_EQ(asked->seatKeys, std::vector<std::string>{chosen});
    EXPECT_TRUE(waitUntil([&] { return panel().answeredLabel()->text() == QStringLiteral("0 of 1 answered"); }));
    int agent = 0;
    while (m_classroom.agent(agent).keys.publicKey != chosen)
        ++agent;
    ASSERT_TRUE(waitUntil([&] { return quizViewOf(agent).isOpen(); }));
    runEventLoopFor(300ms);  // the others were never asked
    for (int other = 0; other < 3; ++other) {
        if (other != agent) {
            EXPECT_FALSE(quizViewOf(other).isOpen()) << other;
        }
    }

    // Without the module on the PCs there is nothing to ask.
    window().seatTable()->clearSelection();
    QTest::mouseClick(button("CloseModuleButton"), Qt::LeftButton);
    EXPECT_TRUE(waitUntil([&] { return !button("AskQuestionButton")->isEnabled(); }));
    EXPECT_EQ(named<QLabel>(window(), "QuizModuleLabel")->text(),
              QStringLiteral("Send a module to the computers first: the questions come from the module."));
    EXPECT_EQ(panel().questionList()->count(), 0);
}

TEST_F(ConsoleQuizTest, LearnerCodesAreTypedPerSeatAndARosterWithABadLineIsRefusedNamingTheLine)
{
    QTest::mouseClick(window().learnersButton(), Qt::LeftButton);
    console::LearnersDialog* dialog = window().learnersDialog();
    ASSERT_NE(dialog, nullptr);
    ASSERT_TRUE(QTest::qWaitForWindowExposed(dialog));
    QTableWidget* table = dialog->seatTable();
    ASSERT_EQ(table->rowCount(), 3);
    const auto rowOf = [&](const QString& seat) {
        for (int row = 0; row < table->rowCount(); ++row)
            if (table->item(row, console::LearnersDialog::SeatColumn)->text() == seat)
                return row;
        return -1;
    };
    const auto type = [&](int row, const QString& code) {
        table->setFocus();
        table->setCurrentCell(row, console::LearnersDialog::CodeColumn);
        QTest::keyClick(table, Qt::Key_F2);  // as a trainer starts editing a cell
        auto* editor = qobject_cast<QLineEdit*>(
            table->indexWidget(table->model()->index(row, console::LearnersDialog::CodeColumn)));
        ASSERT_NE(editor, nullptr);
        editor->selectAll();
        QTest::keyClicks(editor, code);
        QTest::keyClick(editor, Qt::Key_Return);
        QApplication::processEvents();  // Qt commits an edit finished with Enter from the event loop
    };
    const auto learnerAt = [&](const char* seatName) {
        for (const console::Seat& seat : console().roster().seats())
            if (seat.name == QString::fromLatin1(seatName))
                return seat.learner;
        return QStringLiteral("(no such seat)");
    };

    for (int seat = 0; seat < 3; ++seat)
        type(rowOf(QStringLiteral("PC %1").arg(seat + 1)), QString::fromLatin1(kCodes[seat]));
    EXPECT_EQ(learnerAt("PC 1"), QStringLiteral("A-101"));
    EXPECT_EQ(learnerAt("PC 2"), QStringLiteral("B-202"));
    EXPECT_EQ(learnerAt("PC 3"), QStringLiteral("C-303"));
    EXPECT_EQ(dialog->messageLabel()->text(), QStringLiteral("PC 3: learner code C-303."));
    const QAbstractItemModel* seats = window().seatTable()->model();
    EXPECT_EQ(seats->data(seats->index(0, console::SeatRoster::LearnerColumn)).toString(), QStringLiteral("A-101"));

    // A code that another seat has is refused and put back.
    type(rowOf(QStringLiteral("PC 2")), QStringLiteral("A-101"));
    EXPECT_EQ(learnerAt("PC 2"), QStringLiteral("B-202"));
    EXPECT_EQ(table->item(rowOf(QStringLiteral("PC 2")), console::LearnersDialog::CodeColumn)->text(),
              QStringLiteral("B-202"));
    EXPECT_TRUE(dialog->messageLabel()->text().startsWith(QStringLiteral("PC 2: “A-101” was not taken.")))
        << dialog->messageLabel()->text().toStdString();
    EXPECT_TRUE(dialog->messageLabel()->text().contains(QStringLiteral("PC 1")));

    // A roster with one seat that does not exist: nothing changes, the line is named.
    QTemporaryDir files;
    ASSERT_TRUE(files.isValid());
    const QString roster = files.filePath(QStringLiteral("roster.csv"));
    {
        QFile file(roster);
        ASSERT_TRUE(file.open(QIODevice::WriteOnly));
        file.write("seat,code\nPC 1,L-11\nPC 9,L-99\nPC 3,L-33\n");
    }
    answerFileDialogWith(roster);
    QTest::mouseClick(dialog->importButton(), Qt::LeftButton);
    ASSERT_TRUE(dialog->problemsText()->isVisible());
    const QString problems = dialog->problemsText()->toPlainText();
    EXPECT_TRUE(problems.contains(QStringLiteral("roster.csv:3"))) << problems.toStdString();
    EXPECT_TRUE(problems.contains(QStringLiteral("PC 9"))) << problems.toStdString();
    EXPECT_TRUE(dialog->messageLabel()->text().contains(QStringLiteral("was not imported"))) << dialog->messageLabel()->text().toStdString();
    EXPECT_EQ(learnerAt("PC 1"), QStringLiteral("A-101"));
    QApplication::processEvents();
    saveScreenshot(*dialog, QStringLiteral("console-quiz-learners"));

    // The corrected list is taken.
    {
        QFile file(roster);
        ASSERT_TRUE(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write("seat,code\nPC 1,L-11\nPC 2,L-22\nPC 3,L-33\n");
    }
    ASSERT_TRUE(dialog->importRosterFrom(roster));
    EXPECT_FALSE(dialog->problemsText()->isVisible());
    EXPECT_EQ(dialog->messageLabel()->text(), QStringLiteral("3 learner codes were imported from roster.csv."));
    EXPECT_EQ(table->item(rowOf(QStringLiteral("PC 2")), console::LearnersDialog::CodeColumn)->text(), QStringLiteral("L-22"));
}

TEST_F(ConsoleQuizTest, StartingANewSessionAfterTheTrainerConfirmsClearsTheLearnerCodes)
{
    setLearnerCodes();
    const std::int64_t before = console().sessionId();
    console::LearnersDialog* dialog = window().openLearners();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(dialog));
    EXPECT_EQ(dialog->seatTable()->item(0, console::LearnersDialog::CodeColumn)->text(), QStringLiteral("A-101"));

    bool asked = false;
    whenDialogOpens<QMessageBox>([&](QMessageBox& box) {
        asked = true;
        for (QAbstractButton* choice : box.buttons())
            if (choice->text() == QStringLiteral("Start a new session"))
                choice->click();
    });
    QTest::mouseClick(dialog->newSessionButton(), Qt::LeftButton);
    EXPECT_TRUE(asked);
    EXPECT_NE(console().sessionId(), before);
    for (const console::Seat& seat : console().roster().seats())
        EXPECT_TRUE(seat.learner.isEmpty());
    EXPECT_EQ(dialog->seatTable()->item(0, console::LearnersDialog::CodeColumn)->text(), QString());
}

TEST_F(ConsoleQuizTest, ResultsShowEveryQuestionAndLearnerAndTheTrainerGradesAnEssayAndSavesTheFiles)
{
    sendSampleModule();
    setLearnerCodes();
    askNeverShareAndAnswer();

    // A self-paced quiz; two learners write their plan.
    QTest::mouseClick(button("StartSelfPacedButton"), Qt::LeftButton);
    const std::uint64_t selfPaced = console().currentQuiz();
    ASSERT_FALSE(console().quiz(selfPaced)->live);
    ASSERT_TRUE(everyPcAsked(selfPaced, kMyPlan));
    answer(0, kMyPlan, {{}, "Use long passphrases. Never share my PIN. Install updates."});
    answer(1, kMyPlan, {{}, "Check the sender before I click a link."});
    answer(1, 7, {{1}, {}});  // Caller number: False
    clickQuestion(kMyPlan);  // a self-paced quiz shows the chosen question's answers
    EXPECT_TRUE(waitUntil([&] { return panel().answeredLabel()->text() == QStringLiteral("2 of 3 answered"); }))
        << panel().answeredLabel()->text().toStdString();

    QTest::mouseClick(button("OpenResultsButton"), Qt::LeftButton);
    console::ResultsDialog* results = panel().resultsDialog();
    ASSERT_NE(results, nullptr);
    ASSERT_TRUE(QTest::qWaitForWindowExposed(results));
    ASSERT_TRUE(waitUntil([&] {
        results->reload();
        return results->essayList()->count() == 2 && results->learnerTable()->rowCount() == 3;
    }));
    QTableWidget* questions = results->questionTable();
    ASSERT_GE(questions->rowCount(), 2);
    EXPECT_EQ(questions->item(0, 0)->text(), QStringLiteral("2. Never share (multiple choice)"));
    EXPECT_EQ(questions->item(0, 1)->text(), QStringLiteral("3"));
    EXPECT_EQ(questions->item(0, 2)->text(), QStringLiteral("2"));
    EXPECT_EQ(questions->item(0, 3)->text(), QStringLiteral("67 %"));
    QTableWidget* learners = results->learnerTable();
    EXPECT_EQ(learners->item(0, 0)->text(), QStringLiteral("A-101"));
    EXPECT_EQ(learners->item(0, 1)->text(), QStringLiteral("PC 1"));

    // Grading: the essay waits, the trainer reads it and gives 80 %.
    QListWidget* essays = results->essayList();
    EXPECT_TRUE(essays->item(0)->text().endsWith(QStringLiteral("to grade"))) << essays->item(0)->text().toStdString();
    int first = -1;
    for (int row = 0; row < essays->count(); ++row)
        if (essays->item(row)->text().startsWith(QStringLiteral("A-101 at PC 1")))
            first = row;
    ASSERT_GE(first, 0);
    QTest::mouseClick(essays->viewport(), Qt::LeftButton, {}, essays->visualItemRect(essays->item(first)).center());
    EXPECT_EQ(named<QPlainTextEdit>(*results, "EssayText")->toPlainText(),
              QStringLiteral("Use long passphrases. Never share my PIN. Install updates."));
    auto* gradeField = results->gradeBox()->findChild<QLineEdit*>();
    ASSERT_NE(gradeField, nullptr);
    gradeField->selectAll();
    QTest::keyClicks(gradeField, QStringLiteral("80"));
    QTest::mouseClick(results->saveGradeButton(), Qt::LeftButton);
    auto stored = console().store().answersOfSession(console().sessionId());
    ASSERT_TRUE(stored.ok());
    const auto graded = std::find_if(stored.value().begin(), stored.value().end(), [&](const console::StoredAnswer& a) {
        return a.question == kMyPlan && a.seatKey == m_classroom.agent(0).keys.publicKey;
    });
    ASSERT_NE(graded, stored.value().end());
    ASSERT_TRUE(graded->score.has_value());
    EXPECT_DOUBLE_EQ(*graded->score, 0.8);
    bool listed = false;
    for (int row = 0; row < essays->count(); ++row)
        listed = listed || essays->item(row)->text() == QStringLiteral("A-101 at PC 1 · 80 %");
    EXPECT_TRUE(listed);
    EXPECT_EQ(essays->currentItem()->text(), QStringLiteral("B-202 at PC 2 · to grade"));  // on to the next

    // The three files, saved where the trainer chose.
    QTemporaryDir folder;
    ASSERT_TRUE(folder.isValid());
    const std::pair<const char*, QString> saves[] = {
        {"SaveAnswersCsvButton", folder.filePath(QStringLiteral("answers.csv"))},
        {"SaveLearnersCsvButton", folder.filePath(QStringLiteral("learners.csv"))},
        {"SaveReportPdfButton", folder.filePath(QStringLiteral("report.pdf"))},
    };
    for (const auto& [buttonName, path] : saves) {
        answerFileDialogWith(path);
        QTest::mouseClick(named<QPushButton>(*results, buttonName), Qt::LeftButton);
        EXPECT_TRUE(QFileInfo(path).isFile()) << path.toStdString();
        EXPECT_GT(QFileInfo(path).size(), 0) << path.toStdString();
        EXPECT_TRUE(results->savedLabel()->isVisible());
        EXPECT_TRUE(results->savedLabel()->text().contains(path)) << results->savedLabel()->text().toStdString();
    }
    QApplication::processEvents();
    saveScreenshot(*results, QStringLiteral("console-quiz-results"));
}

TEST(DistributionChartTest, TheRightChoicesAreMarkedFromTheAnswerWeights)
{
    const auto parsed = module::gift::parse(
        "::Good passwords::Which TWO are good?{\n"
        "  ~%50%BicycleCloudLemonJazz\n  ~%50%kettle-forest-violin-73\n  ~%-50%password123\n  ~%-50%Maria1985\n}\n\n"
        "::Updates::Updates make a phone safer.{TRUE}\n\n"
        "::Phishing::What is it called?{=phishing =%50%fishing}\n");
    ASSERT_EQ(parsed.questions.size(), 3u) << (parsed.errors.empty() ? "" : parsed.errors.front().message);
    const auto rights = [](const std::vector<console::ChartBar>& bars) {
        std::vector<bool> right;
        for (const console::ChartBar& bar : bars)
            right.push_back(bar.right);
        return right;
    };
    EXPECT_EQ(rights(console::chartBars(parsed.questions[0], {{"BicycleCloudLemonJazz", 1},
                                                              {"kettle-forest-violin-73", 0},
                                                              {"password123", 2},
                                                              {"Maria1985", 0}})),
              (std::vector<bool>{true, true, false, false}));
    EXPECT_EQ(rights(console::chartBars(parsed.questions[1], {{"True", 3}, {"False", 1}})),
              (std::vector<bool>{true, false}));
    EXPECT_EQ(rights(console::chartBars(parsed.questions[2], {{"phishing", 2}, {"fishing", 1}, {"Other answers", 1}})),
              (std::vector<bool>{true, false, false}));

    console::DistributionChart chart;
    chart.setBars(console::chartBars(parsed.questions[1], {{"True", 3}, {"False", 1}}), 4);
    EXPECT_EQ(chart.summary(), QStringLiteral("True: 3 of 4 (75 %). False: 1 of 4 (25 %)."));
    chart.setRevealed(true);
    EXPECT_EQ(chart.accessibleDescription(), QStringLiteral("True: 3 of 4 (75 %), right answer. False: 1 of 4 (25 %)."));
}
