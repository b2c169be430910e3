#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

// The results of one teaching session as the trainer sees them and the
// exports write them. Built from console.db by ConsoleController::sessionReport();
// plain data, so the exports and their tests need no database.
namespace classroom::console {

// One answer a learner gave. Only the latest answer of a learner to a question
// in a quiz counts towards scores; earlier ones are kept (counts = false).
struct AnswerRow {
    std::string learner;        // learner code, or "(seat PC 3)" when the trainer assigned none
    std::string seatName;       // the PC it came from
    std::uint64_t quizId = 0;   // the quiz (live question or self-paced set) it answered
    bool live = true;
    std::string moduleTitle;
    int questionNumber = 0;     // 1-based, the question's place in the module's GIFT file
    std::string questionTitle;  // "::title::", or the start of the text when there is none
    std::string questionType;   // "multiple choice", "essay", ...
    std::string response;       // in words (quiz::describeResponse)
    std::optional<double> score;  // 0..1; nothing while an essay waits for the trainer
    bool gradedByTrainer = false;
    bool late = false;          // arrived after the trainer closed the question
    bool counts = true;         // false: replaced by a later answer of the same learner
    std::string answeredAt;     // the PC's clock, local time, "2026-11-23 10:42:07"
    std::string receivedAt;     // the console's clock, same form
};

struct QuestionResult {
    int questionNumber = 0;
    std::string questionTitle;
    std::string questionText;   // plain text, as the learner read it
    std::string questionType;
    std::string correctAnswer;  // in words (quiz::correctAnswerText); empty for essays
    int answered = 0;           // learners with an answer that counts
    int fullMarks = 0;          // of those, how many scored 1.0
    int awaitingGrading = 0;    // essays not graded yet
    std::optional<double> averageScore;  // over graded answers that count, 0..1
    std::vector<std::pair<std::string, int>> distribution;  // bar label -> learners
};

struct LearnerResult {
    std::string learner;
    std::string seatName;
    int questionsAsked = 0;    // questions put to this learner's seat in the session
    int answered = 0;
    int awaitingGrading = 0;
    double points = 0.0;       // sum of scores of answers that count
    double maxPoints = 0.0;    // one point per question asked, essays included
};

struct SessionReport {
    std::int64_t sessionId = 0;
    std::string startedAt;    // local time, "2026-11-23 09:00"
    std::string trainer;      // who ran the console
    std::string generatedAt;  // local time
    std::vector<std::string> moduleTitles;  // of the quizzes in the session
    std::vector<QuestionResult> questions;  // in the order they were asked
    std::vector<LearnerResult> learners;    // by learner code
    std::vector<AnswerRow> answers;         // in the order they arrived
};

}  // namespace classroom::console
