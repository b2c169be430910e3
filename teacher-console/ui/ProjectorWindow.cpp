#include "teacher-console/ui/ProjectorWindow.h"

#include "teacher-console/ui/DistributionChart.h"
#include "teacher-console/ui/QuizPanel.h"

#include "common/quiz/Grading.h"

#include <QGuiApplication>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QScreen>
#include <QTimer>
#include <QVBoxLayout>

namespace classroom::console {
namespace {

using module::gift::Question;
using module::gift::QuestionType;

const QColor kRightGreen(0x1b, 0x7a, 0x2e);

// Sizes relative to the system font: readable from the back of a classroom.
constexpr double kHeadingScale = 1.6;
constexpr double kQuestionScale = 2.6;
constexpr double kChartScale = 2.0;
constexpr double kAnsweredScale = 2.2;

QLabel* projectorLabel(QWidget* parent, const char* name, double scale, bool bold)
{
    auto* label = new QLabel(parent);
    label->setObjectName(QString::fromLatin1(name));
    label->setTextFormat(Qt::PlainText);  // the author's words, never markup
    label->setWordWrap(true);
    QFont font = label->font();
    font.setPointSizeF(font.pointSizeF() * scale);
    font.setBold(bold);
    label->setFont(font);
    return label;
}

// A short answer's bars hold what learners typed. On the projector only the
// answers the module itself accepts keep their own bar.
std::vector<ChartBar> projectorBars(const Question& question, std::vector<ChartBar> bars)
{
    if (question.type != QuestionType::ShortAnswer)
        return bars;
    std::vector<ChartBar> shown;
    int others = 0;
    for (ChartBar& bar : bars) {
        const bool accepted =
            bar.label != QLatin1String(quiz::kOtherAnswersLabel) &&
            quiz::grade(question, quiz::Response{{}, bar.label.toStdString()}).value_or(0.0) > 0.0;
        if (accepted)
            shown.push_back(std::move(bar));
        else
            others += bar.count;
    }
    if (others > 0)
        shown.push_back({ProjectorWindow::tr("Other answers"), others, false});
    return shown;
}

}  // namespace

ProjectorWindow::ProjectorWindow(ConsoleController& controller, QWidget* parent)
    : QWidget(parent, Qt::Window), m_controller(controller)
{
    setObjectName(QStringLiteral("ProjectorWindow"));
    setWindowTitle(tr("Classroom projector"));
    // Closing the console window ends the program, even with this one open.
    setAttribute(Qt::WA_QuitOnClose, false);
    setAutoFillBackground(true);
    QPalette colours = palette();
    colours.setColor(QPalette::Window, Qt::white);
    colours.setColor(QPalette::WindowText, QColor(0x20, 0x20, 0x20));
    setPalette(colours);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(48, 32, 48, 32);
    layout->setSpacing(18);
    m_heading = projectorLabel(this, "ProjectorHeading", kHeadingScale, false);
    QPalette grey = m_heading->palette();
    grey.setColor(QPalette::WindowText, QColor(0x55, 0x55, 0x55));
    m_heading->setPalette(grey);
    m_question = projectorLabel(this, "ProjectorQuestion", kQuestionScale, true);
    m_chart = new DistributionChart(this);
    m_chart->setObjectName(QStringLiteral("ProjectorChart"));
    QFont chartFont = font();
    chartFont.setPointSizeF(chartFont.pointSizeF() * kChartScale);
    m_chart->setFont(chartFont);
    auto* countsRow = new QHBoxLayout;
    m_answered = projectorLabel(this, "ProjectorAnswered", kAnsweredScale, true);
    m_answered->setWordWrap(false);
    m_timeLeft = projectorLabel(this, "ProjectorTimeLeft", kAnsweredScale, false);
    m_timeLeft->setWordWrap(false);
    m_timeLeft->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    countsRow->addWidget(m_answered, 1);
    countsRow->addWidget(m_timeLeft);
    m_rightAnswer = projectorLabel(this, "ProjectorRightAnswer", kAnsweredScale, true);
    QPalette green = m_rightAnswer->palette();
    green.setColor(QPalette::WindowText, kRightGreen);
    m_rightAnswer->setPalette(green);

    layout->addWidget(m_heading);
    layout->addWidget(m_question);
    layout->addLayout(countsRow);
    layout->addWidget(m_chart);
    layout->addWidget(m_rightAnswer);
    layout->addStretch(1);

    m_clock = new QTimer(this);
    m_clock->setInterval(500);
    connect(m_clock, &QTimer::timeout, this, &ProjectorWindow::refresh);
    connect(&controller, &ConsoleController::quizChanged, this, &ProjectorWindow::refresh);
    connect(&controller, &ConsoleController::answersStored, this, &ProjectorWindow::refresh);
    connect(&controller, &ConsoleController::libraryChanged, this, &ProjectorWindow::refresh);

    resize(1280, 720);
    refresh();
}

void ProjectorWindow::followQuestion(std::optional<std::uint32_t> chosen)
{
    if (chosen == m_chosen)
        return;
    m_chosen = chosen;
    refresh();
}

void ProjectorWindow::showOnProjector(const QWidget* console)
{
    const QScreen* consoleScreen = console ? console->screen() : nullptr;
    for (QScreen* screen : QGuiApplication::screens())
        if (screen != consoleScreen) {
            setScreen(screen);
            setGeometry(screen->geometry());
            showFullScreen();
            raise();
            return;
        }
    show();
    raise();
    activateWindow();
}

void ProjectorWindow::keyPressEvent(QKeyEvent* event)
{
    // F11 as in web browsers; Escape leaves full screen.
    if (event->key() == Qt::Key_F11)
        isFullScreen() ? showNormal() : showFullScreen();
    else if (event->key() == Qt::Key_Escape && isFullScreen())
        showNormal();
    else
        QWidget::keyPressEvent(event);
}

void ProjectorWindow::refresh()
{
    const std::uint64_t id = m_controller.currentQuiz();
    const StoredQuiz* shown = m_controller.quiz(id);
    auto questions = shown ? m_controller.questionsOf(shown->moduleId)
                           : Result<const std::vector<Question>*>::failure("no quiz");
    const std::optional<std::uint32_t> number =
        shown && questions ? questionToShow(*shown, *questions.value(), m_chosen) : std::nullopt;
    const Question* question =
        number && questions && *number < questions.value()->size() ? &(*questions.value())[*number] : nullptr;
    if (!shown || !question) {
        m_clock->stop();
        m_heading->setText(QString());
        m_question->setText(tr("No question right now."));
        m_answered->clear();
        m_timeLeft->clear();
        m_rightAnswer->hide();
        m_chart->setRevealed(false);
        m_chart->clear(QString());
        return;
    }

    m_heading->setText(QString::fromStdString(shown->moduleTitle));
    m_question->setText(questionWording(*question));
    const QuizTally tally = m_controller.tally(id, *number);
    m_answered->setText(tr("%1 of %2 answered").arg(tally.answered).arg(tally.asked));
    if (shown->open && shown->closesAtMs != 0) {
        m_timeLeft->setText(timeLeftText(shown->closesAtMs));
        if (!m_clock->isActive())
            m_clock->start();
    } else {
        m_timeLeft->setText(shown->open ? QString() : tr("Answers stopped"));
        m_clock->stop();
    }
    m_chart->setRevealed(shown->revealed);
    m_chart->setBars(projectorBars(*question, chartBars(*question, tally.bars)), tally.answered);

    const std::string right = quiz::correctAnswerText(*question);
    m_rightAnswer->setVisible(shown->revealed && !right.empty());
    m_rightAnswer->setText(tr("✓ Right answer: %1").arg(plainText(right, question->format)));
}

}  // namespace classroom::console
