#include "teacher-console/ui/MainWindow.h"

#include "protocol/Limits.h"

#include <QBrush>
#include <QColor>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QIdentityProxyModel>
#include <QInputDialog>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QStatusBar>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace classroom::console {
namespace {

// Colours the roster for the eye: offline seats grey, screens still on their
// way to the trainer's choice orange, locked screens marked.
class RosterColours : public QIdentityProxyModel {
public:
    using QIdentityProxyModel::QIdentityProxyModel;
    QVariant data(const QModelIndex& index, int role) const override
    {
        if (role == Qt::ForegroundRole) {
            if (!index.data(SeatRoster::OnlineRole).toBool())
                return QBrush(QColor(0x80, 0x80, 0x80));
            if (index.column() == SeatRoster::ScreenColumn && !index.data(SeatRoster::ConvergedRole).toBool())
                return QBrush(QColor(0xb0, 0x5a, 0x00));
            if (index.column() == SeatRoster::ConnectionColumn)
                return QBrush(QColor(0x1b, 0x7a, 0x2e));
        }
        if (role == Qt::FontRole && index.column() == SeatRoster::ScreenColumn &&
            index.data(SeatRoster::LockedRole).toBool()) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        return QIdentityProxyModel::data(index, role);
    }
};

}  // namespace

MainWindow::MainWindow(ConsoleController& controller, QWidget* parent)
    : QMainWindow(parent), m_controller(controller)
{
    setWindowTitle(tr("Classroom console"));
    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);

    m_summary = new QLabel(central);
    QFont summaryFont = m_summary->font();
    summaryFont.setPointSizeF(summaryFont.pointSizeF() * 1.4);
    m_summary->setFont(summaryFont);
    layout->addWidget(m_summary);

    auto* messageRow = new QHBoxLayout;
    auto* messageLabel = new QLabel(tr("Message on locked screens:"), central);
    m_message = new QLineEdit(central);
    m_message->setPlaceholderText(tr("For example: Eyes on the trainer, please"));
    m_message->setMaxLength(static_cast<int>(protocol::limits::kMaxLockMessageBytes / 4));
    m_message->setClearButtonEnabled(true);
    messageLabel->setBuddy(m_message);
    messageRow->addWidget(messageLabel);
    messageRow->addWidget(m_message, 1);
    layout->addLayout(messageRow);

    auto* buttons = new QHBoxLayout;
    m_lockAll = new QPushButton(tr("Lock all"), central);
    m_unlockAll = new QPushButton(tr("Unlock all"), central);
    m_lockSelected = new QPushButton(tr("Lock selected"), central);
    m_unlockSelected = new QPushButton(tr("Unlock selected"), central);
    for (QPushButton* button : {m_lockAll, m_unlockAll, m_lockSelected, m_unlockSelected}) {
        button->setMinimumHeight(40);
        buttons->addWidget(button);
    }
    buttons->addStretch(1);
    layout->addLayout(buttons);

    auto* proxy = new RosterColours(this);
    proxy->setSourceModel(&controller.roster());
    m_table = new QTableView(central);
    m_table->setModel(proxy);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(SeatRoster::ScreenColumn, QHeaderView::Stretch);
    layout->addWidget(m_table, 1);

    m_pendingBox = new QGroupBox(tr("Computers waiting to join this class"), central);
    auto* pendingLayout = new QHBoxLayout(m_pendingBox);
    m_pendingList = new QListWidget(m_pendingBox);
    m_pendingList->setMaximumHeight(90);
    m_approve = new QPushButton(tr("Let this computer join…"), m_pendingBox);
    pendingLayout->addWidget(m_pendingList, 1);
    pendingLayout->addWidget(m_approve);
    layout->addWidget(m_pendingBox);

    setCentralWidget(central);
    resize(900, 560);

    connect(m_lockAll, &QPushButton::clicked, this, [this] { m_controller.lockAll(m_message->text()); });
    connect(m_unlockAll, &QPushButton::clicked, this, [this] { m_controller.unlockAll(); });
    connect(m_lockSelected, &QPushButton::clicked, this,
            [this] { m_controller.lockSeats(selectedSeatKeys(), m_message->text()); });
    connect(m_unlockSelected, &QPushButton::clicked, this, [this] { m_controller.unlockSeats(selectedSeatKeys()); });
    connect(m_approve, &QPushButton::clicked, this, &MainWindow::approveSelectedPending);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &MainWindow::updateSelectionButtons);

    SeatRoster& roster = controller.roster();
    connect(&roster, &QAbstractItemModel::dataChanged, this, &MainWindow::updateSummary);
    connect(&roster, &QAbstractItemModel::rowsInserted, this, &MainWindow::updateSummary);
    connect(&controller, &ConsoleController::pendingSeatsChanged, this, &MainWindow::updatePending);
    connect(&controller, &ConsoleController::problem, this,
            [this](const QString& message) { statusBar()->showMessage(message, 15000); });

    updateSummary();
    updatePending();
    updateSelectionButtons();
}

std::vector<std::string> MainWindow::selectedSeatKeys() const
{
    std::vector<std::string> keys;
    for (const QModelIndex& row : m_table->selectionModel()->selectedRows())
        keys.push_back(row.data(SeatRoster::SeatKeyRole).toString().toStdString());
    return keys;
}

void MainWindow::updateSummary()
{
    const SeatRoster& roster = m_controller.roster();
    const int total = static_cast<int>(roster.seats().size());
    if (total == 0) {
        m_summary->setText(tr("No computers have joined this class yet."));
        return;
    }
    int converging = 0;
    for (const Seat& seat : roster.seats())
        converging += seat.online && !seat.isConverged() ? 1 : 0;
    QString text = tr("%1 of %2 computers online · %3 locked").arg(roster.onlineCount()).arg(total).arg(roster.lockedConfirmedCount());
    if (converging > 0)
        text += tr(" · %1 still changing").arg(converging);
    m_summary->setText(text);
}

void MainWindow::updatePending()
{
    m_pendingList->clear();
    for (const PendingSeat& pending : m_controller.pendingSeats()) {
        auto* item = new QListWidgetItem(tr("Computer at %1 (key %2…)")
                                             .arg(pending.address, QString::fromStdString(pending.key.substr(0, 12))),
                                         m_pendingList);
        item->setData(Qt::UserRole, QString::fromStdString(pending.key));
    }
    m_pendingBox->setVisible(m_pendingList->count() > 0);
    if (m_pendingList->count() > 0 && !m_pendingList->currentItem())
        m_pendingList->setCurrentRow(0);
}

void MainWindow::updateSelectionButtons()
{
    const bool any = m_table->selectionModel()->hasSelection();
    m_lockSelected->setEnabled(any);
    m_unlockSelected->setEnabled(any);
}

void MainWindow::approveSelectedPending()
{
    QListWidgetItem* item = m_pendingList->currentItem();
    if (!item)
        return;
    bool accepted = false;
    const QString name = QInputDialog::getText(this, tr("Let a computer join"),
                                               tr("Name for this seat (for example: PC 12):"), QLineEdit::Normal,
                                               QString(), &accepted);
    if (!accepted)
        return;
    auto approved = m_controller.approvePendingSeat(item->data(Qt::UserRole).toString().toStdString(), name);
    if (!approved)
        statusBar()->showMessage(tr("Could not add the computer: %1").arg(QString::fromStdString(approved.error())), 15000);
}

}  // namespace classroom::console
