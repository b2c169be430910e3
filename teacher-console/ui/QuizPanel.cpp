#include "teacher-console/ui/QuizPanel.h"

#include "teacher-console/ui/DistributionChart.h"
#include "teacher-console/ui/ProjectorWindow.h"
#include "teacher-console/ui/ResultsDialog.h"

#include "common/quiz/Grading.h"

#include <QCheckBox>
#include <QDateTime>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QItemSelectionModel>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>
#include <map>

namespace classroom::console {
namespace {

using module::gift::Question;
using module::gift::QuestionType;

constexpr int kQuestionRole = Qt::UserRole + 1;
constexpr int kDefaultCountdownSeconds = 60;
// The controller takes up to two hours; a live question of more is a mistake.
constexpr int kMaxCountdownSeconds = 2 * 60 * 60;

// The controller's reasons start in lower case, to follow a colon.
QString sentence(const std::string& reason)
{
    QString text = QString::fromStdString(reason).trimmed();
    if (!text.isEmpty())
        text[0] = text[0].toUpper();
    if (!text.isEmpty() && !text.endsWith(QLatin1Char('.')))
        text += QLatin1Char('.');
    return text;
}

}  // namespace

QString questionListText(std::uint32_t number, const Question& question)
{
    QString title = plainText(question.title, module::gift::TextFormat::Plain);
    if (title.isEmpty()) {
        title = questionWording(question).simplified();
        if (title.size() > 60)
            title = title.left(57) + QStringLiteral("…");
    }
    return QuizPanel::tr("%1. %2 (%3)")
        .arg(number + 1)
        .arg(title, QString::fromUtf8(module::gift::toString(question.type).data(),
                                      static_cast<qsizetype>(module::gift::toString(question.type).size())));
}

QString questionWording(const Question& question)
{
    QString text = plainText(question.text, question.format);
    if (question.missingWord)
        text += QStringLiteral("_____") + plainText(question.textAfter, question.format);
    return text;
}

std::optional<std::uint32_t> questionToShow(const StoredQuiz& quiz, const std::vector<Question>& questions,
                                            std::optional<std::uint32_t> chosen)
{
    if (quiz.questions.empty())
        return std::nullopt;
    if (quiz.live)
        return quiz.questions.front();
    if (chosen && std::find(quiz.questions.begin(), quiz.questions.end(), *chosen) != quiz.questions.end())
        return chosen;
    for (std::uint32_t number : quiz.questions)
        if (number < questions.size() && questions[number].type != QuestionType::Description)
            return number;
    return quiz.questions.front();
}

QString timeLeftText(std::int64_t closesAtMs)
{
    if (closesAtMs == 0)
        return {};
    const std::int64_t seconds = std::max<std::int64_t>(0, (closesAtMs - QDateTime::currentMSecsSinceEpoch() + 999) / 1000);
    return QuizPanel::tr("%1:%2 left").arg(seconds / 60).arg(seconds % 60, 2, 10, QLatin1Char('0'));
}

QuizPanel::QuizPanel(ConsoleController& controller, QItemSelectionModel* seatSelection, QWidget* parent)
    : QWidget(parent), m_controller(controller), m_seatSelection(seatSelection)
{
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    auto* box = new QGroupBox(tr("Questions"), this);
    outer->addWidget(box);
    auto* columns = new QHBoxLayout(box);

    // The questions of the module.
    auto* listColumn = new QVBoxLayout;
    m_moduleLabel = new QLabel(box);
    m_moduleLabel->setObjectName(QStringLiteral("QuizModuleLabel"));
    m_moduleLabel->setWordWrap(true);
    m_moduleLabel->setTextFormat(Qt::PlainText);
    m_questions = new QListWidget(box);
    m_questions->setObjectName(QStringLiteral("QuestionList"));
    m_questions->setSelectionMode(QAbstractItemView::SingleSelection);
    // Long titles wrap, as in the module list, rather than hide behind a scroll bar.
    m_questions->setWordWrap(true);
    m_questions->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_questions->setMinimumWidth(220);
    m_questions->setAccessibleName(tr("Questions of the module"));
    listColumn->addWidget(m_moduleLabel);
    listColumn->addWidget(m_questions, 1);
    columns->addLayout(listColumn, 3);

    // What the trainer does with them.
    auto* actions = new QVBoxLayout;
    m_ask = new QPushButton(tr("Ask this question now"), box);
    m_ask->setObjectName(QStringLiteral("AskQuestionButton"));
    m_ask->setToolTip(tr("The question chosen in the list appears on the learners' screens straight away."));
    m_ask->setMinimumHeight(40);
    QFont askFont = m_ask->font();
    askFont.setBold(true);
    m_ask->setFont(askFont);
    actions->addWidget(m_ask);
    auto* countdownRow = new QHBoxLayout;
    m_countdown = new QCheckBox(tr("Countdown"), box);
    m_countdown->setObjectName(QStringLiteral("CountdownCheck"));
    m_countdown->setToolTip(tr("Answers stop by themselves when the time is up."));
    m_seconds = new QSpinBox(box);
    m_seconds->setObjectName(QStringLiteral("CountdownSeconds"));
    m_seconds->setRange(5, kMaxCountdownSeconds);
    m_seconds->setSingleStep(15);
    m_seconds->setValue(kDefaultCountdownSeconds);
    m_seconds->setSuffix(tr(" seconds"));
    m_seconds->setAccessibleName(tr("Countdown in seconds"));
    m_seconds->setEnabled(false);
    countdownRow->addWidget(m_countdown);
    countdownRow->addWidget(m_seconds, 1);
    actions->addLayout(countdownRow);
    m_target = new QLabel(box);
    m_target->setObjectName(QStringLiteral("QuizTargetLabel"));
    m_target->setWordWrap(true);
    actions->addWidget(m_target);
    actions->addSpacing(6);
    m_stop = new QPushButton(tr("Stop answers"), box);
    m_stop->setObjectName(QStringLiteral("StopAnswersButton"));
    m_stop->setToolTip(tr("No more answers are taken. The question stays on the screens."));
    m_reveal = new QPushButton(tr("Show the right answer"), box);
    m_reveal->setObjectName(QStringLiteral("RevealAnswerButton"));
    m_reveal->setToolTip(tr("Each learner sees the right answer next to their own, with the explanation."));
    m_takeOff = new QPushButton(tr("Take off screens"), box);
    m_takeOff->setObjectName(QStringLiteral("TakeOffScreensButton"));
    m_takeOff->setToolTip(tr("The questions leave the learners' screens. The answers stay in the results."));
    for (QPushButton* button : {m_stop, m_reveal, m_takeOff}) {
        button->setMinimumHeight(32);
        actions->addWidget(button);
    }
    actions->addStretch(1);
    m_selfPaced = new QPushButton(tr("Start self-paced quiz"), box);
    m_selfPaced->setObjectName(QStringLiteral("StartSelfPacedButton"));
    m_selfPaced->setToolTip(tr("Every question of the module at once. Learners answer them in their own time."));
    m_selfPaced->setMinimumHeight(32);
    actions->addWidget(m_selfPaced);
    columns->addLayout(actions, 0);

    // How the class answers.
    m_liveBox = new QGroupBox(tr("On the learners' screens"), box);
    m_liveBox->setObjectName(QStringLiteral("QuizLiveBox"));
    auto* live = new QVBoxLayout(m_liveBox);
    m_nowTitle = new QLabel(m_liveBox);
    m_nowTitle->setObjectName(QStringLiteral("QuizNowLabel"));
    m_nowTitle->setTextFormat(Qt::PlainText);
    m_nowTitle->setWordWrap(true);
    auto* countsRow = new QHBoxLayout;
    m_answered = new QLabel(m_liveBox);
    m_answered->setObjectName(QStringLiteral("QuizAnsweredLabel"));
    QFont bigFont = m_answered->font();
    bigFont.setPointSizeF(bigFont.pointSizeF() * 1.3);
    bigFont.setBold(true);
    m_answered->setFont(bigFont);
    m_quizState = new QLabel(m_liveBox);
    m_quizState->setObjectName(QStringLiteral("QuizStateLabel"));
    m_quizState->setTextFormat(Qt::PlainText);
    m_quizState->setWordWrap(true);
    countsRow->addWidget(m_answered);
    countsRow->addWidget(m_quizState, 1);
    m_chart = new DistributionChart(m_liveBox);
    m_chart->setObjectName(QStringLiteral("QuizChart"));
    auto* windowsRow = new QHBoxLayout;
    m_openResults = new QPushButton(tr("Results…"), m_liveBox);
    m_openResults->setObjectName(QStringLiteral("OpenResultsButton"));
    m_openResults->setToolTip(tr("Every answer of this session: per question, per learner, essays to grade, and saving them."));
    m_openProjector = new QPushButton(tr("Projector view"), m_liveBox);
    m_openProjector->setObjectName(QStringLiteral("OpenProjectorButton"));
    m_openProjector->setToolTip(tr("A large window for the classroom projector: the question and the answers, "
                                   "never a name."));
    windowsRow->addWidget(m_openResults);
    windowsRow->addWidget(m_openProjector);
    live->addWidget(m_nowTitle);
    live->addLayout(countsRow);
    live->addWidget(m_chart, 1);
    live->addLayout(windowsRow);
    columns->addWidget(m_liveBox, 4);

    m_clock = new QTimer(this);
    m_clock->setInterval(500);  // a second never skipped on the display

    connect(m_questions, &QListWidget::itemSelectionChanged, this, [this] {
        updateButtons();
        updateLive();  // a self-paced quiz shows the chosen question's answers
    });
    connect(m_countdown, &QCheckBox::toggled, m_seconds, &QSpinBox::setEnabled);
    connect(m_ask, &QPushButton::clicked, this, &QuizPanel::askSelected);
    connect(m_selfPaced, &QPushButton::clicked, this, &QuizPanel::startSelfPaced);
    connect(m_stop, &QPushButton::clicked, this, &QuizPanel::stopAnswers);
    connect(m_reveal, &QPushButton::clicked, this, &QuizPanel::revealAnswer);
    connect(m_takeOff, &QPushButton::clicked, this, &QuizPanel::takeOffScreens);
    connect(m_openResults, &QPushButton::clicked, this, &QuizPanel::openResults);
    connect(m_openProjector, &QPushButton::clicked, this, &QuizPanel::openProjector);
    connect(m_clock, &QTimer::timeout, this, &QuizPanel::updateLive);
    connect(m_seatSelection, &QItemSelectionModel::selectionChanged, this, &QuizPanel::reloadQuestions);
    connect(&controller, &ConsoleController::libraryChanged, this, [this] {
        m_moduleId.clear();  // the list is built again
        reloadQuestions();
    });
    connect(&controller, &ConsoleController::quizChanged, this, [this] {
        updateButtons();
        updateLive();
    });
    connect(&controller, &ConsoleController::answersStored, this, &QuizPanel::updateLive);

    SeatRoster& roster = controller.roster();
    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(&roster, signal, this, &QuizPanel::reloadQuestions);
    connect(&roster, &QAbstractItemModel::modelReset, this, &QuizPanel::reloadQuestions);
    connect(&roster, &QAbstractItemModel::dataChanged, this, &QuizPanel::reloadQuestions);

    reloadQuestions();
    updateLive();
}

QuizPanel::~QuizPanel()
{
    delete m_projector.data();  // a window of its own, without a parent
}

ResultsDialog* QuizPanel::resultsDialog() const
{
    return m_results;
}

ProjectorWindow* QuizPanel::projectorWindow() const
{
    return m_projector;
}

std::vector<std::string> QuizPanel::targetSeats() const
{
    std::vector<std::string> keys;
    for (const QModelIndex& row : m_seatSelection->selectedRows())
        keys.push_back(row.data(SeatRoster::SeatKeyRole).toString().toStdString());
    return keys.empty() ? m_controller.allSeatKeys() : keys;
}

std::vector<std::string> QuizPanel::seatsWithModule() const
{
    std::vector<std::string> keys;
    for (const std::string& key : targetSeats())
        if (const Seat* seat = m_controller.roster().find(key); seat && !m_moduleId.empty() &&
                                                                  seat->desired.moduleId == m_moduleId)
            keys.push_back(key);
    return keys;
}

std::optional<std::uint32_t> QuizPanel::selectedQuestion() const
{
    const QList<QListWidgetItem*> selected = m_questions->selectedItems();
    if (selected.isEmpty())
        return std::nullopt;
    return selected.first()->data(kQuestionRole).toUInt();
}

void QuizPanel::reloadQuestions()
{
    // The module most of the target seats show (the first one on a tie).
    std::map<std::string, int> seatsPerModule;
    std::string wanted;
    int most = 0;
    for (const std::string& key : targetSeats())
        if (const Seat* seat = m_controller.roster().find(key); seat && !seat->desired.moduleId.empty())
            if (const int count = ++seatsPerModule[seat->desired.moduleId]; count > most) {
                most = count;
                wanted = seat->desired.moduleId;
            }
    if (wanted == m_moduleId && (m_questions->count() > 0 || wanted.empty())) {
        updateButtons();
        return;  // rebuilding would lose the trainer's place in the list
    }

    const std::optional<std::uint32_t> keep = selectedQuestion();
    m_moduleId = wanted;
    const QSignalBlocker blocker(m_questions);
    m_questions->clear();
    const LibraryModule* module = wanted.empty() ? nullptr : m_controller.library().find(wanted);
    if (!module) {
        m_moduleId.clear();
        m_moduleLabel->setText(tr("Send a module to the computers first: the questions come from the module."));
        updateButtons();
        updateLive();
        return;
    }
    auto questions = m_controller.questionsOf(wanted);
    if (!questions) {
        m_moduleLabel->setText(tr("The questions of “%1” cannot be read: %2")
                                   .arg(QString::fromStdString(module->info.title), sentence(questions.error())));
        updateButtons();
        updateLive();
        return;
    }
    const std::vector<Question>& list = *questions.value();
    m_moduleLabel->setText(list.empty() ? tr("“%1” has no questions.").arg(QString::fromStdString(module->info.title))
                                        : tr("Questions of “%1”:").arg(QString::fromStdString(module->info.title)));
    for (std::uint32_t number = 0; number < list.size(); ++number) {
        const Question& question = list[number];
        auto* item = new QListWidgetItem(questionListText(number, question), m_questions);
        item->setData(kQuestionRole, number);
        item->setToolTip(questionWording(question));
        if (question.type == QuestionType::Description) {
            // Shown to learners in a self-paced quiz; nothing to ask.
            item->setFlags(item->flags() & ~(Qt::ItemIsSelectable | Qt::ItemIsEnabled));
            item->setToolTip(tr("A description: learners read it in a self-paced quiz. There is nothing to answer."));
        }
    }
    // The trainer's choice stays; at first, the first question to ask.
    for (int row = 0; row < m_questions->count(); ++row) {
        QListWidgetItem* item = m_questions->item(row);
        if ((item->flags() & Qt::ItemIsSelectable) && (!keep || item->data(kQuestionRole).toUInt() == *keep)) {
            m_questions->setCurrentItem(item);
            item->setSelected(true);
            break;
        }
    }
    updateButtons();
    updateLive();
}

void QuizPanel::updateButtons()
{
    const std::optional<std::uint32_t> question = selectedQuestion();
    const int seats = static_cast<int>(seatsWithModule().size());
    m_ask->setEnabled(question.has_value() && seats > 0);
    m_selfPaced->setEnabled(seats > 0 && m_questions->count() > 0);
    if (m_moduleId.empty())
        m_target->setText(QString());
    else if (m_seatSelection->hasSelection())
        m_target->setText(seats == 0 ? tr("The chosen seats do not have this module.")
                          : seats == 1 ? tr("Goes to: the chosen computer.")
                                       : tr("Goes to: the %1 chosen computers.").arg(seats));
    else
        m_target->setText(seats == 1 ? tr("Goes to: the 1 computer with this module.")
                                     : tr("Goes to: all %1 computers with this module.").arg(seats));

    const StoredQuiz* current = m_controller.quiz(m_controller.currentQuiz());
    m_stop->setEnabled(current && current->open);
    m_reveal->setEnabled(current && !current->open && !current->revealed);
    m_takeOff->setEnabled(current != nullptr);
}

void QuizPanel::updateLive()
{
    const std::uint64_t id = m_controller.currentQuiz();
    const StoredQuiz* quiz = m_controller.quiz(id);
    auto questions = quiz ? m_controller.questionsOf(quiz->moduleId)
                          : Result<const std::vector<Question>*>::failure("no quiz");
    static const std::vector<Question> kNone;
    m_shownQuestion = quiz ? questionToShow(*quiz, questions ? *questions.value() : kNone, selectedQuestion())
                           : std::nullopt;
    if (m_projector)
        m_projector->followQuestion(selectedQuestion());
    if (!quiz || !m_shownQuestion) {
        m_clock->stop();
        m_nowTitle->setText(tr("No question on the screens right now."));
        m_answered->clear();
        m_answered->hide();
        m_quizState->setText(tr("Choose a question and press “Ask this question now”."));
        m_chart->setRevealed(false);
        m_chart->clear(tr("The answers appear here as they come in."));
        return;
    }

    const Question* question = questions && *m_shownQuestion < questions.value()->size()
                                   ? &(*questions.value())[*m_shownQuestion]
                                   : nullptr;
    const QString title = question ? questionListText(*m_shownQuestion, *question)
                                   : tr("Question %1").arg(*m_shownQuestion + 1);
    m_nowTitle->setText(quiz->live ? title
                                   : tr("Self-paced quiz, %1 questions. Answers to %2")
                                         .arg(quiz->questions.size())
                                         .arg(title));
    const QuizTally tally = m_controller.tally(id, *m_shownQuestion);
    m_answered->setText(tr("%1 of %2 answered").arg(tally.answered).arg(tally.asked));
    m_answered->show();

    QString state;
    if (quiz->revealed) {
        const std::string right = question ? classroom::quiz::correctAnswerText(*question) : std::string();
        state = right.empty() ? tr("The right answer is on the screens.")
                              : tr("Right answer shown: %1").arg(plainText(right, question->format));
    } else if (!quiz->open) {
        state = tr("Answers stopped.");
    } else if (quiz->closesAtMs != 0) {
        state = tr("Answers open · %1").arg(timeLeftText(quiz->closesAtMs));
    } else {
        state = quiz->live ? tr("Answers open.") : tr("Answers open. Choose a question in the list to see its answers.");
    }
    m_quizState->setText(state);
    if (quiz->open && quiz->closesAtMs != 0) {
        if (!m_clock->isActive())
            m_clock->start();
    } else {
        m_clock->stop();
    }

    m_chart->setRevealed(quiz->revealed);
    if (question)
        m_chart->setBars(chartBars(*question, tally.bars), tally.answered);
    else
        m_chart->clear(tr("This module is no longer in the library."));
}

void QuizPanel::showFailure(const QString& what, const std::string& error)
{
    // Not exec(): the console goes on showing the class while the trainer reads.
    auto* box = new QMessageBox(QMessageBox::Warning, tr("Questions"), what, QMessageBox::Ok, window());
    box->setObjectName(QStringLiteral("QuizProblemBox"));
    box->setInformativeText(sentence(error));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void QuizPanel::askSelected()
{
    const std::optional<std::uint32_t> question = selectedQuestion();
    if (!question)
        return;
    const std::chrono::seconds countdown{m_countdown->isChecked() ? m_seconds->value() : 0};
    auto asked = m_controller.askLive(seatsWithModule(), *question, countdown);
    if (!asked)
        showFailure(tr("The question could not be asked."), asked.error());
    updateButtons();
    updateLive();
}

void QuizPanel::startSelfPaced()
{
    auto started = m_controller.startSelfPaced(seatsWithModule());
    if (!started)
        showFailure(tr("The quiz could not be started."), started.error());
    updateButtons();
    updateLive();
}

void QuizPanel::stopAnswers()
{
    if (auto closed = m_controller.closeQuiz(m_controller.currentQuiz()); !closed)
        showFailure(tr("Answers could not be stopped."), closed.error());
}

void QuizPanel::revealAnswer()
{
    if (auto revealed = m_controller.revealQuiz(m_controller.currentQuiz()); !revealed)
        showFailure(tr("The right answer could not be shown."), revealed.error());
}

void QuizPanel::takeOffScreens()
{
    if (auto ended = m_controller.endQuiz(m_controller.currentQuiz()); !ended)
        showFailure(tr("The questions could not be taken off the screens."), ended.error());
}

ResultsDialog* QuizPanel::openResults()
{
    if (!m_results) {
        m_results = new ResultsDialog(m_controller, window());
        m_results->setAttribute(Qt::WA_DeleteOnClose);
    }
    m_results->show();
    m_results->raise();
    m_results->activateWindow();
    return m_results;
}

ProjectorWindow* QuizPanel::openProjector()
{
    if (!m_projector)
        m_projector = new ProjectorWindow(m_controller);
    m_projector->followQuestion(selectedQuestion());
    m_projector->showOnProjector(window());
    return m_projector;
}

}  // namespace classroom::console
