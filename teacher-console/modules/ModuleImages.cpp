// classroom-module-images: draws the illustrations of the sample module
// "Staying safe online" (one per page) into the folder given as argv[1].
//
// The pictures are drawn rather than stored so the repository holds no binary
// files and anyone can change a picture by editing code. The output is the
// same on every run: no randomness, no dates, fixed sizes and colours. The
// file names must match the OUTPUT list in CMakeLists.txt and the image
// references in staying-safe-online/pages/*.md.

#include <QDir>
#include <QFont>
#include <QFontMetricsF>
#include <QGuiApplication>
#include <QImage>
#include <QPainter>
#include <QPainterPath>
#include <QString>

#include <cmath>
#include <cstdio>

namespace {

constexpr int kWidth = 960;
constexpr int kHeight = 540;

// A flat palette with strong contrast against the light background, so the
// pictures stay readable on a cheap projector and for weak eyes.
const QColor kBackground(0xF4, 0xF1, 0xEA);
const QColor kInk(0x1D, 0x2B, 0x4F);
const QColor kBlue(0x2F, 0x6F, 0xDE);
const QColor kGreen(0x1E, 0x87, 0x4B);
const QColor kRed(0xD7, 0x26, 0x3D);
const QColor kYellow(0xF4, 0xB4, 0x00);
const QColor kOrange(0xE8, 0x6A, 0x1C);
const QColor kGrey(0x9A, 0xA5, 0xB4);
const QColor kPale(0xE3, 0xE8, 0xEF);
const QColor kWhite(0xFF, 0xFF, 0xFF);

QFont fontOfSize(qreal pixelSize, bool bold = true)
{
    QFont font = QGuiApplication::font(); // the default family
    font.setPixelSize(qRound(pixelSize));
    font.setBold(bold);
    return font;
}

void drawText(QPainter& p, const QRectF& box, const QString& text, qreal pixelSize, const QColor& color,
    Qt::Alignment alignment = Qt::AlignCenter, bool bold = true)
{
    p.setFont(fontOfSize(pixelSize, bold));
    p.setPen(color);
    p.drawText(box, int(alignment), text);
}

void fillRounded(QPainter& p, const QRectF& box, qreal radius, const QColor& color)
{
    p.setPen(Qt::NoPen);
    p.setBrush(color);
    p.drawRoundedRect(box, radius, radius);
}

// The top `height` pixels of the rounded rectangle `box`, as on a card's header.
void fillTopBand(QPainter& p, const QRectF& box, qreal radius, qreal height, const QColor& color)
{
    p.save();
    p.setClipRect(QRectF(box.left(), box.top(), box.width(), height));
    fillRounded(p, box, radius, color);
    p.restore();
}

void fillCircle(QPainter& p, QPointF center, qreal radius, const QColor& color)
{
    p.setPen(Qt::NoPen);
    p.setBrush(color);
    p.drawEllipse(center, radius, radius);
}

void strokePath(QPainter& p, const QPainterPath& path, const QColor& color, qreal width)
{
    p.setPen(QPen(color, width, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    p.setBrush(Qt::NoBrush);
    p.drawPath(path);
}

// A tick mark of about `size` pixels centred on `center`.
void drawTick(QPainter& p, QPointF center, qreal size, const QColor& color)
{
    QPainterPath tick;
    tick.moveTo(center + QPointF(-0.42, 0.0) * size);
    tick.lineTo(center + QPointF(-0.12, 0.30) * size);
    tick.lineTo(center + QPointF(0.45, -0.32) * size);
    strokePath(p, tick, color, size * 0.16);
}

void drawArrow(QPainter& p, QPointF from, QPointF to, const QColor& color, qreal width)
{
    const QPointF direction = to - from;
    const qreal length = std::hypot(direction.x(), direction.y());
    const QPointF unit = direction / length;
    const QPointF normal(-unit.y(), unit.x());
    const qreal head = width * 3.2;
    QPainterPath shaft;
    shaft.moveTo(from);
    shaft.lineTo(to - unit * head * 0.8);
    strokePath(p, shaft, color, width);
    QPainterPath tip;
    tip.moveTo(to);
    tip.lineTo(to - unit * head + normal * head * 0.6);
    tip.lineTo(to - unit * head - normal * head * 0.6);
    tip.closeSubpath();
    p.setPen(Qt::NoPen);
    p.setBrush(color);
    p.drawPath(tip);
}

// A red ring around something to point it out; a rounded rectangle hugs
// lines of text better than an ellipse.
void ringAround(QPainter& p, const QRectF& box)
{
    p.setPen(QPen(kRed, 6));
    p.setBrush(Qt::NoBrush);
    p.drawRoundedRect(box, 26, 26);
}

// A closed padlock whose body fills `body`; the shackle sits above it.
void drawPadlock(QPainter& p, const QRectF& body, const QColor& bodyColor, const QColor& shackleColor)
{
    const qreal thickness = body.width() * 0.13;
    const qreal left = body.left() + body.width() * 0.2;
    const qreal right = body.right() - body.width() * 0.2;
    const qreal radius = (right - left) / 2;
    const qreal top = body.top() - body.height() * 0.55;
    QPainterPath shackle;
    shackle.moveTo(left, body.top() + thickness);
    shackle.lineTo(left, top + radius);
    shackle.arcTo(QRectF(left, top, 2 * radius, 2 * radius), 180, -180);
    shackle.lineTo(right, body.top() + thickness);
    p.setPen(QPen(shackleColor, thickness, Qt::SolidLine, Qt::FlatCap, Qt::RoundJoin));
    p.setBrush(Qt::NoBrush);
    p.drawPath(shackle);

    fillRounded(p, body, body.width() * 0.12, bodyColor);
    const QPointF hole(body.center().x(), body.center().y() - body.height() * 0.08);
    const qreal holeRadius = body.width() * 0.09;
    fillCircle(p, hole, holeRadius, kInk);
    QPainterPath slot;
    slot.moveTo(hole + QPointF(-holeRadius * 0.55, 0));
    slot.lineTo(hole + QPointF(-holeRadius * 0.8, holeRadius * 3.0));
    slot.lineTo(hole + QPointF(holeRadius * 0.8, holeRadius * 3.0));
    slot.lineTo(hole + QPointF(holeRadius * 0.55, 0));
    slot.closeSubpath();
    p.drawPath(slot);
}

// A smartphone standing upright in `outer`; returns its screen.
QRectF drawPhone(QPainter& p, const QRectF& outer)
{
    fillRounded(p, outer, 42, kInk);
    const QRectF screen = outer.adjusted(16, 52, -16, -52);
    fillRounded(p, screen, 14, kWhite);
    fillRounded(p, QRectF(outer.center().x() - 40, outer.top() + 22, 80, 10), 5, kGrey);
    fillCircle(p, QPointF(outer.center().x(), outer.bottom() - 26), 12, kGrey);
    return screen;
}

// A telephone handset of width about 2 * `size`, lying flat (the "hang up"
// symbol); turn it with `angle` in degrees.
void drawHandset(QPainter& p, QPointF center, qreal size, qreal angle, const QColor& color)
{
    p.save();
    p.translate(center);
    p.rotate(angle);
    p.scale(size, size);
    QPainterPath grip;
    grip.moveTo(-0.72, 0.08);
    grip.quadTo(0.0, -0.62, 0.72, 0.08);
    p.setPen(QPen(color, 0.38, Qt::SolidLine, Qt::RoundCap));
    p.setBrush(Qt::NoBrush);
    p.drawPath(grip);
    p.setPen(Qt::NoPen);
    p.setBrush(color);
    p.drawRoundedRect(QRectF(-1.0, 0.0, 0.55, 0.34), 0.12, 0.12);
    p.drawRoundedRect(QRectF(0.45, 0.0, 0.55, 0.34), 0.12, 0.12);
    p.restore();
}

void drawToggle(QPainter& p, const QRectF& track, bool on)
{
    fillRounded(p, track, track.height() / 2, on ? kGreen : kGrey);
    const qreal knobRadius = track.height() / 2 - 5;
    const qreal x = on ? track.right() - track.height() / 2 : track.left() + track.height() / 2;
    fillCircle(p, QPointF(x, track.center().y()), knobRadius, kWhite);
}

// ---- one function per picture, in page order -------------------------------

void drawWelcomeShield(QPainter& p)
{
    const QRectF r(130, 70, 300, 380);
    QPainterPath shield;
    shield.moveTo(r.center().x(), r.top());
    shield.cubicTo(r.left() + r.width() * 0.68, r.top() + 40, r.right() - 40, r.top() + 40, r.right(), r.top() + 40);
    shield.lineTo(r.right(), r.top() + r.height() * 0.45);
    shield.cubicTo(r.right(), r.top() + r.height() * 0.78, r.left() + r.width() * 0.72, r.bottom() - 30, r.center().x(),
        r.bottom());
    shield.cubicTo(r.left() + r.width() * 0.28, r.bottom() - 30, r.left(), r.top() + r.height() * 0.78, r.left(),
        r.top() + r.height() * 0.45);
    shield.lineTo(r.left(), r.top() + 40);
    shield.cubicTo(r.left() + 40, r.top() + 40, r.left() + r.width() * 0.32, r.top() + 40, r.center().x(), r.top());
    shield.closeSubpath();
    p.setPen(QPen(kInk, 10, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    p.setBrush(kBlue);
    p.drawPath(shield);
    drawTick(p, QPointF(r.center().x(), r.center().y() - 10), 190, kWhite);

    drawText(p, QRectF(480, 150, 440, 100), QStringLiteral("Stay safe"), 80, kInk, Qt::AlignLeft | Qt::AlignVCenter);
    drawText(p, QRectF(480, 250, 440, 100), QStringLiteral("online"), 80, kBlue, Qt::AlignLeft | Qt::AlignVCenter);
}

void drawPersonalInformation(QPainter& p)
{
    const QRectF card(130, 70, 700, 400);
    fillRounded(p, card.translated(10, 12), 30, kGrey);
    p.setPen(QPen(kInk, 6));
    p.setBrush(kWhite);
    p.drawRoundedRect(card, 30, 30);
    fillTopBand(p, card, 30, 110, kBlue);
    p.setPen(QPen(kInk, 6));
    p.setBrush(Qt::NoBrush);
    p.drawRoundedRect(card, 30, 30);
    drawText(p, QRectF(card.left(), card.top() + 3, card.width(), 107), QStringLiteral("IDENTITY CARD"), 48, kWhite);

    // The photo: a plain silhouette.
    const QRectF photo(card.left() + 40, card.top() + 140, 190, 230);
    fillRounded(p, photo, 16, kPale);
    p.save();
    p.setClipRect(photo);
    fillCircle(p, QPointF(photo.center().x(), photo.top() + 85), 48, kInk);
    p.setBrush(kInk);
    p.drawEllipse(QPointF(photo.center().x(), photo.bottom() + 40), 90, 100);
    p.restore();

    const qreal x = photo.right() + 40;
    const qreal width = card.right() - 30 - x;
    const struct {
        const char16_t* label;
        const char16_t* value;
    } lines[] = {{u"Name", u"Maria Novak"}, {u"Born", u"14 March 1985"}, {u"Address", u"12 Park Street"}};
    qreal y = photo.top() - 6;
    for (const auto& line : lines) {
        drawText(p, QRectF(x, y, width, 30), QString::fromUtf16(line.label), 24, kGrey.darker(140),
            Qt::AlignLeft | Qt::AlignVCenter);
        drawText(p, QRectF(x, y + 28, width, 44), QString::fromUtf16(line.value), 38, kInk,
            Qt::AlignLeft | Qt::AlignVCenter);
        y += 82;
    }
}

void drawStrongPassword(QPainter& p)
{
    drawPadlock(p, QRectF(370, 120, 220, 190), kYellow, kInk);

    const QRectF field(180, 370, 600, 100);
    p.setPen(QPen(kInk, 6));
    p.setBrush(kWhite);
    p.drawRoundedRect(field, 24, 24);
    constexpr int kDots = 12; // the minimum length the page recommends
    const qreal step = 40;
    const qreal firstX = field.center().x() - step * (kDots - 1) / 2;
    for (int i = 0; i < kDots; ++i)
        fillCircle(p, QPointF(firstX + i * step, field.center().y()), 13, kInk);
}

void drawPassphrase(QPainter& p)
{
    const struct {
        const char16_t* word;
        QColor color;
    } words[] = {{u"Teapot", kBlue}, {u"River", kGreen}, {u"Orange", kOrange}};
    const qreal boxWidth = 230;
    const qreal gap = 70;
    qreal x = (kWidth - 3 * boxWidth - 2 * gap) / 2;
    for (int i = 0; i < 3; ++i) {
        const QRectF box(x, 80, boxWidth, 110);
        fillRounded(p, box, 22, words[i].color);
        drawText(p, box, QString::fromUtf16(words[i].word), 50, kWhite);
        if (i < 2)
            drawText(p, QRectF(box.right(), box.top(), gap, box.height()), QStringLiteral("+"), 64, kInk);
        x += boxWidth + gap;
    }
    drawArrow(p, QPointF(kWidth / 2.0, 215), QPointF(kWidth / 2.0, 300), kInk, 12);

    const QRectF result(110, 325, 740, 130);
    p.setPen(QPen(kInk, 6));
    p.setBrush(kWhite);
    p.drawRoundedRect(result, 26, 26);
    // The joined passphrase, each word still in its colour.
    const QFont font = fontOfSize(60);
    const QFontMetricsF metrics(font);
    qreal total = 0;
    for (const auto& w : words)
        total += metrics.horizontalAdvance(QString::fromUtf16(w.word));
    qreal textX = result.center().x() - total / 2;
    p.setFont(font);
    for (const auto& w : words) {
        const QString word = QString::fromUtf16(w.word);
        p.setPen(w.color);
        p.drawText(QRectF(textX, result.top(), metrics.horizontalAdvance(word) + 2, result.height()),
            Qt::AlignLeft | Qt::AlignVCenter, word);
        textX += metrics.horizontalAdvance(word);
    }
}

void drawScamText(QPainter& p)
{
    const QRectF screen = drawPhone(p, QRectF(70, 14, 390, 512));

    // The sender line, as a messaging app shows it.
    fillRounded(p, QRectF(screen.left(), screen.top(), screen.width(), 70), 14, kPale);
    drawText(p, QRectF(screen.left(), screen.top(), screen.width(), 70), QStringLiteral("BANK-Secur1ty"), 30, kInk);

    const QRectF bubble(screen.left() + 16, screen.top() + 96, screen.width() - 32, 256);
    fillRounded(p, bubble, 20, kPale);
    const qreal x = bubble.left() + 20;
    const qreal w = bubble.width() - 30;
    drawText(p, QRectF(x, bubble.top() + 16, w, 40), QStringLiteral("Your card is"), 28, kInk,
        Qt::AlignLeft | Qt::AlignVCenter, false);
    drawText(
        p, QRectF(x, bubble.top() + 56, w, 40), QStringLiteral("BLOCKED!"), 32, kInk, Qt::AlignLeft | Qt::AlignVCenter);
    drawText(p, QRectF(x, bubble.top() + 100, w, 40), QStringLiteral("Reply within"), 28, kInk,
        Qt::AlignLeft | Qt::AlignVCenter, false);
    drawText(p, QRectF(x, bubble.top() + 140, w, 40), QStringLiteral("24 hours:"), 28, kInk,
        Qt::AlignLeft | Qt::AlignVCenter, false);
    QFont link = fontOfSize(28, false);
    link.setUnderline(true);
    p.setFont(link);
    p.setPen(kBlue);
    p.drawText(
        QRectF(x, bubble.top() + 196, w, 40), Qt::AlignLeft | Qt::AlignVCenter, QStringLiteral("bank-check.xyz"));

    // The three warning signs, ringed and named.
    const QRectF senderRing(screen.left() + 4, screen.top() + 4, screen.width() - 8, 62);
    const QRectF urgentRing(bubble.left() + 6, bubble.top() + 8, bubble.width() - 12, 180);
    const QRectF linkRing(bubble.left() + 6, bubble.top() + 194, bubble.width() - 12, 52);
    ringAround(p, senderRing);
    ringAround(p, urgentRing);
    ringAround(p, linkRing);

    const qreal labelX = 560;
    const struct {
        QRectF ring;
        qreal labelY;
        const char16_t* text;
    } signs[]
        = {{senderRing, 60, u"Strange sender"}, {urgentRing, 220, u"Urgent threat"}, {linkRing, 390, u"Strange link"}};
    for (const auto& sign : signs) {
        drawArrow(p, QPointF(labelX - 14, sign.labelY + 35), QPointF(sign.ring.right() + 10, sign.ring.center().y()),
            kRed, 6);
        drawText(p, QRectF(labelX, sign.labelY, 380, 70), QString::fromUtf16(sign.text), 42, kRed,
            Qt::AlignLeft | Qt::AlignVCenter);
    }
}

void drawScamCall(QPainter& p)
{
    const QRectF screen = drawPhone(p, QRectF(110, 14, 340, 512));
    fillCircle(p, QPointF(screen.center().x(), screen.top() + 100), 62, kPale);
    drawText(p, QRectF(screen.center().x() - 62, screen.top() + 38, 124, 124), QStringLiteral("?"), 80, kInk);
    drawText(p, QRectF(screen.left(), screen.top() + 180, screen.width(), 44), QStringLiteral("Unknown"), 34, kInk);
    drawText(p, QRectF(screen.left(), screen.top() + 222, screen.width(), 44), QStringLiteral("caller"), 34, kInk);

    const QPointF answer(screen.left() + 78, screen.bottom() - 80);
    const QPointF hangUp(screen.right() - 78, screen.bottom() - 80);
    fillCircle(p, answer, 46, kGreen);
    drawHandset(p, answer, 26, -135, kWhite);
    fillCircle(p, hangUp, 56, kRed);
    drawHandset(p, hangUp, 34, 0, kWhite);

    drawText(p, QRectF(540, 170, 380, 100), QStringLiteral("Hang up"), 76, kRed, Qt::AlignLeft | Qt::AlignVCenter);
    drawArrow(p, QPointF(600, 290), QPointF(hangUp.x() + 70, hangUp.y() - 20), kRed, 10);
}

void drawSafeCheckout(QPainter& p)
{
    const QRectF window(60, 40, 840, 460);
    fillRounded(p, window.translated(10, 12), 24, kGrey);
    p.setPen(QPen(kInk, 6));
    p.setBrush(kWhite);
    p.drawRoundedRect(window, 24, 24);
    // Title bar with the address field.
    fillTopBand(p, window, 24, 100, kPale);
    p.setPen(QPen(kInk, 6));
    p.setBrush(Qt::NoBrush);
    p.drawRoundedRect(window, 24, 24);
    p.drawLine(QPointF(window.left(), window.top() + 100), QPointF(window.right(), window.top() + 100));

    const QRectF address(window.left() + 30, window.top() + 20, window.width() - 60, 60);
    fillRounded(p, address, 30, kWhite);
    drawPadlock(p, QRectF(address.left() + 24, address.top() + 26, 36, 26), kGreen, kGreen);
    drawText(p, address.adjusted(80, 0, 0, 0), QStringLiteral("https://shop.example"), 32, kInk,
        Qt::AlignLeft | Qt::AlignVCenter, false);

    // The bank card.
    const QRectF card(140, 200, 330, 210);
    fillRounded(p, card, 20, kBlue);
    fillRounded(p, QRectF(card.left() + 30, card.top() + 50, 60, 46), 8, kYellow);
    for (int group = 0; group < 4; ++group) {
        for (int digit = 0; digit < 4; ++digit)
            fillCircle(p, QPointF(card.left() + 40 + group * 72 + digit * 14, card.top() + 145), 5, kWhite);
    }

    const QRectF pay(560, 240, 260, 130);
    fillRounded(p, pay, 30, kGreen);
    drawText(p, pay, QStringLiteral("Pay"), 64, kWhite);
}

void drawPhoneSettings(QPainter& p)
{
    const QRectF screen = drawPhone(p, QRectF(90, 14, 400, 512));
    drawText(p, QRectF(screen.left() + 24, screen.top() + 10, screen.width(), 70), QStringLiteral("Settings"), 38, kInk,
        Qt::AlignLeft | Qt::AlignVCenter);

    const struct {
        const char16_t* label;
        bool on;
    } rows[] = {{u"Location", false}, {u"Camera", true}, {u"Microphone", false}};
    qreal y = screen.top() + 100;
    for (const auto& row : rows) {
        p.setPen(QPen(kPale, 3));
        p.drawLine(QPointF(screen.left() + 16, y), QPointF(screen.right() - 16, y));
        drawText(p, QRectF(screen.left() + 24, y + 10, 220, 80), QString::fromUtf16(row.label), 30, kInk,
            Qt::AlignLeft | Qt::AlignVCenter, false);
        drawToggle(p, QRectF(screen.right() - 110, y + 28, 86, 46), row.on);
        y += 100;
    }

    drawToggle(p, QRectF(600, 110, 240, 120), false);
    drawText(p, QRectF(540, 280, 400, 90), QStringLiteral("You decide"), 64, kInk);
}

void drawGetHelp(QPainter& p)
{
    fillCircle(p, QPointF(230, 270), 150, kGreen);
    drawHandset(p, QPointF(220, 280), 84, -135, kWhite);

    const QRectF list(420, 70, 500, 400);
    p.setPen(QPen(kInk, 6));
    p.setBrush(kWhite);
    p.drawRoundedRect(list, 26, 26);
    const char16_t* const steps[] = {u"Change passwords", u"Call your bank", u"Report it"};
    qreal y = list.top() + 36;
    int number = 1;
    for (const char16_t* step : steps) {
        fillCircle(p, QPointF(list.left() + 60, y + 40), 32, kBlue);
        drawText(p, QRectF(list.left() + 28, y + 8, 64, 64), QString::number(number++), 38, kWhite);
        drawText(p, QRectF(list.left() + 110, y, list.width() - 120, 80), QString::fromUtf16(step), 34, kInk,
            Qt::AlignLeft | Qt::AlignVCenter);
        y += 118;
    }
}

void drawChecklist(QPainter& p)
{
    const QRectF board(150, 40, 380, 470);
    fillRounded(p, board, 26, kInk);
    const QRectF paper = board.adjusted(26, 46, -26, -26);
    fillRounded(p, paper, 10, kWhite);
    fillRounded(p, QRectF(board.center().x() - 80, board.top() - 14, 160, 56), 16, kGrey);

    qreal y = paper.top() + 30;
    for (int i = 0; i < 5; ++i) {
        const QRectF box(paper.left() + 28, y, 52, 52);
        p.setPen(QPen(kInk, 5));
        p.setBrush(kWhite);
        p.drawRoundedRect(box, 8, 8);
        drawTick(p, box.center() + QPointF(4, -4), 62, kGreen);
        fillRounded(p, QRectF(box.right() + 26, y + 16, paper.width() - 160 - (i % 2) * 50, 20), 10, kPale);
        y += 76;
    }

    drawText(p, QRectF(550, 190, 380, 160), QStringLiteral("Remember"), 60, kInk, Qt::AlignLeft | Qt::AlignVCenter);
}

struct Illustration {
    const char* fileName;
    void (*draw)(QPainter&);
};

const Illustration kIllustrations[] = {
    {"welcome-shield.png", drawWelcomeShield},
    {"personal-information.png", drawPersonalInformation},
    {"padlock.png", drawStrongPassword},
    {"passphrase.png", drawPassphrase},
    {"scam-text.png", drawScamText},
    {"scam-call.png", drawScamCall},
    {"safe-checkout.png", drawSafeCheckout},
    {"phone-settings.png", drawPhoneSettings},
    {"get-help.png", drawGetHelp},
    {"checklist.png", drawChecklist},
};

} // namespace

int main(int argc, char** argv)
{
    // Drawing needs no display: the build machine may have none.
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    if (argc != 2) {
        std::fprintf(stderr, "usage: classroom-module-images OUTPUT_FOLDER\n");
        return 2;
    }
    const QDir folder(QString::fromLocal8Bit(argv[1]));
    if (!folder.mkpath(QStringLiteral("."))) {
        std::fprintf(stderr, "classroom-module-images: cannot create %s\n", argv[1]);
        return 1;
    }
    for (const Illustration& illustration : kIllustrations) {
        QImage image(kWidth, kHeight, QImage::Format_RGB32);
        image.fill(kBackground);
        QPainter painter(&image);
        painter.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
        illustration.draw(painter);
        painter.end();
        const QString path = folder.filePath(QString::fromLatin1(illustration.fileName));
        if (!image.save(path, "PNG")) {
            std::fprintf(stderr, "classroom-module-images: cannot write %s\n", qPrintable(path));
            return 1;
        }
    }
    return 0;
}
