#include "teacher-console/core/ConsoleController.h"

#include "common/text/WireText.h"

#include "protocol/Limits.h"

#include <spdlog/spdlog.h>

#include <QStringList>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

namespace classroom::console {
namespace {

using Clock = std::chrono::steady_clock;

constexpr auto kCheckInterval = std::chrono::milliseconds(250);
constexpr auto kSyncInterval = std::chrono::milliseconds(1000);

QString defaultSeatName(const std::string& key)
{
    return QStringLiteral("seat-") + QString::fromStdString(key.substr(0, 8));
}

}  // namespace

ConsoleController::ConsoleController(zmq::context_t& context, ConsoleSettings settings, bus::CurveKeyPair serverKeys,
                                     std::unique_ptr<ConsoleStore> store, QObject* parent)
    : QObject(parent),
      m_settings(std::move(settings)),
      m_serverKeys(std::move(serverKeys)),
      m_store(std::move(store)),
      m_zap(context,
            [this](const std::string& domain, const std::string& key, const std::string& address) {
                // Enrollment admits any key that completed the handshake, which
                // only the code's holders can; the classroom admits seats only.
                if (domain != kEnrollmentZapDomain)
                    return m_roster.contains(key);
                if (m_enrollmentAddresses.size() < kMaxPendingSeats * 4)
                    m_enrollmentAddresses[key] = address;
                return m_desk.isOpen();
            }),
      m_bus(context, m_settings.bus, m_serverKeys),
      m_desk(context, m_settings.bus, m_serverKeys.publicKey,
             [this](const std::string& key, const protocol::EnrollRequest& request) {
                 return decideEnrollment(key, request);
             }),
      m_library(std::make_unique<ModuleLibrary>(m_settings.moduleDirectory(), *m_store, m_settings.actor))
{
    connect(&m_zap, &bus::ZapHandler::keyRefused, this, &ConsoleController::rememberRefusedKey);
    m_bus.setMessageHandler([this](const std::string& key, const protocol::Envelope& envelope) {
        handleMessage(key, envelope);
    });
    m_checkTimer.setInterval(kCheckInterval);
    connect(&m_checkTimer, &QTimer::timeout, this, &ConsoleController::checkSeats);
    m_syncTimer.setInterval(kSyncInterval);
    connect(&m_syncTimer, &QTimer::timeout, this, &ConsoleController::syncWithStore);
    connect(&m_desk, &EnrollmentDesk::seatsLeftChanged, this, [this](int seatsLeft) {
        if (auto saved = m_store->setEnrollmentSeatsLeft(seatsLeft); !saved)
            spdlog::warn("{}", saved.error());
        Q_EMIT enrollmentChanged();
    });
    connect(&m_desk, &EnrollmentDesk::closed, this, &ConsoleController::enrollmentClosed);
}

ConsoleController::~ConsoleController()
{
    // Answers handed to the writer are committed before it stops; their acks
    // are not sent (the event loop is gone), so the agents send them again and
    // the next console start acknowledges them as already stored.
    m_answerWriter.reset();
}

Result<std::string> ConsoleController::start()
{
    using R = Result<std::string>;
    if (auto loaded = m_library->load(); !loaded)
        return R::failure(loaded.error());
    auto session = m_store->resumeOrStartSession(m_settings.actor);
    if (!session)
        return R::failure(session.error());
    m_sessionId = session.value().id;
    m_sessionResumed = session.value().resumed;
    if (m_sessionResumed)
        spdlog::warn("the console did not close normally last time; session {} goes on with its learners and quizzes",
                     m_sessionId);
    auto answerConnection = ConsoleStore::openConnection(m_settings.databaseFile());
    if (!answerConnection)
        return R::failure(answerConnection.error());
    m_answerWriter = std::make_unique<AnswerWriter>(std::move(answerConnection).value(), [this](AnswerWriter::Batch batch) {
        // Back on the event loop: the bus and the roster are not thread-safe.
        QMetaObject::invokeMethod(
            this, [this, batch = std::move(batch)]() mutable { answersCommitted(std::move(batch)); }, Qt::QueuedConnection);
    });
    auto seats = m_store->loadSeats();
    if (!seats)
        return R::failure(seats.error());
    for (const StoredSeat& stored : seats.value())
        m_roster.add(seatFromStore(stored));
    loadSessionQuizzes();
    // A quiz of an ended session stays in the results, not on the screens.
    std::vector<std::string> stale;
    for (const Seat& seat : m_roster.seats())
        if (seat.desired.quiz != 0 && m_quizzes.count(seat.desired.quiz) == 0)
            stale.push_back(seat.key);
    updateSeats(stale, "end_quiz", "quiz of an earlier session", clearQuiz);
    loadLearners();
    reloadPendingSeats();
    if (!m_settings.enrolledSeatsFile.empty()) {
        auto imported = importEnrolledSeatsFile();
        if (!imported)
            return R::failure(imported.error());
    }
    std::string zapError;
    if (!m_zap.start(&zapError))
        return R::failure(zapError);
    auto bound = m_bus.bind(m_settings.listenEndpoint);
    if (!bound)
        return bound;
    m_listenEndpoint = bound.value();
    m_checkTimer.start();
    m_dataVersion = m_store->dataVersion();
    m_syncTimer.start();
    reloadEnrollmentCode();
    spdlog::info("console listening on {} with {} enrolled seats; console public key {} (fingerprint {})",
                 bound.value(), m_roster.seats().size(), m_serverKeys.publicKey,
                 bus::keyFingerprint(m_serverKeys.publicKey));
    return bound;
}

Seat ConsoleController::seatFromStore(const StoredSeat& stored) const
{
    Seat seat;
    seat.key = stored.publicKey;
    seat.name = QString::fromStdString(stored.name);
    seat.hostName = QString::fromStdString(stored.hostName);
    seat.desired = stored.desired;
    seat.modulePageCount = pageCountOf(stored.desired.moduleId);
    return seat;
}

Result<void> ConsoleController::importEnrolledSeatsFile()
{
    const auto& path = m_settings.enrolledSeatsFile;
    std::ifstream in(path);
    if (!in)
        return Result<void>::failure("cannot read the enrolled seats file " + path.string());
    std::stringstream text;
    text << in.rdbuf();
    auto entries = parseEnrolledSeats(text.str(), path.string());
    if (!entries)
        return Result<void>::failure(entries.error());
    for (const auto& [key, name] : entries.value()) {
        if (m_roster.contains(key))
            continue;
        auto enrolled = enrollSeat(key, QString::fromStdString(name));
        if (!enrolled)
            return enrolled;
    }
    return Result<void>::success();
}

Result<void> ConsoleController::enrollSeat(const std::string& key, const QString& name)
{
    if (!bus::isValidZ85Key(key))
        return Result<void>::failure("'" + key + "' is not a valid public key");
    const QString seatName = name.trimmed().isEmpty() ? defaultSeatName(key) : name.trimmed();
    auto saved = m_store->enrollSeat(key, seatName.toStdString());
    if (!saved)
        return saved;
    if (Seat* existing = m_roster.find(key)) {
        existing->name = seatName;
        m_roster.seatChanged(key);
    } else {
        Seat seat;
        seat.key = key;
        seat.name = seatName;
        m_roster.add(std::move(seat));
    }
    return Result<void>::success();
}

std::vector<PendingSeat>::iterator ConsoleController::findPending(const std::string& key)
{
    return std::find_if(m_pending.begin(), m_pending.end(), [&](const PendingSeat& p) { return p.key == key; });
}

Result<void> ConsoleController::approvePendingSeat(const std::string& key, const QString& name)
{
    const auto pending = findPending(key);
    if (pending == m_pending.end())
        return Result<void>::failure("no computer with this key is waiting for approval");
    QString seatName = name.trimmed();
    if (seatName.isEmpty())
        seatName = pending->hostName.isEmpty() ? defaultSeatName(key) : pending->hostName;
    seatName = QString::fromStdString(text::toWireText(seatName, protocol::limits::kMaxSeatNameBytes, text::Newlines::Drop));
    const AuditEntry audit{utcNowIso8601(), m_settings.actor, "approve_seat", seatName.toStdString(),
                           "key " + key + " from " + pending->address.toStdString() +
                               (pending->withCode ? " with an enrollment code" : "")};
    auto saved = m_store->approvePendingSeat(key, seatName.toStdString(), audit);
    if (!saved)
        return saved;
    Seat seat;
    seat.key = key;
    seat.name = seatName;
    seat.hostName = pending->hostName;
    m_roster.add(std::move(seat));
    m_pending.erase(pending);
    m_dataVersion = m_store->dataVersion();
    Q_EMIT pendingSeatsChanged();
    return Result<void>::success();
}

Result<void> ConsoleController::refusePendingSeat(const std::string& key)
{
    const auto pending = findPending(key);
    if (pending == m_pending.end())
        return Result<void>::failure("no computer with this key is waiting for approval");
    if (auto removed = m_store->removePendingSeat(key); !removed)
        return Result<void>::failure(removed.error());
    (void)m_store->appendAudit({utcNowIso8601(), m_settings.actor, "refuse_seat", pending->hostName.toStdString(),
                                "key " + key + " from " + pending->address.toStdString()});
    m_pending.erase(pending);
    Q_EMIT pendingSeatsChanged();
    return Result<void>::success();
}

Result<void> ConsoleController::revokeSeat(const std::string& key)
{
    const Seat* seat = m_roster.find(key);
    if (!seat)
        return Result<void>::failure("no seat has this key");
    auto revoked = m_store->revokeSeat(key, {utcNowIso8601(), m_settings.actor, "revoke_seat", seat->name.toStdString(),
                                             "key " + key});
    if (!revoked)
        return Result<void>::failure(revoked.error());
    spdlog::info("seat {} revoked", seat->name.toStdString());
    m_bus.forgetSeat(key);
    m_roster.remove(key);
    return Result<void>::success();
}

Result<bus::EnrollmentCode> ConsoleController::openEnrollment(int seats, std::chrono::minutes validFor)
{
    using R = Result<bus::EnrollmentCode>;
    if (seats < 1 || seats > kMaxEnrollmentSeats)
        return R::failure("a code can admit from 1 to " + std::to_string(kMaxEnrollmentSeats) + " computers");
    if (validFor < std::chrono::minutes(1) || validFor > kMaxEnrollmentTime)
        return R::failure("a code can be valid from 1 to " + std::to_string(kMaxEnrollmentTime.count()) + " minutes");
    const bus::EnrollmentCode code = bus::EnrollmentCode::generate();
    const QDateTime expires = QDateTime::currentDateTimeUtc().addSecs(
        std::chrono::duration_cast<std::chrono::seconds>(validFor).count());
    const StoredEnrollmentCode stored{code.canonical, seats, expires.toString(Qt::ISODateWithMs).toStdString(),
                                      m_settings.actor};
    auto opened = openStoredEnrollment(stored);
    if (!opened)
        return R::failure(opened.error());
    auto saved = m_store->saveEnrollmentCode(
        stored, {utcNowIso8601(), m_settings.actor, "open_enrollment", "",
                 std::to_string(seats) + " computer(s) for " + std::to_string(validFor.count()) + " minute(s)"});
    if (!saved) {
        m_desk.close();
        return R::failure(saved.error());
    }
    m_dataVersion = m_store->dataVersion();
    return R::success(code);
}

Result<void> ConsoleController::openStoredEnrollment(const StoredEnrollmentCode& stored)
{
    const auto code = bus::EnrollmentCode::parse(stored.code);
    if (!code)
        return Result<void>::failure("the stored enrollment code is not valid");
    const QDateTime expires = QDateTime::fromString(QString::fromStdString(stored.expiresAt), Qt::ISODateWithMs);
    const std::string endpoint =
        m_settings.enrollEndpoint.empty() ? enrollmentEndpointFor(m_settings.listenEndpoint) : m_settings.enrollEndpoint;
    auto bound = m_desk.open(*code, endpoint, stored.seatsLeft, expires.toUTC());
    if (!bound)
        return Result<void>::failure(bound.error());
    m_enrollmentEndpoint = bound.value();
    Q_EMIT enrollmentChanged();
    return Result<void>::success();
}

void ConsoleController::closeEnrollment()
{
    m_desk.close(EnrollmentDesk::CloseReason::Withdrawn);
}

void ConsoleController::enrollmentClosed(EnrollmentDesk::CloseReason reason)
{
    if (auto cleared = m_store->clearEnrollmentCode(); !cleared)
        spdlog::warn("{}", cleared.error());
    m_dataVersion = m_store->dataVersion();
    m_enrollmentEndpoint.clear();
    m_enrollmentAddresses.clear();
    if (reason == EnrollmentDesk::CloseReason::TooManyWrongCodes) {
        (void)m_store->appendAudit({utcNowIso8601(), "console", "close_enrollment", "", "too many wrong codes"});
        Q_EMIT problem(tr("Too many wrong codes were typed, so the code was cancelled. Make a new code to add "
                          "computers."));
    }
    Q_EMIT enrollmentChanged();
}

protocol::EnrollReply ConsoleController::decideEnrollment(const std::string& key, const protocol::EnrollRequest& request)
{
    protocol::EnrollReply reply;
    if (const Seat* seat = m_roster.find(key)) {
        reply.status = protocol::EnrollStatus::AlreadyEnrolled;
        reply.seatName = seat->name.toStdString();
        return reply;
    }
    const QString hostName = QString::fromStdString(request.hostName);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    auto pending = findPending(key);
    if (pending == m_pending.end()) {
        const auto waiting = std::count_if(m_pending.begin(), m_pending.end(), [](const PendingSeat& p) { return p.withCode; });
        if (waiting >= static_cast<long>(kMaxPendingSeats)) {
            reply.status = protocol::EnrollStatus::TooManyWaiting;
            return reply;
        }
        const auto address = m_enrollmentAddresses.find(key);
        m_pending.push_back({key, address == m_enrollmentAddresses.end() ? QString() : QString::fromStdString(address->second),
                             hostName, now, now, 0, true});
        pending = m_pending.end() - 1;
    }
    pending->withCode = true;
    pending->hostName = hostName;
    pending->lastSeen = now;
    ++pending->attempts;
    auto saved = m_store->addPendingSeat({key, request.hostName, pending->address.toStdString(),
                                          pending->firstSeen.toString(Qt::ISODateWithMs).toStdString()});
    if (!saved)
        spdlog::warn("{}", saved.error());  // still shown; it would be forgotten by a restart
    m_dataVersion = m_store->dataVersion();
    reply.status = protocol::EnrollStatus::Accepted;
    // Cut on a character boundary: a split UTF-8 sequence would make the PC
    // reject the whole reply.
    reply.seatName = text::toWireText(hostName, protocol::limits::kMaxSeatNameBytes, text::Newlines::Drop);
    Q_EMIT pendingSeatsChanged();
    return reply;
}

void ConsoleController::syncWithStore()
{
    const std::int64_t version = m_store->dataVersion();
    if (version == m_dataVersion)
        return;
    m_dataVersion = version;
    spdlog::info("console.db was changed by another program; reloading seats and enrollment");
    reloadSeats();
    reloadPendingSeats();
    reloadEnrollmentCode();
}

void ConsoleController::reloadSeats()
{
    auto seats = m_store->loadSeats();
    if (!seats) {
        spdlog::error("{}", seats.error());
        return;
    }
    std::set<std::string> stored;
    for (const StoredSeat& entry : seats.value()) {
        stored.insert(entry.publicKey);
        if (Seat* seat = m_roster.find(entry.publicKey)) {
            const QString name = QString::fromStdString(entry.name);
            if (seat->name != name) {
                seat->name = name;
                m_roster.seatChanged(entry.publicKey);
            }
        } else {
            m_roster.add(seatFromStore(entry));
            std::erase_if(m_pending, [&](const PendingSeat& p) { return p.key == entry.publicKey; });
        }
    }
    for (const std::string& key : allSeatKeys()) {
        if (stored.count(key) == 0) {
            spdlog::info("seat {} was revoked by another program", m_roster.find(key)->name.toStdString());
            m_bus.forgetSeat(key);
            m_roster.remove(key);
        }
    }
}

void ConsoleController::reloadPendingSeats()
{
    auto stored = m_store->loadPendingSeats();
    if (!stored) {
        spdlog::error("{}", stored.error());
        return;
    }
    // Keys that merely knocked stay; the waiting list with codes is the file's.
    std::erase_if(m_pending, [](const PendingSeat& p) { return p.withCode; });
    for (const StoredPendingSeat& entry : stored.value()) {
        if (m_roster.contains(entry.publicKey))
            continue;
        std::erase_if(m_pending, [&](const PendingSeat& p) { return p.key == entry.publicKey; });
        const QDateTime at = QDateTime::fromString(QString::fromStdString(entry.requestedAt), Qt::ISODateWithMs);
        m_pending.push_back({entry.publicKey, QString::fromStdString(entry.address), QString::fromStdString(entry.hostName),
                             at, at, 1, true});
    }
    Q_EMIT pendingSeatsChanged();
}

void ConsoleController::reloadEnrollmentCode()
{
    auto stored = m_store->loadEnrollmentCode();
    if (!stored) {
        spdlog::error("{}", stored.error());
        return;
    }
    if (!stored.value()) {
        if (m_desk.isOpen())
            m_desk.close(EnrollmentDesk::CloseReason::Withdrawn);
        return;
    }
    const StoredEnrollmentCode& code = *stored.value();
    if (m_desk.isOpen() && m_desk.code()->canonical == code.code)
        return;
    if (auto opened = openStoredEnrollment(code); !opened) {
        spdlog::warn("cannot open enrollment with the stored code: {}", opened.error());
        if (auto cleared = m_store->clearEnrollmentCode(); !cleared)
            spdlog::warn("{}", cleared.error());
        m_dataVersion = m_store->dataVersion();
    }
}

void ConsoleController::rememberRefusedKey(const QString& domain, const QString& key, const QString& address)
{
    if (domain != QLatin1String("classroom"))
        return;
    const std::string keyText = key.toStdString();
    const QDateTime now = QDateTime::currentDateTimeUtc();
    auto pending = findPending(keyText);
    if (pending != m_pending.end()) {
        pending->lastSeen = now;
        pending->address = address;
        ++pending->attempts;
        return;  // no signal: the list a trainer sees did not change
    }
    // Strangers never push out a PC that came with a code.
    const auto strangers = std::count_if(m_pending.begin(), m_pending.end(), [](const PendingSeat& p) { return !p.withCode; });
    if (strangers >= static_cast<long>(kMaxPendingSeats)) {
        auto oldest = std::min_element(m_pending.begin(), m_pending.end(), [](const PendingSeat& a, const PendingSeat& b) {
            return std::make_pair(a.withCode, a.lastSeen) < std::make_pair(b.withCode, b.lastSeen);
        });
        m_pending.erase(oldest);
    }
    m_pending.push_back({keyText, address, QString(), now, now, 1, false});
    Q_EMIT pendingSeatsChanged();
}

std::vector<std::string> ConsoleController::allSeatKeys() const
{
    std::vector<std::string> keys;
    keys.reserve(m_roster.seats().size());
    for (const Seat& seat : m_roster.seats())
        keys.push_back(seat.key);
    return keys;
}

void ConsoleController::lockAll(const QString& message)
{
    lockSeats(allSeatKeys(), message);
}

void ConsoleController::unlockAll()
{
    unlockSeats(allSeatKeys());
}

void ConsoleController::lockSeats(const std::vector<std::string>& keys, const QString& message)
{
    changeSeats(keys, true, message);
}

void ConsoleController::unlockSeats(const std::vector<std::string>& keys)
{
    changeSeats(keys, false, QString());
}

void ConsoleController::changeSeats(const std::vector<std::string>& keys, bool locked, const QString& message)
{
    const std::string lockMessage = locked ? text::toWireText(message, protocol::limits::kMaxLockMessageBytes, text::Newlines::Keep)
                                            : std::string();
    updateSeats(keys, locked ? "lock" : "unlock", lockMessage, [&](protocol::SeatState& state) {
        state.locked = locked;
        state.lockMessage = lockMessage;
    });
}

void ConsoleController::sendState(Seat& seat)
{
    seat.lastSent = Clock::now();
    if (m_bus.send(seat.key, protocol::StateSnapshot{stateToSend(seat)}) == bus::ConsoleBus::SendStatus::NotConnected)
        spdlog::debug("seat {} has no connection right now; it gets its state when it reconnects",
                      seat.name.toStdString());
}

void ConsoleController::markHeard(Seat& seat)
{
    seat.lastHeard = Clock::now();
    seat.lastSeen = QDateTime::currentDateTimeUtc();
    if (!seat.online) {
        seat.online = true;
        seat.lost = false;
        spdlog::info("seat {} is online", seat.name.toStdString());
        // Whatever brought it back (new connection, or just a gap), it gets its
        // whole state now.
        sendState(seat);
        Q_EMIT seatOnlineChanged(QString::fromStdString(seat.key), true);
    }
}

void ConsoleController::handleMessage(const std::string& key, const protocol::Envelope& envelope)
{
    Seat* seat = m_roster.find(key);
    if (!seat) {
        // Enrolled at handshake time but since removed: ignore it.
        spdlog::warn("ignored a message from key {}, which is not an enrolled seat", key);
        return;
    }
    const bool wasOnline = seat->online;
    const auto* hello = protocol::bodyAs<protocol::Hello>(envelope);
    if (hello) {
        const QString hostName = QString::fromStdString(hello->hostName);
        if (hostName != seat->hostName) {
            seat->hostName = hostName;
            if (auto saved = m_store->saveHostName(key, hello->hostName); !saved)
                spdlog::warn("could not save the host name of seat {}: {}", seat->name.toStdString(), saved.error());
        }
        seat->agentVersion = QString::fromStdString(hello->agentVersion);
    }
    markHeard(*seat);  // sends the whole state if the seat was offline

    if (hello) {
        // A Hello starts a new connection: whatever the agent had may be stale.
        if (wasOnline)
            sendState(*seat);
    } else if (const auto* report = protocol::bodyAs<protocol::StateReport>(envelope)) {
        const bool wasConverged = seat->isConverged();
        seat->confirmed = report->applied;
        // Only a trainer action has a latency worth reporting.
        if (seat->isConverged() && !wasConverged && seat->requestedAt != SteadyTime{}) {
            const auto latency =
                std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - seat->requestedAt).count();
            Q_EMIT seatConfirmed(QString::fromStdString(key), seat->desired.locked, static_cast<qint64>(latency));
        }
    } else if (const auto* chunkRequest = protocol::bodyAs<protocol::ChunkRequest>(envelope)) {
        serveChunk(*seat, *chunkRequest, envelope.messageId);
        return;  // the seat's row does not change
    } else if (const auto* moduleRequest = protocol::bodyAs<protocol::ModuleRequest>(envelope)) {
        serveModuleRequest(*seat, *moduleRequest, envelope.messageId);
    } else if (const auto* progress = protocol::bodyAs<protocol::ModuleProgress>(envelope)) {
        recordProgress(*seat, *progress);
    } else if (const auto* view = protocol::bodyAs<protocol::PageView>(envelope)) {
        storePageView(*seat, *view);
    } else if (const auto* answer = protocol::bodyAs<protocol::Answer>(envelope)) {
        receiveAnswer(*seat, *answer);
        if (wasOnline)
            return;  // the row changes when the answer is stored
    } else if (const auto* error = protocol::bodyAs<protocol::Error>(envelope)) {
        spdlog::warn("seat {} reported an error {}: {}", seat->name.toStdString(), static_cast<int>(error->code),
                     error->text);
    }
    m_roster.seatChanged(key);
}

void ConsoleController::checkSeats()
{
    closeExpiredQuizzes();
    const auto now = Clock::now();
    std::vector<std::string> lost;
    for (const Seat& constSeat : m_roster.seats()) {
        Seat& seat = *m_roster.find(constSeat.key);
        if (!seat.online)
            continue;
        if (now - seat.lastHeard > m_settings.offlineAfter) {
            seat.online = false;
            seat.lost = true;
            m_bus.forgetSeat(seat.key);
            spdlog::warn("seat {} lost: its agent was silent for {} ms", seat.name.toStdString(),
                         m_settings.offlineAfter.count());
            lost.push_back(seat.name.toStdString());
            m_roster.seatChanged(seat.key);
            Q_EMIT seatOnlineChanged(QString::fromStdString(seat.key), false);
        } else if (!seat.isConverged() && now - seat.lastSent > m_settings.resendAfter) {
            sendState(seat);
        }
    }
    if (lost.empty())
        return;
    // In the audit log too, one entry for all seats lost at once (a whole room
    // drops when a switch fails): an agent closed by a learner leaves a trace
    // the trainer or IT can find after the session.
    std::string names;
    for (const std::string& name : lost)
        names += (names.empty() ? "" : ",") + name;
    if (auto saved = m_store->appendAudit({utcNowIso8601(), "console", "seat_lost", names,
                                           "silent for " + std::to_string(m_settings.offlineAfter.count()) + " ms"});
        !saved)
        spdlog::error("cannot write the audit log: {}", saved.error());
}

Result<std::vector<std::pair<std::string, std::string>>> parseEnrolledSeats(const std::string& text,
                                                                           const std::string& source)
{
    using R = Result<std::vector<std::pair<std::string, std::string>>>;
    std::vector<std::pair<std::string, std::string>> entries;
    std::istringstream in(text);
    std::string line;
    int number = 0;
    while (std::getline(in, line)) {
        ++number;
        std::istringstream fields(line);
        std::string key;
        // No Z85 key starts with '#' (see CurveKeys.cpp), so '#' always starts a comment.
        if (!(fields >> key) || key[0] == '#')
            continue;
        if (!bus::isValidZ85Key(key))
            return R::failure(source + ":" + std::to_string(number) + ": '" + key.substr(0, 60) +
                              "' is not a valid public key (expected 40 Z85 characters)");
        std::string name;
        std::getline(fields >> std::ws, name);
        while (!name.empty() && (name.back() == '\r' || name.back() == ' '))
            name.pop_back();
        entries.emplace_back(key, name);
    }
    return R::success(std::move(entries));
}

}  // namespace classroom::console
