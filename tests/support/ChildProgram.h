#pragma once

#include "tests/support/Wait.h"

#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

#include <chrono>

using namespace std::chrono_literals;

namespace classroom::test {

// A child process (the real teacher-console or student-agent) whose output is
// collected as it arrives.
class Program {
public:
    Program(const QString& binary, const QStringList& arguments,
            const QProcessEnvironment& environment = QProcessEnvironment::systemEnvironment())
    {
        m_process.setProcessEnvironment(environment);
        m_process.setProgram(binary);
        m_process.setArguments(arguments);
        QObject::connect(&m_process, &QProcess::readyReadStandardOutput,
                         [this] { m_out += QString::fromUtf8(m_process.readAllStandardOutput()); });
        QObject::connect(&m_process, &QProcess::readyReadStandardError,
                         [this] { m_err += QString::fromUtf8(m_process.readAllStandardError()); });
        m_process.start();
    }
    ~Program()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
    }
    bool waitForOutput(const QString& text, std::chrono::milliseconds timeout = 15s)
    {
        return waitUntil([&] { return m_out.contains(text) || m_err.contains(text); }, timeout);
    }
    void write(const QString& line) { m_process.write((line + QLatin1Char('\n')).toUtf8()); }
    void killHard()
    {
        m_process.kill();  // SIGKILL: no clean-up of any kind
        m_process.waitForFinished(5000);
    }
    int waitForExit()
    {
        waitUntil([&] { return m_process.state() == QProcess::NotRunning; }, 15s);
        return m_process.exitCode();
    }
    const QString& out() const { return m_out; }
    const QString& err() const { return m_err; }
    void clearOutput() { m_out.clear(); m_err.clear(); }
    qint64 pid() const { return m_process.processId(); }

private:
    QProcess m_process;
    QString m_out;
    QString m_err;
};

}  // namespace classroom::test
