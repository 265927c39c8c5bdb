// Procedurally generated content, built from code (no third-party models): the bundled demo (a small static
// process plant until the feed issue makes it live), a stress scene for benchmarks and tests, and the spawnable
// assets a live feed places (a conveyor part, a forklift, an AGV). Deterministic: same code, same Asset. Any thread.
#pragma once

#include "scene/asset.h"

#include <cstdint>
#include <span>
#include <string_view>

namespace tv::scene {

// A small process plant: floor slab, tanks, pipes, pumps, valves, a conveyor with parts, an AGV and a building
// frame. Named nodes ("plant/tank-1", "plant/pump-3", ...) so later feeds can bind to them. PBR materials.
AssetPtr makeDemoPlant();

// A stress scene: `nodeCount` nodes in a shallow hierarchy, sharing a handful of meshes (so instancing matters),
// totalling about `triangleCount` triangles, spread over a grid. Deterministic for a given seed.
AssetPtr makeStressScene(uint32_t nodeCount = 10000, uint32_t triangleCount = 1000000, uint32_t seed = 1);

// Spawnable assets (demo_vehicles.cpp): what a feed spawns instances of; assets/*.glb are these, written by
// tv_assetgen. Each has one root node named after the asset with its origin on the floor (y = 0 is the bottom),
// +X forward, +Y up, metres; the node names below are what feeds bind to (paths relative to the instance).
// A crate on the conveyor, 0.5 x 0.34 x 0.4 m: root "part" (crate mesh). The plant's own parts are the same size.
AssetPtr makeConveyorPart();
// A counterbalance forklift, about 3 m long with forks: root "forklift" -> "body", "mast" -> "forks" (lift by
// moving "forks" along +Y in mast space; 0.1 m is the lowered height), "wheel-1".."wheel-4" (front left, front
// right, rear left, rear right; axles along local Z, spin about Z).
AssetPtr makeForklift();
// The demo plant's AGV on its own (same meshes and materials): root "agv" (body) -> "wheel-1".."wheel-4".
AssetPtr makeAgv();

// The generator called `name`: "demo" (makeDemoPlant), "stress" (makeStressScene with its defaults), "part",
// "forklift", "agv"; nullptr for any other name. Each call builds a new Asset (with a new id), so a caller that
// spawns many instances should build once and share the pointer. Scene files say "builtin:<name>".
AssetPtr makeBuiltinAsset(std::string_view name);
// The names makeBuiltinAsset knows, in the order above.
std::span<const std::string_view> builtinAssetNames();

} // namespace tv::scene
