// The quiz commands of the headless console: the same actions as the quiz
// panel of the window, one line each.
#include "teacher-console/core/HeadlessConsole.h"

#include "common/quiz/Grading.h"
#include "teacher-console/core/QuizReport.h"

#include <QDir>
#include <QStringList>

namespace classroom::console {

std::vector<std::string> HeadlessConsole::seatsWithModule() const
{
    std::vector<std::string> keys;
    for (const Seat& seat : m_controller.roster().seats())
        if (!seat.desired.moduleId.empty())
            keys.push_back(seat.key);
    return keys;
}

QString HeadlessConsole::tallyText(std::uint64_t quizId)
{
    const StoredQuiz* quiz = m_controller.quiz(quizId);
    if (!quiz)
        return tr("No question is on the screens. Ask one with 'ask N'.");
    QStringList lines;
    lines << tr("%1 (%2)").arg(quiz->live ? tr("Live question") : tr("Self-paced quiz"),
                                quiz->open ? tr("taking answers") : tr("answers stopped"));
    for (std::uint32_t number : quiz->questions) {
        const QuizTally tally = m_controller.tally(quizId, number);
        lines << tr("  Question %1: %2 of %3 answered").arg(number + 1).arg(tally.answered).arg(tally.asked);
        if (!quiz->live)
            continue;
        for (const auto& [label, count] : tally.bars)
            lines << QStringLiteral("    %1  %2  %3")
                         .arg(QString(std::min(count, 40), QChar(0x2588)), -12)
                         .arg(count, 3)
                         .arg(QString::fromStdString(label).left(70));
    }
    return lines.join(QLatin1Char('\n'));
}

bool HeadlessConsole::quizCommand(const QString& command, const QString& rest, QString& output)
{
    const std::uint64_t current = m_controller.currentQuiz();
    if (command == QLatin1String("questions")) {
        const std::vector<std::string> keys = seatsWithModule();
        const Seat* first = keys.empty() ? nullptr : m_controller.roster().find(keys.front());
        auto questions = first ? m_controller.questionsOf(first->desired.moduleId)
                               : Result<const std::vector<module::gift::Question>*>::failure(
                                     "no seat has a module; send one with 'send N'");
        if (!questions) {
            output = tr("No questions: %1").arg(QString::fromStdString(questions.error()));
            return true;
        }
        QStringList lines;
        int number = 0;
        for (const module::gift::Question& question : *questions.value()) {
            const QString title = QString::fromStdString(question.title.empty() ? question.text : question.title);
            lines << tr("  %1. %2 (%3)").arg(++number).arg(title.simplified().left(70),
                                                           QString::fromUtf8(module::gift::toString(question.type).data()));
        }
        output = lines.isEmpty() ? tr("This module has no questions.") : lines.join(QLatin1Char('\n'));
    } else if (command == QLatin1String("ask")) {
        bool numberOk = false;
        bool secondsOk = true;
        const int number = rest.section(QLatin1Char(' '), 0, 0).toInt(&numberOk);
        const QString secondsText = rest.section(QLatin1Char(' '), 1, 1);
        const int seconds = secondsText.isEmpty() ? 0 : secondsText.toInt(&secondsOk);
        if (!numberOk || number < 1 || !secondsOk || seconds < 0) {
            output = tr("Which question? For example: ask 3, or ask 3 60 for a one-minute countdown.");
            return true;
        }
        auto asked = m_controller.askLive(seatsWithModule(), static_cast<std::uint32_t>(number - 1),
                                          std::chrono::seconds(seconds));
        output = asked ? tr("Question %1 is on the screens.").arg(number)
                       : tr("Could not ask: %1").arg(QString::fromStdString(asked.error()));
    } else if (command == QLatin1String("quiz")) {
        auto started = m_controller.startSelfPaced(seatsWithModule());
        output = started ? tr("The quiz is on the screens; learners answer at their own pace.")
                         : tr("Could not start the quiz: %1").arg(QString::fromStdString(started.error()));
    } else if (command == QLatin1String("stop-answers") || command == QLatin1String("reveal") ||
               command == QLatin1String("end-quiz")) {
        if (current == 0) {
            output = tr("No question is on the screens.");
            return true;
        }
        const Result<void> done = command == QLatin1String("stop-answers") ? m_controller.closeQuiz(current)
                                  : command == QLatin1String("reveal")     ? m_controller.revealQuiz(current)
                                                                           : m_controller.endQuiz(current);
        output = !done ? tr("Could not do that: %1").arg(QString::fromStdString(done.error()))
                 : command == QLatin1String("stop-answers") ? tr("Answers stopped. Late answers are still kept, marked late.")
                 : command == QLatin1String("reveal")       ? tr("The right answers are on the screens.")
                                                            : tr("The question is off the screens; its answers are kept.");
    } else if (command == QLatin1String("tally")) {
        output = tallyText(current);
    } else if (command == QLatin1String("learner")) {
        QString code;
        const Seat* seat = seatAtStartOf(rest, &code);
        if (!seat) {
            output = tr("Which seat? For example: learner PC 3 L-0412");
            return true;
        }
        const QString seatName = seat->name;
        auto set = m_controller.setLearner(seat->key, code);
        output = !set ? tr("Could not set the learner code: %1").arg(QString::fromStdString(set.error()))
                 : code.isEmpty() ? tr("%1 has no learner code now.").arg(seatName)
                                  : tr("%1 is learner %2.").arg(seatName, code.trimmed());
    } else if (command == QLatin1String("roster")) {
        auto imported = m_controller.importRoster(rest.toStdString());
        output = imported ? tr("Learner codes given to %1 seat(s).").arg(imported.value())
                          : tr("The roster was not used:\n%1").arg(QString::fromStdString(imported.error()));
    } else if (command == QLatin1String("results")) {
        auto report = m_controller.sessionReport(m_controller.sessionId());
        if (!report) {
            output = tr("Could not read the results: %1").arg(QString::fromStdString(report.error()));
            return true;
        }
        QStringList lines;
        for (const LearnerResult& learner : report.value().learners)
            lines << tr("  %1 (%2): %3 of %4 points, %5 answered%6")
                         .arg(QString::fromStdString(learner.learner), QString::fromStdString(learner.seatName))
                         .arg(learner.points, 0, 'f', 1)
                         .arg(learner.maxPoints, 0, 'f', 0)
                         .arg(learner.answered)
                         .arg(learner.awaitingGrading > 0 ? tr(", %1 to grade").arg(learner.awaitingGrading) : QString());
        output = lines.isEmpty() ? tr("No question has been asked in this session yet.") : lines.join(QLatin1Char('\n'));
    } else if (command == QLatin1String("export")) {
        auto report = m_controller.sessionReport(m_controller.sessionId());
        if (rest.isEmpty() || !report) {
            output = rest.isEmpty() ? tr("Into which folder? For example: export /home/trainer/results")
                                    : tr("Could not read the results: %1").arg(QString::fromStdString(report.error()));
            return true;
        }
        const QDir folder(rest);
        const QString base = reportFileBaseName(report.value());
        const std::filesystem::path answers = folder.filePath(base + QStringLiteral("-answers.csv")).toStdString();
        const std::filesystem::path learners = folder.filePath(base + QStringLiteral("-learners.csv")).toStdString();
        const std::filesystem::path pdf = folder.filePath(base + QStringLiteral(".pdf")).toStdString();
        Result<void> written = writeAnswersCsv(report.value(), answers);
        if (written)
            written = writeLearnersCsv(report.value(), learners);
        if (written)
            written = writeReportPdf(report.value(), pdf);
        output = written ? tr("Saved %1, %2 and %3.")
                               .arg(QString::fromStdString(answers.string()), QString::fromStdString(learners.string()),
                                    QString::fromStdString(pdf.string()))
                         : tr("Could not save: %1").arg(QString::fromStdString(written.error()));
    } else {
        return false;
    }
    return true;
}

}  // namespace classroom::console
