#include "teacher-console/ui/ModulePanel.h"

#include "teacher-console/ui/ModuleProblemsDialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QItemSelectionModel>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QPushButton>
#include <QSignalBlocker>
#include <QStandardPaths>
#include <QVBoxLayout>

#include <algorithm>
#include <filesystem>
#include <map>

namespace classroom::console {
namespace {

constexpr int kModuleIdRole = Qt::UserRole + 1;

// "320 KB", "1.4 MB": the units trainers know from their file manager.
QString sizeText(std::uint64_t bytes)
{
    constexpr std::uint64_t kMegabyte = 1024 * 1024;
    if (bytes < kMegabyte)
        return ModulePanel::tr("%1 KB").arg(std::max<std::uint64_t>(1, (bytes + 512) / 1024));
    return ModulePanel::tr("%1 MB").arg(QLocale().toString(static_cast<double>(bytes) / kMegabyte, 'f', 1));
}

// Where the file dialogs start: the modules that came with the console, if
// they are installed, else the trainer's home folder.
QString startFolder()
{
    const QString installed = QStandardPaths::locate(QStandardPaths::GenericDataLocation,
                                                     QStringLiteral("classroom/modules"), QStandardPaths::LocateDirectory);
    return installed.isEmpty() ? QDir::homePath() : installed;
}

}  // namespace

ModulePanel::ModulePanel(ConsoleController& controller, QItemSelectionModel* seatSelection, QWidget* parent)
    : QWidget(parent), m_controller(controller), m_seatSelection(seatSelection)
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);

    auto* libraryBox = new QGroupBox(tr("Course modules"), this);
    auto* libraryLayout = new QVBoxLayout(libraryBox);
    m_library = new QListWidget(libraryBox);
    m_library->setObjectName(QStringLiteral("ModuleList"));
    m_library->setWordWrap(true);
    m_library->setSelectionMode(QAbstractItemView::SingleSelection);
    m_library->setMinimumHeight(90);
    libraryLayout->addWidget(m_library, 1);

    auto* addRow = new QHBoxLayout;
    m_addFolder = new QPushButton(tr("Add folder…"), libraryBox);
    m_addFolder->setObjectName(QStringLiteral("AddModuleFolderButton"));
    m_addFolder->setToolTip(tr("Add a module that is a folder with a module.txt file in it."));
    m_addZip = new QPushButton(tr("Add .zip file…"), libraryBox);
    m_addZip->setObjectName(QStringLiteral("AddModuleZipButton"));
    m_addZip->setToolTip(tr("Add a module that came as one .zip file."));
    addRow->addWidget(m_addFolder);
    addRow->addWidget(m_addZip);
    libraryLayout->addLayout(addRow);
    m_notice = new QLabel(libraryBox);
    m_notice->setObjectName(QStringLiteral("ModuleNoticeLabel"));
    m_notice->setWordWrap(true);
    m_notice->hide();
    libraryLayout->addWidget(m_notice);

    auto* sendRow = new QHBoxLayout;
    m_sendToAll = new QPushButton(tr("Send to all"), libraryBox);
    m_sendToAll->setObjectName(QStringLiteral("SendModuleToAllButton"));
    m_sendToAll->setToolTip(tr("Every computer receives the chosen module and opens it at page 1."));
    m_sendToSelected = new QPushButton(tr("Send to selected seats"), libraryBox);
    m_sendToSelected->setObjectName(QStringLiteral("SendModuleToSelectedButton"));
    m_sendToSelected->setToolTip(tr("Only the seats selected in the table receive the chosen module."));
    for (QPushButton* button : {m_sendToAll, m_sendToSelected}) {
        button->setMinimumHeight(36);
        sendRow->addWidget(button);
    }
    libraryLayout->addLayout(sendRow);
    m_seatsState = new QLabel(libraryBox);
    m_seatsState->setObjectName(QStringLiteral("ModuleSeatsLabel"));
    m_seatsState->setWordWrap(true);
    libraryLayout->addWidget(m_seatsState);
    layout->addWidget(libraryBox, 1);

    m_leadBox = new QGroupBox(tr("Lead the class"), this);
    m_leadBox->setObjectName(QStringLiteral("LeadBox"));
    auto* leadLayout = new QVBoxLayout(m_leadBox);
    auto* leadHint = new QLabel(tr("These buttons move every computer that has the chosen module."), m_leadBox);
    leadHint->setWordWrap(true);
    leadLayout->addWidget(leadHint);
    m_pageLabel = new QLabel(m_leadBox);
    m_pageLabel->setObjectName(QStringLiteral("ClassPageLabel"));
    m_pageLabel->setWordWrap(true);
    QFont pageFont = m_pageLabel->font();
    pageFont.setPointSizeF(pageFont.pointSizeF() * 1.2);
    pageFont.setBold(true);
    m_pageLabel->setFont(pageFont);
    leadLayout->addWidget(m_pageLabel);

    auto* turnRow = new QHBoxLayout;
    m_previousPage = new QPushButton(tr("◀ Previous page"), m_leadBox);
    m_previousPage->setObjectName(QStringLiteral("PreviousPageButton"));
    m_nextPage = new QPushButton(tr("Next page ▶"), m_leadBox);
    m_nextPage->setObjectName(QStringLiteral("NextPageButton"));
    for (QPushButton* button : {m_previousPage, m_nextPage}) {
        button->setMinimumHeight(40);
        turnRow->addWidget(button);
    }
    leadLayout->addLayout(turnRow);

    auto* jumpRow = new QHBoxLayout;
    auto* jumpLabel = new QLabel(tr("Go to:"), m_leadBox);
    m_pageChoice = new QComboBox(m_leadBox);
    m_pageChoice->setObjectName(QStringLiteral("PageChoice"));
    // Long page titles must not push the panel wider; the list that drops
    // down still shows them whole.
    m_pageChoice->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_pageChoice->setMinimumContentsLength(16);
    jumpLabel->setBuddy(m_pageChoice);
    jumpRow->addWidget(jumpLabel);
    jumpRow->addWidget(m_pageChoice, 1);
    leadLayout->addLayout(jumpRow);

    m_freeBrowsing = new QCheckBox(tr("Let learners browse freely"), m_leadBox);
    m_freeBrowsing->setObjectName(QStringLiteral("FreeBrowsingCheck"));
    m_freeBrowsing->setToolTip(tr("Learners can turn the pages themselves. Untick it to bring everyone back to your page."));
    leadLayout->addWidget(m_freeBrowsing);

    m_closeModule = new QPushButton(tr("Close module"), m_leadBox);
    m_closeModule->setObjectName(QStringLiteral("CloseModuleButton"));
    m_closeModule->setToolTip(tr("Takes the module off the screens of every computer that has it."));
    leadLayout->addWidget(m_closeModule);
    layout->addWidget(m_leadBox);

    connect(m_addFolder, &QPushButton::clicked, this, &ModulePanel::chooseFolder);
    connect(m_addZip, &QPushButton::clicked, this, &ModulePanel::chooseZip);
    connect(m_sendToAll, &QPushButton::clicked, this, [this] { sendTo(m_controller.allSeatKeys()); });
    connect(m_sendToSelected, &QPushButton::clicked, this, [this] { sendTo(selectedSeatKeys()); });
    connect(m_previousPage, &QPushButton::clicked, this,
            [this] { m_controller.goToPage(seatsWithSelectedModule(), classPage() - 1); });
    connect(m_nextPage, &QPushButton::clicked, this,
            [this] { m_controller.goToPage(seatsWithSelectedModule(), classPage() + 1); });
    connect(m_pageChoice, &QComboBox::activated, this,
            [this](int page) { m_controller.goToPage(seatsWithSelectedModule(), page); });
    connect(m_freeBrowsing, &QCheckBox::clicked, this,
            [this](bool free) { m_controller.setFreeBrowsing(seatsWithSelectedModule(), free); });
    connect(m_closeModule, &QPushButton::clicked, this, [this] { m_controller.closeModule(seatsWithSelectedModule()); });
    connect(m_library, &QListWidget::itemSelectionChanged, this, [this] {
        updateButtons();
        updateLead();
    });
    connect(m_seatSelection, &QItemSelectionModel::selectionChanged, this, &ModulePanel::updateButtons);
    connect(&controller, &ConsoleController::libraryChanged, this, [this] { reloadLibrary(selectedModuleId()); });

    SeatRoster& roster = controller.roster();
    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(&roster, signal, this, [this] {
            updateButtons();
            updateLead();
        });
    connect(&roster, &QAbstractItemModel::dataChanged, this, &ModulePanel::updateLead);
    connect(&roster, &QAbstractItemModel::modelReset, this, &ModulePanel::updateLead);

    reloadLibrary({});
}

std::string ModulePanel::selectedModuleId() const
{
    const QList<QListWidgetItem*> selected = m_library->selectedItems();
    return selected.isEmpty() ? std::string() : selected.first()->data(kModuleIdRole).toString().toStdString();
}

void ModulePanel::chooseFolder()
{
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Choose the module's folder"), startFolder());
    if (!folder.isEmpty())
        importModuleFrom(folder);
}

void ModulePanel::chooseZip()
{
    const QString file = QFileDialog::getOpenFileName(this, tr("Choose the module's .zip file"), startFolder(),
                                                      tr("Module in one file (*.zip)"));
    if (!file.isEmpty())
        importModuleFrom(file);
}

void ModulePanel::importModuleFrom(const QString& path)
{
    m_notice->hide();
    auto imported = m_controller.importModule(std::filesystem::path(path.toStdString()));
    if (!imported) {
        showProblems(path, QString::fromStdString(imported.error()));
        return;
    }
    const std::string id = imported.value().id;
    reloadLibrary(id);
    const LibraryModule* module = m_controller.library().find(id);
    const QString title = module ? QString::fromStdString(module->info.title) : QFileInfo(path).fileName();
    showNotice(imported.value().added
                   ? tr("Added “%1”. Choose who receives it with the buttons below.").arg(title)
                   : tr("“%1” is already in the list, exactly as in these files, so nothing was added. "
                        "It is now chosen in the list.")
                         .arg(title));
}

void ModulePanel::showProblems(const QString& path, const QString& problems)
{
    // Not exec(): the console keeps showing the class while the trainer reads.
    auto* dialog = new ModuleProblemsDialog(path, problems, window());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void ModulePanel::showNotice(const QString& text)
{
    m_notice->setText(text);
    m_notice->show();
}

void ModulePanel::reloadLibrary(const std::string& selectId)
{
    const QSignalBlocker blocker(m_library);
    m_library->clear();
    for (const LibraryModule* module : m_controller.library().modules()) {
        const StoredModule& info = module->info;
        const int pages = static_cast<int>(info.pageTitles.size());
        const QString title = QString::fromStdString(info.title);
        // One and many spelled out: the console loads no translation, and
        // without one Qt's "%n page(s)" would show just that.
        const QString pagesText = pages == 1 ? tr("1 page") : tr("%1 pages").arg(pages);
        const QString text =
            info.version.empty()
                ? tr("%1 · %2 · %3").arg(title, pagesText, sizeText(info.totalBytes))
                : tr("%1 — %2 · %3 · %4")
                      .arg(title, QString::fromStdString(info.version), pagesText, sizeText(info.totalBytes));

        QStringList about;
        if (!info.author.empty())
            about << tr("By %1").arg(QString::fromStdString(info.author));
        if (info.durationMinutes > 0)
            about << (info.durationMinutes == 1 ? tr("About 1 minute")
                                                : tr("About %1 minutes").arg(info.durationMinutes));
        if (info.questionCount > 0)
            about << (info.questionCount == 1 ? tr("1 question") : tr("%1 questions").arg(info.questionCount));
        if (!info.objectives.empty()) {
            about << tr("Learners will be able to:");
            for (const std::string& objective : info.objectives)
                about << tr("• %1").arg(QString::fromStdString(objective));
        }
        if (!info.source.empty())
            about << tr("Added from %1").arg(QDir::toNativeSeparators(QString::fromStdString(info.source)));

        auto* item = new QListWidgetItem(text, m_library);
        item->setData(kModuleIdRole, QString::fromStdString(info.id));
        item->setToolTip(about.join(QLatin1Char('\n')));
    }

    // Keep the trainer's choice; at start, the module most of the class has.
    std::string wanted = selectId;
    if (wanted.empty()) {
        std::map<std::string, int> seatsPerModule;
        for (const Seat& seat : m_controller.roster().seats())
            if (!seat.desired.moduleId.empty())
                ++seatsPerModule[seat.desired.moduleId];
        const auto most = std::max_element(seatsPerModule.begin(), seatsPerModule.end(),
                                           [](const auto& a, const auto& b) { return a.second < b.second; });
        if (most != seatsPerModule.end())
            wanted = most->first;
    }
    selectModule(wanted);
    if (m_library->selectedItems().isEmpty() && m_library->count() > 0)
        m_library->item(0)->setSelected(true);
    updateButtons();
    updateLead();
}

void ModulePanel::selectModule(const std::string& id)
{
    const QString wanted = QString::fromStdString(id);
    for (int row = 0; row < m_library->count(); ++row) {
        QListWidgetItem* item = m_library->item(row);
        if (item->data(kModuleIdRole).toString() == wanted) {
            m_library->setCurrentItem(item);
            item->setSelected(true);
            m_library->scrollToItem(item);
            return;
        }
    }
}

void ModulePanel::sendTo(const std::vector<std::string>& keys)
{
    const std::string id = selectedModuleId();
    if (id.empty() || keys.empty())
        return;
    m_notice->hide();  // "choose who receives it" is done
    auto sent = m_controller.sendModule(keys, id);
    if (!sent)
        showNotice(tr("The module could not be sent: %1").arg(QString::fromStdString(sent.error())));
    updateLead();
}

std::vector<std::string> ModulePanel::selectedSeatKeys() const
{
    std::vector<std::string> keys;
    for (const QModelIndex& row : m_seatSelection->selectedRows())
        keys.push_back(row.data(SeatRoster::SeatKeyRole).toString().toStdString());
    return keys;
}

std::vector<std::string> ModulePanel::seatsWithSelectedModule() const
{
    std::vector<std::string> keys;
    const std::string id = selectedModuleId();
    if (id.empty())
        return keys;
    for (const Seat& seat : m_controller.roster().seats())
        if (seat.desired.moduleId == id)
            keys.push_back(seat.key);
    return keys;
}

int ModulePanel::classPage() const
{
    // Seats that got the module late start at page 1; the class is where most
    // seats are (on a tie, the furthest page: where the trainer has led).
    std::map<int, int> seatsPerPage;
    const std::string id = selectedModuleId();
    for (const Seat& seat : m_controller.roster().seats())
        if (!id.empty() && seat.desired.moduleId == id)
            ++seatsPerPage[static_cast<int>(seat.desired.page)];
    int page = -1;
    int seats = 0;
    for (const auto& [candidate, count] : seatsPerPage)
        if (count >= seats) {
            page = candidate;
            seats = count;
        }
    return page;
}

void ModulePanel::updateButtons()
{
    const bool module = !selectedModuleId().empty();
    m_sendToAll->setEnabled(module && !m_controller.roster().seats().empty());
    m_sendToSelected->setEnabled(module && m_seatSelection->hasSelection());
}

void ModulePanel::fillPageChoices(const LibraryModule* module)
{
    const std::string id = module ? module->info.id : std::string();
    if (id == m_pageChoicesModule)
        return;  // rebuilding would close the list while the trainer looks at it
    m_pageChoicesModule = id;
    const QSignalBlocker blocker(m_pageChoice);
    m_pageChoice->clear();
    if (!module)
        return;
    int number = 1;
    for (const std::string& title : module->info.pageTitles)
        m_pageChoice->addItem(tr("%1. %2").arg(number++).arg(QString::fromStdString(title)));
}

void ModulePanel::updateLead()
{
    const std::string id = selectedModuleId();
    const LibraryModule* module = id.empty() ? nullptr : m_controller.library().find(id);
    fillPageChoices(module);

    int ready = 0;
    int failed = 0;
    int withModule = 0;
    bool allFree = true;
    bool samePage = true;
    const int page = classPage();
    for (const Seat& seat : m_controller.roster().seats()) {
        if (!module || seat.desired.moduleId != id)
            continue;
        ++withModule;
        // Counted as the Module column says it.
        if (seat.showsModule() || (seat.transfer && seat.transfer->moduleId == id &&
                                   seat.transfer->status == protocol::ModuleStatus::Ready))
            ++ready;
        else if (seat.transfer && seat.transfer->moduleId == id &&
                 seat.transfer->status == protocol::ModuleStatus::Failed)
            ++failed;
        allFree = allFree && seat.desired.freeBrowsing;
        samePage = samePage && static_cast<int>(seat.desired.page) == page;
    }

    if (!module) {
        m_seatsState->setText(m_library->count() == 0 ? tr("No modules yet. Add one with the buttons above.")
                                                      : tr("Choose a module in the list."));
    } else if (withModule == 0) {
        m_seatsState->setText(tr("This module is not on any computer yet."));
    } else {
        QString text = withModule == 1 ? tr("On 1 computer: %1 ready").arg(ready)
                                       : tr("On %1 computers: %2 ready").arg(withModule).arg(ready);
        if (withModule - ready - failed > 0)
            text += tr(", %1 still receiving").arg(withModule - ready - failed);
        if (failed > 0)
            text += tr(", %1 failed (see the Module column)").arg(failed);
        m_seatsState->setText(text);
    }

    const bool leading = module && withModule > 0;
    m_leadBox->setEnabled(leading);
    const int pages = module ? static_cast<int>(module->info.pageTitles.size()) : 0;
    if (!leading || page < 0 || page >= pages) {
        m_pageLabel->setText(module ? tr("Send the module to start.") : tr("Nothing to lead yet."));
        m_previousPage->setEnabled(false);
        m_nextPage->setEnabled(false);
        const QSignalBlocker blocker(m_pageChoice);
        m_pageChoice->setCurrentIndex(-1);
        m_freeBrowsing->setChecked(false);
        return;
    }
    QString text = tr("Page %1 of %2: %3")
                       .arg(page + 1)
                       .arg(pages)
                       .arg(QString::fromStdString(module->info.pageTitles[static_cast<std::size_t>(page)]));
    if (!samePage)
        text += QLatin1Char('\n') + tr("(some computers are on another page)");
    m_pageLabel->setText(text);
    m_previousPage->setEnabled(page > 0);
    m_nextPage->setEnabled(page + 1 < pages);
    if (m_pageChoice->currentIndex() != page) {
        const QSignalBlocker blocker(m_pageChoice);
        m_pageChoice->setCurrentIndex(page);
    }
    m_freeBrowsing->setChecked(allFree);
}

}  // namespace classroom::console
