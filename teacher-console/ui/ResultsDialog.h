#pragma once

#include "teacher-console/core/ConsoleController.h"

#include <QDialog>

#include <optional>
#include <string>
#include <vector>

class QComboBox;
class QLabel;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTableWidget;
class QTimer;

namespace classroom::console {

// The results of a teaching session, for the trainer only (it names learner
// codes and seats): how each question went, each learner's points, the essays
// waiting for a grade, and saving it all as CSV files and a PDF report. Like
// the panels it decides nothing: the numbers are the controller's
// SessionReport, a grade is one call on the controller.
class ResultsDialog : public QDialog {
    Q_OBJECT
public:
    ResultsDialog(ConsoleController& controller, QWidget* parent = nullptr);

    // "Today 09:02", "2026-11-22 14:00": when a session started (UTC ISO 8601
    // in console.db), in the trainer's local time.
    static QString sessionStartText(const std::string& isoUtc);

    // What the save buttons do once the trainer chose a file; true when the
    // file was written (the dialog says where), false after saying why not.
    bool saveAnswersCsv(const QString& path);
    bool saveLearnersCsv(const QString& path);
    bool saveReportPdf(const QString& path);

    // Reads the chosen session again (it also does so by itself when answers
    // come in or learners change).
    void reload();

    // For tests and screenshots.
    QComboBox* sessionChoice() const { return m_session; }
    QTableWidget* questionTable() const { return m_questions; }
    QTableWidget* learnerTable() const { return m_learners; }
    QListWidget* essayList() const { return m_essays; }
    QSpinBox* gradeBox() const { return m_grade; }
    QPushButton* saveGradeButton() const { return m_saveGrade; }
    QLabel* savedLabel() const { return m_saved; }

private:
    enum class Export { Answers, Learners, Pdf };
    // An essay as the trainer grades it: the answer that counts of one seat.
    struct Essay {
        std::string seatKey;
        std::uint64_t answerId = 0;
        QString question;  // "14. My plan (essay)"
        QString wording;   // the question as the learner read it
        QString learner;   // learner code, or "(seat PC 3)"
        QString seatName;
        QString text;
        std::optional<double> score;
    };

    std::int64_t chosenSession() const;
    void fillSessions();
    void fillTables(const SessionReport& report);
    void fillEssays();
    void showEssay();
    void saveGrade();
    void chooseFile(Export kind);
    bool save(Export kind, const QString& path);
    void showFailure(const QString& what, const QString& why);

    ConsoleController& m_controller;
    QComboBox* m_session;
    QLabel* m_overview;
    QTableWidget* m_questions;
    QTableWidget* m_learners;
    QLabel* m_essaysTitle;
    QListWidget* m_essays;
    QLabel* m_essayTitle;
    QLabel* m_essayQuestion;
    QPlainTextEdit* m_essayText;
    QSpinBox* m_grade;
    QPushButton* m_saveGrade;
    QPushButton* m_saveAnswers;
    QPushButton* m_saveLearners;
    QPushButton* m_savePdf;
    QLabel* m_saved;
    QTimer* m_reloadSoon;  // a burst of answers reads the session once
    std::vector<Essay> m_essayRows;
    QString m_folder;  // where the last file was saved
};

}  // namespace classroom::console
