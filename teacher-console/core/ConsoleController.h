#pragma once

#include "common/Result.h"
#include "common/bus/ConsoleBus.h"
#include "common/bus/CurveKeys.h"
#include "common/bus/ZapHandler.h"
#include "teacher-console/core/ConsoleSettings.h"
#include "teacher-console/core/ConsoleStore.h"
#include "teacher-console/core/EnrollmentDesk.h"
#include "teacher-console/core/ModuleLibrary.h"
#include "teacher-console/core/SeatRoster.h"

#include <QObject>
#include <QTimer>

#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>
#include <zmq.hpp>

namespace classroom::console {

// A PC that is not a seat yet: one that asked to join with a valid enrollment
// code (withCode, kept in console.db), or a key that simply tried to connect
// (kept in memory only: it may be a stranger).
struct PendingSeat {
    std::string key;
    QString address;
    QString hostName;  // what the PC said its name is (with a code only)
    QDateTime firstSeen;
    QDateTime lastSeen;
    int attempts = 0;
    bool withCode = false;
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

    // Course modules. Sending sets the module in the seats' state (paced, page
    // 1); each seat fetches what it lacks, chunk by chunk, and shows it once
    // it has verified it. Unknown keys are skipped.
    ModuleLibrary& library() { return *m_library; }
    Result<ModuleLibrary::ImportResult> importModule(const std::filesystem::path& source);
    Result<void> sendModule(const std::vector<std::string>& keys, const std::string& moduleId);
    void closeModule(const std::vector<std::string>& keys);
    // Moves these seats to page `page` (0-based, clamped to the module).
    void goToPage(const std::vector<std::string>& keys, int page);
    // Free browsing lets learners move alone; paced brings them back to the
    // trainer's page.
    void setFreeBrowsing(const std::vector<std::string>& keys, bool free);
    std::int64_t sessionId() const { return m_sessionId; }

    // Adds a key to the enrolled seats; it may connect from now on.
    Result<void> enrollSeat(const std::string& key, const QString& name);
    Result<void> approvePendingSeat(const std::string& key, const QString& name);
    // Takes a PC off the waiting list without enrolling it.
    Result<void> refusePendingSeat(const std::string& key);
    const std::vector<PendingSeat>& pendingSeats() const { return m_pending; }
    // Removes a seat: its key is refused from its next connection on, and
    // nothing more is sent to or accepted from it now.
    Result<void> revokeSeat(const std::string& key);

    // Opens enrollment with a new one-time code for up to `seats` PCs, valid
    // for `validFor`; replaces any open code. Returns the code to show.
    Result<bus::EnrollmentCode> openEnrollment(int seats, std::chrono::minutes validFor);
    void closeEnrollment();
    const EnrollmentDesk& enrollment() const { return m_desk; }
    const std::string& enrollmentEndpoint() const { return m_enrollmentEndpoint; }
    // Where agents connect, as bound (empty before start()).
    const std::string& listenEndpoint() const { return m_listenEndpoint; }

    // Picks up what another program (classroom-admin) changed in console.db:
    // seats enrolled or revoked, PCs approved, a new enrollment code. Runs by
    // itself every second; public for tests.
    void syncWithStore();

    const bus::BusCounters& busCounters() const { return m_bus.counters(); }
    std::string routingIdOf(const std::string& key) const { return m_bus.routingIdOf(key); }
    ConsoleStore& store() { return *m_store; }

    static constexpr std::size_t kMaxPendingSeats = 64;  // a flood of strangers cannot grow memory
    static constexpr int kMaxEnrollmentSeats = 500;
    static constexpr std::chrono::minutes kMaxEnrollmentTime{24 * 60};

Q_SIGNALS:
    void seatOnlineChanged(const QString& key, bool online);
    // A seat reported the latest desired state as applied; latency from the
    // trainer's action to this confirmation.
    void seatConfirmed(const QString& key, bool locked, qint64 latencyMicroseconds);
    void pendingSeatsChanged();
    void libraryChanged();
    void pageViewsStored(int count);
    void enrollmentChanged();
    // Something the trainer should know went wrong (in plain words).
    void problem(const QString& message);

private:
    void handleMessage(const std::string& key, const protocol::Envelope& envelope);
    void markHeard(Seat& seat);
    void sendState(Seat& seat);
    void changeSeats(const std::vector<std::string>& keys, bool locked, const QString& message);
    // One trainer action on several seats: `change` edits each seat's next
    // state; it is stored with one audit entry, then sent.
    void updateSeats(const std::vector<std::string>& keys, const std::string& action, const std::string& detail,
                     const std::function<void(protocol::SeatState&)>& change);
    void serveModuleRequest(Seat& seat, const protocol::ModuleRequest& request, std::uint64_t messageId);
    void serveChunk(Seat& seat, const protocol::ChunkRequest& request, std::uint64_t messageId);
    void recordProgress(Seat& seat, const protocol::ModuleProgress& progress);
    void storePageView(Seat& seat, const protocol::PageView& view);
    int pageCountOf(const std::string& moduleId) const;
    void checkSeats();
    std::vector<PendingSeat>::iterator findPending(const std::string& key);
    void rememberRefusedKey(const QString& domain, const QString& key, const QString& address);
    Result<void> importEnrolledSeatsFile();
    protocol::EnrollReply decideEnrollment(const std::string& key, const protocol::EnrollRequest& request);
    void enrollmentClosed(EnrollmentDesk::CloseReason reason);
    Result<void> openStoredEnrollment(const StoredEnrollmentCode& stored);
    void reloadSeats();
    void reloadPendingSeats();
    void reloadEnrollmentCode();
    Seat seatFromStore(const StoredSeat& stored) const;

    ConsoleSettings m_settings;
    bus::CurveKeyPair m_serverKeys;
    std::unique_ptr<ConsoleStore> m_store;
    SeatRoster m_roster;
    bus::ZapHandler m_zap;
    bus::ConsoleBus m_bus;
    QTimer m_checkTimer;
    QTimer m_syncTimer;
    std::int64_t m_dataVersion = -1;
    std::vector<PendingSeat> m_pending;
    EnrollmentDesk m_desk;
    std::string m_enrollmentEndpoint;
    std::string m_listenEndpoint;
    std::unordered_map<std::string, std::string> m_enrollmentAddresses;  // key -> address, from ZAP
    std::unique_ptr<ModuleLibrary> m_library;
    std::int64_t m_sessionId = 0;
    std::vector<std::uint8_t> m_chunkBuffer;  // one chunk, reused: memory does not grow with seats
};

// Parses an enrolled-seats file: one "<Z85 public key> [seat name]" per line,
// '#' comments. Errors name the line.
Result<std::vector<std::pair<std::string, std::string>>> parseEnrolledSeats(const std::string& text,
                                                                           const std::string& source);

}  // namespace classroom::console
