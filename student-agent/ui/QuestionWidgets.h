#pragma once

#include "common/module/Gift.h"
#include "common/quiz/Response.h"

#include <QColor>
#include <QLayout>
#include <QPushButton>
#include <QSize>
#include <QTextBrowser>
#include <QWidget>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

class QAbstractButton;
class QButtonGroup;
class QComboBox;
class QLabel;
class QLineEdit;

// The widgets a quiz question is shown and answered with, for QuizWindow: the
// question's text, the controls a learner answers with, the outcome after the
// reveal, and the numbered markers of a self-paced quiz.
namespace classroom::agent {

class EssayEdit;

// The quiz's colours: ink on white, and one colour each for right, partly
// right and wrong, and for what the learner picked.
inline constexpr QColor kInk(0x1a, 0x1a, 0x1a);
inline constexpr QColor kGreen(0x1b, 0x7a, 0x3a);
inline constexpr QColor kOrange(0xb4, 0x53, 0x09);
inline constexpr QColor kRed(0xb3, 0x26, 0x1e);
inline constexpr QColor kBlue(0x1f, 0x5f, 0xbf);

// The words of a text in the question's format, for places that show plain
// text (titles, answers, matching items, feedback): no Markdown marks, no HTML tags.
QString plainText(const std::string& text, module::gift::TextFormat format);

// A label for an author's words: plain text, never markup, wrapped.
QLabel* wrappingLabel(QWidget* parent, const char* objectName);

void setTextColour(QWidget* widget, const QColor& colour);

// A question's text, as tall as its content: the page scrolls, not the text.
// Links open nothing and nothing is loaded but a picture from inside the
// module's folder (a PNG, JPEG or GIF of a sane size); any other picture shows
// as its alt text in brackets. The wheel scrolls the page.
class QuestionText : public QTextBrowser {
public:
    explicit QuestionText(QWidget* parent);

    // `moduleRoot` is the canonical path of the module's folder.
    void setQuestion(const module::gift::Question& question, const QString& moduleRoot);

protected:
    void resizeEvent(QResizeEvent* event) override;
    void changeEvent(QEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;

private:
    void fitHeight();
};

// What the learner answers one question with, in large targets usable with
// the keyboard alone: a radio button or check box per choice, a line to type
// in, an essay box with a character counter, or a drop-down list per item of
// a matching question; nothing for a description.
//
// Like Moodle, the controls show the choices of a multiple choice or multiple
// response question, and the options of a matching question's lists (one
// order for all its lists), in an order shuffled by `shuffleSeed`, so the
// right answer is not always first and item k's match is not option k. The
// same seed gives the same order; true/false stays True, False. Whatever the
// order shown, response() and setResponse() speak the canonical indexes of
// Response.h: the shuffle never leaves this class.
class AnswerControls : public QWidget {
    Q_OBJECT
public:
    // `maxEssayBytes`: an essay is kept to this many bytes of UTF-8.
    AnswerControls(const module::gift::Question& question, std::uint64_t shuffleSeed, int maxEssayBytes,
                   QWidget* parent);
    ~AnswerControls() override;

    // What the controls hold now, in Response.h's form, whether it may be sent
    // or not: no choices when nothing is picked, kNoChoice for a list left on
    // "Choose…"; picked choices in ascending order.
    quiz::Response response() const;
    // Shows `response` (the last answer sent); emits no edited().
    void setResponse(const quiz::Response& response);

    // The controls in Tab order, which is the order shown.
    std::vector<QWidget*> focusable() const;
    // Where the keyboard starts: the picked radio button, else the first
    // control; nullptr when there is nothing to answer.
    QWidget* firstFocus() const;

Q_SIGNALS:
    // The learner changed the answer.
    void edited();

protected:
    void changeEvent(QEvent* event) override;

private:
    void buildChoices(const module::gift::Question& question, std::uint64_t shuffleSeed);
    void buildLine(const module::gift::Question& question);
    void buildEssay(int maxEssayBytes);
    void buildMatching(const module::gift::Question& question, std::uint64_t shuffleSeed);
    void fitToFont();
    void showCount();
    void learnerEdited();

    bool m_filling = false;  // controls are being set from a response, not by the learner
    // Choices: the buttons top to bottom, and the canonical index each stands
    // for. Radio buttons share a group (ids are canonical indexes); check boxes
    // do not, because a group lets Tab reach only its checked button.
    std::vector<QAbstractButton*> m_choices;
    std::vector<std::uint32_t> m_choiceIndexes;
    QButtonGroup* m_group = nullptr;
    QLineEdit* m_line = nullptr;
    EssayEdit* m_essay = nullptr;
    QLabel* m_counter = nullptr;
    // Matching: one list per item, in matchingItems() order; each entry after
    // "Choose…" carries its canonical option index as its data.
    std::vector<QComboBox*> m_lists;
};

// After the reveal: whether the learner was right, the right answer and the
// feedback for what they chose, in a rounded, lightly shaded box.
class OutcomeCard : public QWidget {
    Q_OBJECT
public:
    explicit OutcomeCard(QWidget* parent);

    // The outcome of the learner's `answer` (none: not answered) to `question`,
    // graded as the console grades it. Hides the card when there is nothing to say.
    void showOutcome(const module::gift::Question& question, const std::optional<quiz::Response>& answer);
    // Nothing to show: the answers are not revealed.
    void clear();

protected:
    void paintEvent(QPaintEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void fitToFont();

    QLabel* m_verdict;
    QLabel* m_rightAnswer;
    QLabel* m_feedback;
};

// A self-paced quiz's marker for one question: its number, green with a tick
// once the core says it is answered, a heavy edge on the question shown.
class QuestionMarker : public QPushButton {
    Q_OBJECT
public:
    static constexpr QSize kSize{56, 52};

    explicit QuestionMarker(QWidget* parent);
    // `number` counts from 1.
    void showState(int number, bool answered, bool current);
};

// Rows of widgets, as many to a row as fit: the question markers never need
// sideways scrolling, however many questions a quiz has.
class FlowLayout : public QLayout {
public:
    FlowLayout(QWidget* parent, int spacing);
    ~FlowLayout() override;

    void addItem(QLayoutItem* item) override;
    int count() const override;
    QLayoutItem* itemAt(int index) const override;
    QLayoutItem* takeAt(int index) override;
    Qt::Orientations expandingDirections() const override;
    bool hasHeightForWidth() const override;
    int heightForWidth(int width) const override;
    void setGeometry(const QRect& rect) override;
    QSize sizeHint() const override;
    QSize minimumSize() const override;

private:
    // Places the items in `rect` (or only measures); returns the height used.
    int arrange(const QRect& rect, bool place) const;

    std::vector<QLayoutItem*> m_items;
};

}  // namespace classroom::agent
