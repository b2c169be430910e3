#pragma once

#include <cstdint>
#include <string>
#include <vector>

// What a learner answered to one question, in the form that travels in an
// Answer message and is stored by the console. Which field is used depends on
// the question type (module::gift::QuestionType):
//
//   MultipleChoice    choices = {i}       i indexes question.answers
//   MultipleResponse  choices = {i, j..}  distinct indexes into question.answers, any order
//   TrueFalse         choices = {0} for "True", {1} for "False"
//   Matching          choices[k] = the index into matchingOptions(question) chosen for
//                     matchingItems(question)[k]; kNoChoice where the learner chose nothing
//   ShortAnswer       text = what was typed
//   Numerical         text = the number as typed ("3.5", "3,5" and " 1 822 " are accepted)
//   Essay             text = the essay
//   Description       nothing: there is nothing to answer
// A missing-word question is answered like its type.
namespace classroom::quiz {

inline constexpr std::uint32_t kNoChoice = 0xFFFFFFFFu;

struct Response {
    std::vector<std::uint32_t> choices;
    std::string text;
    bool operator==(const Response&) const = default;
};

}  // namespace classroom::quiz
