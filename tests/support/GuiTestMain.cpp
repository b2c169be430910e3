// gtest main for widget tests: a QApplication on the offscreen platform unless
// QT_QPA_PLATFORM says otherwise (xvfb-run sets a real X display instead).

#include <QApplication>
#include <QStandardPaths>

#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

int main(int argc, char** argv)
{
    testing::InitGoogleTest(&argc, argv);
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true);
    spdlog::set_level(qEnvironmentVariableIsSet("CLASSROOM_TEST_LOG") ? spdlog::level::debug : spdlog::level::off);
    return RUN_ALL_TESTS();
}
