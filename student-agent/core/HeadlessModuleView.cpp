#include "student-agent/core/HeadlessModuleView.h"

#include <spdlog/spdlog.h>

namespace classroom::agent {

void HeadlessModuleView::showPage(const ModulePages& module, int page, bool freeBrowsing)
{
    if (!m_open || m_page != page || m_module.directory != module.directory || m_freeBrowsing != freeBrowsing)
        spdlog::info("[module view] '{}' page {} of {}{}", module.title.toStdString(), page + 1, module.pages.size(),
                     freeBrowsing ? " (free browsing)" : "");
    m_open = true;
    m_module = module;
    m_page = page;
    m_freeBrowsing = freeBrowsing;
}

void HeadlessModuleView::closeModule()
{
    if (m_open)
        spdlog::info("[module view] closed");
    m_open = false;
}

}  // namespace classroom::agent
