#include "installer/admin/AdminCommand.h"

#include "common/app/StartUp.h"
#include "common/bus/CurveKeys.h"
#include "common/bus/EnrollmentCode.h"
#include "student-agent/core/AgentSettings.h"
#include "student-agent/core/AgentController.h"
#include "student-agent/core/AgentStateStore.h"
#include "student-agent/core/ConsolePin.h"
#include "student-agent/core/EnrollmentClient.h"
#include "teacher-console/core/ConsoleController.h"
#include "teacher-console/core/ConsoleSettings.h"
#include "teacher-console/core/ConsoleStore.h"

#include <QDateTime>
#include <QEventLoop>
#include <QStandardPaths>
#include <QSysInfo>

#include <zmq.hpp>

#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <system_error>
#include <vector>

namespace classroom::admin {
namespace fs = std::filesystem;
namespace {

constexpr int kDone = 0;
constexpr int kFailed = 1;
constexpr int kUsage = 2;

const char* const kHelp =
    "Usage: classroom-admin COMMAND [OPTIONS]\n"
    "\n"
    "On the console PC (options: --data-dir DIR or --config FILE):\n"
    "  keys show                       the console's public key and its fingerprint\n"
    "  keys rotate --yes               make new console keys (every PC must then be enrolled again)\n"
    "  code new [--seats N] [--minutes M]\n"
    "                                  a one-time code to enroll N PCs (default 30, valid 15 minutes)\n"
    "  code show | code cancel         the open code, or close it\n"
    "  seats list                      enrolled seats and PCs waiting for approval\n"
    "  seats approve KEY [--name NAME] | seats approve --all-waiting\n"
    "  seats refuse KEY                take a PC off the waiting list\n"
    "  seats revoke KEY-OR-NAME        remove a seat; its PC can no longer connect\n"
    "  seats export [FILE]             write '<public key> <name>' per seat (to standard output without FILE)\n"
    "  seats import FILE               enroll the seats listed in FILE (same format)\n"
    "\n"
    "On a classroom PC (options: --state-dir DIR or --config FILE):\n"
    "  enroll --console ADDRESS --code CODE [--host-name NAME] [--replace-console-key] [--timeout SECONDS]\n"
    "                                  ask the console to take this PC, with the code it shows\n"
    "  agent-status                    this PC's key, its console, its last state and connection\n"
    "\n"
    "Anywhere:\n"
    "  check-config console|agent FILE check a settings file\n"
    "\n"
    "Every command accepts --help. Exit codes: 0 done, 1 could not do it, 2 wrong usage.\n";

// Words and --options of one command line. Options take a value unless they
// are listed as flags.
struct Args {
    std::vector<std::string> words;
    std::map<std::string, std::string> options;
    std::string error;

    static Args parse(const QStringList& arguments)
    {
        static const std::vector<std::string> kFlags = {"--help", "--yes", "--all-waiting", "--replace-console-key"};
        Args args;
        for (qsizetype i = 0; i < arguments.size(); ++i) {
            const std::string word = arguments[i].toStdString();
            if (word.rfind("--", 0) != 0) {
                args.words.push_back(word);
                continue;
            }
            const auto equals = word.find('=');
            if (equals != std::string::npos) {
                args.options[word.substr(0, equals)] = word.substr(equals + 1);
            } else if (std::find(kFlags.begin(), kFlags.end(), word) != kFlags.end()) {
                args.options[word] = "";
            } else if (i + 1 < arguments.size()) {
                args.options[word] = arguments[++i].toStdString();
            } else {
                args.error = word + " needs a value";
            }
        }
        return args;
    }
    bool has(const std::string& option) const { return options.count(option) != 0; }
    std::string value(const std::string& option, const std::string& fallback = {}) const
    {
        const auto found = options.find(option);
        return found == options.end() ? fallback : found->second;
    }
    // Every option must be one the command knows.
    std::optional<std::string> unknownOption(std::initializer_list<const char*> known) const
    {
        for (const auto& [name, value] : options) {
            if (name == "--help")
                continue;
            if (std::find_if(known.begin(), known.end(), [&](const char* k) { return name == k; }) == known.end())
                return name;
        }
        return std::nullopt;
    }
};

class Admin {
public:
    Admin(std::FILE* out, std::FILE* err) : m_out(out), m_err(err) {}

    int run(const QStringList& arguments);

private:
    template <typename... Parts>
    void say(Parts&&... parts)
    {
        std::ostringstream line;
        (line << ... << parts);
        std::fprintf(m_out, "%s\n", line.str().c_str());
    }
    int fail(int code, const std::string& message)
    {
        std::fprintf(m_err, "classroom-admin: %s\n", message.c_str());
        return code;
    }

    Result<fs::path> consoleDataDirectory();
    Result<fs::path> agentStateDirectory();
    Result<std::unique_ptr<console::ConsoleStore>> openConsoleStore();
    std::string actor() const { return "admin:" + qEnvironmentVariable("USER", QStringLiteral("root")).toStdString(); }

    int keys();
    int code();
    int seats();
    int enroll();
    int agentStatus();
    int checkConfig();

    std::FILE* m_out;
    std::FILE* m_err;
    Args m_args;
};

int Admin::run(const QStringList& arguments)
{
    if (arguments.size() == 1 && arguments.front() == QLatin1String("--version")) {
        std::fputs("classroom-admin " CLASSROOM_VERSION "\n", m_out);
        return kDone;
    }
    m_args = Args::parse(arguments);
    if (!m_args.error.empty())
        return fail(kUsage, m_args.error);
    if (m_args.words.empty()) {
        std::fputs(kHelp, m_args.has("--help") ? m_out : m_err);
        return m_args.has("--help") ? kDone : kUsage;
    }
    const std::string& command = m_args.words[0];
    if (m_args.has("--help")) {
        std::fputs(kHelp, m_out);
        return kDone;
    }
    if (command == "keys")
        return keys();
    if (command == "code")
        return code();
    if (command == "seats")
        return seats();
    if (command == "enroll")
        return enroll();
    if (command == "agent-status")
        return agentStatus();
    if (command == "check-config")
        return checkConfig();
    return fail(kUsage, "unknown command '" + command + "' (see classroom-admin --help)");
}

Result<fs::path> Admin::consoleDataDirectory()
{
    if (m_args.has("--data-dir"))
        return Result<fs::path>::success(m_args.value("--data-dir"));
    console::ConsoleSettings settings;
    settings.dataDirectory =
        QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation).toStdString() + "/classroom/teacher-console";
    const fs::path configFile = m_args.has("--config") ? fs::path(m_args.value("--config")) : app::defaultSettingsFile("console.conf");
    if (!configFile.empty()) {
        auto loaded = console::loadConsoleSettings(configFile, settings);
        if (!loaded)
            return Result<fs::path>::failure(loaded.error());
        settings = std::move(loaded).value();
    }
    return Result<fs::path>::success(settings.dataDirectory);
}

Result<fs::path> Admin::agentStateDirectory()
{
    if (m_args.has("--state-dir"))
        return Result<fs::path>::success(m_args.value("--state-dir"));
    agent::AgentSettings settings;
    settings.stateDirectory =
        QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation).toStdString() + "/classroom/student-agent";
    const fs::path configFile = m_args.has("--config") ? fs::path(m_args.value("--config")) : app::defaultSettingsFile("agent.conf");
    if (!configFile.empty()) {
        auto loaded = agent::loadAgentSettings(configFile, settings);
        if (!loaded)
            return Result<fs::path>::failure(loaded.error());
        settings = std::move(loaded).value();
    }
    return Result<fs::path>::success(settings.stateDirectory);
}

Result<std::unique_ptr<console::ConsoleStore>> Admin::openConsoleStore()
{
    auto directory = consoleDataDirectory();
    if (!directory)
        return Result<std::unique_ptr<console::ConsoleStore>>::failure(directory.error());
    std::error_code error;
    const fs::path file = directory.value() / "console.db";
    if (!fs::exists(file, error))
        return Result<std::unique_ptr<console::ConsoleStore>>::failure(
            "there is no console database at " + file.string() +
            " (start the console once, or give its folder with --data-dir)");
    return console::ConsoleStore::open(file);
}

int Admin::keys()
{
    const std::string action = m_args.words.size() > 1 ? m_args.words[1] : "";
    if (auto unknown = m_args.unknownOption({"--data-dir", "--config", "--yes"}))
        return fail(kUsage, "keys does not take " + *unknown);
    auto directory = consoleDataDirectory();
    if (!directory)
        return fail(kUsage, directory.error());
    const fs::path secret = directory.value() / "console.key";
    std::error_code error;
    if (action == "show") {
        if (!fs::exists(secret, error))
            return fail(kFailed, "the console has no keys in " + directory.value().string() +
                                     " yet: start the console once, or run 'classroom-admin keys rotate --yes'");
        auto pair = bus::loadOrCreateKeyPair(secret);
        if (!pair)
            return fail(kFailed, pair.error());
        say("public key   ", pair.value().publicKey);
        say("fingerprint  ", bus::keyFingerprint(pair.value().publicKey));
        return kDone;
    }
    if (action == "rotate") {
        if (!m_args.has("--yes"))
            return fail(kUsage, "rotating the keys disconnects every PC until it is enrolled again; "
                                "add --yes if that is what you want");
        if (fs::exists(secret, error)) {
            const std::string stamp =
                QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd-HHmmss")).toStdString();
            fs::rename(secret, secret.string() + ".replaced-" + stamp, error);
            if (error)
                return fail(kFailed, "cannot move the old key aside: " + error.message());
            fs::rename(secret.string() + ".pub", secret.string() + ".pub.replaced-" + stamp, error);
        }
        fs::create_directories(directory.value(), error);
        auto pair = bus::loadOrCreateKeyPair(secret);
        if (!pair)
            return fail(kFailed, pair.error());
        say("new public key  ", pair.value().publicKey);
        say("fingerprint     ", bus::keyFingerprint(pair.value().publicKey));
        say("Restart the console, then enroll every PC again (classroom-admin code new, then enroll on each PC).");
        return kDone;
    }
    return fail(kUsage, "expected 'keys show' or 'keys rotate --yes'");
}

int Admin::code()
{
    const std::string action = m_args.words.size() > 1 ? m_args.words[1] : "";
    if (auto unknown = m_args.unknownOption({"--data-dir", "--config", "--seats", "--minutes"}))
        return fail(kUsage, "code does not take " + *unknown);
    if (action != "new" && action != "show" && action != "cancel")
        return fail(kUsage, "expected 'code new', 'code show' or 'code cancel'");
    auto store = openConsoleStore();
    if (!store)
        return fail(kFailed, store.error());
    console::ConsoleStore& db = *store.value();
    if (action == "new") {
        bool seatsOk = false;
        bool minutesOk = false;
        const int seats = QString::fromStdString(m_args.value("--seats", "30")).toInt(&seatsOk);
        const int minutes = QString::fromStdString(m_args.value("--minutes", "15")).toInt(&minutesOk);
        if (!seatsOk || seats < 1 || seats > console::ConsoleController::kMaxEnrollmentSeats)
            return fail(kUsage, "--seats expects a number from 1 to " +
                                    std::to_string(console::ConsoleController::kMaxEnrollmentSeats));
        if (!minutesOk || minutes < 1 || minutes > console::ConsoleController::kMaxEnrollmentTime.count())
            return fail(kUsage, "--minutes expects a number from 1 to " +
                                    std::to_string(console::ConsoleController::kMaxEnrollmentTime.count()));
        const bus::EnrollmentCode code = bus::EnrollmentCode::generate();
        const QDateTime expires = QDateTime::currentDateTimeUtc().addSecs(minutes * 60);
        auto saved = db.saveEnrollmentCode(
            {code.canonical, seats, expires.toString(Qt::ISODateWithMs).toStdString(), actor()},
            {console::utcNowIso8601(), actor(), "open_enrollment", "",
             std::to_string(seats) + " computer(s) for " + std::to_string(minutes) + " minute(s)"});
        if (!saved)
            return fail(kFailed, saved.error());
        say("code          ", code.display());
        say("computers     ", seats);
        say("valid until   ", expires.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")).toStdString());
        say("The running console opens it within a second. On each new PC run:");
        say("  classroom-admin enroll --console CONSOLE-ADDRESS --code ", code.display());
        return kDone;
    }
    auto current = db.loadEnrollmentCode();
    if (!current)
        return fail(kFailed, current.error());
    if (action == "show") {
        if (!current.value()) {
            say("No enrollment code is open.");
            return kDone;
        }
        const auto code = bus::EnrollmentCode::parse(current.value()->code);
        say("code          ", code ? code->display() : current.value()->code);
        say("computers left ", current.value()->seatsLeft);
        say("valid until   ", current.value()->expiresAt, " (UTC)");
        return kDone;
    }
    if (auto cleared = db.clearEnrollmentCode(); !cleared)
        return fail(kFailed, cleared.error());
    (void)db.appendAudit({console::utcNowIso8601(), actor(), "close_enrollment", "", "cancelled"});
    say(current.value() ? "The code is cancelled." : "No enrollment code was open.");
    return kDone;
}

int Admin::seats()
{
    const std::string action = m_args.words.size() > 1 ? m_args.words[1] : "";
    const std::string target = m_args.words.size() > 2 ? m_args.words[2] : "";
    if (auto unknown = m_args.unknownOption({"--data-dir", "--config", "--name", "--all-waiting"}))
        return fail(kUsage, "seats does not take " + *unknown);
    if (action != "list" && action != "approve" && action != "refuse" && action != "revoke" && action != "export" &&
        action != "import")
        return fail(kUsage, "expected seats list, approve, refuse, revoke, export or import");
    auto store = openConsoleStore();
    if (!store)
        return fail(kFailed, store.error());
    console::ConsoleStore& db = *store.value();
    auto enrolled = db.loadSeats();
    auto waiting = db.loadPendingSeats();
    if (!enrolled)
        return fail(kFailed, enrolled.error());
    if (!waiting)
        return fail(kFailed, waiting.error());

    if (action == "list") {
        say(enrolled.value().size(), " seat(s):");
        for (const console::StoredSeat& seat : enrolled.value())
            say("  ", seat.name, "  host ", seat.hostName.empty() ? "-" : seat.hostName, "  ",
                seat.desired.locked ? "locked" : "unlocked", "  ", seat.publicKey);
        say(waiting.value().size(), " PC(s) waiting for approval:");
        for (const console::StoredPendingSeat& pending : waiting.value())
            say("  ", pending.hostName.empty() ? "-" : pending.hostName, "  from ",
                pending.address.empty() ? "?" : pending.address, "  since ", pending.requestedAt, "  ", pending.publicKey);
        return kDone;
    }
    if (action == "approve") {
        std::vector<console::StoredPendingSeat> chosen;
        for (const console::StoredPendingSeat& pending : waiting.value())
            if (m_args.has("--all-waiting") || pending.publicKey == target)
                chosen.push_back(pending);
        if (!m_args.has("--all-waiting") && target.empty())
            return fail(kUsage, "which PC? give its key (see 'seats list') or --all-waiting");
        if (chosen.empty() && !m_args.has("--all-waiting")) {
            // A key IT staff copied from the PC itself may be approved directly.
            if (!bus::isValidZ85Key(target))
                return fail(kFailed, "no PC with key '" + target.substr(0, 60) + "' is waiting (see 'seats list')");
            chosen.push_back({target, "", "", ""});
        }
        for (const console::StoredPendingSeat& pending : chosen) {
            std::string name = chosen.size() == 1 ? m_args.value("--name") : std::string();
            if (name.empty())
                name = pending.hostName.empty() ? "seat-" + pending.publicKey.substr(0, 8) : pending.hostName;
            auto approved = db.approvePendingSeat(pending.publicKey, name,
                                                  {console::utcNowIso8601(), actor(), "approve_seat", name,
                                                   "key " + pending.publicKey});
            if (!approved)
                return fail(kFailed, approved.error());
            say("Approved ", name, ". It joins the class within a few seconds.");
        }
        if (chosen.empty())
            say("No PC is waiting for approval.");
        return kDone;
    }
    if (action == "refuse") {
        auto removed = db.removePendingSeat(target);
        if (!removed)
            return fail(kFailed, removed.error());
        if (!removed.value())
            return fail(kFailed, "no PC with key '" + target.substr(0, 60) + "' is waiting (see 'seats list')");
        (void)db.appendAudit({console::utcNowIso8601(), actor(), "refuse_seat", "", "key " + target});
        say("Refused. The PC is off the waiting list.");
        return kDone;
    }
    if (action == "revoke") {
        if (target.empty())
            return fail(kUsage, "which seat? give its key or its name (see 'seats list')");
        std::vector<const console::StoredSeat*> matches;
        // A seat name may have spaces ("PC 12"): take every remaining word.
        std::string wanted = m_args.words[2];
        for (std::size_t i = 3; i < m_args.words.size(); ++i)
            wanted += " " + m_args.words[i];
        for (const console::StoredSeat& seat : enrolled.value())
            if (seat.publicKey == wanted || seat.name == wanted)
                matches.push_back(&seat);
        if (matches.empty())
            return fail(kFailed, "no seat has the key or name '" + wanted.substr(0, 60) + "' (see 'seats list')");
        if (matches.size() > 1)
            return fail(kFailed, "several seats are called '" + wanted + "'; give the key instead");
        auto revoked = db.revokeSeat(matches[0]->publicKey, {console::utcNowIso8601(), actor(), "revoke_seat",
                                                            matches[0]->name, "key " + matches[0]->publicKey});
        if (!revoked)
            return fail(kFailed, revoked.error());
        say("Seat ", matches[0]->name, " removed. Its PC can no longer connect.");
        return kDone;
    }
    if (action == "export") {
        std::ostringstream text;
        text << "# Enrolled seats, exported " << console::utcNowIso8601() << ": <public key> <seat name>\n";
        for (const console::StoredSeat& seat : enrolled.value())
            text << seat.publicKey << ' ' << seat.name << '\n';
        if (target.empty() || target == "-") {
            std::fputs(text.str().c_str(), m_out);
            return kDone;
        }
        std::ofstream file(target, std::ios::trunc);
        if (!(file << text.str()) || !file.flush())
            return fail(kFailed, "cannot write " + target);
        say("Wrote ", enrolled.value().size(), " seat(s) to ", target, ".");
        return kDone;
    }
    // import
    if (target.empty())
        return fail(kUsage, "which file? 'seats import FILE'");
    std::ifstream file(target);
    if (!file)
        return fail(kFailed, "cannot read " + target);
    std::stringstream text;
    text << file.rdbuf();
    auto entries = console::parseEnrolledSeats(text.str(), target);
    if (!entries)
        return fail(kFailed, entries.error());
    for (const auto& [key, name] : entries.value()) {
        auto saved = db.enrollSeat(key, name.empty() ? "seat-" + key.substr(0, 8) : name);
        if (!saved)
            return fail(kFailed, saved.error());
    }
    (void)db.appendAudit({console::utcNowIso8601(), actor(), "import_seats", "",
                          std::to_string(entries.value().size()) + " seat(s) from " + target});
    say("Imported ", entries.value().size(), " seat(s).");
    return kDone;
}

int Admin::enroll()
{
    if (auto unknown = m_args.unknownOption({"--state-dir", "--config", "--console", "--code", "--host-name",
                                             "--replace-console-key", "--timeout"}))
        return fail(kUsage, "enroll does not take " + *unknown);
    if (!m_args.has("--console") || !m_args.has("--code"))
        return fail(kUsage, "enroll needs --console ADDRESS and --code CODE (the code the console shows)");
    auto address = agent::parseConsoleAddress(m_args.value("--console"));
    if (!address)
        return fail(kUsage, address.error());
    const auto code = bus::EnrollmentCode::parse(m_args.value("--code"));
    if (!code)
        return fail(kUsage, "'" + m_args.value("--code").substr(0, 40) +
                                "' is not an enrollment code: it has 10 letters and digits, like 7KQ2M-XW9FD");
    bool timeoutOk = false;
    const int timeoutSeconds = QString::fromStdString(m_args.value("--timeout", "10")).toInt(&timeoutOk);
    if (!timeoutOk || timeoutSeconds < 1 || timeoutSeconds > 300)
        return fail(kUsage, "--timeout expects seconds from 1 to 300");
    auto directory = agentStateDirectory();
    if (!directory)
        return fail(kUsage, directory.error());
    std::error_code error;
    fs::create_directories(directory.value(), error);
    auto keys = bus::loadOrCreateKeyPair(directory.value() / "agent.key");
    if (!keys)
        return fail(kFailed, keys.error());
    const fs::path pinFile = agent::consolePinFile(directory.value());
    auto oldPin = agent::readConsolePin(pinFile);
    if (!oldPin && !m_args.has("--replace-console-key"))
        return fail(kFailed, oldPin.error() + " (or add --replace-console-key)");

    protocol::EnrollRequest request;
    request.hostName = m_args.value("--host-name", QSysInfo::machineHostName().toStdString());
    request.agentVersion = CLASSROOM_VERSION;
    zmq::context_t context(1);
    agent::EnrollmentClient client(context, keys.value());
    std::optional<Result<protocol::EnrollReply>> outcome;
    QEventLoop loop;
    client.start(address.value().enrollEndpoint, *code, request, std::chrono::seconds(timeoutSeconds),
                 [&](Result<protocol::EnrollReply> result) {
                     outcome = std::move(result);
                     loop.quit();
                 });
    if (!outcome)
        loop.exec();
    if (!outcome->ok())
        return fail(kFailed, outcome->error());
    const protocol::EnrollReply& reply = outcome->value();
    switch (reply.status) {
    case protocol::EnrollStatus::CodeUsedUp:
        return fail(kFailed, "this code has been used for as many PCs as it allows; make a new one on the console");
    case protocol::EnrollStatus::TooManyWaiting:
        return fail(kFailed, "too many PCs wait for approval on the console; approve or refuse some, then try again");
    case protocol::EnrollStatus::Accepted:
    case protocol::EnrollStatus::AlreadyEnrolled:
        break;
    }
    if (!bus::isValidZ85Key(reply.consolePublicKey))
        return fail(kFailed, "the console sent a damaged key; try again");
    if (oldPin.ok() && oldPin.value() && oldPin.value()->publicKey != reply.consolePublicKey &&
        !m_args.has("--replace-console-key"))
        return fail(kFailed, "this PC is enrolled with another console key (fingerprint " +
                                 bus::keyFingerprint(oldPin.value()->publicKey) + "); this console's fingerprint is " +
                                 bus::keyFingerprint(reply.consolePublicKey) +
                                 ". If the console was replaced or its keys rotated on purpose, run again with "
                                 "--replace-console-key; otherwise tell whoever runs the console");
    if (auto written = agent::writeConsolePin(pinFile, {address.value().endpoint, reply.consolePublicKey}); !written)
        return fail(kFailed, written.error());
    say("console          ", address.value().endpoint);
    say("console key      ", bus::keyFingerprint(reply.consolePublicKey), "  (compare with the console's screen)");
    say("this PC's key    ", keys.value().publicKey);
    if (reply.status == protocol::EnrollStatus::AlreadyEnrolled)
        say("This PC is already a seat (", reply.seatName, "). The agent connects to this console.");
    else
        say("Enrolled. The PC joins the class once the trainer or IT approves \"", reply.seatName,
            "\" on the console (or: classroom-admin seats approve KEY).");
    return kDone;
}

int Admin::agentStatus()
{
    if (auto unknown = m_args.unknownOption({"--state-dir", "--config"}))
        return fail(kUsage, "agent-status does not take " + *unknown);
    auto directory = agentStateDirectory();
    if (!directory)
        return fail(kUsage, directory.error());
    std::error_code error;
    const fs::path secret = directory.value() / "agent.key";
    say("state folder     ", directory.value().string());
    if (!fs::exists(secret, error)) {
        if (error)  // not "missing": this account may not look (not in the classroom-agent group?)
            return fail(kFailed, "cannot read " + secret.string() + ": " + error.message() +
                                     " (on a classroom PC, the account must be in the classroom-agent group)");
        say("This PC has no key yet: the PC is not enrolled (sudo classroom-admin enroll --console ADDRESS --code CODE).");
        return kFailed;
    }
    auto keys = bus::loadOrCreateKeyPair(secret);
    if (!keys)
        return fail(kFailed, keys.error());
    say("this PC's key    ", keys.value().publicKey);
    auto pin = agent::readConsolePin(agent::consolePinFile(directory.value()));
    if (!pin)
        say("console          damaged enrollment: ", pin.error());
    else if (!pin.value())
        say("console          not enrolled (classroom-admin enroll --console ADDRESS --code CODE)");
    else
        say("console          ", pin.value()->endpoint, "  key fingerprint ", bus::keyFingerprint(pin.value()->publicKey));
    if (fs::exists(directory.value() / "agent.db", error)) {
        auto store = agent::AgentStateStore::open(directory.value() / "agent.db");
        if (!store)
            say("screen           unknown: ", store.error());
        else {
            const protocol::SeatState state = store.value()->load();
            say("screen           ", state.locked ? "locked" : "unlocked",
                state.locked && !state.lockMessage.empty() ? " (\"" + state.lockMessage + "\")" : std::string());
        }
    }
    std::ifstream status(agent::agentStatusFile(directory.value()));
    std::map<std::string, std::string> fields;
    for (std::string line; std::getline(status, line);) {
        const auto space = line.find(' ');
        if (space != std::string::npos)
            fields[line.substr(0, space)] = line.substr(space + 1);
    }
    if (fields.empty()) {
        say("connection       unknown (the agent has not run yet)");
        return kDone;
    }
    const bool running = !fields["pid"].empty() && fs::exists("/proc/" + fields["pid"], error);
    say("agent            ", running ? "running, process " + fields["pid"] : std::string("not running"));
    say("connection       ", fields["connection"], " since ", fields["since"], " (UTC)", running ? "" : ", when it last ran");
    return kDone;
}

int Admin::checkConfig()
{
    if (m_args.words.size() != 3 || (m_args.words[1] != "console" && m_args.words[1] != "agent"))
        return fail(kUsage, "expected 'check-config console FILE' or 'check-config agent FILE'");
    const std::string& file = m_args.words[2];
    if (m_args.words[1] == "console") {
        auto loaded = console::loadConsoleSettings(file, console::ConsoleSettings{});
        if (!loaded)
            return fail(kFailed, loaded.error());
    } else {
        auto loaded = agent::loadAgentSettings(file, agent::AgentSettings{});
        if (!loaded)
            return fail(kFailed, loaded.error());
    }
    say(file, ": OK");
    return kDone;
}

}  // namespace

int run(const QStringList& arguments, std::FILE* out, std::FILE* err)
{
    Admin admin(out, err);
    return admin.run(arguments);
}

}  // namespace classroom::admin
