#pragma once

#include <QDir>
#include <QPixmap>
#include <QWidget>

#include <gtest/gtest.h>

namespace classroom::test {

// Saves what `widget` shows as build/tests/gui/screenshots/<name>.png, so a
// person can look at every window the tests drive.
inline void saveScreenshot(QWidget& widget, const QString& name)
{
    const QString dir = QStringLiteral(CLASSROOM_SCREENSHOT_DIR);
    ASSERT_TRUE(QDir().mkpath(dir));
    const QPixmap picture = widget.grab();
    ASSERT_FALSE(picture.isNull()) << name.toStdString();
    EXPECT_TRUE(picture.save(dir + QLatin1Char('/') + name + QStringLiteral(".png"))) << name.toStdString();
}

}  // namespace classroom::test
