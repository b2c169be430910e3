// student-agent: runs on each classroom PC; applies what the console decides.

#include "common/app/QuitOnSignal.h"
#include "common/app/StartUp.h"
#include "common/bus/CurveKeys.h"
#include "common/log/Logging.h"
#include "student-agent/core/AgentController.h"
#include "student-agent/core/HeadlessModuleView.h"
#include "student-agent/core/HeadlessScreenLocker.h"
#include "student-agent/ui/WidgetModuleView.h"
#include "student-agent/ui/WidgetQuizView.h"
#include "student-agent/core/HeadlessQuizView.h"
#include "student-agent/ui/WidgetScreenLocker.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QStandardPaths>

#include <spdlog/spdlog.h>

#include <cstdio>
#include <memory>

using namespace classroom;

namespace {

int fail(int code, const std::string& message)
{
    return app::failWith("student-agent", code, message);
}

}  // namespace

int main(int argc, char** argv)
{
    const bool headless = app::wantsNoWindow(argc, argv);
    std::unique_ptr<QCoreApplication> app =
        headless ? std::make_unique<QCoreApplication>(argc, argv) : std::make_unique<QApplication>(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("classroom"));
    QCoreApplication::setApplicationName(QStringLiteral("student-agent"));
    QCoreApplication::setApplicationVersion(QStringLiteral(CLASSROOM_VERSION));
    if (!headless)
        static_cast<QApplication*>(app.get())->setQuitOnLastWindowClosed(false);

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Classroom agent: follows the trainer's console on this PC."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption configOption(QStringLiteral("config"), QStringLiteral("Read settings from FILE."), QStringLiteral("FILE"));
    const QCommandLineOption headlessOption(QStringLiteral("headless"), QStringLiteral("Run without a display (the lock is only recorded)."));
    const QCommandLineOption consoleOption(QStringLiteral("console"), QStringLiteral("Connect to ENDPOINT (tcp://HOST:47300)."), QStringLiteral("ENDPOINT"));
    const QCommandLineOption keyOption(QStringLiteral("console-key"), QStringLiteral("The console's public key, or a file holding it."), QStringLiteral("KEY"));
    const QCommandLineOption stateOption(QStringLiteral("state-dir"), QStringLiteral("Keep this PC's state and keys in DIR."), QStringLiteral("DIR"));
    const QCommandLineOption hostOption(QStringLiteral("host-name"), QStringLiteral("Report NAME to the console instead of the machine's name."), QStringLiteral("NAME"));
    const QCommandLineOption demoWindowOption(QStringLiteral("demo-window"), QStringLiteral("Show the lock in an ordinary window without taking the keyboard (demos only)."));
    const QCommandLineOption autoAnswerOption(QStringLiteral("demo-auto-answer"), QStringLiteral("With --headless: answer each question by itself after a moment (demos and tests only)."));
    const QCommandLineOption printKeyOption(QStringLiteral("print-public-key"), QStringLiteral("Print this PC's public key (made on first use) and exit."));
    const QCommandLineOption levelOption(QStringLiteral("log-level"), QStringLiteral("trace, debug, info, warn, error, critical or off."), QStringLiteral("LEVEL"));
    const QCommandLineOption logFileOption(QStringLiteral("log-file"), QStringLiteral("Also log to FILE (rotated)."), QStringLiteral("FILE"));
    parser.addOptions({configOption, headlessOption, consoleOption, keyOption, stateOption, hostOption, demoWindowOption,
                       autoAnswerOption, printKeyOption, levelOption, logFileOption});
    parser.process(*app);

    agent::AgentSettings settings;
    settings.stateDirectory = QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation).toStdString();
    const std::filesystem::path configFile = parser.isSet(configOption)
                                                 ? std::filesystem::path(parser.value(configOption).toStdString())
                                                 : app::defaultSettingsFile("agent.conf");
    if (!configFile.empty()) {
        auto loaded = agent::loadAgentSettings(configFile, settings);
        if (!loaded)
            return fail(app::kExitUsage, loaded.error());
        settings = std::move(loaded).value();
    }
    if (parser.isSet(consoleOption))
        settings.consoleEndpoint = parser.value(consoleOption).toStdString();
    if (parser.isSet(keyOption))
        settings.consolePublicKey = parser.value(keyOption).toStdString();
    if (parser.isSet(stateOption))
        settings.stateDirectory = parser.value(stateOption).toStdString();
    if (parser.isSet(hostOption))
        settings.hostName = parser.value(hostOption).toStdString();
    if (parser.isSet(levelOption))
        settings.log.level = parser.value(levelOption).toStdString();
    if (parser.isSet(logFileOption))
        settings.log.file = parser.value(logFileOption).toStdString();

    if (auto logging = log::setupLogging("agent", settings.log); !logging)
        return fail(app::kExitUsage, logging.error());

    auto keys = bus::loadOrCreateKeyPair(settings.secretKeyFile());
    if (!keys)
        return fail(app::kExitFailure, keys.error());
    if (parser.isSet(printKeyOption)) {
        std::printf("%s\n", keys.value().publicKey.c_str());
        return 0;
    }
    auto resolved = agent::resolveConsole(std::move(settings));
    if (!resolved)
        return fail(app::kExitUsage, resolved.error());
    settings = std::move(resolved).value();

    // The saved state is read before anything else can fail on the network:
    // a PC that was locked is locked again right away.
    auto store = agent::AgentStateStore::open(settings.databaseFile());
    std::unique_ptr<agent::ScreenLocker> locker;
    if (headless)
        locker = std::make_unique<agent::HeadlessScreenLocker>();
    else
        locker = std::make_unique<agent::WidgetScreenLocker>(parser.isSet(demoWindowOption)
                                                                 ? agent::WidgetScreenLocker::Mode::Windowed
                                                                 : agent::WidgetScreenLocker::Mode::FullScreen);
    if (!store) {
        // Without its memory the agent cannot prove the PC was unlocked.
        locker->engage(QStringLiteral("This computer needs attention from IT staff."));
        spdlog::critical("{}", store.error());
        if (headless)
            return fail(app::kExitFailure, store.error());
        return app->exec();
    }

    zmq::context_t context(1);
    std::unique_ptr<agent::ModuleView> view;
    if (headless)
        view = std::make_unique<agent::HeadlessModuleView>();
    else
        view = std::make_unique<agent::WidgetModuleView>();
    // Declared before the controller, which lets go of them when it is destroyed.
    std::unique_ptr<agent::HeadlessQuizView> headlessQuiz;
    std::unique_ptr<agent::WidgetQuizView> quizWindow;
    agent::AgentController controller(context, settings, keys.value(), std::move(store).value(), *locker, *view);
    if (headless) {
        headlessQuiz = std::make_unique<agent::HeadlessQuizView>();
        headlessQuiz->setAutoAnswer(parser.isSet(autoAnswerOption));
        controller.setQuizView(*headlessQuiz);
    } else {
        quizWindow = std::make_unique<agent::WidgetQuizView>();
        controller.setQuizView(*quizWindow);
    }
    app::QuitOnSignal quitOnSignal;
    controller.start();
    spdlog::info("agent {} started; this PC's public key is {}", CLASSROOM_VERSION, keys.value().publicKey);
    const int code = app->exec();
    spdlog::info("agent stopped");
    return code;
}
