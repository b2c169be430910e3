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

namespace classroom::agent {

AgentController::AgentController(zmq::context_t& context, AgentSettings settings, bus::CurveKeyPair keys,
                                 std::unique_ptr<AgentStateStore> store, ScreenLocker& locker, QObject* parent)
    : QObject(parent),
      m_settings(std::move(settings)),
      m_keys(std::move(keys)),
      m_store(std::move(store)),
      m_locker(locker),
      m_bus(context, m_settings.bus, m_keys, m_settings.consolePublicKey)
{
    if (m_settings.hostName.empty())
        m_settings.hostName = QSysInfo::machineHostName().toStdString();
    m_bus.onConnected = [this] {
        writeStatus("connected");
        sendHello();
        Q_EMIT connectionChanged(true);
    };
    m_bus.onDisconnected = [this] {
        writeStatus("disconnected");
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
        } else if (const auto* error = protocol::bodyAs<protocol::Error>(envelope)) {
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
    m_bus.start(m_settings.consoleEndpoint);
}

void AgentController::apply(const protocol::SeatState& state)
{
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
    m_applied = state;
    if (changed) {
        spdlog::info("screen {}{}", state.locked ? "locked" : "unlocked",
                     state.lockMessage.empty() ? std::string() : ": \"" + state.lockMessage + "\"");
        Q_EMIT stateApplied(state.locked, message);
    }
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
    hello.capabilities = {protocol::MessageType::StateSnapshot, protocol::MessageType::Error};
    m_bus.send(std::move(hello));
}

}  // namespace classroom::agent
