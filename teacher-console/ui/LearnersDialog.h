#pragma once

#include "teacher-console/core/ConsoleController.h"

#include <QDialog>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTableWidget;
class QTableWidgetItem;

namespace classroom::console {

// Who sits where in this session, without names: the trainer types a learner
// code for each seat, or imports a "seat,code" list. Every edit is one call on
// the controller; a code the controller refuses (a duplicate, too long) is
// put back as it was and the reason is shown under the table.
class LearnersDialog : public QDialog {
    Q_OBJECT
public:
    enum Column { SeatColumn, ComputerColumn, CodeColumn, ColumnCount };

    LearnersDialog(ConsoleController& controller, QWidget* parent = nullptr);

    // What "Import roster (CSV)…" does once the trainer picked the file;
    // true when the codes were taken, false after listing the problems.
    bool importRosterFrom(const QString& path);
    // What "Start a new session…" does once the trainer confirmed.
    bool startNewSession();

    // For tests and screenshots.
    QTableWidget* seatTable() const { return m_table; }
    QLabel* messageLabel() const { return m_message; }
    QPlainTextEdit* problemsText() const { return m_problems; }
    QPushButton* importButton() const { return m_import; }
    QPushButton* newSessionButton() const { return m_newSession; }

private:
    void rebuild();
    void updateRows();
    void codeEdited(QTableWidgetItem* item);
    void chooseRoster();
    void confirmNewSession();
    void showMessage(const QString& text, bool problem);
    void updateSessionText();

    ConsoleController& m_controller;
    QLabel* m_session;
    QTableWidget* m_table;
    QLabel* m_message;
    QPlainTextEdit* m_problems;
    QPushButton* m_import;
    QPushButton* m_newSession;
};

}  // namespace classroom::console
