#pragma once

#include "common/Result.h"
#include "common/bus/BusOptions.h"
#include "common/bus/ConsoleBus.h"
#include "common/bus/EnrollmentCode.h"
#include "protocol/Messages.h"

#include <QDateTime>
#include <QObject>
#include <QTimer>

#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <zmq.hpp>

namespace classroom::console {

// The ZAP domain of the enrollment socket: any key may complete the handshake
// there, because only a PC that knows the code can.
inline constexpr const char* kEnrollmentZapDomain = "classroom-enroll";

// Serves one enrollment code at a time: a second listening socket, CURVE
// server with the key pair derived from the code (see bus::EnrollmentCode),
// open only until the code expires, is used up, or too many wrong codes were
// tried. It answers EnrollRequest and nothing else.
//
// Invariants:
// - A code admits at most `seats` different PCs; the same PC asking again is
//   answered again without using up a seat (single use per seat).
// - After kMaxWrongCodes failed handshakes the code is withdrawn, so guessing
//   online has at most 20 tries against 2^50 codes.
class EnrollmentDesk : public QObject {
    Q_OBJECT
public:
    // Decides what to answer a PC that knows the code (enrolled already, added
    // to the waiting list, list full). Called once per request.
    using Decide = std::function<protocol::EnrollReply(const std::string& key, const protocol::EnrollRequest&)>;

    enum class CloseReason { Withdrawn, Expired, TooManyWrongCodes };

    EnrollmentDesk(zmq::context_t& context, bus::BusOptions options, std::string consolePublicKey, Decide decide,
                   QObject* parent = nullptr);
    ~EnrollmentDesk() override;

    // Starts serving `code` on `endpoint` (replacing any open code). Returns the
    // endpoint actually bound.
    Result<std::string> open(const bus::EnrollmentCode& code, const std::string& endpoint, int seats,
                             const QDateTime& expiresAtUtc);
    void close(CloseReason reason = CloseReason::Withdrawn);

    bool isOpen() const { return m_bus != nullptr; }
    const std::optional<bus::EnrollmentCode>& code() const { return m_code; }
    int seatsLeft() const { return m_seatsLeft; }
    const QDateTime& expiresAt() const { return m_expiresAt; }
    int wrongCodes() const { return m_wrongCodes; }

    static constexpr int kMaxWrongCodes = 20;

Q_SIGNALS:
    void seatsLeftChanged(int seatsLeft);
    void closed(CloseReason reason);

private:
    void handleMessage(const std::string& key, const protocol::Envelope& envelope);
    void wrongCodeTried();

    zmq::context_t& m_context;
    bus::BusOptions m_options;
    std::string m_consolePublicKey;  // in every reply: the key the PC pins
    Decide m_decide;
    std::unique_ptr<bus::ConsoleBus> m_bus;
    std::optional<bus::EnrollmentCode> m_code;
    QDateTime m_expiresAt;
    QTimer m_expiry;
    int m_seatsLeft = 0;
    int m_wrongCodes = 0;
    std::set<std::string> m_usedBy;
};

// The enrollment endpoint that goes with a console endpoint: the next port
// ("tcp://*:47300" -> "tcp://*:47301"); port 0 stays 0 (any free port).
std::string enrollmentEndpointFor(const std::string& listenEndpoint);

}  // namespace classroom::console
