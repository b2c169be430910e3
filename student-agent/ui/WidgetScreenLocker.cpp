#include "student-agent/ui/WidgetScreenLocker.h"

#include <QGuiApplication>
#include <QScreen>
#include <QTimer>

namespace classroom::agent {
namespace {
// How often the lock re-raises itself and re-takes the keyboard and mouse, in
// case another window or a grab got in between.
constexpr int kReassertIntervalMs = 1000;
}

WidgetScreenLocker::WidgetScreenLocker(Mode mode, QObject* parent)
    : QObject(parent), m_mode(mode), m_reassertTimer(new QTimer(this))
{
    m_reassertTimer->setInterval(kReassertIntervalMs);
    connect(m_reassertTimer, &QTimer::timeout, this, &WidgetScreenLocker::reassert);
    connect(qGuiApp, &QGuiApplication::screenAdded, this, [this](QScreen* screen) {
        if (m_engaged && m_mode == Mode::FullScreen)
            coverScreen(screen);
    });
}

WidgetScreenLocker::~WidgetScreenLocker()
{
    for (auto& window : m_windows)
        window->allowClose();
}

void WidgetScreenLocker::coverScreen(QScreen* screen)
{
    auto window = std::make_unique<LockWindow>();
    window->setMessage(m_message);
    if (m_mode == Mode::Windowed) {
        window->setWindowFlags(Qt::Window);
        window->setCompact(true);
        window->resize(460, 260);  // -geometry on the command line overrides this once
        if (m_windowedGeometry.isValid())
            window->setGeometry(m_windowedGeometry);
        window->show();
        m_windows.push_back(std::move(window));
        return;
    }
    window->setScreen(screen);
    window->setGeometry(screen->geometry());
    window->showFullScreen();
    window->raise();
    window->activateWindow();
    m_windows.push_back(std::move(window));
}

void WidgetScreenLocker::engage(const QString& message)
{
    m_message = message;
    if (m_engaged) {
        for (auto& window : m_windows)
            window->setMessage(message);
        return;
    }
    m_engaged = true;
    if (m_mode == Mode::Windowed) {
        coverScreen(QGuiApplication::primaryScreen());
        return;
    }
    for (QScreen* screen : QGuiApplication::screens())
        coverScreen(screen);
    reassert();
    m_reassertTimer->start();
}

void WidgetScreenLocker::reassert()
{
    if (!m_engaged || m_windows.empty())
        return;
    for (auto& window : m_windows) {
        if (!window->isVisible())
            window->showFullScreen();
        window->raise();
    }
    LockWindow* primary = m_windows.front().get();
    primary->activateWindow();
    primary->grabKeyboard();
    primary->grabMouse();
}

void WidgetScreenLocker::release()
{
    if (!m_engaged)
        return;
    m_engaged = false;
    m_reassertTimer->stop();
    if (m_mode == Mode::Windowed && !m_windows.empty())
        m_windowedGeometry = m_windows.front()->geometry();
    for (auto& window : m_windows) {
        window->releaseKeyboard();
        window->releaseMouse();
        window->allowClose();
        window->close();
    }
    m_windows.clear();
}

}  // namespace classroom::agent
