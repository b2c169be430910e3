#include "student-agent/ui/ModuleWindow.h"

#include "student-agent/ui/ModuleImage.h"

#include <QCloseEvent>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QFontMetricsF>
#include <QHBoxLayout>
#include <QImageReader>
#include <QLabel>
#include <QPainter>
#include <QPushButton>
#include <QScrollBar>
#include <QShortcut>
#include <QShowEvent>
#include <QStringDecoder>
#include <QStyle>
#include <QTextBlock>
#include <QTextBrowser>
#include <QTextCursor>
#include <QTextDocument>
#include <QTextFragment>
#include <QTextList>
#include <QTextTable>
#include <QVBoxLayout>
#include <QWheelEvent>

#include <spdlog/spdlog.h>

#include <algorithm>
#include <vector>

namespace classroom::agent {
namespace {
// A page is text a person wrote; anything bigger comes from a broken or hostile
// module and would stall the window while it is laid out.
constexpr qint64 kMaxPageBytes = 2 * 1024 * 1024;
// A module's pictures are screenshots and photos. These bounds keep a crafted
// file from costing seconds or gigabytes to decode; the size is read from the
// file's header before any pixel is decoded.
// 8000x8000 at 4 bytes a pixel is 244 MiB, above Qt 6.4's default of 128 MiB.
constexpr int kImageAllocationLimitMb = 256;
// Decoded pictures are kept, to fit them again when the window is resized, at
// most this wide: wider than a classroom screen, far smaller than 8000.
constexpr int kMaxKeptImageWidth = 2560;
// Room for the frame and the text cursor, so a fitted picture never touches
// the edge and brings in a horizontal scroll bar.
constexpr int kFitSlack = 8;
constexpr int kMinFittedSide = 48;
constexpr int kDocumentMargin = 24;
constexpr int kLineHeightPercent = 130;
constexpr int kTableCellPadding = 8;
constexpr int kTableMargin = 12;
constexpr int kPictureMargin = 12;
constexpr QSize kPlaceholderSize(96, 72);
constexpr QSize kArrowSize(28, 28);
constexpr int kArrowGap = 8;
// The name an image has in the document once checked: the page's own path never
// reaches Qt's image loading, which would otherwise read any path it is given.
const QString kImageNamePrefix = QStringLiteral("module-image:");
const QString kPlaceholderName = QStringLiteral("module-image:placeholder");

struct PageText {
    QString text;
    QString folder;       // canonical folder of the page: its images are relative to it
    std::string problem;  // empty when the page can be shown
};

PageText readPage(const QString& moduleRoot, const QString& relativePath)
{
    const QString path = QFileInfo(QDir(moduleRoot), relativePath).canonicalFilePath();
    if (moduleRoot.isEmpty() || path.isEmpty())
        return {{}, {}, "missing"};
    if (!isInsideFolder(moduleRoot, path))
        return {{}, {}, "outside the module folder"};
    QFile file(path);
    if (!QFileInfo(path).isFile() || !file.open(QIODevice::ReadOnly))
        return {{}, {}, "not a readable file"};
    const QByteArray bytes = file.read(kMaxPageBytes + 1);
    if (bytes.size() > kMaxPageBytes)
        return {{}, {}, "larger than the page limit"};
    QStringDecoder decoder(QStringConverter::Utf8, QStringConverter::Flag::Stateless);
    QString text = decoder(bytes);
    if (decoder.hasError())
        return {{}, {}, "not UTF-8 text"};
    return {std::move(text), QFileInfo(path).absolutePath(), {}};
}

LoadedImage loadPageImage(const QString& moduleRoot, const QString& pageFolder, const QString& source)
{
    LoadedImage loaded = loadModuleImage(moduleRoot, pageFolder, source);
    if (loaded.image.width() > kMaxKeptImageWidth)
        loaded.image = loaded.image.scaledToWidth(kMaxKeptImageWidth, Qt::SmoothTransformation);
    return loaded;
}

// A grey frame with a little landscape: "a picture belongs here".
QPixmap placeholderPicture()
{
    QPixmap picture(kPlaceholderSize);
    picture.fill(QColor(0xee, 0xee, 0xee));
    QPainter painter(&picture);
    painter.setRenderHint(QPainter::Antialiasing);
    const QColor ink(0x88, 0x88, 0x88);
    painter.setPen(QPen(ink, 2));
    painter.drawRect(QRectF(1, 1, kPlaceholderSize.width() - 2, kPlaceholderSize.height() - 2));
    painter.setBrush(ink);
    painter.setPen(Qt::NoPen);
    painter.drawEllipse(QPointF(68, 24), 8, 8);
    painter.drawPolygon(
        QPolygonF({QPointF(12, 60), QPointF(36, 30), QPointF(52, 50), QPointF(62, 40), QPointF(84, 60)}));
    return picture;
}

struct ImageSpot {
    int position;
    QTextImageFormat format;
};

std::vector<ImageSpot> imagesIn(const QTextDocument* document)
{
    std::vector<ImageSpot> spots;
    for (QTextBlock block = document->begin(); block.isValid(); block = block.next()) {
        for (auto it = block.begin(); !it.atEnd(); ++it) {
            const QTextFragment fragment = it.fragment();
            if (!fragment.charFormat().isImageFormat())
                continue;
            for (int i = 0; i < fragment.length(); ++i)  // equal images side by side share a fragment
                spots.push_back({fragment.position() + i, fragment.charFormat().toImageFormat()});
        }
    }
    return spots;
}

// Code the importer sets in a fixed 9 pt font: it takes the page's size instead.
void dropFixedTextSizes(QTextDocument* document)
{
    struct Span {
        int start;
        int end;
        QTextCharFormat format;
    };
    std::vector<Span> sized;
    for (QTextBlock block = document->begin(); block.isValid(); block = block.next()) {
        for (auto it = block.begin(); !it.atEnd(); ++it) {
            const QTextFragment fragment = it.fragment();
            QTextCharFormat format = fragment.charFormat();
            if (!format.hasProperty(QTextFormat::FontPointSize) && !format.hasProperty(QTextFormat::FontPixelSize))
                continue;
            format.clearProperty(QTextFormat::FontPointSize);
            format.clearProperty(QTextFormat::FontPixelSize);
            sized.push_back({fragment.position(), fragment.position() + fragment.length(), format});
        }
        QTextCharFormat blockFormat = block.charFormat();
        if (blockFormat.hasProperty(QTextFormat::FontPointSize)) {
            blockFormat.clearProperty(QTextFormat::FontPointSize);
            QTextCursor(block).setBlockCharFormat(blockFormat);
        }
    }
    for (const Span& span : sized) {
        QTextCursor cursor(document);
        cursor.setPosition(span.start);
        cursor.setPosition(span.end, QTextCursor::KeepAnchor);
        cursor.setCharFormat(span.format);
    }
}

// Air between lines and a clear grid for tables: the page is read from a distance.
void shapeForReading(QTextDocument* document)
{
    dropFixedTextSizes(document);
    QTextBlockFormat textSpacing;
    textSpacing.setLineHeight(kLineHeightPercent, QTextBlockFormat::ProportionalHeight);
    // A line with a picture is as tall as the picture: a proportional height
    // would add a third of the picture; a margin sets it apart instead.
    QTextBlockFormat pictureSpacing;
    pictureSpacing.setTopMargin(kPictureMargin);
    pictureSpacing.setBottomMargin(kPictureMargin);
    for (QTextBlock block = document->begin(); block.isValid(); block = block.next()) {
        QTextCursor cursor(block);
        if (block.text().contains(QChar::ObjectReplacementCharacter))
            cursor.mergeBlockFormat(pictureSpacing);
        else if (!cursor.currentTable())  // cells have their padding; extra line height would sit below the text
            cursor.mergeBlockFormat(textSpacing);
        if (block.blockFormat().nonBreakableLines()) {  // code wraps too: no sideways scrolling
            QTextBlockFormat wrapping;
            wrapping.setNonBreakableLines(false);
            cursor.mergeBlockFormat(wrapping);
        }
    }
    for (QTextFrame* frame : document->rootFrame()->childFrames()) {
        auto* table = qobject_cast<QTextTable*>(frame);
        if (!table)
            continue;
        QTextTableFormat format = table->format();
        format.setBorderCollapse(true);
        format.setBorder(1);
        format.setBorderStyle(QTextFrameFormat::BorderStyle_Solid);  // the default "outset" looks like a button
        format.setBorderBrush(QColor(0x99, 0x99, 0x99));
        format.setCellSpacing(0);
        format.setCellPadding(kTableCellPadding);
        format.setTopMargin(kTableMargin);
        format.setBottomMargin(kTableMargin);
        table->setFormat(format);
        for (int column = 0; column < table->columns(); ++column) {  // GitHub tables always have a header row
            QTextTableCell header = table->cellAt(0, column);
            QTextCharFormat shade = header.format();
            shade.setBackground(QColor(0xee, 0xf1, 0xf5));
            header.setFormat(shade);
        }
    }
}

// Lists indent by the width of "000." so their numbers stay on the page at any size.
void setPageFont(QTextDocument* document, const QFont& font)
{
    document->setDefaultFont(font);
    document->setIndentWidth(QFontMetricsF(font).horizontalAdvance(QStringLiteral("000.")));
}

template <typename Widget>
Widget* named(Widget* widget, const char* objectName, int pointSize, bool bold = false)
{
    widget->setObjectName(QString::fromLatin1(objectName));
    QFont font = widget->font();
    font.setPointSize(pointSize);
    font.setBold(bold);
    widget->setFont(font);
    return widget;
}

// The style's arrow with room between it and the word (the style leaves none
// when the arrow comes after the word).
QIcon arrowIcon(const QStyle* style, QStyle::StandardPixmap arrow, Qt::Edge gapSide)
{
    const QPixmap plain = style->standardIcon(arrow).pixmap(kArrowSize);
    QPixmap padded(kArrowSize.width() + kArrowGap, kArrowSize.height());
    padded.fill(Qt::transparent);
    QPainter painter(&padded);
    painter.drawPixmap(QRect(QPoint(gapSide == Qt::LeftEdge ? kArrowGap : 0, 0), kArrowSize), plain);
    return QIcon(padded);
}

}  // namespace

ModuleWindow::ModuleWindow(QWidget* parent)
    : QWidget(parent, Qt::Window)
{
    static const bool allocationLimitSet = [] {
        QImageReader::setAllocationLimit(kImageAllocationLimitMb);
        return true;
    }();
    Q_UNUSED(allocationLimitSet);

    setObjectName(QStringLiteral("ModuleWindow"));
    setAttribute(Qt::WA_DeleteOnClose, false);
    setMinimumSize(520, 400);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(16, 12, 16, 12);
    layout->setSpacing(10);

    auto* top = new QHBoxLayout;
    m_title = named(new QLabel(this), "ModuleTitle", 22, true);
    m_title->setTextFormat(Qt::PlainText);  // the author's words, never markup
    // One line, cut short with "..." when the window is narrow (the whole title
    // is in the window's title and the tooltip): a wrapped title eats the page.
    m_title->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_title->installEventFilter(this);
    top->addWidget(m_title, 1);
    m_pageNumber = named(new QLabel(this), "PageNumber", 18);
    m_pageNumber->setTextFormat(Qt::PlainText);
    top->addSpacing(16);
    top->addWidget(m_pageNumber);
    top->addSpacing(24);

    // The small A and the big A say what the buttons do without reading.
    m_smaller = named(new QPushButton(tr("A−"), this), "SmallerText", 14);
    m_smaller->setToolTip(tr("Smaller text"));
    m_smaller->setAccessibleName(tr("Smaller text"));
    m_larger = named(new QPushButton(tr("A+"), this), "LargerText", 22);
    m_larger->setToolTip(tr("Larger text"));
    m_larger->setAccessibleName(tr("Larger text"));
    for (QPushButton* button : {m_smaller, m_larger}) {
        button->setMinimumSize(64, 52);
        top->addWidget(button);
    }
    layout->addLayout(top);

    m_view = named(new QTextBrowser(this), "PageView", kDefaultTextPointSize);
    // A link opens nothing: no other page, no file, no browser. (Jumps within
    // a page would need anchors, which Qt's Markdown import does not give headings.)
    m_view->setOpenLinks(false);
    m_view->setOpenExternalLinks(false);
    // Always there, so fitting pictures to the width cannot make it come and go.
    m_view->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOn);
    QPalette paper = m_view->palette();
    paper.setColor(QPalette::Base, Qt::white);
    paper.setColor(QPalette::Text, QColor(0x1a, 0x1a, 0x1a));
    m_view->setPalette(paper);
    m_view->viewport()->installEventFilter(this);
    layout->addWidget(m_view, 1);

    auto* bottom = new QHBoxLayout;
    m_previous = named(new QPushButton(tr("Previous"), this), "PreviousPage", 18);
    m_previous->setIcon(arrowIcon(style(), QStyle::SP_ArrowBack, Qt::RightEdge));
    m_next = named(new QPushButton(tr("Next"), this), "NextPage", 18);
    m_next->setIcon(arrowIcon(style(), QStyle::SP_ArrowForward, Qt::LeftEdge));
    m_next->setLayoutDirection(Qt::RightToLeft);  // the arrow after the word
    for (QPushButton* button : {m_previous, m_next}) {
        button->setMinimumSize(200, 60);
        button->setIconSize(QSize(kArrowSize.width() + kArrowGap, kArrowSize.height()));
    }
    m_pacedNote = named(new QLabel(tr("Your trainer turns the pages."), this), "PacedNote", 16);
    m_pacedNote->setAlignment(Qt::AlignCenter);
    bottom->addWidget(m_previous);
    bottom->addStretch(1);
    bottom->addWidget(m_pacedNote);
    bottom->addStretch(1);
    bottom->addWidget(m_next);
    layout->addLayout(bottom);

    connect(m_previous, &QPushButton::clicked, this, [this] { requestPage(m_page - 1); });
    connect(m_next, &QPushButton::clicked, this, [this] { requestPage(m_page + 1); });
    connect(m_smaller, &QPushButton::clicked, this, [this] { setTextPointSize(m_textPointSize - kTextPointSizeStep); });
    connect(m_larger, &QPushButton::clicked, this, [this] { setTextPointSize(m_textPointSize + kTextPointSizeStep); });

    auto* larger = new QShortcut(this);
    // Ctrl+= too: on most keyboards "+" is Shift+=.
    larger->setKeys({QKeySequence(Qt::CTRL | Qt::Key_Plus), QKeySequence(Qt::CTRL | Qt::Key_Equal)});
    connect(larger, &QShortcut::activated, this, [this] { setTextPointSize(m_textPointSize + kTextPointSizeStep); });
    new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Minus), this,
                  [this] { setTextPointSize(m_textPointSize - kTextPointSizeStep); });
    new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_0), this, [this] { setTextPointSize(kDefaultTextPointSize); });
    new QShortcut(QKeySequence(Qt::Key_PageDown), this, [this] { pageDown(); });
    new QShortcut(QKeySequence(Qt::Key_PageUp), this, [this] { pageUp(); });
    m_altLeft = new QShortcut(QKeySequence(Qt::ALT | Qt::Key_Left), this, [this] { requestPage(m_page - 1); });
    m_altRight = new QShortcut(QKeySequence(Qt::ALT | Qt::Key_Right), this, [this] { requestPage(m_page + 1); });

    setTextPointSize(kDefaultTextPointSize);
    renderMessage(QString());
    updateChrome();
    m_view->setFocus();
}

ModuleWindow::~ModuleWindow() = default;

void ModuleWindow::showPage(const ModulePages& module, int page, bool freeBrowsing)
{
    const bool samePage = m_hasPage && page == m_page && module.directory == m_module.directory
                          && module.pages == m_module.pages;
    m_module = module;
    m_page = page;
    m_freeBrowsing = freeBrowsing;
    m_hasPage = true;
    if (!samePage)
        render();
    updateChrome();
}

void ModuleWindow::setTextPointSize(int points)
{
    m_textPointSize = std::clamp(points, kMinTextPointSize, kMaxTextPointSize);
    QFont font = m_view->font();
    font.setPointSize(m_textPointSize);
    m_view->setFont(font);
    setPageFont(m_view->document(), font);
    fitImages();  // list indents grow with the text
    m_smaller->setEnabled(m_textPointSize > kMinTextPointSize);
    m_larger->setEnabled(m_textPointSize < kMaxTextPointSize);
}

void ModuleWindow::render()
{
    m_images.clear();
    if (m_page < 0 || m_page >= static_cast<int>(m_module.pages.size())) {
        spdlog::warn("module \"{}\" has no page {}", m_module.title.toStdString(), m_page + 1);
        renderMessage(tr("This page cannot be shown. Please tell your trainer."));
        return;
    }
    const QString root = QFileInfo(m_module.directory).canonicalFilePath();
    const QString& relativePath = m_module.pages[static_cast<std::size_t>(m_page)];
    const PageText page = readPage(root, relativePath);
    if (!page.problem.empty()) {
        spdlog::warn("cannot show page {} of module \"{}\": {}", relativePath.toStdString(),
                     m_module.title.toStdString(), page.problem);
        renderMessage(tr("This page cannot be shown. Please tell your trainer."));
        return;
    }
    QTextDocument* document = newPageDocument();
    // No raw HTML: a page's <script>, <img> or <b> is shown as the text it is.
    document->setMarkdown(page.text, QTextDocument::MarkdownFeatures(QTextDocument::MarkdownDialectGitHub
                                                                     | QTextDocument::MarkdownNoHTML));
    loadImages(document, root, page.folder);
    shapeForReading(document);
    installDocument(document);
}

void ModuleWindow::renderMessage(const QString& message)
{
    m_images.clear();
    QTextDocument* document = newPageDocument();
    document->setPlainText(message);
    installDocument(document);
}

QTextDocument* ModuleWindow::newPageDocument()
{
    auto* document = new QTextDocument(m_view);
    // Before any content: a resource the document asks for before loadImages()
    // has renamed the page's pictures (or any name Qt derives from them) gets
    // the placeholder. Without a provider Qt would ask the view, which reads
    // any path or file: address it is given.
    document->setResourceProvider([picture = placeholderPicture()](const QUrl&) { return QVariant(picture); });
    document->setUndoRedoEnabled(false);
    document->setDocumentMargin(kDocumentMargin);
    setPageFont(document, m_view->font());
    return document;
}

void ModuleWindow::installDocument(QTextDocument* document)
{
    m_view->setDocument(document);  // the previous page's document, a child of the view, is deleted
    setPageFont(document, m_view->font());
    fitImages();
    m_view->verticalScrollBar()->setValue(0);
    m_view->horizontalScrollBar()->setValue(0);
}

void ModuleWindow::loadImages(QTextDocument* document, const QString& moduleRoot, const QString& pageFolder)
{
    document->addResource(QTextDocument::ImageResource, QUrl(kPlaceholderName), placeholderPicture());
    const std::vector<ImageSpot> spots = imagesIn(document);
    // Back to front: alt text put after a refused image moves what follows it.
    for (auto spot = spots.rbegin(); spot != spots.rend(); ++spot) {
        QTextImageFormat format = spot->format;
        const QString source = format.name();
        QTextCursor cursor(document);
        cursor.setPosition(spot->position);
        cursor.setPosition(spot->position + 1, QTextCursor::KeepAnchor);
        LoadedImage loaded = loadPageImage(moduleRoot, pageFolder, source);
        if (!loaded.image.isNull()) {
            const QString name = kImageNamePrefix + QString::number(m_images.size());
            m_images.insert(name, loaded.image);
            format.setName(name);
            cursor.setCharFormat(format);
            continue;
        }
        spdlog::warn("not showing picture \"{}\" of module \"{}\": {}", source.toStdString(),
                     m_module.title.toStdString(), loaded.problem);
        format.setName(kPlaceholderName);
        format.setWidth(kPlaceholderSize.width());
        format.setHeight(kPlaceholderSize.height());
        format.setVerticalAlignment(QTextCharFormat::AlignMiddle);  // the alt text beside its middle
        cursor.setCharFormat(format);
        const QString alt = format.stringProperty(QTextFormat::ImageAltText);
        if (alt.isEmpty())
            continue;
        QTextCharFormat altFormat;
        altFormat.setFontItalic(true);
        altFormat.setForeground(QColor(0x55, 0x55, 0x55));
        cursor.setPosition(spot->position + 1);
        cursor.insertText(QStringLiteral(" ") + alt, altFormat);
    }
}

// Scales each picture down (never up) so it fits the page's width and height:
// no horizontal scrolling, and a tall picture is seen whole.
void ModuleWindow::fitImages()
{
    if (m_images.isEmpty())
        return;
    QTextDocument* document = m_view->document();
    const qreal ratio = m_view->devicePixelRatioF();
    const int margins = 2 * static_cast<int>(document->documentMargin()) + kFitSlack;
    const int pageWidth = m_view->viewport()->width() - margins;
    const int pageHeight = std::max(m_view->viewport()->height() - margins, kMinFittedSide);
    for (ImageSpot& spot : imagesIn(document)) {
        const auto original = m_images.constFind(spot.format.name());
        if (original == m_images.constEnd())
            continue;
        QTextCursor cursor(document);
        cursor.setPosition(spot.position);
        const QTextBlock block = cursor.block();
        const QTextBlockFormat blockFormat = block.blockFormat();
        qreal indent = blockFormat.leftMargin() + blockFormat.textIndent()
                       + blockFormat.indent() * document->indentWidth();
        if (const QTextList* list = block.textList())
            indent += list->format().indent() * document->indentWidth();
        int available = pageWidth - static_cast<int>(indent);
        if (const QTextTable* table = cursor.currentTable())
            available = available / table->columns() - 2 * kTableCellPadding - 2;
        available = std::max(available, kMinFittedSide);

        QSize shown = original->size();
        if (shown.width() > available || shown.height() > pageHeight)
            shown = shown.scaled(QSize(available, pageHeight), Qt::KeepAspectRatio).expandedTo(QSize(1, 1));
        if (qRound(spot.format.width()) == shown.width() && qRound(spot.format.height()) == shown.height())
            continue;
        QPixmap picture = QPixmap::fromImage(
            original->scaled((QSizeF(shown) * ratio).toSize(), Qt::IgnoreAspectRatio, Qt::SmoothTransformation));
        picture.setDevicePixelRatio(ratio);
        document->addResource(QTextDocument::ImageResource, QUrl(spot.format.name()), picture);
        spot.format.setWidth(shown.width());
        spot.format.setHeight(shown.height());
        cursor.setPosition(spot.position + 1, QTextCursor::KeepAnchor);
        cursor.setCharFormat(spot.format);
    }
}

void ModuleWindow::updateChrome()
{
    setWindowTitle(m_module.title.isEmpty() ? tr("Module") : m_module.title);
    showTitle();
    const int count = static_cast<int>(m_module.pages.size());
    const bool validPage = m_hasPage && m_page >= 0 && m_page < count;
    m_pageNumber->setText(validPage ? tr("Page %1 of %2").arg(m_page + 1).arg(count) : QString());
    m_previous->setVisible(m_freeBrowsing);
    m_next->setVisible(m_freeBrowsing);
    m_previous->setEnabled(validPage && m_page > 0);
    m_next->setEnabled(validPage && m_page < count - 1);
    m_pacedNote->setVisible(m_hasPage && !m_freeBrowsing);
    m_altLeft->setEnabled(m_freeBrowsing);
    m_altRight->setEnabled(m_freeBrowsing);
}

void ModuleWindow::showTitle()
{
    const QString title = m_hasPage ? windowTitle() : QString();
    m_title->setText(m_title->fontMetrics().elidedText(title, Qt::ElideRight, m_title->width()));
    m_title->setToolTip(title);
}

void ModuleWindow::requestPage(int page)
{
    if (!m_freeBrowsing || !m_hasPage || page < 0 || page >= static_cast<int>(m_module.pages.size()) || page == m_page)
        return;
    Q_EMIT pageRequested(page);
}

// PageDown reads on: it scrolls while there is more of this page, and only at
// the end asks for the next one, so no part of a long page is skipped.
void ModuleWindow::pageDown()
{
    QScrollBar* bar = m_view->verticalScrollBar();
    if (bar->value() < bar->maximum())
        bar->triggerAction(QAbstractSlider::SliderPageStepAdd);
    else
        requestPage(m_page + 1);
}

void ModuleWindow::pageUp()
{
    QScrollBar* bar = m_view->verticalScrollBar();
    if (bar->value() > bar->minimum())
        bar->triggerAction(QAbstractSlider::SliderPageStepSub);
    else
        requestPage(m_page - 1);
}

void ModuleWindow::closeEvent(QCloseEvent* event)
{
    if (!m_closeAllowed) {
        event->ignore();
        return;
    }
    m_closeAllowed = false;  // the next module is protected again
    event->accept();
    m_hasPage = false;
    renderMessage(QString());  // frees the page and its pictures
    updateChrome();
}

void ModuleWindow::showEvent(QShowEvent* event)
{
    // A close allowed while hidden (Qt sends no close event then) must not
    // carry over to the next module.
    if (!event->spontaneous())
        m_closeAllowed = false;
    QWidget::showEvent(event);
}

bool ModuleWindow::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_title && event->type() == QEvent::Resize)
        showTitle();
    if (watched == m_view->viewport()) {
        if (event->type() == QEvent::Resize) {
            fitImages();
        } else if (event->type() == QEvent::Wheel) {
            // Ctrl+wheel would zoom the view behind our back; it uses A-/A+ instead.
            const auto* wheel = static_cast<QWheelEvent*>(event);
            if (wheel->modifiers().testFlag(Qt::ControlModifier)) {
                const int steps = wheel->angleDelta().y() > 0 ? 1 : wheel->angleDelta().y() < 0 ? -1 : 0;
                setTextPointSize(m_textPointSize + steps * kTextPointSizeStep);
                return true;
            }
        }
    }
    return QWidget::eventFilter(watched, event);
}

}  // namespace classroom::agent
