// Procedurally generated content, built from code (no third-party models): the bundled demo (a small static
// process plant until the feed issue makes it live) and a stress scene for benchmarks and tests.
#pragma once

#include "scene/asset.h"

#include <cstdint>

namespace tv::scene {

// A small process plant: floor slab, tanks, pipes, pumps, valves, a conveyor with parts, an AGV and a building
// frame. Named nodes ("plant/tank-1", "plant/pump-3", ...) so later feeds can bind to them. PBR materials.
AssetPtr makeDemoPlant();

// A stress scene: `nodeCount` nodes in a shallow hierarchy, sharing a handful of meshes (so instancing matters),
// totalling about `triangleCount` triangles, spread over a grid. Deterministic for a given seed.
AssetPtr makeStressScene(uint32_t nodeCount = 10000, uint32_t triangleCount = 1000000, uint32_t seed = 1);

} // namespace tv::scene
