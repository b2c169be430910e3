#pragma once

#include "common/bus/CurveKeys.h"

#include <optional>
#include <string>
#include <string_view>

namespace classroom::bus {

// The one-time code the console shows when IT staff add computers, e.g.
// "7KQ2M-XW9FD": ten characters of Crockford's base32 (no I, L, O or U), 50
// random bits from the kernel's generator.
//
// The code is never sent anywhere. Both ends turn it into the same CURVE key
// pair (SHA-256 of a fixed label and the code, used as the server's secret
// key), and the console serves enrollment with that pair. So:
// - a PC with the wrong code cannot complete the handshake, learns nothing and
//   sends nothing the console reads;
// - a PC with the right code knows it talks to the console that made the code,
//   and receives the console's real public key inside that channel to pin.
// Someone who records an enrollment can test guesses offline only at the cost
// of one Curve25519 operation each: 2^50 of them, for a code that expires in
// minutes.
struct EnrollmentCode {
    static constexpr std::size_t kLength = 10;

    std::string canonical;  // ten characters, upper case, no dash

    static EnrollmentCode generate();
    // Accepts what a person types: any case, spaces or dashes anywhere, and O
    // for 0, I or L for 1. Nothing for anything else.
    static std::optional<EnrollmentCode> parse(std::string_view typed);

    // "7KQ2M-XW9FD", for people.
    std::string display() const;
    // The CURVE key pair of the enrollment endpoint for this code.
    CurveKeyPair serverKeys() const;
};

// A short fingerprint of a public key that people can compare by eye: the
// first 16 hex digits of SHA-256 of the key, in groups of four.
std::string keyFingerprint(const std::string& publicKeyZ85);

}  // namespace classroom::bus
