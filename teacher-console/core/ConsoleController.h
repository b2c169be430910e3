#pragma once

#include "common/Result.h"
#include "common/bus/ConsoleBus.h"
#include "common/bus/CurveKeys.h"
#include "common/bus/ZapHandler.h"
#include "teacher-console/core/ConsoleSettings.h"
#include "teacher-console/core/ConsoleStore.h"
#include "teacher-console/core/SeatRoster.h"

#include <QObject>
#include <QTimer>

#include <memory>
#include <string>
#include <vector>
#include <zmq.hpp>

namespace classroom::console {

// A CURVE key that tried to connect but is not enrolled: a new PC waiting for
// the trainer's or IT's approval, or a stranger.
struct PendingSeat {
    std::string key;
    QString address;
    QDateTime firstSeen;
    QDateTime lastSeen;
    int attempts = 0;
};

// The console's behaviour, without any window: it owns the desired state of
// every seat and drives each connected agent towards it.
//
// Invariants:
// - Only enrolled keys get past the ZAP handler; a seat IS its key.
// - The desired state is stored before it is sent; a seat that (re)connects
//   gets its whole state; a seat that has not confirmed the latest revision
//   gets it again every resendAfter.
// - Every trainer action lands in the audit log.
class ConsoleController : public QObject {
    Q_OBJECT
public:
    ConsoleController(zmq::context_t& context, ConsoleSettings settings, bus::CurveKeyPair serverKeys,
                      std::unique_ptr<ConsoleStore> store, QObject* parent = nullptr);
    ~ConsoleController() override;

    // Loads the roster, imports the enrolled-seats file, starts the key check
    // and listens. Returns the endpoint actually bound.
    Result<std::string> start();

    SeatRoster& roster() { return m_roster; }
    const std::string& publicKey() const { return m_serverKeys.publicKey; }

    void lockSeats(const std::vector<std::string>& keys, const QString& message);
    void unlockSeats(const std::vector<std::string>& keys);
    void lockAll(const QString& message);
    void unlockAll();
    std::vector<std::string> allSeatKeys() const;

    // Adds a key to the enrolled seats; it may connect from now on.
    Result<void> enrollSeat(const std::string& key, const QString& name);
    Result<void> approvePendingSeat(const std::string& key, const QString& name);
    const std::vector<PendingSeat>& pendingSeats() const { return m_pending; }

    const bus::BusCounters& busCounters() const { return m_bus.counters(); }
    std::string routingIdOf(const std::string& key) const { return m_bus.routingIdOf(key); }
    ConsoleStore& store() { return *m_store; }

    static constexpr std::size_t kMaxPendingSeats = 64;  // a flood of strangers cannot grow memory

Q_SIGNALS:
    void seatOnlineChanged(const QString& key, bool online);
    // A seat reported the latest desired state as applied; latency from the
    // trainer's action to this confirmation.
    void seatConfirmed(const QString& key, bool locked, qint64 latencyMicroseconds);
    void pendingSeatsChanged();
    // Something the trainer should know went wrong (in plain words).
    void problem(const QString& message);

private:
    void handleMessage(const std::string& key, const protocol::Envelope& envelope);
    void markHeard(Seat& seat);
    void sendState(Seat& seat);
    void changeSeats(const std::vector<std::string>& keys, bool locked, const QString& message);
    void checkSeats();
    void rememberRefusedKey(const QString& key, const QString& address);
    Result<void> importEnrolledSeatsFile();

    ConsoleSettings m_settings;
    bus::CurveKeyPair m_serverKeys;
    std::unique_ptr<ConsoleStore> m_store;
    SeatRoster m_roster;
    bus::ZapHandler m_zap;
    bus::ConsoleBus m_bus;
    QTimer m_checkTimer;
    std::vector<PendingSeat> m_pending;
};

// Parses an enrolled-seats file: one "<Z85 public key> [seat name]" per line,
// '#' comments. Errors name the line.
Result<std::vector<std::pair<std::string, std::string>>> parseEnrolledSeats(const std::string& text,
                                                                           const std::string& source);

}  // namespace classroom::console
