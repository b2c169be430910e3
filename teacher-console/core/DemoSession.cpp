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
    m_poll.setInterval(50);
    connect(&m_poll, &QTimer::timeout, this, &DemoSession::checkModuleSteps);
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
        if (m_moduleId.empty())
            finishWell();
        else
            beginModule();
    }
}

void DemoSession::finishWell()
{
    m_step = Step::Done;
    m_deadline.stop();
    m_poll.stop();
    print(tr("demo finished: every seat followed the trainer"));
    Q_EMIT finished(0);
}

void DemoSession::beginModule()
{
    const LibraryModule* module = m_controller.library().find(m_moduleId);
    if (!module) {
        fail(tr("the demo module is not in the library"));
        return;
    }
    m_step = Step::SendingModule;
    m_stepClock.start();
    print(tr("trainer sends the module \"%1\" (%2 pages, %3 questions, %4 KB) to the class")
              .arg(QString::fromStdString(module->info.title))
              .arg(module->info.pageTitles.size())
              .arg(module->info.questionCount)
              .arg(module->info.totalBytes / 1024));
    if (auto sent = m_controller.sendModule(m_controller.allSeatKeys(), m_moduleId); !sent) {
        fail(QString::fromStdString(sent.error()));
        return;
    }
    m_poll.start();
}

void DemoSession::checkModuleSteps()
{
    const auto& seats = m_controller.roster().seats();
    auto every = [&](auto&& condition) { return std::all_of(seats.begin(), seats.end(), condition); };
    switch (m_step) {
    case Step::SendingModule:
        for (const Seat& seat : seats)
            if (seat.transfer && seat.transfer->status == protocol::ModuleStatus::Failed) {
                fail(tr("%1 could not receive the module: %2").arg(seat.name, seat.transfer->reason));
                return;
            }
        if (every([](const Seat& seat) { return seat.showsModule() && seat.confirmed->page == 0; })) {
            print(tr("every seat received, checked and opened the module in %1 ms; all show page 1")
                      .arg(m_stepClock.elapsed()));
            m_step = Step::Paging;
            m_stepClock.start();
            print(tr("trainer moves the class to page 2"));
            m_controller.goToPage(m_controller.allSeatKeys(), 1);
        }
        break;
    case Step::Paging:
        if (every([](const Seat& seat) { return seat.showsModule() && seat.confirmed->page == 1; })) {
            print(tr("every seat shows page 2 after %1 ms").arg(m_stepClock.elapsed()));
            m_step = Step::FreeBrowsing;
            m_stepClock.start();
            print(tr("trainer lets learners browse freely"));
            m_controller.setFreeBrowsing(m_controller.allSeatKeys(), true);
        }
        break;
    case Step::FreeBrowsing:
        if (every([](const Seat& seat) { return seat.isConverged() && seat.confirmed->freeBrowsing; })) {
            print(tr("every seat may browse freely (after %1 ms)").arg(m_stepClock.elapsed()));
            m_step = Step::Asking;
            // Learner codes instead of names, as a trainer types them or imports a roster.
            int number = 0;
            for (const std::string& key : m_controller.allSeatKeys())
                (void)m_controller.setLearner(key, QStringLiteral("L-%1").arg(101 + number++));
            print(tr("trainer gives each seat a learner code (L-101 to L-%1)").arg(100 + number));
            m_stepClock.start();
            // Question 2 of the sample module: multiple choice, "Never share".
            auto asked = m_controller.askLive(m_controller.allSeatKeys(), 1, std::chrono::seconds(60));
            if (!asked) {
                fail(QString::fromStdString(asked.error()));
                return;
            }
            m_quizId = asked.value();
            print(tr("trainer asks question 2 live, with a one-minute countdown"));
        }
        break;
    case Step::Asking: {
        const QuizTally tally = m_controller.tally(m_quizId, 1);
        if (tally.answered < static_cast<int>(seats.size()))
            break;
        print(tr("all %1 seats answered in %2 ms; each PC said \"answer sent\" only once console.db had it")
                  .arg(tally.answered)
                  .arg(m_stepClock.elapsed()));
        for (const auto& [label, count] : tally.bars)
            print(QStringLiteral("    %1 %2  %3").arg(QString(count, QChar(0x2588)), -6).arg(count).arg(QString::fromStdString(label)));
        m_step = Step::Revealing;
        m_stepClock.start();
        print(tr("trainer stops the answers and shows the right one"));
        if (auto revealed = m_controller.revealQuiz(m_quizId); !revealed)
            fail(QString::fromStdString(revealed.error()));
        break;
    }
    case Step::Revealing:
        if (every([](const Seat& seat) { return seat.isConverged() && seat.confirmed->reveal; })) {
            print(tr("every seat shows the right answer (after %1 ms); trainer closes the module").arg(m_stepClock.elapsed()));
            m_step = Step::Closing;
            m_stepClock.start();
            m_controller.closeModule(m_controller.allSeatKeys());
        }
        break;
    case Step::Closing: {
        // Each seat looked at page 1 and page 2: two views each.
        const auto views = m_controller.store().pageViews(m_controller.sessionId());
        if (views && views.value().size() >= 2 * seats.size()) {
            print(tr("%1 page views stored in the console's database (which page, when, how long)")
                      .arg(views.value().size()));
            if (auto report = m_controller.sessionReport(m_controller.sessionId()))
                for (const LearnerResult& learner : report.value().learners)
                    print(tr("    %1: %2 of %3 points").arg(QString::fromStdString(learner.learner))
                              .arg(learner.points, 0, 'f', 0).arg(learner.maxPoints, 0, 'f', 0));
            finishWell();
        }
        break;
    }
    default:
        break;
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
