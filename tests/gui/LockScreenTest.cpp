// The lock screen as a learner meets it: it covers every screen, shows the
// trainer's words as plain text, and no key, click or close request gets past it.

#include "student-agent/ui/LockWindow.h"
#include "student-agent/ui/WidgetScreenLocker.h"
#include "tests/gui/Screenshot.h"
#include "tests/support/Wait.h"

#include <QGuiApplication>
#include <QLabel>
#include <QScreen>
#include <QShortcut>
#include <QTest>

#include <gtest/gtest.h>

using namespace classroom;
using namespace classroom::agent;
using namespace classroom::test;

TEST(LockScreen, KeysAndCloseRequestsDoNotCloseTheLockWindow)
{
    LockWindow window;
    window.setMessage(QStringLiteral("Eyes on the trainer"));
    window.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&window));

    QTest::keyClick(&window, Qt::Key_F4, Qt::AltModifier);
    QTest::keyClick(&window, Qt::Key_Escape);
    QTest::keyClick(&window, Qt::Key_W, Qt::ControlModifier);
    QTest::keyClick(&window, Qt::Key_Q, Qt::ControlModifier);
    QTest::mouseClick(&window, Qt::LeftButton);
    QTest::mouseDClick(&window, Qt::RightButton);
    EXPECT_FALSE(window.close());
    QCoreApplication::processEvents();
    EXPECT_TRUE(window.isVisible());

    window.allowClose();  // only the locker does this, on unlock
    EXPECT_TRUE(window.close());
    EXPECT_FALSE(window.isVisible());
}

TEST(LockScreen, ShortcutsOfTheApplicationDoNotFireWhileTheLockHasFocus)
{
    int fired = 0;
    {
        // Positive control: the same key on an ordinary window fires the shortcut.
        QWidget ordinary;
        QShortcut quit(QKeySequence(Qt::CTRL | Qt::Key_Q), &ordinary);
        quit.setContext(Qt::ApplicationShortcut);
        QObject::connect(&quit, &QShortcut::activated, [&] { ++fired; });
        ordinary.show();
        ASSERT_TRUE(QTest::qWaitForWindowExposed(&ordinary));
        QTest::keyClick(&ordinary, Qt::Key_Q, Qt::ControlModifier);
        ASSERT_EQ(fired, 1);
    }
    fired = 0;
    LockWindow window;
    QShortcut quit(QKeySequence(Qt::CTRL | Qt::Key_Q), &window);
    quit.setContext(Qt::ApplicationShortcut);
    QObject::connect(&quit, &QShortcut::activated, [&] { ++fired; });
    window.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&window));
    window.activateWindow();
    QTest::keyClick(&window, Qt::Key_Q, Qt::ControlModifier);
    EXPECT_EQ(fired, 0);
    window.allowClose();
}

TEST(LockScreen, TheTrainersMessageIsShownAsPlainTextNeverAsMarkup)
{
    LockWindow window;
    const QString message = QStringLiteral("<a href='http://x'>click</a> <b>now</b>");
    window.setMessage(message);
    auto* label = window.findChild<QLabel*>(QStringLiteral("LockMessage"));
    ASSERT_NE(label, nullptr);
    EXPECT_EQ(label->textFormat(), Qt::PlainText);
    EXPECT_EQ(window.message(), message);
    EXPECT_FALSE(label->openExternalLinks());
}

TEST(LockScreen, TheLockerCoversEveryScreenFramelessAndOnTopThenReleases)
{
    WidgetScreenLocker locker(WidgetScreenLocker::Mode::FullScreen);
    locker.engage(QStringLiteral("Back in five minutes"));
    ASSERT_TRUE(locker.isEngaged());
    ASSERT_EQ(locker.windows().size(), static_cast<std::size_t>(QGuiApplication::screens().size()));
    for (const auto& window : locker.windows()) {
        ASSERT_TRUE(QTest::qWaitForWindowExposed(window.get()));
        EXPECT_TRUE(window->isVisible());
        EXPECT_TRUE(window->windowFlags().testFlag(Qt::FramelessWindowHint));
        EXPECT_TRUE(window->windowFlags().testFlag(Qt::WindowStaysOnTopHint));
        EXPECT_EQ(window->message(), QStringLiteral("Back in five minutes"));
        EXPECT_EQ(window->geometry(), window->screen()->geometry());
    }
    LockWindow& first = *locker.windows().front();
    saveScreenshot(first, QStringLiteral("lock-screen"));

    locker.engage(QStringLiteral("Quiz starts now"));  // a new message while locked
    EXPECT_EQ(first.message(), QStringLiteral("Quiz starts now"));

    locker.release();
    EXPECT_FALSE(locker.isEngaged());
    for (const auto& window : locker.windows())
        EXPECT_FALSE(window->isVisible());
}

TEST(LockScreen, ALockWindowHiddenBehindTheLearnersBackComesBack)
{
    WidgetScreenLocker locker(WidgetScreenLocker::Mode::FullScreen);
    locker.engage(QString());
    ASSERT_FALSE(locker.windows().empty());
    LockWindow& window = *locker.windows().front();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&window));
    window.hide();  // what a window manager trick or a crashed compositor might do
    EXPECT_TRUE(waitUntil([&] { return window.isVisible(); }, 3s));
    locker.release();
}
