// AssetCache — GPU resources per imported Asset, keyed by Asset::id. An asset is uploaded the first time a frame
// draws it; when no extract has referenced it for `releaseAfterFrames` frames its resources go to the retire list
// (destroyed once the last frame that drew it has completed). Render thread only.
#pragma once

#include "core/expected.h"
#include "gfx/asset_gpu.h"
#include "gfx/texture_cache.h"
#include "gfx/upload.h"

#include <memory>
#include <unordered_map>

namespace tv::gfx {

class Pipelines;

class AssetCache {
public:
    AssetCache(GpuCore& gpu, Uploader& uploader, Pipelines& pipelines, SamplerCache& samplers,
               const DefaultTextures& defaults);
    ~AssetCache(); // asserts releaseAll() ran

    // The GPU side of `asset`, uploading it on first use. An asset that failed to upload is not retried (the
    // error is returned each time without work); callers skip its draws.
    Expected<AssetGpu*> acquire(const scene::Asset& asset);
    bool hasFailed(uint64_t assetId) const { return m_failed.count(assetId) != 0; }
    // Marks an asset as drawn by the frame `frame` whose submission will signal `value`.
    static void markUsed(AssetGpu& gpuAsset, uint64_t frame, uint64_t value) {
        gpuAsset.lastUsedFrame = frame;
        gpuAsset.lastUsedValue = value;
    }
    // Retires assets unused for more than `releaseAfterFrames` frames; returns how many.
    size_t releaseUnused(uint64_t currentFrame, uint64_t releaseAfterFrames);
    void releaseAll();

    size_t residentCount() const { return m_assets.size(); }
    bool isResident(uint64_t assetId) const { return m_assets.count(assetId) != 0; }

private:
    Expected<void> build(const scene::Asset& asset, AssetGpu& out);
    Expected<void> buildMaterials(const scene::Asset& asset, AssetGpu& out);
    void retireAsset(AssetGpu& a);

    GpuCore& m_gpu;
    Uploader& m_uploader;
    Pipelines& m_pipelines;
    SamplerCache& m_samplers;
    const DefaultTextures& m_defaults;
    std::unordered_map<uint64_t, std::unique_ptr<AssetGpu>> m_assets;
    std::unordered_map<uint64_t, Error> m_failed;
};

} // namespace tv::gfx
