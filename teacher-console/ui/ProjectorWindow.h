#pragma once

#include "teacher-console/core/ConsoleController.h"

#include <QWidget>

#include <optional>

class QLabel;
class QTimer;

namespace classroom::console {

class DistributionChart;

// What the class sees on the projector while the trainer asks: the question
// in large letters, how the class answered ("18 of 20 answered" and the bars)
// and, once the trainer shows it, the right answer. It follows the quiz on the
// learners' screens by itself.
//
// Invariant: it shows no seat name, no computer name and no learner code, and
// no word a learner typed that the module does not hold as an answer (a
// short answer's own bar stays in "Other answers"): a projector is seen by
// everyone in the room.
class ProjectorWindow : public QWidget {
    Q_OBJECT
public:
    explicit ProjectorWindow(ConsoleController& controller, QWidget* parent = nullptr);

    // In a self-paced quiz: the question the trainer chose to discuss.
    void followQuestion(std::optional<std::uint32_t> chosen);
    // Full screen on a second screen when there is one (the projector), away
    // from `console`; else an ordinary window next to the console.
    void showOnProjector(const QWidget* console);

    DistributionChart* chart() const { return m_chart; }
    void refresh();

protected:
    void keyPressEvent(QKeyEvent* event) override;

private:
    ConsoleController& m_controller;
    std::optional<std::uint32_t> m_chosen;
    QLabel* m_heading;
    QLabel* m_question;
    QLabel* m_answered;
    QLabel* m_timeLeft;
    DistributionChart* m_chart;
    QLabel* m_rightAnswer;
    QTimer* m_clock;
};

}  // namespace classroom::console
