#pragma once

#include "common/module/Gift.h"

#include <QString>

#include <string>

// How the console names a question to the trainer: in the audit log, the
// live tally and the session report.
namespace classroom::console {

// What the trainer reads for a question: its title, or the start of its text.
inline std::string questionTitle(const module::gift::Question& question)
{
    if (!question.title.empty())
        return question.title;
    QString text = QString::fromStdString(question.text).simplified();
    if (text.size() > 60)
        text = text.left(57) + QStringLiteral("...");
    return text.toStdString();
}

inline bool isFreeText(const module::gift::Question& question)
{
    return question.type == module::gift::QuestionType::ShortAnswer ||
           question.type == module::gift::QuestionType::Numerical;
}

inline std::string questionText(const module::gift::Question& question)
{
    std::string text = question.text;
    if (question.missingWord)
        text += "_____" + question.textAfter;
    return text;
}

}  // namespace classroom::console
