// A module page as a learner reads it: large type, the page's Markdown rendered
// but its raw HTML shown as text, pictures only from inside the module, a text
// size the learner controls, and page turns that only ask the core.

#include "student-agent/ui/ModuleWindow.h"
#include "student-agent/ui/WidgetModuleView.h"
#include "tests/gui/Screenshot.h"
#include "tests/support/Wait.h"

#include <QDir>
#include <QFile>
#include <QImageReader>
#include <QLabel>
#include <QPushButton>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QTextBrowser>
#include <QTextCursor>
#include <QTextDocument>
#include <QTextFragment>
#include <QTextList>
#include <QTextTable>
#include <QWheelEvent>

#include <gtest/gtest.h>

#include <cstdlib>
#include <vector>

using namespace classroom;
using namespace classroom::agent;
using namespace classroom::test;

namespace {

const QColor kFieldGreen(0x2e, 0x8b, 0x57);
const QColor kBannerBlue(0x1f, 0x4e, 0x9c);
const QColor kForbiddenRed(0xff, 0x00, 0x00);  // every picture the window must never load is this red

template <typename T>
T* child(const QWidget& window, const char* name)
{
    T* found = window.findChild<T*>(QString::fromLatin1(name));
    EXPECT_NE(found, nullptr) << name;
    return found;
}

QTextBrowser* pageView(const QWidget& window)
{
    return child<QTextBrowser>(window, "PageView");
}

bool containsColour(const QImage& image, const QColor& colour)
{
    const QImage pixels = image.convertToFormat(QImage::Format_RGB32);
    for (int y = 0; y < pixels.height(); ++y) {
        const auto* line = reinterpret_cast<const QRgb*>(pixels.constScanLine(y));
        for (int x = 0; x < pixels.width(); ++x) {
            const QColor pixel(line[x]);
            if (std::abs(pixel.red() - colour.red()) < 8 && std::abs(pixel.green() - colour.green()) < 8
                && std::abs(pixel.blue() - colour.blue()) < 8)
                return true;
        }
    }
    return false;
}

struct ShownImage {
    QTextImageFormat format;
    QImage picture;  // what the document paints for it
};

std::vector<ShownImage> imagesOf(const QTextDocument& document)
{
    std::vector<ShownImage> images;
    for (QTextBlock block = document.begin(); block.isValid(); block = block.next()) {
        for (auto it = block.begin(); !it.atEnd(); ++it) {
            const QTextFragment fragment = it.fragment();
            if (!fragment.charFormat().isImageFormat())
                continue;
            const QTextImageFormat format = fragment.charFormat().toImageFormat();
            const QVariant resource = document.resource(QTextDocument::ImageResource, QUrl(format.name()));
            for (int i = 0; i < fragment.length(); ++i)
                images.push_back({format, resource.value<QPixmap>().toImage()});
        }
    }
    return images;
}

const ShownImage* imageWithAlt(const std::vector<ShownImage>& images, const QString& alt)
{
    for (const ShownImage& image : images)
        if (image.format.stringProperty(QTextFormat::ImageAltText) == alt)
            return &image;
    return nullptr;
}

void showActive(QWidget& window)
{
    window.resize(1024, 768);
    window.show();
    window.activateWindow();
    ASSERT_TRUE(QTest::qWaitForWindowActive(&window));
}

// Each test gets a module in its own temporary folder:
//   <temp>/outside.png                 red, outside the module
//   <temp>/module/pages/01-words.md    heading, list, table
//   <temp>/module/pages/02-pictures.md two pictures from module/images/
//   <temp>/module/pages/03-unsafe.md   raw HTML and pictures that must not load
class ModuleReading : public testing::Test {
protected:
    void SetUp() override
    {
        ASSERT_TRUE(m_temp.isValid());
        m_root = m_temp.filePath(QStringLiteral("module"));
        ASSERT_TRUE(QDir().mkpath(m_root + QStringLiteral("/pages")));
        ASSERT_TRUE(QDir().mkpath(m_root + QStringLiteral("/images")));
        m_outside = m_temp.filePath(QStringLiteral("outside.png"));
        writePicture(m_outside, QSize(200, 100), kForbiddenRed);
        writePicture(m_root + QStringLiteral("/images/field.png"), QSize(300, 200), kFieldGreen);
        writePicture(m_root + QStringLiteral("/images/banner.png"), QSize(3000, 400), kBannerBlue);

        writePage(QStringLiteral("pages/01-words.md"), QStringLiteral("# Staying safe online\n\n"
                                                                      "Today we learn three things:\n\n"
                                                                      "- Strong passwords\n"
                                                                      "- Spotting a trick\n"
                                                                      "- Asking for help\n\n"
                                                                      "| Word | Meaning |\n"
                                                                      "|------|---------|\n"
                                                                      "| Password | A secret word |\n"
                                                                      "| Scam | A trick to take your money |\n"));
        writePage(QStringLiteral("pages/02-pictures.md"), QStringLiteral("## Look at the pictures\n\n"
                                                                         "A field:\n\n"
                                                                         "![A green field](../images/field.png)\n\n"
                                                                         "A wide banner:\n\n"
                                                                         "![A blue banner](../images/banner.png)\n"));
        ASSERT_TRUE(QFile::link(m_outside, m_root + QStringLiteral("/images/link.png")));
        writePage(QStringLiteral("pages/03-unsafe.md"),
                  QStringLiteral("# Not everything is shown\n\n"
                                 "Hello <b>bold</b> and <script>alert(1)</script>\n\n"
                                 "<img src=\"file:///etc/passwd\">\n\n"
                                 "![x](../../outside.png)\n\n"
                                 "![remote](http://example.com/a.png)\n\n"
                                 "![absolute](%1)\n\n"
                                 "![file address](file://%1)\n\n"
                                 "![linked](../images/link.png)\n")
                      .arg(m_outside));
    }

    ModulePages module(bool withUnsafePage = true) const
    {
        ModulePages pages{m_root.toStdString(), QStringLiteral("Staying safe online"),
                          {QStringLiteral("pages/01-words.md"), QStringLiteral("pages/02-pictures.md")}};
        if (withUnsafePage)
            pages.pages.push_back(QStringLiteral("pages/03-unsafe.md"));
        return pages;
    }

    void writePage(const QString& relative, const QString& text) { writeFile(relative, text.toUtf8()); }

    void writeFile(const QString& relative, const QByteArray& bytes)
    {
        QFile file(m_root + QLatin1Char('/') + relative);
        ASSERT_TRUE(file.open(QIODevice::WriteOnly));
        ASSERT_EQ(file.write(bytes), bytes.size());
    }

    static void writePicture(const QString& path, QSize size, const QColor& colour)
    {
        QImage picture(size, QImage::Format_RGB32);
        picture.fill(colour);
        ASSERT_TRUE(picture.save(path, "PNG"));
    }

    QTemporaryDir m_temp;
    QString m_root;
    QString m_outside;
};

TEST_F(ModuleReading, TheTitleAndThePageNumberAreShownAtTheTop)
{
    ModuleWindow window;
    window.showPage(module(), 1, false);
    showActive(window);
    EXPECT_EQ(window.windowTitle(), QStringLiteral("Staying safe online"));
    EXPECT_EQ(child<QLabel>(window, "ModuleTitle")->text(), QStringLiteral("Staying safe online"));
    EXPECT_EQ(child<QLabel>(window, "ModuleTitle")->textFormat(), Qt::PlainText);
    EXPECT_EQ(child<QLabel>(window, "PageNumber")->text(), QStringLiteral("Page 2 of 3"));
    EXPECT_EQ(window.currentPage(), 1);
    EXPECT_FALSE(window.isFullScreen());
}

TEST_F(ModuleReading, MarkdownHeadingsListsAndTablesAreRendered)
{
    ModuleWindow window;
    window.showPage(module(), 0, false);
    showActive(window);
    const QTextDocument& document = *pageView(window)->document();
    const QString text = document.toPlainText();
    EXPECT_TRUE(text.startsWith(QStringLiteral("Staying safe online\n"))) << text.toStdString();  // no "#"
    EXPECT_EQ(document.begin().blockFormat().headingLevel(), 1);
    EXPECT_FALSE(text.contains(QLatin1Char('|')));

    int lists = 0;
    const QTextTable* table = nullptr;
    for (QTextBlock block = document.begin(); block.isValid(); block = block.next()) {
        if (block.textList())
            ++lists;
        if (!table)
            table = QTextCursor(block).currentTable();
    }
    EXPECT_EQ(lists, 3);
    ASSERT_NE(table, nullptr);
    EXPECT_EQ(table->rows(), 3);
    EXPECT_EQ(table->columns(), 2);
    EXPECT_EQ(table->cellAt(2, 1).firstCursorPosition().block().text(), QStringLiteral("A trick to take your money"));
}

TEST_F(ModuleReading, CodeIsAsLargeAsTheTextAndWrapsInsteadOfScrollingSideways)
{
    writePage(QStringLiteral("pages/01-words.md"),
              QStringLiteral("Type `ping` and press Enter:\n\n```\n%1\n```\n").arg(QString(300, QLatin1Char('x'))));
    ModuleWindow window;
    window.showPage(module(), 0, false);
    showActive(window);
    QTextBrowser* view = pageView(window);
    int codeFragments = 0;
    for (QTextBlock block = view->document()->begin(); block.isValid(); block = block.next()) {
        EXPECT_FALSE(block.blockFormat().nonBreakableLines());
        for (auto it = block.begin(); !it.atEnd(); ++it) {
            const QTextCharFormat format = it.fragment().charFormat();
            codeFragments += format.fontFixedPitch() || !format.fontFamilies().isNull() ? 1 : 0;
            // Qt's Markdown import sets code in a fixed 9 pt: the page's size must win.
            EXPECT_FALSE(format.hasProperty(QTextFormat::FontPointSize)) << it.fragment().text().toStdString();
        }
    }
    EXPECT_EQ(codeFragments, 2);
    EXPECT_EQ(view->horizontalScrollBar()->maximum(), 0);
}

TEST_F(ModuleReading, RawHtmlInAPageIsShownAsTextNeverAsMarkup)
{
    ModuleWindow window;
    window.showPage(module(), 2, false);
    showActive(window);
    const QTextDocument& document = *pageView(window)->document();
    const QString text = document.toPlainText();
    // MarkdownNoHTML turns off md4c's HTML blocks and spans: the tags are text.
    EXPECT_TRUE(text.contains(QStringLiteral("Hello <b>bold</b> and <script>alert(1)</script>"))) << text.toStdString();
    EXPECT_TRUE(text.contains(QStringLiteral("<img src=\"file:///etc/passwd\">")));
    for (QTextBlock block = document.begin(); block.isValid(); block = block.next()) {
        if (!block.text().startsWith(QStringLiteral("Hello")))
            continue;
        for (auto it = block.begin(); !it.atEnd(); ++it)
            EXPECT_EQ(it.fragment().charFormat().fontWeight(), QFont::Normal) << it.fragment().text().toStdString();
    }
    for (const ShownImage& image : imagesOf(document))
        EXPECT_FALSE(image.format.name().contains(QStringLiteral("passwd")));
}

TEST_F(ModuleReading, PicturesFromInsideTheModuleAreShownScaledToThePageWidth)
{
    ModuleWindow window;
    window.showPage(module(), 1, true);
    showActive(window);
    QTextBrowser* view = pageView(window);
    const std::vector<ShownImage> images = imagesOf(*view->document());
    ASSERT_EQ(images.size(), 2u);

    const ShownImage* field = imageWithAlt(images, QStringLiteral("A green field"));
    ASSERT_NE(field, nullptr);
    EXPECT_TRUE(containsColour(field->picture, kFieldGreen));
    EXPECT_EQ(field->format.width(), 300);  // small pictures keep their size
    EXPECT_EQ(field->format.height(), 200);

    const ShownImage* banner = imageWithAlt(images, QStringLiteral("A blue banner"));
    ASSERT_NE(banner, nullptr);
    EXPECT_TRUE(containsColour(banner->picture, kBannerBlue));
    EXPECT_GT(banner->format.width(), 500);
    EXPECT_LE(banner->format.width(), view->viewport()->width() - 2 * view->document()->documentMargin());
    EXPECT_NEAR(banner->format.width() / banner->format.height(), 3000.0 / 400.0, 0.1);
    EXPECT_EQ(view->horizontalScrollBar()->maximum(), 0);
    EXPECT_FALSE(view->toPlainText().contains(QStringLiteral("A green field")));  // alt text only for missing pictures

    const int wide = static_cast<int>(banner->format.width());
    window.resize(700, 768);  // a narrower window fits the banner again
    ASSERT_TRUE(waitUntil([&] { return view->viewport()->width() < 700; }, 5s));
    const ShownImage* narrower = imageWithAlt(imagesOf(*view->document()), QStringLiteral("A blue banner"));
    ASSERT_NE(narrower, nullptr);
    EXPECT_LT(narrower->format.width(), wide);
    EXPECT_LE(narrower->format.width(), view->viewport()->width() - 2 * view->document()->documentMargin());
    EXPECT_EQ(view->horizontalScrollBar()->maximum(), 0);
}

TEST_F(ModuleReading, PicturesOutsideTheModuleOrOnTheNetworkAreNeverLoaded)
{
    ASSERT_FALSE(QImage(m_outside).isNull());  // the file is there and readable: only the window refuses it
    ModuleWindow window;
    window.showPage(module(), 2, false);
    showActive(window);
    QTextBrowser* view = pageView(window);
    const std::vector<ShownImage> images = imagesOf(*view->document());
    ASSERT_EQ(images.size(), 5u);
    for (const QString& alt : {QStringLiteral("x"), QStringLiteral("remote"), QStringLiteral("absolute"),
                               QStringLiteral("file address"), QStringLiteral("linked")}) {
        const ShownImage* image = imageWithAlt(images, alt);
        ASSERT_NE(image, nullptr) << alt.toStdString();
        EXPECT_FALSE(image->picture.isNull()) << alt.toStdString();  // a placeholder, so Qt never reads the path itself
        EXPECT_FALSE(containsColour(image->picture, kForbiddenRed)) << alt.toStdString();
        EXPECT_LE(image->format.width(), 120) << alt.toStdString();
    }
    const QString text = view->toPlainText();
    EXPECT_TRUE(text.contains(QStringLiteral("remote")));  // the learner sees what is missing
    EXPECT_TRUE(text.contains(QStringLiteral("linked")));
    EXPECT_FALSE(containsColour(view->viewport()->grab().toImage(), kForbiddenRed));
    saveScreenshot(window, QStringLiteral("module-page-refused-pictures"));
    view->verticalScrollBar()->setValue(view->verticalScrollBar()->maximum());
    EXPECT_FALSE(containsColour(view->viewport()->grab().toImage(), kForbiddenRed));
}

TEST_F(ModuleReading, APictureWithHugeDimensionsOrAHugeFileIsRefused)
{
    // 20000x1 decodes in a blink, so only the size check can refuse it.
    writePicture(m_root + QStringLiteral("/images/huge.png"), QSize(20000, 1), kForbiddenRed);
    ASSERT_EQ(QImageReader(m_root + QStringLiteral("/images/huge.png")).size(), QSize(20000, 1));
    ASSERT_FALSE(QImage(m_root + QStringLiteral("/images/huge.png")).isNull());
    // A small valid PNG followed by junk up to 21 MB: readers stop at IEND.
    writePicture(m_root + QStringLiteral("/images/heavy.png"), QSize(40, 40), kForbiddenRed);
    {
        QFile heavy(m_root + QStringLiteral("/images/heavy.png"));
        ASSERT_TRUE(heavy.open(QIODevice::Append));
        ASSERT_TRUE(heavy.resize(21 * 1024 * 1024));
    }
    ASSERT_FALSE(QImage(m_root + QStringLiteral("/images/heavy.png")).isNull());
    writePage(QStringLiteral("pages/04-big.md"), QStringLiteral("Big pictures:\n\n![huge](../images/huge.png)\n\n"
                                                                "![heavy](../images/heavy.png)\n\n"
                                                                "![A green field](../images/field.png)\n"));
    ModulePages big = module();
    big.pages = {QStringLiteral("pages/04-big.md")};
    ModuleWindow window;
    window.showPage(big, 0, false);
    showActive(window);
    const std::vector<ShownImage> images = imagesOf(*pageView(window)->document());
    ASSERT_EQ(images.size(), 3u);
    EXPECT_TRUE(containsColour(imageWithAlt(images, QStringLiteral("A green field"))->picture, kFieldGreen));
    for (const QString& alt : {QStringLiteral("huge"), QStringLiteral("heavy")}) {
        const ShownImage* image = imageWithAlt(images, alt);
        ASSERT_NE(image, nullptr);
        EXPECT_FALSE(containsColour(image->picture, kForbiddenRed)) << alt.toStdString();
        EXPECT_TRUE(pageView(window)->toPlainText().contains(alt));
    }
}

TEST_F(ModuleReading, APageThatIsMissingOrNotUtf8ShowsAPlainMessage)
{
    writeFile(QStringLiteral("pages/latin1.md"), QByteArray("Caf\xe9 au lait"));
    ModulePages broken = module();
    broken.pages = {QStringLiteral("pages/latin1.md"), QStringLiteral("pages/gone.md"),
                    QStringLiteral("../outside.png"), QStringLiteral("pages/01-words.md")};
    ModuleWindow window;
    showActive(window);
    const QString cannotBeShown = QStringLiteral("This page cannot be shown. Please tell your trainer.");
    for (int page = 0; page < 3; ++page) {
        window.showPage(broken, page, true);
        EXPECT_EQ(pageView(window)->toPlainText(), cannotBeShown) << page;
        EXPECT_EQ(child<QLabel>(window, "PageNumber")->text(), QStringLiteral("Page %1 of 4").arg(page + 1));
    }
    saveScreenshot(window, QStringLiteral("module-page-cannot-be-shown"));
    window.showPage(broken, 3, true);  // the window goes on with the next good page
    EXPECT_TRUE(pageView(window)->toPlainText().startsWith(QStringLiteral("Staying safe online")));
    window.showPage(broken, 7, true);  // a page the module does not have
    EXPECT_EQ(pageView(window)->toPlainText(), cannotBeShown);
}

TEST_F(ModuleReading, TheTextSizeButtonsChangeTheSizeWithinLimitsAndItIsKeptAcrossPages)
{
    ModuleWindow window;
    window.showPage(module(), 0, true);
    showActive(window);
    auto* smaller = child<QPushButton>(window, "SmallerText");
    auto* larger = child<QPushButton>(window, "LargerText");
    EXPECT_EQ(smaller->toolTip(), QStringLiteral("Smaller text"));
    EXPECT_EQ(larger->toolTip(), QStringLiteral("Larger text"));
    const auto shownSize = [&] { return pageView(window)->document()->defaultFont().pointSize(); };
    EXPECT_EQ(shownSize(), ModuleWindow::kDefaultTextPointSize);

    QTest::mouseClick(larger, Qt::LeftButton);
    EXPECT_EQ(window.textPointSize(), ModuleWindow::kDefaultTextPointSize + ModuleWindow::kTextPointSizeStep);
    QTest::mouseClick(smaller, Qt::LeftButton);
    QTest::mouseClick(smaller, Qt::LeftButton);
    EXPECT_EQ(shownSize(), ModuleWindow::kDefaultTextPointSize - ModuleWindow::kTextPointSizeStep);

    for (int i = 0; i < 30; ++i)
        smaller->click();
    EXPECT_EQ(shownSize(), ModuleWindow::kMinTextPointSize);
    EXPECT_FALSE(smaller->isEnabled());
    for (int i = 0; i < 30; ++i)
        larger->click();
    EXPECT_EQ(shownSize(), ModuleWindow::kMaxTextPointSize);
    EXPECT_FALSE(larger->isEnabled());
    EXPECT_TRUE(smaller->isEnabled());

    window.setTextPointSize(28);
    window.showPage(module(), 1, true);  // the core turns the page
    EXPECT_EQ(shownSize(), 28);
    window.showPage(module(), 0, true);
    EXPECT_EQ(shownSize(), 28);
    saveScreenshot(window, QStringLiteral("module-page-large-text"));
}

TEST_F(ModuleReading, CtrlPlusMinusAndZeroChangeTheTextSize)
{
    ModuleWindow window;
    window.showPage(module(), 0, false);
    showActive(window);
    QTextBrowser* view = pageView(window);
    QTest::keyClick(view, Qt::Key_Plus, Qt::ControlModifier);
    EXPECT_EQ(window.textPointSize(), ModuleWindow::kDefaultTextPointSize + ModuleWindow::kTextPointSizeStep);
    QTest::keyClick(view, Qt::Key_Equal, Qt::ControlModifier);
    EXPECT_EQ(window.textPointSize(), ModuleWindow::kDefaultTextPointSize + 2 * ModuleWindow::kTextPointSizeStep);
    QTest::keyClick(view, Qt::Key_Minus, Qt::ControlModifier);
    EXPECT_EQ(window.textPointSize(), ModuleWindow::kDefaultTextPointSize + ModuleWindow::kTextPointSizeStep);
    QTest::keyClick(view, Qt::Key_0, Qt::ControlModifier);
    EXPECT_EQ(window.textPointSize(), ModuleWindow::kDefaultTextPointSize);
    EXPECT_EQ(view->document()->defaultFont().pointSize(), ModuleWindow::kDefaultTextPointSize);

    // Ctrl+wheel goes through the same size steps, not a zoom of its own.
    const QPointF middle = QRectF(view->viewport()->rect()).center();
    QWheelEvent up(middle, view->viewport()->mapToGlobal(middle), {}, QPoint(0, 120), Qt::NoButton,
                   Qt::ControlModifier, Qt::NoScrollPhase, false);
    QCoreApplication::sendEvent(view->viewport(), &up);
    EXPECT_EQ(window.textPointSize(), ModuleWindow::kDefaultTextPointSize + ModuleWindow::kTextPointSizeStep);
    EXPECT_EQ(view->font().pointSize(), ModuleWindow::kDefaultTextPointSize + ModuleWindow::kTextPointSizeStep);
}

TEST_F(ModuleReading, InPacedModeOnlyANoteSaysTheTrainerTurnsThePages)
{
    ModuleWindow window;
    window.showPage(module(), 0, false);
    showActive(window);
    EXPECT_FALSE(child<QPushButton>(window, "PreviousPage")->isVisible());
    EXPECT_FALSE(child<QPushButton>(window, "NextPage")->isVisible());
    auto* note = child<QLabel>(window, "PacedNote");
    EXPECT_TRUE(note->isVisible());
    EXPECT_EQ(note->text(), QStringLiteral("Your trainer turns the pages."));
    saveScreenshot(window, QStringLiteral("module-page-paced"));
}

TEST_F(ModuleReading, InFreeModePreviousAndNextAreShownAndDisabledAtTheEnds)
{
    ModuleWindow window;
    window.showPage(module(), 0, true);
    showActive(window);
    auto* previous = child<QPushButton>(window, "PreviousPage");
    auto* next = child<QPushButton>(window, "NextPage");
    EXPECT_EQ(previous->text(), QStringLiteral("Previous"));
    EXPECT_EQ(next->text(), QStringLiteral("Next"));
    EXPECT_TRUE(previous->isVisible());
    EXPECT_TRUE(next->isVisible());
    EXPECT_FALSE(child<QLabel>(window, "PacedNote")->isVisible());
    EXPECT_FALSE(previous->isEnabled());
    EXPECT_TRUE(next->isEnabled());

    window.showPage(module(), 1, true);
    EXPECT_TRUE(previous->isEnabled());
    EXPECT_TRUE(next->isEnabled());
    saveScreenshot(window, QStringLiteral("module-page-free"));

    window.showPage(module(), 2, true);
    EXPECT_TRUE(previous->isEnabled());
    EXPECT_FALSE(next->isEnabled());
}

TEST_F(ModuleReading, NextAndPreviousAskTheCoreAndDoNotTurnThePageThemselves)
{
    WidgetModuleView view;
    std::vector<int> requested;
    view.onPageRequested = [&](int page) { requested.push_back(page); };
    view.showPage(module(), 1, true);
    ModuleWindow* window = view.window();
    ASSERT_NE(window, nullptr);
    ASSERT_TRUE(QTest::qWaitForWindowActive(window));

    QTest::mouseClick(child<QPushButton>(*window, "NextPage"), Qt::LeftButton);
    EXPECT_EQ(requested, std::vector<int>{2});
    EXPECT_EQ(window->currentPage(), 1);  // the core decides
    EXPECT_EQ(child<QLabel>(*window, "PageNumber")->text(), QStringLiteral("Page 2 of 3"));

    QTest::mouseClick(child<QPushButton>(*window, "PreviousPage"), Qt::LeftButton);
    QTest::keyClick(window, Qt::Key_Right, Qt::AltModifier);
    QTest::keyClick(window, Qt::Key_Left, Qt::AltModifier);
    EXPECT_EQ(requested, (std::vector<int>{2, 0, 2, 0}));

    // A core that follows the request turns the page, and the new page starts at the top.
    view.onPageRequested = [&](int page) { view.showPage(module(), page, true); };
    QTest::mouseClick(child<QPushButton>(*window, "NextPage"), Qt::LeftButton);
    EXPECT_EQ(window->currentPage(), 2);
    EXPECT_EQ(child<QLabel>(*window, "PageNumber")->text(), QStringLiteral("Page 3 of 3"));
    EXPECT_TRUE(pageView(*window)->toPlainText().startsWith(QStringLiteral("Not everything is shown")));
    EXPECT_EQ(pageView(*window)->verticalScrollBar()->value(), 0);

    view.onPageRequested = [&](int page) { requested.push_back(page); };
    requested.clear();
    view.showPage(module(), 1, false);  // the trainer takes the lead
    QTest::keyClick(window, Qt::Key_Right, Qt::AltModifier);
    QTest::keyClick(window, Qt::Key_PageDown);
    QTest::keyClick(window, Qt::Key_PageDown);
    EXPECT_TRUE(requested.empty());
}

TEST_F(ModuleReading, PageDownReadsToTheEndOfAPageBeforeAskingForTheNext)
{
    QString longText;
    for (int i = 1; i <= 60; ++i)
        longText += QStringLiteral("Paragraph %1 of a long page.\n\n").arg(i);
    writePage(QStringLiteral("pages/01-words.md"), longText);
    ModuleWindow window;
    std::vector<int> requested;
    QObject::connect(&window, &ModuleWindow::pageRequested, [&](int page) { requested.push_back(page); });
    window.showPage(module(), 0, true);
    showActive(window);
    QScrollBar* bar = pageView(window)->verticalScrollBar();
    ASSERT_GT(bar->maximum(), 0);

    int presses = 0;
    while (bar->value() < bar->maximum() && presses < 100) {
        QTest::keyClick(&window, Qt::Key_PageDown);
        ++presses;
    }
    EXPECT_GT(presses, 1);
    EXPECT_TRUE(requested.empty());
    QTest::keyClick(&window, Qt::Key_PageDown);  // at the end: the next page, please
    EXPECT_EQ(requested, std::vector<int>{1});
    QTest::keyClick(&window, Qt::Key_PageUp);
    EXPECT_LT(bar->value(), bar->maximum());
    EXPECT_EQ(requested, std::vector<int>{1});
}

TEST_F(ModuleReading, ANewPageStartsAtTheTopButTheSamePageKeepsThePlace)
{
    ModuleWindow window;
    window.setTextPointSize(ModuleWindow::kMaxTextPointSize);  // page 1 no longer fits
    window.showPage(module(), 0, false);
    showActive(window);
    QScrollBar* bar = pageView(window)->verticalScrollBar();
    ASSERT_GT(bar->maximum(), 0);
    bar->setValue(bar->maximum());
    const int place = bar->value();

    window.showPage(module(), 0, true);  // only the mode changed
    QCoreApplication::processEvents();   // Previous/Next take room from the page
    EXPECT_EQ(bar->value(), place);

    window.showPage(module(), 2, true);
    bar->setValue(bar->maximum());
    window.showPage(module(), 0, true);
    EXPECT_EQ(bar->value(), 0);
}

TEST_F(ModuleReading, TheLearnerCannotCloseTheWindowWhileAModuleIsOpen)
{
    WidgetModuleView view;
    view.showPage(module(), 0, false);
    ModuleWindow* window = view.window();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(window));
    EXPECT_FALSE(window->isFullScreen());

    QTest::keyClick(window, Qt::Key_F4, Qt::AltModifier);
    QTest::keyClick(window, Qt::Key_Escape);
    EXPECT_FALSE(window->close());
    EXPECT_TRUE(window->isVisible());
    window->showMinimized();  // minimising is allowed
    EXPECT_TRUE(window->isMinimized());

    view.showPage(module(), 1, false);  // the trainer turns the page: the window comes back
    EXPECT_FALSE(window->isMinimized());
    EXPECT_TRUE(window->isVisible());

    view.closeModule();  // the trainer closes the module
    EXPECT_FALSE(window->isVisible());
    view.closeModule();

    view.showPage(module(), 0, false);  // the next module is protected again
    EXPECT_EQ(view.window(), window);
    EXPECT_TRUE(window->isVisible());
    EXPECT_FALSE(window->close());
    EXPECT_TRUE(window->isVisible());
}

TEST_F(ModuleReading, LinksOpenNothing)
{
    writePage(QStringLiteral("pages/01-words.md"),
              QStringLiteral("Visit [the site](http://example.com/) or [page two](02-pictures.md).\n"));
    ModuleWindow window;
    window.showPage(module(), 0, true);
    showActive(window);
    QTextBrowser* view = pageView(window);
    EXPECT_FALSE(view->openLinks());
    EXPECT_FALSE(view->openExternalLinks());
    QSignalSpy clicked(view, &QTextBrowser::anchorClicked);
    const QString before = view->toPlainText();
    for (const QString& word : {QStringLiteral("site"), QStringLiteral("two")}) {
        QTextCursor cursor = view->document()->find(word);
        ASSERT_FALSE(cursor.isNull());
        cursor.setPosition(cursor.selectionStart() + 1);
        const QPoint onLink = view->cursorRect(cursor).center();
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, onLink);
    }
    EXPECT_EQ(clicked.count(), 2);  // the links were hit...
    EXPECT_EQ(view->toPlainText(), before);  // ...and nothing was opened
    EXPECT_TRUE(view->source().isEmpty());
    EXPECT_EQ(window.currentPage(), 0);
}

}  // namespace
