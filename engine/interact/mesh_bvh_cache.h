// MeshBvhCache — MeshBvhs keyed by (Asset::id, mesh, primitive), built on first use and shared by every draw of
// that primitive (the stress scene's 10k nodes share six meshes: six builds, not 10k). Assets are immutable, so an
// entry never goes stale; it only outlives its asset, which evictUnused() cleans up.
// Not thread-safe: owned and used by the main thread (the thread that builds SceneRaycasters).
#pragma once

#include "interact/mesh_bvh.h"
#include "scene/asset.h"

#include <cstdint>
#include <memory>
#include <span>
#include <unordered_map>

namespace tv::interact {

class MeshBvhCache {
public:
    // The BVH of asset.meshes[mesh].primitives[primitive], building it on a miss. Asserts the indices are valid.
    std::shared_ptr<const MeshBvh> get(const scene::Asset& asset, int32_t mesh, int32_t primitive);

    // Drops entries of assets not in `live` (e.g. FrameExtract::assets after an asset was unloaded).
    void evictUnused(std::span<const scene::AssetPtr> live);
    void clear() { m_entries.clear(); }

    size_t size() const { return m_entries.size(); }
    uint64_t builds() const { return m_builds; } // misses so far, for tests and stats
    size_t memoryBytes() const;

private:
    struct Key {
        uint64_t asset;
        int32_t mesh, primitive;
        bool operator==(const Key&) const = default;
    };
    struct KeyHash {
        size_t operator()(const Key& k) const {
            uint64_t h = k.asset * 0x9e3779b97f4a7c15ull;
            h ^= (uint64_t(uint32_t(k.mesh)) << 32 | uint32_t(k.primitive)) + 0x7f4a7c159e3779b9ull + (h << 6) +
                 (h >> 2);
            return size_t(h);
        }
    };
    std::unordered_map<Key, std::shared_ptr<const MeshBvh>, KeyHash> m_entries;
    uint64_t m_builds = 0;
};

} // namespace tv::interact
