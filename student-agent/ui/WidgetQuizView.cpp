#include "student-agent/ui/WidgetQuizView.h"

#include <QGuiApplication>
#include <QScreen>
#include <QStyle>

namespace classroom::agent {
namespace {
// As the module window: most of the screen, so the question reads from a
// distance, but an ordinary window the learner can move or minimise.
constexpr double kScreenShare = 0.85;
}  // namespace

WidgetQuizView::WidgetQuizView() = default;

WidgetQuizView::~WidgetQuizView() = default;

void WidgetQuizView::showQuiz(const QuizScreen& screen)
{
    if (!m_window) {
        m_window = std::make_unique<QuizWindow>();
        QObject::connect(m_window.get(), &QuizWindow::answerSubmitted, m_window.get(),
                         [this](std::uint32_t number, const quiz::Response& response) {
                             if (onAnswer)
                                 onAnswer(number, response);
                         });
        if (const QScreen* display = QGuiApplication::primaryScreen()) {
            const QRect area = display->availableGeometry();
            const QSize size = (QSizeF(area.size()) * kScreenShare).toSize().expandedTo(m_window->minimumSize());
            m_window->setGeometry(QStyle::alignedRect(Qt::LeftToRight, Qt::AlignCenter, size, area));
        }
    }
    const bool wasVisible = m_window->isVisible();
    const QuizScreen& before = m_window->quizScreen();
    // Something the trainer did (a new question, closing it, revealing the
    // answers) brings the window forward; a mere change of an answer's status
    // does not pull back a window the learner has minimised.
    const bool trainerActed =
        !wasVisible || before.run != screen.run || before.open != screen.open || before.reveal != screen.reveal;
    m_window->showQuiz(screen);
    if (!trainerActed)
        return;
    m_window->setWindowState(m_window->windowState() & ~Qt::WindowMinimized);
    m_window->show();
    m_window->raise();
    m_window->activateWindow();
}

void WidgetQuizView::closeQuiz()
{
    if (!m_window)
        return;
    m_window->allowClose();
    m_window->close();
}

}  // namespace classroom::agent
