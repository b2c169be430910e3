#pragma once

#include <QString>

#include <filesystem>
#include <functional>
#include <vector>

namespace classroom::agent {

// A module as the agent shows it: unpacked and verified in its cache folder.
struct ModulePages {
    std::filesystem::path directory;  // the module's own folder; pages and images are inside
    QString title;
    std::vector<QString> pages;       // relative paths of the Markdown pages, in reading order
};

// What shows a module's pages to the learner. The core decides which page;
// a front end decides how (a window, or a log line when headless).
class ModuleView {
public:
    virtual ~ModuleView() = default;
    // Shows page `page` (0-based) of `module`. With `freeBrowsing` the learner
    // may move by themselves (previous/next); otherwise the trainer leads.
    virtual void showPage(const ModulePages& module, int page, bool freeBrowsing) = 0;
    // No module any more (the trainer closed it): hide whatever is shown.
    virtual void closeModule() = 0;

    // The learner asked for another page (only in free browsing). The core
    // decides whether to follow and then calls showPage().
    std::function<void(int page)> onPageRequested;
};

}  // namespace classroom::agent
