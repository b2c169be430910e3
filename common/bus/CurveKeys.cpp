#include "common/bus/CurveKeys.h"

#include "common/storage/AtomicFile.h"
#include "common/storage/SharedDirectory.h"

#include <zmq.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <optional>
#include <sys/stat.h>
#include <unistd.h>

namespace classroom::bus {
namespace fs = std::filesystem;

namespace {

constexpr std::size_t kZ85KeyLength = 40;

std::string firstKeyLine(std::istream& in)
{
    std::string line;
    while (std::getline(in, line)) {
        const auto begin = line.find_first_not_of(" \t\r");
        if (begin == std::string::npos)
            continue;
        const auto end = line.find_last_not_of(" \t\r");
        std::string text = line.substr(begin, end - begin + 1);
        // '#' is in the Z85 alphabet but can never start a key: the first
        // character of a 5-character group encodes at most 2^32 / 85^4 = 82 ('%').
        if (text[0] == '#')
            continue;
        return text;
    }
    return {};
}

std::string cannotRead(const fs::path& file, int error)
{
    std::string message = "cannot read key file " + file.string() + ": " + std::strerror(error);
    if (error == EACCES)
        message += " (this user account may not read it; on a classroom PC the account must be in the "
                   "classroom-agent group, see Troubleshooting in the IT guide)";
    return message;
}

}  // namespace

CurveKeyPair CurveKeyPair::generate()
{
    std::array<char, kZ85KeyLength + 1> publicKey{};
    std::array<char, kZ85KeyLength + 1> secretKey{};
    if (zmq_curve_keypair(publicKey.data(), secretKey.data()) != 0)
        return {};  // only without CURVE support, which the build refuses
    return CurveKeyPair{publicKey.data(), secretKey.data()};
}

bool isValidZ85Key(std::string_view text)
{
    if (text.size() != kZ85KeyLength)
        return false;
    // zmq_z85_decode stops at a NUL and does not check the alphabet itself.
    constexpr std::string_view kAlphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#";
    if (text.find_first_not_of(kAlphabet) != std::string_view::npos)
        return false;
    const std::string copy(text);
    std::array<std::uint8_t, 32> decoded{};
    return zmq_z85_decode(decoded.data(), copy.c_str()) != nullptr;
}

Result<std::string> publicKeyFromSecret(const std::string& secretKey)
{
    if (!isValidZ85Key(secretKey))
        return Result<std::string>::failure("not a valid CURVE secret key (expected 40 Z85 characters)");
    std::array<char, kZ85KeyLength + 1> publicKey{};
    if (zmq_curve_public(publicKey.data(), secretKey.c_str()) != 0)
        return Result<std::string>::failure("cannot derive the public key");
    return Result<std::string>::success(publicKey.data());
}

Result<CurveKeyPair> loadOrCreateKeyPair(const fs::path& secretFile)
{
    using R = Result<CurveKeyPair>;
    struct stat info{};
    const fs::path directory = storage::directoryOf(secretFile);
    const std::optional<storage::SharedDirectory> shared = storage::sharedDirectoryOf(directory);
    if (auto trusted = storage::checkTrustedFile(secretFile); !trusted)
        return R::failure("refusing the key: " + trusted.error());
    if (::stat(secretFile.c_str(), &info) != 0) {
        if (errno != ENOENT)
            return R::failure(cannotRead(secretFile, errno));
        // In the shared directory only IT staff (root) make the key: a key a
        // learner account made would be refused at the next start anyway.
        if (shared && ::geteuid() != 0 && ::geteuid() != shared->owner)
            return R::failure("this computer has no key yet in " + directory.string() +
                              ": IT staff make it when they enroll the computer "
                              "(sudo classroom-admin enroll --console ADDRESS --code CODE)");
        std::error_code ec;
        fs::create_directories(secretFile.parent_path(), ec);
        if (ec)
            return R::failure("cannot create directory " + secretFile.parent_path().string() + ": " + ec.message());
        CurveKeyPair pair = CurveKeyPair::generate();
        if (pair.secretKey.empty())
            return R::failure("this libzmq has no CURVE support");
        auto wroteSecret = storage::writeFileAtomically(
            secretFile, "# CURVE secret key. Keep private: whoever has it can act as this machine.\n" + pair.secretKey + "\n",
            shared ? 0640 : 0600);
        if (!wroteSecret)
            return R::failure(wroteSecret.error());
        auto wrotePublic = storage::writeFileAtomically(secretFile.string() + ".pub", pair.publicKey + "\n", 0644);
        if (!wrotePublic)
            return R::failure(wrotePublic.error());
        return R::success(std::move(pair));
    }
    if (!S_ISREG(info.st_mode))
        return R::failure("key file " + secretFile.string() + " is not a regular file");
    const bool groupMayRead = shared && shared->group == info.st_gid;
    if ((info.st_mode & (groupMayRead ? 027 : 077)) != 0) {
        const char* mode = groupMayRead ? "640" : "600";
        return R::failure("key file " + secretFile.string() + " may be read by other users; refusing to use it (run: chmod " +
                          mode + " " + secretFile.string() + ")");
    }
    std::ifstream in(secretFile);
    if (!in)
        return R::failure(cannotRead(secretFile, errno));
    const std::string secretKey = firstKeyLine(in);
    auto publicKey = publicKeyFromSecret(secretKey);
    if (!publicKey)
        return R::failure("key file " + secretFile.string() + " is damaged: " + publicKey.error());
    return R::success(CurveKeyPair{publicKey.value(), secretKey});
}

Result<std::string> readPublicKey(const std::string& keyOrPath)
{
    using R = Result<std::string>;
    if (isValidZ85Key(keyOrPath))
        return R::success(keyOrPath);
    std::ifstream in(keyOrPath);
    if (!in) {
        if (keyOrPath.size() == kZ85KeyLength)
            return R::failure("'" + keyOrPath + "' is neither a valid public key nor a readable file");
        return R::failure("cannot read public key file " + keyOrPath + ": " + std::strerror(errno));
    }
    const std::string key = firstKeyLine(in);
    if (!isValidZ85Key(key))
        return R::failure("file " + keyOrPath + " does not hold a valid public key (expected 40 Z85 characters)");
    return R::success(key);
}

}  // namespace classroom::bus
