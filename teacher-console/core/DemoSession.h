#pragma once

#include "teacher-console/core/ConsoleController.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <cstdio>
#include <vector>

namespace classroom::console {

// The scripted headless demo: wait until the expected seats are online, lock
// them all, report each confirmation with its latency, unlock, report again;
// with a module: send it to the class, wait until every seat has it, lead the
// class to page 2, let learners browse freely, ask a live question (the demo's
// agents answer by themselves), show the answers without names, reveal the
// right one, close the module and print each learner's result; then finish
// with exit code 0 (every seat followed) or 1.
class DemoSession : public QObject {
    Q_OBJECT
public:
    DemoSession(ConsoleController& controller, int expectedSeats, QString lockMessage, std::FILE* out,
                QObject* parent = nullptr);
    void start(std::chrono::milliseconds timeout);
    // The module to teach after the lock round (a library id); empty: none.
    void setModule(std::string moduleId) { m_moduleId = std::move(moduleId); }

Q_SIGNALS:
    void finished(int exitCode);

private:
    enum class Step { WaitingForSeats, Locking, Holding, Unlocking, SendingModule, Paging, FreeBrowsing, Asking, Revealing, Closing, Done };
    void onSeatOnline(const QString& key, bool online);
    void onConfirmed(const QString& key, bool locked, qint64 micros);
    void beginLock();
    void beginUnlock();
    void printLatencies(const char* what);
    void beginModule();
    void checkModuleSteps();
    void finishWell();
    void fail(const QString& why);
    void print(const QString& text);

    ConsoleController& m_controller;
    int m_expected;
    QString m_message;
    std::FILE* m_out;
    Step m_step = Step::WaitingForSeats;
    QTimer m_deadline;
    std::vector<double> m_latenciesMs;
    QElapsedTimer m_clock;
    QElapsedTimer m_stepClock;
    QTimer m_poll;
    std::string m_moduleId;
    std::uint64_t m_quizId = 0;
};

}  // namespace classroom::console
