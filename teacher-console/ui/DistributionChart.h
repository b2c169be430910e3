#pragma once

#include "common/module/Gift.h"

#include <QString>
#include <QWidget>

#include <string>
#include <utility>
#include <vector>

namespace classroom::console {

// One bar of a question's answers: how many learners' answers count towards
// it. Never who: the chart may be on the classroom projector.
struct ChartBar {
    QString label;
    int count = 0;
    bool right = false;  // a right answer, marked once the trainer shows the right answer
    bool operator==(const ChartBar&) const = default;
};

// The words of a question's text as the learner reads them, without Markdown
// marks or HTML tags (the author's format); nothing in it is run or loaded.
QString plainText(const std::string& text, module::gift::TextFormat format);

// The bars of a tally (ConsoleController::tally) with the right ones marked:
// for multiple response every choice that earns points; for multiple choice
// and true/false the best-scoring choices (the ones the learner's screen calls
// right); for short answer and numerical the answers with full marks; for
// matching "All pairs right". Essays have no right bar.
std::vector<ChartBar> chartBars(const module::gift::Question& question,
                                const std::vector<std::pair<std::string, int>>& tally);

// Horizontal bars, one per choice: the choice, a bar as long as its share of
// the learners who answered, and "2 · 67 %". When the right answer is shown
// the right bars turn green with a ✓ and the others grey, so a glance tells
// the class how it did. The text follows the widget's font: the projector
// makes it large.
class DistributionChart : public QWidget {
    Q_OBJECT
public:
    explicit DistributionChart(QWidget* parent = nullptr);

    // `answered` is what the percentages are of: the learners who answered
    // (one multiple-response answer counts towards several bars).
    void setBars(std::vector<ChartBar> bars, int answered);
    void setRevealed(bool revealed);
    // No bars; `text` says why, in the middle of the chart.
    void clear(const QString& text);

    const std::vector<ChartBar>& bars() const { return m_bars; }
    int answered() const { return m_answered; }
    bool revealed() const { return m_revealed; }
    // The chart in words, for screen readers (its accessible description) and
    // tests: "Your PIN code: 2 of 3 (67 %), right answer. Your full name: ..."
    QString summary() const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;
    bool event(QEvent* event) override;

private:
    struct Geometry {
        int rowHeight = 0;
        int gap = 0;
        int labelWidth = 0;
        int countWidth = 0;
    };
    Geometry geometry() const;
    QString countText(int count) const;
    int barAt(const QPoint& point) const;
    void changed();

    std::vector<ChartBar> m_bars;
    int m_answered = 0;
    bool m_revealed = false;
    QString m_emptyText;
};

}  // namespace classroom::console
