#include "teacher-console/core/SeatRoster.h"

namespace classroom::console {

SeatRoster::SeatRoster(QObject* parent) : QAbstractTableModel(parent) {}

int SeatRoster::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_seats.size());
}

int SeatRoster::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString SeatRoster::screenText(const Seat& seat) const
{
    if (seat.isConverged())
        return seat.desired.locked ? tr("Locked") : tr("Unlocked");
    if (!seat.online)
        return seat.desired.locked ? tr("Will lock when it connects") : tr("Will unlock when it connects");
    return seat.desired.locked ? tr("Locking…") : tr("Unlocking…");
}

QString SeatRoster::moduleText(const Seat& seat) const
{
    if (seat.desired.moduleId.empty())
        return {};
    if (seat.showsModule())
        return tr("Ready");
    if (seat.transfer && seat.transfer->moduleId == seat.desired.moduleId) {
        const ModuleTransfer& transfer = *seat.transfer;
        switch (transfer.status) {
        case protocol::ModuleStatus::Transferring:
            if (transfer.totalBytes == 0)
                return tr("Receiving…");
            return tr("Receiving %1 %").arg(static_cast<int>(100 * transfer.doneBytes / transfer.totalBytes));
        case protocol::ModuleStatus::Ready: return tr("Opening…");
        case protocol::ModuleStatus::Failed: return tr("Failed: %1").arg(transfer.reason);
        }
    }
    return seat.online ? tr("Waiting…") : tr("Gets it when it connects");
}

QString SeatRoster::pageText(const Seat& seat) const
{
    if (!seat.showsModule())
        return {};
    const int page = static_cast<int>(seat.confirmed->page) + 1;
    if (seat.modulePageCount > 0)
        return tr("Page %1 of %2").arg(page).arg(seat.modulePageCount);
    return tr("Page %1").arg(page);
}

QVariant SeatRoster::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount() || index.column() >= ColumnCount)
        return {};
    const Seat& seat = m_seats[static_cast<std::size_t>(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case NameColumn: return seat.name;
        case LearnerColumn: return seat.learner.isEmpty() ? tr("not assigned") : seat.learner;
        case ComputerColumn: return seat.hostName.isEmpty() ? tr("not seen yet") : seat.hostName;
        case ConnectionColumn: return seat.online ? tr("Online") : seat.lost ? tr("Agent lost") : tr("Offline");
        case ScreenColumn: return screenText(seat);
        case ModuleColumn: return moduleText(seat);
        case PageColumn: return pageText(seat);
        case QuizColumn: return seat.quizText;
        case LastSeenColumn:
            return seat.lastSeen.isValid() ? seat.lastSeen.toLocalTime().toString(QStringLiteral("HH:mm:ss")) : tr("never");
        case VersionColumn: return seat.agentVersion;
        }
        return {};
    case Qt::ToolTipRole:
        if (seat.lost && index.column() == ConnectionColumn)
            return tr("The classroom program on this computer stopped answering at %1. Someone may have closed it, "
                      "or the computer was switched off or unplugged. It comes back by itself when it restarts.")
                .arg(seat.lastSeen.toLocalTime().toString(QStringLiteral("HH:mm:ss")));
        if (index.column() == ModuleColumn && seat.transfer && seat.transfer->status == protocol::ModuleStatus::Failed)
            return seat.transfer->reason;
        return tr("Seat key: %1").arg(QString::fromStdString(seat.key));
    case SeatKeyRole: return QString::fromStdString(seat.key);
    case OnlineRole: return seat.online;
    case LockedRole: return seat.desired.locked;
    case ConvergedRole: return seat.isConverged();
    case LostRole: return seat.lost;
    case ModuleReadyRole: return seat.showsModule();
    case ModuleFailedRole:
        return !seat.showsModule() && seat.transfer && seat.transfer->moduleId == seat.desired.moduleId &&
               seat.transfer->status == protocol::ModuleStatus::Failed;
    }
    return {};
}

QVariant SeatRoster::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn: return tr("Seat");
    case LearnerColumn: return tr("Learner");
    case ComputerColumn: return tr("Computer");
    case ConnectionColumn: return tr("Connection");
    case ScreenColumn: return tr("Screen");
    case ModuleColumn: return tr("Module");
    case PageColumn: return tr("Page");
    case QuizColumn: return tr("Answer");
    case LastSeenColumn: return tr("Last seen");
    case VersionColumn: return tr("Agent version");
    }
    return {};
}

const Seat* SeatRoster::find(const std::string& key) const
{
    const auto row = m_rowByKey.find(key);
    return row == m_rowByKey.end() ? nullptr : &m_seats[static_cast<std::size_t>(row->second)];
}

Seat* SeatRoster::find(const std::string& key)
{
    const auto row = m_rowByKey.find(key);
    return row == m_rowByKey.end() ? nullptr : &m_seats[static_cast<std::size_t>(row->second)];
}

void SeatRoster::add(Seat seat)
{
    if (contains(seat.key))
        return;
    const int row = rowCount();
    beginInsertRows({}, row, row);
    m_rowByKey.emplace(seat.key, row);
    m_seats.push_back(std::move(seat));
    endInsertRows();
}

void SeatRoster::remove(const std::string& key)
{
    const auto found = m_rowByKey.find(key);
    if (found == m_rowByKey.end())
        return;
    const int row = found->second;
    beginRemoveRows({}, row, row);
    m_seats.erase(m_seats.begin() + row);
    m_rowByKey.clear();
    for (int i = 0; i < static_cast<int>(m_seats.size()); ++i)
        m_rowByKey.emplace(m_seats[static_cast<std::size_t>(i)].key, i);
    endRemoveRows();
}

void SeatRoster::seatChanged(const std::string& key)
{
    const auto row = m_rowByKey.find(key);
    if (row != m_rowByKey.end())
        Q_EMIT dataChanged(index(row->second, 0), index(row->second, ColumnCount - 1));
}

int SeatRoster::onlineCount() const
{
    int count = 0;
    for (const Seat& seat : m_seats)
        count += seat.online ? 1 : 0;
    return count;
}

int SeatRoster::lockedConfirmedCount() const
{
    int count = 0;
    for (const Seat& seat : m_seats)
        count += seat.isConverged() && seat.desired.locked ? 1 : 0;
    return count;
}

}  // namespace classroom::console
