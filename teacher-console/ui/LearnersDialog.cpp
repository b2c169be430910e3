#include "teacher-console/ui/LearnersDialog.h"

#include "teacher-console/core/LearnerRoster.h"
#include "teacher-console/ui/ResultsDialog.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalBlocker>
#include <QStyledItemDelegate>
#include <QTableWidget>
#include <QVBoxLayout>

namespace classroom::console {
namespace {

const QColor kProblemRed(0xb0, 0x00, 0x20);
const QColor kFineGreen(0x1b, 0x7a, 0x2e);
constexpr int kSeatKeyRole = Qt::UserRole + 1;

// A code cell takes no more than a code can hold.
class CodeDelegate : public QStyledItemDelegate {
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    QWidget* createEditor(QWidget* parent, const QStyleOptionViewItem& option, const QModelIndex& index) const override
    {
        QWidget* editor = QStyledItemDelegate::createEditor(parent, option, index);
        if (auto* line = qobject_cast<QLineEdit*>(editor)) {
            line->setMaxLength(kMaxLearnerCodeLength);
            line->setObjectName(QStringLiteral("LearnerCodeEditor"));
        }
        return editor;
    }
};

QString sentence(const std::string& reason)
{
    QString text = QString::fromStdString(reason).trimmed();
    if (!text.isEmpty())
        text[0] = text[0].toUpper();
    if (!text.isEmpty() && !text.endsWith(QLatin1Char('.')))
        text += QLatin1Char('.');
    return text;
}

void setColour(QWidget* widget, const QColor& colour)
{
    QPalette palette = widget->palette();
    palette.setColor(QPalette::WindowText, colour);
    widget->setPalette(palette);
}

}  // namespace

LearnersDialog::LearnersDialog(ConsoleController& controller, QWidget* parent)
    : QDialog(parent), m_controller(controller)
{
    setObjectName(QStringLiteral("LearnersDialog"));
    setWindowTitle(tr("Learners"));
    auto* layout = new QVBoxLayout(this);

    auto* explanation = new QLabel(tr("A learner code identifies a learner's answers without a name. Type one per "
                                      "seat, or import a list with two columns: seat, code."),
                                   this);
    explanation->setWordWrap(true);
    layout->addWidget(explanation);
    m_session = new QLabel(this);
    m_session->setObjectName(QStringLiteral("LearnersSessionLabel"));
    m_session->setWordWrap(true);
    layout->addWidget(m_session);

    m_table = new QTableWidget(0, ColumnCount, this);
    m_table->setObjectName(QStringLiteral("LearnerTable"));
    m_table->setHorizontalHeaderLabels({tr("Seat"), tr("Computer"), tr("Learner code")});
    m_table->verticalHeader()->hide();
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setSelectionBehavior(QAbstractItemView::SelectItems);
    m_table->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::SelectedClicked |
                             QAbstractItemView::EditKeyPressed | QAbstractItemView::AnyKeyPressed);
    m_table->setAlternatingRowColors(true);
    m_table->setItemDelegateForColumn(CodeColumn, new CodeDelegate(m_table));
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(CodeColumn, QHeaderView::Stretch);
    m_table->horizontalHeader()->setMinimumSectionSize(90);
    layout->addWidget(m_table, 1);

    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("LearnersMessageLabel"));
    m_message->setWordWrap(true);
    m_message->setTextFormat(Qt::PlainText);
    m_message->hide();
    layout->addWidget(m_message);
    m_problems = new QPlainTextEdit(this);
    m_problems->setObjectName(QStringLiteral("RosterProblemsText"));
    m_problems->setReadOnly(true);
    m_problems->setMaximumHeight(110);
    m_problems->setAccessibleName(tr("Problems in the list"));
    m_problems->hide();
    layout->addWidget(m_problems);

    auto* buttons = new QHBoxLayout;
    m_import = new QPushButton(tr("Import roster (CSV)…"), this);
    m_import->setObjectName(QStringLiteral("ImportRosterButton"));
    m_import->setToolTip(tr("A list from a spreadsheet, saved as CSV: one line per learner with the seat "
                            "(or computer name) and the learner code."));
    m_newSession = new QPushButton(tr("Start a new session…"), this);
    m_newSession->setObjectName(QStringLiteral("NewSessionButton"));
    m_newSession->setToolTip(tr("For the next group of learners: the codes are cleared, the results of this "
                                "session are kept."));
    for (QPushButton* button : {m_import, m_newSession}) {
        button->setAutoDefault(false);
        buttons->addWidget(button);
    }
    buttons->addStretch(1);
    auto* close = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->addWidget(close);
    layout->addLayout(buttons);

    connect(close, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_import, &QPushButton::clicked, this, &LearnersDialog::chooseRoster);
    connect(m_newSession, &QPushButton::clicked, this, &LearnersDialog::confirmNewSession);
    connect(m_table, &QTableWidget::itemChanged, this, &LearnersDialog::codeEdited);
    connect(&controller, &ConsoleController::learnersChanged, this, [this] {
        updateRows();
        updateSessionText();
    });
    SeatRoster& roster = controller.roster();
    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(&roster, signal, this, &LearnersDialog::rebuild);
    connect(&roster, &QAbstractItemModel::modelReset, this, &LearnersDialog::rebuild);
    connect(&roster, &QAbstractItemModel::dataChanged, this, &LearnersDialog::updateRows);

    resize(620, 520);
    rebuild();
    updateSessionText();
}

void LearnersDialog::updateSessionText()
{
    auto session = m_controller.store().session(m_controller.sessionId());
    if (session && session.value())
        m_session->setText(tr("The codes are for this session only (started: %1).")
                               .arg(ResultsDialog::sessionStartText(session.value()->startedAt)));
    else
        m_session->setText(QString());
}

void LearnersDialog::rebuild()
{
    {
        const QSignalBlocker blocker(m_table);
        const std::vector<Seat>& seats = m_controller.roster().seats();
        m_table->setRowCount(static_cast<int>(seats.size()));
        for (int row = 0; row < static_cast<int>(seats.size()); ++row) {
            auto* seat = new QTableWidgetItem;
            seat->setFlags(Qt::ItemIsEnabled);
            seat->setData(kSeatKeyRole, QString::fromStdString(seats[static_cast<std::size_t>(row)].key));
            auto* computer = new QTableWidgetItem;
            computer->setFlags(Qt::ItemIsEnabled);
            auto* code = new QTableWidgetItem;
            code->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsEditable);
            code->setToolTip(tr("Type the learner's code and press Enter. Empty it to take the code off this seat."));
            m_table->setItem(row, SeatColumn, seat);
            m_table->setItem(row, ComputerColumn, computer);
            m_table->setItem(row, CodeColumn, code);
        }
    }
    updateRows();
}

void LearnersDialog::updateRows()
{
    const QSignalBlocker blocker(m_table);
    for (int row = 0; row < m_table->rowCount(); ++row) {
        QTableWidgetItem* seatItem = m_table->item(row, SeatColumn);
        const Seat* seat = m_controller.roster().find(seatItem->data(kSeatKeyRole).toString().toStdString());
        if (!seat)
            continue;
        const QString computer = seat->hostName.isEmpty() ? tr("not seen yet") : seat->hostName;
        if (seatItem->text() != seat->name)
            seatItem->setText(seat->name);
        if (m_table->item(row, ComputerColumn)->text() != computer)
            m_table->item(row, ComputerColumn)->setText(computer);
        if (m_table->item(row, CodeColumn)->text() != seat->learner)
            m_table->item(row, CodeColumn)->setText(seat->learner);
    }
}

void LearnersDialog::codeEdited(QTableWidgetItem* item)
{
    if (item->column() != CodeColumn)
        return;
    const std::string key = m_table->item(item->row(), SeatColumn)->data(kSeatKeyRole).toString().toStdString();
    const Seat* seat = m_controller.roster().find(key);
    if (!seat)
        return;
    const QString name = seat->name;
    const QString typed = item->text();
    if (typed.trimmed() == seat->learner)
        return;
    auto set = m_controller.setLearner(key, typed);
    updateRows();  // the code as the controller keeps it, or back to what it was
    if (!set) {
        showMessage(tr("%1: “%2” was not taken. %3").arg(name, typed.trimmed(), sentence(set.error())), true);
        return;
    }
    const Seat* now = m_controller.roster().find(key);
    showMessage(now && !now->learner.isEmpty() ? tr("%1: learner code %2.").arg(name, now->learner)
                                               : tr("%1: no learner code now.").arg(name),
                false);
}

void LearnersDialog::chooseRoster()
{
    const QString file = QFileDialog::getOpenFileName(this, tr("Choose the list of learner codes"), QDir::homePath(),
                                                      tr("List from a spreadsheet (*.csv *.txt)"));
    if (!file.isEmpty())
        importRosterFrom(file);
}

bool LearnersDialog::importRosterFrom(const QString& path)
{
    auto imported = m_controller.importRoster(std::filesystem::path(path.toStdString()));
    if (!imported) {
        showMessage(tr("The list in %1 was not imported and no code was changed. Fix these lines in the file, "
                       "then import it again:")
                        .arg(QFileInfo(path).fileName()),
                    true);
        m_problems->setPlainText(QString::fromStdString(imported.error()));
        m_problems->show();
        return false;
    }
    const int seats = imported.value();
    showMessage(seats == 1 ? tr("1 learner code was imported from %1.").arg(QFileInfo(path).fileName())
                           : tr("%1 learner codes were imported from %2.").arg(seats).arg(QFileInfo(path).fileName()),
                false);
    return true;
}

void LearnersDialog::confirmNewSession()
{
    QMessageBox ask(QMessageBox::Question, tr("Start a new session"),
                    tr("Start a new session for the next group of learners?"), QMessageBox::NoButton, this);
    ask.setObjectName(QStringLiteral("NewSessionConfirmation"));
    ask.setInformativeText(tr("The learner codes are cleared and questions still on the screens are taken off. "
                              "The results of this session are kept: choose it in the Results window to "
                              "see or save them."));
    QPushButton* start = ask.addButton(tr("Start a new session"), QMessageBox::AcceptRole);
    ask.addButton(QMessageBox::Cancel);
    ask.setDefaultButton(QMessageBox::Cancel);
    ask.exec();
    if (ask.clickedButton() == start)
        startNewSession();
}

bool LearnersDialog::startNewSession()
{
    m_problems->hide();
    auto started = m_controller.startNewSession();
    if (!started) {
        showMessage(tr("A new session could not be started. %1").arg(sentence(started.error())), true);
        return false;
    }
    updateRows();
    updateSessionText();
    showMessage(tr("A new session has started. Type or import the codes of the new learners."), false);
    return true;
}

void LearnersDialog::showMessage(const QString& text, bool problem)
{
    if (!problem)
        m_problems->hide();
    m_message->setText(text);
    setColour(m_message, problem ? kProblemRed : kFineGreen);
    m_message->show();
}

}  // namespace classroom::console
