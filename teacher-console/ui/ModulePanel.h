#pragma once

#include "teacher-console/core/ConsoleController.h"

#include <QWidget>

#include <string>
#include <vector>

class QCheckBox;
class QComboBox;
class QGroupBox;
class QItemSelectionModel;
class QLabel;
class QListWidget;
class QPushButton;

namespace classroom::console {

// The trainer's course modules, next to the seat table: the library, adding a
// module, sending it, and leading the class through its pages. Like the main
// window it holds no classroom logic: it reads the library and the roster and
// every click is one call on the controller.
//
// The "Lead the class" part is about the module chosen in the library list and
// moves every seat that has that module (not the chosen seats): a trainer who
// selected one row to lock it must not leave the rest of the class behind by
// pressing "Next page".
class ModulePanel : public QWidget {
    Q_OBJECT
public:
    // `seatSelection` is the seat table's selection; its rows carry
    // SeatRoster::SeatKeyRole.
    ModulePanel(ConsoleController& controller, QItemSelectionModel* seatSelection, QWidget* parent = nullptr);

    // What "Add folder…" and "Add .zip file…" do once the trainer picked a
    // path: imports it, then selects it or shows its problems in a dialog
    // (non-modal, object name "ModuleProblemsDialog").
    void importModuleFrom(const QString& path);

    // The id of the module chosen in the library list, or empty.
    std::string selectedModuleId() const;

private:
    void chooseFolder();
    void chooseZip();
    void showProblems(const QString& path, const QString& problems);
    void showNotice(const QString& text);
    void reloadLibrary(const std::string& selectId);
    void selectModule(const std::string& id);
    void sendTo(const std::vector<std::string>& keys);
    std::vector<std::string> selectedSeatKeys() const;
    // The seats whose trainer-chosen module is the selected one.
    std::vector<std::string> seatsWithSelectedModule() const;
    // The page most of those seats are asked to show (0-based), or -1.
    int classPage() const;
    void updateButtons();
    void updateLead();
    void fillPageChoices(const LibraryModule* module);

    ConsoleController& m_controller;
    QItemSelectionModel* m_seatSelection;
    QListWidget* m_library;
    QPushButton* m_addFolder;
    QPushButton* m_addZip;
    QLabel* m_notice;
    QPushButton* m_sendToAll;
    QPushButton* m_sendToSelected;
    QLabel* m_seatsState;
    QGroupBox* m_leadBox;
    QLabel* m_pageLabel;
    QPushButton* m_previousPage;
    QPushButton* m_nextPage;
    QComboBox* m_pageChoice;
    QCheckBox* m_freeBrowsing;
    QPushButton* m_closeModule;
    std::string m_pageChoicesModule;  // the module whose pages m_pageChoice lists
};

}  // namespace classroom::console
