#include "common/bus/EnrollmentCode.h"

#include <QByteArray>
#include <QCryptographicHash>

#include <zmq.h>

#include <array>
#include <cctype>
#include <sys/random.h>

namespace classroom::bus {
namespace {

constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";  // Crockford's base32
constexpr std::string_view kLabel = "classroom enrollment v1";

std::string z85(const std::uint8_t* bytes)
{
    std::array<char, 41> text{};
    zmq_z85_encode(text.data(), bytes, 32);
    return text.data();
}

}  // namespace

EnrollmentCode EnrollmentCode::generate()
{
    EnrollmentCode code;
    std::array<std::uint8_t, kLength> random{};
    std::size_t filled = 0;
    while (filled < random.size()) {
        const ssize_t got = ::getrandom(random.data() + filled, random.size() - filled, 0);
        if (got > 0)
            filled += static_cast<std::size_t>(got);
    }
    for (std::uint8_t byte : random)
        code.canonical += kAlphabet[byte & 31];  // 256 is a multiple of 32: no bias
    return code;
}

std::optional<EnrollmentCode> EnrollmentCode::parse(std::string_view typed)
{
    EnrollmentCode code;
    for (char c : typed) {
        if (c == '-' || c == ' ' || c == '\t')
            continue;
        char upper = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        if (upper == 'O')
            upper = '0';
        else if (upper == 'I' || upper == 'L')
            upper = '1';
        if (kAlphabet.find(upper) == std::string_view::npos || code.canonical.size() == kLength)
            return std::nullopt;
        code.canonical += upper;
    }
    if (code.canonical.size() != kLength)
        return std::nullopt;
    return code;
}

std::string EnrollmentCode::display() const
{
    return canonical.substr(0, kLength / 2) + "-" + canonical.substr(kLength / 2);
}

CurveKeyPair EnrollmentCode::serverKeys() const
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(QByteArrayView(kLabel.data(), static_cast<qsizetype>(kLabel.size())));
    hash.addData(QByteArrayView("\0", 1));
    hash.addData(QByteArrayView(canonical.data(), static_cast<qsizetype>(canonical.size())));
    const QByteArray secret = hash.result();
    CurveKeyPair keys;
    keys.secretKey = z85(reinterpret_cast<const std::uint8_t*>(secret.constData()));
    std::array<char, 41> publicKey{};
    if (zmq_curve_public(publicKey.data(), keys.secretKey.c_str()) == 0)
        keys.publicKey = publicKey.data();
    return keys;
}

std::string keyFingerprint(const std::string& publicKeyZ85)
{
    const QByteArray digest =
        QCryptographicHash::hash(QByteArray::fromStdString(publicKeyZ85), QCryptographicHash::Sha256).toHex();
    std::string out;
    for (int i = 0; i < 16; ++i) {
        if (i != 0 && i % 4 == 0)
            out += ':';
        out += digest[i];
    }
    return out;
}

}  // namespace classroom::bus
