#include "teacher-console/ui/DistributionChart.h"

#include "common/quiz/Grading.h"

#include <QEvent>
#include <QHelpEvent>
#include <QPainter>
#include <QPixmap>
#include <QTextDocument>
#include <QToolTip>

#include <algorithm>
#include <cmath>

namespace classroom::console {
namespace {

using module::gift::Question;
using module::gift::QuestionType;
using module::gift::TextFormat;

const QColor kBarBlue(0x2f, 0x6d, 0xb5);
const QColor kRightGreen(0x1b, 0x7a, 0x2e);
const QColor kWrongGrey(0xa8, 0xa8, 0xa8);
const QColor kLaneGrey(0xe6, 0xe6, 0xe6);

// What Grading.cpp calls a matching answer with every pair right; the header
// does not name its bar labels.
constexpr const char* kAllPairsRight = "All pairs right";

// A score this close to 1 is full marks (weights are percentages in text).
constexpr double kFullMarks = 0.9999;

}  // namespace

QString plainText(const std::string& text, TextFormat format)
{
    const QString raw = QString::fromStdString(text);
    if (format != TextFormat::Markdown && format != TextFormat::Html)
        return raw.trimmed();
    QTextDocument document;
    // Nothing a text names is read: no picture, no style sheet, no local file.
    QPixmap empty(1, 1);
    empty.fill(Qt::transparent);
    document.setResourceProvider([empty](const QUrl&) { return QVariant(empty); });
    if (format == TextFormat::Markdown)
        document.setMarkdown(raw, QTextDocument::MarkdownFeatures(QTextDocument::MarkdownDialectGitHub |
                                                                  QTextDocument::MarkdownNoHTML));
    else
        document.setHtml(raw);
    return document.toPlainText().remove(QChar::ObjectReplacementCharacter).trimmed();
}

std::vector<ChartBar> chartBars(const Question& question, const std::vector<std::pair<std::string, int>>& tally)
{
    std::vector<ChartBar> bars;
    const std::vector<std::string> choices = quiz::choiceLabels(question);
    // Choice questions: the score each choice alone earns.
    std::vector<double> scores;
    for (std::uint32_t i = 0; i < choices.size(); ++i)
        scores.push_back(quiz::grade(question, quiz::Response{{i}, {}}).value_or(0.0));
    const double best = scores.empty() ? 0.0 : *std::max_element(scores.begin(), scores.end());

    for (std::size_t i = 0; i < tally.size(); ++i) {
        const auto& [label, count] = tally[i];
        ChartBar bar;
        bar.count = count;
        // The tally lists the choices first, in the module file's order.
        const bool isChoice = i < choices.size() && choices[i] == label;
        bar.label = isChoice ? plainText(label, question.format) : QString::fromStdString(label);
        switch (question.type) {
        case QuestionType::MultipleResponse:
            bar.right = isChoice && scores[i] > 0.0;
            break;
        case QuestionType::MultipleChoice:
        case QuestionType::TrueFalse:
            bar.right = isChoice && best > 0.0 && scores[i] >= best - 1e-9;
            break;
        case QuestionType::ShortAnswer:
        case QuestionType::Numerical:
            bar.right = label != quiz::kOtherAnswersLabel &&
                        quiz::grade(question, quiz::Response{{}, label}).value_or(0.0) >= kFullMarks;
            break;
        case QuestionType::Matching:
            bar.right = label == kAllPairsRight;
            break;
        case QuestionType::Essay:
        case QuestionType::Description:
            break;
        }
        bars.push_back(std::move(bar));
    }
    return bars;
}

DistributionChart::DistributionChart(QWidget* parent) : QWidget(parent)
{
    setAccessibleName(tr("How the class answered"));
    setAttribute(Qt::WA_OpaquePaintEvent, false);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    QFont larger = font();
    larger.setPointSizeF(larger.pointSizeF() * 1.15);
    setFont(larger);
    changed();
}

void DistributionChart::setBars(std::vector<ChartBar> bars, int answered)
{
    if (bars == m_bars && answered == m_answered && m_emptyText.isEmpty())
        return;
    m_bars = std::move(bars);
    m_answered = std::max(0, answered);
    m_emptyText.clear();
    changed();
}

void DistributionChart::setRevealed(bool revealed)
{
    if (revealed == m_revealed)
        return;
    m_revealed = revealed;
    changed();
}

void DistributionChart::clear(const QString& text)
{
    m_bars.clear();
    m_answered = 0;
    m_emptyText = text;
    changed();
}

void DistributionChart::changed()
{
    setAccessibleDescription(summary());
    updateGeometry();
    update();
}

QString DistributionChart::countText(int count) const
{
    const int percent = m_answered > 0 ? static_cast<int>(std::lround(100.0 * count / m_answered)) : 0;
    return tr("%1 · %2 %").arg(count).arg(percent);
}

QString DistributionChart::summary() const
{
    if (m_bars.empty())
        return m_emptyText;
    QStringList parts;
    for (const ChartBar& bar : m_bars) {
        QString part = tr("%1: %2 of %3").arg(bar.label).arg(bar.count).arg(m_answered);
        if (m_answered > 0)
            part += tr(" (%1 %)").arg(std::lround(100.0 * bar.count / m_answered));
        if (m_revealed && bar.right)
            part += tr(", right answer");
        parts << part + QLatin1Char('.');
    }
    return parts.join(QLatin1Char(' '));
}

DistributionChart::Geometry DistributionChart::geometry() const
{
    const QFontMetrics metrics(font());
    Geometry g;
    const int rows = std::max<int>(1, static_cast<int>(m_bars.size()));
    g.gap = std::max(3, metrics.height() / 4);
    const int preferred = metrics.height() * 8 / 5;
    const int fitting = (height() - (rows - 1) * g.gap) / rows;
    // Squeezed rows still hold one line of text.
    g.rowHeight = std::clamp(fitting, metrics.height() + 2, preferred);

    // The counts as wide as the widest of them; the bars at least a quarter of
    // the width; the choices get the rest (a longer one ends in "…").
    int widestCount = 0;
    for (const ChartBar& bar : m_bars)
        widestCount = std::max(widestCount, metrics.horizontalAdvance(countText(bar.count)));
    g.countWidth = widestCount + metrics.averageCharWidth() * 2;
    int longest = 0;
    for (const ChartBar& bar : m_bars)
        longest = std::max(longest, metrics.horizontalAdvance(QStringLiteral("✓ ") + bar.label));
    const int minimumBar = std::max(width() / 4, metrics.averageCharWidth() * 6);
    g.labelWidth = std::max(0, std::min(longest + metrics.averageCharWidth(),
                                        width() - g.countWidth - minimumBar - metrics.averageCharWidth()));
    return g;
}

QSize DistributionChart::sizeHint() const
{
    const QFontMetrics metrics(font());
    const int rows = std::max<int>(3, static_cast<int>(m_bars.size()));
    return {metrics.averageCharWidth() * 60, rows * metrics.height() * 8 / 5 + (rows - 1) * metrics.height() / 4};
}

QSize DistributionChart::minimumSizeHint() const
{
    const QFontMetrics metrics(font());
    return {metrics.averageCharWidth() * 30, 3 * (metrics.height() + 2) + 2 * metrics.height() / 4};
}

int DistributionChart::barAt(const QPoint& point) const
{
    const Geometry g = geometry();
    const int row = point.y() / (g.rowHeight + g.gap);
    return row >= 0 && row < static_cast<int>(m_bars.size()) && point.y() - row * (g.rowHeight + g.gap) < g.rowHeight
               ? row
               : -1;
}

bool DistributionChart::event(QEvent* event)
{
    // A long choice is cut short on its bar; the whole of it on hovering.
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const int row = barAt(help->pos());
        if (row >= 0) {
            const ChartBar& bar = m_bars[static_cast<std::size_t>(row)];
            QToolTip::showText(help->globalPos(), bar.label + QLatin1Char('\n') + countText(bar.count), this);
        } else {
            QToolTip::hideText();
        }
        return true;
    }
    return QWidget::event(event);
}

void DistributionChart::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QPalette& colours = palette();
    if (m_bars.empty()) {
        painter.setPen(colours.color(QPalette::Disabled, QPalette::WindowText));
        painter.drawText(rect(), Qt::AlignCenter | Qt::TextWordWrap, m_emptyText);
        return;
    }
    const Geometry g = geometry();
    const QFontMetrics metrics(font());
    const int barLeft = g.labelWidth + metrics.averageCharWidth();
    const int barWidth = std::max(10, width() - barLeft - g.countWidth);
    QFont bold = font();
    bold.setBold(true);

    int top = 0;
    for (const ChartBar& bar : m_bars) {
        const bool right = m_revealed && bar.right;
        const QRect row(0, top, width(), g.rowHeight);
        top += g.rowHeight + g.gap;

        painter.setFont(right ? bold : font());
        painter.setPen(right ? kRightGreen : colours.color(QPalette::WindowText));
        const QString label = right ? QStringLiteral("✓ ") + bar.label : bar.label;
        painter.drawText(QRect(0, row.top(), g.labelWidth, row.height()), Qt::AlignLeft | Qt::AlignVCenter,
                         metrics.elidedText(label, Qt::ElideRight, g.labelWidth));

        const int inset = std::max(2, g.rowHeight / 8);
        const QRect lane(barLeft, row.top() + inset, barWidth, row.height() - 2 * inset);
        painter.setPen(Qt::NoPen);
        painter.setBrush(kLaneGrey);
        painter.drawRoundedRect(lane, 3, 3);
        if (bar.count > 0 && m_answered > 0) {
            const double share = std::min(1.0, static_cast<double>(bar.count) / m_answered);
            QRect filled = lane;
            filled.setWidth(std::max(4, static_cast<int>(std::lround(share * lane.width()))));
            painter.setBrush(!m_revealed ? kBarBlue : right ? kRightGreen : kWrongGrey);
            painter.drawRoundedRect(filled, 3, 3);
        }

        painter.setFont(font());
        painter.setPen(colours.color(QPalette::WindowText));
        painter.drawText(QRect(barLeft + barWidth, row.top(), g.countWidth, row.height()),
                         Qt::AlignRight | Qt::AlignVCenter, countText(bar.count));
    }
}

}  // namespace classroom::console
