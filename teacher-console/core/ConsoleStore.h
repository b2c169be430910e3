#pragma once

#include "common/Result.h"
#include "common/storage/Database.h"
#include "protocol/Messages.h"

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace classroom::console {

struct StoredSeat {
    std::string publicKey;  // Z85, the seat's identity
    std::string name;       // what the trainer calls it ("PC 12")
    std::string hostName;   // last host name the agent reported
    protocol::SeatState desired;
};

// A PC that asked to join with a valid enrollment code and waits for the
// trainer or IT to confirm it.
struct StoredPendingSeat {
    std::string publicKey;
    std::string hostName;
    std::string address;
    std::string requestedAt;  // UTC, ISO 8601
};

// The one enrollment code that may be open at a time.
struct StoredEnrollmentCode {
    std::string code;       // canonical form (bus::EnrollmentCode)
    int seatsLeft = 0;
    std::string expiresAt;  // UTC, ISO 8601
    std::string createdBy;
};

struct AuditEntry {
    std::string at;      // UTC, ISO 8601
    std::string actor;   // who was at the console
    std::string action;  // "lock", "unlock", "approve_seat", ...
    std::string seats;   // comma-separated seat names, or "all"
    std::string detail;  // e.g. the lock message
};

// A module in the console's library (the bundle itself is a file next to
// console.db, named by the id).
struct StoredModule {
    std::string id;  // content id, 64 hex
    std::string title;
    std::string version;
    std::string language;
    std::string author;
    int durationMinutes = 0;
    std::vector<std::string> objectives;
    std::vector<std::string> pageTitles;  // one per page, in order
    int questionCount = 0;
    std::uint64_t totalBytes = 0;
    std::string importedAt;
    std::string importedBy;
    std::string source;  // the path it was imported from, for the trainer's memory
};

// A page a learner looked at, as the seat reported it.
struct StoredPageView {
    std::string seatKey;
    std::uint64_t viewId = 0;  // unique per seat; (seatKey, viewId) is stored once
    std::int64_t sessionId = 0;
    std::string seatName;
    std::string moduleId;
    int page = 0;  // 0-based
    std::uint64_t openedAtMs = 0;
    std::uint64_t durationMs = 0;
};

// A quiz: a live question or a self-paced set of questions of one module,
// put to some seats.
struct StoredQuiz {
    std::uint64_t id = 0;  // random, never reused: an old answer cannot land in a new quiz
    std::int64_t sessionId = 0;
    std::string moduleId;
    std::string moduleTitle;
    bool live = true;
    std::vector<std::uint32_t> questions;  // indexes into the module's GIFT questions
    std::vector<std::string> seatKeys;
    std::string startedAt;       // UTC, ISO 8601
    std::int64_t closesAtMs = 0; // live countdown end, Unix ms; 0 for none
    bool open = true;
    bool revealed = false;
};

// An answer as stored: (seatKey, answerId) is stored once, whatever arrives twice.
struct StoredAnswer {
    std::string seatKey;
    std::uint64_t answerId = 0;
    std::int64_t sessionId = 0;
    std::uint64_t quizId = 0;
    std::uint32_t question = 0;
    std::string learner;   // the code the trainer assigned to the seat when it came; empty for none
    std::string seatName;
    std::vector<std::uint32_t> choices;
    std::string text;
    std::uint64_t answeredAtMs = 0;  // the PC's clock
    std::uint64_t receivedAtMs = 0;  // the console's clock
    bool late = false;               // the quiz was closed when it came
    std::optional<double> score;     // 0..1; nothing for an essay not graded yet
    std::string gradedBy;            // who graded it by hand; empty for automatic grading
};

struct StoredSession {
    std::int64_t id = 0;
    std::string startedAt;  // UTC, ISO 8601
    std::string actor;
    std::string endedAt;    // empty while it runs (or when the console was killed)
};

// The console's durable memory (console.db): enrolled seats, the state the
// trainer wants each seat in, and the audit log of trainer actions. Desired
// state is written before it is sent, so a restarted console puts the class
// back where the trainer left it.
class ConsoleStore {
public:
    static Result<std::unique_ptr<ConsoleStore>> open(const std::filesystem::path& file);

    Result<std::vector<StoredSeat>> loadSeats();
    Result<void> enrollSeat(const std::string& publicKey, const std::string& name);
    Result<void> saveHostName(const std::string& publicKey, const std::string& hostName);
    // Saves several seats' desired state and one audit entry in one transaction.
    Result<void> saveDesiredStates(const std::vector<std::pair<std::string, protocol::SeatState>>& states,
                                   const AuditEntry& audit);
    Result<void> appendAudit(const AuditEntry& entry);
    // Removes a seat; its key is refused from the next connection on.
    Result<bool> revokeSeat(const std::string& publicKey, const AuditEntry& audit);

    Result<std::vector<StoredPendingSeat>> loadPendingSeats();
    Result<void> addPendingSeat(const StoredPendingSeat& seat);
    // Enrolls a waiting PC under `name` and takes it off the waiting list.
    Result<void> approvePendingSeat(const std::string& publicKey, const std::string& name, const AuditEntry& audit);
    Result<bool> removePendingSeat(const std::string& publicKey);

    Result<std::optional<StoredEnrollmentCode>> loadEnrollmentCode();
    Result<void> saveEnrollmentCode(const StoredEnrollmentCode& code, const AuditEntry& audit);
    Result<void> clearEnrollmentCode();
    Result<void> setEnrollmentSeatsLeft(int seatsLeft);

    // Changes when another connection (another process, e.g. classroom-admin)
    // commits to the database; the console polls it to pick up their changes.
    std::int64_t dataVersion();
    Result<std::vector<AuditEntry>> auditLog(int newestCount);

    // Modules (ConsoleStoreModules.cpp). Saving a module that is already
    // stored changes nothing: the id is the content.
    Result<bool> saveModule(const StoredModule& module, const AuditEntry& audit);
    Result<std::vector<StoredModule>> loadModules();
    Result<void> removeModule(const std::string& id, const AuditEntry& audit);
    // A new teaching session (one per console start); page views belong to it.
    Result<std::int64_t> startSession(const std::string& actor);
    // Stores page views in one transaction; a view already stored is skipped.
    Result<void> savePageViews(const std::vector<StoredPageView>& views);
    Result<std::vector<StoredPageView>> pageViews(std::int64_t sessionId);

    // Quizzes and answers (ConsoleStoreQuiz.cpp).
    // The session this console start continues: the last one when it never
    // ended (the console was killed or the PC lost power), a new one otherwise.
    struct SessionStart {
        std::int64_t id = 0;
        bool resumed = false;
    };
    Result<SessionStart> resumeOrStartSession(const std::string& actor);
    Result<void> endSession(std::int64_t sessionId);
    Result<std::optional<StoredSession>> session(std::int64_t sessionId);
    Result<std::vector<StoredSession>> sessions(int newestCount);

    Result<void> saveQuiz(const StoredQuiz& quiz, const AuditEntry& audit);
    Result<void> setQuizState(std::uint64_t quizId, bool open, bool revealed, const AuditEntry& audit);
    Result<std::optional<StoredQuiz>> loadQuiz(std::uint64_t quizId);
    Result<std::vector<StoredQuiz>> quizzesOfSession(std::int64_t sessionId);

    // The learner code the trainer gave each seat in a session (seat key -> code).
    Result<std::vector<std::pair<std::string, std::string>>> learners(std::int64_t sessionId);
    // Sets (or, with an empty code, clears) the codes of several seats at once.
    Result<void> setLearners(std::int64_t sessionId, const std::vector<std::pair<std::string, std::string>>& codes,
                             const AuditEntry& audit);

    // Stores answers in one transaction on `db` (the answer writer has its own
    // connection); an answer already stored is left as it is, and its `late`
    // is set to what was stored.
    static Result<void> insertAnswers(storage::Database& db, std::vector<StoredAnswer>& answers);
    // Another connection to the same file, with the same schema.
    static Result<std::unique_ptr<storage::Database>> openConnection(const std::filesystem::path& file);
    Result<std::vector<StoredAnswer>> answersOfSession(std::int64_t sessionId);
    Result<std::vector<StoredAnswer>> answersOfQuiz(std::uint64_t quizId);
    // The trainer's grade for an answer (an essay, or a correction): 0..1.
    Result<bool> gradeAnswer(const std::string& seatKey, std::uint64_t answerId, double score, const AuditEntry& audit);

    storage::Database& database() { return *m_db; }

private:
    explicit ConsoleStore(std::unique_ptr<storage::Database> db) : m_db(std::move(db)) {}
    Result<void> insertAudit(const AuditEntry& entry);

    std::unique_ptr<storage::Database> m_db;
};

std::string utcNowIso8601();

}  // namespace classroom::console
