#include "teacher-console/core/DemoSession.h"

#include <algorithm>

namespace classroom::console {
namespace {
constexpr auto kHoldLocked = std::chrono::milliseconds(1500);
}

DemoSession::DemoSession(ConsoleController& controller, int expectedSeats, QString lockMessage, std::FILE* out,
                         QObject* parent)
    : QObject(parent), m_controller(controller), m_expected(expectedSeats), m_message(std::move(lockMessage)), m_out(out)
{
    m_deadline.setSingleShot(true);
    connect(&m_deadline, &QTimer::timeout, this, [this] { fail(tr("timed out")); });
    connect(&controller, &ConsoleController::seatOnlineChanged, this, &DemoSession::onSeatOnline);
    connect(&controller, &ConsoleController::seatConfirmed, this, &DemoSession::onConfirmed);
}

void DemoSession::print(const QString& text)
{
    std::fprintf(m_out, "[%6.2f s] %s\n", static_cast<double>(m_clock.elapsed()) / 1000.0, text.toUtf8().constData());
    std::fflush(m_out);
}

void DemoSession::start(std::chrono::milliseconds timeout)
{
    m_clock.start();
    m_deadline.start(timeout);
    print(tr("Demo classroom: waiting for %1 seats to come online").arg(m_expected));
    if (m_controller.roster().onlineCount() >= m_expected)
        beginLock();
}

void DemoSession::onSeatOnline(const QString& key, bool online)
{
    const Seat* seat = m_controller.roster().find(key.toStdString());
    if (!seat)
        return;
    print(online ? tr("seat online: %1 (%2)").arg(seat->name, seat->hostName) : tr("seat offline: %1").arg(seat->name));
    if (m_step == Step::WaitingForSeats && m_controller.roster().onlineCount() >= m_expected)
        beginLock();
}

void DemoSession::beginLock()
{
    m_step = Step::Locking;
    m_latenciesMs.clear();
    print(tr("all %1 seats online; trainer presses Lock all: \"%2\"").arg(m_expected).arg(m_message));
    m_controller.lockAll(m_message);
}

void DemoSession::beginUnlock()
{
    m_step = Step::Unlocking;
    m_latenciesMs.clear();
    print(tr("trainer presses Unlock all"));
    m_controller.unlockAll();
}

void DemoSession::onConfirmed(const QString& key, bool locked, qint64 micros)
{
    const Seat* seat = m_controller.roster().find(key.toStdString());
    if (!seat || (m_step != Step::Locking && m_step != Step::Unlocking))
        return;
    if (locked != (m_step == Step::Locking))
        return;
    const double ms = static_cast<double>(micros) / 1000.0;
    m_latenciesMs.push_back(ms);
    print((locked ? tr("  %1 confirmed locked in %2 ms") : tr("  %1 confirmed unlocked in %2 ms"))
              .arg(seat->name)
              .arg(ms, 0, 'f', 1));
    if (static_cast<int>(m_latenciesMs.size()) < m_expected)
        return;
    if (m_step == Step::Locking) {
        printLatencies("locked");
        m_step = Step::Holding;
        QTimer::singleShot(kHoldLocked, this, &DemoSession::beginUnlock);
    } else {
        printLatencies("unlocked");
        m_step = Step::Done;
        m_deadline.stop();
        print(tr("demo finished: every seat followed the trainer"));
        Q_EMIT finished(0);
    }
}

void DemoSession::printLatencies(const char* what)
{
    std::sort(m_latenciesMs.begin(), m_latenciesMs.end());
    const double median = m_latenciesMs[m_latenciesMs.size() / 2];
    print(tr("all %1 seats %2: median %3 ms, slowest %4 ms")
              .arg(m_latenciesMs.size())
              .arg(QString::fromLatin1(what))
              .arg(median, 0, 'f', 1)
              .arg(m_latenciesMs.back(), 0, 'f', 1));
}

void DemoSession::fail(const QString& why)
{
    if (m_step == Step::Done)
        return;
    m_step = Step::Done;
    print(tr("demo failed: %1 (%2 of %3 seats online)").arg(why).arg(m_controller.roster().onlineCount()).arg(m_expected));
    Q_EMIT finished(1);
}

}  // namespace classroom::console
