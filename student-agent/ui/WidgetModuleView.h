#pragma once

#include "student-agent/core/ModuleView.h"
#include "student-agent/ui/ModuleWindow.h"

#include <memory>

namespace classroom::agent {

// Shows modules in a ModuleWindow, made when the first page is shown and kept
// for the next module. The learner's page requests go to onPageRequested.
class WidgetModuleView : public ModuleView {
public:
    WidgetModuleView();
    ~WidgetModuleView() override;

    void showPage(const ModulePages& module, int page, bool freeBrowsing) override;
    void closeModule() override;

    // The window, or nullptr before the first page.
    ModuleWindow* window() const { return m_window.get(); }

private:
    std::unique_ptr<ModuleWindow> m_window;
};

}  // namespace classroom::agent
