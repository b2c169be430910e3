#include "common/module/ModuleCheck.h"

#include "common/module/Gift.h"
#include "protocol/Utf8.h"

#include <QImageReader>
#include <QString>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>

namespace classroom::module {
namespace {

namespace fs = std::filesystem;

// "20.5 MB", "300 KB", "12 bytes": sizes in messages, never rounded to the
// limit they broke.
std::string sizeText(std::uint64_t bytes)
{
    char text[32];
    if (bytes >= 1024 * 1024)
        std::snprintf(text, sizeof text, "%.1f MB", static_cast<double>(bytes) / (1024.0 * 1024.0));
    else if (bytes >= 1024)
        std::snprintf(text, sizeof text, "%.1f KB", static_cast<double>(bytes) / 1024.0);
    else
        std::snprintf(text, sizeof text, "%llu bytes", static_cast<unsigned long long>(bytes));
    return text;
}

// Reads a text file of at most `maxBytes`; the problem (if any) is appended.
std::optional<std::string> readText(const fs::path& folder, const std::string& name, std::uint64_t maxBytes,
                                    std::vector<Problem>& problems)
{
    const fs::path path = folder / name;
    std::error_code error;
    const auto size = fs::file_size(path, error);
    if (error) {
        problems.push_back({name, 0, "cannot be read: " + error.message()});
        return std::nullopt;
    }
    if (size > maxBytes) {
        problems.push_back({name, 0, "is " + sizeText(size) + "; a text file may be at most " + sizeText(maxBytes)});
        return std::nullopt;
    }
    std::ifstream in(path, std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!in.good() && !in.eof()) {
        problems.push_back({name, 0, "cannot be read"});
        return std::nullopt;
    }
    // Line by line, so the author learns where the bad bytes are.
    std::istringstream lines(text);
    std::string line;
    int number = 0;
    while (std::getline(lines, line)) {
        ++number;
        if (number == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0)
            line.erase(0, 3);
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        if (!protocol::isCleanUtf8(line)) {
            problems.push_back({name, number,
                                "is not valid UTF-8 text (save the file as UTF-8; control characters are not allowed)"});
            return std::nullopt;
        }
    }
    return text;
}

// "a/b/../c.png" relative to the folder of `page`, or nothing when it leaves
// the module.
std::optional<std::string> resolveRelative(const std::string& page, const std::string& target)
{
    std::vector<std::string> parts;
    const auto slash = page.rfind('/');
    if (slash != std::string::npos) {
        std::istringstream dirs(page.substr(0, slash));
        for (std::string part; std::getline(dirs, part, '/');)
            parts.push_back(part);
    }
    std::istringstream pieces(target);
    for (std::string part; std::getline(pieces, part, '/');) {
        if (part.empty() || part == ".")
            continue;
        if (part == "..") {
            if (parts.empty())
                return std::nullopt;
            parts.pop_back();
        } else {
            parts.push_back(part);
        }
    }
    std::string out;
    for (const std::string& part : parts)
        out += (out.empty() ? "" : "/") + part;
    return out;
}

// Percent-decoding of a Markdown link target ("my%20picture.png").
std::string percentDecoded(const std::string& target)
{
    return QByteArray::fromPercentEncoding(QByteArray::fromStdString(target)).toStdString();
}

void checkImage(const fs::path& folder, const std::string& page, int line, const std::string& target,
                const std::set<std::string>& files, const CheckLimits& limits, std::set<std::string>& checked,
                std::vector<Problem>& problems)
{
    const auto scheme = target.find(':');
    if (scheme != std::string::npos && target.find('/') > scheme) {
        problems.push_back({page, line, "image '" + target.substr(0, 80) +
                                            "' is not in the module; classroom PCs have no internet, so put the "
                                            "picture in the module's folder"});
        return;
    }
    if (!target.empty() && target[0] == '/') {
        problems.push_back({page, line, "image '" + target.substr(0, 80) +
                                            "' uses an absolute path; write it relative to the page (for example "
                                            "../images/picture.png)"});
        return;
    }
    const auto resolved = resolveRelative(page, percentDecoded(target));
    if (!resolved) {
        problems.push_back({page, line, "image '" + target.substr(0, 80) + "' points outside the module's folder"});
        return;
    }
    if (files.count(*resolved) == 0) {
        problems.push_back({page, line, "image '" + target.substr(0, 80) + "' does not exist (looked for " + *resolved + ")"});
        return;
    }
    if (!checked.insert(*resolved).second)
        return;
    const fs::path path = folder / *resolved;
    std::error_code error;
    const auto size = fs::file_size(path, error);
    if (!error && size > limits.maxImageBytes) {
        problems.push_back({*resolved, 0, "is " + sizeText(size) + "; a picture may be at most " + sizeText(limits.maxImageBytes)});
        return;
    }
    // Reads the header only: a picture that claims 100000 x 100000 pixels is
    // refused before anything decodes it.
    QImageReader reader(QString::fromStdString(path.string()));
    const QByteArray format = reader.format();
    if (format != "png" && format != "jpeg" && format != "gif" && format != "bmp") {
        problems.push_back({*resolved, 0, "is not a PNG, JPEG, GIF or BMP picture"});
        return;
    }
    const QSize pixels = reader.size();
    if (!pixels.isValid() || pixels.isEmpty()) {
        problems.push_back({*resolved, 0, "is a damaged picture (its size cannot be read)"});
        return;
    }
    if (pixels.width() > limits.maxImageSide || pixels.height() > limits.maxImageSide)
        problems.push_back({*resolved, 0, "is " + std::to_string(pixels.width()) + " x " + std::to_string(pixels.height()) +
                                              " pixels; a picture may be at most " + std::to_string(limits.maxImageSide) +
                                              " pixels wide and high"});
}

}  // namespace

std::vector<std::pair<std::string, int>> markdownImages(const std::string& text)
{
    std::vector<std::pair<std::string, int>> images;
    int line = 1;
    bool inFence = false;  // ``` code blocks show their text, not pictures
    for (std::size_t i = 0; i < text.size(); ++i) {
        const bool lineStart = i == 0 || text[i - 1] == '\n';
        if (lineStart) {
            const std::size_t first = text.find_first_not_of(" ", i);
            if (first != std::string::npos && first - i < 4 &&
                (text.compare(first, 3, "```") == 0 || text.compare(first, 3, "~~~") == 0))
                inFence = !inFence;
        }
        if (text[i] == '\n') {
            ++line;
            continue;
        }
        if (inFence)
            continue;
        if (text[i] != '!' || i + 1 >= text.size() || text[i + 1] != '[' || (i > 0 && text[i - 1] == '\\'))
            continue;
        // ![alt](target "title"): find the closing bracket, then the parenthesis.
        int depth = 0;
        std::size_t j = i + 1;
        for (; j < text.size(); ++j) {
            if (text[j] == '\\') {
                ++j;
                continue;
            }
            if (text[j] == '[')
                ++depth;
            else if (text[j] == ']' && --depth == 0)
                break;
        }
        if (j + 1 >= text.size() || text[j + 1] != '(')
            continue;
        std::size_t start = j + 2;
        while (start < text.size() && (text[start] == ' ' || text[start] == '\t'))
            ++start;
        std::size_t end = start;
        std::string target;
        if (start < text.size() && text[start] == '<') {
            end = text.find('>', start);
            if (end == std::string::npos)
                continue;
            target = text.substr(start + 1, end - start - 1);
        } else {
            while (end < text.size() && text[end] != ')' && text[end] != ' ' && text[end] != '\n')
                ++end;
            target = text.substr(start, end - start);
        }
        images.emplace_back(target, line + static_cast<int>(std::count(text.begin() + i, text.begin() + j, '\n')));
    }
    return images;
}

CheckReport checkModuleFolder(const fs::path& folder, const UnpackedFiles& unpacked, const CheckLimits& limits)
{
    CheckReport report;
    auto& problems = report.problems;
    const std::set<std::string> files(unpacked.files.begin(), unpacked.files.end());
    if (files.count(kManifestFileName) == 0) {
        problems.push_back({kManifestFileName, 0,
                            "is missing; every module needs one in its top folder (see docs/module-format.md)"});
        return report;
    }
    const auto manifestText = readText(folder, kManifestFileName, 64 * 1024, problems);
    if (!manifestText)
        return report;
    ModuleManifest manifest = parseManifest(*manifestText, problems);

    std::set<std::string> checkedImages;
    for (std::size_t i = 0; i < manifest.pages.size(); ++i) {
        const std::string& page = manifest.pages[i];
        const int line = manifest.pageLines[i];
        if (files.count(page) == 0) {
            problems.push_back({kManifestFileName, line, "page '" + page + "' does not exist in the module"});
            continue;
        }
        if (page.size() < 4 || page.substr(page.size() - 3) != ".md") {
            problems.push_back({kManifestFileName, line, "page '" + page + "' is not a Markdown file (.md)"});
            continue;
        }
        const auto text = readText(folder, page, limits.maxPageBytes, problems);
        if (!text)
            continue;
        const std::size_t bom = text->rfind("\xEF\xBB\xBF", 0) == 0 ? 3 : 0;
        if (text->find_first_not_of(" \t\r\n", bom) == std::string::npos) {
            problems.push_back({page, 0, "is empty"});
            continue;
        }
        for (const auto& [target, imageLine] : markdownImages(*text))
            checkImage(folder, page, imageLine, target, files, limits, checkedImages, problems);
    }

    int questionCount = 0;
    if (!manifest.questions.empty()) {
        if (files.count(manifest.questions) == 0) {
            problems.push_back({kManifestFileName, manifest.questionsLine,
                                "questions file '" + manifest.questions + "' does not exist in the module"});
        } else if (const auto text = readText(folder, manifest.questions, limits.maxPageBytes, problems)) {
            const gift::ParseResult parsed = gift::parse(*text);
            for (const gift::ParseError& error : parsed.errors)
                problems.push_back({manifest.questions, error.line, error.message});
            questionCount = static_cast<int>(parsed.questions.size());
            if (parsed.errors.empty() && questionCount == 0)
                problems.push_back({manifest.questions, 0, "holds no question"});
        }
    }
    if (problems.empty())
        report.module = CheckedModule{std::move(manifest), unpacked, questionCount};
    return report;
}

CheckReport checkModule(const fs::path& source, const fs::path& unpackTo, const CheckLimits& limits)
{
    CheckReport report;
    auto unpacked = importModuleFiles(source, unpackTo, limits.files);
    if (!unpacked) {
        report.problems.push_back({"", 0, unpacked.error()});
        return report;
    }
    report = checkModuleFolder(unpackTo, unpacked.value(), limits);
    if (!report.ok()) {
        std::error_code ignored;
        fs::remove_all(unpackTo, ignored);
    }
    return report;
}

}  // namespace classroom::module
