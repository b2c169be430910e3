#pragma once

#include "student-agent/core/QuizView.h"

#include <QObject>

#include <set>
#include <utility>

namespace classroom::agent {

// The quiz view of a PC with no display (tests, benchmarks, the scripted
// demo): it keeps what a window would show and says it in the log. With
// auto-answer on (the demo only), it answers each open question once, after
// a short pause, the way a learner might.
class HeadlessQuizView : public QuizView {
public:
    void showQuiz(const QuizScreen& screen) override;
    void closeQuiz() override;

    bool isOpen() const { return m_open; }
    const QuizScreen& screen() const { return m_screen; }
    void setAutoAnswer(bool on) { m_autoAnswer = on; }

private:
    void answerSoon(const QuizQuestion& question);

    bool m_open = false;
    bool m_autoAnswer = false;
    QuizScreen m_screen;
    std::set<std::pair<std::uint64_t, std::uint32_t>> m_scheduled;  // (run, question) answered or about to be
    QObject m_timers;  // owns pending auto-answers: they die with the view
};

}  // namespace classroom::agent
