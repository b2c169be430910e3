#include "student-agent/ui/QuizWindow.h"

#include "common/quiz/Grading.h"
#include "protocol/Limits.h"
#include "student-agent/ui/QuestionWidgets.h"

#include <QCloseEvent>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QShortcut>
#include <QShowEvent>
#include <QStyle>
#include <QTimer>
#include <QVBoxLayout>
#include <QWheelEvent>

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <random>

namespace classroom::agent {

using module::gift::QuestionType;

namespace {
static_assert(QuizWindow::kMaxEssayBytes < protocol::limits::kMaxAnswerTextBytes);
// Question markers: at most this many rows show; more scroll.
constexpr int kMarkerSpacing = 8;
constexpr int kMaxMarkerRows = 2;
constexpr QSize kArrowSize(28, 28);
constexpr int kArrowGap = 8;
constexpr std::chrono::milliseconds kSecond(1000);

template <typename Widget>
Widget* named(Widget* widget, const char* objectName, int pointSize = 0, bool bold = false)
{
    widget->setObjectName(QString::fromLatin1(objectName));
    if (pointSize > 0) {
        QFont font = widget->font();
        font.setPointSize(pointSize);
        font.setBold(bold);
        widget->setFont(font);
    }
    return widget;
}

// The style's arrow with room between it and the word, as in the module window.
QIcon arrowIcon(const QStyle* style, QStyle::StandardPixmap arrow, Qt::Edge gapSide)
{
    const QPixmap plain = style->standardIcon(arrow).pixmap(kArrowSize);
    QPixmap padded(kArrowSize.width() + kArrowGap, kArrowSize.height());
    padded.fill(Qt::transparent);
    QPainter painter(&padded);
    painter.drawPixmap(QRect(QPoint(gapSide == Qt::LeftEdge ? kArrowGap : 0, 0), kArrowSize), plain);
    return QIcon(padded);
}

bool isAnswered(AnswerStatus status)
{
    return status == AnswerStatus::Sending || status == AnswerStatus::Sent || status == AnswerStatus::SentLate;
}

QString clockText(std::chrono::seconds left)
{
    const auto total = left.count();
    const QString minutesAndSeconds =
        QStringLiteral("%1:%2").arg((total / 60) % 60).arg(total % 60, 2, 10, QLatin1Char('0'));
    if (total < 3600)
        return minutesAndSeconds;
    return QStringLiteral("%1:%2").arg(total / 3600).arg(minutesAndSeconds.rightJustified(5, QLatin1Char('0')));
}

// SplitMix64's finaliser: every bit of the result depends on every bit of `x`,
// so runs and question numbers that differ by one give unrelated shuffles.
std::uint64_t spread(std::uint64_t x)
{
    x += 0x9e3779b97f4a7c15u;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9u;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebu;
    return x ^ (x >> 31);
}

// Fresh for every window, so two PCs shuffle the same question differently.
std::uint64_t freshSalt()
{
    std::random_device entropy;
    return (std::uint64_t{entropy()} << 32) | entropy();
}
}  // namespace

// The widgets of one question, kept while the question stays the same so
// the learner's unsent edits survive the core's updates.
struct QuizWindow::Panel {
    QuizQuestion item;  // as last shown
    QWidget* page = nullptr;  // in the scrolled page; visible only while it is the current question
    QLabel* heading = nullptr;
    QuestionText* text = nullptr;
    AnswerControls* controls = nullptr;
    QLabel* closedNote = nullptr;
    OutcomeCard* outcome = nullptr;
    QString problem;  // why the last "Send" was refused here, in plain words
    bool touched = false;  // the learner changed something since the panel was built
};

QuizWindow::QuizWindow(QWidget* parent)
    : QWidget(parent, Qt::Window),
      m_shuffleSalt(freshSalt())
{
    setObjectName(QStringLiteral("QuizWindow"));
    setAttribute(Qt::WA_DeleteOnClose, false);
    setMinimumSize(560, 420);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(16, 12, 16, 12);
    layout->setSpacing(10);

    auto* top = new QHBoxLayout;
    m_title = named(new QLabel(this), "QuizTitle", 22, true);
    m_title->setTextFormat(Qt::PlainText);
    // One line, cut short with "..." when narrow (the whole title is in the
    // window's title and the tooltip), as in the module window.
    m_title->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_title->installEventFilter(this);
    top->addWidget(m_title, 1);
    m_progress = named(new QLabel(this), "QuizProgress", 18);
    m_progress->setTextFormat(Qt::PlainText);
    top->addSpacing(16);
    top->addWidget(m_progress);
    top->addSpacing(24);
    m_smaller = named(new QPushButton(tr("A−"), this), "SmallerText", 14);
    m_smaller->setToolTip(tr("Smaller text"));
    m_smaller->setAccessibleName(tr("Smaller text"));
    m_larger = named(new QPushButton(tr("A+"), this), "LargerText", 22);
    m_larger->setToolTip(tr("Larger text"));
    m_larger->setAccessibleName(tr("Larger text"));
    for (QPushButton* button : {m_smaller, m_larger}) {
        button->setMinimumSize(64, 52);
        button->setFocusPolicy(Qt::ClickFocus);  // Ctrl+plus and Ctrl+minus do the same from the keyboard
        top->addWidget(button);
    }
    layout->addLayout(top);

    // Self-paced: one numbered marker per question, green once answered, in
    // as many rows as needed; past kMaxMarkerRows rows they scroll.
    m_markerArea = named(new QScrollArea(this), "QuestionMarkers");
    m_markerArea->setFrameShape(QFrame::NoFrame);
    m_markerArea->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_markerArea->setWidgetResizable(true);
    m_markerArea->setFocusPolicy(Qt::NoFocus);
    m_markerArea->installEventFilter(this);
    m_markers = new QWidget(m_markerArea);
    new FlowLayout(m_markers, kMarkerSpacing);
    m_markerArea->setWidget(m_markers);
    layout->addWidget(m_markerArea);

    m_scroll = named(new QScrollArea(this), "QuestionArea");
    m_scroll->setWidgetResizable(true);
    m_scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_scroll->setFocusPolicy(Qt::NoFocus);  // Tab goes from answer to buttons, not through the frame
    m_scroll->viewport()->installEventFilter(this);
    m_page = new QWidget(m_scroll);
    m_page->setObjectName(QStringLiteral("QuestionPages"));
    QPalette paper = m_page->palette();
    paper.setColor(QPalette::Window, Qt::white);
    paper.setColor(QPalette::WindowText, kInk);
    m_page->setPalette(paper);
    m_page->setAutoFillBackground(true);
    m_pageLayout = new QVBoxLayout(m_page);
    m_pageLayout->setContentsMargins(24, 20, 24, 20);
    m_waitNote = wrappingLabel(m_page, "WaitNote");
    m_waitNote->setText(tr("Please wait for your trainer."));
    m_pageLayout->addWidget(m_waitNote);
    m_pageLayout->addStretch(1);
    m_scroll->setWidget(m_page);
    layout->addWidget(m_scroll, 1);

    m_problem = named(new QLabel(this), "AnswerProblem", 18, true);
    m_problem->setTextFormat(Qt::PlainText);
    m_problem->setWordWrap(true);
    setTextColour(m_problem, kRed);
    layout->addWidget(m_problem);

    auto* bottom = new QHBoxLayout;
    bottom->setSpacing(16);  // between visible widgets only: hidden ones leave no gap
    // Live with a time limit: next to Send, where the learner looks last.
    m_countdown = named(new QLabel(this), "Countdown", 20, true);
    m_countdown->setTextFormat(Qt::PlainText);
    m_previous = named(new QPushButton(tr("Previous"), this), "PreviousQuestion", 18);
    m_previous->setIcon(arrowIcon(style(), QStyle::SP_ArrowBack, Qt::RightEdge));
    m_next = named(new QPushButton(tr("Next"), this), "NextQuestion", 18);
    m_next->setIcon(arrowIcon(style(), QStyle::SP_ArrowForward, Qt::LeftEdge));
    m_next->setLayoutDirection(Qt::RightToLeft);  // the arrow after the word
    for (QPushButton* button : {m_previous, m_next}) {
        button->setMinimumSize(180, 60);
        button->setIconSize(QSize(kArrowSize.width() + kArrowGap, kArrowSize.height()));
    }
    m_status = named(new QLabel(this), "AnswerStatus", 18, true);
    m_status->setTextFormat(Qt::PlainText);
    m_status->setWordWrap(true);
    m_status->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_send = named(new QPushButton(tr("Send answer"), this), "SendAnswer", 20, true);
    // Only a height: an explicit width would let the layout squeeze "Send new answer".
    m_send->setMinimumHeight(64);
    m_send->setStyleSheet(QStringLiteral("QPushButton { background: #1f5fbf; color: white; border: 3px solid #1f5fbf;"
                                         " border-radius: 10px; padding: 8px 28px; min-width: 200px; }"
                                         "QPushButton:focus { border-color: #0b2e66; }"
                                         "QPushButton:pressed { background: #184c99; }"
                                         "QPushButton:disabled { background: #d4d9e0; border-color: #d4d9e0;"
                                         " color: #6b7280; }"));
    bottom->addWidget(m_countdown);
    bottom->addWidget(m_previous);
    bottom->addWidget(m_status, 1);
    bottom->addWidget(m_send);
    bottom->addWidget(m_next);
    layout->addLayout(bottom);

    connect(m_previous, &QPushButton::clicked, this, [this] { showQuestion(m_current - 1); });
    connect(m_next, &QPushButton::clicked, this, [this] { showQuestion(m_current + 1); });
    connect(m_send, &QPushButton::clicked, this, [this] { submit(); });
    connect(m_smaller, &QPushButton::clicked, this, [this] { setTextPointSize(m_textPointSize - kTextPointSizeStep); });
    connect(m_larger, &QPushButton::clicked, this, [this] { setTextPointSize(m_textPointSize + kTextPointSizeStep); });

    auto* larger = new QShortcut(this);
    larger->setKeys({QKeySequence(Qt::CTRL | Qt::Key_Plus), QKeySequence(Qt::CTRL | Qt::Key_Equal)});
    connect(larger, &QShortcut::activated, this, [this] { setTextPointSize(m_textPointSize + kTextPointSizeStep); });
    new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Minus), this,
                  [this] { setTextPointSize(m_textPointSize - kTextPointSizeStep); });
    new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_0), this, [this] { setTextPointSize(kDefaultTextPointSize); });
    // Enter sends from a choice, a text field or a drop-down list; in the essay
    // box it starts a new line, and Ctrl+Enter sends (text controls take plain
    // Enter before a shortcut sees it).
    auto* enter = new QShortcut(this);
    enter->setKeys({QKeySequence(Qt::Key_Return), QKeySequence(Qt::Key_Enter)});
    connect(enter, &QShortcut::activated, this, [this] { enterPressed(); });
    auto* ctrlEnter = new QShortcut(this);
    ctrlEnter->setKeys({QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)});
    connect(ctrlEnter, &QShortcut::activated, this, [this] { submit(); });
    m_altLeft = new QShortcut(QKeySequence(Qt::ALT | Qt::Key_Left), this, [this] { showQuestion(m_current - 1); });
    m_altRight = new QShortcut(QKeySequence(Qt::ALT | Qt::Key_Right), this, [this] { showQuestion(m_current + 1); });

    m_clock = new QTimer(this);
    m_clock->setSingleShot(true);
    connect(m_clock, &QTimer::timeout, this, [this] { updateCountdown(); });

    setTextPointSize(kDefaultTextPointSize);
    updateChrome();
}

QuizWindow::~QuizWindow() = default;

void QuizWindow::showQuiz(const QuizScreen& screen)
{
    const bool sameRun = m_hasQuiz && screen.run == m_screen.run;
    const bool revealed = screen.reveal && !(sameRun && m_screen.reveal);
    if (screen.live && screen.questions.size() > 1)
        spdlog::warn("a live quiz screen has {} questions; showing the first", screen.questions.size());

    std::vector<std::unique_ptr<Panel>> panels;
    for (const QuizQuestion& item : screen.questions) {
        std::unique_ptr<Panel> panel;
        if (sameRun) {
            // The same question keeps its controls and whatever the learner did with them.
            const auto kept = std::find_if(m_panels.begin(), m_panels.end(), [&](const std::unique_ptr<Panel>& old) {
                return old && old->item.number == item.number && old->item.question == item.question;
            });
            if (kept != m_panels.end())
                panel = std::move(*kept);
        }
        if (!panel)
            panel = buildPanel(item, screen);
        const bool fill = item.lastAnswer && (!panel->touched || screen.reveal);
        panel->item = item;
        if (fill)
            panel->controls->setResponse(*item.lastAnswer);
        panels.push_back(std::move(panel));
    }
    for (const std::unique_ptr<Panel>& old : m_panels)
        if (old)
            delete old->page;
    m_panels = std::move(panels);

    m_screen = screen;
    m_hasQuiz = true;
    const int count = static_cast<int>(m_panels.size());
    const int shownCount = m_screen.live ? std::min(count, 1) : count;
    const int previous = m_current;
    m_current = shownCount == 0 ? -1 : sameRun ? std::clamp(m_current, 0, shownCount - 1) : 0;
    for (const std::unique_ptr<Panel>& panel : m_panels) {
        setPanelFonts(*panel);
        updatePanel(*panel);
    }
    updateMarkers();
    updateCountdown();
    updateChrome();
    if (!sameRun || previous != m_current) {
        m_scroll->verticalScrollBar()->setValue(0);
        if (Panel* panel = currentPanel())
            focusFirstControl(*panel);
    }
    if (revealed)
        showOutcome();
}

// Scrolls the page so the outcome of the question shown (right or not, the
// right answer, the feedback) can be read, once the page is laid out.
void QuizWindow::showOutcome()
{
    QTimer::singleShot(0, this, [this] {
        if (const Panel* panel = currentPanel(); panel && panel->outcome->isVisibleTo(this))
            m_scroll->ensureWidgetVisible(panel->outcome, 0, 0);
    });
}

void QuizWindow::showQuestion(int index)
{
    if (!m_hasQuiz || m_screen.live || index < 0 || index >= static_cast<int>(m_panels.size()) || index == m_current)
        return;
    m_current = index;
    updateMarkers();
    updateChrome();
    m_scroll->verticalScrollBar()->setValue(0);
    focusFirstControl(*currentPanel());
    if (m_screen.reveal)
        showOutcome();
}

void QuizWindow::setTextPointSize(int points)
{
    m_textPointSize = std::clamp(points, kMinTextPointSize, kMaxTextPointSize);
    QFont font = m_page->font();
    font.setPointSize(m_textPointSize);
    m_page->setFont(font);
    for (const std::unique_ptr<Panel>& panel : m_panels)
        setPanelFonts(*panel);
    m_smaller->setEnabled(m_textPointSize > kMinTextPointSize);
    m_larger->setEnabled(m_textPointSize < kMaxTextPointSize);
}

std::unique_ptr<QuizWindow::Panel> QuizWindow::buildPanel(const QuizQuestion& item, const QuizScreen& screen)
{
    auto panel = std::make_unique<Panel>();
    panel->item = item;
    const module::gift::Question& question = item.question;
    panel->page = named(new QWidget(m_page), "QuestionPage");
    panel->page->hide();
    auto* layout = new QVBoxLayout(panel->page);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(16);

    panel->heading = wrappingLabel(panel->page, "QuestionTitle");
    panel->heading->setText(plainText(question.title, question.format));
    panel->heading->setVisible(!panel->heading->text().isEmpty());
    layout->addWidget(panel->heading);
    panel->text = new QuestionText(panel->page);
    panel->text->setQuestion(question, QFileInfo(screen.moduleDirectory).canonicalFilePath());
    layout->addWidget(panel->text);

    panel->controls = new AnswerControls(question, shuffleSeed(screen.run, item.number), kMaxEssayBytes, panel->page);
    Panel* const target = panel.get();
    connect(panel->controls, &AnswerControls::edited, this, [this, target] { learnerChanged(*target); });
    layout->addWidget(panel->controls);

    panel->closedNote = wrappingLabel(panel->page, "ClosedNote");
    panel->closedNote->setText(tr("This question is closed."));
    layout->addWidget(panel->closedNote);

    // After the reveal: right or not, the right answer, and the feedback.
    panel->outcome = new OutcomeCard(panel->page);
    layout->addWidget(panel->outcome);

    m_pageLayout->insertWidget(m_pageLayout->count() - 1, panel->page);
    return panel;
}

// The same run and question number give the same shuffle for as long as this
// window lives, so a status update or a rebuilt question never moves a choice.
std::uint64_t QuizWindow::shuffleSeed(std::uint64_t run, std::uint32_t number) const
{
    return spread(m_shuffleSalt ^ spread(run ^ spread(number)));
}

void QuizWindow::setPanelFonts(Panel& panel)
{
    QFont font;  // only the size and weight: the family comes from the window
    font.setPointSize(m_textPointSize + 4);
    font.setBold(true);
    panel.heading->setFont(font);
}

void QuizWindow::updatePanel(Panel& panel)
{
    const bool description = panel.item.question.type == QuestionType::Description;
    panel.controls->setEnabled(m_screen.open && !m_screen.reveal);
    panel.closedNote->setVisible(!m_screen.open && !m_screen.reveal && !description);
    if (m_screen.reveal)
        panel.outcome->showOutcome(panel.item.question, panel.item.lastAnswer);
    else
        panel.outcome->clear();
}

void QuizWindow::updateChrome()
{
    setWindowTitle(m_screen.moduleTitle.isEmpty() ? tr("Quiz") : m_screen.moduleTitle);
    showTitle();
    Panel* const panel = currentPanel();
    const int count = static_cast<int>(m_panels.size());
    const bool selfPaced = m_hasQuiz && !m_screen.live;
    if (!panel)
        m_progress->clear();
    else if (m_screen.live)
        m_progress->setText(tr("Question from your trainer"));
    else
        m_progress->setText(tr("Quiz: question %1 of %2").arg(m_current + 1).arg(count));
    m_markerArea->setVisible(selfPaced && count > 0);
    m_previous->setVisible(selfPaced);
    m_next->setVisible(selfPaced);
    m_previous->setEnabled(panel && m_current > 0);
    m_next->setEnabled(panel && m_current < count - 1);
    m_altLeft->setEnabled(selfPaced);
    m_altRight->setEnabled(selfPaced);
    for (const std::unique_ptr<Panel>& each : m_panels)
        each->page->setVisible(each.get() == panel);
    m_waitNote->setVisible(!panel);

    const bool answerable = panel && panel->item.question.type != QuestionType::Description;
    m_send->setVisible(answerable && !m_screen.reveal);  // after the reveal nothing more is sent
    m_send->setEnabled(canSend());
    const bool answeredBefore = panel && (panel->item.lastAnswer || isAnswered(panel->item.status));
    m_send->setText(answeredBefore ? tr("Send new answer") : tr("Send answer"));
    QString status;
    QColor colour = kInk;
    switch (answerable ? panel->item.status : AnswerStatus::NotAnswered) {
    case AnswerStatus::NotAnswered: break;
    case AnswerStatus::Sending: status = tr("Sending your answer…"); break;
    case AnswerStatus::Sent:
        status = tr("✓ Answer sent");
        colour = kGreen;
        break;
    case AnswerStatus::SentLate:
        status = tr("Answer sent after the question closed");
        colour = kOrange;
        break;
    case AnswerStatus::Refused:
        status = panel->item.detail.isEmpty() ? tr("Your answer was not accepted.")
                                              : tr("Your answer was not accepted: %1").arg(panel->item.detail);
        colour = kRed;
        break;
    }
    m_status->setText(status);
    setTextColour(m_status, colour);
    m_problem->setText(panel ? panel->problem : QString());
    m_problem->setVisible(!m_problem->text().isEmpty());

    // Tab goes through the answer, then Previous, Send and Next.
    if (panel) {
        const std::vector<QWidget*> controls = panel->controls->focusable();
        QWidget* previous = controls.empty() ? nullptr : controls.back();
        for (QWidget* widget :
             {static_cast<QWidget*>(m_previous), static_cast<QWidget*>(m_send), static_cast<QWidget*>(m_next)}) {
            if (previous)
                QWidget::setTabOrder(previous, widget);
            previous = widget;
        }
    }
}

void QuizWindow::updateMarkers()
{
    const std::size_t count = m_hasQuiz && !m_screen.live ? m_panels.size() : 0;
    while (m_markerButtons.size() > count) {
        delete m_markerButtons.back();
        m_markerButtons.pop_back();
    }
    while (m_markerButtons.size() < count) {
        const int index = static_cast<int>(m_markerButtons.size());
        auto* marker = new QuestionMarker(m_markers);
        m_markers->layout()->addWidget(marker);
        connect(marker, &QPushButton::clicked, this, [this, index] { showQuestion(index); });
        m_markerButtons.push_back(marker);
    }
    for (std::size_t i = 0; i < count; ++i)
        m_markerButtons[i]->showState(static_cast<int>(i) + 1, isAnswered(m_panels[i]->item.status),
                                      static_cast<int>(i) == m_current);
    fitMarkerArea();
    if (m_current >= 0 && m_current < static_cast<int>(m_markerButtons.size()))
        m_markerArea->ensureWidgetVisible(m_markerButtons[static_cast<std::size_t>(m_current)]);
}

// As tall as the rows of markers, up to kMaxMarkerRows rows.
void QuizWindow::fitMarkerArea()
{
    const int maxHeight = kMaxMarkerRows * QuestionMarker::kSize.height() + (kMaxMarkerRows - 1) * kMarkerSpacing;
    int needed = m_markers->layout()->heightForWidth(m_markerArea->width());
    if (needed > maxHeight)  // a scroll bar takes room from the rows
        needed = m_markers->layout()->heightForWidth(m_markerArea->width()
                                                     - m_markerArea->verticalScrollBar()->sizeHint().width());
    const int height = std::min(std::max(needed, 0), maxHeight);
    if (m_markerArea->height() != height)
        m_markerArea->setFixedHeight(height);
}

void QuizWindow::updateCountdown()
{
    m_clock->stop();
    const bool counting = m_hasQuiz && m_screen.live && m_screen.open && !m_screen.reveal && m_screen.closesAt;
    m_timeUp = false;
    if (!counting) {
        m_countdown->hide();
    } else {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(*m_screen.closesAt
                                                                                - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            m_timeUp = true;
            m_countdown->setText(tr("Time is up"));
            setTextColour(m_countdown, kRed);
        } else {
            const auto seconds = std::chrono::ceil<std::chrono::seconds>(left);
            m_countdown->setText(tr("Time left: %1").arg(clockText(seconds)));
            setTextColour(m_countdown, seconds.count() <= 10 ? kOrange : kInk);
            // Wake when the shown second changes, not on a free-running tick that drifts.
            m_clock->start(static_cast<int>((left.count() - 1) % kSecond.count() + 1));
        }
        m_countdown->show();
    }
    m_send->setEnabled(canSend());
}

void QuizWindow::showTitle()
{
    const QString title = m_hasQuiz ? windowTitle() : QString();
    m_title->setText(m_title->fontMetrics().elidedText(title, Qt::ElideRight, m_title->width()));
    m_title->setToolTip(title);
}

std::optional<quiz::Response> QuizWindow::responseOf(const Panel& panel, QString& problem) const
{
    const module::gift::Question& question = panel.item.question;
    const quiz::Response response = panel.controls->response();
    const QString typed = QString::fromStdString(response.text);
    switch (question.type) {
    case QuestionType::MultipleChoice:
    case QuestionType::TrueFalse:
        if (response.choices.empty()) {
            problem = tr("Please choose an answer.");
            return std::nullopt;
        }
        break;
    case QuestionType::MultipleResponse:
        if (response.choices.empty()) {
            problem = tr("Please choose at least one answer.");
            return std::nullopt;
        }
        break;
    case QuestionType::ShortAnswer:
    case QuestionType::Numerical:
        if (question.type == QuestionType::Numerical && !quiz::parseNumber(response.text)) {
            problem = tr("Please type a number, for example 12 or 3.5");
            return std::nullopt;
        }
        if (typed.trimmed().isEmpty()) {
            problem = tr("Please type your answer.");
            return std::nullopt;
        }
        break;
    case QuestionType::Essay:
        if (typed.trimmed().isEmpty()) {
            problem = tr("Please write your answer.");
            return std::nullopt;
        }
        break;
    case QuestionType::Matching:
        if (std::all_of(response.choices.begin(), response.choices.end(),
                        [](std::uint32_t choice) { return choice == quiz::kNoChoice; })) {
            problem = tr("Please choose an answer in at least one list.");
            return std::nullopt;
        }
        break;
    case QuestionType::Description: return std::nullopt;  // nothing to send
    }
    if (const std::optional<std::string> refusal = quiz::checkResponse(question, response)) {
        problem = tr("This answer cannot be sent: %1").arg(QString::fromStdString(*refusal));
        return std::nullopt;
    }
    return response;
}

void QuizWindow::submit()
{
    Panel* const panel = currentPanel();
    if (!panel || !canSend())
        return;
    QString problem;
    const std::optional<quiz::Response> response = responseOf(*panel, problem);
    panel->problem = problem;
    updateChrome();
    if (!response)
        return;
    // The core stores it and answers with showQuiz(); until then the status stays as it was.
    const std::uint32_t number = panel->item.number;
    Q_EMIT answerSubmitted(number, *response);  // the panel may be gone after this
}

void QuizWindow::enterPressed()
{
    if (auto* button = qobject_cast<QPushButton*>(focusWidget())) {
        if (button->isVisible() && button->isEnabled())
            button->click();
        return;
    }
    const Panel* panel = currentPanel();
    if (panel && panel->item.question.type == QuestionType::Description)
        showQuestion(m_current + 1);  // nothing to send: read on
    else
        submit();
}

void QuizWindow::focusFirstControl(Panel& panel)
{
    QWidget* target = panel.controls->firstFocus();
    if (!target || !panel.controls->isEnabled())
        target = !m_screen.live ? static_cast<QWidget*>(m_next) : m_scroll;
    target->setFocus(Qt::OtherFocusReason);
}

void QuizWindow::learnerChanged(Panel& panel)
{
    panel.touched = true;
    if (!panel.problem.isEmpty()) {  // the learner is fixing it
        panel.problem.clear();
        if (&panel == currentPanel())
            m_problem->hide();
    }
}

bool QuizWindow::canSend() const
{
    const Panel* panel = currentPanel();
    return panel && m_screen.open && !m_screen.reveal && !m_timeUp
           && panel->item.question.type != QuestionType::Description;
}

QuizWindow::Panel* QuizWindow::currentPanel() const
{
    if (!m_hasQuiz || m_current < 0 || m_current >= static_cast<int>(m_panels.size()))
        return nullptr;
    return m_panels[static_cast<std::size_t>(m_current)].get();
}

void QuizWindow::closeEvent(QCloseEvent* event)
{
    if (!m_closeAllowed) {
        event->ignore();
        return;
    }
    m_closeAllowed = false;  // the next quiz is protected again
    event->accept();
    for (const std::unique_ptr<Panel>& panel : m_panels)
        delete panel->page;
    m_panels.clear();
    m_screen = {};
    m_hasQuiz = false;
    m_current = -1;
    updateMarkers();
    updateCountdown();
    updateChrome();
}

void QuizWindow::showEvent(QShowEvent* event)
{
    // A close allowed while hidden (Qt sends no close event then) must not
    // carry over to the next quiz.
    if (!event->spontaneous())
        m_closeAllowed = false;
    QWidget::showEvent(event);
}

bool QuizWindow::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_title && event->type() == QEvent::Resize)
        showTitle();
    if (watched == m_markerArea && event->type() == QEvent::Resize)
        fitMarkerArea();
    if (event->type() != QEvent::Wheel)
        return QWidget::eventFilter(watched, event);
    auto* wheel = static_cast<QWheelEvent*>(event);
    if (watched == m_scroll->viewport() && wheel->modifiers().testFlag(Qt::ControlModifier)) {
        // Ctrl+wheel goes through the same size steps as A−/A+.
        const int steps = wheel->angleDelta().y() > 0 ? 1 : wheel->angleDelta().y() < 0 ? -1 : 0;
        setTextPointSize(m_textPointSize + steps * kTextPointSizeStep);
        return true;
    }
    return QWidget::eventFilter(watched, event);
}

}  // namespace classroom::agent
