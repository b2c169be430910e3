// The module half of ConsoleController: the library, sending a module to
// seats, leading the pages, serving chunks and storing page views.
#include "teacher-console/core/ConsoleController.h"

#include "protocol/Limits.h"

#include <spdlog/spdlog.h>

#include <QStringList>

#include <algorithm>

namespace classroom::console {
namespace {

using Clock = std::chrono::steady_clock;

}  // namespace

int ConsoleController::pageCountOf(const std::string& moduleId) const
{
    const LibraryModule* module = moduleId.empty() ? nullptr : m_library->find(moduleId);
    return module ? static_cast<int>(module->info.pageTitles.size()) : 0;
}

Result<ModuleLibrary::ImportResult> ConsoleController::importModule(const std::filesystem::path& source)
{
    auto imported = m_library->importModule(source, m_settings.moduleLimits);
    if (imported) {
        m_dataVersion = m_store->dataVersion();
        Q_EMIT libraryChanged();
    } else {
        spdlog::warn("module {} was not imported:\n{}", source.string(), imported.error());
    }
    return imported;
}

Result<void> ConsoleController::sendModule(const std::vector<std::string>& keys, const std::string& moduleId)
{
    const LibraryModule* module = m_library->find(moduleId);
    if (!module)
        return Result<void>::failure("this module is not in the library");
    const int pages = static_cast<int>(module->info.pageTitles.size());
    for (const std::string& key : keys)
        if (Seat* seat = m_roster.find(key)) {
            seat->modulePageCount = pages;
            // A seat that failed gets a fresh start; the new revision makes it try again.
            if (seat->transfer && (seat->transfer->moduleId != moduleId ||
                                   seat->transfer->status == protocol::ModuleStatus::Failed))
                seat->transfer.reset();
        }
    updateSeats(keys, "send_module", module->info.title + " " + module->info.version + " (" + moduleId + ")",
                [&](protocol::SeatState& state) {
                    if (state.moduleId != moduleId)
                        clearQuiz(state);  // its questions were another module's
                    state.moduleId = moduleId;
                    state.page = 0;
                    state.freeBrowsing = false;
                });
    return Result<void>::success();
}

void ConsoleController::closeModule(const std::vector<std::string>& keys)
{
    updateSeats(keys, "close_module", "", [](protocol::SeatState& state) {
        clearQuiz(state);
        state.moduleId.clear();
        state.page = 0;
        state.freeBrowsing = false;
    });
    for (const std::string& key : keys)
        if (Seat* seat = m_roster.find(key)) {
            seat->transfer.reset();
            seat->modulePageCount = 0;
        }
}

void ConsoleController::goToPage(const std::vector<std::string>& keys, int page)
{
    std::vector<std::string> withModule;
    for (const std::string& key : keys)
        if (const Seat* seat = m_roster.find(key); seat && !seat->desired.moduleId.empty())
            withModule.push_back(key);
    updateSeats(withModule, "go_to_page", "page " + std::to_string(page + 1), [&](protocol::SeatState& state) {
        const int pages = pageCountOf(state.moduleId);
        state.page = static_cast<std::uint32_t>(std::clamp(page, 0, std::max(pages - 1, 0)));
    });
}

void ConsoleController::setFreeBrowsing(const std::vector<std::string>& keys, bool free)
{
    std::vector<std::string> withModule;
    for (const std::string& key : keys)
        if (const Seat* seat = m_roster.find(key); seat && !seat->desired.moduleId.empty())
            withModule.push_back(key);
    updateSeats(withModule, free ? "free_browsing" : "paced", "",
                [&](protocol::SeatState& state) { state.freeBrowsing = free; });
}

void ConsoleController::updateSeats(const std::vector<std::string>& keys, const std::string& action,
                                    const std::string& detail, const std::function<void(protocol::SeatState&)>& change)
{
    std::vector<std::pair<std::string, protocol::SeatState>> changes;
    QStringList names;
    for (const std::string& key : keys) {
        const Seat* seat = m_roster.find(key);
        if (!seat)
            continue;
        protocol::SeatState next = seat->desired;
        change(next);
        ++next.revision;
        changes.emplace_back(key, next);
        names << seat->name;
    }
    if (changes.empty())
        return;
    const bool everyone = changes.size() == m_roster.seats().size();
    const AuditEntry audit{utcNowIso8601(), m_settings.actor, action,
                           everyone ? "all" : names.join(QStringLiteral(", ")).toStdString(), detail};
    // Stored first, so a console restart keeps the class where the trainer put
    // it. If the disk refuses, the class still follows the trainer now.
    auto saved = m_store->saveDesiredStates(changes, audit);
    if (!saved) {
        spdlog::error("could not save the seats' new state: {}", saved.error());
        Q_EMIT problem(tr("The console could not save this change (%1). The class follows it now, "
                          "but would forget it if the console restarted.")
                           .arg(QString::fromStdString(saved.error())));
    }
    spdlog::info("{} on {} seat(s){}", action, changes.size(), detail.empty() ? std::string() : ": " + detail);
    const auto now = Clock::now();
    for (auto& [key, state] : changes) {
        Seat* seat = m_roster.find(key);
        seat->desired = state;
        seat->requestedAt = now;
        if (seat->online)
            sendState(*seat);
        m_roster.seatChanged(key);
    }
}

void ConsoleController::serveModuleRequest(Seat& seat, const protocol::ModuleRequest& request, std::uint64_t messageId)
{
    const LibraryModule* module = m_library->find(request.moduleId);
    // A seat gets only the module the trainer sent it: a learner cannot pull
    // other modules (and their answers) from the library.
    if (request.moduleId != seat.desired.moduleId || !module) {
        spdlog::warn("seat {} asked for module {}, which was not sent to it", seat.name.toStdString(), request.moduleId);
        m_bus.send(seat.key, protocol::Error{protocol::ErrorCode::NotAllowed, "this module was not sent to this seat",
                                             messageId});
        return;
    }
    protocol::ModuleIndex index;
    index.moduleId = request.moduleId;
    index.totalBytes = module->index.totalBytes;
    index.chunkBytes = module->index.chunkBytes;
    index.chunkHashes = module->index.packedHashes();
    index.title = module->info.title.substr(0, protocol::limits::kMaxModuleTitleBytes);
    m_bus.send(seat.key, std::move(index));
}

void ConsoleController::serveChunk(Seat& seat, const protocol::ChunkRequest& request, std::uint64_t messageId)
{
    if (request.moduleId != seat.desired.moduleId) {
        m_bus.send(seat.key, protocol::Error{protocol::ErrorCode::NotAllowed, "this module was not sent to this seat",
                                             messageId});
        return;
    }
    auto read = m_library->readChunk(request.moduleId, request.index, m_chunkBuffer);
    if (!read) {
        spdlog::warn("seat {}: cannot serve chunk {} of module {}: {}", seat.name.toStdString(), request.index,
                     request.moduleId, read.error());
        m_bus.send(seat.key, protocol::Error{protocol::ErrorCode::NotAllowed, read.error(), messageId});
        return;
    }
    protocol::Chunk chunk;
    chunk.moduleId = request.moduleId;
    chunk.index = request.index;
    chunk.data = m_chunkBuffer;
    m_bus.send(seat.key, std::move(chunk));
}

void ConsoleController::recordProgress(Seat& seat, const protocol::ModuleProgress& progress)
{
    if (progress.moduleId != seat.desired.moduleId)
        return;  // about a module the trainer has since replaced
    const bool failedNow = progress.status == protocol::ModuleStatus::Failed &&
                           (!seat.transfer || seat.transfer->status != protocol::ModuleStatus::Failed);
    seat.transfer = ModuleTransfer{progress.moduleId, progress.status, progress.doneBytes, progress.totalBytes,
                                   QString::fromStdString(progress.reason)};
    if (failedNow) {
        spdlog::warn("seat {} could not receive module {}: {}", seat.name.toStdString(), progress.moduleId,
                     progress.reason);
        (void)m_store->appendAudit({utcNowIso8601(), "console", "module_failed", seat.name.toStdString(),
                                    progress.moduleId + ": " + progress.reason});
    }
}

void ConsoleController::storePageView(Seat& seat, const protocol::PageView& view)
{
    // No module has more pages than a manifest may list.
    if (view.page >= static_cast<std::uint32_t>(module::kMaxPages)) {
        m_bus.send(seat.key, protocol::Error{protocol::ErrorCode::MalformedMessage, "page number out of range", 0});
        return;
    }
    StoredPageView stored;
    stored.seatKey = seat.key;
    stored.viewId = view.viewId;
    stored.sessionId = m_sessionId;
    stored.seatName = seat.name.toStdString();
    stored.moduleId = view.moduleId;
    stored.page = static_cast<int>(view.page);
    stored.openedAtMs = view.openedAtMs;
    stored.durationMs = view.durationMs;
    auto saved = m_store->savePageViews({stored});
    if (!saved) {
        // No ack: the seat keeps the view and sends it again later.
        spdlog::error("cannot store a page view of seat {}: {}", seat.name.toStdString(), saved.error());
        return;
    }
    m_bus.send(seat.key, protocol::PageViewAck{{view.viewId}});
    Q_EMIT pageViewsStored(1);
}

}  // namespace classroom::console
