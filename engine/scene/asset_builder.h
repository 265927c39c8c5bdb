// AssetBuilder — small helpers for assembling an Asset in code (materials, meshes, a node tree) while keeping the
// Asset invariants the importer guarantees for files: parent/children consistent, indices in range, bounds
// filled. Used by the generators (demo_plant.cpp, scene_generators.cpp) and tests. Private to engine/scene.
#pragma once

#include "core/assert.h"
#include "scene/asset.h"

#include <memory>
#include <string>
#include <vector>

namespace tv::scene {

class AssetBuilder {
public:
    AssetBuilder() : m_asset(std::make_shared<Asset>()) {}

    Asset& asset() { return *m_asset; }

    int32_t material(std::string name, const vec4& baseColor, float metallic, float roughness) {
        Material m;
        m.name = std::move(name);
        m.baseColorFactor = baseColor;
        m.metallicFactor = metallic;
        m.roughnessFactor = roughness;
        m_asset->materials.push_back(std::move(m));
        return int32_t(m_asset->materials.size() - 1);
    }

    int32_t mesh(std::string name, std::vector<Primitive> primitives) {
        Mesh m;
        m.name = std::move(name);
        for (Primitive& p : primitives) {
            TV_ASSERT(p.material < int32_t(m_asset->materials.size()), "generated primitive names a bad material");
            m.primitives.push_back(std::move(p));
        }
        m_asset->meshes.push_back(std::move(m));
        return int32_t(m_asset->meshes.size() - 1);
    }

    // A node under `parent` (-1 = a scene root of scene 0).
    int32_t node(std::string name, int32_t parent, const Transform& t = {}, int32_t meshIndex = -1) {
        Node n;
        n.name = std::move(name);
        n.parent = parent;
        n.transform = t;
        n.mesh = meshIndex;
        int32_t index = int32_t(m_asset->nodes.size());
        m_asset->nodes.push_back(std::move(n));
        if (parent >= 0) {
            TV_ASSERT(parent < index, "parent must exist before its children");
            m_asset->nodes[size_t(parent)].children.push_back(index);
        } else {
            if (m_asset->scenes.empty()) m_asset->scenes.push_back(SceneDesc{"generated", {}});
            m_asset->scenes[0].roots.push_back(index);
        }
        return index;
    }

    // Stamps the id and hands the finished asset over (the builder must not be used afterwards).
    AssetPtr finish(std::string sourcePath) {
        m_asset->id = nextAssetId();
        m_asset->sourcePath = std::move(sourcePath);
        m_asset->defaultScene = m_asset->scenes.empty() ? -1 : 0;
        return std::move(m_asset);
    }

private:
    std::shared_ptr<Asset> m_asset;
};

// Placement helpers for the generators.
inline mat4 translation(const vec3& t) { return glm::translate(mat4(1.0f), t); }
inline Transform at(const vec3& t, float yawDegrees = 0.0f) {
    Transform x;
    x.translation = t;
    x.rotation = glm::angleAxis(glm::radians(yawDegrees), vec3(0.0f, 1.0f, 0.0f));
    return x;
}

} // namespace tv::scene
