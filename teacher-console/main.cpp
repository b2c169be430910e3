// teacher-console: the trainer's console, as a window or --headless.

#include "common/app/QuitOnSignal.h"
#include "common/app/StartUp.h"
#include "common/bus/CurveKeys.h"
#include "common/log/Logging.h"
#include "teacher-console/core/ConsoleController.h"
#include "teacher-console/core/DemoSession.h"
#include "teacher-console/core/HeadlessConsole.h"
#include "teacher-console/core/ModuleLibrary.h"
#include "teacher-console/ui/MainWindow.h"

#include <QApplication>
#include <QGuiApplication>
#include <QCommandLineParser>
#include <QStandardPaths>

#include <spdlog/spdlog.h>

#include <cstdio>
#include <memory>

using namespace classroom;

namespace {

int fail(int code, const std::string& message)
{
    return app::failWith("teacher-console", code, message);
}

}  // namespace

int main(int argc, char** argv)
{
    const bool headless = app::wantsNoWindow(argc, argv);
    // Headless still needs fonts for the PDF report: a GUI application on
    // Qt's offscreen platform (part of libqt6gui6), which needs no display.
    if (headless && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    std::unique_ptr<QCoreApplication> app =
        headless ? std::make_unique<QGuiApplication>(argc, argv) : std::make_unique<QApplication>(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("classroom"));
    QCoreApplication::setApplicationName(QStringLiteral("teacher-console"));
    QCoreApplication::setApplicationVersion(QStringLiteral(CLASSROOM_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Classroom console: see the class, lock and unlock screens."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption configOption(QStringLiteral("config"), QStringLiteral("Read settings from FILE."), QStringLiteral("FILE"));
    const QCommandLineOption headlessOption(QStringLiteral("headless"), QStringLiteral("Run without a window; read commands from standard input."));
    const QCommandLineOption dataOption(QStringLiteral("data-dir"), QStringLiteral("Keep the database and keys in DIR."), QStringLiteral("DIR"));
    const QCommandLineOption listenOption(QStringLiteral("listen"), QStringLiteral("Listen on ENDPOINT (default tcp://*:47300)."), QStringLiteral("ENDPOINT"));
    const QCommandLineOption seatsOption(QStringLiteral("enrolled-seats"), QStringLiteral("Enroll the public keys listed in FILE."), QStringLiteral("FILE"));
    const QCommandLineOption demoOption(QStringLiteral("demo-seats"), QStringLiteral("With --headless: run the scripted demo for N seats, then exit."), QStringLiteral("N"));
    const QCommandLineOption printKeyOption(QStringLiteral("print-public-key"), QStringLiteral("Print the console's public key (made on first use) and exit."));
    const QCommandLineOption levelOption(QStringLiteral("log-level"), QStringLiteral("trace, debug, info, warn, error, critical or off."), QStringLiteral("LEVEL"));
    const QCommandLineOption logFileOption(QStringLiteral("log-file"), QStringLiteral("Also log to FILE (rotated)."), QStringLiteral("FILE"));
    const QCommandLineOption checkModuleOption(QStringLiteral("check-module"), QStringLiteral("Check the module in PATH (a folder or a .zip), print every problem as file:line: reason, and exit (1 if there are problems)."), QStringLiteral("PATH"));
    const QCommandLineOption importModuleOption(QStringLiteral("import-module"), QStringLiteral("Add the module in PATH to the library at start (may be repeated; the headless demo teaches the first)."), QStringLiteral("PATH"));
    parser.addOptions({configOption, headlessOption, dataOption, listenOption, seatsOption, demoOption, printKeyOption,
                       levelOption, logFileOption, checkModuleOption, importModuleOption});
    parser.process(*app);

    console::ConsoleSettings settings;
    settings.dataDirectory = QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation).toStdString();
    settings.actor = qEnvironmentVariable("USER", QStringLiteral("trainer")).toStdString();
    const std::filesystem::path configFile = parser.isSet(configOption)
                                                 ? std::filesystem::path(parser.value(configOption).toStdString())
                                                 : app::defaultSettingsFile("console.conf");
    if (!configFile.empty()) {
        auto loaded = console::loadConsoleSettings(configFile, settings);
        if (!loaded)
            return fail(app::kExitUsage, loaded.error());
        settings = std::move(loaded).value();
    }
    if (parser.isSet(dataOption))
        settings.dataDirectory = parser.value(dataOption).toStdString();
    if (parser.isSet(listenOption))
        settings.listenEndpoint = parser.value(listenOption).toStdString();
    if (parser.isSet(seatsOption))
        settings.enrolledSeatsFile = parser.value(seatsOption).toStdString();
    if (parser.isSet(levelOption))
        settings.log.level = parser.value(levelOption).toStdString();
    if (parser.isSet(logFileOption))
        settings.log.file = parser.value(logFileOption).toStdString();
    int demoSeats = 0;
    if (parser.isSet(demoOption)) {
        bool number = false;
        demoSeats = parser.value(demoOption).toInt(&number);
        if (!number || demoSeats < 1 || demoSeats > 10000)
            return fail(app::kExitUsage, "--demo-seats expects a number of seats from 1 to 10000");
        if (!parser.isSet(headlessOption))
            return fail(app::kExitUsage, "--demo-seats runs only with --headless");
    }

    if (parser.isSet(checkModuleOption))
        return console::checkModuleCommand(parser.value(checkModuleOption).toStdString(), settings.moduleLimits, stdout);

    // A console started from the desktop menu has no terminal to read: unless
    // told otherwise, it keeps its log where desktop programs keep state
    // (~/.local/state/classroom/console.log). docs/it-guide.md lists the places.
    if (settings.log.file.empty() && !headless && !log::stderrIsJournal())
        settings.log.file = log::userStateDirectory() / "classroom" / "console.log";
    if (auto logging = log::setupLogging("console", settings.log); !logging)
        return fail(app::kExitUsage, logging.error());

    auto keys = bus::loadOrCreateKeyPair(settings.secretKeyFile());
    if (!keys)
        return fail(app::kExitFailure, keys.error());
    if (parser.isSet(printKeyOption)) {
        std::printf("%s\n", keys.value().publicKey.c_str());
        return 0;
    }
    auto store = console::ConsoleStore::open(settings.databaseFile());
    if (!store)
        return fail(app::kExitFailure, store.error());

    zmq::context_t context(1);
    console::ConsoleController controller(context, settings, keys.value(), std::move(store).value());
    auto bound = controller.start();
    if (!bound)
        return fail(app::kExitFailure, bound.error());
    app::QuitOnSignal quitOnSignal;
    std::string firstModule;
    for (const QString& path : parser.values(importModuleOption)) {
        auto imported = controller.importModule(path.toStdString());
        if (!imported)
            return fail(app::kExitFailure, "the module " + path.toStdString() + " cannot be added:\n" + imported.error());
        if (firstModule.empty())
            firstModule = imported.value().id;
    }

    std::unique_ptr<console::HeadlessConsole> headlessConsole;
    std::unique_ptr<console::DemoSession> demo;
    std::unique_ptr<console::MainWindow> window;
    if (headless && demoSeats > 0) {
        demo = std::make_unique<console::DemoSession>(controller, demoSeats,
                                                      QStringLiteral("Eyes on the trainer, please"), stdout);
        QObject::connect(demo.get(), &console::DemoSession::finished, app.get(), &QCoreApplication::exit);
        demo->setModule(firstModule);
        demo->start(std::chrono::seconds(60));
    } else if (headless) {
        headlessConsole = std::make_unique<console::HeadlessConsole>(controller, stdout);
        QObject::connect(headlessConsole.get(), &console::HeadlessConsole::quitRequested, app.get(), &QCoreApplication::quit);
        std::printf("Console ready on %s. Type 'help' for commands.\n", bound.value().c_str());
        std::fflush(stdout);
        headlessConsole->readCommandsFrom(0);
    } else {
        window = std::make_unique<console::MainWindow>(controller);
        window->show();
    }
    const int code = app->exec();
    // A normal stop ends the teaching session; after a crash the next start
    // resumes it, with its learner codes and quizzes.
    controller.endSession();
    spdlog::info("console stopped");
    return code;
}
