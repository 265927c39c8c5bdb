// FrameStats — what the last rendered frame cost and drew. Plain data; filled by the Renderer on the render thread.
#pragma once

#include <cstdint>

namespace tv::gfx {

struct FrameStats {
    double cpuMs = 0;          // CPU time spent in the render call (building lists, recording, submitting)
    double gpuMs = 0;          // GPU time between the frame's first and last timestamp (previous use of the frame
                               // context, so it lags by up to two frames in window mode; exact for renderToImage)
    uint32_t drawCalls = 0;    // vkCmdDraw* calls of the colour pass (shadow passes counted in shadowDrawCalls)
    uint64_t triangles = 0;    // triangles submitted in the colour pass (instances included)
    uint32_t visibleDraws = 0; // DrawInstances that passed frustum culling
    uint32_t culledDraws = 0;  // DrawInstances rejected by frustum culling
    uint32_t instances = 0;    // per-instance transforms uploaded
    uint32_t shadowDrawCalls = 0;
};

} // namespace tv::gfx
