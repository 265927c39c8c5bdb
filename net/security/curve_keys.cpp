#include "net/security/curve_keys.h"

#include "core/log.h"

#include <zmq.h>

#include <sys/stat.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace tv::net {
namespace {

// "  name = "value"  " -> name, value. False for a line that is not of that form.
bool parseAssignment(const std::string& line, std::string& name, std::string& value) {
    size_t eq = line.find('=');
    if (eq == std::string::npos) return false;
    auto trim = [](std::string s) {
        size_t b = s.find_first_not_of(" \t\r"), e = s.find_last_not_of(" \t\r");
        return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
    };
    name = trim(line.substr(0, eq));
    value = trim(line.substr(eq + 1));
    if (value.size() < 2 || value.front() != '"' || value.back() != '"') return false;
    value = value.substr(1, value.size() - 2);
    return !name.empty();
}

Expected<void> writeTextFile(const std::filesystem::path& path, const std::string& text, bool secret) {
    const std::filesystem::path tmp = path.string() + ".tmp";
    // Create the secret file private from the first byte: never world-readable, even briefly.
    std::FILE* f = std::fopen(tmp.c_str(), "wb");
    if (!f) return makeError(ErrorCode::Io, path.string() + ": cannot write (" + std::strerror(errno) + ")");
    if (secret) ::chmod(tmp.c_str(), 0600);
    bool ok = std::fwrite(text.data(), 1, text.size(), f) == text.size();
    ok = std::fclose(f) == 0 && ok;
    std::error_code ec;
    if (ok) std::filesystem::rename(tmp, path, ec);
    if (!ok || ec) {
        std::filesystem::remove(tmp, ec);
        return makeError(ErrorCode::Io, path.string() + ": cannot write");
    }
    return {};
}

} // namespace

Expected<CurveKeyPair> generateCurveKeyPair() {
    std::array<char, kZ85KeyChars + 1> pub{}, sec{};
    if (zmq_curve_keypair(pub.data(), sec.data()) != 0)
        return makeError(ErrorCode::Unsupported, std::string("cannot generate a CURVE key pair: ") +
                                                     zmq_strerror(zmq_errno()) + " (libzmq without CURVE support?)");
    return CurveKeyPair{pub.data(), sec.data()};
}

bool isValidZ85Key(std::string_view key) {
    if (key.size() != kZ85KeyChars) return false;
    std::array<uint8_t, 32> bytes{};
    std::string text(key);
    return zmq_z85_decode(bytes.data(), text.c_str()) != nullptr;
}

Expected<KeyFiles> writeCurveKeyFiles(const CurveKeyPair& keys, const std::string& dir, const std::string& name,
                                      bool overwrite) {
    if (!isValidZ85Key(keys.publicKey) || !isValidZ85Key(keys.secretKey))
        return makeError(ErrorCode::InvalidArgument, "not a CURVE key pair (expected two 40-character Z85 keys)");
    if (name.empty() || name.find('/') != std::string::npos)
        return makeError(ErrorCode::InvalidArgument, "key name '" + name + "' must be non-empty without '/'");
    std::error_code ec;
    std::filesystem::create_directories(std::filesystem::u8path(dir.empty() ? "." : dir), ec);
    const std::filesystem::path base = std::filesystem::u8path(dir.empty() ? "." : dir);
    KeyFiles files{(base / (name + ".key")).string(), (base / (name + ".pub")).string()};
    if (!overwrite) {
        for (const std::string& f : {files.secretFile, files.publicFile})
            if (std::filesystem::exists(f, ec))
                return makeError(ErrorCode::InvalidArgument,
                                 f + ": exists (a lost secret key cannot be recovered; use --force to replace it)");
    }
    const std::string header =
        "# twinview CURVE key \"" + name + "\" (ZeroMQ CurveZMQ, Z85). Made by twinview keygen.\n";
    auto secret = writeTextFile(files.secretFile,
                                header + "# SECRET: keep this file private (mode 0600); give others " + name +
                                    ".pub only.\npublic-key = \"" + keys.publicKey + "\"\nsecret-key = \"" +
                                    keys.secretKey + "\"\n",
                                true);
    if (!secret) return secret.error();
    auto pub = writeTextFile(files.publicFile,
                             header +
                                 "# Public: put it on a hub's allow list, or give it to viewers that must "
                                 "trust this hub.\npublic-key = \"" +
                                 keys.publicKey + "\"\n",
                             false);
    if (!pub) return pub.error();
    return files;
}

Expected<CurveKeyPair> readCurveKeyFile(const std::string& path) {
    std::ifstream in(std::filesystem::u8path(path));
    if (!in) return makeError(ErrorCode::Io, path + ": cannot read");
    CurveKeyPair keys;
    std::string line;
    int lineNo = 0;
    while (std::getline(in, line)) {
        ++lineNo;
        size_t first = line.find_first_not_of(" \t\r");
        if (first == std::string::npos || line[first] == '#') continue;
        std::string name, value;
        if (!parseAssignment(line, name, value))
            return makeError(ErrorCode::Parse, format("%s: line %d: expected name = \"value\"", path.c_str(), lineNo));
        if (name != "public-key" && name != "secret-key")
            return makeError(ErrorCode::Parse, format("%s: line %d: unknown key '%s' (expected public-key or "
                                                      "secret-key)",
                                                      path.c_str(), lineNo, name.c_str()));
        if (!isValidZ85Key(value))
            return makeError(ErrorCode::Parse, format("%s: line %d: %s is not a Z85 key (40 characters)", path.c_str(),
                                                      lineNo, name.c_str()));
        (name == "public-key" ? keys.publicKey : keys.secretKey) = value;
    }
    if (keys.publicKey.empty()) return makeError(ErrorCode::Parse, path + ": no public-key");
    if (!keys.secretKey.empty()) {
        std::array<char, kZ85KeyChars + 1> derived{};
        if (zmq_curve_public(derived.data(), keys.secretKey.c_str()) != 0 || keys.publicKey != derived.data())
            return makeError(ErrorCode::Parse, path + ": public-key does not match secret-key");
    }
    return keys;
}

} // namespace tv::net
