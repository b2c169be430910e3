#pragma once

#include "protocol/Messages.h"

#include <QAbstractTableModel>
#include <QDateTime>

#include <chrono>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace classroom::console {

using SteadyTime = std::chrono::steady_clock::time_point;

// How receiving the seat's module goes, as the seat last reported it.
struct ModuleTransfer {
    std::string moduleId;
    protocol::ModuleStatus status = protocol::ModuleStatus::Transferring;
    std::uint64_t doneBytes = 0;
    std::uint64_t totalBytes = 0;
    QString reason;  // for Failed, in the seat's words
};

// One classroom PC as the console knows it. Its identity is its CURVE public
// key; everything the agent says about itself (host name, version) is shown
// for information only.
struct Seat {
    std::string key;
    QString name;
    QString hostName;
    QString agentVersion;
    bool online = false;
    // Went silent while connected (agent killed, PC switched off or cut from
    // the network) since this console started: the trainer sees "Agent lost".
    bool lost = false;
    QDateTime lastSeen;
    protocol::SeatState desired;                   // what the trainer asked for
    std::optional<protocol::SeatState> confirmed;  // what the agent last reported applied
    std::optional<ModuleTransfer> transfer;         // about desired.moduleId only
    int modulePageCount = 0;                        // pages of desired.moduleId
    QString learner;   // the learner code the trainer assigned in this session; empty for none
    QString quizText;  // about desired.quiz: "Answered", "Not answered yet", "3 of 8 answered"

    SteadyTime lastHeard{};    // last message of any kind
    SteadyTime requestedAt{};  // when `desired` last changed
    SteadyTime lastSent{};     // when `desired` was last sent

    // The seat applied the trainer's latest instruction. Module readiness is
    // `transfer`; the page a seat shows may differ in free browsing.
    bool isConverged() const
    {
        return confirmed && confirmed->revision == desired.revision && confirmed->locked == desired.locked &&
               confirmed->lockMessage == desired.lockMessage;
    }
    // The seat shows its module (received and opened).
    bool showsModule() const
    {
        return !desired.moduleId.empty() && confirmed && confirmed->moduleId == desired.moduleId;
    }
};

// The seats of the classroom as a table: one row per enrolled seat. The
// controller is the only writer; views and the headless console read it.
class SeatRoster : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        NameColumn,
        LearnerColumn,
        ComputerColumn,
        ConnectionColumn,
        ScreenColumn,
        ModuleColumn,
        PageColumn,
        QuizColumn,
        LastSeenColumn,
        VersionColumn,
        ColumnCount
    };
    enum Role { SeatKeyRole = Qt::UserRole + 1, OnlineRole, LockedRole, ConvergedRole, LostRole, ModuleReadyRole, ModuleFailedRole };

    explicit SeatRoster(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    const std::vector<Seat>& seats() const { return m_seats; }
    const Seat* find(const std::string& key) const;
    Seat* find(const std::string& key);
    bool contains(const std::string& key) const { return m_rowByKey.count(key) != 0; }

    void add(Seat seat);
    void remove(const std::string& key);
    // Tells views that a seat's row changed (call after editing it through find()).
    void seatChanged(const std::string& key);

    int onlineCount() const;
    int lockedConfirmedCount() const;

    // Words a trainer understands for what a seat's screen is doing.
    QString screenText(const Seat& seat) const;
    QString moduleText(const Seat& seat) const;
    QString pageText(const Seat& seat) const;

private:
    std::vector<Seat> m_seats;
    std::unordered_map<std::string, int> m_rowByKey;
};

}  // namespace classroom::console
