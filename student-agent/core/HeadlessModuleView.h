#pragma once

#include "student-agent/core/ModuleView.h"

namespace classroom::agent {

// The module view of a PC with no display (tests, the scripted demo): it keeps
// what a window would show and says it in the log.
class HeadlessModuleView : public ModuleView {
public:
    void showPage(const ModulePages& module, int page, bool freeBrowsing) override;
    void closeModule() override;

    bool isOpen() const { return m_open; }
    const ModulePages& module() const { return m_module; }
    int page() const { return m_page; }
    bool freeBrowsing() const { return m_freeBrowsing; }

private:
    bool m_open = false;
    ModulePages m_module;
    int m_page = 0;
    bool m_freeBrowsing = false;
};

}  // namespace classroom::agent
