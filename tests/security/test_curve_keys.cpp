// CURVE key pairs and the files `twinview keygen` writes: fresh keys are valid and distinct, files round trip,
// the secret file is private, existing keys are not overwritten by accident, and a damaged or swapped key is
// refused with the file, the line and the cause.
#include "net/security/curve_keys.h"

#include <gtest/gtest.h>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>

using namespace tv;
namespace fs = std::filesystem;

namespace {

fs::path freshDir(const char* name) {
    fs::path d = fs::temp_directory_path() / ("tv-keys-" + std::string(name) + "-" + std::to_string(::getpid()));
    fs::remove_all(d);
    fs::create_directories(d);
    return d;
}

void writeFile(const fs::path& p, const std::string& text) { std::ofstream(p) << text; }

} // namespace

TEST(CurveKeys, GeneratedPairsAreValidAndDistinct) {
    auto a = net::generateCurveKeyPair();
    auto b = net::generateCurveKeyPair();
    ASSERT_TRUE(a && b) << (a ? b.error().message : a.error().message);
    EXPECT_TRUE(net::isValidZ85Key(a->publicKey));
    EXPECT_TRUE(net::isValidZ85Key(a->secretKey));
    EXPECT_NE(a->publicKey, b->publicKey);
    EXPECT_NE(a->secretKey, a->publicKey);
    EXPECT_FALSE(net::isValidZ85Key("short"));
    EXPECT_FALSE(net::isValidZ85Key(std::string(40, ' '))); // outside the Z85 alphabet
}

TEST(CurveKeys, FilesRoundTripAndTheSecretIsPrivate) {
    fs::path dir = freshDir("roundtrip");
    auto keys = net::generateCurveKeyPair();
    ASSERT_TRUE(keys);
    auto files = net::writeCurveKeyFiles(*keys, dir.string(), "alice", false);
    ASSERT_TRUE(files) << files.error().message;
    struct stat st {};
    ASSERT_EQ(::stat(files->secretFile.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u) << "the secret key file must be readable by its owner only";
    auto secret = net::readCurveKeyFile(files->secretFile);
    ASSERT_TRUE(secret) << secret.error().message;
    EXPECT_EQ(secret->publicKey, keys->publicKey);
    EXPECT_EQ(secret->secretKey, keys->secretKey);
    auto pub = net::readCurveKeyFile(files->publicFile);
    ASSERT_TRUE(pub) << pub.error().message;
    EXPECT_EQ(pub->publicKey, keys->publicKey);
    EXPECT_TRUE(pub->secretKey.empty()) << "the .pub file carries no secret";
    fs::remove_all(dir);
}

TEST(CurveKeys, ExistingKeysAreNotOverwrittenUnlessForced) {
    fs::path dir = freshDir("overwrite");
    auto first = net::generateCurveKeyPair();
    auto second = net::generateCurveKeyPair();
    ASSERT_TRUE(first && second);
    ASSERT_TRUE(net::writeCurveKeyFiles(*first, dir.string(), "hub", false));
    auto again = net::writeCurveKeyFiles(*second, dir.string(), "hub", false);
    ASSERT_FALSE(again);
    EXPECT_NE(again.error().message.find("--force"), std::string::npos) << again.error().message;
    EXPECT_EQ(net::readCurveKeyFile((dir / "hub.key").string())->secretKey, first->secretKey) << "untouched";
    ASSERT_TRUE(net::writeCurveKeyFiles(*second, dir.string(), "hub", true));
    EXPECT_EQ(net::readCurveKeyFile((dir / "hub.key").string())->secretKey, second->secretKey);
    EXPECT_FALSE(net::writeCurveKeyFiles(*first, dir.string(), "a/b", false)) << "names cannot leave the folder";
    fs::remove_all(dir);
}

TEST(CurveKeys, DamagedOrMismatchedFilesAreRefusedWithTheCause) {
    fs::path dir = freshDir("damaged");
    auto a = net::generateCurveKeyPair();
    auto b = net::generateCurveKeyPair();
    ASSERT_TRUE(a && b);
    struct Case {
        const char* name;
        std::string text;
        const char* expect;
    };
    const Case cases[] = {
        {"swapped", "public-key = \"" + a->publicKey + "\"\nsecret-key = \"" + b->secretKey + "\"\n", "does not match"},
        {"short", "# comment\npublic-key = \"abc\"\n", "line 2: public-key is not a Z85 key"},
        {"unquoted", "public-key = " + a->publicKey + "\n", "line 1: expected name = \"value\""},
        {"unknown", "private = \"" + a->secretKey + "\"\n", "unknown key 'private'"},
        {"empty", "# nothing\n", "no public-key"},
    };
    for (const Case& c : cases) {
        fs::path p = dir / (std::string(c.name) + ".key");
        writeFile(p, c.text);
        auto r = net::readCurveKeyFile(p.string());
        ASSERT_FALSE(r) << c.name;
        EXPECT_NE(r.error().message.find(p.string()), std::string::npos) << r.error().message;
        EXPECT_NE(r.error().message.find(c.expect), std::string::npos) << c.name << ": " << r.error().message;
    }
    EXPECT_FALSE(net::readCurveKeyFile((dir / "missing.key").string()));
    fs::remove_all(dir);
}
