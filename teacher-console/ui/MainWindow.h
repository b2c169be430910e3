#pragma once

#include "teacher-console/core/ConsoleController.h"

#include <QMainWindow>
#include <QPointer>

class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QTableView;
class QTimer;
class QGroupBox;

namespace classroom::console {

class LearnersDialog;
class ModulePanel;
class QuizPanel;

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
    QPushButton* addComputersButton() const { return m_addComputers; }
    QGroupBox* enrollmentBox() const { return m_enrollmentBox; }
    QLabel* enrollmentCodeLabel() const { return m_enrollmentCode; }
    QPushButton* stopAddingButton() const { return m_stopAdding; }
    ModulePanel* modulePanel() const { return m_modules; }
    QuizPanel* quizPanel() const { return m_quiz; }
    QPushButton* learnersButton() const { return m_learners; }
    LearnersDialog* learnersDialog() const;

    // What "Learners…" does: opens the learner codes (or brings the open
    // window to the front) and returns it.
    LearnersDialog* openLearners();

    // Opens enrollment for `seats` computers: what the "Add computers…"
    // dialog does once the trainer confirms it.
    void startAddingComputers(int seats, int minutes);

private:
    std::vector<std::string> selectedSeatKeys() const;
    void updateSummary();
    void updatePending();
    void updateSelectionButtons();
    void approveSelectedPending();
    void askToAddComputers();
    void updateEnrollment();

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
    QPushButton* m_addComputers;
    QGroupBox* m_enrollmentBox;
    QLabel* m_enrollmentCode;
    QLabel* m_enrollmentDetails;
    QPushButton* m_stopAdding;
    QTimer* m_enrollmentClock;
    ModulePanel* m_modules;
    QuizPanel* m_quiz;
    QPushButton* m_learners;
    QPointer<LearnersDialog> m_learnersDialog;
};

}  // namespace classroom::console
