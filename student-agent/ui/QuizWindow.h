#pragma once

#include "common/quiz/Response.h"
#include "student-agent/core/QuizView.h"

#include <QWidget>

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

class QLabel;
class QPushButton;
class QScrollArea;
class QShortcut;
class QTimer;
class QVBoxLayout;

namespace classroom::agent {

class AnswerControls;
class QuestionMarker;

// Shows the learner a quiz: a question the trainer asks now ("Question from
// your trainer", maybe with a countdown) or a set the learner goes through at
// their own pace ("Quiz: question 3 of 8", Previous/Next and a row of numbered
// markers showing which are answered). Large type and large targets: radio
// buttons, check boxes, a text field, an essay box with a character counter,
// or one drop-down list per line of a matching question, all usable with the
// keyboard alone (AnswerControls, in QuestionWidgets.h).
//
// Choices and matching options are shuffled, as Moodle does. The order of a
// question comes from the run, the question's number and a salt this window
// draws once: it stays put while the window lives, whatever showQuiz() is
// called with, and differs from PC to PC and from one run to the next.
// Responses always carry the canonical indexes of Response.h.
//
// The window never says an answer was sent: "Send answer" only checks the
// answer's shape and hands it to answerSubmitted(); what the status line says
// comes from the core, in QuizQuestion::status. showQuiz() with the same run
// keeps what the learner has typed or chosen but not sent, and fills a
// question's controls from its last answer only while the learner has not
// touched them.
//
// Question texts come from a module and are treated as untrusted, as in the
// module window: Markdown without raw HTML, HTML shown as its plain text, no
// link opens anything, and a picture is shown only from inside the module's
// folder. The learner cannot close the window while a quiz is shown;
// allowClose() lets the next close through.
class QuizWindow : public QWidget {
    Q_OBJECT
public:
    // The same sizes as the module window: 20 pt by default, 14 to 40.
    static constexpr int kDefaultTextPointSize = 20;
    static constexpr int kMinTextPointSize = 14;
    static constexpr int kMaxTextPointSize = 40;
    static constexpr int kTextPointSizeStep = 2;
    // An essay is kept to this many bytes of UTF-8, under the wire's limit for
    // answer text (protocol::limits::kMaxAnswerTextBytes, 8192) with room to spare.
    // The learner sees a count of characters; the limit is mentioned only once
    // the essay reaches it.
    static constexpr int kMaxEssayBytes = 8000;

    explicit QuizWindow(QWidget* parent = nullptr);
    ~QuizWindow() override;

    // Shows `screen`. A new run starts afresh at its first question; the same
    // run again keeps the question shown, the learner's unsent edits, and the
    // controls of every question whose definition did not change.
    void showQuiz(const QuizScreen& screen);
    const QuizScreen& quizScreen() const { return m_screen; }

    // The question shown, an index into quizScreen().questions (-1 when none).
    int currentQuestion() const { return m_current; }
    // Self-paced: goes to question `index` (what Previous/Next and the markers do).
    void showQuestion(int index);

    int textPointSize() const { return m_textPointSize; }
    void setTextPointSize(int points);

    // Lets the next close() through (once, and only until the window is shown
    // again); only the quiz view calls this.
    void allowClose() { m_closeAllowed = true; }

Q_SIGNALS:
    // The learner pressed "Send answer" on question `number` (QuizQuestion::number)
    // and the response has the shape its type needs (quiz::checkResponse).
    void answerSubmitted(std::uint32_t number, const classroom::quiz::Response& response);

protected:
    void closeEvent(QCloseEvent* event) override;
    void showEvent(QShowEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    struct Panel;

    std::unique_ptr<Panel> buildPanel(const QuizQuestion& item, const QuizScreen& screen);
    std::uint64_t shuffleSeed(std::uint64_t run, std::uint32_t number) const;
    void setPanelFonts(Panel& panel);
    void updatePanel(Panel& panel);
    void updateChrome();
    void updateMarkers();
    void fitMarkerArea();
    void showOutcome();
    void updateCountdown();
    void showTitle();
    std::optional<quiz::Response> responseOf(const Panel& panel, QString& problem) const;
    void submit();
    void enterPressed();
    void focusFirstControl(Panel& panel);
    void learnerChanged(Panel& panel);
    bool canSend() const;
    Panel* currentPanel() const;

    QuizScreen m_screen;
    bool m_hasQuiz = false;
    bool m_closeAllowed = false;
    bool m_timeUp = false;
    const std::uint64_t m_shuffleSalt;  // drawn once per window: see shuffleSeed()
    int m_current = -1;
    int m_textPointSize = kDefaultTextPointSize;
    std::vector<std::unique_ptr<Panel>> m_panels;  // one per question of the screen, in order

    QLabel* m_title;
    QLabel* m_progress;
    QLabel* m_countdown;
    QPushButton* m_smaller;
    QPushButton* m_larger;
    QScrollArea* m_markerArea;
    QWidget* m_markers;
    std::vector<QuestionMarker*> m_markerButtons;
    QScrollArea* m_scroll;
    QWidget* m_page;
    QVBoxLayout* m_pageLayout;
    QLabel* m_waitNote;
    QLabel* m_problem;
    QLabel* m_status;
    QPushButton* m_send;
    QPushButton* m_previous;
    QPushButton* m_next;
    QShortcut* m_altLeft;
    QShortcut* m_altRight;
    QTimer* m_clock;
};

}  // namespace classroom::agent
