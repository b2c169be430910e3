#pragma once

#include <QWidget>

class QLabel;

namespace classroom::agent {

// One full-screen, frameless, always-on-top cover for one screen. The learner
// cannot close it: close requests, Alt+F4 and every key are swallowed until the
// locker releases it.
class LockWindow : public QWidget {
    Q_OBJECT
public:
    explicit LockWindow(QWidget* parent = nullptr);

    void setMessage(const QString& message);
    // Smaller type for a lock shown in an ordinary window (demos).
    void setCompact(bool compact);
    QString message() const;
    // Lets the next close() through; only the locker calls this.
    void allowClose() { m_closeAllowed = true; }

protected:
    void closeEvent(QCloseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void keyReleaseEvent(QKeyEvent* event) override;
    bool event(QEvent* event) override;

private:
    QLabel* m_title;
    QLabel* m_message;
    bool m_closeAllowed = false;
};

}  // namespace classroom::agent
