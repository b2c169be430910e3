#include "teacher-console/core/EnrollmentDesk.h"

#include <QThread>

#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>

namespace classroom::console {

EnrollmentDesk::EnrollmentDesk(zmq::context_t& context, bus::BusOptions options, std::string consolePublicKey,
                               Decide decide, QObject* parent)
    : QObject(parent),
      m_context(context),
      m_options(std::move(options)),
      m_consolePublicKey(std::move(consolePublicKey)),
      m_decide(std::move(decide))
{
    m_options.zapDomain = kEnrollmentZapDomain;
    m_expiry.setSingleShot(true);
    connect(&m_expiry, &QTimer::timeout, this, [this] { close(CloseReason::Expired); });
}

EnrollmentDesk::~EnrollmentDesk() = default;

Result<std::string> EnrollmentDesk::open(const bus::EnrollmentCode& code, const std::string& endpoint, int seats,
                                         const QDateTime& expiresAtUtc)
{
    m_bus.reset();
    m_expiry.stop();
    const qint64 remainingMs = QDateTime::currentDateTimeUtc().msecsTo(expiresAtUtc);
    if (remainingMs <= 0)
        return Result<std::string>::failure("the enrollment code has already expired");
    auto socket = std::make_unique<bus::ConsoleBus>(m_context, m_options, code.serverKeys());
    socket->setMessageHandler([this](const std::string& key, const protocol::Envelope& envelope) {
        handleMessage(key, envelope);
    });
    socket->setHandshakeFailureHandler([this] { wrongCodeTried(); });
    // A code replacing an open one reuses the port, which libzmq's I/O thread
    // may not have released yet: retry for up to half a second.
    auto bound = socket->bind(endpoint);
    for (int attempt = 0; !bound && bound.error().find("in use") != std::string::npos && attempt < 20; ++attempt) {
        QThread::msleep(25);
        bound = socket->bind(endpoint);
    }
    if (!bound)
        return bound;
    m_bus = std::move(socket);
    m_code = code;
    m_seatsLeft = std::max(seats, 0);
    m_expiresAt = expiresAtUtc;
    m_wrongCodes = 0;
    m_usedBy.clear();
    m_expiry.start(std::chrono::milliseconds(remainingMs));
    spdlog::info("enrollment open on {} for {} computer(s) until {}", bound.value(), m_seatsLeft,
                 expiresAtUtc.toString(Qt::ISODate).toStdString());
    return bound;
}

void EnrollmentDesk::close(CloseReason reason)
{
    if (!m_bus)
        return;
    m_bus.reset();
    m_code.reset();
    m_expiry.stop();
    switch (reason) {
    case CloseReason::Withdrawn: spdlog::info("enrollment closed"); break;
    case CloseReason::Expired: spdlog::info("enrollment closed: the code expired"); break;
    case CloseReason::TooManyWrongCodes:
        spdlog::warn("security: enrollment closed after {} wrong codes were tried", m_wrongCodes);
        break;
    }
    Q_EMIT closed(reason);
}

void EnrollmentDesk::wrongCodeTried()
{
    ++m_wrongCodes;
    spdlog::warn("a computer tried to enroll with a wrong code ({} of {} allowed)", m_wrongCodes, kMaxWrongCodes);
    if (m_wrongCodes >= kMaxWrongCodes)
        // Not from inside the socket's own callback: closing destroys it.
        QTimer::singleShot(0, this, [this] { close(CloseReason::TooManyWrongCodes); });
}

void EnrollmentDesk::handleMessage(const std::string& key, const protocol::Envelope& envelope)
{
    const auto* request = protocol::bodyAs<protocol::EnrollRequest>(envelope);
    if (!request) {
        spdlog::warn("ignored a {} message on the enrollment endpoint", protocol::toString(envelope.type()));
        return;
    }
    protocol::EnrollReply reply;
    const bool askedBefore = m_usedBy.count(key) != 0;
    if (!askedBefore && m_seatsLeft == 0) {
        reply.status = protocol::EnrollStatus::CodeUsedUp;
    } else {
        reply = m_decide(key, *request);
        if (reply.status == protocol::EnrollStatus::Accepted && !askedBefore) {
            m_usedBy.insert(key);
            --m_seatsLeft;
            Q_EMIT seatsLeftChanged(m_seatsLeft);
        }
    }
    reply.consolePublicKey = m_consolePublicKey;
    spdlog::info("enrollment request from {} (key {}): {}", request->hostName, key, static_cast<int>(reply.status));
    m_bus->send(key, reply);
}

std::string enrollmentEndpointFor(const std::string& listenEndpoint)
{
    const auto colon = listenEndpoint.rfind(':');
    if (colon == std::string::npos || colon < 6)
        return listenEndpoint;
    const std::string portText = listenEndpoint.substr(colon + 1);
    int port = 0;
    const auto [end, error] = std::from_chars(portText.data(), portText.data() + portText.size(), port);
    if (error != std::errc() || end != portText.data() + portText.size() || port < 0 || port >= 65535)
        return listenEndpoint.substr(0, colon + 1) + "0";
    return listenEndpoint.substr(0, colon + 1) + std::to_string(port == 0 ? 0 : port + 1);
}

}  // namespace classroom::console
