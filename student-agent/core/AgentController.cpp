#include "student-agent/core/AgentController.h"

#include "common/storage/AtomicFile.h"
#include "common/storage/SharedDirectory.h"

#include "common/text/WireText.h"
#include "protocol/Limits.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QSysInfo>

#include <spdlog/spdlog.h>

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <random>

namespace classroom::agent {

AgentController::AgentController(zmq::context_t& context, AgentSettings settings, bus::CurveKeyPair keys,
                                 std::unique_ptr<AgentStateStore> store, ScreenLocker& locker, ModuleView& view,
                                 QObject* parent)
    : QObject(parent),
      m_settings(std::move(settings)),
      m_keys(std::move(keys)),
      m_store(std::move(store)),
      m_locker(locker),
      m_view(view),
      m_bus(context, m_settings.bus, m_keys, m_settings.consolePublicKey),
      m_receiver(m_settings.moduleCacheDirectory(), m_settings.maxModuleBytes)
{
    m_receiver.send = [this](protocol::Body body) { return m_bus.isConnected() && m_bus.send(std::move(body)); };
    connect(&m_receiver, &ModuleReceiver::moduleReady, this, [this](const QString& id) {
        if (id.toStdString() == m_desired.moduleId) {
            applyModule();
            report();
        }
    });
    m_view.onPageRequested = [this](int page) { requestPage(page); };
    setQuizView(m_headlessQuizView);
    m_answerResend.setInterval(250);
    connect(&m_answerResend, &QTimer::timeout, this, [this] {
        if (m_answerBackoff.count() > 0 && std::chrono::steady_clock::now() >= m_nextAnswerResend)
            sendPendingAnswers();
    });
    // Views the console has not acknowledged yet go again now and then (the
    // console stores each once, whatever it receives twice).
    m_viewResend.setInterval(10000);
    connect(&m_viewResend, &QTimer::timeout, this, &AgentController::sendPageViews);
    if (m_settings.hostName.empty())
        m_settings.hostName = QSysInfo::machineHostName().toStdString();
    m_bus.onConnected = [this] {
        writeStatus("connected");
        sendHello();
        m_receiver.connectionUp();
        sendPageViews();
        sendPendingAnswers();
        Q_EMIT connectionChanged(true);
    };
    m_bus.onDisconnected = [this] {
        writeStatus("disconnected");
        m_receiver.connectionDown();
        Q_EMIT connectionChanged(false);
    };
    m_bus.onRefused = [this] {
        writeStatus("refused");
        Q_EMIT refusedByConsole();
    };
    m_bus.onMessage = [this](const protocol::Envelope& envelope) {
        if (const auto* snapshot = protocol::bodyAs<protocol::StateSnapshot>(envelope)) {
            apply(snapshot->state);
            report();
        } else if (const auto* chunk = protocol::bodyAs<protocol::Chunk>(envelope)) {
            m_receiver.handleChunk(*chunk);
        } else if (const auto* index = protocol::bodyAs<protocol::ModuleIndex>(envelope)) {
            m_receiver.handleIndex(*index);
        } else if (const auto* ack = protocol::bodyAs<protocol::PageViewAck>(envelope)) {
            if (auto forgotten = m_store->forgetPageViews(ack->viewIds); !forgotten)
                spdlog::warn("{}", forgotten.error());
        } else if (const auto* answerAck = protocol::bodyAs<protocol::AnswerAck>(envelope)) {
            handleAnswerAck(*answerAck);
        } else if (const auto* error = protocol::bodyAs<protocol::Error>(envelope)) {
            if (error->code == protocol::ErrorCode::RateLimited) {
                // Answers held back: wait before sending them again.
                m_answerBackoff = std::chrono::milliseconds{5000};
                m_nextAnswerResend = std::chrono::steady_clock::now() + m_answerBackoff;
            }
            spdlog::warn("the console rejected a message: {} (code {})", error->text, static_cast<int>(error->code));
        }
    };
    m_heartbeat.setInterval(m_settings.heartbeatInterval);
    connect(&m_heartbeat, &QTimer::timeout, this, [this] {
        if (m_bus.isConnected())
            m_bus.send(protocol::Heartbeat{});
    });
}

AgentController::~AgentController()
{
    // The bus outlives this destructor's body; it must not call back into a
    // controller that is half gone.
    m_bus.onConnected = nullptr;
    m_bus.onDisconnected = nullptr;
    m_bus.onRefused = nullptr;
    m_bus.onMessage = nullptr;
    m_receiver.send = nullptr;
    m_view.onPageRequested = nullptr;
    m_quizView->onAnswer = nullptr;
}

void AgentController::writeStatus(const char* connection)
{
    // For `classroom-admin agent-status`; written on changes only.
    if (m_status == connection)
        return;
    m_status = connection;
    const std::string text = "connection " + m_status + "\nsince " +
                             QDateTime::currentDateTimeUtc().toString(Qt::ISODate).toStdString() + "\nconsole " +
                             m_settings.consoleEndpoint + "\npid " + std::to_string(QCoreApplication::applicationPid()) + "\n";
    const std::filesystem::path file = agentStatusFile(m_settings.stateDirectory);
    if (auto written = storage::writeFileAtomically(file, text, 0644); written) {
        storage::shareWithGroup(file);
        return;
    }
    // In the shared directory another learner account may own the file, and
    // its sticky bit forbids replacing it: write over it in place (the file
    // is group-writable there), never through a link.
    const int fd = ::open(file.c_str(), O_WRONLY | O_TRUNC | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0 || ::write(fd, text.data(), text.size()) != static_cast<ssize_t>(text.size()))
        spdlog::debug("cannot write {}: {}", file.string(), std::strerror(errno));
    if (fd >= 0)
        ::close(fd);
}

void AgentController::start()
{
    writeStatus("connecting");
    const protocol::SeatState saved = m_store->load();
    if (saved.locked)
        spdlog::info("this PC was locked before it stopped; locking again before connecting");
    m_applied = protocol::SeatState{};
    apply(saved);
    m_heartbeat.start();
    m_viewResend.start();
    m_answerResend.start();
    m_bus.start(m_settings.consoleEndpoint);
}

void AgentController::apply(const protocol::SeatState& state)
{
    const bool retry = state.revision != m_desired.revision;
    m_desired = state;
    const QString message = QString::fromStdString(state.lockMessage);
    if (state.locked) {
        if (auto saved = m_store->save(state); !saved)
            spdlog::error("{}; locking anyway", saved.error());
        m_locker.engage(message);
    } else {
        m_locker.release();
        if (auto saved = m_store->save(state); !saved)
            spdlog::error("{}; the PC may lock again after a restart until the console unlocks it", saved.error());
    }
    const bool changed = state.locked != m_applied.locked || state.lockMessage != m_applied.lockMessage;
    m_applied.revision = state.revision;
    m_applied.locked = state.locked;
    m_applied.lockMessage = state.lockMessage;
    if (changed) {
        spdlog::info("screen {}{}", state.locked ? "locked" : "unlocked",
                     state.lockMessage.empty() ? std::string() : ": \"" + state.lockMessage + "\"");
        Q_EMIT stateApplied(state.locked, message);
    }
    if (retry)
        m_receiver.retryIfFailed();
    applyModule();
}

void AgentController::applyModule()
{
    const std::string& wanted = m_desired.moduleId;
    if (wanted.empty()) {
        m_receiver.stop();
        if (m_shown) {
            closeView();
            m_shown.reset();
            m_view.closeModule();
            spdlog::info("module closed");
        }
        m_applied.moduleId.clear();
        m_applied.page = 0;
        m_applied.freeBrowsing = false;
    } else if (auto module = m_receiver.readyModule(wanted)) {
        const bool sameModule = m_applied.moduleId == wanted;
        std::uint32_t page = m_desired.page;
        // In free browsing a learner stays where they are; the trainer's page
        // is only where a newly opened module starts.
        if (m_desired.freeBrowsing && sameModule && m_shown)
            page = m_applied.page;
        page = std::min<std::uint32_t>(page, static_cast<std::uint32_t>(module->pages.size() - 1));
        m_applied.moduleId = wanted;
        m_applied.freeBrowsing = m_desired.freeBrowsing;
        showPage(*module, page);
    } else {
        // Not here yet: whatever was shown goes, and the module comes.
        if (m_shown) {
            closeView();
            m_shown.reset();
            m_view.closeModule();
        }
        m_applied.moduleId.clear();
        m_applied.page = 0;
        m_applied.freeBrowsing = false;
        m_receiver.want(wanted);
    }
    applyQuiz();
    if (auto saved = m_store->save(m_applied); !saved)
        spdlog::error("{}", saved.error());
}

void AgentController::showPage(const ModulePages& module, std::uint32_t page)
{
    const bool samePage = m_shown && m_shown->directory == module.directory && m_applied.page == page;
    if (!samePage)
        closeView();
    m_applied.page = page;
    m_shown = module;
    m_view.showPage(module, static_cast<int>(page), m_applied.freeBrowsing);
    if (!samePage) {
        m_viewStarted = std::chrono::steady_clock::now();
        m_viewOpenedAtMs = static_cast<std::uint64_t>(QDateTime::currentMSecsSinceEpoch());
        spdlog::info("showing page {} of {} of module '{}'", page + 1, module.pages.size(), module.title.toStdString());
        Q_EMIT pageShown(QString::fromStdString(m_applied.moduleId), static_cast<int>(page));
    }
}

void AgentController::closeView()
{
    if (!m_shown || m_viewOpenedAtMs == 0)
        return;
    protocol::PageView view;
    // Random ids: unique per seat even after agent.db is recreated, when a
    // counter would start again at ids the console already holds.
    static thread_local std::mt19937_64 ids{(static_cast<std::uint64_t>(std::random_device{}()) << 32) ^
                                            std::random_device{}()};
    view.viewId = ids() & 0x7fffffffffffffffULL;
    view.moduleId = m_applied.moduleId;
    view.page = m_applied.page;
    view.openedAtMs = m_viewOpenedAtMs;
    view.durationMs = static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - m_viewStarted).count());
    m_viewOpenedAtMs = 0;
    if (auto kept = m_store->queuePageView(view); !kept) {
        spdlog::error("{}", kept.error());
        return;
    }
    if (m_bus.isConnected())
        m_bus.send(std::move(view));
}

void AgentController::sendPageViews()
{
    if (!m_bus.isConnected())
        return;
    for (protocol::PageView& view : m_store->pendingPageViews(256))
        m_bus.send(std::move(view));
}

void AgentController::requestPage(int page)
{
    if (!m_shown || !m_applied.freeBrowsing || m_applied.moduleId != m_desired.moduleId)
        return;
    if (page < 0 || page >= static_cast<int>(m_shown->pages.size()) || page == static_cast<int>(m_applied.page))
        return;
    const ModulePages module = *m_shown;
    showPage(module, static_cast<std::uint32_t>(page));
    if (auto saved = m_store->save(m_applied); !saved)
        spdlog::error("{}", saved.error());
    report();
}

void AgentController::report()
{
    m_bus.send(protocol::StateReport{m_applied});
}

void AgentController::sendHello()
{
    protocol::Hello hello;
    hello.agentVersion = CLASSROOM_VERSION;
    hello.hostName = text::toWireText(QString::fromStdString(m_settings.hostName), protocol::limits::kMaxHostNameBytes,
                                      text::Newlines::Drop);
    hello.capabilities = {protocol::MessageType::StateSnapshot, protocol::MessageType::Error,
                          protocol::MessageType::ModuleIndex,   protocol::MessageType::Chunk,
                          protocol::MessageType::PageViewAck,   protocol::MessageType::AnswerAck};
    m_bus.send(std::move(hello));
}

}  // namespace classroom::agent
