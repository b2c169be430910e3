// A quiz as a learner answers it: every question type driven with real keys
// and clicks, the Response each one hands to the core, statuses that only the
// core sets, unsent edits that survive the core's updates, closing, the
// reveal, the countdown, and a window the learner cannot close.
//
// Choices and matching options are shown shuffled, so the tests find them by
// their words, never by their place, and expect the canonical indexes of
// Response.h whatever the order shown.

#include "student-agent/ui/QuizWindow.h"
#include "common/module/Gift.h"
#include "common/quiz/Grading.h"
#include "student-agent/ui/WidgetQuizView.h"
#include "tests/gui/Screenshot.h"
#include "tests/support/Wait.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QTextBrowser>
#include <QTextDocument>

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <string>
#include <utility>
#include <vector>

using namespace classroom;
using namespace classroom::agent;
using namespace classroom::test;
using module::gift::Question;
using module::gift::QuestionType;

namespace {

const char* const kMultipleChoice = "::Never share::Which of these should you never tell anyone, not even your bank?{\n"
                                    "  =Your PIN code#Right. Nobody needs your PIN, not even your bank.\n"
                                    "  ~Your full name#Many people may need your name.\n"
                                    "  ~Your phone number#You can give your phone number to people you trust.\n"
                                    "  ~The town you live in#This is not a secret.\n"
                                    "  ####Your PIN and your passwords are only for you.\n"
                                    "}\n";
const char* const kMultipleResponse = "::Good passwords::Which TWO of these are good passwords?{\n"
                                      "  ~%50%BicycleCloudLemonJazz#Yes. Four random words.\n"
                                      "  ~%50%kettle-forest-violin-73#Yes. Random words, and long.\n"
                                      "  ~%-50%password123#No. Criminals try this first.\n"
                                      "  ~%-50%Maria1985#No. Easy to find out.\n"
                                      "}\n";
const char* const kTrueFalse = "::Updates::Installing updates on your phone makes it safer.{TRUE"
                               "#It does. Updates repair security holes.#Right. Updates repair security holes.}\n";
const char* const kShortAnswer =
    "::Phishing::Scam messages that fish for your details have a special name. What is it?{\n"
    "  =phishing#Right.\n"
    "  =%50%fishing#Close. It is spelled phishing.\n"
    "}\n";
const char* const kNumerical = "::Password length::At least how many characters should a password have?{#\n"
                               "  =12..64#Right.\n"
                               "}\n";
const char* const kEssay = "::My plan::Write down three things that you will do to stay safe online.{}\n";
const char* const kMatching =
    "::Warning signs::Match each message with the warning sign that it shows.{\n"
    "  =Pay within one hour or your account will be closed! -> It is urgent\n"
    "  =You have won a new phone. Just pay the delivery fee. -> Too good to be true\n"
    "  =Please read me the code that we just sent to your phone. -> It asks for a secret code\n"
    "  =Hi Mum, this is my new number. Can you send me money today? -> A new number asks for money\n"
    "  ####When you see any of these signs, stop and check in another way.\n"
    "}\n";
const char* const kDescription = "::About these questions::These questions are about staying safe online.\n";

Question parsed(const std::string& gift)
{
    const module::gift::ParseResult result = module::gift::parse(gift);
    EXPECT_TRUE(result.errors.empty()) << (result.errors.empty() ? "" : result.errors.front().message);
    EXPECT_EQ(result.questions.size(), 1u) << gift;
    return result.questions.empty() ? Question{} : result.questions.front();
}

std::filesystem::path sampleModuleDir()
{
    const std::filesystem::path built(CLASSROOM_SAMPLE_MODULE_DIR);
    if (std::filesystem::exists(built / "questions.gift"))
        return built;
    return std::filesystem::path(__FILE__).parent_path() / "../../teacher-console/modules/staying-safe-online";
}

std::vector<Question> sampleQuestions()
{
    QFile file(QString::fromStdString((sampleModuleDir() / "questions.gift").string()));
    EXPECT_TRUE(file.open(QIODevice::ReadOnly)) << file.fileName().toStdString();
    const module::gift::ParseResult result = module::gift::parse(file.readAll().toStdString());
    EXPECT_TRUE(result.errors.empty());
    return result.questions;
}

QuizScreen liveScreen(const Question& question, std::uint32_t number = 7, std::uint64_t run = 1)
{
    QuizScreen screen;
    screen.run = run;
    screen.live = true;
    screen.moduleTitle = QStringLiteral("Staying safe online");
    QuizQuestion item;
    item.number = number;
    item.question = question;
    screen.questions.push_back(item);
    return screen;
}

template <typename T>
std::vector<T*> shownChildren(const QWidget& window, const char* name)
{
    std::vector<T*> found;
    for (T* widget : window.findChildren<T*>(QString::fromLatin1(name)))
        if (widget->isVisibleTo(&window))
            found.push_back(widget);
    return found;
}

template <typename T>
T* shown(const QWidget& window, const char* name)
{
    const std::vector<T*> found = shownChildren<T>(window, name);
    EXPECT_EQ(found.size(), 1u) << name;
    return found.empty() ? nullptr : found.front();
}

// The words of the choices shown, top to bottom.
std::vector<QString> shownChoices(const QWidget& window)
{
    std::vector<QString> names;
    for (const QAbstractButton* button : shownChildren<QAbstractButton>(window, "Choice"))
        names.push_back(button->accessibleName());
    return names;
}

// The choice shown with these words.
QAbstractButton* choiceNamed(const QWidget& window, const char* words)
{
    for (QAbstractButton* button : shownChildren<QAbstractButton>(window, "Choice"))
        if (button->accessibleName() == QString::fromUtf8(words))
            return button;
    ADD_FAILURE() << "no choice \"" << words << "\" is shown";
    return nullptr;
}

// What a learner clicks: the words beside the button, not the button itself.
QLabel* wordsOf(const QAbstractButton* choice)
{
    return choice ? choice->parentWidget()->findChild<QLabel*>(QStringLiteral("ChoiceText")) : nullptr;
}

// Where an answer with these words is in the question: what Response::choices counts.
std::uint32_t answerIndex(const Question& question, const QString& words)
{
    const std::vector<std::string> labels = quiz::choiceLabels(question);
    const auto found = std::find(labels.begin(), labels.end(), words.toStdString());
    EXPECT_NE(found, labels.end()) << words.toStdString();
    return static_cast<std::uint32_t>(found - labels.begin());
}

// Where a matching option with these words is in quiz::matchingOptions().
std::uint32_t optionIndex(const Question& question, const QString& words)
{
    const std::vector<std::string> options = quiz::matchingOptions(question);
    const auto found = std::find(options.begin(), options.end(), words.toStdString());
    EXPECT_NE(found, options.end()) << words.toStdString();
    return static_cast<std::uint32_t>(found - options.begin());
}

// What a matching drop-down list offers after "Choose…", top to bottom.
std::vector<QString> entriesOf(const QComboBox* list)
{
    std::vector<QString> entries;
    for (int i = 1; i < list->count(); ++i)
        entries.push_back(list->itemText(i));
    return entries;
}

std::vector<QString> sorted(std::vector<QString> texts)
{
    std::sort(texts.begin(), texts.end());
    return texts;
}

// The texts in file order, as the window showed them before it shuffled.
std::vector<QString> inFileOrder(const std::vector<std::string>& texts)
{
    std::vector<QString> out;
    for (const std::string& text : texts)
        out.push_back(QString::fromStdString(text));
    return out;
}

// Clicks the words of the choice shown with these words.
void clickChoice(const QWidget& window, const char* words)
{
    if (const QAbstractButton* choice = choiceNamed(window, words))
        QTest::mouseClick(wordsOf(choice), Qt::LeftButton);
}

// Everything the learner can read in the window.
QString allText(const QWidget& window)
{
    QStringList texts;
    for (const QLabel* label : window.findChildren<QLabel*>())
        if (label->isVisibleTo(&window))
            texts << label->text();
    for (const QAbstractButton* button : window.findChildren<QAbstractButton*>())
        if (button->isVisibleTo(&window))
            texts << button->text();
    return texts.join(QLatin1Char('\n'));
}

QString statusText(const QWidget& window)
{
    return window.findChild<QLabel*>(QStringLiteral("AnswerStatus"))->text();
}

QString problemText(const QWidget& window)
{
    auto* problem = window.findChild<QLabel*>(QStringLiteral("AnswerProblem"));
    return problem->isVisibleTo(&window) ? problem->text() : QString();
}

QPushButton* sendButton(const QWidget& window)
{
    return window.findChild<QPushButton*>(QStringLiteral("SendAnswer"));
}

// Lets posted layout requests run first, as the event loop would before painting.
void screenshot(QWidget& window, const QString& name)
{
    QCoreApplication::processEvents();
    saveScreenshot(window, name);
}

void showActive(QWidget& window)
{
    window.resize(1024, 768);
    window.show();
    window.activateWindow();
    ASSERT_TRUE(QTest::qWaitForWindowActive(&window));
}

class QuizWindowAnswers : public testing::Test {
protected:
    void SetUp() override
    {
        QObject::connect(
            &m_window, &QuizWindow::answerSubmitted,
            [this](std::uint32_t number, const quiz::Response& response) { m_answers.emplace_back(number, response); });
    }

    void show(const QuizScreen& screen)
    {
        m_window.showQuiz(screen);
        showActive(m_window);
    }

    // What the core would say back about question 0 of `screen`.
    void answerStatus(QuizScreen& screen, AnswerStatus status, std::optional<quiz::Response> last = {},
                      const QString& detail = {})
    {
        screen.questions.front().status = status;
        screen.questions.front().lastAnswer = std::move(last);
        screen.questions.front().detail = detail;
        m_window.showQuiz(screen);
    }

    static quiz::Response choices(std::vector<std::uint32_t> picked) { return {std::move(picked), {}}; }
    static quiz::Response text(std::string typed) { return {{}, std::move(typed)}; }

    QuizWindow m_window;
    std::vector<std::pair<std::uint32_t, quiz::Response>> m_answers;
};

using Answers = std::vector<std::pair<std::uint32_t, quiz::Response>>;

TEST_F(QuizWindowAnswers, MultipleChoiceIsPickedWithArrowKeysOrAClickAndSentWithEnterOrTheButton)
{
    const Question question = parsed(kMultipleChoice);
    const QuizScreen screen = liveScreen(question);
    show(screen);
    EXPECT_EQ(m_window.windowTitle(), QStringLiteral("Staying safe online"));
    EXPECT_EQ(shown<QLabel>(m_window, "QuizTitle")->text(), QStringLiteral("Staying safe online"));
    EXPECT_EQ(shown<QLabel>(m_window, "QuizProgress")->text(), QStringLiteral("Question from your trainer"));
    EXPECT_EQ(shown<QLabel>(m_window, "QuestionTitle")->text(), QStringLiteral("Never share"));
    EXPECT_EQ(shown<QTextBrowser>(m_window, "QuestionText")->toPlainText(),
              QStringLiteral("Which of these should you never tell anyone, not even your bank?"));
    EXPECT_TRUE(shownChildren<QPushButton>(m_window, "QuestionMarker").empty());
    EXPECT_FALSE(m_window.findChild<QPushButton*>(QStringLiteral("NextQuestion"))->isVisible());
    const std::vector<QRadioButton*> radios = shownChildren<QRadioButton>(m_window, "Choice");
    ASSERT_EQ(radios.size(), 4u);
    EXPECT_EQ(sorted(shownChoices(m_window)), sorted(inFileOrder(quiz::choiceLabels(question))));
    for (const QRadioButton* radio : radios)
        EXPECT_GE(radio->parentWidget()->height(), 48);  // the whole row is the target
    EXPECT_EQ(sendButton(m_window)->text(), QStringLiteral("Send answer"));
    screenshot(m_window, QStringLiteral("quiz-live-multiple-choice"));

    // Enter with nothing chosen: a plain message, nothing sent.
    ASSERT_EQ(QApplication::focusWidget(), radios[0]);  // the top one, whichever answer it is
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return);
    EXPECT_TRUE(m_answers.empty());
    EXPECT_EQ(problemText(m_window), QStringLiteral("Please choose an answer."));

    QTest::keyClick(radios[0], Qt::Key_Space);
    QTest::keyClick(radios[0], Qt::Key_Down);
    QTest::keyClick(radios[1], Qt::Key_Down);
    EXPECT_TRUE(radios[2]->isChecked());
    EXPECT_TRUE(problemText(m_window).isEmpty());
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return);
    const std::uint32_t third = answerIndex(question, radios[2]->accessibleName());
    EXPECT_EQ(m_answers, (Answers{{7, choices({third})}}));

    // A click on the words of an answer picks it; the button sends.
    QAbstractButton* pin = choiceNamed(m_window, "Your PIN code");
    ASSERT_NE(pin, nullptr);
    QTest::mouseClick(wordsOf(pin), Qt::LeftButton);
    EXPECT_TRUE(pin->isChecked());
    QTest::mouseClick(sendButton(m_window), Qt::LeftButton);
    EXPECT_EQ(m_answers, (Answers{{7, choices({third})}, {7, choices({0})}}));
    EXPECT_FALSE(allText(m_window).contains(QStringLiteral("Answer sent")));  // only the core says so
    EXPECT_TRUE(statusText(m_window).isEmpty());
}

TEST_F(QuizWindowAnswers, MultipleResponseTicksSeveralBoxesWithSpaceAndTab)
{
    const Question question = parsed(kMultipleResponse);
    show(liveScreen(question, 2));
    const std::vector<QCheckBox*> boxes = shownChildren<QCheckBox>(m_window, "Choice");
    ASSERT_EQ(boxes.size(), 4u);
    ASSERT_EQ(QApplication::focusWidget(), boxes[0]);
    QTest::keyClick(boxes[0], Qt::Key_Return);
    EXPECT_TRUE(m_answers.empty());
    EXPECT_EQ(problemText(m_window), QStringLiteral("Please choose at least one answer."));

    QTest::keyClick(boxes[0], Qt::Key_Space);
    QTest::keyClick(boxes[0], Qt::Key_Tab);
    ASSERT_EQ(QApplication::focusWidget(), boxes[1]);
    QTest::keyClick(boxes[1], Qt::Key_Tab);
    QTest::keyClick(boxes[2], Qt::Key_Tab);
    QTest::keyClick(boxes[3], Qt::Key_Space);
    QTest::keyClick(boxes[3], Qt::Key_Return);
    // In ascending order, whichever of the two is shown first.
    const std::uint32_t top = answerIndex(question, boxes[0]->accessibleName());
    const std::uint32_t bottom = answerIndex(question, boxes[3]->accessibleName());
    EXPECT_EQ(m_answers, (Answers{{2, choices({std::min(top, bottom), std::max(top, bottom)})}}));
    screenshot(m_window, QStringLiteral("quiz-multiple-response"));
}

TEST_F(QuizWindowAnswers, TrueFalseOffersTrueAndFalse)
{
    for (std::uint64_t run = 1; run <= 8; ++run) {  // never shuffled
        m_window.showQuiz(liveScreen(parsed(kTrueFalse), 3, run));
        EXPECT_EQ(shownChoices(m_window), (std::vector<QString>{QStringLiteral("True"), QStringLiteral("False")}));
    }
    show(liveScreen(parsed(kTrueFalse), 3));
    const std::vector<QRadioButton*> radios = shownChildren<QRadioButton>(m_window, "Choice");
    ASSERT_EQ(radios.size(), 2u);
    EXPECT_EQ(radios[0]->accessibleName(), QStringLiteral("True"));
    EXPECT_EQ(radios[1]->accessibleName(), QStringLiteral("False"));
    QTest::mouseClick(shownChildren<QLabel>(m_window, "ChoiceText")[1], Qt::LeftButton);
    QTest::mouseClick(sendButton(m_window), Qt::LeftButton);
    EXPECT_EQ(m_answers, (Answers{{3, choices({1})}}));
}

TEST_F(QuizWindowAnswers, AShortAnswerIsTypedAndSentWithEnter)
{
    show(liveScreen(parsed(kShortAnswer), 4));
    auto* line = shown<QLineEdit>(m_window, "AnswerLine");
    ASSERT_EQ(QApplication::focusWidget(), line);
    EXPECT_EQ(line->accessibleName(), QStringLiteral("Your answer"));
    QTest::keyClick(line, Qt::Key_Return);
    EXPECT_TRUE(m_answers.empty());
    EXPECT_EQ(problemText(m_window), QStringLiteral("Please type your answer."));
    QTest::keyClicks(line, QStringLiteral("Phishing"));
    QTest::keyClick(line, Qt::Key_Return);
    EXPECT_EQ(m_answers, (Answers{{4, text("Phishing")}}));
}

TEST_F(QuizWindowAnswers, ANumberWithACommaIsSentAndWordsAreRefusedWithAPlainMessage)
{
    show(liveScreen(parsed(kNumerical), 5));
    auto* line = shown<QLineEdit>(m_window, "AnswerLine");
    EXPECT_EQ(line->placeholderText(), QStringLiteral("Type a number"));
    QTest::keyClicks(line, QStringLiteral("abc"));
    QTest::keyClick(line, Qt::Key_Return);
    QTest::mouseClick(sendButton(m_window), Qt::LeftButton);
    EXPECT_TRUE(m_answers.empty());
    EXPECT_EQ(problemText(m_window), QStringLiteral("Please type a number, for example 12 or 3.5"));
    screenshot(m_window, QStringLiteral("quiz-number-refused"));

    line->selectAll();
    QTest::keyClicks(line, QStringLiteral("3,5"));
    EXPECT_TRUE(problemText(m_window).isEmpty());
    QTest::keyClick(line, Qt::Key_Enter, Qt::KeypadModifier);
    EXPECT_EQ(m_answers, (Answers{{5, text("3,5")}}));
}

TEST_F(QuizWindowAnswers, AnEssayCountsItsCharactersRefusesMoreThanTheLimitAndIsSentWithCtrlEnter)
{
    show(liveScreen(parsed(kEssay), 13));
    auto* essay = shown<QPlainTextEdit>(m_window, "EssayEdit");
    auto* counter = shown<QLabel>(m_window, "EssayCounter");
    ASSERT_EQ(QApplication::focusWidget(), essay);
    EXPECT_EQ(counter->text(), QStringLiteral("0 characters"));
    QTest::keyClicks(essay, QStringLiteral("I"));
    EXPECT_EQ(counter->text(), QStringLiteral("1 character"));
    essay->clear();

    QTest::keyClicks(essay, QStringLiteral("Lock my phone"));
    QTest::keyClick(essay, Qt::Key_Return);  // a new line, not sending
    QTest::keyClicks(essay, QStringLiteral("Use long passwords"));
    EXPECT_TRUE(m_answers.empty());
    EXPECT_EQ(counter->text(), QStringLiteral("32 characters"));
    screenshot(m_window, QStringLiteral("quiz-essay"));
    QTest::keyClick(essay, Qt::Key_Return, Qt::ControlModifier);
    EXPECT_EQ(m_answers, (Answers{{13, text("Lock my phone\nUse long passwords")}}));

    // Pasting more than the limit keeps what fits; typing at the limit adds nothing.
    essay->selectAll();
    QApplication::clipboard()->setText(QString(9000, QLatin1Char('a')));
    QTest::keyClick(essay, Qt::Key_V, Qt::ControlModifier);
    EXPECT_EQ(essay->toPlainText().size(), QuizWindow::kMaxEssayBytes);
    QTest::keyClicks(essay, QStringLiteral("bcd"));
    QTest::keyClick(essay, Qt::Key_Return);
    EXPECT_EQ(essay->toPlainText().toUtf8().size(), QuizWindow::kMaxEssayBytes);
    EXPECT_EQ(counter->text(), QStringLiteral("8000 characters. Your answer is as long as it can be."));
    screenshot(m_window, QStringLiteral("quiz-essay-full"));

    // The limit is in bytes of UTF-8, as on the wire: "é" takes two. The
    // counter counts characters, as the learner does, and says nothing of
    // the limit until the essay reaches it.
    essay->selectAll();
    QApplication::clipboard()->setText(QString(5000, QChar(0xe9)));
    QTest::keyClick(essay, Qt::Key_V, Qt::ControlModifier);
    EXPECT_EQ(essay->toPlainText(), QString(4000, QChar(0xe9)));
    EXPECT_EQ(counter->text(), QStringLiteral("4000 characters. Your answer is as long as it can be."));
    QTest::keyClick(essay, Qt::Key_Backspace);
    EXPECT_EQ(counter->text(), QStringLiteral("3999 characters"));
    QTest::keyClicks(essay, QStringLiteral("abc"));  // room for two bytes: "ab"
    EXPECT_TRUE(essay->toPlainText().endsWith(QStringLiteral("ab")));
    EXPECT_EQ(essay->toPlainText().toUtf8().size(), QuizWindow::kMaxEssayBytes);
    EXPECT_EQ(counter->text(), QStringLiteral("4001 characters. Your answer is as long as it can be."));
    QTest::keyClick(essay, Qt::Key_Return, Qt::ControlModifier);
    ASSERT_EQ(m_answers.size(), 2u);
    EXPECT_EQ(m_answers[1].second.text.size(), static_cast<std::size_t>(QuizWindow::kMaxEssayBytes));

    // An emoji is one character to the learner (two UTF-16 units, four bytes).
    essay->selectAll();
    QApplication::clipboard()->setText(QStringLiteral("Stay safe \U0001F512"));
    QTest::keyClick(essay, Qt::Key_V, Qt::ControlModifier);
    EXPECT_EQ(counter->text(), QStringLiteral("11 characters"));
}

TEST_F(QuizWindowAnswers, MatchingIsDoneWithTheKeyboardAlone)
{
    const Question question = parsed(kMatching);
    show(liveScreen(question, 6));
    const std::vector<QComboBox*> lists = shownChildren<QComboBox>(m_window, "MatchChoice");
    ASSERT_EQ(lists.size(), 4u);
    EXPECT_EQ(lists[0]->currentText(), QStringLiteral("Choose…"));
    EXPECT_EQ(lists[0]->count(), 5);
    EXPECT_EQ(sorted(entriesOf(lists[0])), sorted(inFileOrder(quiz::matchingOptions(question))));
    EXPECT_EQ(lists[0]->accessibleName(),
              QStringLiteral("Match for: Pay within one hour or your account will be closed!"));
    const std::vector<QLabel*> items = shownChildren<QLabel>(m_window, "MatchItem");
    ASSERT_EQ(items.size(), 4u);
    EXPECT_EQ(items[3]->text(), QStringLiteral("Hi Mum, this is my new number. Can you send me money today?"));

    // Down picks the next entry of a closed list, a letter the first entry
    // starting with it, Tab goes to the next list.
    ASSERT_EQ(QApplication::focusWidget(), lists[0]);
    QTest::keyClick(lists[0], Qt::Key_Down);
    EXPECT_EQ(lists[0]->currentIndex(), 1);
    QTest::keyClick(lists[0], Qt::Key_Tab);
    ASSERT_EQ(QApplication::focusWidget(), lists[1]);
    QTest::keyClick(lists[1], Qt::Key_T);
    EXPECT_EQ(lists[1]->currentText(), QStringLiteral("Too good to be true"));  // the only one with a T
    QTest::keyClick(lists[1], Qt::Key_Tab);
    ASSERT_EQ(QApplication::focusWidget(), lists[2]);
    for (int i = 0; i < 3; ++i)
        QTest::keyClick(lists[2], Qt::Key_Down);
    EXPECT_EQ(lists[2]->currentIndex(), 3);
    QTest::keyClick(lists[2], Qt::Key_Return);  // the last list left unchosen
    // The options as quiz::matchingOptions() counts them, not as the lists show them.
    const std::uint32_t first = optionIndex(question, lists[0]->currentText());
    const std::uint32_t third = optionIndex(question, lists[2]->currentText());
    EXPECT_EQ(m_answers, (Answers{{6, choices({first, 1, third, quiz::kNoChoice})}}));

    QTest::keyClick(lists[2], Qt::Key_Tab);
    ASSERT_EQ(QApplication::focusWidget(), lists[3]);
    for (int i = 0; i < 5; ++i)  // past the last entry stays on it
        QTest::keyClick(lists[3], Qt::Key_Down);
    EXPECT_EQ(lists[3]->currentIndex(), 4);
    const int money = lists[3]->findText(QStringLiteral("A new number asks for money"));
    ASSERT_GT(money, 0);
    while (lists[3]->currentIndex() > money)
        QTest::keyClick(lists[3], Qt::Key_Up);
    EXPECT_EQ(lists[3]->currentText(), QStringLiteral("A new number asks for money"));
    screenshot(m_window, QStringLiteral("quiz-matching"));
    QTest::keyClick(lists[3], Qt::Key_Enter, Qt::KeypadModifier);
    EXPECT_EQ(m_answers.back(), (std::pair<std::uint32_t, quiz::Response>{6, choices({first, 1, third, 3})}));
}

TEST_F(QuizWindowAnswers, ADescriptionHasNothingToSend)
{
    show(liveScreen(parsed(kDescription), 0));
    EXPECT_EQ(shown<QTextBrowser>(m_window, "QuestionText")->toPlainText(),
              QStringLiteral("These questions are about staying safe online."));
    EXPECT_FALSE(sendButton(m_window)->isVisible());
    QTest::keyClick(&m_window, Qt::Key_Return);
    QTest::keyClick(&m_window, Qt::Key_Return, Qt::ControlModifier);
    EXPECT_TRUE(m_answers.empty());
}

TEST_F(QuizWindowAnswers, TheStatusLineShowsOnlyWhatTheCoreSays)
{
    QuizScreen screen = liveScreen(parsed(kShortAnswer), 4);
    show(screen);
    QTest::keyClicks(shown<QLineEdit>(m_window, "AnswerLine"), QStringLiteral("phishing"));
    QTest::keyClick(shown<QLineEdit>(m_window, "AnswerLine"), Qt::Key_Return);
    ASSERT_EQ(m_answers.size(), 1u);
    EXPECT_TRUE(statusText(m_window).isEmpty());
    EXPECT_FALSE(allText(m_window).contains(QStringLiteral("sent"), Qt::CaseInsensitive));

    answerStatus(screen, AnswerStatus::Sending, text("phishing"));
    EXPECT_EQ(statusText(m_window), QStringLiteral("Sending your answer…"));
    EXPECT_FALSE(allText(m_window).contains(QStringLiteral("Answer sent")));

    answerStatus(screen, AnswerStatus::Sent, text("phishing"));
    EXPECT_EQ(statusText(m_window), QStringLiteral("✓ Answer sent"));
    EXPECT_EQ(shown<QLabel>(m_window, "AnswerStatus")->palette().color(QPalette::WindowText), QColor(0x1b, 0x7a, 0x3a));
    EXPECT_EQ(sendButton(m_window)->text(), QStringLiteral("Send new answer"));
    EXPECT_TRUE(sendButton(m_window)->isEnabled());  // the latest answer counts
    screenshot(m_window, QStringLiteral("quiz-answer-sent"));

    answerStatus(screen, AnswerStatus::SentLate, text("phishing"));
    EXPECT_EQ(statusText(m_window), QStringLiteral("Answer sent after the question closed"));

    answerStatus(screen, AnswerStatus::Refused, text("phishing"), QStringLiteral("the quiz is over"));
    EXPECT_EQ(statusText(m_window), QStringLiteral("Your answer was not accepted: the quiz is over"));
    EXPECT_EQ(shown<QLabel>(m_window, "AnswerStatus")->palette().color(QPalette::WindowText), QColor(0xb3, 0x26, 0x1e));

    answerStatus(screen, AnswerStatus::NotAnswered);
    EXPECT_TRUE(statusText(m_window).isEmpty());
}

TEST_F(QuizWindowAnswers, TheSameRunKeepsUnsentEditsAndALastAnswerFillsUntouchedControls)
{
    QuizScreen screen = liveScreen(parsed(kShortAnswer), 4);
    show(screen);
    auto* line = shown<QLineEdit>(m_window, "AnswerLine");
    QTest::keyClicks(line, QStringLiteral("phish"));

    // The core updates the screen (say, an earlier answer is now stored): the typing stays.
    answerStatus(screen, AnswerStatus::Sent, text("fishing"));
    EXPECT_EQ(shown<QLineEdit>(m_window, "AnswerLine"), line);
    EXPECT_EQ(line->text(), QStringLiteral("phish"));
    EXPECT_EQ(QApplication::focusWidget(), line);

    // After a restart the window is new: the last answer is filled in.
    QuizWindow restarted;
    restarted.showQuiz(screen);
    EXPECT_EQ(shown<QLineEdit>(restarted, "AnswerLine")->text(), QStringLiteral("fishing"));
    QuizScreen multiple = liveScreen(parsed(kMultipleChoice), 1);
    multiple.questions.front().lastAnswer = choices({3});
    multiple.questions.front().status = AnswerStatus::Sent;
    restarted.showQuiz(multiple);
    // The last answer names the fourth answer of the file, wherever it is shown.
    for (const QAbstractButton* choice : shownChildren<QAbstractButton>(restarted, "Choice"))
        EXPECT_EQ(choice->isChecked(), choice->accessibleName() == QStringLiteral("The town you live in"))
            << choice->accessibleName().toStdString();
    QuizScreen matching = liveScreen(parsed(kMatching), 6);
    matching.questions.front().lastAnswer = choices({1, quiz::kNoChoice, 2, 3});
    restarted.showQuiz(matching);
    const std::vector<QComboBox*> lists = shownChildren<QComboBox>(restarted, "MatchChoice");
    ASSERT_EQ(lists.size(), 4u);
    EXPECT_EQ(lists[0]->currentText(), QStringLiteral("Too good to be true"));
    EXPECT_EQ(lists[1]->currentIndex(), 0);
    EXPECT_EQ(lists[2]->currentText(), QStringLiteral("It asks for a secret code"));
    EXPECT_EQ(lists[3]->currentText(), QStringLiteral("A new number asks for money"));

    // A new run starts afresh.
    QuizScreen next = liveScreen(parsed(kShortAnswer), 4, 2);
    m_window.showQuiz(next);
    EXPECT_TRUE(shown<QLineEdit>(m_window, "AnswerLine")->text().isEmpty());
}

TEST_F(QuizWindowAnswers, AClosedQuestionCannotBeAnswered)
{
    QuizScreen screen = liveScreen(parsed(kMultipleChoice), 1);
    show(screen);
    QAbstractButton* name = choiceNamed(m_window, "Your full name");
    QAbstractButton* town = choiceNamed(m_window, "The town you live in");
    ASSERT_TRUE(name && town);
    QTest::mouseClick(wordsOf(name), Qt::LeftButton);
    screen.open = false;
    m_window.showQuiz(screen);
    EXPECT_EQ(shown<QLabel>(m_window, "ClosedNote")->text(), QStringLiteral("This question is closed."));
    EXPECT_FALSE(sendButton(m_window)->isEnabled());
    EXPECT_FALSE(town->isEnabled());
    EXPECT_TRUE(name->isChecked());  // still shows what the learner chose
    QTest::mouseClick(wordsOf(town), Qt::LeftButton);
    QTest::keyClick(&m_window, Qt::Key_Return);
    QTest::mouseClick(sendButton(m_window), Qt::LeftButton);
    EXPECT_TRUE(name->isChecked());
    EXPECT_FALSE(town->isChecked());
    EXPECT_TRUE(m_answers.empty());
}

TEST_F(QuizWindowAnswers, TheRevealShowsTheRightAnswerTheFeedbackAndWhetherTheLearnerWasRight)
{
    QuizScreen screen = liveScreen(parsed(kMultipleChoice), 1);
    screen.open = false;
    screen.reveal = true;
    screen.questions.front().lastAnswer = choices({0});
    screen.questions.front().status = AnswerStatus::Sent;
    show(screen);
    EXPECT_EQ(shown<QLabel>(m_window, "Verdict")->text(), QStringLiteral("Right!"));
    EXPECT_EQ(shown<QLabel>(m_window, "RightAnswer")->text(), QStringLiteral("Right answer: Your PIN code"));
    EXPECT_EQ(shown<QLabel>(m_window, "Feedback")->text(),
              QStringLiteral("Right. Nobody needs your PIN, not even your bank.\n\n"
                             "Your PIN and your passwords are only for you."));
    QAbstractButton* pin = choiceNamed(m_window, "Your PIN code");
    ASSERT_NE(pin, nullptr);
    EXPECT_TRUE(pin->isChecked());
    EXPECT_FALSE(pin->isEnabled());
    EXPECT_FALSE(sendButton(m_window)->isEnabled());
    EXPECT_TRUE(shownChildren<QLabel>(m_window, "ClosedNote").empty());
    screenshot(m_window, QStringLiteral("quiz-revealed-answer"));

    answerStatus(screen, AnswerStatus::Sent, choices({2}));
    EXPECT_TRUE(choiceNamed(m_window, "Your phone number")->isChecked());
    EXPECT_EQ(shown<QLabel>(m_window, "Verdict")->text(), QStringLiteral("Not right this time"));
    EXPECT_TRUE(shown<QLabel>(m_window, "Feedback")->text().startsWith(QStringLiteral("You can give your phone")));

    QuizScreen several = liveScreen(parsed(kMultipleResponse), 2, 2);
    several.reveal = true;
    several.questions.front().lastAnswer = choices({0});
    m_window.showQuiz(several);
    EXPECT_EQ(shown<QLabel>(m_window, "Verdict")->text(), QStringLiteral("Partly right"));
    EXPECT_EQ(shown<QLabel>(m_window, "RightAnswer")->text(),
              QStringLiteral("Right answer: BicycleCloudLemonJazz; kettle-forest-violin-73"));

    QuizScreen essay = liveScreen(parsed(kEssay), 13, 3);
    essay.reveal = true;
    essay.questions.front().lastAnswer = text("Lock my phone");
    m_window.showQuiz(essay);
    EXPECT_EQ(shown<QLabel>(m_window, "Verdict")->text(), QStringLiteral("Your trainer will read your answer."));
    EXPECT_TRUE(shownChildren<QLabel>(m_window, "RightAnswer").empty());
    EXPECT_EQ(shown<QPlainTextEdit>(m_window, "EssayEdit")->toPlainText(), QStringLiteral("Lock my phone"));

    QuizScreen unanswered = liveScreen(parsed(kTrueFalse), 3, 4);
    unanswered.reveal = true;
    m_window.showQuiz(unanswered);
    EXPECT_EQ(shown<QLabel>(m_window, "Verdict")->text(), QStringLiteral("You did not answer this question."));
    EXPECT_EQ(shown<QLabel>(m_window, "RightAnswer")->text(), QStringLiteral("Right answer: True"));
}

TEST_F(QuizWindowAnswers, TheCountdownTicksAndSendingStopsWhenTimeIsUp)
{
    QuizScreen screen = liveScreen(parsed(kShortAnswer), 4);
    screen.closesAt = std::chrono::steady_clock::now() + std::chrono::milliseconds(2900);
    m_window.showQuiz(screen);
    auto* countdown = m_window.findChild<QLabel*>(QStringLiteral("Countdown"));
    EXPECT_EQ(countdown->text(), QStringLiteral("Time left: 0:03"));
    showActive(m_window);
    EXPECT_TRUE(countdown->isVisible());
    EXPECT_TRUE(waitUntil([&] { return countdown->text() == QStringLiteral("Time left: 0:02"); }, 3s));
    EXPECT_TRUE(sendButton(m_window)->isEnabled());
    screenshot(m_window, QStringLiteral("quiz-countdown"));
    EXPECT_TRUE(waitUntil([&] { return countdown->text() == QStringLiteral("Time is up"); }, 5s));
    EXPECT_FALSE(sendButton(m_window)->isEnabled());
    auto* line = shown<QLineEdit>(m_window, "AnswerLine");
    QTest::keyClicks(line, QStringLiteral("phishing"));
    QTest::keyClick(line, Qt::Key_Return);
    EXPECT_TRUE(m_answers.empty());

    // Longer times read as minutes and seconds.
    screen.closesAt = std::chrono::steady_clock::now() + std::chrono::seconds(90) - std::chrono::milliseconds(1);
    m_window.showQuiz(screen);
    EXPECT_EQ(countdown->text(), QStringLiteral("Time left: 1:30"));
    EXPECT_TRUE(sendButton(m_window)->isEnabled());
    screen.open = false;  // the console closed it
    m_window.showQuiz(screen);
    EXPECT_FALSE(countdown->isVisible());
}

TEST_F(QuizWindowAnswers, TextsAreShownInTheirFormatWithoutRunningOrLoadingAnything)
{
    QuizScreen screen = liveScreen(parsed("::**Bold** title::[markdown]Is this **strong**? <b>raw</b> "
                                          "![secret](/etc/passwd){=yes ~no}"));
    show(screen);
    EXPECT_EQ(shown<QLabel>(m_window, "QuestionTitle")->text(), QStringLiteral("Bold title"));
    const QString shownText = shown<QTextBrowser>(m_window, "QuestionText")->toPlainText();
    EXPECT_TRUE(shownText.startsWith(QStringLiteral("Is this strong? <b>raw</b>"))) << shownText.toStdString();
    EXPECT_TRUE(shownText.contains(QStringLiteral("[secret]"))) << shownText.toStdString();

    m_window.showQuiz(liveScreen(parsed("[html]<p>Click <a href=\"x\">here</a><script>alert(1)</script>"
                                        "<img src=\"/etc/passwd\"></p>{=yes ~no}"),
                                 7, 2));
    const QString html = shown<QTextBrowser>(m_window, "QuestionText")->toPlainText();
    EXPECT_TRUE(html.startsWith(QStringLiteral("Click here"))) << html.toStdString();
    EXPECT_FALSE(html.contains(QLatin1Char('<')));

    m_window.showQuiz(liveScreen(parsed("A real bank never asks for your {=PIN ~name} in a text message."), 7, 3));
    EXPECT_EQ(shown<QTextBrowser>(m_window, "QuestionText")->toPlainText(),
              QStringLiteral("A real bank never asks for your _____ in a text message."));
}

TEST_F(QuizWindowAnswers, APictureIsShownOnlyFromInsideTheModuleFolder)
{
    QTemporaryDir temp;
    ASSERT_TRUE(temp.isValid());
    const QString root = temp.filePath(QStringLiteral("module"));
    ASSERT_TRUE(QDir().mkpath(root + QStringLiteral("/images")));
    QImage picture(QSize(300, 200), QImage::Format_RGB32);
    picture.fill(QColor(0x2e, 0x8b, 0x57));
    ASSERT_TRUE(picture.save(root + QStringLiteral("/images/field.png"), "PNG"));
    ASSERT_TRUE(picture.save(temp.filePath(QStringLiteral("outside.png")), "PNG"));
    QuizScreen screen = liveScreen(parsed("[markdown]Look: ![A field](images/field.png) ![Outside](../outside.png) "
                                          "![Web](http://example.com/a.png) ![Absolute](/etc/passwd){=yes ~no}"));
    screen.moduleDirectory = root.toStdString();
    show(screen);

    const QTextDocument& document = *shown<QTextBrowser>(m_window, "QuestionText")->document();
    std::vector<QTextImageFormat> images;
    for (QTextBlock block = document.begin(); block.isValid(); block = block.next())
        for (auto it = block.begin(); !it.atEnd(); ++it)
            if (it.fragment().charFormat().isImageFormat())
                images.push_back(it.fragment().charFormat().toImageFormat());
    ASSERT_EQ(images.size(), 1u);
    EXPECT_EQ(images[0].stringProperty(QTextFormat::ImageAltText), QStringLiteral("A field"));
    EXPECT_EQ(document.resource(QTextDocument::ImageResource, QUrl(images[0].name())).value<QImage>().size(),
              QSize(300, 200));
    const QString text = document.toPlainText();
    for (const char* alt : {"[Outside]", "[Web]", "[Absolute]"})
        EXPECT_TRUE(text.contains(QString::fromLatin1(alt))) << alt << " in " << text.toStdString();
}

TEST_F(QuizWindowAnswers, TheTextSizeButtonsChangeTheSizeWithinLimits)
{
    show(liveScreen(parsed(kMultipleChoice)));
    auto* text = shown<QTextBrowser>(m_window, "QuestionText");
    EXPECT_EQ(text->document()->defaultFont().pointSize(), QuizWindow::kDefaultTextPointSize);
    auto* larger = shown<QPushButton>(m_window, "LargerText");
    auto* smaller = shown<QPushButton>(m_window, "SmallerText");
    for (int i = 0; i < 30; ++i)
        QTest::mouseClick(larger, Qt::LeftButton);
    EXPECT_EQ(m_window.textPointSize(), QuizWindow::kMaxTextPointSize);
    EXPECT_EQ(text->document()->defaultFont().pointSize(), QuizWindow::kMaxTextPointSize);
    EXPECT_FALSE(larger->isEnabled());
    screenshot(m_window, QStringLiteral("quiz-largest-text"));
    for (int i = 0; i < 30; ++i)
        smaller->click();
    EXPECT_EQ(m_window.textPointSize(), QuizWindow::kMinTextPointSize);
    QTest::keyClick(&m_window, Qt::Key_0, Qt::ControlModifier);
    EXPECT_EQ(m_window.textPointSize(), QuizWindow::kDefaultTextPointSize);
    QTest::keyClick(&m_window, Qt::Key_Plus, Qt::ControlModifier);
    EXPECT_EQ(shownChildren<QLabel>(m_window, "ChoiceText")[0]->font().pointSize(),
              QuizWindow::kDefaultTextPointSize + QuizWindow::kTextPointSizeStep);
}

TEST_F(QuizWindowAnswers, ASelfPacedQuizFromTheSampleModuleIsWalkedThroughWithMarkers)
{
    const std::vector<Question> questions = sampleQuestions();
    ASSERT_EQ(questions.size(), 14u);
    QuizScreen screen;
    screen.run = 9;
    screen.live = false;
    screen.moduleTitle = QStringLiteral("Staying safe online");
    screen.moduleDirectory = sampleModuleDir();
    for (std::size_t i = 0; i < questions.size(); ++i)
        screen.questions.push_back(
            {static_cast<std::uint32_t>(i), questions[i], std::nullopt, AnswerStatus::NotAnswered, QString()});
    screen.questions[1].lastAnswer = choices({0});
    screen.questions[1].status = AnswerStatus::Sent;
    screen.questions[2].lastAnswer = choices({0, 1});
    screen.questions[2].status = AnswerStatus::Sending;
    show(screen);

    const std::vector<QPushButton*> markers = shownChildren<QPushButton>(m_window, "QuestionMarker");
    ASSERT_EQ(markers.size(), 14u);
    EXPECT_EQ(markers[0]->text(), QStringLiteral("1"));
    EXPECT_EQ(markers[1]->text(), QStringLiteral("✓ 2"));
    EXPECT_EQ(markers[1]->accessibleName(), QStringLiteral("Question 2, answered"));
    EXPECT_EQ(markers[3]->accessibleName(), QStringLiteral("Question 4, not answered yet"));
    auto* progress = shown<QLabel>(m_window, "QuizProgress");
    auto* previous = shown<QPushButton>(m_window, "PreviousQuestion");
    auto* next = shown<QPushButton>(m_window, "NextQuestion");
    EXPECT_EQ(progress->text(), QStringLiteral("Quiz: question 1 of 14"));
    EXPECT_FALSE(previous->isEnabled());
    EXPECT_FALSE(sendButton(m_window)->isVisible());  // a description: only Next
    EXPECT_EQ(QApplication::focusWidget(), next);
    QTest::keyClick(next, Qt::Key_Return);
    EXPECT_EQ(progress->text(), QStringLiteral("Quiz: question 2 of 14"));
    EXPECT_EQ(sendButton(m_window)->text(), QStringLiteral("Send new answer"));
    EXPECT_TRUE(choiceNamed(m_window, "Your PIN code")->isChecked());
    EXPECT_EQ(statusText(m_window), QStringLiteral("✓ Answer sent"));
    screenshot(m_window, QStringLiteral("quiz-self-paced"));

    // An unsent answer on one question survives going to another and back.
    QTest::mouseClick(markers[4], Qt::LeftButton);
    EXPECT_EQ(m_window.currentQuestion(), 4);
    EXPECT_EQ(shown<QLabel>(m_window, "QuestionTitle")->text(), QStringLiteral("Phishing"));
    QTest::keyClicks(shown<QLineEdit>(m_window, "AnswerLine"), QStringLiteral("phishing"));
    QTest::keyClick(&m_window, Qt::Key_Right, Qt::AltModifier);
    EXPECT_EQ(shown<QLabel>(m_window, "QuestionTitle")->text(), QStringLiteral("Warning signs"));
    QTest::mouseClick(previous, Qt::LeftButton);
    m_window.showQuiz(screen);  // a status update from the core meanwhile
    EXPECT_EQ(m_window.currentQuestion(), 4);
    EXPECT_EQ(shown<QLineEdit>(m_window, "AnswerLine")->text(), QStringLiteral("phishing"));
    QTest::keyClick(shown<QLineEdit>(m_window, "AnswerLine"), Qt::Key_Return);
    EXPECT_EQ(m_answers, (Answers{{4, text("phishing")}}));
    EXPECT_EQ(markers[4]->text(), QStringLiteral("5"));  // answered only once the core says so

    screen.questions[4].lastAnswer = text("phishing");
    screen.questions[4].status = AnswerStatus::Sent;
    m_window.showQuiz(screen);
    EXPECT_EQ(markers[4]->text(), QStringLiteral("✓ 5"));
    QTest::mouseClick(markers[13], Qt::LeftButton);
    EXPECT_EQ(progress->text(), QStringLiteral("Quiz: question 14 of 14"));
    EXPECT_FALSE(next->isEnabled());
    EXPECT_TRUE(shown<QPlainTextEdit>(m_window, "EssayEdit")->isVisible());
}

TEST_F(QuizWindowAnswers, TheResponseCountsChoicesInFileOrderWhateverOrderTheyAreShownIn)
{
    const Question single = parsed(kMultipleChoice);
    const Question several = parsed(kMultipleResponse);
    const Question matching = parsed(kMatching);
    const std::vector<std::size_t> items = quiz::matchingItems(matching);
    show(liveScreen(single));
    for (std::uint64_t run = 1; run <= 12; ++run) {  // twelve shuffles of each
        SCOPED_TRACE(run);
        m_answers.clear();
        m_window.showQuiz(liveScreen(single, 7, 3 * run));
        clickChoice(m_window, "Your PIN code");
        QTest::mouseClick(sendButton(m_window), Qt::LeftButton);
        clickChoice(m_window, "The town you live in");
        QTest::mouseClick(sendButton(m_window), Qt::LeftButton);

        m_window.showQuiz(liveScreen(several, 2, 3 * run + 1));
        clickChoice(m_window, "Maria1985");
        clickChoice(m_window, "kettle-forest-violin-73");
        QTest::mouseClick(sendButton(m_window), Qt::LeftButton);

        // Every item gets its right match, found by its words.
        m_window.showQuiz(liveScreen(matching, 6, 3 * run + 2));
        const std::vector<QComboBox*> lists = shownChildren<QComboBox>(m_window, "MatchChoice");
        ASSERT_EQ(lists.size(), items.size());
        for (std::size_t k = 0; k < lists.size(); ++k)
            lists[k]->setCurrentIndex(lists[k]->findText(QString::fromStdString(matching.answers[items[k]].match)));
        QTest::mouseClick(sendButton(m_window), Qt::LeftButton);

        ASSERT_EQ(m_answers, (Answers{{7, choices({0})},
                                      {7, choices({3})},
                                      {2, choices({1, 3})},
                                      {6, choices({0, 1, 2, 3})}}));
        EXPECT_EQ(quiz::grade(single, m_answers[0].second), 1.0);
        EXPECT_EQ(quiz::grade(matching, m_answers[3].second), 1.0);
    }
}

TEST_F(QuizWindowAnswers, ALastAnswerPicksTheChoicesItNamesWhateverOrderTheyAreShownIn)
{
    const std::set<QString> good{QStringLiteral("BicycleCloudLemonJazz"), QStringLiteral("kettle-forest-violin-73")};
    for (std::uint64_t run = 1; run <= 12; ++run) {
        SCOPED_TRACE(run);
        QuizScreen single = liveScreen(parsed(kMultipleChoice), 1, 2 * run);
        single.questions.front().lastAnswer = choices({0});
        single.questions.front().status = AnswerStatus::Sent;
        m_window.showQuiz(single);
        for (const QAbstractButton* choice : shownChildren<QAbstractButton>(m_window, "Choice"))
            EXPECT_EQ(choice->isChecked(), choice->accessibleName() == QStringLiteral("Your PIN code"));

        QuizScreen several = liveScreen(parsed(kMultipleResponse), 2, 2 * run + 1);
        several.questions.front().lastAnswer = choices({0, 1});
        several.questions.front().status = AnswerStatus::Sent;
        m_window.showQuiz(several);
        for (const QAbstractButton* choice : shownChildren<QAbstractButton>(m_window, "Choice"))
            EXPECT_EQ(choice->isChecked(), good.count(choice->accessibleName()) == 1);
    }
}

TEST(QuizWindowShuffle, ChoicesAreShuffledDifferentlyFromRunToRunAndFromPcToPc)
{
    const Question question = parsed(kMultipleChoice);
    const std::vector<QString> fileOrder = inFileOrder(quiz::choiceLabels(question));
    QuizWindow window;
    QuizWindow otherPc;  // its own salt
    std::set<std::vector<QString>> orders;
    bool pcsDiffer = false;
    for (std::uint64_t run = 1; run <= 20; ++run) {  // the same order 20 times by chance: 1 in 24^19
        window.showQuiz(liveScreen(question, 7, run));
        otherPc.showQuiz(liveScreen(question, 7, run));
        const std::vector<QString> order = shownChoices(window);
        EXPECT_EQ(sorted(order), sorted(fileOrder));  // each answer once
        orders.insert(order);
        pcsDiffer = pcsDiffer || order != shownChoices(otherPc);
    }
    EXPECT_TRUE(std::any_of(orders.begin(), orders.end(), [&](const auto& order) { return order != fileOrder; }));
    EXPECT_GT(orders.size(), 1u);
    EXPECT_TRUE(pcsDiffer);
}

TEST(QuizWindowShuffle, MatchingListsShareOneShuffledOrderThatIsNotTheItemsOrder)
{
    const Question question = parsed(kMatching);
    std::vector<QString> itemsOrder;  // item k's match at place k: what the lists must not simply be
    std::vector<QString> itemWords;
    for (std::size_t index : quiz::matchingItems(question)) {
        itemsOrder.push_back(QString::fromStdString(question.answers[index].match));
        itemWords.push_back(QString::fromStdString(question.answers[index].text));
    }
    QuizWindow window;
    bool shuffled = false;
    for (std::uint64_t run = 1; run <= 20; ++run) {
        SCOPED_TRACE(run);
        window.showQuiz(liveScreen(question, 6, run));
        const std::vector<QComboBox*> lists = shownChildren<QComboBox>(window, "MatchChoice");
        ASSERT_EQ(lists.size(), 4u);
        const std::vector<QString> entries = entriesOf(lists[0]);
        EXPECT_EQ(sorted(entries), sorted(inFileOrder(quiz::matchingOptions(question))));
        for (const QComboBox* list : lists)
            EXPECT_EQ(entriesOf(list), entries);
        std::vector<QString> shownItems;  // the items stay in file order
        for (const QLabel* item : shownChildren<QLabel>(window, "MatchItem"))
            shownItems.push_back(item->text());
        EXPECT_EQ(shownItems, itemWords);
        shuffled = shuffled || entries != itemsOrder;
    }
    EXPECT_TRUE(shuffled);
}

TEST_F(QuizWindowAnswers, TheShownOrderStaysPutWhileTheRunLasts)
{
    QuizScreen screen;
    screen.run = 5;
    screen.live = false;
    screen.questions.push_back({1, parsed(kMultipleChoice), std::nullopt, AnswerStatus::NotAnswered, QString()});
    screen.questions.push_back({6, parsed(kMatching), std::nullopt, AnswerStatus::NotAnswered, QString()});
    show(screen);
    const std::vector<QString> choiceOrder = shownChoices(m_window);
    m_window.showQuestion(1);
    const std::vector<QString> optionOrder = entriesOf(shownChildren<QComboBox>(m_window, "MatchChoice").at(0));
    const auto unmoved = [&] {
        m_window.showQuestion(0);
        EXPECT_EQ(shownChoices(m_window), choiceOrder);
        m_window.showQuestion(1);
        for (const QComboBox* list : shownChildren<QComboBox>(m_window, "MatchChoice"))
            EXPECT_EQ(entriesOf(list), optionOrder);
    };

    // The core's updates: an answer's status, closing, the reveal.
    screen.questions[0].lastAnswer = choices({2});
    screen.questions[0].status = AnswerStatus::Sent;
    m_window.showQuiz(screen);
    unmoved();
    screen.open = false;
    m_window.showQuiz(screen);
    unmoved();
    screen.reveal = true;
    m_window.showQuiz(screen);
    unmoved();
    // A question that changed is built anew, in the same order.
    screen.questions[0].question.generalFeedback += " Never.";
    screen.questions[1].question.generalFeedback += " Never.";
    m_window.showQuiz(screen);
    unmoved();
    m_window.showQuestion(0);
    const QAbstractButton* phone = choiceNamed(m_window, "Your phone number");
    EXPECT_TRUE(phone && phone->isChecked());
}

TEST(QuizWindowView, AnswersGoToTheCoreAndTheLearnerCannotCloseTheWindow)
{
    WidgetQuizView view;
    std::vector<std::pair<std::uint32_t, quiz::Response>> answers;
    view.onAnswer = [&](std::uint32_t number, const quiz::Response& response) {
        answers.emplace_back(number, response);
    };
    QuizScreen screen = liveScreen(parsed(kTrueFalse), 11);
    view.showQuiz(screen);
    QuizWindow* window = view.window();
    ASSERT_NE(window, nullptr);
    ASSERT_TRUE(QTest::qWaitForWindowActive(window));
    EXPECT_FALSE(window->isFullScreen());

    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Space);
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return);
    EXPECT_EQ(answers, (Answers{{11, {{0}, {}}}}));

    QTest::keyClick(window, Qt::Key_F4, Qt::AltModifier);
    QTest::keyClick(window, Qt::Key_Escape);
    EXPECT_FALSE(window->close());
    EXPECT_TRUE(window->isVisible());
    window->showMinimized();  // minimising is allowed
    EXPECT_TRUE(window->isMinimized());
    screen.questions.front().status = AnswerStatus::Sent;
    view.showQuiz(screen);  // only a status: the window stays down
    EXPECT_TRUE(window->isMinimized());
    screen.open = false;
    view.showQuiz(screen);  // the trainer closed the question: the window comes back
    EXPECT_FALSE(window->isMinimized());

    view.closeQuiz();
    EXPECT_FALSE(window->isVisible());
    view.closeQuiz();
    view.showQuiz(liveScreen(parsed(kShortAnswer), 4, 2));  // the next quiz is protected again
    EXPECT_EQ(view.window(), window);
    EXPECT_TRUE(window->isVisible());
    EXPECT_FALSE(window->close());
    EXPECT_TRUE(window->isVisible());
    EXPECT_TRUE(shown<QLineEdit>(*window, "AnswerLine")->text().isEmpty());
}

}  // namespace
