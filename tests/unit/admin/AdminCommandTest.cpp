// classroom-admin as IT staff use it: exit codes, messages that say what to
// do, and the files it changes. Runs the command in-process on real files and,
// for enroll, against a real console core on loopback.

#include "installer/admin/AdminCommand.h"
#include "student-agent/core/ConsolePin.h"
#include "tests/support/Classroom.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <sstream>

using namespace classroom;
using namespace classroom::test;
namespace fs = std::filesystem;

namespace {

struct Outcome {
    int code = -1;
    std::string out;
    std::string err;
};

std::string readAll(std::FILE* file)
{
    std::rewind(file);
    std::string text;
    char buffer[4096];
    while (std::size_t n = std::fread(buffer, 1, sizeof buffer, file))
        text.append(buffer, n);
    std::fclose(file);
    return text;
}

Outcome runAdmin(const QStringList& arguments)
{
    std::FILE* out = std::tmpfile();
    std::FILE* err = std::tmpfile();
    Outcome outcome;
    outcome.code = admin::run(arguments, out, err);
    outcome.out = readAll(out);
    outcome.err = readAll(err);
    return outcome;
}

QString q(const fs::path& path) { return QString::fromStdString(path.string()); }

}  // namespace

TEST(AdminCommand, HelpAndWrongUsageHaveTheDocumentedExitCodes)
{
    const Outcome help = runAdmin({QStringLiteral("--help")});
    EXPECT_EQ(help.code, 0);
    EXPECT_NE(help.out.find("enroll --console ADDRESS --code CODE"), std::string::npos);
    const Outcome subHelp = runAdmin({QStringLiteral("seats"), QStringLiteral("--help")});
    EXPECT_EQ(subHelp.code, 0);
    const Outcome version = runAdmin({QStringLiteral("--version")});
    EXPECT_EQ(version.code, 0);
    EXPECT_EQ(version.out, "classroom-admin " CLASSROOM_VERSION "\n");
    EXPECT_EQ(runAdmin({}).code, 2);
    const Outcome unknown = runAdmin({QStringLiteral("sets"), QStringLiteral("list")});
    EXPECT_EQ(unknown.code, 2);
    EXPECT_NE(unknown.err.find("unknown command 'sets'"), std::string::npos) << unknown.err;
    const Outcome badOption = runAdmin({QStringLiteral("keys"), QStringLiteral("show"), QStringLiteral("--colour"), QStringLiteral("red")});
    EXPECT_EQ(badOption.code, 2);
    EXPECT_NE(badOption.err.find("--colour"), std::string::npos);
    EXPECT_EQ(runAdmin({QStringLiteral("keys"), QStringLiteral("show"), QStringLiteral("--data-dir")}).code, 2);
}

TEST(AdminCommand, CheckConfigNamesTheFileLineAndKeyOfATypo)
{
    QTemporaryDir dir;
    const fs::path good = fs::path(dir.path().toStdString()) / "console.conf";
    std::ofstream(good) << "listen = tcp://*:47300\nlog_level = info\n";
    const Outcome ok = runAdmin({QStringLiteral("check-config"), QStringLiteral("console"), q(good)});
    EXPECT_EQ(ok.code, 0) << ok.err;
    EXPECT_NE(ok.out.find(": OK"), std::string::npos);

    const fs::path typo = fs::path(dir.path().toStdString()) / "agent.conf";
    std::ofstream(typo) << "console = tcp://10.0.0.5:47300\nheartbeat_intervall_ms = 500\n";
    const Outcome bad = runAdmin({QStringLiteral("check-config"), QStringLiteral("agent"), q(typo)});
    EXPECT_EQ(bad.code, 1);
    EXPECT_NE(bad.err.find("agent.conf:2"), std::string::npos) << bad.err;
    EXPECT_NE(bad.err.find("heartbeat_intervall_ms"), std::string::npos) << bad.err;
    EXPECT_EQ(runAdmin({QStringLiteral("check-config"), QStringLiteral("printer"), q(typo)}).code, 2);
}

TEST(AdminCommand, SeatsExportedFromOneConsoleImportIntoAnother)
{
    Classroom source(3);
    const fs::path file = source.directory() / "seats.txt";
    const Outcome exported = runAdmin({QStringLiteral("seats"), QStringLiteral("export"), q(file), QStringLiteral("--data-dir"),
                                    q(source.consoleSettings.dataDirectory)});
    ASSERT_EQ(exported.code, 0) << exported.err;

    QTemporaryDir otherDir;
    const fs::path otherData = fs::path(otherDir.path().toStdString()) / "console";
    ASSERT_TRUE(console::ConsoleStore::open(otherData / "console.db").ok());
    const Outcome imported = runAdmin({QStringLiteral("seats"), QStringLiteral("import"), q(file), QStringLiteral("--data-dir"), q(otherData)});
    ASSERT_EQ(imported.code, 0) << imported.err;
    const Outcome listed = runAdmin({QStringLiteral("seats"), QStringLiteral("list"), QStringLiteral("--data-dir"), q(otherData)});
    EXPECT_NE(listed.out.find("3 seat(s)"), std::string::npos) << listed.out;
    for (int i = 0; i < 3; ++i) {
        EXPECT_NE(listed.out.find(source.agent(i).keys.publicKey), std::string::npos);
        EXPECT_NE(listed.out.find("PC " + std::to_string(i + 1)), std::string::npos);
    }

    const fs::path broken = source.directory() / "broken.txt";
    std::ofstream(broken) << "# seats\nnot-a-key PC 9\n";
    const Outcome refused = runAdmin({QStringLiteral("seats"), QStringLiteral("import"), q(broken), QStringLiteral("--data-dir"), q(otherData)});
    EXPECT_EQ(refused.code, 1);
    EXPECT_NE(refused.err.find("broken.txt:2"), std::string::npos) << refused.err;
}

TEST(AdminCommand, RevokingOrApprovingSomethingThatIsNotThereSaysSo)
{
    Classroom classroom(1);
    const QString dataDir = q(classroom.consoleSettings.dataDirectory);
    const Outcome revoke = runAdmin({QStringLiteral("seats"), QStringLiteral("revoke"), QStringLiteral("PC 7"), QStringLiteral("--data-dir"), dataDir});
    EXPECT_EQ(revoke.code, 1);
    EXPECT_NE(revoke.err.find("no seat has the key or name 'PC 7'"), std::string::npos) << revoke.err;
    const Outcome approve = runAdmin({QStringLiteral("seats"), QStringLiteral("approve"), QStringLiteral("nonsense"), QStringLiteral("--data-dir"), dataDir});
    EXPECT_EQ(approve.code, 1);
    const Outcome noDb = runAdmin({QStringLiteral("seats"), QStringLiteral("list"), QStringLiteral("--data-dir"), QStringLiteral("/nonexistent/console")});
    EXPECT_EQ(noDb.code, 1);
    EXPECT_NE(noDb.err.find("no console database"), std::string::npos) << noDb.err;
}

TEST(AdminCommand, KeysRotateNeedsConfirmationAndKeepsTheOldKeyAside)
{
    Classroom classroom;
    const QString dataDir = q(classroom.consoleSettings.dataDirectory);
    const Outcome shown = runAdmin({QStringLiteral("keys"), QStringLiteral("show"), QStringLiteral("--data-dir"), dataDir});
    ASSERT_EQ(shown.code, 0) << shown.err;
    EXPECT_NE(shown.out.find(classroom.consoleKeys().publicKey), std::string::npos);

    EXPECT_EQ(runAdmin({QStringLiteral("keys"), QStringLiteral("rotate"), QStringLiteral("--data-dir"), dataDir}).code, 2);
    const Outcome rotated = runAdmin({QStringLiteral("keys"), QStringLiteral("rotate"), QStringLiteral("--yes"), QStringLiteral("--data-dir"), dataDir});
    ASSERT_EQ(rotated.code, 0) << rotated.err;
    auto now = bus::loadOrCreateKeyPair(classroom.consoleSettings.secretKeyFile());
    ASSERT_TRUE(now.ok());
    EXPECT_NE(now.value().publicKey, classroom.consoleKeys().publicKey);
    bool oldKept = false;
    for (const auto& entry : fs::directory_iterator(classroom.consoleSettings.dataDirectory))
        oldKept = oldKept || entry.path().filename().string().rfind("console.key.replaced-", 0) == 0;
    EXPECT_TRUE(oldKept);
}

TEST(AdminCommand, EnrollExplainsABadCodeAnUnreachableConsoleAndAChangedConsoleKey)
{
    Classroom classroom;
    QTemporaryDir pcDir;
    const QString stateDir = pcDir.path();

    const Outcome badCode = runAdmin({QStringLiteral("enroll"), QStringLiteral("--console"), QStringLiteral("127.0.0.1"),
                                   QStringLiteral("--code"), QStringLiteral("12345"), QStringLiteral("--state-dir"), stateDir});
    EXPECT_EQ(badCode.code, 2);
    EXPECT_NE(badCode.err.find("is not an enrollment code"), std::string::npos) << badCode.err;
    const Outcome badAddress = runAdmin({QStringLiteral("enroll"), QStringLiteral("--console"), QStringLiteral("10.0.0.5:http"),
                                      QStringLiteral("--code"), QStringLiteral("7KQ2M-XW9FD"), QStringLiteral("--state-dir"), stateDir});
    EXPECT_EQ(badAddress.code, 2);
    EXPECT_NE(badAddress.err.find("not a port number"), std::string::npos) << badAddress.err;

    // Nothing listens on loopback port 65001 (the enrollment port of 65000).
    const Outcome nobody = runAdmin({QStringLiteral("enroll"), QStringLiteral("--console"), QStringLiteral("127.0.0.1:65000"),
                                  QStringLiteral("--code"), QStringLiteral("7KQ2M-XW9FD"), QStringLiteral("--state-dir"), stateDir,
                                  QStringLiteral("--timeout"), QStringLiteral("1")});
    EXPECT_EQ(nobody.code, 1);
    EXPECT_NE(nobody.err.find("no console answers"), std::string::npos) << nobody.err;

    // This PC was enrolled with another console; the one answering now has a
    // different key: refused, like SSH, until IT says the change is intended.
    auto code = classroom.console().openEnrollment(2, 10min);
    ASSERT_TRUE(code.ok());
    const std::string enrollEndpoint = classroom.console().enrollmentEndpoint();
    const int enrollPort = std::stoi(enrollEndpoint.substr(enrollEndpoint.rfind(':') + 1));
    const QString consoleAddress = QStringLiteral("127.0.0.1:%1").arg(enrollPort - 1);
    const fs::path pin = agent::consolePinFile(stateDir.toStdString());
    ASSERT_TRUE(agent::writeConsolePin(pin, {"tcp://10.9.9.9:47300", bus::CurveKeyPair::generate().publicKey}).ok());
    const QStringList enrollArguments = {QStringLiteral("enroll"), QStringLiteral("--console"), consoleAddress,
                                         QStringLiteral("--code"), QString::fromStdString(code.value().display()),
                                         QStringLiteral("--state-dir"), stateDir, QStringLiteral("--host-name"),
                                         QStringLiteral("pc-moved")};
    const Outcome changed = runAdmin(enrollArguments);
    EXPECT_EQ(changed.code, 1);
    EXPECT_NE(changed.err.find("enrolled with another console key"), std::string::npos) << changed.err;

    const Outcome replaced = runAdmin(enrollArguments + QStringList{QStringLiteral("--replace-console-key")});
    ASSERT_EQ(replaced.code, 0) << replaced.err;
    auto pinned = agent::readConsolePin(pin);
    ASSERT_TRUE(pinned.ok() && pinned.value());
    EXPECT_EQ(pinned.value()->publicKey, classroom.consoleKeys().publicKey);
    EXPECT_EQ(pinned.value()->endpoint, "tcp://" + consoleAddress.toStdString());
    EXPECT_NE(replaced.out.find(bus::keyFingerprint(classroom.consoleKeys().publicKey)), std::string::npos);

    const Outcome status = runAdmin({QStringLiteral("agent-status"), QStringLiteral("--state-dir"), stateDir});
    EXPECT_EQ(status.code, 0) << status.err;
    EXPECT_NE(status.out.find(bus::keyFingerprint(classroom.consoleKeys().publicKey)), std::string::npos) << status.out;
}
