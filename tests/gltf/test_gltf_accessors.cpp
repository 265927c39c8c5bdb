// The accessor reader on its own (internal API): matrix column padding for small component types, and the
// description inspectAccessor returns. Exercised on hand-built tinygltf models, no JSON involved.
#include "gltf/accessor_reader.h"

#include <gtest/gtest.h>

namespace tv::gltf::detail {
namespace {

// One buffer holding `bytes`, one bufferView over all of it, one accessor of `type` / `componentType`.
tinygltf::Model modelWith(std::vector<uint8_t> bytes, int componentType, int type, size_t count, bool normalized) {
    tinygltf::Model m;
    m.buffers.emplace_back();
    m.buffers[0].data = std::move(bytes);
    m.bufferViews.emplace_back();
    m.bufferViews[0].buffer = 0;
    m.bufferViews[0].byteLength = m.buffers[0].data.size();
    m.accessors.emplace_back();
    m.accessors[0].bufferView = 0;
    m.accessors[0].componentType = componentType;
    m.accessors[0].type = type;
    m.accessors[0].count = count;
    m.accessors[0].normalized = normalized;
    return m;
}

TEST(GltfAccessors, Mat3OfBytesSkipsColumnPadding) {
    // Each 3-byte column is padded to 4 bytes: 12 bytes per element. Padding bytes hold 99 (must be ignored).
    std::vector<uint8_t> bytes = {1, 2, 3, 99, 4, 5, 6, 99, 7, 8, 9, 99};
    tinygltf::Model m = modelWith(bytes, TINYGLTF_COMPONENT_TYPE_UNSIGNED_BYTE, TINYGLTF_TYPE_MAT3, 1, false);
    auto info = inspectAccessor(m, 0, "test");
    ASSERT_TRUE(info) << info.error().message;
    EXPECT_EQ(info->elementSize, 12u);
    EXPECT_EQ(info->components, 9u);
    EXPECT_STREQ(info->typeName(), "MAT3");
    std::vector<float> out(9);
    decodeFloats(*info, out.data());
    EXPECT_EQ(out, (std::vector<float>{1, 2, 3, 4, 5, 6, 7, 8, 9}));
}

TEST(GltfAccessors, Mat2OfBytesAndShorts) {
    {
        std::vector<uint8_t> bytes = {255, 0, 99, 99, 0, 255, 99, 99};
        tinygltf::Model m = modelWith(bytes, TINYGLTF_COMPONENT_TYPE_UNSIGNED_BYTE, TINYGLTF_TYPE_MAT2, 1, true);
        auto info = inspectAccessor(m, 0, "test");
        ASSERT_TRUE(info) << info.error().message;
        EXPECT_EQ(info->elementSize, 8u);
        std::vector<float> out(4);
        decodeFloats(*info, out.data());
        EXPECT_EQ(out, (std::vector<float>{1, 0, 0, 1}));
    }
    {
        std::vector<uint8_t> bytes(8);
        const int16_t v[4] = {1, -2, 3, -4};
        std::memcpy(bytes.data(), v, 8);
        tinygltf::Model m = modelWith(bytes, TINYGLTF_COMPONENT_TYPE_SHORT, TINYGLTF_TYPE_MAT2, 1, false);
        auto info = inspectAccessor(m, 0, "test");
        ASSERT_TRUE(info) << info.error().message;
        EXPECT_EQ(info->elementSize, 8u) << "2-byte columns of 2 shorts are already 4-byte aligned";
        std::vector<float> out(4);
        decodeFloats(*info, out.data());
        EXPECT_EQ(out, (std::vector<float>{1, -2, 3, -4}));
    }
}

TEST(GltfAccessors, Mat3OfShortsNeedsTwentyFourBytes) {
    std::vector<uint8_t> bytes(23, 0);
    tinygltf::Model m = modelWith(bytes, TINYGLTF_COMPONENT_TYPE_SHORT, TINYGLTF_TYPE_MAT3, 1, false);
    auto info = inspectAccessor(m, 0, "test");
    ASSERT_FALSE(info) << "a MAT3 of shorts is 3 columns of 8 bytes";
    EXPECT_NE(info.error().message.find("1 elements of 24 bytes"), std::string::npos) << info.error().message;
}

TEST(GltfAccessors, UnsignedIntegersAsFloats) {
    std::vector<uint8_t> bytes(8);
    const uint32_t v[2] = {7, 4000000000u};
    std::memcpy(bytes.data(), v, 8);
    tinygltf::Model m = modelWith(bytes, TINYGLTF_COMPONENT_TYPE_UNSIGNED_INT, TINYGLTF_TYPE_SCALAR, 2, false);
    auto info = inspectAccessor(m, 0, "test");
    ASSERT_TRUE(info);
    std::vector<float> f(2);
    decodeFloats(*info, f.data());
    EXPECT_EQ(f[0], 7.0f);
    EXPECT_EQ(f[1], 4000000000.0f);
    std::vector<uint32_t> u(2);
    decodeUints(*info, u.data());
    EXPECT_EQ(u[1], 4000000000u);
}

} // namespace
} // namespace tv::gltf::detail
