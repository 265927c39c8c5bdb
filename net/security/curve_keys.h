// CURVE key pairs for the session hub (issue 5, "Security"): ZeroMQ CurveZMQ keys (Curve25519) in Z85 text, the
// files `twinview keygen` writes and the hub and viewers read, and the checks that keep a mistyped or swapped key
// from being used silently.
//
// Files (UTF-8 text, '#' comments, one `name = "value"` per line):
//   NAME.key   public-key and secret-key, written with mode 0600 (the secret never leaves this file)
//   NAME.pub   public-key only: what goes on the hub's allow list or to a viewer that must trust the hub
// A secret file whose public key does not match its secret key is rejected (derived with zmq_curve_public).
// Pure functions over files; any thread.
#pragma once

#include "core/expected.h"

#include <string>
#include <string_view>

namespace tv::net {

inline constexpr size_t kZ85KeyChars = 40; // a 32-byte Curve25519 key in Z85

struct CurveKeyPair {
    std::string publicKey; // Z85, 40 characters
    std::string secretKey; // Z85, 40 characters; empty for a public-only key
};

// A fresh key pair from libzmq (needs libzmq built with CURVE; the error says so otherwise).
Expected<CurveKeyPair> generateCurveKeyPair();

// True for 40 characters of the Z85 alphabet that decode to 32 bytes.
bool isValidZ85Key(std::string_view key);

// Writes NAME.key (0600) and NAME.pub in `dir` (created if missing). Refuses to overwrite existing files unless
// `overwrite` (a lost secret key cannot be recovered). Errors name the file and cause.
struct KeyFiles {
    std::string secretFile, publicFile;
};
Expected<KeyFiles> writeCurveKeyFiles(const CurveKeyPair& keys, const std::string& dir, const std::string& name,
                                      bool overwrite);

// Reads a .key or .pub file. Errors name the file, the line and the problem ("line 3: public-key is not a Z85
// key", "public-key does not match secret-key"). A .pub gives an empty secretKey.
Expected<CurveKeyPair> readCurveKeyFile(const std::string& path);

} // namespace tv::net
