#pragma once

#include "common/Result.h"

#include <filesystem>
#include <string>
#include <string_view>

namespace classroom::bus {

// A CURVE key pair in Z85 text (40 characters each). The public key is a seat's
// identity on the bus; the secret key never leaves the machine that made it.
struct CurveKeyPair {
    std::string publicKey;
    std::string secretKey;

    static CurveKeyPair generate();
};

// True for a 40-character Z85 string that decodes to 32 bytes.
bool isValidZ85Key(std::string_view text);

// The Z85 public key that belongs to a Z85 secret key.
Result<std::string> publicKeyFromSecret(const std::string& secretKey);

// Loads the key pair kept in `secretFile`, or makes one and writes it when the
// file does not exist yet. The secret file is created with mode 0600 and is
// refused (like ssh does) when group or others may read it, except in a setgid
// directory closed to others (the packaged agent's /var/lib/classroom-agent),
// where it is created 0640 and its own group may read it. The public key is
// also written next to it as `<secretFile>.pub` so IT staff can copy it.
Result<CurveKeyPair> loadOrCreateKeyPair(const std::filesystem::path& secretFile);

// Reads a public key given either literally (40 Z85 characters) or as the path
// of a file whose first non-comment line is the key.
Result<std::string> readPublicKey(const std::string& keyOrPath);

}  // namespace classroom::bus
