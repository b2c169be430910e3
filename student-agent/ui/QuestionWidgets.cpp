#include "student-agent/ui/QuestionWidgets.h"

#include "student-agent/ui/ModuleImage.h"

#include "common/quiz/Grading.h"
#include "protocol/Limits.h"

#include <QAbstractTextDocumentLayout>
#include <QButtonGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFileInfo>
#include <QFontMetricsF>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QImageReader>
#include <QInputMethodEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QPainter>
#include <QPlainTextEdit>
#include <QRadioButton>
#include <QScopedValueRollback>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>
#include <QTextFragment>
#include <QVBoxLayout>
#include <QWheelEvent>

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <numeric>
#include <random>

namespace classroom::agent {

using module::gift::QuestionType;
using module::gift::TextFormat;

namespace {
// Every target a learner clicks or taps is at least this tall.
constexpr int kMinTargetHeight = 56;
// Short answers and numbers are a few words; this many UTF-16 units is at most
// 3000 bytes of UTF-8, well under the wire's limit for answer text.
constexpr int kMaxLineAnswerLength = 1000;
// A UTF-16 unit is at most three bytes of UTF-8.
static_assert(3 * kMaxLineAnswerLength < protocol::limits::kMaxAnswerTextBytes);
// Pictures in a question text: the same bounds as the module window, and
// shown at most this large (a question's picture illustrates, it is not a page).
constexpr QSize kMaxShownPicture(720, 480);
constexpr int kLineHeightPercent = 125;
const QString kImageNamePrefix = QStringLiteral("question-image:");

// A font that sets only these two: the family comes from the window.
QFont sizedFont(int points, bool bold)
{
    QFont font;
    font.setPointSize(points);
    font.setBold(bold);
    return font;
}

// A document that reads nothing from anywhere: not a picture, not a style
// sheet an HTML text links to. Without a provider Qt would read any local
// path a text names.
void blockResources(QTextDocument* document)
{
    QPixmap empty(1, 1);
    empty.fill(Qt::transparent);
    document->setResourceProvider([empty](const QUrl&) { return QVariant(empty); });
}

// A picture named in a Markdown question, by the module window's rules
// (ModuleImage.h), relative to the module's folder, scaled to fit the question.
QImage loadQuestionImage(const QString& moduleRoot, const QString& source, std::string& problem)
{
    LoadedImage loaded = loadModuleImage(moduleRoot, moduleRoot, source);
    problem = loaded.problem;
    if (loaded.image.width() > kMaxShownPicture.width() || loaded.image.height() > kMaxShownPicture.height())
        loaded.image = loaded.image.scaled(kMaxShownPicture, Qt::KeepAspectRatio, Qt::SmoothTransformation);
    return loaded.image;
}

// Replaces every picture of `document` by the checked picture, or by its alt
// text in brackets when it may not be shown.
void loadImages(QTextDocument* document, const QString& moduleRoot)
{
    struct Spot {
        int position;
        QTextImageFormat format;
    };
    std::vector<Spot> spots;
    for (QTextBlock block = document->begin(); block.isValid(); block = block.next())
        for (auto it = block.begin(); !it.atEnd(); ++it)
            if (it.fragment().charFormat().isImageFormat())
                for (int i = 0; i < it.fragment().length(); ++i)
                    spots.push_back({it.fragment().position() + i, it.fragment().charFormat().toImageFormat()});
    for (auto spot = spots.rbegin(); spot != spots.rend(); ++spot) {  // back to front: alt text moves what follows
        QTextCursor cursor(document);
        cursor.setPosition(spot->position);
        cursor.setPosition(spot->position + 1, QTextCursor::KeepAnchor);
        std::string problem;
        const QImage image = loadQuestionImage(moduleRoot, spot->format.name(), problem);
        if (!image.isNull()) {
            const QString name = kImageNamePrefix + QString::number(spot->position);
            document->addResource(QTextDocument::ImageResource, QUrl(name), image);
            QTextImageFormat format = spot->format;
            format.setName(name);
            format.setWidth(image.width());
            format.setHeight(image.height());
            cursor.setCharFormat(format);
            continue;
        }
        spdlog::warn("not showing picture \"{}\" of a question: {}", spot->format.name().toStdString(), problem);
        const QString alt = spot->format.stringProperty(QTextFormat::ImageAltText);
        cursor.insertText(alt.isEmpty() ? QString() : QStringLiteral("[%1]").arg(alt), QTextCharFormat());
    }
}

// The order `count` choices are shown in: shown[position] is the canonical
// index of the choice at that position. The same seed gives the same order.
std::vector<std::uint32_t> shuffledOrder(std::size_t count, std::uint64_t seed)
{
    std::vector<std::uint32_t> order(count);
    std::iota(order.begin(), order.end(), 0u);
    std::mt19937_64 engine(seed);
    std::shuffle(order.begin(), order.end(), engine);
    return order;
}

// One answer to pick: a big radio button or check box beside its text, which
// wraps. A click anywhere on the row picks it; the row shows when it is
// picked and when it has the keyboard focus.
class ChoiceRow : public QWidget {
public:
    ChoiceRow(QAbstractButton* button, const QString& text, QWidget* parent)
        : QWidget(parent),
          m_button(button)
    {
        m_button->setParent(this);
        m_button->setObjectName(QStringLiteral("Choice"));
        m_button->setAccessibleName(text);
        m_button->installEventFilter(this);
        auto* label = wrappingLabel(this, "ChoiceText");
        label->setText(text);
        auto* layout = new QHBoxLayout(this);
        layout->setContentsMargins(16, 10, 16, 10);
        layout->setSpacing(16);
        layout->addWidget(m_button, 0, Qt::AlignVCenter);
        layout->addWidget(label, 1);
        setMinimumHeight(kMinTargetHeight);
        setCursor(Qt::PointingHandCursor);
        connect(m_button, &QAbstractButton::toggled, this, [this] { update(); });
    }

protected:
    void mousePressEvent(QMouseEvent* event) override { event->accept(); }
    void mouseReleaseEvent(QMouseEvent* event) override
    {
        if (event->button() != Qt::LeftButton || !rect().contains(event->position().toPoint()) || !isEnabled())
            return;
        m_button->setFocus(Qt::MouseFocusReason);
        m_button->click();
    }
    void paintEvent(QPaintEvent*) override
    {
        QPainter painter(this);
        painter.setRenderHint(QPainter::Antialiasing);
        const bool picked = m_button->isChecked();
        const bool focused = m_button->hasFocus();
        const QColor fill = !isEnabled() ? QColor(0xf3, 0xf3, 0xf3) : picked ? QColor(0xe3, 0xed, 0xfb) : Qt::white;
        const QColor edge = focused ? QColor(0x0b, 0x2e, 0x66) : picked ? kBlue : QColor(0xc4, 0xc4, 0xc4);
        const qreal width = focused ? 3.0 : picked ? 2.0 : 1.0;
        painter.setPen(QPen(edge, width));
        painter.setBrush(fill);
        painter.drawRoundedRect(QRectF(rect()).adjusted(width / 2, width / 2, -width / 2, -width / 2), 8, 8);
    }
    bool eventFilter(QObject*, QEvent* event) override
    {
        if (event->type() == QEvent::FocusIn || event->type() == QEvent::FocusOut)
            update();
        return false;
    }

private:
    QAbstractButton* m_button;
};

// A matching question's drop-down list. The wheel changes the answer only
// once the list has the focus; otherwise it scrolls the page, as it would
// over the item's words.
class MatchList : public QComboBox {
public:
    using QComboBox::QComboBox;

protected:
    void wheelEvent(QWheelEvent* event) override
    {
        if (hasFocus())
            QComboBox::wheelEvent(event);
        else
            event->ignore();  // on to the page
    }
};

// Bytes of UTF-8, which is what the wire limit counts.
qsizetype utf8Size(QStringView text)
{
    return text.toUtf8().size();
}

// The longest start of `text` that fits in `room` bytes of UTF-8, never
// splitting a character.
QString fittingStart(const QString& text, qsizetype room)
{
    qsizetype used = 0;
    qsizetype end = 0;
    while (end < text.size()) {
        const qsizetype width = text.at(end).isHighSurrogate() && end + 1 < text.size() ? 2 : 1;
        const qsizetype bytes = utf8Size(QStringView(text).mid(end, width));
        if (used + bytes > room)
            break;
        used += bytes;
        end += width;
    }
    return text.left(end);
}

// Characters as a learner counts them: an emoji is one, not two UTF-16 units.
qsizetype characterCount(QStringView text)
{
    return text.size() - std::count_if(text.begin(), text.end(), [](QChar c) { return c.isLowSurrogate(); });
}
}  // namespace

// The essay box: refuses typing, pasting and dropping beyond the byte limit
// instead of cutting the essay when it is sent, and remembers that it did so
// until the text changes. Tab leaves the box.
class EssayEdit : public QPlainTextEdit {
public:
    EssayEdit(qsizetype maxBytes, QWidget* parent)
        : QPlainTextEdit(parent),
          m_maxBytes(maxBytes)
    {
        setObjectName(QStringLiteral("EssayEdit"));
        setTabChangesFocus(true);
        // Anything that got past the checks below (another input path) is cut at the end.
        connect(this, &QPlainTextEdit::textChanged, this, [this] {
            m_refused = false;
            const QString text = toPlainText();
            if (utf8Size(text) > m_maxBytes) {
                setPlainText(fittingStart(text, m_maxBytes));
                refused();
            }
        });
    }

    // Nothing more fits, or the last thing typed or pasted did not fit whole.
    bool full() const { return m_refused || utf8Size(toPlainText()) >= m_maxBytes; }

    std::function<void()> onRefused;  // typing or pasting was refused or cut short

protected:
    void keyPressEvent(QKeyEvent* event) override
    {
        QString typed = event->text();
        if (event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter)
            typed = QStringLiteral("\n");
        const bool inserts = !typed.isEmpty() && (typed.at(0).isPrint() || typed == QStringLiteral("\n"))
                             && !(event->modifiers() & Qt::ControlModifier);
        if (inserts && room() < utf8Size(typed)) {
            event->accept();  // full: the counter says so
            refused();
            return;
        }
        QPlainTextEdit::keyPressEvent(event);
    }
    void insertFromMimeData(const QMimeData* source) override
    {
        if (!source->hasText())
            return;
        const QString text = fittingStart(source->text(), room());
        if (!text.isEmpty()) {
            textCursor().insertText(text);
            ensureCursorVisible();
        }
        if (text.size() < source->text().size())
            refused();
    }
    void inputMethodEvent(QInputMethodEvent* event) override
    {
        const bool cut = utf8Size(event->commitString()) > room();
        if (cut)
            event->setCommitString(fittingStart(event->commitString(), room()));
        QPlainTextEdit::inputMethodEvent(event);
        if (cut)
            refused();
    }

private:
    // Bytes still free once the selection (which typing replaces) is gone.
    qsizetype room() const
    {
        const QString selected = textCursor().selectedText().replace(QChar::ParagraphSeparator, QLatin1Char('\n'));
        return m_maxBytes - utf8Size(toPlainText()) + utf8Size(selected);
    }
    void refused()
    {
        m_refused = true;
        if (onRefused)
            onRefused();
    }

    qsizetype m_maxBytes;
    bool m_refused = false;
};

QString plainText(const std::string& text, TextFormat format)
{
    const QString raw = QString::fromStdString(text);
    if (format != TextFormat::Markdown && format != TextFormat::Html)
        return raw;
    QTextDocument document;
    blockResources(&document);
    if (format == TextFormat::Markdown)
        document.setMarkdown(
            raw, QTextDocument::MarkdownFeatures(QTextDocument::MarkdownDialectGitHub | QTextDocument::MarkdownNoHTML));
    else
        document.setHtml(raw);  // parsed only for its text: nothing is run or loaded
    return document.toPlainText().remove(QChar::ObjectReplacementCharacter).trimmed();
}

QLabel* wrappingLabel(QWidget* parent, const char* objectName)
{
    auto* label = new QLabel(parent);
    label->setObjectName(QString::fromLatin1(objectName));
    label->setTextFormat(Qt::PlainText);  // the author's words, never markup
    label->setWordWrap(true);
    return label;
}

void setTextColour(QWidget* widget, const QColor& colour)
{
    QPalette palette = widget->palette();
    palette.setColor(QPalette::WindowText, colour);
    widget->setPalette(palette);
}

// --- QuestionText ------------------------------------------------------------

QuestionText::QuestionText(QWidget* parent)
    : QTextBrowser(parent)
{
    setObjectName(QStringLiteral("QuestionText"));
    setOpenLinks(false);
    setOpenExternalLinks(false);
    setFrameShape(QFrame::NoFrame);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setFocusPolicy(Qt::NoFocus);  // Tab goes to the answer, not the question
    setTextInteractionFlags(Qt::TextSelectableByMouse);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    QPalette paper = palette();
    paper.setColor(QPalette::Base, Qt::white);
    paper.setColor(QPalette::Text, kInk);
    setPalette(paper);
}

void QuestionText::setQuestion(const module::gift::Question& question, const QString& moduleRoot)
{
    auto* document = new QTextDocument(this);
    blockResources(document);
    document->setDocumentMargin(0);
    document->setUndoRedoEnabled(false);
    const bool markdown = question.format == TextFormat::Markdown;
    std::string text = question.text;
    if (question.missingWord)
        text += (markdown ? "\\_\\_\\_\\_\\_" : "_____") + question.textAfter;
    if (markdown) {
        document->setMarkdown(
            QString::fromStdString(text),
            QTextDocument::MarkdownFeatures(QTextDocument::MarkdownDialectGitHub | QTextDocument::MarkdownNoHTML));
        loadImages(document, moduleRoot);
    } else {
        document->setPlainText(plainText(text, question.format));
    }
    QTextBlockFormat spacing;
    spacing.setLineHeight(kLineHeightPercent, QTextBlockFormat::ProportionalHeight);
    for (QTextBlock block = document->begin(); block.isValid(); block = block.next())
        if (!block.text().contains(QChar::ObjectReplacementCharacter))
            QTextCursor(block).mergeBlockFormat(spacing);
    setDocument(document);  // the previous one, a child of this view, is deleted
    document->setDefaultFont(font());
    connect(document->documentLayout(), &QAbstractTextDocumentLayout::documentSizeChanged, this,
            [this] { fitHeight(); });
    fitHeight();
}

void QuestionText::fitHeight()
{
    document()->setTextWidth(viewport()->width());
    const int height = static_cast<int>(std::ceil(document()->size().height())) + 2 * frameWidth();
    if (height != this->height())
        setFixedHeight(height);
}

void QuestionText::resizeEvent(QResizeEvent* event)
{
    QTextBrowser::resizeEvent(event);
    fitHeight();
}

void QuestionText::changeEvent(QEvent* event)
{
    QTextBrowser::changeEvent(event);
    if (event->type() == QEvent::FontChange) {
        document()->setDefaultFont(font());
        fitHeight();
    }
}

void QuestionText::wheelEvent(QWheelEvent* event)
{
    event->ignore();  // on to the page
}

// --- AnswerControls ----------------------------------------------------------

AnswerControls::AnswerControls(const module::gift::Question& question, std::uint64_t shuffleSeed, int maxEssayBytes,
                               QWidget* parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("AnswerControls"));
    switch (question.type) {
    case QuestionType::MultipleChoice:
    case QuestionType::MultipleResponse:
    case QuestionType::TrueFalse: buildChoices(question, shuffleSeed); break;
    case QuestionType::ShortAnswer:
    case QuestionType::Numerical: buildLine(question); break;
    case QuestionType::Essay: buildEssay(maxEssayBytes); break;
    case QuestionType::Matching: buildMatching(question, shuffleSeed); break;
    case QuestionType::Description: hide(); break;  // nothing to answer
    }
    fitToFont();
}

AnswerControls::~AnswerControls() = default;

void AnswerControls::buildChoices(const module::gift::Question& question, std::uint64_t shuffleSeed)
{
    auto* list = new QVBoxLayout(this);
    list->setContentsMargins(0, 0, 0, 0);
    list->setSpacing(12);
    const bool several = question.type == QuestionType::MultipleResponse;
    if (!several)
        m_group = new QButtonGroup(this);
    std::vector<QString> labels;
    if (question.type == QuestionType::TrueFalse)
        labels = {tr("True"), tr("False")};
    else
        for (const std::string& label : quiz::choiceLabels(question))
            labels.push_back(plainText(label, question.format));
    std::vector<std::uint32_t> order = shuffledOrder(labels.size(), shuffleSeed);
    if (question.type == QuestionType::TrueFalse)
        std::sort(order.begin(), order.end());  // True, then False, as everyone says it
    for (const std::uint32_t index : order) {
        QAbstractButton* button = several ? static_cast<QAbstractButton*>(new QCheckBox)
                                          : static_cast<QAbstractButton*>(new QRadioButton);
        list->addWidget(new ChoiceRow(button, labels[index], this));
        if (m_group)
            m_group->addButton(button, static_cast<int>(index));
        m_choices.push_back(button);
        m_choiceIndexes.push_back(index);
        connect(button, &QAbstractButton::toggled, this, &AnswerControls::learnerEdited);
    }
}

void AnswerControls::buildLine(const module::gift::Question& question)
{
    auto* box = new QVBoxLayout(this);
    box->setContentsMargins(0, 0, 0, 0);
    m_line = new QLineEdit(this);
    m_line->setObjectName(QStringLiteral("AnswerLine"));
    m_line->setMaxLength(kMaxLineAnswerLength);
    m_line->setMinimumHeight(kMinTargetHeight);
    m_line->setTextMargins(8, 0, 8, 0);
    m_line->setAccessibleName(tr("Your answer"));
    m_line->setPlaceholderText(question.type == QuestionType::Numerical ? tr("Type a number") : tr("Type your answer"));
    box->addWidget(m_line);
    connect(m_line, &QLineEdit::textChanged, this, &AnswerControls::learnerEdited);
}

void AnswerControls::buildEssay(int maxEssayBytes)
{
    auto* box = new QVBoxLayout(this);
    box->setContentsMargins(0, 0, 0, 0);
    box->setSpacing(6);
    m_essay = new EssayEdit(maxEssayBytes, this);
    m_essay->setAccessibleName(tr("Your answer"));
    m_essay->setPlaceholderText(tr("Write your answer here."));
    m_counter = wrappingLabel(this, "EssayCounter");
    m_counter->setAlignment(Qt::AlignRight);
    box->addWidget(m_essay);
    box->addWidget(m_counter);
    m_essay->onRefused = [this] { showCount(); };
    connect(m_essay, &QPlainTextEdit::textChanged, this, &AnswerControls::learnerEdited);
    connect(m_essay, &QPlainTextEdit::textChanged, this, &AnswerControls::showCount);
    showCount();
}

void AnswerControls::buildMatching(const module::gift::Question& question, std::uint64_t shuffleSeed)
{
    auto* grid = new QGridLayout(this);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setHorizontalSpacing(20);
    grid->setVerticalSpacing(14);
    grid->setColumnStretch(0, 1);
    grid->setColumnStretch(1, 1);
    const std::vector<std::string> options = quiz::matchingOptions(question);
    const std::vector<std::uint32_t> order = shuffledOrder(options.size(), shuffleSeed);
    int row = 0;
    for (std::size_t index : quiz::matchingItems(question)) {
        const QString item = plainText(question.answers[index].text, question.format);
        auto* label = wrappingLabel(this, "MatchItem");
        label->setText(item);
        auto* list = new MatchList(this);
        list->setObjectName(QStringLiteral("MatchChoice"));
        list->addItem(tr("Choose…"));
        for (const std::uint32_t option : order)
            list->addItem(plainText(options[option], question.format), QVariant::fromValue(option));
        list->setAccessibleName(tr("Match for: %1").arg(item));
        list->setMinimumHeight(kMinTargetHeight);
        list->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        list->setMinimumContentsLength(8);
        list->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
        list->setFocusPolicy(Qt::StrongFocus);  // not by the wheel: scrolling the page must not change answers
        label->setBuddy(list);
        grid->addWidget(label, row, 0, Qt::AlignVCenter);
        grid->addWidget(list, row, 1, Qt::AlignVCenter);
        m_lists.push_back(list);
        connect(list, &QComboBox::currentIndexChanged, this, &AnswerControls::learnerEdited);
        ++row;
    }
}

quiz::Response AnswerControls::response() const
{
    quiz::Response response;
    for (std::size_t i = 0; i < m_choices.size(); ++i)
        if (m_choices[i]->isChecked())
            response.choices.push_back(m_choiceIndexes[i]);
    std::sort(response.choices.begin(), response.choices.end());
    for (const QComboBox* list : m_lists) {
        const QVariant option = list->currentData();
        response.choices.push_back(option.isValid() ? option.value<std::uint32_t>() : quiz::kNoChoice);
    }
    if (m_line)
        response.text = m_line->text().toStdString();
    if (m_essay)
        response.text = m_essay->toPlainText().toStdString();
    return response;
}

void AnswerControls::setResponse(const quiz::Response& response)
{
    const QScopedValueRollback<bool> filling(m_filling, true);
    const auto chosen = [&response](std::uint32_t index) {
        return std::find(response.choices.begin(), response.choices.end(), index) != response.choices.end();
    };
    if (m_group)
        m_group->setExclusive(false);  // an exclusive group cannot be emptied
    for (std::size_t i = 0; i < m_choices.size(); ++i)
        m_choices[i]->setChecked(chosen(m_choiceIndexes[i]));
    if (m_group)
        m_group->setExclusive(true);
    const QString text = QString::fromStdString(response.text);
    if (m_line)
        m_line->setText(text);
    if (m_essay && m_essay->toPlainText() != text)
        m_essay->setPlainText(text);
    for (std::size_t k = 0; k < m_lists.size(); ++k) {
        const std::uint32_t option = k < response.choices.size() ? response.choices[k] : quiz::kNoChoice;
        // An option this question does not have is not found: "Choose…".
        const int shown = option == quiz::kNoChoice ? -1 : m_lists[k]->findData(QVariant::fromValue(option));
        m_lists[k]->setCurrentIndex(std::max(shown, 0));
    }
}

std::vector<QWidget*> AnswerControls::focusable() const
{
    std::vector<QWidget*> widgets(m_choices.begin(), m_choices.end());
    if (m_line)
        widgets.push_back(m_line);
    if (m_essay)
        widgets.push_back(m_essay);
    widgets.insert(widgets.end(), m_lists.begin(), m_lists.end());
    return widgets;
}

QWidget* AnswerControls::firstFocus() const
{
    if (m_group && m_group->checkedButton())
        return m_group->checkedButton();
    const std::vector<QWidget*> widgets = focusable();
    return widgets.empty() ? nullptr : widgets.front();
}

void AnswerControls::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::FontChange)
        fitToFont();
}

// The style's radio buttons and check boxes are small; these grow with the
// text. (A style sheet on each button: on a parent it would stop the text size
// from reaching the widgets inside.)
void AnswerControls::fitToFont()
{
    const int points = font().pointSize();
    const int indicator = static_cast<int>(std::lround(QFontMetricsF(sizedFont(points, false)).height() * 0.9));
    const QString indicatorStyle =
        QStringLiteral("QRadioButton::indicator, QCheckBox::indicator { width: %1px; height: %1px; }").arg(indicator);
    for (QAbstractButton* button : m_choices)
        button->setStyleSheet(indicatorStyle);
    if (m_essay)
        m_essay->setMinimumHeight(m_essay->fontMetrics().lineSpacing() * 7);
    if (m_counter)
        m_counter->setFont(sizedFont(std::max(12, points - 4), false));
}

// Characters, as a learner counts them; the byte limit the wire sets is only
// mentioned once the essay reaches it.
void AnswerControls::showCount()
{
    const qsizetype count = characterCount(m_essay->toPlainText());
    const QString characters = count == 1 ? tr("1 character") : tr("%1 characters").arg(count);
    m_counter->setText(m_essay->full() ? tr("%1. Your answer is as long as it can be.").arg(characters)
                                       : characters);
}

void AnswerControls::learnerEdited()
{
    if (!m_filling)
        Q_EMIT edited();
}

// --- OutcomeCard -------------------------------------------------------------

OutcomeCard::OutcomeCard(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("Outcome"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(20, 16, 20, 16);
    layout->setSpacing(10);
    m_verdict = wrappingLabel(this, "Verdict");
    m_rightAnswer = wrappingLabel(this, "RightAnswer");
    m_feedback = wrappingLabel(this, "Feedback");
    for (QLabel* label : {m_verdict, m_rightAnswer, m_feedback})
        layout->addWidget(label);
    fitToFont();
    clear();
}

void OutcomeCard::showOutcome(const module::gift::Question& question, const std::optional<quiz::Response>& answer)
{
    const bool description = question.type == QuestionType::Description;
    QString verdict;
    QColor verdictColour = kInk;
    if (!answer && !description) {
        verdict = tr("You did not answer this question.");
    } else if (question.type == QuestionType::Essay) {
        verdict = tr("Your trainer will read your answer.");
    } else if (answer && !description) {
        const std::optional<double> score = quiz::grade(question, *answer);
        if (score && *score >= 1.0 - 1e-9) {
            verdict = tr("Right!");
            verdictColour = kGreen;
        } else if (score && *score <= 1e-9) {
            verdict = tr("Not right this time");
            verdictColour = kRed;
        } else if (score) {
            verdict = tr("Partly right");
            verdictColour = kOrange;
        }
    }
    QString right;
    if (question.type == QuestionType::TrueFalse) {
        right = tr("Right answer: %1").arg(question.correct ? tr("True") : tr("False"));
    } else if (question.type == QuestionType::Matching) {
        // One pair a line: the pairs run together on one line are hard to read.
        right = tr("Right answers:");
        for (std::size_t index : quiz::matchingItems(question))
            right += QStringLiteral("\n%1 → %2")
                         .arg(plainText(question.answers[index].text, question.format),
                              plainText(question.answers[index].match, question.format));
    } else if (const std::string correct = quiz::correctAnswerText(question); !correct.empty()) {
        right = tr("Right answer: %1").arg(plainText(correct, question.format));
    }
    m_verdict->setText(verdict);
    setTextColour(m_verdict, verdictColour);
    m_rightAnswer->setText(right);
    m_feedback->setText(
        plainText(answer ? quiz::feedbackFor(question, *answer) : question.generalFeedback, question.format));
    for (QLabel* label : {m_verdict, m_rightAnswer, m_feedback})
        label->setVisible(!label->text().isEmpty());
    setVisible(!m_verdict->text().isEmpty() || !m_rightAnswer->text().isEmpty() || !m_feedback->text().isEmpty());
}

void OutcomeCard::clear()
{
    for (QLabel* label : {m_verdict, m_rightAnswer, m_feedback}) {
        label->clear();
        label->hide();
    }
    hide();
}

void OutcomeCard::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(QPen(QColor(0xc9, 0xd3, 0xe0), 1));
    painter.setBrush(QColor(0xf2, 0xf5, 0xf9));
    painter.drawRoundedRect(QRectF(rect()).adjusted(0.5, 0.5, -0.5, -0.5), 10, 10);
}

void OutcomeCard::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::FontChange)
        fitToFont();
}

void OutcomeCard::fitToFont()
{
    m_verdict->setFont(sizedFont(font().pointSize() + 2, true));
}

// --- QuestionMarker ----------------------------------------------------------

QuestionMarker::QuestionMarker(QWidget* parent)
    : QPushButton(parent)
{
    setObjectName(QStringLiteral("QuestionMarker"));
    setFont(sizedFont(16, true));
    setMinimumSize(kSize);
    setFocusPolicy(Qt::NoFocus);  // the keyboard has Previous, Next and Alt+arrows
}

void QuestionMarker::showState(int number, bool answered, bool current)
{
    const QString shown = QString::number(number);
    setText(answered ? QStringLiteral("✓ ") + shown : shown);
    const QString name =
        answered ? tr("Question %1, answered").arg(shown) : tr("Question %1, not answered yet").arg(shown);
    setAccessibleName(name);
    setToolTip(name);
    setStyleSheet(QStringLiteral("QPushButton { background: %1; color: %2; border: %3px solid %4;"
                                 " border-radius: 8px; padding: 4px 10px; }")
                      .arg(answered ? QStringLiteral("#1b7a3a") : QStringLiteral("white"),
                           answered ? QStringLiteral("white") : QStringLiteral("#1a1a1a"),
                           current ? QStringLiteral("4") : QStringLiteral("1"),
                           current ? QStringLiteral("#0b2e66") : QStringLiteral("#9aa3ad")));
}

// --- FlowLayout --------------------------------------------------------------

FlowLayout::FlowLayout(QWidget* parent, int spacing)
    : QLayout(parent)
{
    setContentsMargins(0, 0, 0, 0);
    setSpacing(spacing);
}

FlowLayout::~FlowLayout()
{
    while (QLayoutItem* item = FlowLayout::takeAt(0))
        delete item;
}

void FlowLayout::addItem(QLayoutItem* item)
{
    m_items.push_back(item);
}

int FlowLayout::count() const
{
    return static_cast<int>(m_items.size());
}

QLayoutItem* FlowLayout::itemAt(int index) const
{
    return index >= 0 && index < count() ? m_items[static_cast<std::size_t>(index)] : nullptr;
}

QLayoutItem* FlowLayout::takeAt(int index)
{
    if (index < 0 || index >= count())
        return nullptr;
    QLayoutItem* item = m_items[static_cast<std::size_t>(index)];
    m_items.erase(m_items.begin() + index);
    return item;
}

Qt::Orientations FlowLayout::expandingDirections() const
{
    return {};
}

bool FlowLayout::hasHeightForWidth() const
{
    return true;
}

int FlowLayout::heightForWidth(int width) const
{
    return arrange(QRect(0, 0, width, 0), false);
}

void FlowLayout::setGeometry(const QRect& rect)
{
    QLayout::setGeometry(rect);
    arrange(rect, true);
}

QSize FlowLayout::sizeHint() const
{
    return minimumSize();
}

QSize FlowLayout::minimumSize() const
{
    QSize size;
    for (const QLayoutItem* item : m_items)
        size = size.expandedTo(item->minimumSize());
    return size;
}

int FlowLayout::arrange(const QRect& rect, bool place) const
{
    int x = rect.x();
    int y = rect.y();
    int rowHeight = 0;
    for (QLayoutItem* item : m_items) {
        if (item->isEmpty())
            continue;
        const QSize size = item->sizeHint();
        if (x > rect.x() && x + size.width() > rect.right() + 1) {
            x = rect.x();
            y += rowHeight + spacing();
            rowHeight = 0;
        }
        if (place)
            item->setGeometry(QRect(QPoint(x, y), size));
        x += size.width() + spacing();
        rowHeight = std::max(rowHeight, size.height());
    }
    return y + rowHeight - rect.y();
}

}  // namespace classroom::agent
