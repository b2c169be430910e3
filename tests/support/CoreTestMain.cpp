// gtest main for tests of the QtCore libraries: one QCoreApplication for the
// whole run, test-mode standard paths, quiet logs unless CLASSROOM_TEST_LOG is set.

#include <QCoreApplication>
#include <QStandardPaths>

#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

int main(int argc, char** argv)
{
    testing::InitGoogleTest(&argc, argv);
    QCoreApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true);
    spdlog::set_level(qEnvironmentVariableIsSet("CLASSROOM_TEST_LOG") ? spdlog::level::debug : spdlog::level::off);
    return RUN_ALL_TESTS();
}
