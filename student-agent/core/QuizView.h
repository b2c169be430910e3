#pragma once

#include "common/module/Gift.h"
#include "common/quiz/Response.h"

#include <QString>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <vector>

namespace classroom::agent {

// Where the learner's answer to a question is on its way to the console.
enum class AnswerStatus {
    NotAnswered,
    Sending,   // kept on this PC; "answer sent" is only said once the console has stored it
    Sent,      // the console has stored it
    SentLate,  // stored, but after the trainer had closed the question
    Refused,   // the console will not take it; `detail` says why
};

struct QuizQuestion {
    std::uint32_t number = 0;  // index into the module's question list (what travels on the wire)
    module::gift::Question question;
    std::optional<quiz::Response> lastAnswer;  // what this learner last sent, if anything
    AnswerStatus status = AnswerStatus::NotAnswered;
    QString detail;  // for Refused: the console's reason, in plain words
};

// What the learner's quiz screen shows. Live: one question at a time that the
// trainer opens and closes, maybe with a countdown. Self-paced: a set of
// questions the learner goes through in their own order.
struct QuizScreen {
    std::uint64_t run = 0;  // changes when the trainer asks something new
    bool live = true;
    bool open = true;     // answers are taken; when closed the controls are disabled
    bool reveal = false;  // show the right answers and the feedback for the learner's own answers
    // Live with a countdown: when the question closes (this PC's clock).
    std::optional<std::chrono::steady_clock::time_point> closesAt;
    QString moduleTitle;
    std::filesystem::path moduleDirectory;  // images in question texts are resolved inside it
    std::vector<QuizQuestion> questions;
};

// What shows questions to the learner: a window, or log lines when headless.
// The core decides what is asked and what the answer status is; the view
// shows it and reports answers.
class QuizView {
public:
    virtual ~QuizView() = default;
    // Shows `screen`. Called again with the same run when something changes
    // (closed, revealed, an answer's status): the view keeps what the learner
    // is typing or has selected but not sent yet.
    virtual void showQuiz(const QuizScreen& screen) = 0;
    // No quiz any more: hide it.
    virtual void closeQuiz() = 0;

    // The learner pressed "Send" on question `number` with this response. The
    // core stores it, sends it and calls showQuiz() with the new status.
    std::function<void(std::uint32_t number, const quiz::Response& response)> onAnswer;
};

}  // namespace classroom::agent
