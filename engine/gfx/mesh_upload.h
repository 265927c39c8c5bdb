// Geometry upload for one asset: every primitive's vertex streams packed into one device-local vertex buffer,
// indices into one index buffer, morph deltas into one storage buffer ([target][position|normal|tangent][vertex]).
// Render thread only.
#pragma once

#include "core/expected.h"
#include "gfx/asset_gpu.h"
#include "gfx/upload.h"

namespace tv::gfx {

Expected<void> uploadGeometry(GpuCore& gpu, Uploader& uploader, const scene::Asset& asset, AssetGpu& out);

// The constant values an absent stream reads (bound with stride 0): normal +Z, tangent +X, white vertex colour.
std::vector<uint8_t> defaultStreamBytes();
VkDeviceSize defaultStreamOffset(uint32_t attribute);
VkFormat attributeFormat(uint32_t attribute);
uint32_t attributeStride(uint32_t attribute);

} // namespace tv::gfx
