// MeshBvhCache (see mesh_bvh_cache.h).
#include "interact/mesh_bvh_cache.h"

#include "core/assert.h"

#include <unordered_set>

namespace tv::interact {

std::shared_ptr<const MeshBvh> MeshBvhCache::get(const scene::Asset& asset, int32_t mesh, int32_t primitive) {
    TV_ASSERT(mesh >= 0 && size_t(mesh) < asset.meshes.size(), "MeshBvhCache: mesh index out of range");
    const auto& prims = asset.meshes[size_t(mesh)].primitives;
    TV_ASSERT(primitive >= 0 && size_t(primitive) < prims.size(), "MeshBvhCache: primitive index out of range");
    Key key{asset.id, mesh, primitive};
    auto it = m_entries.find(key);
    if (it != m_entries.end()) return it->second;
    auto bvh = std::make_shared<const MeshBvh>(prims[size_t(primitive)]);
    ++m_builds;
    m_entries.emplace(key, bvh);
    return bvh;
}

void MeshBvhCache::evictUnused(std::span<const scene::AssetPtr> live) {
    std::unordered_set<uint64_t> ids;
    for (const auto& a : live)
        if (a) ids.insert(a->id);
    std::erase_if(m_entries, [&](const auto& kv) { return !ids.count(kv.first.asset); });
}

size_t MeshBvhCache::memoryBytes() const {
    size_t bytes = 0;
    for (const auto& kv : m_entries) bytes += kv.second->memoryBytes();
    return bytes;
}

} // namespace tv::interact
