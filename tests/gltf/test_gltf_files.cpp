// Importing from disk: external buffers and images next to the .gltf, UTF-8 file and folder names, and the
// confinement rules (no absolute URIs, no "..", no symlink leading out, no external files for in-memory imports
// without a folder, size caps) with messages naming the offending URI.
#include "gltf_test_util.h"

#include <gtest/gtest.h>

#include <sys/stat.h>

namespace tv::gltf::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// A triangle document whose buffer 0 is the external file `uri` (the blob itself is returned in `bin`).
json externalDoc(const std::string& uri, std::vector<uint8_t>& bin) {
    GltfBuilder b;
    int pos = b.addAccessor(std::vector<float>{0, 0, 0, 1, 0, 0, 0, 1, 0}, kFloat, "VEC3");
    b.addMesh({{"attributes", {{"POSITION", pos}}}});
    b.addScene({b.addNode({{"mesh", 0}})});
    bin = b.bin;
    json d = b.doc;
    d["buffers"] = {{{"byteLength", bin.size()}, {"uri", uri}}};
    return d;
}

TEST(GltfFiles, ExternalBufferAndImageNextToTheFile) {
    TempDir dir;
    std::vector<uint8_t> bin;
    json d = externalDoc("geometry.bin", bin);
    d["images"] = {{{"uri", "tex/albedo.png"}}};
    d["textures"] = {{{"source", 0}}};
    dir.write("geometry.bin", bin);
    dir.write("tex/albedo.png", makePng(4, 4));
    dir.write("scene.gltf", d.dump());
    auto r = importGltf(dir.path() / "scene.gltf");
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ((*r)->meshes[0].primitives[0].positions[2], vec3(0, 1, 0));
    ASSERT_EQ((*r)->images.size(), 1u);
    EXPECT_EQ((*r)->images[0].width, 4u);
    EXPECT_EQ((*r)->images[0].name, "tex/albedo.png");
    EXPECT_EQ((*r)->textures[0].image, 0);
    EXPECT_EQ((*r)->sourcePath, (dir.path() / "scene.gltf").string());
}

TEST(GltfFiles, Utf8FileAndFolderNames) {
    TempDir dir;
    std::vector<uint8_t> bin;
    // The URI is percent-encoded UTF-8, as exporters write it ("dätä ♻.bin").
    json d = externalDoc("d%C3%A4t%C3%A4%20%E2%99%BB.bin", bin);
    dir.write(fs::u8path("mödel ❤/dätä ♻.bin"), bin);
    dir.write(fs::u8path("mödel ❤/シーン.gltf"), d.dump());
    auto r = importGltf(dir.path() / fs::u8path("mödel ❤/シーン.gltf"));
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ((*r)->meshes[0].primitives[0].positions.size(), 3u);

    // GLB in a UTF-8 folder too.
    GltfBuilder b;
    int pos = b.addAccessor(std::vector<float>{0, 0, 0, 1, 0, 0, 0, 1, 0}, kFloat, "VEC3");
    b.addMesh({{"attributes", {{"POSITION", pos}}}});
    dir.write(fs::u8path("Ünï/♻.glb"), b.glb());
    auto g = importGltf(dir.path() / fs::u8path("Ünï/♻.glb"));
    ASSERT_TRUE(g) << g.error().message;
}

TEST(GltfFiles, RelativePathUsesTheWorkingDirectory) {
    TempDir dir;
    std::vector<uint8_t> bin;
    json d = externalDoc("a.bin", bin);
    dir.write("a.bin", bin);
    dir.write("a.gltf", d.dump());
    const fs::path old = fs::current_path();
    fs::current_path(dir.path());
    auto r = importGltf("a.gltf");
    fs::current_path(old);
    ASSERT_TRUE(r) << r.error().message;
}

TEST(GltfFiles, MissingBufferFile) {
    TempDir dir;
    std::vector<uint8_t> bin;
    dir.write("scene.gltf", externalDoc("missing.bin", bin).dump());
    auto r = importGltf(dir.path() / "scene.gltf");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::NotFound);
    EXPECT_NE(r.error().message.find("buffer file 'missing.bin' not found"), std::string::npos) << r.error().message;
}

TEST(GltfFiles, MissingMainFile) {
    auto r = importGltf("/nonexistent/dir/model.gltf");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::NotFound);
    EXPECT_NE(r.error().message.find("cannot open '/nonexistent/dir/model.gltf'"), std::string::npos);
}

TEST(GltfFiles, BufferFileWrongSize) {
    TempDir dir;
    std::vector<uint8_t> bin;
    json d = externalDoc("g.bin", bin);
    bin.resize(bin.size() - 4);
    dir.write("g.bin", bin);
    dir.write("scene.gltf", d.dump());
    auto r = importGltf(dir.path() / "scene.gltf");
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find("File size mismatch"), std::string::npos) << r.error().message;
}

TEST(GltfFiles, MissingImageIsAWarningNotAnError) {
    TempDir dir;
    std::vector<uint8_t> bin;
    json d = externalDoc("g.bin", bin);
    d["images"] = {{{"uri", "nothere.png"}}};
    d["textures"] = {{{"source", 0}}};
    dir.write("g.bin", bin);
    dir.write("scene.gltf", d.dump());
    testing::internal::CaptureStderr();
    auto r = importGltf(dir.path() / "scene.gltf");
    std::string log = testing::internal::GetCapturedStderr();
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ((*r)->textures[0].image, -1);
    EXPECT_TRUE((*r)->images.empty());
    EXPECT_NE(log.find("texture 0 loses its source: image 0 ('nothere.png'): file not found"), std::string::npos)
        << log;
}

struct EscapeCase {
    const char* name;
    std::string uri;
    const char* needle;
};

TEST(GltfFiles, PathEscapesAreRejected) {
    TempDir dir;
    // A file outside the asset folder that an escape would reach.
    dir.write("secret.bin", std::vector<uint8_t>(36, 0));
    std::vector<uint8_t> bin;
    externalDoc("x", bin);
    const fs::path asset = dir.path() / "asset";
    fs::create_directories(asset);
    fs::create_symlink(dir.path() / "secret.bin", asset / "link.bin");
    fs::create_directory_symlink(dir.path(), asset / "up");
    const EscapeCase cases[] = {
        {"dot-dot", "../secret.bin", "uri '../secret.bin' rejected: '..' escapes the asset folder"},
        {"dot-dot inside", "sub/../../secret.bin", "'..' escapes the asset folder"},
        {"percent-encoded dot-dot", "%2E%2E/secret.bin", "'..' escapes the asset folder"},
        {"absolute", (dir.path() / "secret.bin").string(), "absolute paths are not allowed"},
        {"etc passwd", "/etc/passwd", "uri '/etc/passwd' rejected: absolute paths are not allowed"},
        {"file symlink out", "link.bin", "uri 'link.bin' rejected: resolves (through a symlink) outside"},
        {"dir symlink out", "up/secret.bin", "resolves (through a symlink) outside the asset folder"},
        {"scheme", "file:///etc/passwd", "scheme"},
        {"backslash", "..\\secret.bin", "backslashes are not allowed"},
    };
    for (const EscapeCase& c : cases) {
        json d = externalDoc(c.uri, bin);
        dir.write("asset/scene.gltf", d.dump());
        auto r = importGltf(asset / "scene.gltf");
        ASSERT_FALSE(r) << c.name;
        EXPECT_EQ(r.error().code, ErrorCode::InvalidArgument) << c.name << ": " << r.error().message;
        EXPECT_NE(r.error().message.find(c.needle), std::string::npos)
            << c.name << "\n  message: " << r.error().message << "\n  expected: " << c.needle;
    }
    // Image URIs obey the same rule (an escape is an error, not a silently missing texture).
    json d = externalDoc("ok.bin", bin);
    dir.write("asset/ok.bin", bin);
    d["images"] = {{{"uri", "../secret.png"}}};
    dir.write("secret.png", makePng(2, 2));
    dir.write("asset/scene.gltf", d.dump());
    auto r = importGltf(asset / "scene.gltf");
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find("uri '../secret.png' rejected"), std::string::npos) << r.error().message;
}

TEST(GltfFiles, SymlinkInsideTheFolderIsFine) {
    TempDir dir;
    std::vector<uint8_t> bin;
    json d = externalDoc("alias.bin", bin);
    dir.write("data/real.bin", bin);
    fs::create_symlink(dir.path() / "data/real.bin", dir.path() / "alias.bin");
    dir.write("scene.gltf", d.dump());
    auto r = importGltf(dir.path() / "scene.gltf");
    ASSERT_TRUE(r) << r.error().message;
}

TEST(GltfFiles, InMemoryWithoutFolderAllowsNoExternalFiles) {
    std::vector<uint8_t> bin;
    json d = externalDoc("geometry.bin", bin);
    auto r = importJson(d.dump());
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::InvalidArgument);
    EXPECT_NE(r.error().message.find("external uri 'geometry.bin' is not allowed: in-memory import has no base "
                                     "directory"),
              std::string::npos)
        << r.error().message;
    // ...but the same document with a folder works.
    TempDir dir;
    dir.write("geometry.bin", bin);
    auto ok = importJson(d.dump(), {}, dir.path());
    ASSERT_TRUE(ok) << ok.error().message;
}

TEST(GltfFiles, ExternalFileOverTheCap) {
    TempDir dir;
    std::vector<uint8_t> bin;
    json d = externalDoc("g.bin", bin);
    dir.write("g.bin", bin);
    dir.write("scene.gltf", d.dump());
    ImportOptions o;
    o.maxFileBytes = 20; // the .gltf is larger: fails on the main file first
    auto r = importGltf(dir.path() / "scene.gltf", o);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::TooLarge);
    o.maxFileBytes = 1 << 20;
    o.maxTotalBytes = 20; // the 36-byte buffer exceeds the total budget
    r = importGltf(dir.path() / "scene.gltf", o);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::TooLarge);
    EXPECT_NE(r.error().message.find("file 'g.bin' is over the maxTotalBytes cap"), std::string::npos)
        << r.error().message;
}

TEST(GltfFiles, MissingBaseDirectoryIsNamed) {
    std::vector<uint8_t> bin;
    json d = externalDoc("geometry.bin", bin);
    auto r = importJson(d.dump(), {}, "/nonexistent/assets");
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find("base directory '/nonexistent/assets' does not exist"), std::string::npos)
        << r.error().message;
}

TEST(GltfFiles, FifoDoesNotHang) {
    TempDir dir;
    const fs::path fifo = dir.path() / "pipe.gltf";
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    auto r = importGltf(fifo);
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find("is not a regular file"), std::string::npos) << r.error().message;
    // ...and as an external buffer it is simply not a file.
    std::vector<uint8_t> bin;
    dir.write("scene.gltf", externalDoc("pipe.gltf", bin).dump());
    r = importGltf(dir.path() / "scene.gltf");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::NotFound) << r.error().message;
}

TEST(GltfFiles, DirectoryInsteadOfFile) {
    TempDir dir;
    fs::create_directories(dir.path() / "x.gltf");
    auto r = importGltf(dir.path() / "x.gltf");
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find("is not a regular file"), std::string::npos) << r.error().message;
}

} // namespace
} // namespace tv::gltf::test
