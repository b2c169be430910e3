#pragma once

#include "teacher-console/core/ConsoleController.h"

#include <QObject>
#include <QSocketNotifier>
#include <QString>

#include <cstdio>
#include <memory>

namespace classroom::console {

// The console without a window: reads one command per line from a file
// descriptor (normally standard input) and prints what happens to a stream.
// Commands: help, seats, lock [message], unlock, lock-seat NAME [message],
// unlock-seat NAME, pending, approve KEY [NAME], the module and quiz
// commands ('help' lists them all), quit.
class HeadlessConsole : public QObject {
    Q_OBJECT
public:
    HeadlessConsole(ConsoleController& controller, std::FILE* out, QObject* parent = nullptr);

    // Starts reading commands from `fd` until end of file or "quit".
    void readCommandsFrom(int fd);

    // Runs one command line and returns what it prints (also written to out).
    QString execute(const QString& line);

Q_SIGNALS:
    void quitRequested();

private:
    void print(const QString& text);
    void readLine();
    QString seatsTable() const;
    // Quiz commands (HeadlessQuizCommands.cpp); false when `command` is not one.
    bool quizCommand(const QString& command, const QString& rest, QString& output);
    QString tallyText(std::uint64_t quizId);
    std::vector<std::string> seatsWithModule() const;
    const Seat* seatNamed(const QString& name) const;
    const Seat* seatAtStartOf(const QString& text, QString* remainder) const;

    ConsoleController& m_controller;
    std::FILE* m_out;
    std::unique_ptr<QSocketNotifier> m_input;
    QByteArray m_buffer;
    int m_fd = -1;
};

}  // namespace classroom::console
