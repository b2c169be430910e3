#include "student-agent/core/HeadlessQuizView.h"

#include "common/quiz/Grading.h"

#include <QTimer>

#include <spdlog/spdlog.h>

#include <random>

namespace classroom::agent {

void HeadlessQuizView::showQuiz(const QuizScreen& screen)
{
    const bool newQuiz = !m_open || screen.run != m_screen.run;
    if (newQuiz || screen.open != m_screen.open || screen.reveal != m_screen.reveal)
        spdlog::info("quiz {}: {} with {} question(s){}{}", screen.run, screen.live ? "live" : "self-paced",
                     screen.questions.size(), screen.open ? "" : ", closed", screen.reveal ? ", answers shown" : "");
    m_open = true;
    m_screen = screen;
    if (m_autoAnswer && screen.open)
        for (const QuizQuestion& question : screen.questions)
            if (question.status == AnswerStatus::NotAnswered)
                answerSoon(question);
}

void HeadlessQuizView::closeQuiz()
{
    if (m_open)
        spdlog::info("quiz {} off the screen", m_screen.run);
    m_open = false;
    m_screen = {};
}

void HeadlessQuizView::answerSoon(const QuizQuestion& asked)
{
    if (!m_scheduled.insert({m_screen.run, asked.number}).second)
        return;
    // A plausible answer: a random choice, or a typed text.
    static std::mt19937 random{std::random_device{}()};
    const module::gift::Question& question = asked.question;
    quiz::Response response;
    const auto labels = quiz::choiceLabels(question);
    switch (question.type) {
    case module::gift::QuestionType::Description:
        return;
    case module::gift::QuestionType::MultipleChoice:
    case module::gift::QuestionType::MultipleResponse:
    case module::gift::QuestionType::TrueFalse:
        if (labels.empty())
            return;
        response.choices = {static_cast<std::uint32_t>(random() % labels.size())};
        break;
    case module::gift::QuestionType::Matching: {
        const auto options = quiz::matchingOptions(question);
        for (std::size_t i = 0; i < quiz::matchingItems(question).size(); ++i)
            response.choices.push_back(options.empty() ? quiz::kNoChoice : static_cast<std::uint32_t>(random() % options.size()));
        break;
    }
    case module::gift::QuestionType::Numerical:
        response.text = std::to_string(random() % 100);
        break;
    case module::gift::QuestionType::ShortAnswer:
        response.text = question.answers.empty() || random() % 2 ? "I am not sure" : question.answers.front().text;
        break;
    case module::gift::QuestionType::Essay:
        response.text = "I would ask someone I trust before I click.";
        break;
    }
    const std::uint64_t run = m_screen.run;
    const std::uint32_t number = asked.number;
    QTimer::singleShot(300 + static_cast<int>(random() % 1500), &m_timers, [this, run, number, response] {
        if (!m_open || m_screen.run != run || !m_screen.open || !onAnswer)
            return;
        for (const QuizQuestion& question : m_screen.questions)
            if (question.number == number && question.status == AnswerStatus::NotAnswered)
                onAnswer(number, response);
    });
}

}  // namespace classroom::agent
