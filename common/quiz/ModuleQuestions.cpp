#include "common/quiz/ModuleQuestions.h"

#include "common/module/ModuleManifest.h"

#include <cstdint>
#include <fstream>
#include <iterator>
#include <system_error>

namespace classroom::quiz {

namespace {

namespace fs = std::filesystem;

// The import checks a module's files against smaller limits (64 KiB for the
// manifest, 1 MiB for a text file by default); these only keep a folder that
// changed since from costing unbounded memory, and leave room for a console
// configured with bigger limits.
constexpr std::uintmax_t kMaxManifestBytes = 64 * 1024;
constexpr std::uintmax_t kMaxGiftBytes = 16 * 1024 * 1024;

Result<std::string> readFile(const fs::path& path, const std::string& name, std::uintmax_t maxBytes)
{
    std::error_code error;
    const std::uintmax_t size = fs::file_size(path, error);
    if (error) {
        return Result<std::string>::failure(name + ": cannot be read: " + error.message());
    }
    if (size > maxBytes) {
        return Result<std::string>::failure(name + ": is " + std::to_string(size) + " bytes; at most "
                                            + std::to_string(maxBytes) + " are read");
    }
    std::ifstream in(path, std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!in.good() && !in.eof()) {
        return Result<std::string>::failure(name + ": cannot be read");
    }
    return Result<std::string>::success(std::move(text));
}

// `relative` must name a file inside `folder`, also once symbolic links are
// followed: module.txt is author input, and "../../etc/shadow" or a link out
// of the folder must not become question text.
bool staysInside(const fs::path& folder, const std::string& relative)
{
    const fs::path normal = fs::path(relative).lexically_normal();
    if (relative.empty() || normal.is_absolute() || normal.has_root_name() || normal.empty()
        || *normal.begin() == "..") {
        return false;
    }
    std::error_code error;
    const fs::path root = fs::weakly_canonical(folder, error);
    const fs::path target = error ? fs::path() : fs::weakly_canonical(folder / normal, error);
    if (error) {
        return false;
    }
    const fs::path inside = target.lexically_relative(root);
    return !inside.empty() && *inside.begin() != ".." && inside != ".";
}

}  // namespace

Result<std::vector<module::gift::Question>> loadModuleQuestions(const std::filesystem::path& moduleFolder)
{
    using Questions = Result<std::vector<module::gift::Question>>;
    const Result<std::string> manifestText
        = readFile(moduleFolder / module::kManifestFileName, module::kManifestFileName, kMaxManifestBytes);
    if (!manifestText) {
        return Questions::failure(manifestText.error());
    }
    std::vector<module::Problem> problems;
    const module::ModuleManifest manifest = module::parseManifest(manifestText.value(), problems);
    if (!problems.empty()) {
        return Questions::failure(module::describe(problems.front()));
    }
    if (manifest.questions.empty()) {
        return Questions::success({});
    }
    if (!staysInside(moduleFolder, manifest.questions)) {
        return Questions::failure(module::describe({module::kManifestFileName, manifest.questionsLine,
                                                    "the questions file '" + manifest.questions
                                                        + "' is outside the module folder"}));
    }
    const Result<std::string> gift = readFile(moduleFolder / manifest.questions, manifest.questions, kMaxGiftBytes);
    if (!gift) {
        return Questions::failure(gift.error());
    }
    return parseQuestions(gift.value(), manifest.questions);
}

Result<std::vector<module::gift::Question>> parseQuestions(const std::string& giftText, const std::string& source)
{
    using Questions = Result<std::vector<module::gift::Question>>;
    module::gift::ParseResult parsed = module::gift::parse(giftText);
    if (parsed.errors.empty()) {
        return Questions::success(std::move(parsed.questions));
    }
    // Question numbers on the wire are indexes into the list, so a list with
    // a question left out would shift every number after it: all or nothing.
    const module::gift::ParseError& first = parsed.errors.front();
    std::string message = module::describe({source, first.line, first.message});
    if (const std::size_t more = parsed.errors.size() - 1; more > 0) {
        message += " (and " + std::to_string(more) + (more == 1 ? " more problem)" : " more problems)");
    }
    return Questions::failure(std::move(message));
}

}  // namespace classroom::quiz
