// A module is hostile input: an author's careless .zip, or one an inmate
// crafted. Every refusal must name the entry and the reason, write nothing
// outside the destination and leave no destination behind.

#include "common/module/ModuleArchive.h"

#include <QTemporaryDir>

#include <archive.h>
#include <archive_entry.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <random>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

using classroom::module::importModuleFiles;
using classroom::module::UnpackedFiles;
using classroom::module::UnpackLimits;
using classroom::module::writeBundle;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;
namespace fs = std::filesystem;
using ImportResult = classroom::Result<UnpackedFiles>;

namespace {

enum class Format { Zip, StoredZip, Pax, Ustar, GnuTar, TarGz, TarXz };

struct Entry {
    Entry(std::string path, std::string data = {}, unsigned type = AE_IFREG, std::string link = {},
          bool hardLink = false, unsigned mode = 0644)
        : path(std::move(path)), data(std::move(data)), type(type), link(std::move(link)), hardLink(hardLink),
          mode(mode)
    {}
    std::string path;
    std::string data;
    unsigned type;
    std::string link;  // the target of a symbolic link, or of a hard link when hardLink is set
    bool hardLink;
    unsigned mode;
};

Entry directory(std::string path) { return Entry{std::move(path), {}, AE_IFDIR, {}, false, 0755}; }
Entry symbolicLink(std::string path, std::string target)
{
    return Entry{std::move(path), {}, AE_IFLNK, std::move(target)};
}

// Writes an archive with libarchive's writer, exactly as given: the writer does
// not check names, so hostile ones go in as they are.
bool writeArchive(const fs::path& file, Format format, const std::vector<Entry>& entries)
{
    archive* output = archive_write_new();
    switch (format) {
    case Format::Zip: archive_write_set_format_zip(output); break;
    case Format::StoredZip:
        archive_write_set_format_zip(output);
        archive_write_zip_set_compression_store(output);
        break;
    case Format::Pax: archive_write_set_format_pax_restricted(output); break;
    case Format::Ustar: archive_write_set_format_ustar(output); break;
    case Format::GnuTar: archive_write_set_format_gnutar(output); break;
    case Format::TarGz:
        archive_write_set_format_pax_restricted(output);
        archive_write_add_filter_gzip(output);
        break;
    case Format::TarXz:
        archive_write_set_format_pax_restricted(output);
        if (archive_write_add_filter_xz(output) != ARCHIVE_OK) {
            archive_write_free(output);
            return false;
        }
        break;
    }
    bool ok = archive_write_open_filename(output, file.c_str()) == ARCHIVE_OK;
    for (const Entry& item : entries) {
        archive_entry* entry = archive_entry_new();
        archive_entry_copy_pathname(entry, item.path.c_str());
        archive_entry_set_filetype(entry, item.type);
        archive_entry_set_perm(entry, item.mode);
        archive_entry_set_size(entry, std::int64_t(item.data.size()));
        if (item.type == AE_IFLNK)
            archive_entry_copy_symlink(entry, item.link.c_str());
        if (item.hardLink)
            archive_entry_copy_hardlink(entry, item.link.c_str());
        if (item.type == AE_IFCHR || item.type == AE_IFBLK)
            archive_entry_set_rdev(entry, makedev(1, 3));
        ok = archive_write_header(output, entry) >= ARCHIVE_WARN && ok;
        if (!item.data.empty())
            ok = archive_write_data(output, item.data.data(), item.data.size()) == la_ssize_t(item.data.size()) && ok;
        archive_entry_free(entry);
    }
    ok = archive_write_close(output) == ARCHIVE_OK && ok;
    archive_write_free(output);
    return ok;
}

std::string readFile(const fs::path& file)
{
    std::ifstream in(file, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

void writeFile(const fs::path& file, const std::string& content)
{
    fs::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << content;
}

std::vector<std::string> listing(const fs::path& folder)
{
    std::vector<std::string> names;
    for (const auto& entry : fs::recursive_directory_iterator(folder))
        names.push_back(entry.path().lexically_relative(folder).generic_string());
    std::sort(names.begin(), names.end());
    return names;
}

std::string randomBytes(std::size_t size, unsigned seed)
{
    std::mt19937 generator(seed);
    std::string bytes(size, '\0');
    for (char& byte : bytes)
        byte = static_cast<char>(generator() & 0xFF);
    return bytes;
}

// Offsets of every 4-byte zip signature ("PK\1\2" central, "PK\3\4" local...).
std::vector<std::size_t> signatures(const std::string& zip, const char* signature)
{
    std::vector<std::size_t> found;
    for (std::size_t at = zip.find(signature, 0, 4); at != std::string::npos; at = zip.find(signature, at + 1, 4))
        found.push_back(at);
    return found;
}

void patchLittleEndian(std::string& bytes, std::size_t at, std::uint32_t value, int width)
{
    for (int i = 0; i < width; ++i)
        bytes[at + std::size_t(i)] = static_cast<char>((value >> (8 * i)) & 0xFF);
}

class ImportModuleFiles : public ::testing::Test {
protected:
    void SetUp() override
    {
        ASSERT_TRUE(m_temp.isValid());
        fs::create_directories(input());
        fs::create_directories(sandbox());
    }

    fs::path root() const { return fs::path(m_temp.path().toStdString()); }
    fs::path input() const { return root() / "input"; }
    fs::path sandbox() const { return root() / "sandbox"; }
    fs::path destination() const { return sandbox() / "module"; }

    ImportResult import(const fs::path& source, const UnpackLimits& limits = {})
    {
        return importModuleFiles(source, destination(), limits);
    }

    ImportResult importArchive(Format format, const std::vector<Entry>& entries,
                                        const UnpackLimits& limits = {})
    {
        const fs::path file = input() / (format == Format::Zip || format == Format::StoredZip ? "m.zip" : "m.tar");
        fs::remove(file);
        EXPECT_TRUE(writeArchive(file, format, entries));
        return import(file, limits);
    }

    // The refusal left nothing: no destination, nothing beside it, nothing new
    // beside the input (where "../x" and "a/../../x" would have landed).
    void expectNothingWritten(const std::vector<std::string>& inputs = {"m.tar", "m.zip"})
    {
        EXPECT_FALSE(fs::exists(fs::symlink_status(destination())));
        EXPECT_TRUE(fs::is_empty(sandbox())) << "left in the sandbox: " << testing::PrintToString(listing(sandbox()));
        std::vector<std::string> topLevel;
        for (const auto& entry : fs::directory_iterator(root()))
            topLevel.push_back(entry.path().filename().string());
        std::sort(topLevel.begin(), topLevel.end());
        EXPECT_THAT(topLevel, ElementsAre("input", "sandbox"));
        for (const auto& entry : fs::directory_iterator(input())) {
            const std::string name = entry.path().filename().string();
            EXPECT_NE(std::find(inputs.begin(), inputs.end(), name), inputs.end()) << "unexpected input/" << name;
        }
    }

    QTemporaryDir m_temp;
};

}  // namespace

TEST_F(ImportModuleFiles, CopiesAGoodFolderWithPlainModes)
{
    const fs::path folder = input() / "staying-safe-online";
    writeFile(folder / "module.txt", "title: Staying safe online\n");
    writeFile(folder / "pages" / "01-passwords.md", "# Passwords\n");
    writeFile(folder / "images" / "logo.png", randomBytes(5000, 1));
    fs::create_directories(folder / "empty");
    ::chmod((folder / "module.txt").c_str(), 04755);

    const ImportResult result = import(folder);
    ASSERT_TRUE(result.ok()) << result.error();
    EXPECT_THAT(result.value().files, ElementsAre("images/logo.png", "module.txt", "pages/01-passwords.md"));
    EXPECT_EQ(result.value().totalBytes, 27u + 12u + 5000u);
    EXPECT_EQ(readFile(destination() / "images" / "logo.png"), randomBytes(5000, 1));
    EXPECT_TRUE(fs::is_directory(destination() / "empty"));
    EXPECT_EQ(fs::status(destination() / "module.txt").permissions(), fs::perms(0644));
    EXPECT_EQ(fs::status(destination() / "pages").permissions(), fs::perms(0755));
    EXPECT_EQ(fs::status(destination()).permissions(), fs::perms(0755));
}

TEST_F(ImportModuleFiles, UnpacksAGoodZipWithoutTheArchiveModes)
{
    const ImportResult result = importArchive(Format::Zip, {
        {"module.txt", "title: Budgeting\n", AE_IFREG, {}, false, 04777},
        directory("pages"),
        {"pages/01-income.md", std::string(100000, 'x')},
        {"images/chart.png", randomBytes(3000, 2), AE_IFREG, {}, false, 0700},
    });
    ASSERT_TRUE(result.ok()) << result.error();
    EXPECT_THAT(result.value().files, ElementsAre("images/chart.png", "module.txt", "pages/01-income.md"));
    EXPECT_EQ(result.value().totalBytes, 17u + 100000u + 3000u);
    EXPECT_EQ(readFile(destination() / "pages" / "01-income.md"), std::string(100000, 'x'));
    EXPECT_EQ(readFile(destination() / "images" / "chart.png"), randomBytes(3000, 2));
    EXPECT_EQ(fs::status(destination() / "module.txt").permissions(), fs::perms(0644));
    EXPECT_EQ(fs::status(destination() / "images" / "chart.png").permissions(), fs::perms(0644));
    EXPECT_EQ(fs::status(destination() / "images").permissions(), fs::perms(0755));
}

TEST_F(ImportModuleFiles, UnpacksAZipWithoutItsSingleTopLevelFolder)
{
    const ImportResult result = importArchive(Format::Zip, {
        directory("staying-safe-online/"),
        {"staying-safe-online/module.txt", "title: x\n"},
        {"staying-safe-online/pages/a.md", "a"},
        {"__MACOSX/staying-safe-online/._module.txt", "apple"},
        {"staying-safe-online/.DS_Store", "apple"},
    });
    ASSERT_TRUE(result.ok()) << result.error();
    EXPECT_THAT(result.value().files, ElementsAre("module.txt", "pages/a.md"));
    EXPECT_THAT(listing(destination()), ElementsAre("module.txt", "pages", "pages/a.md"));
}

TEST_F(ImportModuleFiles, KeepsTheFoldersOfAZipWithMoreThanOneTopLevelEntry)
{
    const ImportResult result = importArchive(Format::Zip, {
        {"pages/a.md", "a"},
        {"module.txt", "title: x\n"},
    });
    ASSERT_TRUE(result.ok()) << result.error();
    EXPECT_THAT(result.value().files, ElementsAre("module.txt", "pages/a.md"));

    fs::remove_all(destination());
    const ImportResult single = importArchive(Format::Zip, {{"pages", "a file, not a folder"}});
    ASSERT_TRUE(single.ok()) << single.error();
    EXPECT_THAT(single.value().files, ElementsAre("pages"));
}

TEST_F(ImportModuleFiles, UnpacksEveryKindOfTarAGzippedTarAndAZipWithUnicodeNames)
{
    for (const Format format : {Format::Pax, Format::Ustar, Format::GnuTar, Format::TarGz, Format::Zip}) {
        fs::remove_all(destination());
        const ImportResult result = importArchive(format, {
            directory("./"),
            {"./module.txt", "title: x\n"},
            {"./pages/caf\xC3\xA9.md", "accents are fine"},
        });
        ASSERT_TRUE(result.ok()) << result.error();
        EXPECT_THAT(result.value().files, ElementsAre("module.txt", "pages/caf\xC3\xA9.md"));
        EXPECT_EQ(readFile(destination() / "pages" / "caf\xC3\xA9.md"), "accents are fine");
    }
}

TEST_F(ImportModuleFiles, RefusesATarCompressedWithAnythingButGzip)
{
    const fs::path file = input() / "m.tar.xz";
    if (!writeArchive(file, Format::TarXz, {{"module.txt", "x"}}))
        GTEST_SKIP() << "this libarchive cannot write xz";
    const ImportResult result = import(file);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error(), "m.tar.xz is not a .zip or .tar archive");
    expectNothingWritten({"m.tar.xz"});
}

TEST_F(ImportModuleFiles, RefusesPathsThatLeaveTheModuleFolder)
{
    for (const Format format : {Format::Zip, Format::Pax}) {
        for (const std::string name : {"../x", "a/../../x", "pages/../../etc/passwd", "../../escaped"}) {
            const ImportResult result = importArchive(format, {{"module.txt", "x"}, {name, "owned"}});
            ASSERT_FALSE(result.ok()) << name;
            EXPECT_EQ(result.error(), name + ": the path leaves the module folder");
            expectNothingWritten();
        }
        const ImportResult inside = importArchive(format, {{"a/../b", "x"}});
        ASSERT_FALSE(inside.ok());
        EXPECT_EQ(inside.error(), "a/../b: \"..\" is not allowed in a path");
        expectNothingWritten();
    }
}

TEST_F(ImportModuleFiles, RefusesAbsolutePaths)
{
    const std::string escaped = (root() / "escaped").string();
    for (const Format format : {Format::Zip, Format::Pax, Format::GnuTar}) {
        for (const std::string& name : {escaped, std::string("/etc/x")}) {
            const ImportResult result = importArchive(format, {{"module.txt", "x"}, {name, "owned"}});
            ASSERT_FALSE(result.ok()) << name;
            EXPECT_EQ(result.error(), name + ": absolute paths are not allowed in a module");
            expectNothingWritten();
        }
    }
}

TEST_F(ImportModuleFiles, RefusesSymbolicLinkEntries)
{
    for (const Format format : {Format::Zip, Format::Pax}) {
        const ImportResult result =
            importArchive(format, {{"module.txt", "x"}, symbolicLink("images/logo.png", "/etc/passwd")});
        ASSERT_FALSE(result.ok());
        EXPECT_EQ(result.error(), "images/logo.png: symbolic links are not allowed in a module");
        expectNothingWritten();
    }
}

TEST_F(ImportModuleFiles, RefusesHardLinkEntries)
{
    for (const Format format : {Format::Pax, Format::GnuTar}) {
        const ImportResult result = importArchive(format, {
            {"module.txt", "x"},
            {"copy.txt", {}, AE_IFREG, "../../etc/passwd", true},
        });
        ASSERT_FALSE(result.ok());
        EXPECT_EQ(result.error(), "copy.txt: hard links are not allowed in a module");
        expectNothingWritten();
    }
}

TEST_F(ImportModuleFiles, RefusesDevicesAndNamedPipes)
{
    const std::vector<std::pair<unsigned, std::string>> cases = {
        {AE_IFCHR, "null: devices are not allowed in a module"},
        {AE_IFBLK, "null: devices are not allowed in a module"},
        {AE_IFIFO, "null: named pipes are not allowed in a module"},
    };
    for (const auto& [type, message] : cases) {
        const ImportResult result = importArchive(Format::Pax, {{"module.txt", "x"}, {"null", {}, type}});
        ASSERT_FALSE(result.ok());
        EXPECT_EQ(result.error(), message);
        expectNothingWritten();
    }
}

TEST_F(ImportModuleFiles, RefusesASymbolicLinkAnywhereInASourceFolder)
{
    const fs::path folder = input() / "module";
    writeFile(folder / "module.txt", "x");
    writeFile(folder / "images" / "a.png", "png");
    fs::create_symlink("/etc/passwd", folder / "images" / "logo.png");
    ImportResult result = import(folder);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error(), "images/logo.png: symbolic links are not allowed in a module");
    expectNothingWritten({"module"});

    fs::remove(folder / "images" / "logo.png");
    fs::create_directory_symlink("/etc", folder / "pages");
    result = import(folder);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error(), "pages: symbolic links are not allowed in a module");
    expectNothingWritten({"module"});
}

TEST_F(ImportModuleFiles, RefusesANamedPipeInASourceFolderWithoutBlocking)
{
    const fs::path folder = input() / "module";
    writeFile(folder / "module.txt", "x");
    ASSERT_EQ(::mkfifo((folder / "pipe").c_str(), 0644), 0);
    const ImportResult result = import(folder);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error(), "pipe: named pipes are not allowed in a module");
    expectNothingWritten({"module"});
}

TEST_F(ImportModuleFiles, RefusesNamesThatAreNotStrictUtf8)
{
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"pa\xFFge.md", "pa?ge.md"},          // a byte that never starts a character
        {"\xC0\xAF" "etc", "??etc"},           // an overlong '/'
        {"a\xED\xA0\x80.md", "a???.md"},       // a UTF-16 surrogate
        {"b\xF4\x90\x80\x80.md", "b????.md"},  // above U+10FFFF
        {"c\xC3.md", "c?.md"},                 // cut short
        {"latin1-caf\xE9.md", "latin1-caf?.md"},
    };
    for (const Format format : {Format::Pax, Format::Zip}) {
        for (const auto& [name, shown] : cases) {
            const ImportResult result = importArchive(format, {{"module.txt", "x"}, {name, "x"}});
            ASSERT_FALSE(result.ok()) << shown;
            // A .zip written under a UTF-8 locale marks the name as UTF-8, and
            // then libarchive cannot hand the bytes back to show them.
            if (format == Format::Zip)
                EXPECT_THAT(result.error(), StartsWith("a file name is not valid UTF-8"));
            else
                EXPECT_EQ(result.error(), "a file name is not valid UTF-8 (\"" + shown + "\")");
            expectNothingWritten();
        }
    }
}

TEST_F(ImportModuleFiles, RefusesANameThatAZipMarksAsUtf8ButIsNot)
{
    const fs::path file = input() / "m.zip";
    ASSERT_TRUE(writeArchive(file, Format::Zip, {{"module.txt", "x"}, {"pa\xFFge.md", "x"}}));
    std::string zip = readFile(file);
    for (const std::size_t at : signatures(zip, "PK\3\4"))
        zip[at + 7] = static_cast<char>(zip[at + 7] | 0x08);  // general purpose bit 11: the name is UTF-8
    for (const std::size_t at : signatures(zip, "PK\1\2"))
        zip[at + 9] = static_cast<char>(zip[at + 9] | 0x08);
    writeFile(file, zip);
    const ImportResult result = import(file);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error(), "a file name is not valid UTF-8");  // libarchive does not give the bytes back
    expectNothingWritten();
}

TEST_F(ImportModuleFiles, RefusesBackslashesControlCharactersAndEmptyNames)
{
    ImportResult result = importArchive(Format::Pax, {{"pages\\a.md", "x"}});
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error(), "pages\\a.md: backslashes are not allowed in file names");
    expectNothingWritten();

    // libarchive reads a backslash in a .zip as the Windows separator it is;
    // the name is checked after that.
    result = importArchive(Format::Zip, {{"..\\..\\x", "x"}});
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error(), "../../x: the path leaves the module folder");
    expectNothingWritten();
    result = importArchive(Format::Zip, {{"pages\\a.md", "x"}, {"module.txt", "x"}});
    ASSERT_TRUE(result.ok()) << result.error();
    EXPECT_THAT(result.value().files, ElementsAre("module.txt", "pages/a.md"));
    fs::remove_all(destination());

    result = importArchive(Format::Pax, {{"a\nb.md", "x"}});
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error(), "a file name contains a control character (\"a?b.md\")");
    expectNothingWritten();

    result = importArchive(Format::Pax, {{".", "x"}});
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error(), "an entry in the archive has an empty name");
    expectNothingWritten();
}

TEST_F(ImportModuleFiles, RefusesNamesLongerThan255BytesAndPathsLongerThan1024)
{
    const std::string longest(255, 'n');
    const std::string longestPath = longest + "/" + longest + "/" + longest + "/" + std::string(254, 'p') + "/q";
    const ImportResult fits = importArchive(Format::Pax, {{longestPath, "x"}});
    ASSERT_TRUE(fits.ok()) << fits.error();
    EXPECT_EQ(fits.value().files.front().size(), 1024u);
    fs::remove_all(destination());

    ImportResult result = importArchive(Format::Pax, {{"pages/" + std::string(256, 'n'), "x"}});
    ASSERT_FALSE(result.ok());
    EXPECT_THAT(result.error(), HasSubstr(": a name in the path is longer than 255 bytes"));
    expectNothingWritten();

    result = importArchive(Format::Pax, {{longestPath + "q", "x"}});
    ASSERT_FALSE(result.ok());
    EXPECT_THAT(result.error(), HasSubstr(": the path is longer than 1024 bytes"));
    expectNothingWritten();
}

TEST_F(ImportModuleFiles, RefusesMoreFilesThanTheLimitButDoesNotCountClutter)
{
    UnpackLimits limits;
    limits.maxFiles = 3;
    const ImportResult fits =
        importArchive(Format::Zip, {{"a", "1"}, {"b", "2"}, {"c", "3"}, {".DS_Store", "4"}}, limits);
    ASSERT_TRUE(fits.ok()) << fits.error();
    fs::remove_all(destination());

    const ImportResult result = importArchive(Format::Zip, {{"a", "1"}, {"b", "2"}, {"c", "3"}, {"d/e", "4"}}, limits);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error(), "the module has more than 3 files");
    expectNothingWritten();

    const fs::path folder = input() / "module";
    for (const char* name : {"a", "b", "c", "d"})
        writeFile(folder / name, "x");
    const ImportResult fromFolder = import(folder, limits);
    ASSERT_FALSE(fromFolder.ok());
    EXPECT_EQ(fromFolder.error(), "the module has more than 3 files");
    expectNothingWritten({"m.zip", "module"});
}

TEST_F(ImportModuleFiles, RefusesMoreFoldersThanTheLimit)
{
    UnpackLimits limits;
    limits.maxFiles = 2;
    const ImportResult result =
        importArchive(Format::Pax, {directory("a"), directory("a/b"), {"a/b/c/d.md", "x"}}, limits);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error(), "the module has more than 2 folders");
    expectNothingWritten();
}

TEST_F(ImportModuleFiles, RefusesADestinationInsideTheSourceFolder)
{
    writeFile(input() / "module" / "module.txt", "x");
    const ImportResult result = importModuleFiles(input() / "module", input() / "module" / "copy", {});
    ASSERT_FALSE(result.ok());
    EXPECT_THAT(result.error(), HasSubstr("the destination is inside the module folder"));
    EXPECT_FALSE(fs::exists(input() / "module" / "copy"));
}

TEST_F(ImportModuleFiles, RefusesMoreBytesThanTheLimit)
{
    UnpackLimits limits;
    limits.maxTotalBytes = 1000;
    const ImportResult fits =
        importArchive(Format::Pax, {{"a", std::string(600, 'a')}, {"b", std::string(400, 'b')}}, limits);
    ASSERT_TRUE(fits.ok()) << fits.error();
    EXPECT_EQ(fits.value().totalBytes, 1000u);
    fs::remove_all(destination());

    const std::vector<Entry> tooMuch = {{"a", std::string(600, 'a')}, {"b", std::string(401, 'b')}};
    for (const Format format : {Format::Pax, Format::Zip, Format::StoredZip}) {
        const ImportResult result = importArchive(format, tooMuch, limits);
        ASSERT_FALSE(result.ok());
        EXPECT_EQ(result.error(), "the module is larger than the limit of 1,000 bytes");
        expectNothingWritten();
    }

    const fs::path folder = input() / "module";
    writeFile(folder / "a", std::string(1001, 'a'));
    const ImportResult fromFolder = import(folder, limits);
    ASSERT_FALSE(fromFolder.ok());
    EXPECT_EQ(fromFolder.error(), "the module is larger than the limit of 1,000 bytes");
    expectNothingWritten({"m.tar", "m.zip", "module"});

    EXPECT_EQ(import(folder, UnpackLimits{}).ok(), true);
}

TEST_F(ImportModuleFiles, RefusesAZipBomb)
{
    const std::string zeros(8 << 20, '\0');
    for (const Format format : {Format::Zip, Format::TarGz}) {
        const ImportResult result = importArchive(format, {{"module.txt", "x"}, {"big.txt", zeros}});
        ASSERT_FALSE(result.ok());
        EXPECT_THAT(result.error(), HasSubstr("big.txt: unpacks to "));
        EXPECT_THAT(result.error(), HasSubstr(" times its packed size; this looks like a zip bomb (limit 100)"));
        expectNothingWritten();
    }
    // The same bytes, not compressed, are an ordinary (if dull) module.
    const ImportResult plain = importArchive(Format::StoredZip, {{"big.txt", zeros}});
    ASSERT_TRUE(plain.ok()) << plain.error();
    EXPECT_EQ(plain.value().totalBytes, zeros.size());
}

TEST_F(ImportModuleFiles, RefusesAZipEntryWhoseDataIsLongerThanItsHeaderSays)
{
    const fs::path file = input() / "m.zip";
    const std::string text(5000, 'x');
    ASSERT_TRUE(writeArchive(file, Format::Zip, {{"module.txt", "x"}, {"notes.md", text}}));
    std::string zip = readFile(file);
    // Lie about the uncompressed size of notes.md in its central directory
    // record and its data descriptor: 100 bytes instead of 5000.
    const auto central = signatures(zip, "PK\1\2");
    ASSERT_EQ(central.size(), 2u);
    patchLittleEndian(zip, central[1] + 24, 100, 4);
    const auto descriptors = signatures(zip, "PK\7\10");
    ASSERT_EQ(descriptors.size(), 2u);
    patchLittleEndian(zip, descriptors[1] + 12, 100, 4);
    writeFile(file, zip);

    const ImportResult result = import(file);
    ASSERT_FALSE(result.ok());
    EXPECT_THAT(result.error(), HasSubstr("notes.md: "));
    expectNothingWritten();
}

TEST_F(ImportModuleFiles, RefusesATarWhoseDataIsShorterThanItsHeaderSays)
{
    const fs::path file = input() / "m.tar";
    ASSERT_TRUE(writeArchive(file, Format::Ustar, {{"module.txt", "x"}, {"notes.md", std::string(5000, 'x')}}));
    const std::string tar = readFile(file);
    writeFile(file, tar.substr(0, 512 + 512 + 512 + 2048));  // module.txt, the header of notes.md, half its data
    const ImportResult result = import(file);
    ASSERT_FALSE(result.ok());
    EXPECT_THAT(result.error(), HasSubstr("the archive is damaged ("));
    expectNothingWritten();
}

TEST_F(ImportModuleFiles, RefusesTheSameNameTwice)
{
    for (const Format format : {Format::Zip, Format::Pax}) {
        ImportResult result =
            importArchive(format, {{"notes.md", "first"}, {"module.txt", "x"}, {"notes.md", "second"}});
        ASSERT_FALSE(result.ok());
        EXPECT_EQ(result.error(), "notes.md: the archive holds this name twice");
        expectNothingWritten();

        result = importArchive(format, {directory("pages"), directory("pages")});
        ASSERT_FALSE(result.ok());
        EXPECT_EQ(result.error(), "pages: the archive holds this name twice");
        expectNothingWritten();

        result = importArchive(format, {{"pages/./a.md", "first"}, {"pages//a.md", "second"}});
        ASSERT_FALSE(result.ok());
        EXPECT_EQ(result.error(), "pages/a.md: the archive holds this name twice");
        expectNothingWritten();
    }
}

TEST_F(ImportModuleFiles, RefusesNamesThatDifferOnlyInCase)
{
    ImportResult result = importArchive(Format::Zip, {{"Notes.md", "first"}, {"notes.md", "second"}});
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error(), "notes.md and Notes.md differ only in upper and lower case; Windows cannot keep both");
    expectNothingWritten();

    result = importArchive(Format::Pax, {{"Images/a.png", "a"}, {"images/b.png", "b"}});
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error(), "images and Images differ only in upper and lower case; Windows cannot keep both");
    expectNothingWritten();

    // Été and été: case folding is not only for ASCII.
    result = importArchive(Format::Pax, {{"\xC3\x89t\xC3\xA9.md", "a"}, {"\xC3\xA9t\xC3\xA9.md", "b"}});
    ASSERT_FALSE(result.ok());
    EXPECT_THAT(result.error(), HasSubstr("differ only in upper and lower case"));
    expectNothingWritten();
}

TEST_F(ImportModuleFiles, RefusesAFileAndAFolderWithTheSamePath)
{
    ImportResult result = importArchive(Format::Zip, {{"pages", "a file"}, {"pages/a.md", "a"}});
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error(), "pages: the module has a file and a folder with this name");
    expectNothingWritten();

    result = importArchive(Format::Pax, {{"pages/a.md", "a"}, {"pages", "a file"}});
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error(), "pages: the module has a file and a folder with this name");
    expectNothingWritten();
}

TEST_F(ImportModuleFiles, RefusesAFileThatIsNotAnArchive)
{
    for (const std::string& content : {std::string("title: not an archive\n"), std::string(), randomBytes(70000, 3)}) {
        writeFile(input() / "x.zip", content);
        const ImportResult result = import(input() / "x.zip");
        ASSERT_FALSE(result.ok());
        EXPECT_EQ(result.error(), "x.zip is not a .zip or .tar archive");
        expectNothingWritten({"x.zip"});
    }
}

TEST_F(ImportModuleFiles, RefusesATruncatedZip)
{
    const fs::path file = input() / "m.zip";
    ASSERT_TRUE(writeArchive(file, Format::Zip, {
        {"module.txt", "title: x\n"},
        {"images/photo.jpg", randomBytes(200000, 4)},
        {"notes.md", randomBytes(200000, 5)},
    }));
    const std::string zip = readFile(file);
    // (A zip cut inside its table of contents, with every file whole, is still
    // read file by file: nothing in it is lost or unchecked.)
    for (const std::size_t size : {zip.size() / 2, zip.size() / 4, std::size_t(100)}) {
        writeFile(file, zip.substr(0, size));
        const ImportResult result = import(file);
        ASSERT_FALSE(result.ok()) << size;
        EXPECT_THAT(result.error(), HasSubstr("the archive is damaged")) << size;
        expectNothingWritten();
    }
}

TEST_F(ImportModuleFiles, RefusesAnEncryptedZip)
{
    const fs::path file = input() / "m.zip";
    archive* output = archive_write_new();
    archive_write_set_format_zip(output);
    if (archive_write_set_options(output, "zip:encryption=zipcrypt") != ARCHIVE_OK) {
        archive_write_free(output);
        GTEST_SKIP() << "this libarchive cannot encrypt";
    }
    archive_write_set_passphrase(output, "secret");
    ASSERT_EQ(archive_write_open_filename(output, file.c_str()), ARCHIVE_OK);
    archive_entry* entry = archive_entry_new();
    archive_entry_set_pathname(entry, "answers.md");
    archive_entry_set_filetype(entry, AE_IFREG);
    archive_entry_set_size(entry, 6);
    ASSERT_EQ(archive_write_header(output, entry), ARCHIVE_OK);
    archive_write_data(output, "secret", 6);
    archive_entry_free(entry);
    archive_write_close(output);
    archive_write_free(output);

    const ImportResult result = import(file);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error(), "answers.md: the file is protected by a password; make the archive without one");
    expectNothingWritten();
}

TEST_F(ImportModuleFiles, SkipsOperatingSystemClutter)
{
    const std::vector<Entry> entries = {
        {"module.txt", "title: x\n"},
        {"__MACOSX/._module.txt", "apple"},
        directory("__MACOSX/pages"),
        symbolicLink("__MACOSX/link", "/etc/passwd"),
        {".DS_Store", "apple"},
        {"pages/Thumbs.db", "windows"},
        {"pages/desktop.ini", "windows"},
        {"pages/a.md", "a"},
    };
    const ImportResult result = importArchive(Format::Zip, entries);
    ASSERT_TRUE(result.ok()) << result.error();
    EXPECT_THAT(result.value().files, ElementsAre("module.txt", "pages/a.md"));
    EXPECT_EQ(result.value().totalBytes, 10u);
    EXPECT_THAT(listing(destination()), ElementsAre("module.txt", "pages", "pages/a.md"));

    fs::remove_all(destination());
    const fs::path folder = input() / "module";
    writeFile(folder / "module.txt", "title: x\n");
    writeFile(folder / ".DS_Store", "apple");
    writeFile(folder / "pages" / "THUMBS.DB", "windows");
    writeFile(folder / "__MACOSX" / "pages" / "._a.md", "apple");
    fs::create_symlink("/etc/passwd", folder / "__MACOSX" / "link");
    const ImportResult fromFolder = import(folder);
    ASSERT_TRUE(fromFolder.ok()) << fromFolder.error();
    EXPECT_THAT(fromFolder.value().files, ElementsAre("module.txt"));
    EXPECT_THAT(listing(destination()), ElementsAre("module.txt", "pages"));
}

TEST_F(ImportModuleFiles, RefusesADestinationThatExistsAndLeavesItAlone)
{
    writeFile(destination() / "keep.txt", "mine");
    writeFile(input() / "module" / "module.txt", "x");
    const ImportResult result = import(input() / "module");
    ASSERT_FALSE(result.ok());
    EXPECT_THAT(result.error(), HasSubstr("it already exists"));
    EXPECT_EQ(readFile(destination() / "keep.txt"), "mine");
}

TEST_F(ImportModuleFiles, RefusesASourceThatDoesNotExist)
{
    const ImportResult result = import(input() / "missing.zip");
    ASSERT_FALSE(result.ok());
    EXPECT_THAT(result.error(), HasSubstr("missing.zip"));
    expectNothingWritten({});
}

class WriteBundle : public ImportModuleFiles {};

namespace {

struct BundleEntry {
    std::string path;
    std::int64_t size = 0;
    std::int64_t mtime = -1;
    std::int64_t uid = -1;
    std::int64_t gid = -1;
    std::string uname;
    std::string gname;
    unsigned mode = 0;
};

std::vector<BundleEntry> readBundle(const fs::path& bundle)
{
    std::vector<BundleEntry> entries;
    archive* input = archive_read_new();
    archive_read_support_format_tar(input);
    EXPECT_EQ(archive_read_open_filename(input, bundle.c_str(), 65536), ARCHIVE_OK);
    archive_entry* entry = nullptr;
    while (archive_read_next_header(input, &entry) == ARCHIVE_OK) {
        entries.push_back({archive_entry_pathname_utf8(entry), archive_entry_size(entry), archive_entry_mtime(entry),
                           archive_entry_uid(entry), archive_entry_gid(entry),
                           archive_entry_uname(entry) ? archive_entry_uname(entry) : "",
                           archive_entry_gname(entry) ? archive_entry_gname(entry) : "", archive_entry_mode(entry)});
    }
    archive_read_free(input);
    return entries;
}

}  // namespace

TEST_F(WriteBundle, GivesTheSameBytesForTheSameFiles)
{
    const std::vector<std::string> files = {"module.txt", "pages/b.md", "pages/a.md", "images/Logo.png"};
    for (const char* copy : {"one", "two"}) {
        for (const std::string& file : files)
            writeFile(input() / copy / file, file + " content");
    }
    // Different times and modes must not change the bundle.
    fs::last_write_time(input() / "two" / "module.txt", fs::file_time_type::clock::now() - std::chrono::hours(50));
    fs::permissions(input() / "two" / "pages" / "a.md", fs::perms(0600));

    const auto first = writeBundle(input() / "one", files, sandbox() / "one.tar");
    ASSERT_TRUE(first.ok()) << first.error();
    std::vector<std::string> reversed(files.rbegin(), files.rend());
    const auto second = writeBundle(input() / "two", reversed, sandbox() / "two.tar");
    ASSERT_TRUE(second.ok()) << second.error();
    EXPECT_EQ(readFile(sandbox() / "one.tar"), readFile(sandbox() / "two.tar"));
    EXPECT_FALSE(fs::exists(sandbox() / "one.tar.part"));

    const auto entries = readBundle(sandbox() / "one.tar");
    ASSERT_EQ(entries.size(), 4u);
    EXPECT_EQ(entries[0].path, "images/Logo.png");
    EXPECT_EQ(entries[1].path, "module.txt");
    EXPECT_EQ(entries[2].path, "pages/a.md");
    EXPECT_EQ(entries[3].path, "pages/b.md");
    for (const BundleEntry& entry : entries) {
        EXPECT_EQ(entry.mtime, 0);
        EXPECT_EQ(entry.uid, 0);
        EXPECT_EQ(entry.gid, 0);
        EXPECT_EQ(entry.uname, "");
        EXPECT_EQ(entry.gname, "");
        EXPECT_EQ(entry.mode, unsigned(AE_IFREG | 0644));
    }
}

TEST_F(WriteBundle, RoundTripsALargeFileAndALongPathThroughImport)
{
    const std::string longPath = std::string(196, 'a') + "/" + std::string(255, 'b') + "/" + std::string(255, 'c')
        + "/" + std::string(255, 'd') + "/caf\xC3\xA9-" + std::string(50, 'e') + ".md";
    ASSERT_EQ(longPath.size(), 1024u);
    const std::string big = randomBytes(3 << 20, 6);
    writeFile(input() / "module" / "video.bin", big);
    writeFile(input() / "module" / longPath, "deep");
    writeFile(input() / "module" / "module.txt", "title: x\n");
    const std::vector<std::string> files = {"video.bin", longPath, "module.txt"};

    const auto written = writeBundle(input() / "module", files, input() / "bundle.tar");
    ASSERT_TRUE(written.ok()) << written.error();
    const auto again = writeBundle(input() / "module", files, input() / "again.tar");
    ASSERT_TRUE(again.ok()) << again.error();
    EXPECT_EQ(readFile(input() / "bundle.tar"), readFile(input() / "again.tar"));

    const ImportResult result = import(input() / "bundle.tar");
    ASSERT_TRUE(result.ok()) << result.error();
    EXPECT_THAT(result.value().files, ElementsAre(longPath, "module.txt", "video.bin"));
    EXPECT_EQ(result.value().totalBytes, big.size() + 4 + 9);
    EXPECT_EQ(readFile(destination() / "video.bin"), big);
    EXPECT_EQ(readFile(destination() / longPath), "deep");
}

TEST_F(WriteBundle, LeavesNeitherBundleNorPartFileWhenItFails)
{
    writeFile(input() / "module" / "module.txt", "x");
    auto result = writeBundle(input() / "module", {"module.txt", "missing.md"}, sandbox() / "bundle.tar");
    ASSERT_FALSE(result.ok());
    EXPECT_THAT(result.error(), HasSubstr("missing.md"));
    EXPECT_TRUE(fs::is_empty(sandbox()));

    result = writeBundle(input() / "module", {"../module/module.txt"}, sandbox() / "bundle.tar");
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error(), "../module/module.txt: the path leaves the module folder");
    result = writeBundle(input() / "module", {"module.txt", "module.txt"}, sandbox() / "bundle.tar");
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error(), "module.txt: the archive holds this name twice");
    EXPECT_TRUE(fs::is_empty(sandbox()));
}

TEST_F(WriteBundle, WritesAnEmptyBundleThatImportsAsAnEmptyModule)
{
    fs::create_directories(input() / "module");
    const auto written = writeBundle(input() / "module", {}, input() / "bundle.tar");
    ASSERT_TRUE(written.ok()) << written.error();
    const ImportResult result = import(input() / "bundle.tar");
    ASSERT_TRUE(result.ok()) << result.error();
    EXPECT_TRUE(result.value().files.empty());
}
