#pragma once

#include "student-agent/core/ScreenLocker.h"
#include "student-agent/ui/LockWindow.h"

#include <QObject>
#include <QPointer>
#include <QRect>

#include <memory>
#include <vector>

class QScreen;
class QTimer;

namespace classroom::agent {

// Locks the screen with one LockWindow per screen (screens plugged in while
// locked get one too), keeps them on top and holds the keyboard and mouse.
class WidgetScreenLocker : public QObject, public ScreenLocker {
    Q_OBJECT
public:
    // FullScreen is the real lock. Windowed shows the same lock screen in an
    // ordinary window without grabbing input, so a demo can run a console and
    // several agents on one desktop.
    enum class Mode { FullScreen, Windowed };

    explicit WidgetScreenLocker(Mode mode = Mode::FullScreen, QObject* parent = nullptr);
    ~WidgetScreenLocker() override;

    void engage(const QString& message) override;
    void release() override;
    bool isEngaged() const override { return m_engaged; }

    const std::vector<std::unique_ptr<LockWindow>>& windows() const { return m_windows; }

private:
    void coverScreen(QScreen* screen);
    void reassert();

    Mode m_mode;
    QRect m_windowedGeometry;  // where the first demo window was put (Qt's -geometry)
    bool m_engaged = false;
    QString m_message;
    std::vector<std::unique_ptr<LockWindow>> m_windows;
    QTimer* m_reassertTimer;
};

}  // namespace classroom::agent
