#include "teacher-console/ui/ResultsDialog.h"

#include "teacher-console/core/QuizReport.h"
#include "teacher-console/ui/DistributionChart.h"
#include "teacher-console/ui/QuizPanel.h"

#include <QComboBox>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QSplitter>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

#include <cmath>
#include <map>
#include <tuple>

namespace classroom::console {
namespace {

using module::gift::Question;
using module::gift::QuestionType;

const QColor kFineGreen(0x1b, 0x7a, 0x2e);
constexpr int kSessionsListed = 30;  // older sessions are in console.db, not in this list
constexpr int kEssayRole = Qt::UserRole + 1;

QString percentText(double fraction)
{
    return ResultsDialog::tr("%1 %").arg(std::lround(fraction * 100.0));
}

// Partial credit makes points fractional: at most two decimals, none when whole.
QString pointsText(double points)
{
    return QLocale().toString(std::round(points * 100.0) / 100.0, 'g', QLocale::FloatingPointShortest);
}

QTableWidget* resultTable(QWidget* parent, const char* name, const QStringList& headers)
{
    auto* table = new QTableWidget(0, static_cast<int>(headers.size()), parent);
    table->setObjectName(QString::fromLatin1(name));
    table->setHorizontalHeaderLabels(headers);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setAlternatingRowColors(true);
    table->setWordWrap(false);
    table->verticalHeader()->hide();
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    return table;
}

QTableWidgetItem* cell(const QString& text, Qt::Alignment alignment = Qt::AlignLeft | Qt::AlignVCenter)
{
    auto* item = new QTableWidgetItem(text);
    item->setTextAlignment(alignment);
    return item;
}

QTableWidgetItem* number(const QString& text)
{
    return cell(text, Qt::AlignRight | Qt::AlignVCenter);
}

}  // namespace

QString ResultsDialog::sessionStartText(const std::string& isoUtc)
{
    const QDateTime at = QDateTime::fromString(QString::fromStdString(isoUtc), Qt::ISODateWithMs).toLocalTime();
    if (!at.isValid())
        return QString::fromStdString(isoUtc);
    if (at.date() == QDate::currentDate())
        return tr("Today %1").arg(at.toString(QStringLiteral("HH:mm")));
    return at.toString(QStringLiteral("yyyy-MM-dd HH:mm"));
}

ResultsDialog::ResultsDialog(ConsoleController& controller, QWidget* parent)
    : QDialog(parent), m_controller(controller)
{
    setObjectName(QStringLiteral("ResultsDialog"));
    setWindowTitle(tr("Results"));
    auto* layout = new QVBoxLayout(this);

    auto* top = new QHBoxLayout;
    auto* sessionLabel = new QLabel(tr("Session:"), this);
    m_session = new QComboBox(this);
    m_session->setObjectName(QStringLiteral("ResultsSessionChoice"));
    sessionLabel->setBuddy(m_session);
    m_overview = new QLabel(this);
    m_overview->setObjectName(QStringLiteral("ResultsOverviewLabel"));
    m_overview->setWordWrap(true);
    top->addWidget(sessionLabel);
    top->addWidget(m_session);
    top->addSpacing(12);
    top->addWidget(m_overview, 1);
    layout->addLayout(top);

    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->setChildrenCollapsible(false);
    auto* tables = new QSplitter(Qt::Horizontal, splitter);
    tables->setChildrenCollapsible(false);
    auto* questionsBox = new QGroupBox(tr("Per question"), tables);
    auto* questionsLayout = new QVBoxLayout(questionsBox);
    m_questions = resultTable(questionsBox, "QuestionResultsTable",
                              {tr("Question"), tr("Answered"), tr("Full marks"), tr("Average")});
    questionsLayout->addWidget(m_questions);
    auto* learnersBox = new QGroupBox(tr("Per learner"), tables);
    auto* learnersLayout = new QVBoxLayout(learnersBox);
    m_learners = resultTable(learnersBox, "LearnerResultsTable",
                             {tr("Learner"), tr("Seat"), tr("Answered"), tr("Points"), tr("Out of"), tr("Percent")});
    learnersLayout->addWidget(m_learners);
    tables->addWidget(questionsBox);
    tables->addWidget(learnersBox);
    tables->setSizes({560, 520});

    auto* essaysBox = new QGroupBox(splitter);
    auto* essaysLayout = new QHBoxLayout(essaysBox);
    auto* essayListColumn = new QVBoxLayout;
    m_essaysTitle = new QLabel(essaysBox);
    m_essaysTitle->setWordWrap(true);
    m_essays = new QListWidget(essaysBox);
    m_essays->setObjectName(QStringLiteral("EssayList"));
    m_essays->setAccessibleName(tr("Essays"));
    essayListColumn->addWidget(m_essaysTitle);
    essayListColumn->addWidget(m_essays, 1);
    auto* essayColumn = new QVBoxLayout;
    m_essayTitle = new QLabel(essaysBox);
    m_essayTitle->setTextFormat(Qt::PlainText);
    QFont bold = m_essayTitle->font();
    bold.setBold(true);
    m_essayTitle->setFont(bold);
    m_essayQuestion = new QLabel(essaysBox);
    m_essayQuestion->setObjectName(QStringLiteral("EssayQuestionLabel"));
    m_essayQuestion->setTextFormat(Qt::PlainText);
    m_essayQuestion->setWordWrap(true);
    m_essayText = new QPlainTextEdit(essaysBox);
    m_essayText->setObjectName(QStringLiteral("EssayText"));
    m_essayText->setReadOnly(true);
    m_essayText->setAccessibleName(tr("The learner's essay"));
    auto* gradeRow = new QHBoxLayout;
    auto* gradeLabel = new QLabel(tr("Grade:"), essaysBox);
    m_grade = new QSpinBox(essaysBox);
    m_grade->setObjectName(QStringLiteral("EssayGradeBox"));
    m_grade->setRange(0, 100);
    m_grade->setSingleStep(10);
    m_grade->setSuffix(tr(" %"));
    gradeLabel->setBuddy(m_grade);
    m_saveGrade = new QPushButton(tr("Save grade"), essaysBox);
    m_saveGrade->setObjectName(QStringLiteral("SaveGradeButton"));
    gradeRow->addWidget(gradeLabel);
    gradeRow->addWidget(m_grade);
    gradeRow->addWidget(m_saveGrade);
    gradeRow->addStretch(1);
    essayColumn->addWidget(m_essayTitle);
    essayColumn->addWidget(m_essayQuestion);
    essayColumn->addWidget(m_essayText, 1);
    essayColumn->addLayout(gradeRow);
    essaysLayout->addLayout(essayListColumn, 2);
    essaysLayout->addLayout(essayColumn, 3);
    splitter->addWidget(tables);
    splitter->addWidget(essaysBox);
    splitter->setSizes({380, 260});
    layout->addWidget(splitter, 1);

    auto* saveRow = new QHBoxLayout;
    m_saveAnswers = new QPushButton(tr("Save answers as CSV…"), this);
    m_saveAnswers->setObjectName(QStringLiteral("SaveAnswersCsvButton"));
    m_saveAnswers->setToolTip(tr("Every answer, one per line, for a spreadsheet."));
    m_saveLearners = new QPushButton(tr("Save learner totals as CSV…"), this);
    m_saveLearners->setObjectName(QStringLiteral("SaveLearnersCsvButton"));
    m_saveLearners->setToolTip(tr("Each learner's points, one learner per line, for a spreadsheet."));
    m_savePdf = new QPushButton(tr("Save report as PDF…"), this);
    m_savePdf->setObjectName(QStringLiteral("SaveReportPdfButton"));
    m_savePdf->setToolTip(tr("A report to print: the questions, how they were answered and each learner's points."));
    for (QPushButton* button : {m_saveAnswers, m_saveLearners, m_savePdf}) {
        button->setAutoDefault(false);
        saveRow->addWidget(button);
    }
    saveRow->addStretch(1);
    auto* close = new QDialogButtonBox(QDialogButtonBox::Close, this);
    saveRow->addWidget(close);
    layout->addLayout(saveRow);
    m_saved = new QLabel(this);
    m_saved->setObjectName(QStringLiteral("ResultsSavedLabel"));
    m_saved->setWordWrap(true);
    m_saved->setTextFormat(Qt::PlainText);
    m_saved->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QPalette green = m_saved->palette();
    green.setColor(QPalette::WindowText, kFineGreen);
    m_saved->setPalette(green);
    m_saved->hide();
    layout->addWidget(m_saved);

    m_reloadSoon = new QTimer(this);
    m_reloadSoon->setSingleShot(true);
    m_reloadSoon->setInterval(300);

    m_folder = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    connect(close, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_session, &QComboBox::activated, this, &ResultsDialog::reload);
    connect(m_essays, &QListWidget::currentRowChanged, this, &ResultsDialog::showEssay);
    connect(m_saveGrade, &QPushButton::clicked, this, &ResultsDialog::saveGrade);
    connect(m_saveAnswers, &QPushButton::clicked, this, [this] { chooseFile(Export::Answers); });
    connect(m_saveLearners, &QPushButton::clicked, this, [this] { chooseFile(Export::Learners); });
    connect(m_savePdf, &QPushButton::clicked, this, [this] { chooseFile(Export::Pdf); });
    connect(m_reloadSoon, &QTimer::timeout, this, &ResultsDialog::reload);
    connect(&controller, &ConsoleController::learnersChanged, m_reloadSoon, qOverload<>(&QTimer::start));
    connect(&controller, &ConsoleController::answersStored, m_reloadSoon, qOverload<>(&QTimer::start));
    connect(&controller, &ConsoleController::quizChanged, m_reloadSoon, qOverload<>(&QTimer::start));

    resize(1100, 720);
    fillSessions();
    reload();
}

void ResultsDialog::fillSessions()
{
    const QSignalBlocker blocker(m_session);
    m_session->clear();
    const std::int64_t current = m_controller.sessionId();
    auto sessions = m_controller.store().sessions(kSessionsListed);
    bool listed = false;
    if (sessions)
        for (const StoredSession& session : sessions.value()) {
            const QString when = sessionStartText(session.startedAt);
            m_session->addItem(session.id == current ? tr("%1 (this session)").arg(when) : when,
                               QVariant::fromValue<qint64>(session.id));
            listed = listed || session.id == current;
        }
    if (!listed)
        m_session->insertItem(0, tr("This session"), QVariant::fromValue<qint64>(current));
    m_session->setCurrentIndex(m_session->findData(QVariant::fromValue<qint64>(current)));
}

std::int64_t ResultsDialog::chosenSession() const
{
    const QVariant id = m_session->currentData();
    return id.isValid() ? id.toLongLong() : m_controller.sessionId();
}

void ResultsDialog::reload()
{
    if (m_session->findData(QVariant::fromValue<qint64>(m_controller.sessionId())) < 0) {
        // A new session started while the dialog was open.
        fillSessions();
    }
    auto report = m_controller.sessionReport(chosenSession());
    if (!report) {
        m_overview->setText(tr("The results cannot be read: %1").arg(QString::fromStdString(report.error())));
        m_questions->setRowCount(0);
        m_learners->setRowCount(0);
    } else {
        fillTables(report.value());
    }
    fillEssays();
}

void ResultsDialog::fillTables(const SessionReport& report)
{
    int waiting = 0;
    m_questions->setRowCount(static_cast<int>(report.questions.size()));
    for (int row = 0; row < static_cast<int>(report.questions.size()); ++row) {
        const QuestionResult& result = report.questions[static_cast<std::size_t>(row)];
        waiting += result.awaitingGrading;
        auto* title = cell(tr("%1. %2 (%3)")
                               .arg(result.questionNumber)
                               .arg(QString::fromStdString(result.questionTitle),
                                    QString::fromStdString(result.questionType)));
        QString tip = QString::fromStdString(result.questionText);
        if (!result.correctAnswer.empty())
            tip += QLatin1String("\n\n") + tr("Right answer: %1").arg(QString::fromStdString(result.correctAnswer));
        title->setToolTip(tip);
        m_questions->setItem(row, 0, title);
        m_questions->setItem(row, 1, number(QString::number(result.answered)));
        m_questions->setItem(row, 2, number(QString::number(result.fullMarks)));
        QString average = result.averageScore ? percentText(*result.averageScore) : tr("—");
        if (result.awaitingGrading > 0)
            average = result.averageScore ? tr("%1 (%2 to grade)").arg(average).arg(result.awaitingGrading)
                                          : tr("%1 to grade").arg(result.awaitingGrading);
        m_questions->setItem(row, 3, number(average));
    }

    m_learners->setRowCount(static_cast<int>(report.learners.size()));
    for (int row = 0; row < static_cast<int>(report.learners.size()); ++row) {
        const LearnerResult& learner = report.learners[static_cast<std::size_t>(row)];
        m_learners->setItem(row, 0, cell(QString::fromStdString(learner.learner)));
        m_learners->setItem(row, 1, cell(QString::fromStdString(learner.seatName)));
        m_learners->setItem(row, 2, number(tr("%1 of %2").arg(learner.answered).arg(learner.questionsAsked)));
        QString points = pointsText(learner.points);
        if (learner.awaitingGrading > 0)
            points = tr("%1 (+%2 to grade)").arg(points).arg(learner.awaitingGrading);
        m_learners->setItem(row, 3, number(points));
        m_learners->setItem(row, 4, number(pointsText(learner.maxPoints)));
        m_learners->setItem(row, 5, number(learner.maxPoints > 0 ? percentText(learner.points / learner.maxPoints)
                                                                 : tr("—")));
    }

    int answers = 0;
    for (const AnswerRow& answer : report.answers)
        answers += answer.counts ? 1 : 0;
    if (report.questions.empty()) {
        m_overview->setText(tr("No questions were asked in this session yet."));
        return;
    }
    // One and many spelled out: the console loads no translation, and without
    // one Qt's "%n question(s)" would show just that.
    const auto count = [](std::size_t n, const QString& one, const QString& many) {
        return n == 1 ? one : many.arg(n);
    };
    QStringList parts{count(report.questions.size(), tr("1 question asked"), tr("%1 questions asked")),
                      count(report.learners.size(), tr("1 learner"), tr("%1 learners")),
                      count(static_cast<std::size_t>(answers), tr("1 answer"), tr("%1 answers"))};
    if (waiting > 0)
        parts << count(static_cast<std::size_t>(waiting), tr("1 essay waits for your grade"),
                       tr("%1 essays wait for your grade"));
    m_overview->setText(parts.join(QStringLiteral(" · ")));
}

void ResultsDialog::fillEssays()
{
    const std::int64_t sessionId = chosenSession();
    std::optional<std::pair<std::string, std::uint64_t>> keep;
    if (const int row = m_essays->currentRow(); row >= 0 && row < static_cast<int>(m_essayRows.size()))
        keep = std::make_pair(m_essayRows[static_cast<std::size_t>(row)].seatKey,
                              m_essayRows[static_cast<std::size_t>(row)].answerId);
    m_essayRows.clear();

    auto answers = m_controller.store().answersOfSession(sessionId);
    auto quizzes = m_controller.store().quizzesOfSession(sessionId);
    if (answers && quizzes) {
        std::map<std::uint64_t, std::string> moduleOf;
        for (const StoredQuiz& quiz : quizzes.value())
            moduleOf[quiz.id] = quiz.moduleId;
        // The answer that counts: per quiz, question and seat, the newest by the PC's clock.
        std::map<std::tuple<std::uint64_t, std::uint32_t, std::string>, const StoredAnswer*> latest;
        for (const StoredAnswer& answer : answers.value()) {
            const StoredAnswer*& newest = latest[{answer.quizId, answer.question, answer.seatKey}];
            if (!newest || newest->answeredAtMs <= answer.answeredAtMs)
                newest = &answer;
        }
        for (const StoredAnswer& answer : answers.value()) {
            if (latest[{answer.quizId, answer.question, answer.seatKey}] != &answer)
                continue;
            const auto module = moduleOf.find(answer.quizId);
            if (module == moduleOf.end())
                continue;
            auto questions = m_controller.questionsOf(module->second);
            if (!questions || answer.question >= questions.value()->size())
                continue;
            const Question& question = (*questions.value())[answer.question];
            if (question.type != QuestionType::Essay)
                continue;
            Essay essay;
            essay.seatKey = answer.seatKey;
            essay.answerId = answer.answerId;
            essay.question = questionListText(answer.question, question);
            essay.wording = questionWording(question);
            essay.seatName = QString::fromStdString(answer.seatName);
            essay.learner = answer.learner.empty() ? tr("(seat %1)").arg(essay.seatName)
                                                   : QString::fromStdString(answer.learner);
            essay.text = QString::fromStdString(answer.text);
            essay.score = answer.score;
            m_essayRows.push_back(std::move(essay));
        }
    }
    // The ones waiting for a grade first.
    std::stable_sort(m_essayRows.begin(), m_essayRows.end(),
                     [](const Essay& a, const Essay& b) { return !a.score && b.score; });

    const QSignalBlocker blocker(m_essays);
    m_essays->clear();
    int waiting = 0;
    int keepRow = -1;
    for (const Essay& essay : m_essayRows) {
        const QString state = essay.score ? percentText(*essay.score) : tr("to grade");
        auto* item = new QListWidgetItem(tr("%1 at %2 · %3").arg(essay.learner, essay.seatName, state), m_essays);
        item->setToolTip(essay.question);
        if (!essay.score) {
            QFont bold = item->font();
            bold.setBold(true);
            item->setFont(bold);
            ++waiting;
        }
        if (keep && keep->first == essay.seatKey && keep->second == essay.answerId)
            keepRow = m_essays->count() - 1;
    }
    m_essaysTitle->setText(m_essayRows.empty() ? tr("Essays: none in this session.")
                           : waiting == 0     ? tr("Essays: all graded.")
                           : waiting == 1     ? tr("Essays: 1 waits for your grade.")
                                              : tr("Essays: %1 wait for your grade.").arg(waiting));
    m_essays->setCurrentRow(keepRow >= 0 ? keepRow : m_essays->count() > 0 ? 0 : -1);
    showEssay();
}

void ResultsDialog::showEssay()
{
    const int row = m_essays->currentRow();
    const bool chosen = row >= 0 && row < static_cast<int>(m_essayRows.size());
    m_grade->setEnabled(chosen);
    m_saveGrade->setEnabled(chosen);
    if (!chosen) {
        m_essayTitle->clear();
        m_essayQuestion->setText(m_essayRows.empty() ? tr("Essays appear here when learners answer an essay question.")
                                                     : tr("Choose an essay in the list."));
        m_essayText->clear();
        return;
    }
    const Essay& essay = m_essayRows[static_cast<std::size_t>(row)];
    m_essayTitle->setText(tr("%1 · %2 at %3").arg(essay.question, essay.learner, essay.seatName));
    m_essayQuestion->setText(essay.wording);
    m_essayText->setPlainText(essay.text);
    m_grade->setValue(essay.score ? static_cast<int>(std::lround(*essay.score * 100.0)) : 0);
}

void ResultsDialog::saveGrade()
{
    const int row = m_essays->currentRow();
    if (row < 0 || row >= static_cast<int>(m_essayRows.size()))
        return;
    const Essay& essay = m_essayRows[static_cast<std::size_t>(row)];
    auto graded = m_controller.gradeAnswer(essay.seatKey, essay.answerId, m_grade->value() / 100.0);
    if (!graded) {
        showFailure(tr("The grade was not saved."), QString::fromStdString(graded.error()));
        return;
    }
    reload();
    // On to the next essay that waits, if any.
    for (int next = 0; next < static_cast<int>(m_essayRows.size()); ++next)
        if (!m_essayRows[static_cast<std::size_t>(next)].score) {
            m_essays->setCurrentRow(next);
            break;
        }
}

void ResultsDialog::chooseFile(Export kind)
{
    auto report = m_controller.sessionReport(chosenSession());
    if (!report) {
        showFailure(tr("Nothing was saved."), QString::fromStdString(report.error()));
        return;
    }
    const QString base = QDir(m_folder).filePath(reportFileBaseName(report.value()));
    QString path;
    switch (kind) {
    case Export::Answers:
        path = QFileDialog::getSaveFileName(this, tr("Save answers as CSV"), base + QStringLiteral("-answers.csv"),
                                            tr("Spreadsheet (*.csv)"));
        break;
    case Export::Learners:
        path = QFileDialog::getSaveFileName(this, tr("Save learner totals as CSV"),
                                            base + QStringLiteral("-learners.csv"), tr("Spreadsheet (*.csv)"));
        break;
    case Export::Pdf:
        path = QFileDialog::getSaveFileName(this, tr("Save report as PDF"), base + QStringLiteral(".pdf"),
                                            tr("PDF document (*.pdf)"));
        break;
    }
    if (path.isEmpty())
        return;
    const QString suffix = kind == Export::Pdf ? QStringLiteral("pdf") : QStringLiteral("csv");
    if (QFileInfo(path).suffix().isEmpty())
        path += QLatin1Char('.') + suffix;
    save(kind, path);
}

bool ResultsDialog::saveAnswersCsv(const QString& path) { return save(Export::Answers, path); }
bool ResultsDialog::saveLearnersCsv(const QString& path) { return save(Export::Learners, path); }
bool ResultsDialog::saveReportPdf(const QString& path) { return save(Export::Pdf, path); }

bool ResultsDialog::save(Export kind, const QString& path)
{
    m_saved->hide();
    auto report = m_controller.sessionReport(chosenSession());
    if (!report) {
        showFailure(tr("Nothing was saved."), QString::fromStdString(report.error()));
        return false;
    }
    const std::filesystem::path file(path.toStdString());
    const Result<void> written = kind == Export::Answers    ? writeAnswersCsv(report.value(), file)
                                 : kind == Export::Learners ? writeLearnersCsv(report.value(), file)
                                                            : writeReportPdf(report.value(), file);
    if (!written) {
        showFailure(tr("The file was not saved."), QString::fromStdString(written.error()));
        return false;
    }
    m_folder = QFileInfo(path).absolutePath();
    const QString where = QDir::toNativeSeparators(QFileInfo(path).absoluteFilePath());
    m_saved->setText(kind == Export::Answers    ? tr("✓ The answers were saved in %1").arg(where)
                     : kind == Export::Learners ? tr("✓ The learner totals were saved in %1").arg(where)
                                                : tr("✓ The report was saved in %1").arg(where));
    m_saved->show();
    return true;
}

void ResultsDialog::showFailure(const QString& what, const QString& why)
{
    auto* box = new QMessageBox(QMessageBox::Warning, windowTitle(), what, QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("ResultsProblemBox"));
    box->setInformativeText(why);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

}  // namespace classroom::console
