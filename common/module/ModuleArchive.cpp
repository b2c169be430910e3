#include "common/module/ModuleArchive.h"

#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <cwctype>
#include <fcntl.h>
#include <locale.h>
#include <map>
#include <memory>
#include <optional>
#include <string_view>
#include <sys/stat.h>
#include <unistd.h>
#include <utility>

// Everything written goes through a descriptor of `destination` (openat,
// mkdirat), is created with O_EXCL and O_NOFOLLOW, and only after its name
// passed the lexical checks: no "..", nothing absolute, no links created. So
// nothing in the module can make us write anywhere else.
namespace classroom::module {
namespace fs = std::filesystem;

namespace {

// One copy buffer per import: memory stays the same for a file of any size.
constexpr std::size_t kCopyBlockBytes = 256 * 1024;
// Small archives have large ratios by nature (headers, a page of zeros), so the
// zip-bomb ratio is only judged once this much has been unpacked.
constexpr std::uint64_t kExpansionCheckFromBytes = 1ULL << 20;
// NAME_MAX of ext4 and NTFS; longer names cannot be created on the agents.
constexpr std::size_t kMaxNameBytes = 255;
// Far below PATH_MAX, and what the bundle (pax) and the module viewer carry.
constexpr std::size_t kMaxPathBytes = 1024;
// Fixed modes, never the archive's: readable by the viewer, never setuid.
constexpr mode_t kFileMode = 0644;
constexpr mode_t kDirectoryMode = 0755;
constexpr std::size_t kArchiveReadBlockBytes = 64 * 1024;

class UniqueFd {
public:
    explicit UniqueFd(int fd = -1) : m_fd(fd) {}
    UniqueFd(UniqueFd&& other) noexcept : m_fd(std::exchange(other.m_fd, -1)) {}
    UniqueFd& operator=(UniqueFd&& other) noexcept
    {
        std::swap(m_fd, other.m_fd);
        return *this;
    }
    UniqueFd(const UniqueFd&) = delete;
    UniqueFd& operator=(const UniqueFd&) = delete;
    ~UniqueFd()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    int get() const { return m_fd; }
    bool valid() const { return m_fd >= 0; }

private:
    int m_fd;
};

// libarchive converts names between the archive's charset and the current
// locale. Reading under C.UTF-8 for this thread makes names arrive as the
// UTF-8 bytes the archive holds, whatever locale the program runs in.
class Utf8LocaleScope {
public:
    Utf8LocaleScope() : m_locale(::newlocale(LC_ALL_MASK, "C.UTF-8", locale_t(nullptr)))
    {
        if (m_locale)
            m_previous = ::uselocale(m_locale);
    }
    ~Utf8LocaleScope()
    {
        if (m_locale) {
            ::uselocale(m_previous);
            ::freelocale(m_locale);
        }
    }
    Utf8LocaleScope(const Utf8LocaleScope&) = delete;
    Utf8LocaleScope& operator=(const Utf8LocaleScope&) = delete;
    locale_t locale() const { return m_locale; }

private:
    locale_t m_locale;
    locale_t m_previous = locale_t(nullptr);
};

// Removes the destination folder again unless the import succeeded.
class RemoveOnFailure {
public:
    explicit RemoveOnFailure(fs::path path) : m_path(std::move(path)) {}
    ~RemoveOnFailure()
    {
        if (!m_kept) {
            std::error_code ignored;  // nothing better to do: the caller already gets the import's failure
            fs::remove_all(m_path, ignored);
        }
    }
    void keep() { m_kept = true; }

private:
    fs::path m_path;
    bool m_kept = false;
};

std::string withSeparators(std::uint64_t value)
{
    const std::string digits = std::to_string(value);
    std::string grouped;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0)
            grouped += ',';
        grouped += digits[i];
    }
    return grouped;
}

std::string shortNumber(double value)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.1f", value);
    std::string result = text;
    if (result.size() > 2 && result.compare(result.size() - 2, 2, ".0") == 0)
        result.resize(result.size() - 2);
    return result;
}

std::string readableSize(std::uint64_t bytes)
{
    constexpr std::uint64_t kKiB = 1024;
    if (bytes >= kKiB * kKiB * kKiB)
        return shortNumber(double(bytes) / double(kKiB * kKiB * kKiB)) + " GiB";
    if (bytes >= kKiB * kKiB)
        return shortNumber(double(bytes) / double(kKiB * kKiB)) + " MiB";
    if (bytes >= kKiB)
        return shortNumber(double(bytes) / double(kKiB)) + " KiB";
    return withSeparators(bytes) + " bytes";
}

// Strict UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF.
// Returns the code point and advances `at`, or nullopt on a bad sequence.
std::optional<char32_t> decodeUtf8(std::string_view text, std::size_t& at)
{
    const auto lead = static_cast<unsigned char>(text[at]);
    if (lead < 0x80) {
        ++at;
        return lead;
    }
    std::size_t length = 0;
    char32_t codePoint = 0;
    char32_t smallest = 0;
    if ((lead & 0xE0) == 0xC0) {
        length = 2, codePoint = lead & 0x1F, smallest = 0x80;
    } else if ((lead & 0xF0) == 0xE0) {
        length = 3, codePoint = lead & 0x0F, smallest = 0x800;
    } else if ((lead & 0xF8) == 0xF0) {
        length = 4, codePoint = lead & 0x07, smallest = 0x10000;
    } else {
        return std::nullopt;
    }
    if (text.size() - at < length)
        return std::nullopt;
    for (std::size_t i = 1; i < length; ++i) {
        const auto next = static_cast<unsigned char>(text[at + i]);
        if ((next & 0xC0) != 0x80)
            return std::nullopt;
        codePoint = (codePoint << 6) | (next & 0x3F);
    }
    if (codePoint < smallest || codePoint > 0x10FFFF || (codePoint >= 0xD800 && codePoint <= 0xDFFF))
        return std::nullopt;
    at += length;
    return codePoint;
}

bool isControl(char32_t c) { return c < 0x20 || c == 0x7F; }

// The name as it can be shown in a message: bad bytes and control characters
// become '?', and a very long name is cut.
std::string shownName(std::string_view name)
{
    std::string shown;
    for (std::size_t at = 0; at < name.size() && shown.size() < 200;) {
        const std::size_t start = at;
        const auto codePoint = decodeUtf8(name, at);
        if (!codePoint) {
            ++at;
            shown += '?';
        } else if (isControl(*codePoint)) {
            shown += '?';
        } else {
            shown.append(name.substr(start, at - start));
        }
    }
    return shown.size() < name.size() && shown.size() >= 200 ? shown + "..." : shown;
}

bool equalsIgnoringAsciiCase(std::string_view a, std::string_view b)
{
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

std::vector<std::string_view> components(std::string_view path)
{
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    while (start <= path.size()) {
        const std::size_t end = std::min(path.find('/', start), path.size());
        parts.push_back(path.substr(start, end - start));
        start = end + 1;
    }
    return parts;
}

// Files an operating system leaves in a folder; an author never meant them.
bool isClutter(std::string_view path, bool isDirectory)
{
    const auto parts = components(path);
    if (std::find(parts.begin(), parts.end(), "__MACOSX") != parts.end())
        return true;
    if (isDirectory)
        return false;
    for (const std::string_view name : {".DS_Store", "Thumbs.db", "desktop.ini"}) {
        if (equalsIgnoringAsciiCase(parts.back(), name))
            return true;
    }
    return false;
}

enum class EntryType { File, Directory, SymbolicLink, HardLink, Device, Fifo, Socket, Other };

struct PlannedEntry {
    enum class Kind { File, Directory, Skipped };
    std::string path;  // normalised: no ".", no empty components, no trailing '/'
    Kind kind = Kind::Skipped;
};

// The lexical checks every name passes before anything is done with it.
Result<std::string> plainRelativePath(std::string_view raw)
{
    using R = Result<std::string>;
    if (raw.empty())
        return R::failure("an entry in the archive has an empty name");
    for (std::size_t at = 0; at < raw.size();) {
        const auto codePoint = decodeUtf8(raw, at);
        if (!codePoint)
            return R::failure("a file name is not valid UTF-8 (\"" + shownName(raw) + "\")");
        if (isControl(*codePoint))
            return R::failure("a file name contains a control character (\"" + shownName(raw) + "\")");
    }
    const std::string name(raw);
    if (name.find('\\') != std::string::npos)
        return R::failure(name + ": backslashes are not allowed in file names");
    if (name.front() == '/')
        return R::failure(name + ": absolute paths are not allowed in a module");
    std::string path;
    int depth = 0;
    bool hasParent = false;
    bool leaves = false;
    for (const std::string_view part : components(raw)) {
        if (part.empty() || part == ".")
            continue;
        if (part == "..") {
            hasParent = true;
            leaves = leaves || --depth < 0;
            continue;
        }
        if (part.size() > kMaxNameBytes)
            return R::failure(shownName(raw) + ": a name in the path is longer than 255 bytes");
        ++depth;
        if (!path.empty())
            path += '/';
        path.append(part);
    }
    if (leaves)
        return R::failure(name + ": the path leaves the module folder");
    if (hasParent)
        return R::failure(name + ": \"..\" is not allowed in a path");
    if (path.size() > kMaxPathBytes)
        return R::failure(shownName(raw) + ": the path is longer than 1024 bytes");
    return R::success(std::move(path));
}

Result<PlannedEntry> planEntry(std::string_view raw, EntryType type)
{
    using R = Result<PlannedEntry>;
    auto path = plainRelativePath(raw);
    if (!path)
        return R::failure(path.error());
    PlannedEntry plan{std::move(path).value(), PlannedEntry::Kind::Skipped};
    const bool isDirectory = type == EntryType::Directory;
    if (plan.path.empty() && !isDirectory)
        return R::failure("an entry in the archive has an empty name");
    if (plan.path.empty() || isClutter(plan.path, isDirectory))
        return R::success(std::move(plan));  // "./" is the module folder itself
    const std::string name(raw);
    switch (type) {
    case EntryType::File: plan.kind = PlannedEntry::Kind::File; break;
    case EntryType::Directory: plan.kind = PlannedEntry::Kind::Directory; break;
    case EntryType::SymbolicLink: return R::failure(name + ": symbolic links are not allowed in a module");
    case EntryType::HardLink: return R::failure(name + ": hard links are not allowed in a module");
    case EntryType::Device: return R::failure(name + ": devices are not allowed in a module");
    case EntryType::Fifo: return R::failure(name + ": named pipes are not allowed in a module");
    case EntryType::Socket: return R::failure(name + ": sockets are not allowed in a module");
    case EntryType::Other: return R::failure(name + ": only plain files and folders are allowed in a module");
    }
    return R::success(std::move(plan));
}

// The paths of one module. Refuses a path seen twice, two paths that differ
// only in case (they are one file on the authors' Windows PCs), a path that is
// both a file and a folder, and more files or folders than the limit.
class ModuleLayout {
public:
    ModuleLayout(std::size_t maxFiles, locale_t locale) : m_maxFiles(maxFiles), m_locale(locale) {}

    Result<void> addFile(const std::string& path)
    {
        auto parents = addParents(path);
        return parents ? add(path, false) : parents;
    }

    Result<void> addDirectory(const std::string& path)
    {
        auto parents = addParents(path);
        return parents ? add(path, true, true) : parents;
    }

private:
    struct Known {
        std::string spelling;
        bool isDirectory = false;
        bool explicitEntry = false;
    };

    Result<void> addParents(const std::string& path)
    {
        for (std::size_t slash = path.find('/'); slash != std::string::npos; slash = path.find('/', slash + 1)) {
            auto added = add(path.substr(0, slash), true);
            if (!added)
                return added;
        }
        return Result<void>::success();
    }

    Result<void> add(const std::string& path, bool isDirectory, bool explicitEntry = false)
    {
        const auto [known, inserted] = m_paths.try_emplace(folded(path), Known{path, isDirectory, explicitEntry});
        if (inserted) {
            std::size_t& count = isDirectory ? m_directories : m_files;
            if (++count > m_maxFiles)
                return Result<void>::failure("the module has more than " + std::to_string(m_maxFiles)
                                             + (isDirectory ? " folders" : " files"));
            return Result<void>::success();
        }
        Known& seen = known->second;
        if (seen.spelling != path)
            return Result<void>::failure(path + " and " + seen.spelling
                                         + " differ only in upper and lower case; Windows cannot keep both");
        if (seen.isDirectory != isDirectory)
            return Result<void>::failure(path + ": the module has a file and a folder with this name");
        if (!isDirectory || (explicitEntry && seen.explicitEntry))
            return Result<void>::failure(path + ": the archive holds this name twice");
        seen.explicitEntry = seen.explicitEntry || explicitEntry;
        return Result<void>::success();
    }

    // Case-folded code points; names are valid UTF-8 by now.
    std::u32string folded(std::string_view path) const
    {
        std::u32string key;
        for (std::size_t at = 0; at < path.size();) {
            const char32_t c = decodeUtf8(path, at).value_or(U'?');
            if (m_locale)
                key += static_cast<char32_t>(::towlower_l(static_cast<wint_t>(c), m_locale));
            else
                key += c < 0x80 ? static_cast<char32_t>(std::tolower(static_cast<int>(c))) : c;
        }
        return key;
    }

    std::size_t m_maxFiles;
    locale_t m_locale;
    std::map<std::u32string, Known> m_paths;
    std::size_t m_files = 0;
    std::size_t m_directories = 0;
};

std::string archiveMessage(archive* handle)
{
    const char* message = archive_error_string(handle);
    return message ? message : "unknown error";
}

bool writeAll(int fd, const char* data, std::size_t size)
{
    while (size > 0) {
        const ssize_t written = ::write(fd, data, size);
        if (written < 0 && errno == EINTR)
            continue;
        if (written <= 0)
            return false;
        data += written;
        size -= std::size_t(written);
    }
    return true;
}

// Where an entry's bytes come from: an archive, or a file of a module folder.
class DataSource {
public:
    virtual ~DataSource() = default;
    // The next bytes into `buffer`: their count, 0 at the end, -1 on an error.
    virtual std::int64_t read(char* buffer, std::size_t size) = 0;
    virtual std::string readFailure(const std::string& name) const = 0;
    virtual std::string sizeMismatch(const std::string& name, std::uint64_t declared, bool longer) const = 0;
    // Bytes consumed from the packed input so far; -1 when nothing is packed.
    virtual std::int64_t packedBytes() const { return -1; }
};

class ArchiveData : public DataSource {
public:
    explicit ArchiveData(archive* input) : m_archive(input) {}
    std::int64_t read(char* buffer, std::size_t size) override
    {
        const la_ssize_t count = archive_read_data(m_archive, buffer, size);
        return count < 0 ? -1 : std::int64_t(count);
    }
    std::string readFailure(const std::string& name) const override
    {
        return name + ": the archive is damaged (" + archiveMessage(m_archive) + ")";
    }
    std::string sizeMismatch(const std::string& name, std::uint64_t declared, bool longer) const override
    {
        return name + ": the archive says this file has " + withSeparators(declared) + " bytes but its data is "
            + (longer ? "longer" : "shorter") + "; the archive is damaged or forged";
    }
    std::int64_t packedBytes() const override { return archive_filter_bytes(m_archive, -1); }

private:
    archive* m_archive;
};

class FileData : public DataSource {
public:
    explicit FileData(int fd) : m_fd(fd) {}
    std::int64_t read(char* buffer, std::size_t size) override
    {
        ssize_t count;
        do
            count = ::read(m_fd, buffer, size);
        while (count < 0 && errno == EINTR);
        m_errno = errno;
        return count;
    }
    std::string readFailure(const std::string& name) const override
    {
        return "cannot read " + name + ": " + std::strerror(m_errno);
    }
    std::string sizeMismatch(const std::string& name, std::uint64_t, bool) const override
    {
        return name + ": the file changed while it was being copied";
    }

private:
    int m_fd;
    int m_errno = 0;
};

// Counts what is really unpacked against the limits, before each block is written.
class ByteBudget {
public:
    explicit ByteBudget(const UnpackLimits& limits) : m_limits(limits) {}

    Result<void> take(const std::string& name, std::uint64_t bytes, std::int64_t packedBytes)
    {
        if (bytes > m_limits.maxTotalBytes - m_used)
            return Result<void>::failure(tooLarge());
        m_used += bytes;
        if (packedBytes >= 0 && m_used > kExpansionCheckFromBytes) {
            const double packed = double(std::max<std::int64_t>(packedBytes, 1));
            if (double(m_used) > m_limits.maxExpansion * packed)
                return Result<void>::failure(name + ": unpacks to "
                                             + withSeparators(std::uint64_t(double(m_used) / packed))
                                             + " times its packed size; this looks like a zip bomb (limit "
                                             + shortNumber(m_limits.maxExpansion) + ")");
        }
        return Result<void>::success();
    }

    bool fits(std::uint64_t bytes) const { return bytes <= m_limits.maxTotalBytes - m_used; }
    std::string tooLarge() const
    {
        return "the module is larger than the limit of " + readableSize(m_limits.maxTotalBytes);
    }

private:
    const UnpackLimits& m_limits;
    std::uint64_t m_used = 0;
};

// The destination folder, written only through its descriptor.
class OutputTree {
public:
    explicit OutputTree(int rootFd) : m_root(rootFd) {}

    Result<void> makeDirectory(const std::string& path)
    {
        auto directory = openDirectory(path, components(path).size());
        return directory ? Result<void>::success() : Result<void>::failure(directory.error());
    }

    Result<UniqueFd> createFile(const std::string& path)
    {
        const auto parts = components(path);
        auto parent = openDirectory(path, parts.size() - 1);
        if (!parent)
            return parent;
        const std::string leaf(parts.back());
        UniqueFd file(::openat(parent.value().get(), leaf.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                               kFileMode));
        if (!file.valid() || ::fchmod(file.get(), kFileMode) != 0)
            return Result<UniqueFd>::failure("cannot create " + path + ": " + std::strerror(errno));
        return Result<UniqueFd>::success(std::move(file));
    }

private:
    // Opens (creating as needed) the folder made of the first `count` components of `path`.
    Result<UniqueFd> openDirectory(const std::string& path, std::size_t count)
    {
        const auto failed = [&path] {
            return Result<UniqueFd>::failure("cannot create the folder of " + path + ": " + std::strerror(errno));
        };
        UniqueFd current(::fcntl(m_root, F_DUPFD_CLOEXEC, 0));
        if (!current.valid())
            return failed();
        const auto parts = components(path);
        for (std::size_t i = 0; i < count; ++i) {
            const std::string name(parts[i]);
            const bool created = ::mkdirat(current.get(), name.c_str(), kDirectoryMode) == 0;
            if (!created && errno != EEXIST)
                return failed();
            UniqueFd next(::openat(current.get(), name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
            if (!next.valid() || (created && ::fchmod(next.get(), kDirectoryMode) != 0))
                return failed();
            current = std::move(next);
        }
        return Result<UniqueFd>::success(std::move(current));
    }

    int m_root;
};

// One import: every entry passes the layout, the byte budget and the tree.
class ModuleImport {
public:
    ModuleImport(int rootFd, const UnpackLimits& limits, locale_t locale)
        : m_layout(limits.maxFiles, locale), m_budget(limits), m_tree(rootFd), m_buffer(kCopyBlockBytes)
    {}

    Result<void> addDirectory(const std::string& path)
    {
        auto added = m_layout.addDirectory(path);
        return added ? m_tree.makeDirectory(path) : added;
    }

    Result<void> addFile(const std::string& path, DataSource& data, std::optional<std::uint64_t> declaredSize)
    {
        auto added = m_layout.addFile(path);
        if (!added)
            return added;
        if (declaredSize && !m_budget.fits(*declaredSize))
            return Result<void>::failure(m_budget.tooLarge());
        auto file = m_tree.createFile(path);
        if (!file)
            return Result<void>::failure(file.error());
        auto copied = copy(path, data, file.value().get(), declaredSize);
        if (!copied)
            return Result<void>::failure(copied.error());
        m_files.files.push_back(path);
        m_files.totalBytes += copied.value();
        return Result<void>::success();
    }

    // Clutter is not written, but its bytes count against the limits: skipping
    // a compressed entry still costs its decompression.
    Result<void> skip(const std::string& name, DataSource& data, std::optional<std::uint64_t> declaredSize)
    {
        auto copied = copy(name, data, -1, declaredSize);
        return copied ? Result<void>::success() : Result<void>::failure(copied.error());
    }

    UnpackedFiles finish() &&
    {
        std::sort(m_files.files.begin(), m_files.files.end());
        return std::move(m_files);
    }

private:
    Result<std::uint64_t> copy(const std::string& name, DataSource& data, int out,
                               std::optional<std::uint64_t> declaredSize)
    {
        using R = Result<std::uint64_t>;
        std::uint64_t copied = 0;
        for (;;) {
            const std::int64_t count = data.read(m_buffer.data(), m_buffer.size());
            if (count < 0)
                return R::failure(data.readFailure(name));
            if (count == 0)
                break;
            if (declaredSize && std::uint64_t(count) > *declaredSize - copied)
                return R::failure(data.sizeMismatch(name, *declaredSize, true));
            auto taken = m_budget.take(name, std::uint64_t(count), data.packedBytes());
            if (!taken)
                return R::failure(taken.error());
            if (out >= 0 && !writeAll(out, m_buffer.data(), std::size_t(count)))
                return R::failure("cannot write " + name + ": " + std::strerror(errno));
            copied += std::uint64_t(count);
        }
        if (declaredSize && copied != *declaredSize)
            return R::failure(data.sizeMismatch(name, *declaredSize, false));
        return R::success(copied);
    }

    ModuleLayout m_layout;
    ByteBudget m_budget;
    OutputTree m_tree;
    std::vector<char> m_buffer;
    UnpackedFiles m_files;
};

EntryType typeOf(fs::file_type type)
{
    switch (type) {
    case fs::file_type::regular: return EntryType::File;
    case fs::file_type::directory: return EntryType::Directory;
    case fs::file_type::symlink: return EntryType::SymbolicLink;
    case fs::file_type::block:
    case fs::file_type::character: return EntryType::Device;
    case fs::file_type::fifo: return EntryType::Fifo;
    case fs::file_type::socket: return EntryType::Socket;
    default: return EntryType::Other;
    }
}

Result<void> importFolder(const fs::path& source, ModuleImport& import)
{
    std::error_code error;
    fs::recursive_directory_iterator walk(source, fs::directory_options::none, error);
    for (; !error && walk != fs::recursive_directory_iterator(); walk.increment(error)) {
        const std::string raw = walk->path().lexically_relative(source).generic_string();
        const fs::file_status status = walk->symlink_status(error);
        if (error)
            break;
        auto plan = planEntry(raw, typeOf(status.type()));
        if (!plan)
            return Result<void>::failure(plan.error());
        const PlannedEntry& entry = plan.value();
        if (entry.kind == PlannedEntry::Kind::Skipped) {
            if (status.type() == fs::file_type::directory)
                walk.disable_recursion_pending();
            continue;
        }
        if (entry.kind == PlannedEntry::Kind::Directory) {
            auto added = import.addDirectory(entry.path);
            if (!added)
                return added;
            continue;
        }
        // O_NOFOLLOW and fstat: the file must still be the regular file we saw.
        UniqueFd file(::open(walk->path().c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC));
        struct stat info {};
        if (!file.valid() || ::fstat(file.get(), &info) != 0)
            return Result<void>::failure("cannot read " + entry.path + ": " + std::strerror(errno));
        if (!S_ISREG(info.st_mode))
            return Result<void>::failure(entry.path + ": the file changed while it was being copied");
        FileData data(file.get());
        auto added = import.addFile(entry.path, data, std::uint64_t(info.st_size));
        if (!added)
            return added;
    }
    if (error)
        return Result<void>::failure("cannot read the module folder " + source.string() + ": " + error.message());
    return Result<void>::success();
}

using ArchivePtr = std::unique_ptr<archive, decltype(&archive_read_free)>;

std::string notAnArchive(const fs::path& source)
{
    return source.filename().string() + " is not a .zip or .tar archive";
}

// An open archive and the file under it (libarchive does not close it).
struct ArchiveInput {
    UniqueFd file;
    ArchivePtr archive{nullptr, archive_read_free};
};

// Only .zip and .tar, and gzip as the only compression: other formats and
// filters are more code reading hostile bytes, and some run external programs.
Result<ArchiveInput> openArchive(const fs::path& source)
{
    using R = Result<ArchiveInput>;
    ArchiveInput input{UniqueFd(::open(source.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC)),
                       ArchivePtr(archive_read_new(), archive_read_free)};
    if (!input.file.valid())
        return R::failure("cannot read " + source.string() + ": " + std::strerror(errno));
    if (!input.archive)
        return R::failure("cannot read " + source.string() + ": out of memory");
    archive_read_support_format_zip(input.archive.get());
    archive_read_support_format_tar(input.archive.get());
    archive_read_support_filter_gzip(input.archive.get());
    // Opening already reads the start of the file to recognise its format.
    if (archive_read_open_fd(input.archive.get(), input.file.get(), kArchiveReadBlockBytes) != ARCHIVE_OK)
        return R::failure(notAnArchive(source));
    return R::success(std::move(input));
}

// The next entry, or nullptr at the end of the archive.
Result<archive_entry*> nextEntry(archive* input, const fs::path& source)
{
    using R = Result<archive_entry*>;
    archive_entry* entry = nullptr;
    const int status = archive_read_next_header(input, &entry);
    const int format = archive_format(input) & ARCHIVE_FORMAT_BASE_MASK;
    const std::string reason = archiveMessage(input);
    if (status != ARCHIVE_OK && status != ARCHIVE_WARN && status != ARCHIVE_EOF) {
        if (format == 0)
            return R::failure(notAnArchive(source));
        return R::failure(source.filename().string() + ": the archive is damaged (" + reason + ")");
    }
    if (format != ARCHIVE_FORMAT_ZIP && format != ARCHIVE_FORMAT_TAR)
        return R::failure(notAnArchive(source));
    // Filter 0 is the outermost; the last one is the file itself.
    const int filters = archive_filter_count(input);
    const bool plain = filters == 1;
    const bool gzippedTar = filters == 2 && format == ARCHIVE_FORMAT_TAR
        && archive_filter_code(input, 0) == ARCHIVE_FILTER_GZIP;
    if (!plain && !gzippedTar)
        return R::failure(source.filename().string()
                          + ": only a .zip, a .tar or a gzip-compressed .tar (.tar.gz) is accepted");
    if (status == ARCHIVE_EOF)
        return R::success(nullptr);
    if (status == ARCHIVE_WARN) {
        // Under our UTF-8 locale a name that cannot be converted is not UTF-8.
        const char* name = archive_entry_pathname(entry);
        if (reason.find("cannot be converted") != std::string::npos)
            return R::failure(name ? "a file name is not valid UTF-8 (\"" + shownName(name) + "\")"
                                   : "a file name is not valid UTF-8");
        return R::failure((name ? shownName(name) : source.filename().string()) + ": the archive is damaged ("
                          + reason + ")");
    }
    return R::success(entry);
}

EntryType typeOf(archive_entry* entry)
{
    if (archive_entry_hardlink(entry))
        return EntryType::HardLink;
    switch (archive_entry_filetype(entry)) {
    case AE_IFREG: return EntryType::File;
    case AE_IFDIR: return EntryType::Directory;
    case AE_IFLNK: return EntryType::SymbolicLink;
    case AE_IFCHR:
    case AE_IFBLK: return EntryType::Device;
    case AE_IFIFO: return EntryType::Fifo;
    case AE_IFSOCK: return EntryType::Socket;
    default: return EntryType::Other;
    }
}

Result<PlannedEntry> planEntry(archive_entry* entry)
{
    const char* name = archive_entry_pathname(entry);
    return planEntry(name ? name : "", typeOf(entry));
}

// First pass over a .zip, headers only (a seek per entry): checks every name
// before anything is written, and finds the one top-level folder that all
// entries share ("staying-safe-online/"), if any. Returns it with its '/'.
// A tar (a bundle, or an author's .tar.gz) is not stripped and not read twice.
Result<std::string> sharedTopFolder(const fs::path& source, const UnpackLimits& limits, locale_t locale)
{
    using R = Result<std::string>;
    auto opened = openArchive(source);
    if (!opened)
        return R::failure(opened.error());
    archive* input = opened.value().archive.get();
    ModuleLayout layout(limits.maxFiles, locale);
    std::optional<std::string> top;
    bool shared = true;
    for (;;) {
        auto next = nextEntry(input, source);
        if (!next)
            return R::failure(next.error());
        if (!next.value())
            break;
        if ((archive_format(input) & ARCHIVE_FORMAT_BASE_MASK) != ARCHIVE_FORMAT_ZIP)
            return R::success(std::string());  // a tar is read once, as it is
        auto plan = planEntry(next.value());
        if (!plan)
            return R::failure(plan.error());
        const PlannedEntry& entry = plan.value();
        if (entry.kind == PlannedEntry::Kind::Skipped)
            continue;
        const bool isDirectory = entry.kind == PlannedEntry::Kind::Directory;
        auto added = isDirectory ? layout.addDirectory(entry.path) : layout.addFile(entry.path);
        if (!added)
            return R::failure(added.error());
        const std::size_t slash = entry.path.find('/');
        const std::string first = entry.path.substr(0, slash);
        if ((slash == std::string::npos && !isDirectory) || (top && *top != first))
            shared = false;
        top = first;
    }
    return R::success(shared && top ? *top + "/" : std::string());
}

Result<void> importArchive(const fs::path& source, const std::string& topFolder, ModuleImport& import)
{
    auto opened = openArchive(source);
    if (!opened)
        return Result<void>::failure(opened.error());
    archive* input = opened.value().archive.get();
    ArchiveData data(input);
    for (;;) {
        auto next = nextEntry(input, source);
        if (!next)
            return Result<void>::failure(next.error());
        archive_entry* entry = next.value();
        if (!entry)
            return Result<void>::success();
        auto plan = planEntry(entry);
        if (!plan)
            return Result<void>::failure(plan.error());
        PlannedEntry& planned = plan.value();
        std::optional<std::uint64_t> declaredSize;
        if (archive_entry_size_is_set(entry)) {
            if (archive_entry_size(entry) < 0)
                return Result<void>::failure(planned.path + ": the archive is damaged (negative size)");
            declaredSize = std::uint64_t(archive_entry_size(entry));
        }
        if (planned.kind != PlannedEntry::Kind::Skipped && !topFolder.empty()) {
            if (planned.path + "/" == topFolder)
                planned.kind = PlannedEntry::Kind::Skipped;
            else if (planned.path.compare(0, topFolder.size(), topFolder) != 0)
                return Result<void>::failure(source.filename().string() + " changed while it was being read");
            else
                planned.path.erase(0, topFolder.size());
        }
        Result<void> added = Result<void>::success();
        if (planned.kind == PlannedEntry::Kind::Skipped) {
            added = import.skip(shownName(archive_entry_pathname(entry)), data, declaredSize);
        } else if (planned.kind == PlannedEntry::Kind::Directory) {
            added = import.addDirectory(planned.path);
        } else if (archive_entry_is_encrypted(entry)) {
            added = Result<void>::failure(planned.path + ": the file is protected by a password; "
                                          "make the archive without one");
        } else {
            added = import.addFile(planned.path, data, declaredSize);
        }
        if (!added)
            return added;
    }
}

bool isInside(const fs::path& inner, const fs::path& outer)
{
    std::error_code error;
    const fs::path a = fs::weakly_canonical(inner, error);
    const fs::path b = fs::weakly_canonical(outer, error);
    const auto [mismatch, ignored] = std::mismatch(b.begin(), b.end(), a.begin(), a.end());
    return mismatch == b.end();
}

}  // namespace

Result<UnpackedFiles> importModuleFiles(const fs::path& source, const fs::path& destination,
                                       const UnpackLimits& limits)
{
    using R = Result<UnpackedFiles>;
    const Utf8LocaleScope utf8;
    std::error_code error;
    const fs::file_status sourceStatus = fs::status(source, error);
    if (error)
        return R::failure("cannot read " + source.string() + ": " + error.message());
    const bool sourceIsFolder = fs::is_directory(sourceStatus);
    if (!sourceIsFolder && !fs::is_regular_file(sourceStatus))
        return R::failure(notAnArchive(source));
    if (fs::exists(fs::symlink_status(destination, error)))
        return R::failure("cannot unpack into " + destination.string() + ": it already exists");
    if (sourceIsFolder && isInside(destination, source))
        return R::failure("cannot copy " + source.string() + " into " + destination.string()
                          + ": the destination is inside the module folder");
    if (destination.has_parent_path())
        fs::create_directories(destination.parent_path(), error);
    if (::mkdir(destination.c_str(), kDirectoryMode) != 0)
        return R::failure("cannot create " + destination.string() + ": " + std::strerror(errno));
    RemoveOnFailure cleanup(destination);
    const UniqueFd root(::open(destination.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (!root.valid() || ::fchmod(root.get(), kDirectoryMode) != 0)
        return R::failure("cannot open " + destination.string() + ": " + std::strerror(errno));

    ModuleImport import(root.get(), limits, utf8.locale());
    Result<void> imported = Result<void>::success();
    if (sourceIsFolder) {
        imported = importFolder(source, import);
    } else {
        auto topFolder = sharedTopFolder(source, limits, utf8.locale());
        imported = topFolder ? importArchive(source, topFolder.value(), import)
                             : Result<void>::failure(topFolder.error());
    }
    if (!imported)
        return R::failure(imported.error());
    cleanup.keep();
    return R::success(std::move(import).finish());
}

namespace {

using ArchiveWriterPtr = std::unique_ptr<archive, decltype(&archive_write_free)>;

Result<void> appendFile(archive* output, const fs::path& directory, const std::string& path, std::vector<char>& buffer)
{
    using R = Result<void>;
    const fs::path full = directory / path;
    const UniqueFd file(::open(full.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC));
    struct stat info {};
    if (!file.valid() || ::fstat(file.get(), &info) != 0)
        return R::failure("cannot read " + full.string() + ": " + std::strerror(errno));
    if (!S_ISREG(info.st_mode))
        return R::failure(full.string() + " is not a plain file");

    const std::unique_ptr<archive_entry, decltype(&archive_entry_free)> entry(archive_entry_new(),
                                                                              archive_entry_free);
    archive_entry_set_pathname_utf8(entry.get(), path.c_str());
    archive_entry_set_filetype(entry.get(), AE_IFREG);
    archive_entry_set_perm(entry.get(), kFileMode);
    archive_entry_set_size(entry.get(), info.st_size);
    archive_entry_set_mtime(entry.get(), 0, 0);
    archive_entry_set_uid(entry.get(), 0);
    archive_entry_set_gid(entry.get(), 0);
    if (archive_write_header(output, entry.get()) != ARCHIVE_OK)
        return R::failure("cannot write the bundle entry for " + path + ": " + archiveMessage(output));

    FileData data(file.get());
    std::uint64_t written = 0;
    for (;;) {
        const std::int64_t count = data.read(buffer.data(), buffer.size());
        if (count < 0)
            return R::failure(data.readFailure(full.string()));
        if (count == 0)
            break;
        if (std::uint64_t(count) > std::uint64_t(info.st_size) - written)
            return R::failure(path + ": the file changed while the bundle was written");
        if (archive_write_data(output, buffer.data(), std::size_t(count)) != count)
            return R::failure("cannot write the bundle: " + archiveMessage(output));
        written += std::uint64_t(count);
    }
    if (written != std::uint64_t(info.st_size))
        return R::failure(path + ": the file changed while the bundle was written");
    return R::success();
}

Result<void> writeBundleTo(int fd, const fs::path& directory, const std::vector<std::string>& sorted)
{
    ArchiveWriterPtr output(archive_write_new(), archive_write_free);
    // pax only adds an extended header where ustar cannot hold a name (longer
    // than 100+155 bytes, or not ASCII); everything else is plain ustar.
    if (!output || archive_write_set_format_pax_restricted(output.get()) != ARCHIVE_OK
        || archive_write_add_filter_none(output.get()) != ARCHIVE_OK
        || archive_write_open_fd(output.get(), fd) != ARCHIVE_OK)
        return Result<void>::failure("cannot start the bundle: "
                                     + (output ? archiveMessage(output.get()) : std::string("out of memory")));
    std::vector<char> buffer(kCopyBlockBytes);
    for (const std::string& path : sorted) {
        auto appended = appendFile(output.get(), directory, path, buffer);
        if (!appended)
            return appended;
    }
    if (archive_write_close(output.get()) != ARCHIVE_OK)
        return Result<void>::failure("cannot finish the bundle: " + archiveMessage(output.get()));
    return Result<void>::success();
}

}  // namespace

Result<void> writeBundle(const fs::path& directory, const std::vector<std::string>& files, const fs::path& bundle)
{
    const Utf8LocaleScope utf8;
    std::vector<std::string> sorted = files;
    std::sort(sorted.begin(), sorted.end());  // std::string compares as unsigned bytes
    // The same checks as an import: a bundle we write is a bundle we accept.
    ModuleLayout layout(SIZE_MAX, utf8.locale());
    for (const std::string& path : sorted) {
        auto plan = planEntry(path, EntryType::File);
        if (!plan)
            return Result<void>::failure(plan.error());
        if (plan.value().kind != PlannedEntry::Kind::File || plan.value().path != path)
            return Result<void>::failure(shownName(path) + ": not a plain relative path of a module file");
        auto added = layout.addFile(path);
        if (!added)
            return added;
    }

    const fs::path part = bundle.string() + ".part";
    UniqueFd fd(::open(part.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, kFileMode));
    if (!fd.valid())
        return Result<void>::failure("cannot create " + part.string() + ": " + std::strerror(errno));
    auto written = writeBundleTo(fd.get(), directory, sorted);
    if (written && ::fsync(fd.get()) != 0)
        written = Result<void>::failure("cannot write " + part.string() + ": " + std::strerror(errno));
    fd = UniqueFd();
    if (written && ::rename(part.c_str(), bundle.c_str()) != 0)
        written = Result<void>::failure("cannot rename " + part.string() + ": " + std::strerror(errno));
    if (!written)
        ::unlink(part.c_str());
    return written;
}

}  // namespace classroom::module
