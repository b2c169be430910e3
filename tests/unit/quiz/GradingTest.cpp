// A learner's score, the trainer's charts and the reveal on the learner's
// screen all come from these functions, so they must grade as Moodle does
// the GIFT files trainers bring, and they must stay total whatever a hostile
// agent puts in a response. Questions are written in GIFT as a trainer would.

#include "common/quiz/Grading.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

using namespace classroom::quiz;
using classroom::module::gift::parse;
using classroom::module::gift::ParseResult;
using ::testing::DoubleEq;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Optional;
using ::testing::Pair;

namespace {

// The one question in `gift`, which must parse without a problem.
Question only(std::string_view gift)
{
    const ParseResult result = parse(gift);
    EXPECT_TRUE(result.errors.empty()) << (result.errors.empty() ? "" : result.errors.front().message);
    EXPECT_EQ(result.questions.size(), 1u);
    return result.questions.empty() ? Question() : result.questions.front();
}

Response chose(std::vector<std::uint32_t> choices)
{
    return Response{std::move(choices), {}};
}

Response typed(std::string text)
{
    return Response{{}, std::move(text)};
}

// The questions of the sample module "Staying safe online", one per type.
constexpr std::string_view kNeverShare = "::Never share::Which of these should you never tell anyone?{\n"
                                         "  =Your PIN code#Right. Nobody needs your PIN.\n"
                                         "  ~Your full name#Many people may need your name.\n"
                                         "  ~Your phone number\n"
                                         "  ~The town you live in#This is not a secret.\n"
                                         "  ####Your PIN and your passwords are only for you.\n"
                                         "}";
constexpr std::string_view kGoodPasswords = "::Good passwords::Which TWO of these are good passwords?{\n"
                                            "  ~%50%BicycleCloudLemonJazz#Yes. Four random words.\n"
                                            "  ~%50%kettle-forest-violin-73#Yes. Random words, and long.\n"
                                            "  ~%-50%password123#No. One of the first a criminal tries.\n"
                                            "  ~%-50%Maria1985#No. A name and a year are easy to find.\n"
                                            "  ####Long passphrases made of random words are strong.\n"
                                            "}";
constexpr std::string_view kPasswordLength = "::Password length::At least how many characters?{#\n"
                                             "  =12..64#Right. 12 characters or more.\n"
                                             "  =%50%8..11#Many websites accept this, but 12 is safer.\n"
                                             "  ~#Too short. Use at least 12 characters.\n"
                                             "  ####Three or four random words make more than 12.\n"
                                             "}";
constexpr std::string_view kPhishing = "::Phishing::What is the name of scam messages that fish for details?{\n"
                                       "  =phishing#Right.\n"
                                       "  =phising#Right. It is spelled phishing.\n"
                                       "  =%50%fishing#Close. It is spelled phishing.\n"
                                       "}";
constexpr std::string_view kWarningSigns = "::Warning signs::Match each message with its warning sign.{\n"
                                           "  =Pay within one hour! -> It is urgent\n"
                                           "  =You have won a phone. -> Too good to be true\n"
                                           "  =Read me the code we sent. -> It asks for a secret code\n"
                                           "  =Hi Mum, new number, send money. -> A new number asks for money\n"
                                           "  ####Stop and check in another way.\n"
                                           "}";
constexpr std::string_view kCallerNumber = "::Caller number::When your phone shows your bank's number, the caller "
                                           "must be from your bank.{F#Not true. Numbers can be faked.#Right. "
                                           "Hang up and call the number on your card.}";
constexpr std::string_view kPlan = "::My plan::Write down three things you will do to stay safe online.{}";
constexpr std::string_view kAbout = "::About::These questions are about staying safe online.";

std::vector<Question> everyType()
{
    std::vector<Question> questions;
    for (std::string_view gift : {kNeverShare, kGoodPasswords, kPasswordLength, kPhishing, kWarningSigns,
                                  kCallerNumber, kPlan, kAbout}) {
        questions.push_back(only(gift));
    }
    return questions;
}

}  // namespace

// --- multiple choice ---------------------------------------------------------

TEST(Grading, MultipleChoiceRightAnswerEarnsTheWholePoint)
{
    const Question q = only(kNeverShare);
    EXPECT_THAT(grade(q, chose({0})), Optional(DoubleEq(1.0)));
    EXPECT_THAT(grade(q, chose({1})), Optional(DoubleEq(0.0)));
    EXPECT_THAT(grade(q, chose({3})), Optional(DoubleEq(0.0)));
}

TEST(Grading, MultipleChoicePartialCreditIsTheWeightOfTheChosenAnswer)
{
    const Question q = only("Capital of France?{=Paris ~%50%Lyon#Its second city. ~%-100%Rome}");
    EXPECT_THAT(grade(q, chose({1})), Optional(DoubleEq(0.5)));
}

TEST(Grading, MultipleChoiceNegativeWeightNeverScoresBelowZero)
{
    const Question q = only("Capital of France?{=Paris ~%50%Lyon ~%-100%Rome}");
    EXPECT_THAT(grade(q, chose({2})), Optional(DoubleEq(0.0)));
}

// --- multiple response -------------------------------------------------------

TEST(Grading, MultipleResponseAddsTheWeightsOfEveryChosenAnswer)
{
    const Question q = only(kGoodPasswords);
    EXPECT_THAT(grade(q, chose({0, 1})), Optional(DoubleEq(1.0)));
    EXPECT_THAT(grade(q, chose({1, 0})), Optional(DoubleEq(1.0)));
    EXPECT_THAT(grade(q, chose({0})), Optional(DoubleEq(0.5)));
    EXPECT_THAT(grade(q, chose({0, 1, 2})), Optional(DoubleEq(0.5)));
}

TEST(Grading, MultipleResponseWrongChoicesTakePointsAwayButNeverBelowZero)
{
    const Question q = only(kGoodPasswords);
    EXPECT_THAT(grade(q, chose({0, 2})), Optional(DoubleEq(0.0)));
    EXPECT_THAT(grade(q, chose({2, 3})), Optional(DoubleEq(0.0)));
    EXPECT_THAT(grade(q, chose({0, 1, 2, 3})), Optional(DoubleEq(0.0)));
}

TEST(Grading, MultipleResponseNeverScoresAboveOnePoint)
{
    const Question q = only("Which are fruit?{~%60%apple ~%60%pear ~%-50%carrot}");
    EXPECT_THAT(grade(q, chose({0, 1})), Optional(DoubleEq(1.0)));
}

// --- true/false --------------------------------------------------------------

TEST(Grading, TrueFalseIsRightWhenTheChoiceMatchesTheStatement)
{
    const Question isFalse = only(kCallerNumber);
    EXPECT_THAT(grade(isFalse, chose({1})), Optional(DoubleEq(1.0)));
    EXPECT_THAT(grade(isFalse, chose({0})), Optional(DoubleEq(0.0)));

    const Question isTrue = only("Installing updates makes your phone safer.{TRUE}");
    EXPECT_THAT(grade(isTrue, chose({0})), Optional(DoubleEq(1.0)));
    EXPECT_THAT(grade(isTrue, chose({1})), Optional(DoubleEq(0.0)));
}

// --- short answer ------------------------------------------------------------

TEST(Grading, ShortAnswerIgnoresLetterCaseAndSurroundingSpaces)
{
    const Question q = only("Capital of France?{=Paris}");
    for (const char* answer : {"Paris", "paris", "PARIS", "  pArIs ", "\tParis\n"}) {
        EXPECT_THAT(grade(q, typed(answer)), Optional(DoubleEq(1.0))) << answer;
    }
    EXPECT_THAT(grade(q, typed("Pa ris")), Optional(DoubleEq(0.0)));
    EXPECT_THAT(grade(q, typed("Parisian")), Optional(DoubleEq(0.0)));
}

TEST(Grading, ShortAnswerCollapsesSpacesInsideTheAnswer)
{
    const Question q = only("Name a strong passphrase.{=correct horse battery staple}");
    EXPECT_THAT(grade(q, typed("Correct   horse battery\t staple")), Optional(DoubleEq(1.0)));
}

TEST(Grading, ShortAnswerComparesAccentedLettersWhateverTheCaseOrEncoding)
{
    const Question q = only("Where does the French president live?{=Élysée}");
    EXPECT_THAT(grade(q, typed("élysée")), Optional(DoubleEq(1.0)));
    EXPECT_THAT(grade(q, typed("ÉLYSÉE")), Optional(DoubleEq(1.0)));
    // The same word with its accents typed as separate combining marks.
    EXPECT_THAT(grade(q, typed("E\u0301lyse\u0301e")), Optional(DoubleEq(1.0)));
    EXPECT_THAT(grade(q, typed("elysee")), Optional(DoubleEq(0.0)));
}

TEST(Grading, ShortAnswerWithSeveralAcceptedAnswersGivesTheBestMatch)
{
    const Question q = only(kPhishing);
    EXPECT_THAT(grade(q, typed("Phishing")), Optional(DoubleEq(1.0)));
    EXPECT_THAT(grade(q, typed("phising")), Optional(DoubleEq(1.0)));
    EXPECT_THAT(grade(q, typed("Fishing")), Optional(DoubleEq(0.5)));
    EXPECT_THAT(grade(q, typed("spam")), Optional(DoubleEq(0.0)));
}

TEST(Grading, ShortAnswerStarMatchesAnyTextAsInMoodle)
{
    const Question q = only("What is this mail?{=*phish* =%0%*#Not quite: it is phishing.}");
    EXPECT_THAT(grade(q, typed("a Phishing mail")), Optional(DoubleEq(1.0)));
    EXPECT_THAT(grade(q, typed("phish")), Optional(DoubleEq(1.0)));
    EXPECT_THAT(grade(q, typed("spam")), Optional(DoubleEq(0.0)));
    EXPECT_EQ(feedbackFor(q, typed("spam")), "Not quite: it is phishing.");
}

// --- numerical ---------------------------------------------------------------

TEST(Grading, NumericalExactValueIsRightWhateverWayItIsWritten)
{
    const Question q = only("How many legs has a spider?{#8}");
    for (const char* answer : {"8", " 8 ", "8.0", "+8", "8,00", "0.8e1"}) {
        EXPECT_THAT(grade(q, typed(answer)), Optional(DoubleEq(1.0))) << answer;
    }
    EXPECT_THAT(grade(q, typed("9")), Optional(DoubleEq(0.0)));
}

TEST(Grading, NumericalWithToleranceAcceptsAnythingInsideIt)
{
    const Question q = only("In which year was Mary Shelley born?{#1797:2}");
    EXPECT_THAT(grade(q, typed("1795")), Optional(DoubleEq(1.0)));
    EXPECT_THAT(grade(q, typed("1 799")), Optional(DoubleEq(1.0)));
    EXPECT_THAT(grade(q, typed("1799.5")), Optional(DoubleEq(0.0)));
    EXPECT_THAT(grade(q, typed("1794")), Optional(DoubleEq(0.0)));
}

TEST(Grading, NumericalEdgeOfTheToleranceIsNotLostToRounding)
{
    // 0.3 - 0.1 is 0.19999999999999998 in binary floating point.
    const Question q = only("Pick a number near 0.3.{#0.3:0.1}");
    EXPECT_THAT(grade(q, typed("0.2")), Optional(DoubleEq(1.0)));
    EXPECT_THAT(grade(q, typed("0,4")), Optional(DoubleEq(1.0)));
    EXPECT_THAT(grade(q, typed("0.41")), Optional(DoubleEq(0.0)));
}

TEST(Grading, NumericalRangeWithPartialCredit)
{
    const Question q = only(kPasswordLength);
    EXPECT_THAT(grade(q, typed("12")), Optional(DoubleEq(1.0)));
    EXPECT_THAT(grade(q, typed("64")), Optional(DoubleEq(1.0)));
    EXPECT_THAT(grade(q, typed("10")), Optional(DoubleEq(0.5)));
    EXPECT_THAT(grade(q, typed("7")), Optional(DoubleEq(0.0)));
    EXPECT_THAT(grade(q, typed("65")), Optional(DoubleEq(0.0)));
}

TEST(Grading, NumericalAcceptsACommaAsTheDecimalSeparator)
{
    const Question q = only("How many litres in the bottle?{#3.5}");
    EXPECT_THAT(grade(q, typed("3,5")), Optional(DoubleEq(1.0)));
    EXPECT_THAT(grade(q, typed("3.5")), Optional(DoubleEq(1.0)));
}

TEST(Grading, NumericalAnyValueCountsOnlyWhenNoOtherAnswerHoldsTheNumber)
{
    // An odd file on purpose: "*" weighs more than the answer that matches.
    const Question q = only("Guess a number.{#=%20%40..50 =42 ~%80%*#Any other number.}");
    EXPECT_THAT(grade(q, typed("42")), Optional(DoubleEq(1.0)));
    EXPECT_THAT(grade(q, typed("45")), Optional(DoubleEq(0.2)));
    EXPECT_THAT(grade(q, typed("100")), Optional(DoubleEq(0.8)));
    EXPECT_EQ(feedbackFor(q, typed("100")), "Any other number.");
}

// --- matching ----------------------------------------------------------------

TEST(Grading, MatchingScoresTheShareOfPairsMatchedRightly)
{
    const Question q = only(kWarningSigns);
    EXPECT_THAT(grade(q, chose({0, 1, 2, 3})), Optional(DoubleEq(1.0)));
    EXPECT_THAT(grade(q, chose({0, 1, 3, 2})), Optional(DoubleEq(0.5)));
    EXPECT_THAT(grade(q, chose({0, kNoChoice, kNoChoice, kNoChoice})), Optional(DoubleEq(0.25)));
    EXPECT_THAT(grade(q, chose({kNoChoice, kNoChoice, kNoChoice, kNoChoice})), Optional(DoubleEq(0.0)));
}

TEST(Grading, MatchingOptionsAreDistinctAndIncludeExtraWrongOnes)
{
    const Question q = only("Match each with what it is.{=cat -> animal =rose -> plant =dog -> animal = -> mineral}");
    EXPECT_THAT(matchingItems(q), ElementsAre(0u, 1u, 2u));
    EXPECT_THAT(matchingOptions(q), ElementsAre("animal", "plant", "mineral"));
    EXPECT_THAT(grade(q, chose({0, 1, 0})), Optional(DoubleEq(1.0)));
    EXPECT_THAT(grade(q, chose({0, 1, 2})), Optional(DoubleEq(2.0 / 3.0)));
}

// --- not graded --------------------------------------------------------------

TEST(Grading, EssayIsLeftToTheTrainerAndADescriptionIsNotGraded)
{
    EXPECT_EQ(grade(only(kPlan), typed("Use a passphrase, update my phone, hang up on callers.")), std::nullopt);
    EXPECT_EQ(grade(only(kPlan), typed("")), std::nullopt);
    EXPECT_EQ(grade(only(kAbout), Response{}), std::nullopt);
}

TEST(Grading, AResponseOfTheWrongShapeScoresZero)
{
    EXPECT_THAT(grade(only(kNeverShare), chose({0, 1})), Optional(DoubleEq(0.0)));
    EXPECT_THAT(grade(only(kPhishing), chose({0})), Optional(DoubleEq(0.0)));
    EXPECT_THAT(grade(only(kPasswordLength), typed("twelve")), Optional(DoubleEq(0.0)));
}

// --- checkResponse -----------------------------------------------------------

TEST(CheckResponse, AcceptsAWrongAnswerOfTheRightShape)
{
    EXPECT_EQ(checkResponse(only(kNeverShare), chose({3})), std::nullopt);
    EXPECT_EQ(checkResponse(only(kGoodPasswords), chose({3, 2})), std::nullopt);
    EXPECT_EQ(checkResponse(only(kCallerNumber), chose({0})), std::nullopt);
    EXPECT_EQ(checkResponse(only(kPhishing), typed("spam")), std::nullopt);
    EXPECT_EQ(checkResponse(only(kPasswordLength), typed("-3,5")), std::nullopt);
    EXPECT_EQ(checkResponse(only(kWarningSigns), chose({3, 3, kNoChoice, 0})), std::nullopt);
    EXPECT_EQ(checkResponse(only(kPlan), typed("I don't know")), std::nullopt);
}

TEST(CheckResponse, SingleChoiceQuestionsTakeExactlyOneChoice)
{
    EXPECT_EQ(checkResponse(only(kNeverShare), chose({})), "no choice was made");
    EXPECT_EQ(checkResponse(only(kNeverShare), chose({0, 1})), "this question takes one choice, not 2");
    EXPECT_EQ(checkResponse(only(kCallerNumber), chose({0, 1})), "this question takes one choice, not 2");
    EXPECT_EQ(checkResponse(only(kCallerNumber), chose({})), "no choice was made");
}

TEST(CheckResponse, RefusesAChoiceThatDoesNotExist)
{
    EXPECT_EQ(checkResponse(only(kNeverShare), chose({4})), "choice 5 does not exist: this question has 4 choices");
    EXPECT_EQ(checkResponse(only(kGoodPasswords), chose({0, 9})),
              "choice 10 does not exist: this question has 4 choices");
    EXPECT_EQ(checkResponse(only(kCallerNumber), chose({2})), "choice 3 does not exist: this question has 2 choices");
}

TEST(CheckResponse, MultipleResponseRefusesTheSameChoiceTwice)
{
    EXPECT_EQ(checkResponse(only(kGoodPasswords), chose({1, 0, 1})), "choice 2 was chosen twice");
}

TEST(CheckResponse, MultipleResponseNeedsAtLeastOneChoiceAndNoEmptyOne)
{
    EXPECT_EQ(checkResponse(only(kGoodPasswords), chose({})), "no choice was made");
    EXPECT_EQ(checkResponse(only(kGoodPasswords), chose({kNoChoice})), "no choice was made");
    EXPECT_EQ(checkResponse(only(kGoodPasswords), chose({0, kNoChoice})), "one of the choices is empty");
}

TEST(CheckResponse, ChoiceQuestionsRefuseTypedText)
{
    const std::string why = "this question is answered by choosing, not by typing";
    EXPECT_EQ(checkResponse(only(kNeverShare), Response{{0}, "Your PIN code"}), why);
    EXPECT_EQ(checkResponse(only(kGoodPasswords), typed("BicycleCloudLemonJazz")), why);
    EXPECT_EQ(checkResponse(only(kCallerNumber), typed("false")), why);
}

TEST(CheckResponse, TextQuestionsRefuseChoices)
{
    const std::string why = "this question is answered by typing, not by choosing";
    EXPECT_EQ(checkResponse(only(kPhishing), chose({0})), why);
    EXPECT_EQ(checkResponse(only(kPasswordLength), Response{{0}, "12"}), why);
    EXPECT_EQ(checkResponse(only(kPlan), chose({0})), why);
}

TEST(CheckResponse, TextQuestionsRefuseAnEmptyAnswer)
{
    for (const char* blank : {"", "   ", "\n\t", "\xC2\xA0"}) {
        EXPECT_EQ(checkResponse(only(kPhishing), typed(blank)), "the answer is empty");
        EXPECT_EQ(checkResponse(only(kPasswordLength), typed(blank)), "the answer is empty");
        EXPECT_EQ(checkResponse(only(kPlan), typed(blank)), "the answer is empty");
    }
}

TEST(CheckResponse, NumericalRefusesWhatIsNotANumber)
{
    for (const char* notANumber : {"twelve", "12 characters", "1.2.3", "nan"}) {
        EXPECT_EQ(checkResponse(only(kPasswordLength), typed(notANumber)), "that is not a number") << notANumber;
    }
}

TEST(CheckResponse, MatchingTakesOneEntryPerItemFromTheOptions)
{
    const Question q = only(kWarningSigns);
    EXPECT_EQ(checkResponse(q, chose({0, 1, 2})), "this question has 4 items to match, but the answer has 3");
    EXPECT_EQ(checkResponse(q, chose({})), "this question has 4 items to match, but the answer has 0");
    EXPECT_EQ(checkResponse(q, chose({0, 1, 2, 4})), "option 5 does not exist: this question has 4 options");
    EXPECT_EQ(checkResponse(q, Response{{0, 1, 2, 3}, "It is urgent"}),
              "this question is answered by matching, not by typing");
}

TEST(CheckResponse, ADescriptionTakesNoAnswerAtAll)
{
    const Question q = only(kAbout);
    const std::string why = "this is a description, not a question: there is nothing to answer";
    EXPECT_EQ(checkResponse(q, Response{}), why);
    EXPECT_EQ(checkResponse(q, typed("ok")), why);
    EXPECT_EQ(checkResponse(q, chose({0})), why);
}

// --- parseNumber -------------------------------------------------------------

TEST(ParseNumber, AcceptsNumbersAsLearnersTypeThem)
{
    EXPECT_THAT(parseNumber("3.5"), Optional(DoubleEq(3.5)));
    EXPECT_THAT(parseNumber("3,5"), Optional(DoubleEq(3.5)));
    EXPECT_THAT(parseNumber("-2"), Optional(DoubleEq(-2.0)));
    EXPECT_THAT(parseNumber("+2"), Optional(DoubleEq(2.0)));
    EXPECT_THAT(parseNumber("1 822"), Optional(DoubleEq(1822.0)));
    EXPECT_THAT(parseNumber("1 234 567,25"), Optional(DoubleEq(1234567.25)));
    EXPECT_THAT(parseNumber("1e3"), Optional(DoubleEq(1000.0)));
    EXPECT_THAT(parseNumber("2.5E-2"), Optional(DoubleEq(0.025)));
    EXPECT_THAT(parseNumber(" 42 "), Optional(DoubleEq(42.0)));
    EXPECT_THAT(parseNumber(".5"), Optional(DoubleEq(0.5)));
}

TEST(ParseNumber, RefusesWhatIsNotANumber)
{
    for (const char* text : {"", " ", "abc", "1.2.3", "1,2,3", "1.2,3", "nan", "NaN", "inf", "-inf", "1e999", "1e",
                             "e3", "--2", "+-2", "- 2", "1  822", "1 ,5", "12abc", "0x1A", ".", "-", "12%"}) {
        EXPECT_EQ(parseNumber(text), std::nullopt) << '"' << text << '"';
    }
}

TEST(ParseNumber, RefusesAnythingLongerThanSixtyFourCharacters)
{
    EXPECT_TRUE(parseNumber(std::string(64, '1')).has_value());
    EXPECT_EQ(parseNumber(std::string(65, '1')), std::nullopt);
    EXPECT_EQ(parseNumber("1" + std::string(70, ' ')), std::nullopt);
}

// --- words for the trainer and the learner ----------------------------------

TEST(DescribeResponse, SaysWhatTheLearnerChoseInWords)
{
    EXPECT_EQ(describeResponse(only(kNeverShare), chose({0})), "Your PIN code");
    // In the question's order, whatever order the learner clicked in.
    EXPECT_EQ(describeResponse(only(kGoodPasswords), chose({2, 0})), "BicycleCloudLemonJazz; password123");
    EXPECT_EQ(describeResponse(only(kCallerNumber), chose({0})), "True");
    EXPECT_EQ(describeResponse(only(kCallerNumber), chose({1})), "False");
}

TEST(DescribeResponse, GivesTypedAnswersAsTyped)
{
    EXPECT_EQ(describeResponse(only(kPasswordLength), typed(" 3,5 ")), "3,5");
    EXPECT_EQ(describeResponse(only(kPhishing), typed("Phishing ")), "Phishing");
    EXPECT_EQ(describeResponse(only(kPlan), typed("Hang up.\nCall the bank.")), "Hang up.\nCall the bank.");
}

TEST(DescribeResponse, ListsTheMatchedPairsAndSaysWhichWereLeftOut)
{
    EXPECT_EQ(describeResponse(only(kWarningSigns), chose({0, 1, kNoChoice, 0})),
              "Pay within one hour! -> It is urgent; You have won a phone. -> Too good to be true; "
              "Read me the code we sent. -> (no choice); Hi Mum, new number, send money. -> It is urgent");
}

TEST(DescribeResponse, SaysWhenThereIsNoAnswerOrAnInvalidOne)
{
    EXPECT_EQ(describeResponse(only(kNeverShare), chose({})), "(no answer)");
    EXPECT_EQ(describeResponse(only(kPhishing), typed("  ")), "(no answer)");
    EXPECT_EQ(describeResponse(only(kWarningSigns), chose({kNoChoice, kNoChoice, kNoChoice, kNoChoice})),
              "(no answer)");
    EXPECT_EQ(describeResponse(only(kNeverShare), chose({7})),
              "(not a valid answer: choice 8 does not exist: this question has 4 choices)");
}

TEST(CorrectAnswerText, NamesEveryAnswerWithFullMarks)
{
    EXPECT_EQ(correctAnswerText(only(kNeverShare)), "Your PIN code");
    EXPECT_EQ(correctAnswerText(only(kPhishing)), "phishing or phising");
    EXPECT_EQ(correctAnswerText(only(kCallerNumber)), "False");
    EXPECT_EQ(correctAnswerText(only("Updates make a phone safer.{T}")), "True");
}

TEST(CorrectAnswerText, NamesTheBestAnswerWhenNoneHasFullMarks)
{
    EXPECT_EQ(correctAnswerText(only("Capital of France?{=%75%Paris ~%25%Lyon ~Rome}")), "Paris");
}

TEST(CorrectAnswerText, NamesEveryAnswerThatEarnsPointsForMultipleResponse)
{
    EXPECT_EQ(correctAnswerText(only(kGoodPasswords)), "BicycleCloudLemonJazz; kettle-forest-violin-73");
}

TEST(CorrectAnswerText, GivesNumbersWithTheirToleranceOrRange)
{
    EXPECT_EQ(correctAnswerText(only("Frankenstein was published in?{#1818:2}")), "1818 (±2)");
    EXPECT_EQ(correctAnswerText(only("Pi to two places?{#3.14}")), "3.14");
    EXPECT_EQ(correctAnswerText(only(kPasswordLength)), "12 to 64");
    EXPECT_EQ(correctAnswerText(only("A dozen or a score?{#=12 =20 ~%50%13}")), "12 or 20");
}

TEST(CorrectAnswerText, GivesThePairsForMatchingAndNothingForAnEssay)
{
    EXPECT_EQ(correctAnswerText(only("Match them.{=cat -> animal =rose -> plant = -> mineral}")),
              "cat -> animal; rose -> plant");
    EXPECT_EQ(correctAnswerText(only(kPlan)), "");
    EXPECT_EQ(correctAnswerText(only(kAbout)), "");
}

TEST(FeedbackFor, GivesTheChosenAnswersFeedbackThenTheGeneralFeedback)
{
    EXPECT_EQ(feedbackFor(only(kNeverShare), chose({0})),
              "Right. Nobody needs your PIN.\n\nYour PIN and your passwords are only for you.");
    // An answer without feedback leaves only the general feedback.
    EXPECT_EQ(feedbackFor(only(kNeverShare), chose({2})), "Your PIN and your passwords are only for you.");
    EXPECT_EQ(feedbackFor(only(kGoodPasswords), chose({2, 0})),
              "Yes. Four random words.\n\nNo. One of the first a criminal tries.\n\n"
              "Long passphrases made of random words are strong.");
}

TEST(FeedbackFor, TrueFalseGivesTheFeedbackForARightOrAWrongAnswer)
{
    EXPECT_EQ(feedbackFor(only(kCallerNumber), chose({0})), "Not true. Numbers can be faked.");
    EXPECT_EQ(feedbackFor(only(kCallerNumber), chose({1})), "Right. Hang up and call the number on your card.");
}

TEST(FeedbackFor, TypedAnswersGetTheFeedbackOfTheAnswerTheyMatched)
{
    EXPECT_EQ(feedbackFor(only(kPhishing), typed("FISHING")), "Close. It is spelled phishing.");
    EXPECT_EQ(feedbackFor(only(kPhishing), typed("spam")), "");
    EXPECT_EQ(feedbackFor(only(kPasswordLength), typed("9")),
              "Many websites accept this, but 12 is safer.\n\nThree or four random words make more than 12.");
    EXPECT_EQ(feedbackFor(only(kPasswordLength), typed("4")),
              "Too short. Use at least 12 characters.\n\nThree or four random words make more than 12.");
}

TEST(FeedbackFor, NoAnswerOrAnInvalidOneGetsOnlyTheGeneralFeedback)
{
    EXPECT_EQ(feedbackFor(only(kNeverShare), chose({})), "Your PIN and your passwords are only for you.");
    EXPECT_EQ(feedbackFor(only(kNeverShare), chose({0, 1})), "Your PIN and your passwords are only for you.");
    EXPECT_EQ(feedbackFor(only(kWarningSigns), chose({0, 1, 2, 3})), "Stop and check in another way.");
    EXPECT_EQ(feedbackFor(only(kPlan), typed("My plan")), "");
}

// --- the trainer's charts ----------------------------------------------------

TEST(Distribution, ChoiceQuestionsCountTowardsEveryChosenLabel)
{
    EXPECT_THAT(choiceLabels(only(kCallerNumber)), ElementsAre("True", "False"));
    EXPECT_THAT(choiceLabels(only(kNeverShare)),
                ElementsAre("Your PIN code", "Your full name", "Your phone number", "The town you live in"));
    EXPECT_THAT(choiceLabels(only(kPhishing)), IsEmpty());
    EXPECT_THAT(distributionLabelsFor(only(kNeverShare), chose({1})), ElementsAre("Your full name"));
    EXPECT_THAT(distributionLabelsFor(only(kGoodPasswords), chose({1, 0})),
                ElementsAre("BicycleCloudLemonJazz", "kettle-forest-violin-73"));
    EXPECT_THAT(distributionLabelsFor(only(kCallerNumber), chose({1})), ElementsAre("False"));
}

TEST(Distribution, TypedAnswersThatGradeTheSameShareABar)
{
    const Question phishing = only(kPhishing);
    EXPECT_THAT(distributionLabelsFor(phishing, typed("  PHISHING ")), ElementsAre("phishing"));
    EXPECT_THAT(distributionLabelsFor(phishing, typed("phishing")), ElementsAre("phishing"));
    EXPECT_THAT(distributionLabelsFor(phishing, typed("Spear  Phishing")), ElementsAre("spear phishing"));

    const Question length = only(kPasswordLength);
    for (const char* same : {"3,5", "3.50", " 3.5 ", "35e-1"}) {
        EXPECT_THAT(distributionLabelsFor(length, typed(same)), ElementsAre("3.5")) << same;
    }
    EXPECT_THAT(distributionLabelsFor(length, typed("1 822")), ElementsAre("1822"));
}

TEST(Distribution, MatchingCountsAllSomeOrNoPairsRight)
{
    const Question q = only(kWarningSigns);
    EXPECT_THAT(distributionLabelsFor(q, chose({0, 1, 2, 3})), ElementsAre("All pairs right"));
    EXPECT_THAT(distributionLabelsFor(q, chose({0, 1, 3, 2})), ElementsAre("Some pairs right"));
    EXPECT_THAT(distributionLabelsFor(q, chose({1, 0, kNoChoice, kNoChoice})), ElementsAre("No pair right"));
}

TEST(Distribution, EssaysCountAsAnsweredAndInvalidResponsesCountNowhere)
{
    EXPECT_THAT(distributionLabelsFor(only(kPlan), typed("My plan")), ElementsAre("Answered"));
    EXPECT_THAT(distributionLabelsFor(only(kPlan), typed("")), IsEmpty());
    EXPECT_THAT(distributionLabelsFor(only(kNeverShare), chose({9})), IsEmpty());
    EXPECT_THAT(distributionLabelsFor(only(kPasswordLength), typed("lots")), IsEmpty());
    EXPECT_THAT(distributionLabelsFor(only(kAbout), Response{}), IsEmpty());
}

TEST(Distribution, TextBarsKeepTheBiggestAndAddUpTheRestAsOtherAnswers)
{
    std::vector<std::pair<std::string, int>> bars;
    for (int i = 0; i < 11; ++i) {
        bars.emplace_back("answer " + std::to_string(i), i == 5 ? 20 : 1 + i % 3);
    }
    // Counts: 1 2 3 1 2 20 1 2 3 1 2; the eight biggest, ties in the order first seen.
    EXPECT_THAT(limitTextBars(bars),
                ElementsAre(Pair("answer 5", 20), Pair("answer 2", 3), Pair("answer 8", 3), Pair("answer 1", 2),
                            Pair("answer 4", 2), Pair("answer 7", 2), Pair("answer 10", 2), Pair("answer 0", 1),
                            Pair("Other answers", 3)));
}

TEST(Distribution, FewTextBarsAreKeptWithoutAnOtherAnswersBar)
{
    const std::vector<std::pair<std::string, int>> bars = {{"paris", 3}, {"lyon", 5}};
    EXPECT_THAT(limitTextBars(bars), ElementsAre(Pair("lyon", 5), Pair("paris", 3)));
    EXPECT_THAT(limitTextBars({}), IsEmpty());
}

// --- hostile responses -------------------------------------------------------

TEST(HostileResponse, HugeChoiceNumbersAreRefusedByEveryQuestion)
{
    for (const Question& q : everyType()) {
        for (const std::uint32_t huge : {0x7FFFFFFFu, 0xFFFFFFFEu, kNoChoice}) {
            // One more than the matching question has items: four "no choice" is a valid matching answer.
            for (const std::size_t count : {std::size_t{1}, std::size_t{5}}) {
                const Response r = chose(std::vector<std::uint32_t>(count, huge));
                EXPECT_TRUE(checkResponse(q, r).has_value()) << q.title;
                EXPECT_NE(grade(q, r), std::optional(1.0)) << q.title;
                EXPECT_FALSE(describeResponse(q, r).empty());
            }
        }
    }
}

TEST(HostileResponse, AThousandChoicesAreRefusedWithoutLookingAtEach)
{
    std::vector<std::uint32_t> many(1000);
    for (std::uint32_t i = 0; i < many.size(); ++i) {
        many[i] = i % 4;
    }
    EXPECT_EQ(checkResponse(only(kGoodPasswords), chose(many)), "this question has 4 choices, but 1000 were chosen");
    EXPECT_EQ(checkResponse(only(kWarningSigns), chose(many)),
              "this question has 4 items to match, but the answer has 1000");
    EXPECT_EQ(checkResponse(only(kNeverShare), chose(many)), "this question takes one choice, not 1000");
    EXPECT_THAT(grade(only(kGoodPasswords), chose(many)), Optional(DoubleEq(0.0)));
    EXPECT_THAT(distributionLabelsFor(only(kGoodPasswords), chose(many)), IsEmpty());
}

TEST(HostileResponse, NoChoiceEverywhereIsNoAnswerForEveryQuestion)
{
    for (const Question& q : everyType()) {
        const Response r = chose(std::vector<std::uint32_t>(4, kNoChoice));
        const std::optional<double> score = grade(q, r);
        EXPECT_TRUE(!score || *score == 0.0) << q.title;
        EXPECT_EQ(describeResponse(q, r), "(no answer)") << q.title;
        EXPECT_EQ(feedbackFor(q, r), q.generalFeedback) << q.title;
    }
}

TEST(HostileResponse, HugeOrBrokenTextIsHandledCalmly)
{
    const std::string huge(1024 * 1024, '9');
    EXPECT_EQ(checkResponse(only(kPasswordLength), typed(huge)), "that is not a number");
    EXPECT_THAT(grade(only(kPhishing), typed(huge)), Optional(DoubleEq(0.0)));
    // Not UTF-8 at all: graded as a wrong answer, never a crash.
    const std::string broken = "ph\xFF\xFEishing\xC3";
    EXPECT_THAT(grade(only(kPhishing), typed(broken)), Optional(DoubleEq(0.0)));
    EXPECT_EQ(checkResponse(only(kPasswordLength), typed("1\xFF" "2")), "that is not a number");
    EXPECT_FALSE(describeResponse(only(kPhishing), typed(broken)).empty());
}

TEST(HostileResponse, RandomResponsesAlwaysGetAScoreBetweenZeroAndOne)
{
    std::mt19937 random(20261123);
    const std::vector<std::string> texts = {"", " ", "phishing", "12", "3,5", "x", "*", "\xFF", "-1e308"};
    const std::vector<std::uint32_t> numbers = {0, 1, 2, 3, 4, 5, 99, 0x80000000u, kNoChoice};
    for (const Question& q : everyType()) {
        for (int round = 0; round < 500; ++round) {
            Response r;
            r.choices.resize(random() % 7);
            for (std::uint32_t& c : r.choices) {
                c = numbers[random() % numbers.size()];
            }
            r.text = random() % 2 ? texts[random() % texts.size()] : "";
            const std::optional<double> score = grade(q, r);
            if (score) {
                EXPECT_GE(*score, 0.0);
                EXPECT_LE(*score, 1.0);
            }
            if (checkResponse(q, r)) {
                EXPECT_TRUE(!score || *score == 0.0) << q.title;
                EXPECT_THAT(distributionLabelsFor(q, r), IsEmpty());
            }
            EXPECT_FALSE(describeResponse(q, r).empty());
            (void)feedbackFor(q, r);
        }
    }
}
