#pragma once

#include "teacher-console/core/ConsoleController.h"

#include <QMainWindow>

class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QTableView;
class QGroupBox;

namespace classroom::console {

// The trainer's window: who is here, what their screens show, and one obvious
// button for each action. It holds no classroom logic: every click is a call
// on the controller, every line of the table comes from the roster model.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(ConsoleController& controller, QWidget* parent = nullptr);

    // For tests and screenshots.
    QPushButton* lockAllButton() const { return m_lockAll; }
    QPushButton* unlockAllButton() const { return m_unlockAll; }
    QPushButton* lockSelectedButton() const { return m_lockSelected; }
    QPushButton* unlockSelectedButton() const { return m_unlockSelected; }
    QLineEdit* messageField() const { return m_message; }
    QTableView* seatTable() const { return m_table; }
    QLabel* summaryLabel() const { return m_summary; }
    QListWidget* pendingList() const { return m_pendingList; }

private:
    std::vector<std::string> selectedSeatKeys() const;
    void updateSummary();
    void updatePending();
    void updateSelectionButtons();
    void approveSelectedPending();

    ConsoleController& m_controller;
    QLabel* m_summary;
    QLineEdit* m_message;
    QPushButton* m_lockAll;
    QPushButton* m_unlockAll;
    QPushButton* m_lockSelected;
    QPushButton* m_unlockSelected;
    QTableView* m_table;
    QGroupBox* m_pendingBox;
    QListWidget* m_pendingList;
    QPushButton* m_approve;
};

}  // namespace classroom::console
