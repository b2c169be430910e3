// A seat IS its CURVE key: key files must be created private, reloaded
// unchanged, refused when others can read them, and a damaged file reported.

#include "common/bus/CurveKeys.h"

#include <QTemporaryDir>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <sys/stat.h>

using namespace classroom::bus;
using ::testing::HasSubstr;
namespace fs = std::filesystem;

namespace {

class CurveKeys : public ::testing::Test {
protected:
    void SetUp() override { ASSERT_TRUE(m_dir.isValid()); }
    fs::path path(const std::string& name) const { return fs::path(m_dir.path().toStdString()) / name; }

    static std::string readAll(const fs::path& file)
    {
        std::ifstream in(file);
        std::stringstream text;
        text << in.rdbuf();
        return text.str();
    }
    static void writeFile(const fs::path& file, const std::string& text, mode_t mode)
    {
        std::ofstream(file) << text;
        ASSERT_EQ(::chmod(file.c_str(), mode), 0);
    }
    static mode_t permissions(const fs::path& file)
    {
        struct stat info{};
        EXPECT_EQ(::stat(file.c_str(), &info), 0);
        return info.st_mode & 0777;
    }
    QTemporaryDir m_dir;
};

}  // namespace

TEST_F(CurveKeys, FirstLoadCreatesAPrivateSecretFileAndAPublicKeyFileBesideIt)
{
    const fs::path secretFile = path("state/agent.key");  // the directory does not exist yet
    auto pair = loadOrCreateKeyPair(secretFile);
    ASSERT_TRUE(pair.ok()) << pair.error();
    EXPECT_TRUE(isValidZ85Key(pair.value().publicKey));
    EXPECT_TRUE(isValidZ85Key(pair.value().secretKey));
    EXPECT_EQ(publicKeyFromSecret(pair.value().secretKey).value(), pair.value().publicKey);

    EXPECT_EQ(permissions(secretFile), 0600u);
    EXPECT_THAT(readAll(secretFile), HasSubstr(pair.value().secretKey + "\n"));
    EXPECT_EQ(readAll(secretFile.string() + ".pub"), pair.value().publicKey + "\n");
    EXPECT_FALSE(fs::exists(secretFile.string() + ".tmp"));
}

TEST_F(CurveKeys, SecondLoadReturnsTheSamePair)
{
    auto first = loadOrCreateKeyPair(path("agent.key"));
    ASSERT_TRUE(first.ok()) << first.error();
    auto second = loadOrCreateKeyPair(path("agent.key"));
    ASSERT_TRUE(second.ok()) << second.error();
    EXPECT_EQ(second.value().publicKey, first.value().publicKey);
    EXPECT_EQ(second.value().secretKey, first.value().secretKey);
}

TEST_F(CurveKeys, SecretFileReadableByGroupOrOthersIsRefusedWithAChmodHint)
{
    const fs::path secretFile = path("agent.key");
    ASSERT_TRUE(loadOrCreateKeyPair(secretFile).ok());
    for (const mode_t mode : {0640, 0604, 0660, 0644}) {
        ASSERT_EQ(::chmod(secretFile.c_str(), mode), 0);
        auto pair = loadOrCreateKeyPair(secretFile);
        ASSERT_FALSE(pair.ok()) << "mode " << std::oct << mode << " accepted";
        EXPECT_THAT(pair.error(), HasSubstr(secretFile.string()));
        EXPECT_THAT(pair.error(), HasSubstr("may be read by other users"));
        EXPECT_THAT(pair.error(), HasSubstr("chmod 600 " + secretFile.string()));
    }
    ASSERT_EQ(::chmod(secretFile.c_str(), 0600), 0);
    EXPECT_TRUE(loadOrCreateKeyPair(secretFile).ok());
}

// The packaged agent's layout: /var/lib/classroom-agent is setgid
// root:classroom-agent 2770, so the learner accounts of the PC share one key.
TEST_F(CurveKeys, InASharedGroupDirectoryTheGroupMayReadTheKeyAndALooserModeIsRefused)
{
    const fs::path shared = path("shared");
    fs::create_directories(shared);
    ASSERT_EQ(::chmod(shared.c_str(), 02770), 0);
    const fs::path secretFile = shared / "agent.key";
    auto created = loadOrCreateKeyPair(secretFile);
    ASSERT_TRUE(created.ok()) << created.error();
    EXPECT_EQ(permissions(secretFile), 0640u);
    EXPECT_TRUE(loadOrCreateKeyPair(secretFile).ok());

    for (const mode_t mode : {0660, 0644, 0604}) {
        ASSERT_EQ(::chmod(secretFile.c_str(), mode), 0);
        auto pair = loadOrCreateKeyPair(secretFile);
        ASSERT_FALSE(pair.ok()) << "mode " << std::oct << mode << " accepted";
        EXPECT_THAT(pair.error(), HasSubstr("chmod 640 " + secretFile.string()));
    }

    // A link planted in place of the key is refused, whatever it points to.
    ASSERT_EQ(::chmod(secretFile.c_str(), 0640), 0);
    const fs::path planted = shared / "planted.key";
    fs::rename(secretFile, planted);
    fs::create_symlink(planted, secretFile);
    auto linked = loadOrCreateKeyPair(secretFile);
    ASSERT_FALSE(linked.ok());
    EXPECT_THAT(linked.error(), HasSubstr("is not a regular file"));
    fs::remove(secretFile);
    fs::rename(planted, secretFile);

    // The same file in a shared directory that others may enter is private again.
    ASSERT_EQ(::chmod(secretFile.c_str(), 0640), 0);
    ASSERT_EQ(::chmod(shared.c_str(), 02775), 0);
    auto open = loadOrCreateKeyPair(secretFile);
    ASSERT_FALSE(open.ok());
    EXPECT_THAT(open.error(), HasSubstr("chmod 600"));
}

// Learner accounts may add files to the shared directory (sticky, so not
// replace others'); a key one of them made is not the PC's key.
TEST_F(CurveKeys, InASharedDirectoryAKeyThatRootDidNotMakeIsRefused)
{
    if (::geteuid() != 0)
        GTEST_SKIP() << "needs root to give the key file to another account";
    const fs::path shared = path("shared");
    fs::create_directories(shared);
    ASSERT_EQ(::chmod(shared.c_str(), 03770), 0);
    const fs::path secretFile = shared / "agent.key";
    ASSERT_TRUE(loadOrCreateKeyPair(secretFile).ok());
    ASSERT_EQ(::chown(secretFile.c_str(), 65534, static_cast<gid_t>(-1)), 0);  // nobody
    auto pair = loadOrCreateKeyPair(secretFile);
    ASSERT_FALSE(pair.ok());
    EXPECT_THAT(pair.error(), HasSubstr("belongs to user 65534, not to root"));
    EXPECT_THAT(pair.error(), HasSubstr("enroll this computer again"));
}

TEST_F(CurveKeys, DamagedSecretFileIsReportedNotReplaced)
{
    const fs::path secretFile = path("agent.key");
    writeFile(secretFile, "# CURVE secret key\nthis is not a key\n", 0600);
    auto pair = loadOrCreateKeyPair(secretFile);
    ASSERT_FALSE(pair.ok());
    EXPECT_THAT(pair.error(), HasSubstr("key file " + secretFile.string() + " is damaged"));
    EXPECT_THAT(pair.error(), HasSubstr("40 Z85 characters"));
    EXPECT_THAT(readAll(secretFile), HasSubstr("this is not a key"));  // IT staff can still look at it
}

TEST_F(CurveKeys, EmptySecretFileIsReportedAsDamaged)
{
    const fs::path secretFile = path("agent.key");
    writeFile(secretFile, "", 0600);
    auto pair = loadOrCreateKeyPair(secretFile);
    ASSERT_FALSE(pair.ok());
    EXPECT_THAT(pair.error(), HasSubstr("is damaged"));
}

TEST_F(CurveKeys, KeyPathThatIsADirectoryIsRefused)
{
    fs::create_directories(path("agent.key"));
    auto pair = loadOrCreateKeyPair(path("agent.key"));
    ASSERT_FALSE(pair.ok());
    EXPECT_THAT(pair.error(), HasSubstr("is not a regular file"));
}

TEST_F(CurveKeys, SecretFileWithACommentedOutOldKeyLoadsTheLiveKey)
{
    const CurveKeyPair old = CurveKeyPair::generate();
    const CurveKeyPair live = CurveKeyPair::generate();
    const fs::path secretFile = path("agent.key");
    writeFile(secretFile, "# CURVE secret key. Keep private.\n#" + old.secretKey + "\n" + live.secretKey + "\n", 0600);
    auto loaded = loadOrCreateKeyPair(secretFile);
    ASSERT_TRUE(loaded.ok()) << loaded.error();
    EXPECT_EQ(loaded.value().secretKey, live.secretKey);
    EXPECT_EQ(loaded.value().publicKey, live.publicKey);
}

TEST_F(CurveKeys, ReadPublicKeyAcceptsALiteralKey)
{
    const std::string key = CurveKeyPair::generate().publicKey;
    auto read = readPublicKey(key);
    ASSERT_TRUE(read.ok()) << read.error();
    EXPECT_EQ(read.value(), key);
}

TEST_F(CurveKeys, ReadPublicKeyReadsTheFirstKeyLineOfAFile)
{
    const std::string key = CurveKeyPair::generate().publicKey;
    writeFile(path("console.pub"), "# the console's public key\n\n   " + key + "  \r\n", 0644);
    auto read = readPublicKey(path("console.pub").string());
    ASSERT_TRUE(read.ok()) << read.error();
    EXPECT_EQ(read.value(), key);
}

TEST_F(CurveKeys, ReadPublicKeyReadsThePubFileWrittenBesideTheSecret)
{
    auto pair = loadOrCreateKeyPair(path("console.key"));
    ASSERT_TRUE(pair.ok()) << pair.error();
    auto read = readPublicKey(path("console.key").string() + ".pub");
    ASSERT_TRUE(read.ok()) << read.error();
    EXPECT_EQ(read.value(), pair.value().publicKey);
}

TEST_F(CurveKeys, ReadPublicKeySkipsACommentedOutKey)
{
    const std::string old = CurveKeyPair::generate().publicKey;
    const std::string live = CurveKeyPair::generate().publicKey;
    writeFile(path("console.pub"), "#" + old + "\n" + live + "\n", 0644);
    auto read = readPublicKey(path("console.pub").string());
    ASSERT_TRUE(read.ok()) << read.error();
    EXPECT_EQ(read.value(), live);
}

TEST_F(CurveKeys, ReadPublicKeyRejectsGarbageWithAClearMessage)
{
    // 40 characters, but not Z85 and not a file.
    auto literal = readPublicKey(std::string(40, '~'));
    ASSERT_FALSE(literal.ok());
    EXPECT_THAT(literal.error(), HasSubstr("is neither a valid public key nor a readable file"));

    auto missing = readPublicKey(path("missing.pub").string());
    ASSERT_FALSE(missing.ok());
    EXPECT_THAT(missing.error(), HasSubstr("cannot read public key file " + path("missing.pub").string()));

    writeFile(path("bad.pub"), "# comment\nhello world\n", 0644);
    auto bad = readPublicKey(path("bad.pub").string());
    ASSERT_FALSE(bad.ok());
    EXPECT_THAT(bad.error(), HasSubstr("does not hold a valid public key (expected 40 Z85 characters)"));

    writeFile(path("empty.pub"), "# only a comment\n", 0644);
    EXPECT_FALSE(readPublicKey(path("empty.pub").string()).ok());
}

TEST_F(CurveKeys, IsValidZ85KeyAcceptsOnlyFortyCharactersThatDecode)
{
    const std::string key = CurveKeyPair::generate().publicKey;
    EXPECT_TRUE(isValidZ85Key(key));
    EXPECT_TRUE(isValidZ85Key(std::string(40, '0')));
    EXPECT_FALSE(isValidZ85Key(""));
    EXPECT_FALSE(isValidZ85Key(key.substr(0, 39)));
    EXPECT_FALSE(isValidZ85Key(key + "0"));
    EXPECT_FALSE(isValidZ85Key(std::string(40, '~')));   // not in the Z85 alphabet
    EXPECT_FALSE(isValidZ85Key(std::string(40, '#')));   // in the alphabet, but over 2^32 per group
    EXPECT_FALSE(isValidZ85Key(key.substr(0, 39) + " "));
}

TEST_F(CurveKeys, IsValidZ85KeyRejectsAKeyWithAnEmbeddedNulCharacter)
{
    const std::string key = CurveKeyPair::generate().publicKey;
    const std::string withNul = key.substr(0, 20) + std::string(1, '\0') + key.substr(21);
    ASSERT_EQ(withNul.size(), 40u);
    EXPECT_FALSE(isValidZ85Key(withNul));
}

TEST_F(CurveKeys, PublicKeyFromSecretRefusesSomethingThatIsNotAKey)
{
    auto derived = publicKeyFromSecret("secret");
    ASSERT_FALSE(derived.ok());
    EXPECT_THAT(derived.error(), HasSubstr("not a valid CURVE secret key"));
}
