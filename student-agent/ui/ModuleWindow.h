#pragma once

#include "student-agent/core/ModuleView.h"

#include <QHash>
#include <QImage>
#include <QWidget>

class QLabel;
class QPushButton;
class QShortcut;
class QTextBrowser;
class QTextDocument;

namespace classroom::agent {

// Shows one page of a module to the learner: the module's title, "Page 3 of 8",
// the Markdown page in large type, and (in free browsing) Previous/Next.
//
// A module comes from the trainer's console, but the window still treats its
// pages as untrusted: raw HTML is shown as text, links open nothing, and an
// image is shown only if it lies inside the module's folder and is of a sane
// size; everything else becomes a placeholder with the image's alt text.
//
// The window never turns a page by itself: Previous/Next and the keys ask for a
// page with pageRequested(), and the core answers with showPage(). The learner
// cannot close it while a module is open (only minimise it); allowClose() lets
// the next close through, for when the trainer closes the module.
class ModuleWindow : public QWidget {
    Q_OBJECT
public:
    // Text sizes in points. 20 pt reads from a classroom seat on a 15-24" screen;
    // the learner can go from 14 (long pages, small screens) to 40 (poor sight).
    static constexpr int kDefaultTextPointSize = 20;
    static constexpr int kMinTextPointSize = 14;
    static constexpr int kMaxTextPointSize = 40;
    static constexpr int kTextPointSizeStep = 2;

    explicit ModuleWindow(QWidget* parent = nullptr);
    ~ModuleWindow() override;

    // Shows page `page` (0-based) of `module`. A different page is rendered
    // afresh and scrolled to the top; the same page again only updates the
    // title and the mode, so the learner keeps their place.
    void showPage(const ModulePages& module, int page, bool freeBrowsing);
    int currentPage() const { return m_page; }
    bool isFreeBrowsing() const { return m_freeBrowsing; }

    // The size of the page text; kept when pages change. Clamped to the range above.
    int textPointSize() const { return m_textPointSize; }
    void setTextPointSize(int points);

    // Lets the next close() through (once, and only until the window is shown
    // again); only the module view calls this.
    void allowClose() { m_closeAllowed = true; }

Q_SIGNALS:
    // The learner asked for another page (free browsing only).
    void pageRequested(int page);

protected:
    void closeEvent(QCloseEvent* event) override;
    void showEvent(QShowEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void render();
    void renderMessage(const QString& message);
    QTextDocument* newPageDocument();
    void installDocument(QTextDocument* document);
    void loadImages(QTextDocument* document, const QString& moduleRoot, const QString& pageFolder);
    void fitImages();
    void updateChrome();
    void showTitle();
    void requestPage(int page);
    void pageDown();
    void pageUp();

    ModulePages m_module;
    int m_page = -1;
    bool m_freeBrowsing = false;
    bool m_hasPage = false;
    bool m_closeAllowed = false;
    int m_textPointSize = kDefaultTextPointSize;
    QHash<QString, QImage> m_images;  // the current page's images by resource name, before fitting

    QLabel* m_title;
    QLabel* m_pageNumber;
    QPushButton* m_smaller;
    QPushButton* m_larger;
    QTextBrowser* m_view;
    QPushButton* m_previous;
    QPushButton* m_next;
    QLabel* m_pacedNote;
    QShortcut* m_altLeft;
    QShortcut* m_altRight;
};

}  // namespace classroom::agent
