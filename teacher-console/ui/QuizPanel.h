#pragma once

#include "teacher-console/core/ConsoleController.h"

#include <QPointer>
#include <QWidget>

#include <optional>
#include <string>
#include <vector>

class QCheckBox;
class QGroupBox;
class QItemSelectionModel;
class QLabel;
class QListWidget;
class QPushButton;
class QSpinBox;
class QTimer;

namespace classroom::console {

class DistributionChart;
class ProjectorWindow;
class ResultsDialog;

// "3. Strong passwords (multiple choice)": a question as the trainer's lists
// name it; `number` is 0-based, as on the wire.
QString questionListText(std::uint32_t number, const module::gift::Question& question);
// The whole question as the learner reads it, a missing word as a blank.
QString questionWording(const module::gift::Question& question);
// The question of `quiz` whose answers the trainer's live view and the
// projector show: the live question; in a self-paced quiz `chosen` when the
// quiz asks it, else its first question with something to answer.
// `questions` are the quiz module's.
std::optional<std::uint32_t> questionToShow(const StoredQuiz& quiz,
                                            const std::vector<module::gift::Question>& questions,
                                            std::optional<std::uint32_t> chosen);
// "0:42 left" until `closesAtMs` (Unix ms); empty without a countdown.
QString timeLeftText(std::int64_t closesAtMs);

// The questions of the module the seats show, next to the seat table: asking
// one live, a self-paced quiz, stopping answers, showing the right answer,
// and how the class answers right now. Like the module panel it holds no
// classroom logic: it reads the roster and the controller, and every click is
// one call on the controller.
//
// The questions come from the module the chosen seats show (all seats when
// none is chosen); a question goes to those of them that have that module.
// Stop, the right answer and "Take off screens" act on the quiz on the
// screens (ConsoleController::currentQuiz), whichever seats are chosen.
class QuizPanel : public QWidget {
    Q_OBJECT
public:
    QuizPanel(ConsoleController& controller, QItemSelectionModel* seatSelection, QWidget* parent = nullptr);
    ~QuizPanel() override;

    // The module whose questions the list shows, or empty.
    const std::string& moduleId() const { return m_moduleId; }
    // The question chosen in the list (0-based), if any.
    std::optional<std::uint32_t> selectedQuestion() const;
    // The question the live view shows, if a quiz is on the screens.
    std::optional<std::uint32_t> shownQuestion() const { return m_shownQuestion; }

    // For tests and screenshots.
    QListWidget* questionList() const { return m_questions; }
    DistributionChart* chart() const { return m_chart; }
    QLabel* answeredLabel() const { return m_answered; }
    ResultsDialog* resultsDialog() const;
    ProjectorWindow* projectorWindow() const;

    // What "Results…" and "Projector view" do: open the window (or bring the
    // open one to the front) and return it.
    ResultsDialog* openResults();
    ProjectorWindow* openProjector();

private:
    std::vector<std::string> targetSeats() const;
    // The seats asked: the target seats that show the listed module.
    std::vector<std::string> seatsWithModule() const;
    void reloadQuestions();
    void askSelected();
    void startSelfPaced();
    void stopAnswers();
    void revealAnswer();
    void takeOffScreens();
    void showFailure(const QString& what, const std::string& error);
    void updateButtons();
    void updateLive();

    ConsoleController& m_controller;
    QItemSelectionModel* m_seatSelection;
    std::string m_moduleId;  // whose questions m_questions lists
    std::optional<std::uint32_t> m_shownQuestion;

    QLabel* m_moduleLabel;
    QListWidget* m_questions;
    QPushButton* m_ask;
    QCheckBox* m_countdown;
    QSpinBox* m_seconds;
    QLabel* m_target;
    QPushButton* m_stop;
    QPushButton* m_reveal;
    QPushButton* m_takeOff;
    QPushButton* m_selfPaced;
    QGroupBox* m_liveBox;
    QLabel* m_nowTitle;
    QLabel* m_answered;
    QLabel* m_quizState;
    DistributionChart* m_chart;
    QPushButton* m_openResults;
    QPushButton* m_openProjector;
    QTimer* m_clock;  // the countdown's seconds
    QPointer<ResultsDialog> m_results;
    QPointer<ProjectorWindow> m_projector;
};

}  // namespace classroom::console
