// The learners and results half of ConsoleController's quizzes: learner
// codes (typed or from a roster), the trainer's grades, and the session
// report the results window and the exports show.
#include "teacher-console/core/ConsoleController.h"

#include "common/quiz/Grading.h"
#include "teacher-console/core/LearnerRoster.h"
#include "teacher-console/core/QuizText.h"

#include <QDateTime>

#include <algorithm>
#include <fstream>
#include <set>

namespace classroom::console {
namespace {

namespace grading = classroom::quiz;

std::string localTime(std::int64_t unixMs)
{
    return QDateTime::fromMSecsSinceEpoch(unixMs).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")).toStdString();
}

std::string localTime(const std::string& isoUtc)
{
    const QDateTime at = QDateTime::fromString(QString::fromStdString(isoUtc), Qt::ISODateWithMs);
    return at.isValid() ? at.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")).toStdString() : isoUtc;
}

}  // namespace

// ---------------------------------------------------------------- learners and grades

Result<void> ConsoleController::setLearner(const std::string& key, const QString& code)
{
    Seat* seat = m_roster.find(key);
    if (!seat)
        return Result<void>::failure("there is no such seat");
    QString normalised;
    if (!code.trimmed().isEmpty()) {
        auto checked = normaliseLearnerCode(code);
        if (!checked)
            return Result<void>::failure(checked.error());
        normalised = checked.value();
        for (const Seat& other : m_roster.seats())
            if (other.key != key && other.learner == normalised)
                return Result<void>::failure("learner " + normalised.toStdString() + " already sits at " +
                                             other.name.toStdString());
    }
    if (auto saved = m_store->setLearners(m_sessionId, {{key, normalised.toStdString()}},
                                          {utcNowIso8601(), m_settings.actor, "set_learner", seat->name.toStdString(),
                                           normalised.toStdString()});
        !saved)
        return saved;
    seat->learner = normalised;
    m_roster.seatChanged(key);
    Q_EMIT learnersChanged();
    return Result<void>::success();
}

Result<int> ConsoleController::importRoster(const std::filesystem::path& csvFile)
{
    using R = Result<int>;
    std::ifstream in(csvFile, std::ios::binary);
    if (!in)
        return R::failure("cannot read " + csvFile.string());
    std::string text;
    text.resize(1024 * 1024 + 1);
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<std::size_t>(in.gcount()));
    if (text.size() > 1024 * 1024)
        return R::failure(csvFile.string() + " is larger than 1 MB; a class roster is a few kilobytes");
    auto lines = parseRoster(text, csvFile.filename().string());
    if (!lines)
        return R::failure(lines.error());
    std::vector<std::pair<std::string, std::string>> codes;
    std::map<QString, int> lineOfCode;
    std::string problems;
    const std::string source = csvFile.filename().string();
    for (const RosterLine& line : lines.value()) {
        const std::string where = source + ":" + std::to_string(line.line) + ": ";
        const Seat* match = nullptr;
        for (const Seat& seat : m_roster.seats())
            if (seat.name.compare(line.seat, Qt::CaseInsensitive) == 0 ||
                (!seat.hostName.isEmpty() && seat.hostName.compare(line.seat, Qt::CaseInsensitive) == 0))
                match = &seat;
        if (!match) {
            problems += where + "no seat or computer is called '" + line.seat.toStdString() + "'\n";
            continue;
        }
        if (const auto seen = lineOfCode.find(line.code); seen != lineOfCode.end()) {
            problems += where + "learner " + line.code.toStdString() + " is already on line " +
                        std::to_string(seen->second) + "\n";
            continue;
        }
        lineOfCode[line.code] = line.line;
        codes.emplace_back(match->key, line.code.toStdString());
    }
    if (!problems.empty()) {
        problems.pop_back();
        return R::failure(problems);
    }
    // Seats the roster does not name keep their code unless it now belongs to
    // someone the roster placed elsewhere.
    for (const Seat& seat : m_roster.seats()) {
        const bool named = std::any_of(codes.begin(), codes.end(), [&](const auto& c) { return c.first == seat.key; });
        if (!named && !seat.learner.isEmpty() && lineOfCode.count(seat.learner) != 0)
            codes.emplace_back(seat.key, std::string());
    }
    if (auto saved = m_store->setLearners(m_sessionId, codes, {utcNowIso8601(), m_settings.actor, "import_roster", "",
                                                               csvFile.string()});
        !saved)
        return R::failure(saved.error());
    for (const auto& [key, code] : codes) {
        m_roster.find(key)->learner = QString::fromStdString(code);
        m_roster.seatChanged(key);
    }
    Q_EMIT learnersChanged();
    return R::success(static_cast<int>(lineOfCode.size()));
}

Result<void> ConsoleController::gradeAnswer(const std::string& seatKey, std::uint64_t answerId, double score)
{
    if (!(score >= 0.0 && score <= 1.0))
        return Result<void>::failure("a grade is between 0 and 100 %");
    const Seat* seat = m_roster.find(seatKey);
    auto graded = m_store->gradeAnswer(seatKey, answerId, score,
                                       {utcNowIso8601(), m_settings.actor, "grade_answer",
                                        seat ? seat->name.toStdString() : seatKey,
                                        std::to_string(answerId) + ": " + std::to_string(score * 100.0) + " %"});
    if (!graded)
        return Result<void>::failure(graded.error());
    if (!graded.value())
        return Result<void>::failure("there is no such answer");
    return Result<void>::success();
}

// ---------------------------------------------------------------- results

Result<SessionReport> ConsoleController::sessionReport(std::int64_t sessionId)
{
    using R = Result<SessionReport>;
    SessionReport report;
    report.sessionId = sessionId;
    report.generatedAt = QDateTime::currentDateTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")).toStdString();
    if (auto session = m_store->session(sessionId); session && session.value()) {
        report.startedAt = localTime(session.value()->startedAt);
        report.trainer = session.value()->actor;
    }
    auto quizzes = m_store->quizzesOfSession(sessionId);
    auto answers = m_store->answersOfSession(sessionId);
    auto codes = m_store->learners(sessionId);
    if (!quizzes || !answers || !codes)
        return R::failure(!quizzes ? quizzes.error() : !answers ? answers.error() : codes.error());

    std::map<std::string, std::string> codeOf(codes.value().begin(), codes.value().end());
    std::map<std::string, std::string> seatNameOf;
    for (const Seat& seat : m_roster.seats())
        seatNameOf[seat.key] = seat.name.toStdString();
    auto learnerOf = [&](const std::string& key, const std::string& storedLearner) {
        if (!storedLearner.empty())
            return storedLearner;
        if (const auto code = codeOf.find(key); code != codeOf.end())
            return code->second;
        return "(seat " + (seatNameOf.count(key) ? seatNameOf[key] : key.substr(0, 8)) + ")";
    };

    // Which answer counts: per (quiz, question, learner) the latest by the PC's clock.
    std::map<std::tuple<std::uint64_t, std::uint32_t, std::string>, std::size_t> counting;
    for (std::size_t i = 0; i < answers.value().size(); ++i) {
        const StoredAnswer& answer = answers.value()[i];
        const auto key = std::make_tuple(answer.quizId, answer.question, learnerOf(answer.seatKey, answer.learner));
        const auto found = counting.find(key);
        if (found == counting.end() || answers.value()[found->second].answeredAtMs <= answer.answeredAtMs)
            counting[key] = i;
    }
    std::set<std::size_t> counts;
    for (const auto& [key, index] : counting)
        counts.insert(index);

    std::map<std::uint64_t, const StoredQuiz*> quizById;
    for (const StoredQuiz& quiz : quizzes.value()) {
        quizById[quiz.id] = &quiz;
        if (std::find(report.moduleTitles.begin(), report.moduleTitles.end(), quiz.moduleTitle) == report.moduleTitles.end())
            report.moduleTitles.push_back(quiz.moduleTitle);
    }
    // Questions in the order they were asked; one entry per (module, question).
    std::map<std::pair<std::string, std::uint32_t>, std::size_t> questionIndex;
    std::map<std::string, LearnerResult> learners;
    for (const StoredQuiz& quiz : quizzes.value()) {
        auto list = m_library->questions(quiz.moduleId);
        for (std::uint32_t number : quiz.questions) {
            const module::gift::Question* question =
                list && number < list.value()->size() ? &(*list.value())[number] : nullptr;
            if (question && question->type == module::gift::QuestionType::Description)
                continue;
            if (questionIndex.emplace(std::make_pair(quiz.moduleId, number), report.questions.size()).second) {
                QuestionResult result;
                result.questionNumber = static_cast<int>(number) + 1;
                if (question) {
                    result.questionTitle = questionTitle(*question);
                    result.questionText = questionText(*question);
                    result.questionType = std::string(module::gift::toString(question->type));
                    result.correctAnswer = grading::correctAnswerText(*question);
                    for (const std::string& label : grading::choiceLabels(*question))
                        result.distribution.emplace_back(label, 0);
                } else {
                    result.questionTitle = "question " + std::to_string(number + 1) + " (module no longer in the library)";
                }
                report.questions.push_back(std::move(result));
            }
            for (const std::string& key : quiz.seatKeys) {
                LearnerResult& learner = learners[learnerOf(key, "")];
                learner.learner = learnerOf(key, "");
                learner.seatName = seatNameOf.count(key) ? seatNameOf[key] : key.substr(0, 8);
                ++learner.questionsAsked;
                learner.maxPoints += 1.0;
            }
        }
    }

    std::map<std::size_t, std::pair<double, int>> scoreSums;  // question -> (sum, graded)
    for (std::size_t i = 0; i < answers.value().size(); ++i) {
        const StoredAnswer& answer = answers.value()[i];
        const StoredQuiz* quiz = quizById.count(answer.quizId) ? quizById[answer.quizId] : nullptr;
        auto list = quiz ? m_library->questions(quiz->moduleId) : Result<const std::vector<module::gift::Question>*>::failure("");
        const module::gift::Question* question =
            list && answer.question < list.value()->size() ? &(*list.value())[answer.question] : nullptr;
        const grading::Response response{answer.choices, answer.text};
        AnswerRow row;
        row.learner = learnerOf(answer.seatKey, answer.learner);
        row.seatName = answer.seatName;
        row.quizId = answer.quizId;
        row.live = quiz ? quiz->live : true;
        row.moduleTitle = quiz ? quiz->moduleTitle : std::string();
        row.questionNumber = static_cast<int>(answer.question) + 1;
        row.questionTitle = question ? questionTitle(*question) : std::string();
        row.questionType = question ? std::string(module::gift::toString(question->type)) : std::string();
        row.response = question ? grading::describeResponse(*question, response) : answer.text;
        row.score = answer.score;
        row.gradedByTrainer = !answer.gradedBy.empty();
        row.late = answer.late;
        row.counts = counts.count(i) != 0;
        row.answeredAt = localTime(static_cast<std::int64_t>(answer.answeredAtMs));
        row.receivedAt = localTime(static_cast<std::int64_t>(answer.receivedAtMs));
        report.answers.push_back(row);
        if (!row.counts || !quiz)
            continue;
        const auto q = questionIndex.find({quiz->moduleId, answer.question});
        if (q == questionIndex.end())
            continue;
        QuestionResult& result = report.questions[q->second];
        ++result.answered;
        LearnerResult& learner = learners[row.learner];
        learner.learner = row.learner;
        if (learner.seatName.empty())
            learner.seatName = row.seatName;
        ++learner.answered;
        if (answer.score) {
            learner.points += *answer.score;
            scoreSums[q->second].first += *answer.score;
            ++scoreSums[q->second].second;
            if (*answer.score >= 0.9999)
                ++result.fullMarks;
        } else {
            ++result.awaitingGrading;
            ++learner.awaitingGrading;
        }
        if (question)
            for (const std::string& label : grading::distributionLabelsFor(*question, response)) {
                auto bar = std::find_if(result.distribution.begin(), result.distribution.end(),
                                        [&](const auto& b) { return b.first == label; });
                if (bar == result.distribution.end())
                    result.distribution.emplace_back(label, 1);
                else
                    ++bar->second;
            }
    }
    for (QuestionResult& result : report.questions)
        if (result.questionType == "short answer" || result.questionType == "numerical")
            result.distribution = grading::limitTextBars(result.distribution);
    for (const auto& [index, sum] : scoreSums)
        if (sum.second > 0)
            report.questions[index].averageScore = sum.first / sum.second;
    for (auto& [code, learner] : learners)
        report.learners.push_back(std::move(learner));
    return R::success(std::move(report));
}

}  // namespace classroom::console
