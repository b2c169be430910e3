#include "student-agent/ui/WidgetModuleView.h"

#include <QGuiApplication>
#include <QScreen>
#include <QStyle>

namespace classroom::agent {
namespace {
// A new module window takes most of the screen, so the page reads from a
// distance, but stays an ordinary window the learner can move or minimise.
constexpr double kScreenShare = 0.85;
}

WidgetModuleView::WidgetModuleView() = default;

WidgetModuleView::~WidgetModuleView() = default;

void WidgetModuleView::showPage(const ModulePages& module, int page, bool freeBrowsing)
{
    const bool firstTime = !m_window;
    if (firstTime) {
        m_window = std::make_unique<ModuleWindow>();
        QObject::connect(m_window.get(), &ModuleWindow::pageRequested, m_window.get(), [this](int requested) {
            if (onPageRequested)
                onPageRequested(requested);
        });
        if (const QScreen* screen = QGuiApplication::primaryScreen()) {
            const QRect area = screen->availableGeometry();
            const QSize size = (QSizeF(area.size()) * kScreenShare).toSize().expandedTo(m_window->minimumSize());
            m_window->setGeometry(QStyle::alignedRect(Qt::LeftToRight, Qt::AlignCenter, size, area));
        }
    }
    const bool wasVisible = m_window->isVisible();
    m_window->showPage(module, page, freeBrowsing);
    // The trainer turned the page: bring the window back if it was minimised.
    m_window->setWindowState(m_window->windowState() & ~Qt::WindowMinimized);
    m_window->show();
    m_window->raise();
    if (!wasVisible)
        m_window->activateWindow();
}

void WidgetModuleView::closeModule()
{
    if (!m_window)
        return;
    m_window->allowClose();
    m_window->close();
}

}  // namespace classroom::agent
