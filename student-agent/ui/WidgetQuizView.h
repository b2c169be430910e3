#pragma once

#include "student-agent/core/QuizView.h"
#include "student-agent/ui/QuizWindow.h"

#include <memory>

namespace classroom::agent {

// Shows quizzes in a QuizWindow, made when the first quiz is shown and kept
// for the next one. The learner's answers go to onAnswer.
class WidgetQuizView : public QuizView {
public:
    WidgetQuizView();
    ~WidgetQuizView() override;

    void showQuiz(const QuizScreen& screen) override;
    void closeQuiz() override;

    // The window, or nullptr before the first quiz.
    QuizWindow* window() const { return m_window.get(); }

private:
    std::unique_ptr<QuizWindow> m_window;
};

}  // namespace classroom::agent
