#pragma once

#include "teacher-console/core/ConsoleController.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <cstdio>
#include <vector>

namespace classroom::console {

// The scripted headless demo: wait until the expected seats are online, lock
// them all, report each confirmation with its latency, unlock, report again,
// then finish with exit code 0 (every seat confirmed) or 1.
class DemoSession : public QObject {
    Q_OBJECT
public:
    DemoSession(ConsoleController& controller, int expectedSeats, QString lockMessage, std::FILE* out,
                QObject* parent = nullptr);
    void start(std::chrono::milliseconds timeout);

Q_SIGNALS:
    void finished(int exitCode);

private:
    enum class Step { WaitingForSeats, Locking, Holding, Unlocking, Done };
    void onSeatOnline(const QString& key, bool online);
    void onConfirmed(const QString& key, bool locked, qint64 micros);
    void beginLock();
    void beginUnlock();
    void printLatencies(const char* what);
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
};

}  // namespace classroom::console
