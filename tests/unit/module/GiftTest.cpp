// GIFT files are written by trainers with a text editor or exported from
// Moodle: every valid question must come through exactly, and every mistake
// must be reported with its line and what was expected, all at once.

#include "common/module/Gift.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>

using namespace classroom::module::gift;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

namespace {

std::string listed(const std::vector<ParseError>& errors)
{
    std::string out;
    for (const ParseError& e : errors) {
        out += "\n  line " + std::to_string(e.line) + ": " + e.message;
    }
    return out;
}

// The one question in `text`, which must parse without any problem.
Question only(std::string_view text)
{
    const ParseResult result = parse(text);
    EXPECT_TRUE(result.errors.empty()) << listed(result.errors);
    EXPECT_EQ(result.questions.size(), 1u);
    return result.questions.empty() ? Question() : result.questions.front();
}

// The one problem in `text`, which must yield no question.
ParseError onlyError(std::string_view text)
{
    const ParseResult result = parse(text);
    EXPECT_EQ(result.errors.size(), 1u) << listed(result.errors);
    EXPECT_TRUE(result.questions.empty());
    return result.errors.empty() ? ParseError() : result.errors.front();
}

std::vector<std::string> texts(const std::vector<Answer>& answers)
{
    std::vector<std::string> out;
    for (const Answer& a : answers) {
        out.push_back(a.text);
    }
    return out;
}

std::vector<double> weights(const std::vector<Answer>& answers)
{
    std::vector<double> out;
    for (const Answer& a : answers) {
        out.push_back(a.weight);
    }
    return out;
}

}  // namespace

// --- question types --------------------------------------------------------

TEST(Gift, MultipleChoiceWithOneRightAnswerKeepsAnswersInOrderWithFeedback)
{
    const Question q = only("Which of these is a strong password?\n"
                            "{=correct horse battery staple#Long beats clever. ~Password1#Too common. ~qwerty}");
    EXPECT_EQ(q.type, QuestionType::MultipleChoice);
    EXPECT_EQ(q.text, "Which of these is a strong password?");
    EXPECT_THAT(texts(q.answers), ElementsAre("correct horse battery staple", "Password1", "qwerty"));
    EXPECT_THAT(weights(q.answers), ElementsAre(100.0, 0.0, 0.0));
    EXPECT_EQ(q.answers[0].feedback, "Long beats clever.");
    EXPECT_EQ(q.answers[1].feedback, "Too common.");
    EXPECT_EQ(q.answers[2].feedback, "");
    EXPECT_FALSE(q.missingWord);
}

TEST(Gift, MultipleChoiceWrongAnswersMayCarryPartialCredit)
{
    const Question q = only("What should you do with a suspicious email?\n"
                            "{=Report it to the IT desk ~%50%Delete it ~%-25%Forward it to a colleague\n"
                            "~Open the link}");
    EXPECT_EQ(q.type, QuestionType::MultipleChoice);
    EXPECT_THAT(weights(q.answers), ElementsAre(100.0, 50.0, -25.0, 0.0));
    EXPECT_EQ(q.answers[1].text, "Delete it");
}

TEST(Gift, MultipleResponseWithPartialCreditKeepsEachWeight)
{
    const Question q = only(R"gift(Which of these are safe habits? {
    ~%50%Locking the screen when you leave#Yes.
    ~%50%Using a different password for each site
    ~%-100%Writing the password on a sticky note#Never.
    ~%33.5%Checking the sender's address
})gift");
    EXPECT_EQ(q.type, QuestionType::MultipleResponse);
    EXPECT_THAT(weights(q.answers), ElementsAre(50.0, 50.0, -100.0, 33.5));
    EXPECT_EQ(q.answers[0].text, "Locking the screen when you leave");
    EXPECT_EQ(q.answers[0].feedback, "Yes.");
    EXPECT_EQ(q.answers[2].feedback, "Never.");
    EXPECT_EQ(q.answers[3].line, 5);
}

TEST(Gift, AnswersMaySpanLinesAndAreTrimmed)
{
    const Question q = only("What is a firewall?\n"
                            "{\n"
                            "  =   a filter between a computer\n"
                            "      and the network   # right\n"
                            "  ~ a wall that stops fires   \n"
                            "}\n");
    EXPECT_THAT(texts(q.answers), ElementsAre("a filter between a computer\n      and the network",
                                              "a wall that stops fires"));
    EXPECT_EQ(q.answers[0].feedback, "right");
    EXPECT_EQ(q.answers[0].line, 3);
    EXPECT_EQ(q.answers[1].line, 5);
}

TEST(Gift, TrueFalseAcceptsEveryWayOfWritingTrueAndFalse)
{
    const ParseResult result = parse("A is true. {T}\n\nB is true. {TRUE}\n\nC is false. {F}\n\nD is false. {FALSE}\n\n"
                                     "E is true. { true }\n\nF is false. {False}\n");
    ASSERT_TRUE(result.errors.empty()) << listed(result.errors);
    ASSERT_EQ(result.questions.size(), 6u);
    std::vector<bool> correct;
    for (const Question& q : result.questions) {
        EXPECT_EQ(q.type, QuestionType::TrueFalse);
        EXPECT_TRUE(q.answers.empty());
        correct.push_back(q.correct);
    }
    EXPECT_THAT(correct, ElementsAre(true, true, false, false, true, false));
}

TEST(Gift, TrueFalseKeepsFeedbackForWrongAndRightAnswersAndGeneralFeedback)
{
    const Question q = only("::Backups::An external disk kept next to the computer is a safe backup.\n"
                            "{F#A fire or a thief takes both.#Right: keep one copy elsewhere.####Think 3-2-1.}");
    EXPECT_EQ(q.type, QuestionType::TrueFalse);
    EXPECT_FALSE(q.correct);
    EXPECT_EQ(q.feedbackWrong, "A fire or a thief takes both.");
    EXPECT_EQ(q.feedbackRight, "Right: keep one copy elsewhere.");
    EXPECT_EQ(q.generalFeedback, "Think 3-2-1.");
    EXPECT_EQ(q.title, "Backups");
}

TEST(Gift, ShortAnswerAcceptsSeveralAnswersWithWeights)
{
    const Question q = only("Which protocol puts the padlock in the address bar? {=HTTPS =https#Case does not matter. "
                            "=%50%TLS#Close: TLS is inside HTTPS.}");
    EXPECT_EQ(q.type, QuestionType::ShortAnswer);
    EXPECT_THAT(texts(q.answers), ElementsAre("HTTPS", "https", "TLS"));
    EXPECT_THAT(weights(q.answers), ElementsAre(100.0, 100.0, 50.0));
    EXPECT_EQ(q.answers[2].feedback, "Close: TLS is inside HTTPS.");
}

TEST(Gift, ShortAnswerWithoutEqualsSignAcceptsTheSingleAnswer)
{
    const Question q = only("What is the capital of France? {Paris}");
    EXPECT_EQ(q.type, QuestionType::ShortAnswer);
    EXPECT_THAT(texts(q.answers), ElementsAre("Paris"));
    EXPECT_THAT(weights(q.answers), ElementsAre(100.0));
}

TEST(Gift, NumericalExactValueHasNoTolerance)
{
    const Question q = only("How many bits are in a byte? {#8}");
    EXPECT_EQ(q.type, QuestionType::Numerical);
    ASSERT_EQ(q.answers.size(), 1u);
    const Answer& a = q.answers.front();
    EXPECT_EQ(a.text, "8");
    EXPECT_EQ(a.value, 8.0);
    EXPECT_EQ(a.tolerance, 0.0);
    EXPECT_EQ(a.min, 8.0);
    EXPECT_EQ(a.max, 8.0);
    EXPECT_FALSE(a.isRange);
    EXPECT_EQ(a.weight, 100.0);
}

TEST(Gift, NumericalWithToleranceSetsMinAndMax)
{
    const Question q = only("When was Ulysses S. Grant born? {#1822:5#Within five years.}");
    ASSERT_EQ(q.answers.size(), 1u);
    const Answer& a = q.answers.front();
    EXPECT_EQ(a.value, 1822.0);
    EXPECT_EQ(a.tolerance, 5.0);
    EXPECT_EQ(a.min, 1817.0);
    EXPECT_EQ(a.max, 1827.0);
    EXPECT_EQ(a.feedback, "Within five years.");
    EXPECT_FALSE(a.isRange);
}

TEST(Gift, NumericalRangeSetsMiddleAndHalfWidth)
{
    const Question q = only("What is the value of pi (to 3 decimal places)? {#3.141..3.142}");
    ASSERT_EQ(q.answers.size(), 1u);
    const Answer& a = q.answers.front();
    EXPECT_TRUE(a.isRange);
    EXPECT_DOUBLE_EQ(a.min, 3.141);
    EXPECT_DOUBLE_EQ(a.max, 3.142);
    EXPECT_DOUBLE_EQ(a.value, 3.1415);
    EXPECT_NEAR(a.tolerance, 0.0005, 1e-12);

    const Question negative = only("Coldest night last winter, in degrees? {#-12..-8}");
    EXPECT_EQ(negative.answers.front().min, -12.0);
    EXPECT_EQ(negative.answers.front().max, -8.0);
}

TEST(Gift, NumericalWithSeveralAnswersKeepsPartialCreditAndWrongAnswerFeedback)
{
    const Question q = only("When was Ulysses S. Grant born? {#\n"
                            "    =1822:0      #Correct! Full credit.\n"
                            "    =%50%1822:2  #He was born in 1822. Half credit for being close.\n"
                            "    ~#Look it up in the encyclopaedia.\n"
                            "}");
    EXPECT_EQ(q.type, QuestionType::Numerical);
    ASSERT_EQ(q.answers.size(), 3u);
    EXPECT_THAT(weights(q.answers), ElementsAre(100.0, 50.0, 0.0));
    EXPECT_EQ(q.answers[1].tolerance, 2.0);
    EXPECT_EQ(q.answers[1].feedback, "He was born in 1822. Half credit for being close.");
    EXPECT_TRUE(q.answers[2].anyValue);
    EXPECT_EQ(q.answers[2].text, "*");
    EXPECT_EQ(q.answers[2].feedback, "Look it up in the encyclopaedia.");
    EXPECT_FALSE(q.answers[0].anyValue);
}

TEST(Gift, NumericalStarAcceptsAnyOtherNumberAndWrongValuesMayBeListed)
{
    const Question q = only("How many days has a leap year? {#=366 ~365#That is a normal year. =%0%*#No.}");
    ASSERT_EQ(q.answers.size(), 3u);
    EXPECT_EQ(q.answers[1].value, 365.0);
    EXPECT_EQ(q.answers[1].weight, 0.0);
    EXPECT_FALSE(q.answers[1].anyValue);
    EXPECT_TRUE(q.answers[2].anyValue);
    EXPECT_EQ(q.answers[2].feedback, "No.");
}

TEST(Gift, MatchingKeepsEveryPairInOrder)
{
    const Question q = only(R"gift(::Ports::Match each service with its port. {
    =HTTP -> 80
    =HTTPS -> 443
    =SSH -> 22
    ####Ports below 1024 need administrator rights.
})gift");
    EXPECT_EQ(q.type, QuestionType::Matching);
    ASSERT_EQ(q.answers.size(), 3u);
    EXPECT_EQ(q.answers[0].text, "HTTP");
    EXPECT_EQ(q.answers[0].match, "80");
    EXPECT_EQ(q.answers[2].text, "SSH");
    EXPECT_EQ(q.answers[2].match, "22");
    EXPECT_EQ(q.generalFeedback, "Ports below 1024 need administrator rights.");
}

TEST(Gift, MatchingPairWithEmptyLeftSideIsAnExtraWrongChoice)
{
    const Question q = only("Match the animal with its food. {=cat -> fish =cow -> grass = -> stones}");
    ASSERT_EQ(q.answers.size(), 3u);
    EXPECT_EQ(q.answers[2].text, "");
    EXPECT_EQ(q.answers[2].match, "stones");
}

TEST(Gift, MissingWordKeepsTextBeforeAndAfterTheBlank)
{
    const Question q = only("Never share your {=password ~username ~screen name} with anyone, not even IT staff.");
    EXPECT_TRUE(q.missingWord);
    EXPECT_EQ(q.type, QuestionType::MultipleChoice);
    EXPECT_EQ(q.text, "Never share your ");
    EXPECT_EQ(q.textAfter, " with anyone, not even IT staff.");

    const Question tight = only("The capital of France is {=Paris}.");
    EXPECT_EQ(tight.type, QuestionType::ShortAnswer);
    EXPECT_EQ(tight.text, "The capital of France is ");
    EXPECT_EQ(tight.textAfter, ".");
}

TEST(Gift, MissingWordBlankMayStartTheSentence)
{
    const Question q = only("{=Phishing ~Fishing} is a trick to steal passwords by email.");
    EXPECT_TRUE(q.missingWord);
    EXPECT_EQ(q.text, "");
    EXPECT_EQ(q.textAfter, " is a trick to steal passwords by email.");
}

TEST(Gift, EmptyBlockIsAnEssayAndKeepsGeneralFeedback)
{
    const Question q = only("Describe how you would spot a fake login page. {####Look at the address bar first.}");
    EXPECT_EQ(q.type, QuestionType::Essay);
    EXPECT_TRUE(q.answers.empty());
    EXPECT_EQ(q.generalFeedback, "Look at the address bar first.");
    EXPECT_EQ(only("Write about your week. { }").type, QuestionType::Essay);
}

TEST(Gift, TextWithoutBlockIsADescription)
{
    const Question q = only("::Part 2::The next questions are about email.");
    EXPECT_EQ(q.type, QuestionType::Description);
    EXPECT_EQ(q.title, "Part 2");
    EXPECT_EQ(q.text, "The next questions are about email.");
    EXPECT_TRUE(q.answers.empty());
}

// --- shared syntax ----------------------------------------------------------

TEST(Gift, TitleIsTakenFromDoubleColonsAndTrimmed)
{
    const Question q = only(":: Q1 - Ports ::  Which port does HTTPS use? {=443 ~80}");
    EXPECT_EQ(q.title, "Q1 - Ports");
    EXPECT_EQ(q.text, "Which port does HTTPS use?");
}

TEST(Gift, GeneralFeedbackFollowsFourHashes)
{
    const Question q = only("2 + 2 = ? {=4#Yes. ~5#No.####Count on your fingers.}");
    EXPECT_EQ(q.text, "2 + 2 = ?");
    EXPECT_THAT(texts(q.answers), ElementsAre("4", "5"));
    EXPECT_EQ(q.answers[1].feedback, "No.");
    EXPECT_EQ(q.generalFeedback, "Count on your fingers.");
}

TEST(Gift, CommentLinesAreIgnoredBetweenAndInsideQuestions)
{
    const ParseResult result = parse(R"gift(// Quiz for week 3, written by the trainer
// Question 1
Which key locks a Windows screen? {
    // the classic shortcut
    =Windows+L
    ~Ctrl+C   // not a comment, part of the answer
}

  // indented comment between questions
Is http://example.org a secure address? {F}
)gift");
    ASSERT_TRUE(result.errors.empty()) << listed(result.errors);
    ASSERT_EQ(result.questions.size(), 2u);
    const Question& q = result.questions.front();
    EXPECT_EQ(q.line, 3);
    EXPECT_THAT(texts(q.answers), ElementsAre("Windows+L", "Ctrl+C   // not a comment, part of the answer"));
    EXPECT_EQ(result.questions[1].line, 10);
    EXPECT_EQ(result.questions[1].text, "Is http://example.org a secure address?");
}

TEST(Gift, CommentLineDoesNotEndAQuestion)
{
    // As in Moodle, only a blank line separates questions.
    const ParseError e = onlyError("First? {T}\n// next question\nSecond? {F}\n");
    EXPECT_EQ(e.line, 3);
    EXPECT_THAT(e.message, HasSubstr("second answer block"));
}

TEST(Gift, CommentLineBetweenBlankLinesSeparatesNothing)
{
    const ParseResult result = parse("First? {T}\n\n// a comment\n\nSecond? {F}\n");
    ASSERT_TRUE(result.errors.empty()) << listed(result.errors);
    ASSERT_EQ(result.questions.size(), 2u);
    EXPECT_EQ(result.questions[1].line, 5);
    EXPECT_EQ(result.questions[1].text, "Second?");
}

TEST(Gift, CategoryAppliesToTheQuestionsAfterIt)
{
    const ParseResult result = parse("No category yet. {T}\n\n"
                                     "$CATEGORY: $course$/Safety/Passwords\n\n"
                                     "First. {T}\n\n"
                                     "Second. {F}\n\n"
                                     "$CATEGORY:Safety/Email\n"
                                     "Third. {T}\n");
    ASSERT_TRUE(result.errors.empty()) << listed(result.errors);
    ASSERT_EQ(result.questions.size(), 4u);
    EXPECT_EQ(result.questions[0].category, "");
    EXPECT_EQ(result.questions[1].category, "$course$/Safety/Passwords");
    EXPECT_EQ(result.questions[2].category, "$course$/Safety/Passwords");
    EXPECT_EQ(result.questions[3].category, "Safety/Email");
    EXPECT_EQ(result.questions[3].line, 10);
}

TEST(Gift, CategoryLineWithoutBlankLineBeforeItStillStartsANewQuestion)
{
    const ParseResult result = parse("First. {T}\n$CATEGORY: Later\nSecond. {F}\n");
    ASSERT_TRUE(result.errors.empty()) << listed(result.errors);
    ASSERT_EQ(result.questions.size(), 2u);
    EXPECT_EQ(result.questions[0].category, "");
    EXPECT_EQ(result.questions[1].category, "Later");
}

TEST(Gift, FormatPrefixSetsTheTextFormatInAnyLetterCase)
{
    EXPECT_EQ(only("Plain question? {T}").format, TextFormat::Moodle);
    EXPECT_EQ(only("[moodle]Moodle question? {T}").format, TextFormat::Moodle);
    EXPECT_EQ(only("[plain]Plain <b>question</b>? {T}").format, TextFormat::Plain);
    EXPECT_EQ(only("[HTML]<p>Is this <b>bold</b>?</p> {T}").format, TextFormat::Html);

    const Question q = only("::Bold::[markdown]Is **this** bold? {T}");
    EXPECT_EQ(q.format, TextFormat::Markdown);
    EXPECT_EQ(q.title, "Bold");
    EXPECT_EQ(q.text, "Is **this** bold?");
}

TEST(Gift, BracketTextThatIsNotAFormatStaysInTheQuestion)
{
    const Question q = only("[2 points] Name a browser. {=Firefox =Chromium}");
    EXPECT_EQ(q.format, TextFormat::Moodle);
    EXPECT_EQ(q.text, "[2 points] Name a browser.");
}

TEST(Gift, EscapesResolveToLiteralCharacters)
{
    const Question q = only(R"gift(::Time 12\:30::Which one is a set in maths: \{1, 2\}? {
    =\{1, 2\}#Braces\: \~ \= \# are escaped
    ~(1, 2)#Line one\nline two
    ~C:\\Users
})gift");
    EXPECT_EQ(q.title, "Time 12:30");
    EXPECT_EQ(q.text, "Which one is a set in maths: {1, 2}?");
    EXPECT_EQ(q.type, QuestionType::MultipleChoice);
    ASSERT_EQ(q.answers.size(), 3u);
    EXPECT_EQ(q.answers[0].text, "{1, 2}");
    EXPECT_EQ(q.answers[0].feedback, "Braces: ~ = # are escaped");
    EXPECT_EQ(q.answers[1].feedback, "Line one\nline two");
    EXPECT_EQ(q.answers[2].text, "C:\\Users");
}

TEST(Gift, EscapedSignsInShortAnswersDoNotStartNewAnswers)
{
    const Question q = only(R"gift(Complete: 2 + 2 \= ? {=2+2\=4 =four})gift");
    EXPECT_EQ(q.type, QuestionType::ShortAnswer);
    EXPECT_EQ(q.text, "Complete: 2 + 2 = ?");
    EXPECT_THAT(texts(q.answers), ElementsAre("2+2=4", "four"));
}

TEST(Gift, EscapedBracesAloneMakeADescription)
{
    const Question q = only(R"gift(In code, a block is written \{ like this \}.)gift");
    EXPECT_EQ(q.type, QuestionType::Description);
    EXPECT_EQ(q.text, "In code, a block is written { like this }.");
}

TEST(Gift, PercentAnswerThatIsNotAWeightStaysText)
{
    const Question q = only("Which format prints a whole number in C? {=%d ~%s}");
    EXPECT_THAT(texts(q.answers), ElementsAre("%d", "%s"));
    EXPECT_THAT(weights(q.answers), ElementsAre(100.0, 0.0));
}

TEST(Gift, CrlfLineEndingsAndByteOrderMarkAreAccepted)
{
    const ParseResult result = parse("\xEF\xBB\xBF// exported from Windows\r\n"
                                     "::Q1::Is this true?\r\n{T#No.#Yes.}\r\n\r\n"
                                     "Pick one. {\r\n=a\r\n~b\r\n}\r\n");
    ASSERT_TRUE(result.errors.empty()) << listed(result.errors);
    ASSERT_EQ(result.questions.size(), 2u);
    EXPECT_EQ(result.questions[0].title, "Q1");
    EXPECT_EQ(result.questions[0].feedbackRight, "Yes.");
    EXPECT_EQ(result.questions[0].line, 2);
    EXPECT_THAT(texts(result.questions[1].answers), ElementsAre("a", "b"));
    EXPECT_EQ(result.questions[1].line, 5);
}

TEST(Gift, NonAsciiTextIsKeptAsWritten)
{
    const Question q = only("::Café::Quelle est la capitale de l'Allemagne ? {=Berlin ~Zürich ~Москва}");
    EXPECT_EQ(q.title, "Café");
    EXPECT_THAT(texts(q.answers), ElementsAre("Berlin", "Zürich", "Москва"));
}

TEST(Gift, EmptyFileAndCommentOnlyFileHaveNoQuestionsAndNoErrors)
{
    EXPECT_EQ(parse(""), ParseResult());
    EXPECT_EQ(parse("\xEF\xBB\xBF"), ParseResult());
    EXPECT_EQ(parse("// nothing yet\n\n   \n// still nothing\n"), ParseResult());
}

TEST(Gift, RealisticQuizFileGivesEveryQuestionInOrder)
{
    const ParseResult result = parse(R"gift(// Module: Staying safe online
$CATEGORY: Safety

::Intro::Answer the questions on your own.

::Lock::Which keys lock the screen? {=Windows+L ~Ctrl+Alt ~F5}

::Habits::Pick the good habits. {~%50%Updates ~%50%Backups ~%-100%Reusing passwords}

::Backups::A backup on the same disk is enough. {F}

::Protocol::Name the secure web protocol. {=HTTPS =TLS}

::Bits::How many bits in a byte? {#8}

::Ports::Match. {=HTTP -> 80 =SSH -> 22}

::Blank::Always {=lock ~leave} your screen when you leave.

::Essay::Tell us about a scam you have seen. {}
)gift");
    ASSERT_TRUE(result.errors.empty()) << listed(result.errors);
    std::vector<std::string_view> types;
    for (const Question& q : result.questions) {
        types.push_back(toString(q.type));
        EXPECT_EQ(q.category, "Safety");
    }
    EXPECT_THAT(types, ElementsAre("description", "multiple choice", "multiple response", "true/false", "short answer",
                                   "numerical", "matching", "multiple choice", "essay"));
    EXPECT_TRUE(result.questions[7].missingWord);
}

TEST(Gift, ToStringNamesTypesAndFormatsInTrainerWords)
{
    EXPECT_EQ(toString(QuestionType::Description), "description");
    EXPECT_EQ(toString(QuestionType::Essay), "essay");
    EXPECT_EQ(toString(QuestionType::MultipleChoice), "multiple choice");
    EXPECT_EQ(toString(QuestionType::MultipleResponse), "multiple response");
    EXPECT_EQ(toString(QuestionType::TrueFalse), "true/false");
    EXPECT_EQ(toString(QuestionType::ShortAnswer), "short answer");
    EXPECT_EQ(toString(QuestionType::Numerical), "numerical");
    EXPECT_EQ(toString(QuestionType::Matching), "matching");
    EXPECT_EQ(toString(TextFormat::Markdown), "markdown");
    EXPECT_EQ(toString(TextFormat::Html), "html");
}

// --- mistakes ---------------------------------------------------------------

TEST(Gift, UnclosedBraceNamesTheLineWhereItWasOpened)
{
    const ParseError e = onlyError("// quiz\nWhich port does SSH use? {\n=22\n~23\n~80\n");
    EXPECT_EQ(e.line, 5);
    EXPECT_THAT(e.message, HasSubstr("expected '}' to close the answers opened on line 2"));
}

TEST(Gift, SecondOpeningBraceBeforeTheCloseIsReported)
{
    const ParseError e = onlyError("Pick one. {=a ~b\n{=c ~d}\n");
    EXPECT_EQ(e.line, 2);
    EXPECT_THAT(e.message, HasSubstr("expected '}' to close the answers opened on line 1 before another '{'"));
}

TEST(Gift, ClosingBraceWithoutOpeningBraceIsReported)
{
    const ParseError before = onlyError("A set is written 1, 2}.");
    EXPECT_EQ(before.line, 1);
    EXPECT_THAT(before.message, HasSubstr("'}' without '{'"));

    const ParseError after = onlyError("Is this right? {T}\nReally}");
    EXPECT_EQ(after.line, 2);
    EXPECT_THAT(after.message, HasSubstr("'}' without '{'"));
}

TEST(Gift, SecondAnswerBlockInOneQuestionIsReported)
{
    const ParseError e = onlyError("First question? {T}\nSecond question, no blank line before it? {F}\n");
    EXPECT_EQ(e.line, 2);
    EXPECT_THAT(e.message, HasSubstr("second answer block"));
}

TEST(Gift, MultipleChoiceWithFewerThanTwoAnswersIsReported)
{
    const ParseError e = onlyError("Only one option?\n{\n=Yes#but nothing to choose from\n~\n}");
    EXPECT_EQ(e.line, 4);
    EXPECT_THAT(e.message, HasSubstr("empty answer after '~'"));

    const ParseResult result = parse("Only one option?\n{~%100%Yes}");
    ASSERT_EQ(result.errors.size(), 1u) << listed(result.errors);
    EXPECT_EQ(result.errors[0].line, 2);
    EXPECT_THAT(result.errors[0].message, HasSubstr("a multiple response question needs at least 2 answers"));
}

TEST(Gift, MultipleChoiceWithoutAnyRightAnswerIsReported)
{
    const ParseError e = onlyError("Which one is right?\n{~this ~that}");
    EXPECT_EQ(e.line, 2);
    EXPECT_THAT(e.message, HasSubstr("no answer is marked correct"));
}

TEST(Gift, ShortAnswerWrittenWithOnlyTildeHasNoCorrectAnswer)
{
    // "{~Paris}" contains '~', so Moodle reads it as a choice with a single
    // wrong answer; both problems are named so the author sees the fix.
    const ParseResult result = parse("The capital of France? {~Paris}");
    EXPECT_TRUE(result.questions.empty());
    ASSERT_EQ(result.errors.size(), 2u) << listed(result.errors);
    EXPECT_THAT(result.errors[0].message, HasSubstr("needs at least 2 answers"));
    EXPECT_THAT(result.errors[1].message, HasSubstr("no answer is marked correct"));
    EXPECT_EQ(result.errors[1].line, 1);
}

TEST(Gift, ShortAnswerWithOnlyZeroOrNegativeWeightsHasNoCorrectAnswer)
{
    const ParseError e = onlyError("\nThe capital of France? {=%0%Lyon =%-50%Marseille}");
    EXPECT_EQ(e.line, 2);
    EXPECT_THAT(e.message, HasSubstr("no answer is marked correct"));
}

TEST(Gift, NumericalAnswerThatIsNotANumberIsReported)
{
    const ParseError e = onlyError("How many bits in a byte?\n{#\n=8\n=abc\n}");
    EXPECT_EQ(e.line, 4);
    EXPECT_THAT(e.message, HasSubstr("'abc' is not a number"));

    EXPECT_THAT(onlyError("Pi? {#3.14:x}").message, HasSubstr("tolerance 'x' is not a number"));
    EXPECT_THAT(onlyError("Pi? {#3..}").message, HasSubstr("expected a number"));
    EXPECT_THAT(onlyError("Pi? {#=}").message, HasSubstr("expected a number"));
    EXPECT_THAT(onlyError("Big? {#1e999}").message, HasSubstr("'1e999' is not a number"));
    EXPECT_THAT(onlyError("Infinite? {#inf}").message, HasSubstr("'inf' is not a number"));
}

TEST(Gift, NumericalDecimalCommaGetsAHint)
{
    const ParseError e = onlyError("Pi? {#3,14}");
    EXPECT_THAT(e.message, HasSubstr("'3,14' is not a number; write decimals with a point"));
}

TEST(Gift, NumericalReversedRangeAndNegativeToleranceAreReported)
{
    const ParseError range = onlyError("Between? {#5..1}");
    EXPECT_EQ(range.line, 1);
    EXPECT_THAT(range.message, HasSubstr("the range '5..1' has its minimum above its maximum"));

    const ParseError tolerance = onlyError("Close to? {#5:-1}");
    EXPECT_THAT(tolerance.message, HasSubstr("the tolerance '-1' is negative"));
}

TEST(Gift, NumericalWithoutAnswerOrRightAnswerIsReported)
{
    EXPECT_THAT(onlyError("How many? {#}").message, HasSubstr("needs at least one answer"));
    EXPECT_THAT(onlyError("How many? {#~7#no}").message, HasSubstr("needs at least one correct answer"));
}

TEST(Gift, WeightOutOfRangeIsReported)
{
    const ParseError e = onlyError("Pick the good ones.\n{\n~%50%Updates\n~%150%Backups\n~%-50%Reuse\n}");
    EXPECT_EQ(e.line, 4);
    EXPECT_EQ(e.message, "weight 150% is out of range -100..100");

    EXPECT_THAT(onlyError("Bad? {=a ~%-101%b}").message, HasSubstr("weight -101% is out of range -100..100"));
}

TEST(Gift, WeightThatIsNotANumberOrNotClosedIsReported)
{
    EXPECT_THAT(onlyError("Bad? {=a ~%5x%b}").message, HasSubstr("weight '5x' is not a number"));
    EXPECT_THAT(onlyError("Bad? {=a ~%50 b}").message, HasSubstr("expected '%' to close the weight"));
}

TEST(Gift, UnknownEscapeIsReportedButDoubleBackslashIsABackslash)
{
    const ParseError e = onlyError("A path:\nC:\\Users? {T}");
    EXPECT_EQ(e.line, 2);
    EXPECT_THAT(e.message, HasSubstr("unknown escape '\\U'"));
    EXPECT_THAT(e.message, HasSubstr("'\\\\' for a backslash"));

    const ParseResult several = parse("Bad \\x and \\é? {T}");
    ASSERT_EQ(several.errors.size(), 2u) << listed(several.errors);
    EXPECT_THAT(several.errors[1].message, HasSubstr("unknown escape '\\é'"));

    const ParseError trailing = onlyError("Ends in a backslash \\\n{T}");
    EXPECT_EQ(trailing.line, 1);
    EXPECT_THAT(trailing.message, HasSubstr("escapes nothing"));

    EXPECT_EQ(only("Is C:\\\\Users a folder? {T}").text, "Is C:\\Users a folder?");
}

TEST(Gift, EmptyAnswerIsReported)
{
    const ParseError e = onlyError("Name one.\n{=Firefox\n=\n=Chromium}");
    EXPECT_EQ(e.line, 3);
    EXPECT_THAT(e.message, HasSubstr("empty answer after '='"));

    EXPECT_THAT(onlyError("Pick.\n{=#only feedback ~b}").message, HasSubstr("empty answer after '='"));
}

TEST(Gift, EmptyQuestionTextIsReported)
{
    const ParseError e = onlyError("\n\n::Q1:: {=a ~b}");
    EXPECT_EQ(e.line, 3);
    EXPECT_THAT(e.message, HasSubstr("empty question text"));

    EXPECT_THAT(onlyError("::Only a title::").message, HasSubstr("empty question text"));
    EXPECT_THAT(onlyError("[html] {T}").message, HasSubstr("empty question text"));
}

TEST(Gift, UnclosedTitleIsReported)
{
    const ParseError e = onlyError("// first line\n::Q1: Which port? {=22 ~80}");
    EXPECT_EQ(e.line, 2);
    EXPECT_THAT(e.message, HasSubstr("the title opened with '::' is not closed"));
}

TEST(Gift, TextBeforeTheFirstAnswerMarkerIsReported)
{
    const ParseError e = onlyError("Pick one.\n{Firefox ~Notepad ~Paint}");
    EXPECT_EQ(e.line, 2);
    EXPECT_THAT(e.message, HasSubstr("expected '=' (right answer) or '~' (wrong answer) before 'Firefox'"));
}

TEST(Gift, TrueFalseWithThreeFeedbacksIsReported)
{
    const ParseError e = onlyError("True?\n{T#wrong#right\n#what}");
    EXPECT_EQ(e.line, 3);
    EXPECT_THAT(e.message, HasSubstr("at most two feedbacks"));
}

TEST(Gift, MatchingNeedsAtLeastTwoPairs)
{
    const ParseError e = onlyError("Match.\n{=cat -> fish}");
    EXPECT_EQ(e.line, 2);
    EXPECT_EQ(e.message, "a matching question needs at least 2 pairs 'a -> b'");

    EXPECT_THAT(onlyError("Match. {=cat -> fish = -> stones}").message, HasSubstr("at least 2 pairs"));
}

TEST(Gift, MatchingPairsCarryNoWeightOrFeedbackAndNeedBothSides)
{
    const ParseError weight = onlyError("Match.\n{\n=cat -> fish\n=%50%cow -> grass\n}");
    EXPECT_EQ(weight.line, 4);
    EXPECT_THAT(weight.message, HasSubstr("a matching pair cannot carry a weight"));

    EXPECT_THAT(onlyError("Match. {=cat -> fish#yes =cow -> grass}").message, HasSubstr("cannot have feedback"));
    EXPECT_THAT(onlyError("Match. {=cat -> fish =cow grass}").message,
                HasSubstr("expected 'a -> b' in the matching pair 'cow grass'"));
    EXPECT_THAT(onlyError("Match. {=cat -> fish =cow ->}").message, HasSubstr("nothing after '->'"));
    EXPECT_THAT(onlyError("Match. {dog -> bone =cat -> fish =cow -> grass}").message,
                HasSubstr("expected '=' before the matching pair 'dog -> bone'"));
}

TEST(Gift, EmptyCategoryNameIsReported)
{
    const ParseResult result = parse("$CATEGORY:   \n\nQuestion? {T}");
    ASSERT_EQ(result.errors.size(), 1u) << listed(result.errors);
    EXPECT_EQ(result.errors[0].line, 1);
    EXPECT_THAT(result.errors[0].message, HasSubstr("expected a category name"));
    ASSERT_EQ(result.questions.size(), 1u);
    EXPECT_EQ(result.questions[0].category, "");
}

TEST(Gift, ErrorsWithinOneQuestionAreReportedInLineOrder)
{
    const ParseResult result = parse("Which?\n{\n~%500%a\n~b\\x\n}");
    ASSERT_EQ(result.errors.size(), 2u) << listed(result.errors);
    EXPECT_EQ(result.errors[0].line, 3);
    EXPECT_THAT(result.errors[0].message, HasSubstr("out of range"));
    EXPECT_EQ(result.errors[1].line, 4);
    EXPECT_THAT(result.errors[1].message, HasSubstr("unknown escape"));
}

TEST(Gift, OneBrokenQuestionDoesNotHideTheOthersErrorsOrTheValidQuestions)
{
    const ParseResult result = parse(R"gift(::Q1::Which port does SSH use? {=22 ~80}

::Q2::Which port does HTTP use? {=80 ~22

::Q3::Is HTTPS encrypted? {T}

::Q4::How many bits in a byte? {#eight}

::Q5::Name a browser. {=Firefox}
)gift");
    ASSERT_EQ(result.errors.size(), 2u) << listed(result.errors);
    EXPECT_EQ(result.errors[0].line, 3);
    EXPECT_THAT(result.errors[0].message, HasSubstr("expected '}' to close the answers opened on line 3"));
    EXPECT_EQ(result.errors[1].line, 7);
    EXPECT_THAT(result.errors[1].message, HasSubstr("'eight' is not a number"));
    ASSERT_EQ(result.questions.size(), 3u);
    EXPECT_EQ(result.questions[0].title, "Q1");
    EXPECT_EQ(result.questions[1].title, "Q3");
    EXPECT_EQ(result.questions[2].title, "Q5");
    EXPECT_EQ(result.questions[2].line, 9);
}

TEST(Gift, BlankLineInsideAnswersSplitsTheQuestionAndBothHalvesAreReported)
{
    const ParseResult result = parse("Pick one. {\n=right\n\n~wrong\n}\n");
    EXPECT_TRUE(result.questions.empty());
    ASSERT_EQ(result.errors.size(), 2u) << listed(result.errors);
    EXPECT_EQ(result.errors[0].line, 2);
    EXPECT_THAT(result.errors[0].message, HasSubstr("expected '}' to close the answers opened on line 1"));
    EXPECT_EQ(result.errors[1].line, 5);
    EXPECT_THAT(result.errors[1].message, HasSubstr("'}' without '{'"));
}

// --- bounds -----------------------------------------------------------------

TEST(Gift, MoreThanMaxQuestionsIsReportedAtTheFirstExtraQuestion)
{
    std::string file;
    for (std::size_t i = 0; i < kMaxQuestions + 5; ++i) {
        file += "Question " + std::to_string(i) + "? {T}\n\n";
    }
    const ParseResult result = parse(file);
    EXPECT_EQ(result.questions.size(), kMaxQuestions);
    ASSERT_EQ(result.errors.size(), 1u) << listed(result.errors);
    EXPECT_EQ(result.errors[0].line, static_cast<int>(kMaxQuestions * 2 + 1));
    EXPECT_THAT(result.errors[0].message, HasSubstr("at most 1000 questions"));
}

TEST(Gift, MoreThanMaxAnswersIsReported)
{
    std::string file = "Pick one. {=right\n";
    for (std::size_t i = 0; i < kMaxAnswers; ++i) {
        file += "~wrong " + std::to_string(i) + "\n";
    }
    file += "}";
    const ParseError e = onlyError(file);
    EXPECT_EQ(e.line, static_cast<int>(kMaxAnswers + 1));
    EXPECT_THAT(e.message, HasSubstr("at most 100 answers"));

    std::string fits = "Pick one. {=right";
    for (std::size_t i = 1; i < kMaxAnswers; ++i) {
        fits += " ~wrong";
    }
    EXPECT_EQ(only(fits + "}").answers.size(), kMaxAnswers);
}

TEST(Gift, TextLongerThanTheLimitIsReported)
{
    const std::string longText(kMaxTextBytes + 1, 'a');
    const ParseError text = onlyError("\n" + longText + " {T}");
    EXPECT_EQ(text.line, 2);
    EXPECT_THAT(text.message, HasSubstr("the question text is longer than 64 KiB"));

    const ParseError answer = onlyError("Pick.\n{=a\n~" + longText + "}");
    EXPECT_EQ(answer.line, 3);
    EXPECT_THAT(answer.message, HasSubstr("the answer is longer than 64 KiB"));

    EXPECT_THAT(onlyError("$CATEGORY: " + longText).message, HasSubstr("the category is longer than 64 KiB"));
    EXPECT_EQ(only(std::string(kMaxTextBytes, 'a') + " {T}").text.size(), kMaxTextBytes);
}

TEST(Gift, QuestionSourceLongerThanTheLimitIsReportedAndTheNextQuestionStillRead)
{
    std::string file = "Huge? {T}\n";
    const std::string line(1000, 'x');
    while (file.size() <= kMaxQuestionBytes) {
        file += line + "\n";
    }
    file += "\nNext? {F}\n";
    const ParseResult result = parse(file);
    ASSERT_EQ(result.errors.size(), 1u) << listed(result.errors);
    EXPECT_EQ(result.errors[0].line, 1);
    EXPECT_THAT(result.errors[0].message, HasSubstr("the question is longer than 1 MiB"));
    ASSERT_EQ(result.questions.size(), 1u);
    EXPECT_EQ(result.questions[0].text, "Next?");
}

TEST(Gift, ManyBrokenQuestionsStopAfterMaxErrors)
{
    std::string file;
    for (std::size_t i = 0; i < kMaxErrors + 50; ++i) {
        file += "Broken {\n\n";
    }
    const ParseResult result = parse(file);
    ASSERT_EQ(result.errors.size(), kMaxErrors + 1);
    EXPECT_THAT(result.errors.back().message, HasSubstr("stopped after 500 problems"));

    std::string categories;
    for (std::size_t i = 0; i < kMaxErrors + 50; ++i) {
        categories += "$CATEGORY:\n";
    }
    EXPECT_EQ(parse(categories).errors.size(), kMaxErrors + 1);

    std::string escapes = "Question";
    for (std::size_t i = 0; i < kMaxErrors * 4; ++i) {
        escapes += " \\x";
    }
    const ParseResult oneQuestion = parse(escapes + " {T}");
    ASSERT_EQ(oneQuestion.errors.size(), kMaxErrors + 1);
    EXPECT_THAT(oneQuestion.errors.front().message, HasSubstr("unknown escape"));
}

TEST(Gift, HostileInputNeverCrashesAndEveryErrorHasALine)
{
    const std::vector<std::string> pieces = {"{", "}", "=", "~", "#", "####", "::", "->", "%", "%50%", "%-",
                                             "..", ":", "\\", "\\n", "\\{", "\n", "\n\n", "\r\n", "$CATEGORY:",
                                             "// c", "[html]", "[", "]", "T", "#1", "1..", "*", " ", "a", "\xC3\xA9",
                                             "\xFF", std::string(1, '\0')};
    std::mt19937 random(20240611);  // fixed seed: a failure must be reproducible
    for (int round = 0; round < 3000; ++round) {
        std::string input;
        const int count = static_cast<int>(random() % 40);
        for (int i = 0; i < count; ++i) {
            input += pieces[random() % pieces.size()];
        }
        const ParseResult result = parse(input);
        for (const ParseError& e : result.errors) {
            EXPECT_GE(e.line, 1) << input;
            EXPECT_FALSE(e.message.empty()) << input;
        }
        for (const Question& q : result.questions) {
            EXPECT_GE(q.line, 1) << input;
            EXPECT_LE(q.answers.size(), kMaxAnswers);
        }
    }
}
