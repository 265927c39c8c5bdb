// Environment — the image-based lighting inputs, built on the GPU at start-up:
//  - the split-sum GGX LUT (128x128 RG16F, 512 samples per texel, brdf_lut.comp);
//  - the neutral rig's uniform environment: irradiance and prefiltered cubes that are exactly L_env everywhere
//    (for a constant environment every prefiltered map equals the constant, so no filtering is needed);
//  - the default lighting's procedural sky (sky.comp) with its irradiance (irradiance.comp) and GGX prefiltered
//    mip chain (prefilter.comp), built lazily the first time default lighting is used.
// Render thread only.
#pragma once

#include "core/expected.h"
#include "core/math.h"
#include "gfx/gpu_resources.h"

#include <memory>

namespace tv::gfx {

class Pipelines;
class SamplerCache;
class Uploader;

struct EnvironmentMaps {
    const Image* sky = nullptr; // background (default lighting only; neutral binds its irradiance cube)
    const Image* irradiance = nullptr;
    const Image* prefiltered = nullptr;
    uint32_t prefilteredMips = 1;
};

class Environment {
public:
    static Expected<std::unique_ptr<Environment>> create(GpuCore& gpu, Uploader& uploader, Pipelines& pipelines,
                                                         float neutralRadiance);
    ~Environment();

    const Image& brdfLut() const { return m_lut; }
    EnvironmentMaps neutral() const;
    // Builds the procedural sky on first call. `sunDirection` is the sunlight's direction of travel.
    Expected<EnvironmentMaps> sky(const vec3& sunDirection);

private:
    Environment(GpuCore& gpu, Uploader& uploader, Pipelines& pipelines)
        : m_gpu(gpu), m_uploader(uploader), m_pipelines(pipelines) {}
    Expected<void> buildLut();
    Expected<void> buildNeutral(float radiance);
    Expected<void> buildSky(const vec3& sunDirection);
    Expected<VkPipeline> computePipeline(const char* shaderName, VkDescriptorSetLayout layout, uint32_t pushBytes,
                                         VkPipelineLayout& layoutOut);

    GpuCore& m_gpu;
    Uploader& m_uploader;
    Pipelines& m_pipelines;
    Image m_lut;
    Image m_neutralIrradiance, m_neutralPrefiltered;
    Image m_sky, m_skyIrradiance, m_skyPrefiltered;
    bool m_skyBuilt = false;
};

} // namespace tv::gfx
