#pragma once

#include "common/Result.h"
#include "common/bus/ConsoleBus.h"
#include "common/bus/CurveKeys.h"
#include "common/bus/ZapHandler.h"
#include "teacher-console/core/ConsoleSettings.h"
#include "teacher-console/core/ConsoleStore.h"
#include "teacher-console/core/EnrollmentDesk.h"
#include "common/quiz/Response.h"
#include "teacher-console/core/AnswerWriter.h"
#include "teacher-console/core/ModuleLibrary.h"
#include "teacher-console/core/QuizResults.h"
#include "teacher-console/core/SeatRoster.h"

#include <QObject>
#include <QTimer>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>
#include <zmq.hpp>

namespace classroom::console {

// How one question of a quiz is going, for the trainer's live view.
struct QuizTally {
    int asked = 0;     // seats the question was put to
    int answered = 0;  // of those, how many have an answer stored
    // One bar per choice (or distinct answer): label -> seats whose latest
    // answer counts towards it. No names: this may be shown on a projector.
    std::vector<std::pair<std::string, int>> bars;
};

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
    // True when this start resumed a session the console never ended (it was
    // killed or the power went): the learners and quizzes carry on.
    bool sessionResumed() const { return m_sessionResumed; }
    // Ends this session (learner codes go with it) and starts a new one.
    Result<void> startNewSession();
    // Marks the session ended; the next start begins a new one. Called when
    // the console closes normally.
    void endSession();

    // Quizzes (ConsoleQuizzes.cpp). Questions come from the module the seats
    // show; a seat without that module is left out. Starting a quiz on a seat
    // replaces the quiz it had. Returns the new quiz's id.
    Result<std::uint64_t> askLive(const std::vector<std::string>& keys, std::uint32_t question,
                                  std::chrono::seconds countdown = std::chrono::seconds{0});
    // A self-paced quiz; no question numbers: every question of the module
    // that can be answered (descriptions are shown, not asked).
    Result<std::uint64_t> startSelfPaced(const std::vector<std::string>& keys, std::vector<std::uint32_t> questions = {});
    // No more answers are taken (later ones are stored, flagged late).
    Result<void> closeQuiz(std::uint64_t quizId);
    // Shows the right answers and feedback on the learners' screens; closes the quiz first.
    Result<void> revealQuiz(std::uint64_t quizId);
    // Takes the quiz off the learners' screens; its answers stay in the results.
    Result<void> endQuiz(std::uint64_t quizId);
    const StoredQuiz* quiz(std::uint64_t quizId) const;
    // The newest quiz of this session that is still on a seat's screen; 0 for none.
    std::uint64_t currentQuiz() const;
    // Quizzes of this session, oldest first.
    std::vector<const StoredQuiz*> sessionQuizzes() const;
    QuizTally tally(std::uint64_t quizId, std::uint32_t question) const;
    // The questions of a module in the library (indexes are the wire's numbers).
    Result<const std::vector<module::gift::Question>*> questionsOf(const std::string& moduleId);

    // Learner codes for this session: typed for one seat (empty clears it), or
    // from a CSV roster of "seat,code" lines (seat name or computer name).
    // Codes are 1-32 characters, no control characters, one seat each.
    Result<void> setLearner(const std::string& key, const QString& code);
    // Returns how many seats got a code; a failure lists every bad line.
    Result<int> importRoster(const std::filesystem::path& csvFile);
    // The trainer grades an answer (an essay) 0..1.
    Result<void> gradeAnswer(const std::string& seatKey, std::uint64_t answerId, double score);
    // Everything the exports and the results window show, for a session.
    Result<SessionReport> sessionReport(std::int64_t sessionId);
    std::size_t answersPending() const { return m_answerWriter ? m_answerWriter->pending() : 0; }
    std::uint64_t answerCommits() const { return m_answerWriter ? m_answerWriter->commits() : 0; }

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
    // A quiz was started, closed, revealed or ended.
    void quizChanged(quint64 quizId);
    // Answers were committed to console.db (and acknowledged to their seats).
    void answersStored(quint64 quizId, int count);
    void learnersChanged();
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
    // Quizzes (ConsoleQuizzes.cpp).
    struct LatestAnswer {
        classroom::quiz::Response response;
        std::uint64_t answeredAtMs = 0;
    };
    struct QuizState {
        StoredQuiz stored;
        // question -> seat key -> the seat's latest answer (by the PC's clock)
        std::map<std::uint32_t, std::unordered_map<std::string, LatestAnswer>> latest;
    };
    struct AnswerBudget {
        double tokens = 0;
        SteadyTime refilled{};
    };
    Result<std::uint64_t> startQuiz(const std::vector<std::string>& keys, bool live, std::vector<std::uint32_t> questions,
                                    std::chrono::seconds countdown);
    Result<void> setQuizFlags(std::uint64_t quizId, bool open, bool reveal, const std::string& action);
    QuizState* findQuiz(std::uint64_t quizId);
    void loadSessionQuizzes();
    void loadLearners();
    void receiveAnswer(Seat& seat, const protocol::Answer& answer);
    void refuseAnswer(Seat& seat, const protocol::Answer& answer, const std::string& reason);
    bool takeAnswerToken(const std::string& key);
    void answersCommitted(AnswerWriter::Batch batch);
    void closeExpiredQuizzes();
    void updateQuizText(Seat& seat);
    protocol::SeatState stateToSend(const Seat& seat) const;
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
    bool m_sessionResumed = false;
    std::map<std::uint64_t, QuizState> m_quizzes;  // this session's, and older ones answers came for
    std::unordered_map<std::string, AnswerBudget> m_answerBudgets;
    std::unique_ptr<AnswerWriter> m_answerWriter;
    std::vector<StoredAnswer> m_answersToStore;  // checked this turn of the event loop, not handed over yet
    std::uint64_t m_answersRefused = 0;
    std::uint64_t m_answersLimited = 0;
    std::vector<std::uint8_t> m_chunkBuffer;  // one chunk, reused: memory does not grow with seats
};

// Takes the quiz out of a seat state (the seat shows no quiz).
void clearQuiz(protocol::SeatState& state);

// Parses an enrolled-seats file: one "<Z85 public key> [seat name]" per line,
// '#' comments. Errors name the line.
Result<std::vector<std::pair<std::string, std::string>>> parseEnrolledSeats(const std::string& text,
                                                                           const std::string& source);

}  // namespace classroom::console
