#include "teacher-console/core/HeadlessConsole.h"

#include <QStringList>

#include <unistd.h>

namespace classroom::console {
namespace {
constexpr qsizetype kMaxLineBytes = 4096;
}

HeadlessConsole::HeadlessConsole(ConsoleController& controller, std::FILE* out, QObject* parent)
    : QObject(parent), m_controller(controller), m_out(out)
{
    connect(&controller, &ConsoleController::seatOnlineChanged, this, [this](const QString& key, bool online) {
        if (const Seat* seat = m_controller.roster().find(key.toStdString()))
            print(online ? tr("%1 is online (%2)").arg(seat->name, seat->hostName) : tr("%1: agent lost (no answer for a few seconds)").arg(seat->name));
    });
    connect(&controller, &ConsoleController::seatConfirmed, this, [this](const QString& key, bool locked, qint64 micros) {
        if (const Seat* seat = m_controller.roster().find(key.toStdString()))
            print((locked ? tr("%1 confirmed locked after %2 ms") : tr("%1 confirmed unlocked after %2 ms"))
                      .arg(seat->name)
                      .arg(static_cast<double>(micros) / 1000.0, 0, 'f', 1));
    });
    connect(&controller, &ConsoleController::pendingSeatsChanged, this, [this] {
        if (!m_controller.pendingSeats().empty())
            print(tr("A computer is waiting for approval; type 'pending' to see it."));
    });
    connect(&controller, &ConsoleController::problem, this, [this](const QString& message) { print(message); });
}

void HeadlessConsole::print(const QString& text)
{
    std::fprintf(m_out, "%s\n", text.toUtf8().constData());
    std::fflush(m_out);
}

void HeadlessConsole::readCommandsFrom(int fd)
{
    m_fd = fd;
    m_input = std::make_unique<QSocketNotifier>(fd, QSocketNotifier::Read);
    connect(m_input.get(), &QSocketNotifier::activated, this, &HeadlessConsole::readLine);
}

void HeadlessConsole::readLine()
{
    char chunk[1024];
    const ssize_t n = ::read(m_fd, chunk, sizeof chunk);
    if (n <= 0) {
        m_input->setEnabled(false);  // end of input: keep serving the class
        return;
    }
    m_buffer.append(chunk, n);
    qsizetype newline;
    while ((newline = m_buffer.indexOf('\n')) >= 0) {
        const QString line = QString::fromUtf8(m_buffer.left(newline));
        m_buffer.remove(0, newline + 1);
        execute(line);
    }
    if (m_buffer.size() > kMaxLineBytes) {
        m_buffer.clear();
        print(tr("That line was too long and was ignored."));
    }
}

const Seat* HeadlessConsole::seatNamed(const QString& name) const
{
    for (const Seat& seat : m_controller.roster().seats())
        if (seat.name.compare(name, Qt::CaseInsensitive) == 0 || QString::fromStdString(seat.key) == name)
            return &seat;
    return nullptr;
}

// Seat names may contain spaces ("PC 12"): the longest run of leading words
// that names a seat wins, and the words after it are the message.
const Seat* HeadlessConsole::seatAtStartOf(const QString& text, QString* remainder) const
{
    const QStringList words = text.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    for (qsizetype count = words.size(); count > 0; --count) {
        if (const Seat* seat = seatNamed(words.mid(0, count).join(QLatin1Char(' ')))) {
            *remainder = words.mid(count).join(QLatin1Char(' '));
            return seat;
        }
    }
    return nullptr;
}

QString HeadlessConsole::seatsTable() const
{
    const SeatRoster& roster = m_controller.roster();
    QStringList lines;
    lines << tr("%1 seats, %2 online").arg(roster.seats().size()).arg(roster.onlineCount());
    for (const Seat& seat : roster.seats())
        lines << QStringLiteral("  %1  %2  %3  %4  %5")
                     .arg(seat.name, -14)
                     .arg(seat.hostName.isEmpty() ? QStringLiteral("-") : seat.hostName, -16)
                     .arg(seat.online ? tr("online") : tr("offline"), -8)
                     .arg(roster.screenText(seat), -10)
                     .arg(QStringList{roster.moduleText(seat), roster.pageText(seat)}.join(QLatin1Char(' ')).trimmed());
    return lines.join(QLatin1Char('\n'));
}

QString HeadlessConsole::execute(const QString& line)
{
    const QString trimmed = line.trimmed();
    const QString command = trimmed.section(QLatin1Char(' '), 0, 0).toLower();
    const QString rest = trimmed.section(QLatin1Char(' '), 1).trimmed();
    QString output;

    if (command.isEmpty()) {
        return {};
    } else if (command == QLatin1String("help")) {
        output = tr("Commands:\n"
                    "  seats                    list seats and their state\n"
                    "  lock [message]           lock every seat, showing the message\n"
                    "  unlock                   unlock every seat\n"
                    "  lock-seat NAME [message] lock one seat\n"
                    "  unlock-seat NAME         unlock one seat\n"
                    "  pending                  computers waiting for approval\n"
                    "  approve KEY [NAME]       let a waiting computer join as seat NAME\n"
                    "  refuse KEY               take a computer off the waiting list\n"
                    "  revoke NAME              remove a seat; its computer can no longer connect\n"
                    "  add-computers [N] [MIN]  show a one-time code for N computers, valid MIN minutes\n"
                    "  stop-adding              cancel the code\n"
                    "  modules                  list the modules in the library\n"
                    "  import PATH              add the module in PATH (a folder or a .zip) to the library\n"
                    "  send MODULE              send a module (number from 'modules') to every seat\n"
                    "  page N                   move the class to page N\n"
                    "  free on|off              let learners browse freely, or lead them again\n"
                    "  close-module             close the module on every seat\n"
                    "  questions                list the questions of the module the class has\n"
                    "  ask N [SECONDS]          ask question N now, optionally with a countdown\n"
                    "  stop-answers             stop taking answers to the current question or quiz\n"
                    "  reveal                   show the right answers on the learners' screens\n"
                    "  quiz                     start a self-paced quiz with every question\n"
                    "  end-quiz                 take the question or quiz off the screens\n"
                    "  tally                    how many answered, and the answers without names\n"
                    "  learner SEAT CODE        give the learner at SEAT a learner code\n"
                    "  roster FILE              read learner codes from a CSV file (seat,code)\n"
                    "  results                  each learner's points in this session\n"
                    "  export FOLDER            save answers and totals as CSV and the report as PDF\n"
                    "  quit                     stop the console");
    } else if (command == QLatin1String("seats")) {
        output = seatsTable();
    } else if (command == QLatin1String("modules")) {
        QStringList lines;
        int number = 0;
        for (const LibraryModule* module : m_controller.library().modules())
            lines << tr("  %1. %2 (version %3), %4 pages, %5 questions, %6 KB")
                         .arg(++number)
                         .arg(QString::fromStdString(module->info.title), QString::fromStdString(module->info.version))
                         .arg(module->info.pageTitles.size())
                         .arg(module->info.questionCount)
                         .arg(module->info.totalBytes / 1024);
        output = lines.isEmpty() ? tr("The library is empty. Add a module with 'import PATH'.") : lines.join(QLatin1Char('\n'));
    } else if (command == QLatin1String("import")) {
        auto imported = m_controller.importModule(rest.toStdString());
        if (!imported)
            output = tr("This module has problems and was not added:\n%1").arg(QString::fromStdString(imported.error()));
        else
            output = imported.value().added ? tr("Added to the library.") : tr("This module is already in the library.");
    } else if (command == QLatin1String("send")) {
        bool isNumber = false;
        const int number = rest.toInt(&isNumber);
        const auto modules = m_controller.library().modules();
        if (!isNumber || number < 1 || number > static_cast<int>(modules.size())) {
            output = tr("Which module? Give its number from 'modules'.");
        } else {
            const LibraryModule* module = modules[static_cast<std::size_t>(number - 1)];
            auto sent = m_controller.sendModule(m_controller.allSeatKeys(), module->info.id);
            output = sent ? tr("Sending \"%1\" to all %2 seats.")
                                .arg(QString::fromStdString(module->info.title))
                                .arg(m_controller.roster().seats().size())
                          : tr("Could not send: %1").arg(QString::fromStdString(sent.error()));
        }
    } else if (command == QLatin1String("page")) {
        bool isNumber = false;
        const int page = rest.toInt(&isNumber);
        if (!isNumber || page < 1) {
            output = tr("Which page? For example: page 3");
        } else {
            m_controller.goToPage(m_controller.allSeatKeys(), page - 1);
            output = tr("Moving the class to page %1.").arg(page);
        }
    } else if (command == QLatin1String("free")) {
        if (rest != QLatin1String("on") && rest != QLatin1String("off")) {
            output = tr("Type 'free on' or 'free off'.");
        } else {
            m_controller.setFreeBrowsing(m_controller.allSeatKeys(), rest == QLatin1String("on"));
            output = rest == QLatin1String("on") ? tr("Learners may now move between pages.")
                                                 : tr("You lead the pages again.");
        }
    } else if (command == QLatin1String("close-module")) {
        m_controller.closeModule(m_controller.allSeatKeys());
        output = tr("Closing the module on every seat.");
    } else if (command == QLatin1String("lock")) {
        m_controller.lockAll(rest);
        output = tr("Locking all %1 seats.").arg(m_controller.roster().seats().size());
    } else if (command == QLatin1String("unlock")) {
        m_controller.unlockAll();
        output = tr("Unlocking all %1 seats.").arg(m_controller.roster().seats().size());
    } else if (command == QLatin1String("lock-seat") || command == QLatin1String("unlock-seat")) {
        QString message;
        const Seat* seat = seatAtStartOf(rest, &message);
        if (!seat) {
            output = rest.isEmpty() ? tr("Which seat? Type 'seats' to list them.")
                                    : tr("There is no seat called '%1'. Type 'seats' to list them.").arg(rest.section(QLatin1Char(' '), 0, 0).left(60));
        } else if (command == QLatin1String("lock-seat")) {
            const QString seatName = seat->name;
            m_controller.lockSeats({seat->key}, message);
            output = tr("Locking %1.").arg(seatName);
        } else {
            const QString seatName = seat->name;
            m_controller.unlockSeats({seat->key});
            output = tr("Unlocking %1.").arg(seatName);
        }
    } else if (command == QLatin1String("pending")) {
        QStringList lines;
        for (const PendingSeat& pending : m_controller.pendingSeats())
            lines << (pending.withCode
                          ? tr("  %1 \"%2\" from %3, came with the code").arg(QString::fromStdString(pending.key), pending.hostName, pending.address)
                          : tr("  %1 from %2, %3 attempts").arg(QString::fromStdString(pending.key), pending.address).arg(pending.attempts));
        output = lines.isEmpty() ? tr("No computer is waiting for approval.") : lines.join(QLatin1Char('\n'));
    } else if (command == QLatin1String("approve")) {
        const QString key = rest.section(QLatin1Char(' '), 0, 0);
        auto approved = m_controller.approvePendingSeat(key.toStdString(), rest.section(QLatin1Char(' '), 1).trimmed());
        output = approved ? tr("Approved. The computer joins the class within a few seconds.")
                          : tr("Could not approve: %1").arg(QString::fromStdString(approved.error()));
    } else if (command == QLatin1String("refuse")) {
        auto refused = m_controller.refusePendingSeat(rest.section(QLatin1Char(' '), 0, 0).toStdString());
        output = refused ? tr("Refused. The computer is off the waiting list.")
                         : tr("Could not refuse: %1").arg(QString::fromStdString(refused.error()));
    } else if (command == QLatin1String("revoke")) {
        const Seat* seat = seatNamed(rest);
        if (!seat) {
            output = tr("There is no seat called '%1'. Type 'seats' to list them.").arg(rest.left(60));
        } else {
            const QString seatName = seat->name;
            auto revoked = m_controller.revokeSeat(seat->key);
            output = revoked ? tr("Seat %1 removed. Its computer can no longer connect.").arg(seatName)
                             : tr("Could not remove %1: %2").arg(seatName, QString::fromStdString(revoked.error()));
        }
    } else if (command == QLatin1String("add-computers")) {
        bool seatsOk = true;
        bool minutesOk = true;
        const QString seatsText = rest.section(QLatin1Char(' '), 0, 0);
        const QString minutesText = rest.section(QLatin1Char(' '), 1, 1);
        const int seats = seatsText.isEmpty() ? 30 : seatsText.toInt(&seatsOk);
        const int minutes = minutesText.isEmpty() ? 15 : minutesText.toInt(&minutesOk);
        auto code = seatsOk && minutesOk ? m_controller.openEnrollment(seats, std::chrono::minutes(minutes))
                                         : Result<bus::EnrollmentCode>::failure("expected: add-computers [N] [MINUTES]");
        output = code ? tr("Code %1 for %2 computer(s), valid %3 minute(s), on %4.\n"
                           "On each new computer, run: classroom-admin enroll --console THIS-PC --code %1\n"
                           "Then approve each one here ('pending', 'approve').")
                            .arg(QString::fromStdString(code.value().display()))
                            .arg(seats)
                            .arg(minutes)
                            .arg(QString::fromStdString(m_controller.enrollmentEndpoint()))
                      : tr("Could not make a code: %1").arg(QString::fromStdString(code.error()));
    } else if (command == QLatin1String("stop-adding")) {
        m_controller.closeEnrollment();
        output = tr("No code is open now.");
    } else if (quizCommand(command, rest, output)) {
        // done
    } else if (command == QLatin1String("quit") || command == QLatin1String("exit")) {
        output = tr("Stopping the console.");
        Q_EMIT quitRequested();
    } else {
        output = tr("Unknown command '%1'. Type 'help' for the list.").arg(command.left(40));
    }
    print(output);
    return output;
}

}  // namespace classroom::console
