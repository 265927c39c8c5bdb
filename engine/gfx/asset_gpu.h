// AssetGpu — everything the GPU holds for one imported Asset (keyed by Asset::id): geometry buffers, morph deltas,
// textures, material uniforms and descriptor sets. Built by AssetCache from the immutable Asset; destroyed through
// the retire list once no frame in flight uses it. Render thread only.
#pragma once

#include "gfx/gpu_resources.h"
#include "scene/asset.h"
#include "shaders/shader_interface.h"

#include <vulkan/vulkan.h>

#include <array>
#include <cstdint>
#include <vector>

namespace tv::gfx {

struct PrimitiveGpu {
    std::array<VkDeviceSize, shader::kAttrCount> streamOffset{}; // into AssetGpu::vertices
    uint32_t presentStreams = 0;  // bit per kAttr*; absent streams read a constant default
    VkDeviceSize indexOffset = 0; // into AssetGpu::indices (uint32)
    uint32_t indexCount = 0;
    uint32_t vertexCount = 0;
    uint32_t morphBase = 0; // into AssetGpu::morph (vec4 units)
    uint32_t morphTargets = 0;
    scene::Topology topology = scene::Topology::Triangles;
    uint32_t material = 0;  // index into AssetGpu::materials (default material last)
    vec3 localCenter{0.0f}; // for back-to-front sorting of blended primitives
};

struct MaterialGpu {
    VkDescriptorSet set = VK_NULL_HANDLE;
    scene::AlphaMode alphaMode = scene::AlphaMode::Opaque;
    bool doubleSided = false;
    bool transmissive = false; // KHR_materials_transmission factor > 0: drawn after the transmission framebuffer
};

struct AssetGpu {
    uint64_t assetId = 0;
    Buffer vertices;
    Buffer indices;
    Buffer morph;            // vec4 deltas; a 16-byte dummy when the asset has no morph targets
    Buffer materialUniforms; // MaterialUniforms per material, at materialStride
    VkDeviceSize materialStride = 0;
    std::vector<Image> images;      // per (asset image, colour space) actually used; see textureImage
    std::vector<int32_t> imageSlot; // asset image * 2 + srgb -> index into images, -1 = not created
    std::vector<std::vector<PrimitiveGpu>> meshes;
    std::vector<MaterialGpu> materials; // asset materials, then the glTF default material
    VkDescriptorPool pool = VK_NULL_HANDLE;
    VkDescriptorSet geometrySet = VK_NULL_HANDLE;
    uint64_t lastUsedFrame = 0; // renderer frame counter when last drawn
    uint64_t lastUsedValue = 0; // timeline value of the last submission that drew it
    uint64_t bytes = 0;
};

} // namespace tv::gfx
