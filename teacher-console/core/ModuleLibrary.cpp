#include "teacher-console/core/ModuleLibrary.h"

#include "common/quiz/ModuleQuestions.h"

#include "common/storage/AtomicFile.h"
#include "common/storage/PositionalIo.h"

#include <spdlog/spdlog.h>

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <random>

namespace classroom::console {
namespace {

namespace fs = std::filesystem;

std::string randomSuffix()
{
    std::random_device device;
    return std::to_string(device()) + std::to_string(device());
}

// Removes a folder when it goes out of scope (the scratch copy of an import).
struct ScratchFolder {
    fs::path path;
    ~ScratchFolder()
    {
        std::error_code ignored;
        fs::remove_all(path, ignored);
    }
};

}  // namespace

int checkModuleCommand(const fs::path& source, const module::CheckLimits& limits, std::FILE* out)
{
    std::error_code error;
    const fs::path scratch = fs::temp_directory_path(error) / ("classroom-check-" + randomSuffix());
    ScratchFolder guard{scratch};
    const module::CheckReport report = module::checkModule(source, scratch, limits);
    if (!report.ok()) {
        for (const module::Problem& problem : report.problems)
            std::fprintf(out, "%s\n", module::describe(problem).c_str());
        std::fprintf(out, "%s: %zu problem(s); the module cannot be used until they are fixed\n", source.c_str(),
                     report.problems.size());
        return 1;
    }
    const module::CheckedModule& checked = *report.module;
    std::fprintf(out, "%s: fine. \"%s\" version %s (%s), %zu pages, %d questions, %zu files, %llu KB\n",
                 source.c_str(), checked.manifest.title.c_str(), checked.manifest.version.c_str(),
                 checked.manifest.language.c_str(), checked.manifest.pages.size(), checked.questionCount,
                 checked.files.files.size(), static_cast<unsigned long long>(checked.files.totalBytes / 1024));
    return 0;
}

std::vector<std::string> pageTitles(const fs::path& folder, const std::vector<std::string>& pages)
{
    std::vector<std::string> titles;
    for (const std::string& page : pages) {
        std::ifstream in(folder / page);
        std::string title;
        for (std::string line; std::getline(in, line);) {
            if (!line.empty() && line.back() == '\r')
                line.pop_back();
            if (line.rfind('#', 0) == 0) {
                const auto start = line.find_first_not_of("# \t");
                if (start != std::string::npos)
                    title = line.substr(start);
                break;
            }
        }
        if (title.empty())
            title = fs::path(page).stem().string();
        titles.push_back(title.substr(0, 200));
    }
    return titles;
}

ModuleLibrary::ModuleLibrary(fs::path directory, ConsoleStore& store, std::string actor)
    : m_directory(std::move(directory)), m_store(store), m_actor(std::move(actor))
{
}

ModuleLibrary::~ModuleLibrary()
{
    for (const auto& [id, fd] : m_openBundles)
        ::close(fd);
}

Result<void> ModuleLibrary::load()
{
    std::error_code error;
    fs::create_directories(m_directory, error);
    if (error)
        return Result<void>::failure("cannot create the module library " + m_directory.string() + ": " + error.message());
    auto stored = m_store.loadModules();
    if (!stored)
        return Result<void>::failure(stored.error());
    for (StoredModule& info : stored.value()) {
        std::ifstream in(chunksFile(info.id), std::ios::binary);
        const std::vector<std::uint8_t> hashes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        auto index = module::ChunkIndex::fromPacked(info.totalBytes, module::kChunkBytes, hashes);
        std::error_code sizeError;
        const auto bundleSize = fs::file_size(bundleFile(info.id), sizeError);
        if (!index || index->contentId() != info.id || sizeError || bundleSize != info.totalBytes) {
            spdlog::warn("module '{}' ({}) is damaged or missing in {}; import it again", info.title, info.id,
                         m_directory.string());
            continue;
        }
        const std::string id = info.id;
        m_modules[id] = LibraryModule{std::move(info), std::move(*index)};
    }
    return Result<void>::success();
}

Result<ModuleLibrary::ImportResult> ModuleLibrary::importModule(const fs::path& source, const module::CheckLimits& limits)
{
    using R = Result<ImportResult>;
    std::error_code error;
    fs::create_directories(m_directory, error);
    const std::string suffix = randomSuffix();
    ScratchFolder unpacked{m_directory / (".import-" + suffix)};
    const fs::path bundle = m_directory / (".bundle-" + suffix);
    ScratchFolder bundleGuard{bundle};

    const module::CheckReport report = module::checkModule(source, unpacked.path, limits);
    if (!report.ok()) {
        std::string message;
        for (const module::Problem& problem : report.problems)
            message += (message.empty() ? "" : "\n") + module::describe(problem);
        return R::failure(message);
    }
    const module::CheckedModule& checked = *report.module;
    if (auto written = module::writeBundle(unpacked.path, checked.files.files, bundle); !written)
        return R::failure(written.error());
    auto index = module::indexFile(bundle);
    if (!index)
        return R::failure(index.error());
    const std::string id = index.value().contentId();
    if (m_modules.count(id) != 0)
        return R::success({id, false});

    // The console grades from the same GIFT text the agents show.
    std::string giftText;
    if (!checked.manifest.questions.empty()) {
        std::ifstream in(unpacked.path / checked.manifest.questions, std::ios::binary);
        giftText.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    if (auto saved = storage::writeFileAtomically(questionsFile(id), giftText, 0644); !saved)
        return R::failure(saved.error());
    const std::vector<std::uint8_t> hashes = index.value().packedHashes();
    const std::string packed(hashes.begin(), hashes.end());
    if (auto saved = storage::writeFileAtomically(chunksFile(id), packed, 0644); !saved)
        return R::failure(saved.error());
    fs::rename(bundle, bundleFile(id), error);
    if (error)
        return R::failure("cannot store the module in " + m_directory.string() + ": " + error.message());

    StoredModule info;
    info.id = id;
    const module::ModuleManifest& manifest = checked.manifest;
    info.title = manifest.title;
    info.version = manifest.version;
    info.language = manifest.language;
    info.author = manifest.author;
    info.durationMinutes = manifest.durationMinutes;
    info.objectives = manifest.objectives;
    info.pageTitles = pageTitles(unpacked.path, manifest.pages);
    info.questionCount = checked.questionCount;
    info.totalBytes = index.value().totalBytes;
    info.importedBy = m_actor;
    info.source = source.string();
    auto saved = m_store.saveModule(info, {utcNowIso8601(), m_actor, "import_module", "",
                                           manifest.title + " " + manifest.version + " (" + id + ")"});
    if (!saved) {
        fs::remove(bundleFile(id), error);
        fs::remove(chunksFile(id), error);
        fs::remove(questionsFile(id), error);
        return R::failure(saved.error());
    }
    spdlog::info("module '{}' version {} imported from {} as {} ({} bytes, {} pages, {} questions)", info.title,
                 info.version, info.source, id, info.totalBytes, info.pageTitles.size(), info.questionCount);
    m_modules[id] = LibraryModule{std::move(info), std::move(index).value()};
    return R::success({id, true});
}

Result<void> ModuleLibrary::removeModule(const std::string& id)
{
    const auto found = m_modules.find(id);
    if (found == m_modules.end())
        return Result<void>::failure("no module with this id is in the library");
    auto removed = m_store.removeModule(id, {utcNowIso8601(), m_actor, "remove_module", "",
                                             found->second.info.title + " (" + id + ")"});
    if (!removed)
        return removed;
    if (const auto open = m_openBundles.find(id); open != m_openBundles.end()) {
        ::close(open->second);
        m_openBundles.erase(open);
    }
    std::error_code error;
    fs::remove(bundleFile(id), error);
    fs::remove(chunksFile(id), error);
    fs::remove(questionsFile(id), error);
    m_questions.erase(id);
    m_modules.erase(found);
    return Result<void>::success();
}

const LibraryModule* ModuleLibrary::find(const std::string& id) const
{
    const auto found = m_modules.find(id);
    return found == m_modules.end() ? nullptr : &found->second;
}

std::vector<const LibraryModule*> ModuleLibrary::modules() const
{
    std::vector<const LibraryModule*> out;
    for (const auto& [id, module] : m_modules)
        out.push_back(&module);
    std::sort(out.begin(), out.end(), [](const LibraryModule* a, const LibraryModule* b) {
        return std::tie(a->info.title, a->info.version, a->info.importedAt) <
               std::tie(b->info.title, b->info.version, b->info.importedAt);
    });
    return out;
}

int ModuleLibrary::openBundle(const std::string& id)
{
    if (const auto open = m_openBundles.find(id); open != m_openBundles.end())
        return open->second;
    const int fd = ::open(bundleFile(id).c_str(), O_RDONLY | O_CLOEXEC);
    if (fd >= 0)
        m_openBundles[id] = fd;
    return fd;
}

Result<void> ModuleLibrary::readChunk(const std::string& id, std::uint32_t index, std::vector<std::uint8_t>& out)
{
    const LibraryModule* module = find(id);
    if (!module)
        return Result<void>::failure("no module with this id is in the library");
    if (index >= module->index.chunkCount())
        return Result<void>::failure("the module has no chunk " + std::to_string(index));
    const int fd = openBundle(id);
    if (fd < 0)
        return Result<void>::failure("cannot read " + bundleFile(id).string() + ": " + std::strerror(errno));
    const std::uint32_t length = module->index.lengthOf(index);
    out.resize(length);
    const off_t offset = static_cast<off_t>(index) * module->index.chunkBytes;
    errno = 0;
    if (!storage::readAt(fd, out.data(), length, offset))
        return Result<void>::failure("cannot read " + bundleFile(id).string() + ": " +
                                     (errno != 0 ? std::strerror(errno) : "the file is shorter than it should be"));
    return Result<void>::success();
}

}  // namespace classroom::console

namespace classroom::console {

Result<std::string> ModuleLibrary::readQuestionsText(const std::string& id)
{
    std::ifstream in(questionsFile(id), std::ios::binary);
    if (in)
        return Result<std::string>::success(std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()));
    // Imported before the console kept the questions apart: take them from
    // the bundle, with the same checks as an import.
    const std::string suffix = randomSuffix();
    ScratchFolder unpacked{m_directory / (".questions-" + suffix)};
    module::CheckLimits limits;
    limits.files.maxTotalBytes = std::max<std::uint64_t>(limits.files.maxTotalBytes, find(id)->info.totalBytes * 2);
    const module::CheckReport report = module::checkModule(bundleFile(id), unpacked.path, limits);
    if (!report.ok())
        return Result<std::string>::failure("the module's bundle cannot be read again: " + module::describe(report.problems.front()));
    std::string giftText;
    if (!report.module->manifest.questions.empty()) {
        std::ifstream gift(unpacked.path / report.module->manifest.questions, std::ios::binary);
        giftText.assign(std::istreambuf_iterator<char>(gift), std::istreambuf_iterator<char>());
    }
    (void)storage::writeFileAtomically(questionsFile(id), giftText, 0644);
    return Result<std::string>::success(std::move(giftText));
}

Result<const std::vector<module::gift::Question>*> ModuleLibrary::questions(const std::string& id)
{
    using R = Result<const std::vector<module::gift::Question>*>;
    if (const auto cached = m_questions.find(id); cached != m_questions.end())
        return R::success(&cached->second);
    if (!find(id))
        return R::failure("no module with this id is in the library");
    auto text = readQuestionsText(id);
    if (!text)
        return R::failure(text.error());
    auto parsed = quiz::parseQuestions(text.value(), questionsFile(id).filename().string());
    if (!parsed)
        return R::failure(parsed.error());
    return R::success(&(m_questions[id] = std::move(parsed).value()));
}

}  // namespace classroom::console
