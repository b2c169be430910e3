#include "teacher-console/ui/MainWindow.h"

#include "teacher-console/ui/LearnersDialog.h"
#include "teacher-console/ui/ModulePanel.h"
#include "teacher-console/ui/QuizPanel.h"

#include "common/bus/EnrollmentCode.h"
#include "protocol/Limits.h"

#include <QBrush>
#include <QColor>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
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
#include <QSpinBox>
#include <QSplitter>
#include <QStatusBar>
#include <QSysInfo>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <algorithm>

namespace classroom::console {
namespace {

const QColor kProblemRed(0xb0, 0x00, 0x20);
const QColor kFineGreen(0x1b, 0x7a, 0x2e);
const QColor kOfflineGrey(0x80, 0x80, 0x80);
const QColor kChangingOrange(0xb0, 0x5a, 0x00);

// Colours the roster for the eye: offline seats grey, a lost agent or a
// module that failed red (the trainer should look at that PC), screens still
// on their way to the trainer's choice orange, a module ready green, locked
// screens marked.
class RosterColours : public QIdentityProxyModel {
public:
    using QIdentityProxyModel::QIdentityProxyModel;
    QVariant data(const QModelIndex& index, int role) const override
    {
        if (role == Qt::ForegroundRole) {
            if (index.column() == SeatRoster::ConnectionColumn && index.data(SeatRoster::LostRole).toBool())
                return QBrush(kProblemRed);
            if (!index.data(SeatRoster::OnlineRole).toBool())
                return QBrush(kOfflineGrey);
            if (index.column() == SeatRoster::ScreenColumn && !index.data(SeatRoster::ConvergedRole).toBool())
                return QBrush(kChangingOrange);
            if (index.column() == SeatRoster::ConnectionColumn)
                return QBrush(kFineGreen);
            if (index.column() == SeatRoster::ModuleColumn) {
                if (index.data(SeatRoster::ModuleReadyRole).toBool())
                    return QBrush(kFineGreen);
                if (index.data(SeatRoster::ModuleFailedRole).toBool())
                    return QBrush(kProblemRed);
            }
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

// What IT staff type after --console on a new PC: this PC's first IPv4
// address on a real network (names often do not resolve on a closed LAN),
// else its host name; with the port when it is not the usual one.
QString consoleAddressForEnrollment(const std::string& listenEndpoint)
{
    const QString endpoint = QString::fromStdString(listenEndpoint);
    // A console bound to one address: that is the one PCs must use.
    QString host = endpoint.section(QLatin1Char('/'), 2).section(QLatin1Char(':'), 0, -2);
    const bool wildcard = host.isEmpty() || host == QLatin1String("*") || host == QLatin1String("0.0.0.0") ||
                          host == QLatin1String("[::]");
    if (!wildcard)
        return endpoint.section(QLatin1Char('/'), 2).endsWith(QLatin1Char(':') + QString::number(kDefaultPort))
                   ? host
                   : endpoint.section(QLatin1Char('/'), 2);
    host = QSysInfo::machineHostName();
    ifaddrs* addresses = nullptr;
    if (::getifaddrs(&addresses) == 0) {
        for (const ifaddrs* entry = addresses; entry != nullptr; entry = entry->ifa_next) {
            if (entry->ifa_addr == nullptr || entry->ifa_addr->sa_family != AF_INET ||
                (entry->ifa_flags & IFF_UP) == 0 || (entry->ifa_flags & IFF_LOOPBACK) != 0)
                continue;
            const auto* address = reinterpret_cast<const sockaddr_in*>(entry->ifa_addr);
            const std::uint32_t ip = ntohl(address->sin_addr.s_addr);
            if ((ip >> 24) == 127 || (ip >> 16) == 0xa9fe)  // loopback, link-local 169.254/16
                continue;
            char text[INET_ADDRSTRLEN] = {};
            if (::inet_ntop(AF_INET, &address->sin_addr, text, sizeof text) != nullptr) {
                host = QString::fromLatin1(text);
                break;
            }
        }
        ::freeifaddrs(addresses);
    }
    bool number = false;
    const int port = endpoint.section(QLatin1Char(':'), -1).toInt(&number);
    if (number && port != kDefaultPort)
        host += QLatin1Char(':') + QString::number(port);
    return host;
}

}  // namespace

MainWindow::MainWindow(ConsoleController& controller, QWidget* parent)
    : QMainWindow(parent), m_controller(controller)
{
    setWindowTitle(tr("Classroom console"));
    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);

    m_summary = new QLabel(central);
    m_summary->setObjectName(QStringLiteral("SummaryLabel"));
    QFont summaryFont = m_summary->font();
    summaryFont.setPointSizeF(summaryFont.pointSizeF() * 1.4);
    m_summary->setFont(summaryFont);
    layout->addWidget(m_summary);

    auto* messageRow = new QHBoxLayout;
    auto* messageLabel = new QLabel(tr("Message on locked screens:"), central);
    m_message = new QLineEdit(central);
    m_message->setObjectName(QStringLiteral("LockMessageField"));
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
    m_lockAll->setObjectName(QStringLiteral("LockAllButton"));
    m_unlockAll->setObjectName(QStringLiteral("UnlockAllButton"));
    m_lockSelected->setObjectName(QStringLiteral("LockSelectedButton"));
    m_unlockSelected->setObjectName(QStringLiteral("UnlockSelectedButton"));
    for (QPushButton* button : {m_lockAll, m_unlockAll, m_lockSelected, m_unlockSelected}) {
        button->setMinimumHeight(40);
        buttons->addWidget(button);
    }
    buttons->addStretch(1);
    m_learners = new QPushButton(tr("Learners…"), central);
    m_learners->setObjectName(QStringLiteral("LearnersButton"));
    m_learners->setMinimumHeight(40);
    m_learners->setToolTip(tr("Give each seat a learner code, so answers are filed without names."));
    buttons->addWidget(m_learners);
    m_addComputers = new QPushButton(tr("Add computers…"), central);
    m_addComputers->setObjectName(QStringLiteral("AddComputersButton"));
    m_addComputers->setMinimumHeight(40);
    m_addComputers->setToolTip(tr("Show a code that IT staff type on new classroom computers so they can join this class."));
    buttons->addWidget(m_addComputers);
    layout->addLayout(buttons);

    // While computers are being added: the code, big enough to read across
    // the room, and where to point them.
    m_enrollmentBox = new QGroupBox(tr("Adding computers"), central);
    auto* enrollmentLayout = new QHBoxLayout(m_enrollmentBox);
    m_enrollmentCode = new QLabel(m_enrollmentBox);
    QFont codeFont = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    codeFont.setPointSizeF(m_summary->font().pointSizeF() * 1.6);
    codeFont.setBold(true);
    m_enrollmentCode->setFont(codeFont);
    m_enrollmentCode->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_enrollmentDetails = new QLabel(m_enrollmentBox);
    m_enrollmentDetails->setWordWrap(true);
    m_enrollmentDetails->setTextFormat(Qt::RichText);
    m_enrollmentDetails->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_stopAdding = new QPushButton(tr("Stop adding computers"), m_enrollmentBox);
    enrollmentLayout->addWidget(m_enrollmentCode);
    enrollmentLayout->addWidget(m_enrollmentDetails, 1);
    enrollmentLayout->addWidget(m_stopAdding);
    layout->addWidget(m_enrollmentBox);
    m_enrollmentClock = new QTimer(this);
    m_enrollmentClock->setInterval(10000);  // the minutes left, without a timer per second

    auto* proxy = new RosterColours(this);
    proxy->setSourceModel(&controller.roster());
    // The seats with the questions under them on the left, the course modules
    // on the right; the trainer may move the lines between them.
    auto* splitter = new QSplitter(Qt::Horizontal, central);
    splitter->setObjectName(QStringLiteral("SeatsAndModules"));
    splitter->setChildrenCollapsible(false);
    auto* seatsAndQuestions = new QSplitter(Qt::Vertical, splitter);
    seatsAndQuestions->setObjectName(QStringLiteral("SeatsAndQuestions"));
    seatsAndQuestions->setChildrenCollapsible(false);
    m_table = new QTableView(seatsAndQuestions);
    m_table->setObjectName(QStringLiteral("SeatTable"));
    m_table->setModel(proxy);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->hide();
    // Every column as wide as its words; the Module column takes the rest, and
    // a long "Failed: …" ends in "…" with the whole reason in its tooltip.
    m_table->setWordWrap(false);
    m_table->setTextElideMode(Qt::ElideRight);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(SeatRoster::ModuleColumn, QHeaderView::Stretch);
    m_table->horizontalHeader()->setMinimumSectionSize(60);
    m_modules = new ModulePanel(controller, m_table->selectionModel(), splitter);
    m_modules->setObjectName(QStringLiteral("ModulePanel"));
    m_modules->setMinimumWidth(300);
    m_quiz = new QuizPanel(controller, m_table->selectionModel(), seatsAndQuestions);
    m_quiz->setObjectName(QStringLiteral("QuizPanel"));
    seatsAndQuestions->addWidget(m_table);
    seatsAndQuestions->addWidget(m_quiz);
    seatsAndQuestions->setStretchFactor(0, 1);
    seatsAndQuestions->setStretchFactor(1, 0);
    splitter->addWidget(seatsAndQuestions);
    splitter->addWidget(m_modules);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 0);
    splitter->setSizes({880, 360});
    layout->addWidget(splitter, 1);

    m_pendingBox = new QGroupBox(tr("Computers waiting to join this class"), central);
    auto* pendingLayout = new QHBoxLayout(m_pendingBox);
    m_pendingList = new QListWidget(m_pendingBox);
    m_pendingList->setMaximumHeight(90);
    m_approve = new QPushButton(tr("Let this computer join…"), m_pendingBox);
    pendingLayout->addWidget(m_pendingList, 1);
    pendingLayout->addWidget(m_approve);
    layout->addWidget(m_pendingBox);

    setCentralWidget(central);
    resize(1200, 720);

    connect(m_lockAll, &QPushButton::clicked, this, [this] { m_controller.lockAll(m_message->text()); });
    connect(m_unlockAll, &QPushButton::clicked, this, [this] { m_controller.unlockAll(); });
    connect(m_lockSelected, &QPushButton::clicked, this,
            [this] { m_controller.lockSeats(selectedSeatKeys(), m_message->text()); });
    connect(m_unlockSelected, &QPushButton::clicked, this, [this] { m_controller.unlockSeats(selectedSeatKeys()); });
    connect(m_approve, &QPushButton::clicked, this, &MainWindow::approveSelectedPending);
    connect(m_addComputers, &QPushButton::clicked, this, &MainWindow::askToAddComputers);
    connect(m_learners, &QPushButton::clicked, this, &MainWindow::openLearners);
    connect(m_stopAdding, &QPushButton::clicked, this, [this] { m_controller.closeEnrollment(); });
    connect(m_enrollmentClock, &QTimer::timeout, this, &MainWindow::updateEnrollment);
    connect(&controller, &ConsoleController::enrollmentChanged, this, &MainWindow::updateEnrollment);
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
    updateEnrollment();
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
        // A PC that came with the code says its name; one without a code is a
        // stranger knocking, which the trainer should see as such.
        const QString key = QString::fromStdString(pending.key.substr(0, 12));
        auto* item = new QListWidgetItem(
            pending.withCode ? tr("%1 at %2 (key %3…)").arg(pending.hostName, pending.address, key)
                             : tr("Unknown computer at %1 without the code (key %2…)").arg(pending.address, key),
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

LearnersDialog* MainWindow::learnersDialog() const
{
    return m_learnersDialog;
}

LearnersDialog* MainWindow::openLearners()
{
    // Not exec(): the seat table goes on changing while the trainer types codes.
    if (!m_learnersDialog) {
        m_learnersDialog = new LearnersDialog(m_controller, this);
        m_learnersDialog->setAttribute(Qt::WA_DeleteOnClose);
    }
    m_learnersDialog->show();
    m_learnersDialog->raise();
    m_learnersDialog->activateWindow();
    return m_learnersDialog;
}

void MainWindow::askToAddComputers()
{
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Add computers"));
    auto* form = new QFormLayout(&dialog);
    auto* explanation = new QLabel(tr("The console shows a code. On each new computer, IT staff type this code "
                                      "(with 'classroom-admin enroll'). Each computer then waits here until you "
                                      "let it join."),
                                   &dialog);
    explanation->setWordWrap(true);
    form->addRow(explanation);
    auto* seats = new QSpinBox(&dialog);
    seats->setRange(1, 500);
    seats->setValue(30);
    form->addRow(tr("How many computers:"), seats);
    auto* minutes = new QSpinBox(&dialog);
    minutes->setRange(1, 24 * 60);
    minutes->setValue(15);
    minutes->setSuffix(tr(" minutes"));
    form->addRow(tr("The code works for:"), minutes);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Show the code"));
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    if (dialog.exec() == QDialog::Accepted)
        startAddingComputers(seats->value(), minutes->value());
}

void MainWindow::startAddingComputers(int seats, int minutes)
{
    auto opened = m_controller.openEnrollment(seats, std::chrono::minutes(minutes));
    if (!opened)
        statusBar()->showMessage(tr("Could not start adding computers: %1").arg(QString::fromStdString(opened.error())),
                                 15000);
    updateEnrollment();
}

void MainWindow::updateEnrollment()
{
    const EnrollmentDesk& desk = m_controller.enrollment();
    const bool open = desk.isOpen() && desk.code();
    m_enrollmentBox->setVisible(open);
    m_addComputers->setEnabled(!open);
    if (!open) {
        m_enrollmentClock->stop();
        return;
    }
    m_enrollmentCode->setText(QString::fromStdString(desk.code()->display()));
    const qint64 secondsLeft = std::max<qint64>(0, QDateTime::currentDateTimeUtc().secsTo(desk.expiresAt()));
    const QString host = consoleAddressForEnrollment(m_controller.listenEndpoint());
    m_enrollmentDetails->setText(
        tr("On each new computer, IT staff type:<br><tt>classroom-admin enroll --console %1 --code %2</tt><br>"
           "%n more computer(s) may join. The code stops working in %3 minute(s). "
           "This console's key fingerprint: %4",
           nullptr, desk.seatsLeft())
            .arg(host.toHtmlEscaped(), QString::fromStdString(desk.code()->display()))
            .arg((secondsLeft + 59) / 60)
            .arg(QString::fromStdString(bus::keyFingerprint(m_controller.publicKey()))));
    if (!m_enrollmentClock->isActive())
        m_enrollmentClock->start();
}

}  // namespace classroom::console
