#include "student-agent/ui/LockWindow.h"

#include <QCloseEvent>
#include <QKeyEvent>
#include <QLabel>
#include <QVBoxLayout>

namespace classroom::agent {

LockWindow::LockWindow(QWidget* parent)
    : QWidget(parent, Qt::Window | Qt::FramelessWindowHint | Qt::WindowStaysOnTopHint)
{
    setObjectName(QStringLiteral("LockWindow"));
    setWindowTitle(tr("Screen locked"));
    setAttribute(Qt::WA_DeleteOnClose, false);
    setCursor(Qt::BlankCursor);
    setAutoFillBackground(true);
    QPalette colours = palette();
    colours.setColor(QPalette::Window, QColor(0x1d, 0x2b, 0x3a));
    colours.setColor(QPalette::WindowText, Qt::white);
    setPalette(colours);

    auto* layout = new QVBoxLayout(this);
    layout->addStretch(2);
    m_title = new QLabel(tr("Your trainer has paused this computer"), this);
    m_title->setAlignment(Qt::AlignCenter);
    m_title->setWordWrap(true);
    QFont titleFont = m_title->font();
    titleFont.setPointSize(34);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    layout->addWidget(m_title);

    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("LockMessage"));
    m_message->setAlignment(Qt::AlignCenter);
    m_message->setWordWrap(true);
    m_message->setTextFormat(Qt::PlainText);  // the trainer's words, never markup
    QFont messageFont = m_message->font();
    messageFont.setPointSize(26);
    m_message->setFont(messageFont);
    layout->addSpacing(30);
    layout->addWidget(m_message);
    layout->addStretch(3);
}

void LockWindow::setMessage(const QString& message)
{
    m_message->setText(message);
    m_message->setVisible(!message.isEmpty());
}

void LockWindow::setCompact(bool compact)
{
    QFont titleFont = m_title->font();
    titleFont.setPointSize(compact ? 16 : 34);
    m_title->setFont(titleFont);
    QFont messageFont = m_message->font();
    messageFont.setPointSize(compact ? 13 : 26);
    m_message->setFont(messageFont);
}

QString LockWindow::message() const
{
    return m_message->text();
}

void LockWindow::closeEvent(QCloseEvent* event)
{
    if (m_closeAllowed)
        event->accept();
    else
        event->ignore();
}

void LockWindow::keyPressEvent(QKeyEvent* event)
{
    event->accept();  // swallowed: no shortcut reaches anything behind the lock
}

void LockWindow::keyReleaseEvent(QKeyEvent* event)
{
    event->accept();
}

bool LockWindow::event(QEvent* event)
{
    // Shortcut overrides (Alt+F4, Ctrl+W, Escape...) are taken here before any
    // widget or the window system sees them as commands.
    if (event->type() == QEvent::ShortcutOverride) {
        event->accept();
        return true;
    }
    return QWidget::event(event);
}

}  // namespace classroom::agent
