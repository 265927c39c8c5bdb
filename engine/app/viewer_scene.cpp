#include "app/viewer_scene.h"

#include "core/log.h"
#include "gltf/gltf_import.h"
#include "scene/scene_generators.h"

#include <algorithm>
#include <chrono>
#include <filesystem>

namespace tv::app {
namespace {

std::string lowerExtension(const std::filesystem::path& p) {
    std::string ext = p.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return ext;
}

} // namespace

Expected<scene::AssetPtr> ViewerScene::loadAsset(const std::string& file, bool quiet) {
    std::filesystem::path path = std::filesystem::u8path(file);
    std::string ext = lowerExtension(path);
    if (ext != ".gltf" && ext != ".glb")
        return makeError(ErrorCode::Unsupported, "unsupported file type '" + ext + "' (expected .gltf or .glb)");
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) return makeError(ErrorCode::NotFound, "no such file");
    if (!quiet)
        logInfo("loading %s (%.1f MB)...", file.c_str(),
                double(std::filesystem::file_size(path, ec)) / (1024.0 * 1024.0));
    auto imported = gltf::importGltf(path);
    if (!imported) return imported.error();
    return *imported;
}

Expected<void> ViewerScene::load(const Options& options) {
    auto start = std::chrono::steady_clock::now();
    scene::AssetPtr asset;
    std::string name;
    if (options.file.empty() || options.file == "builtin:demo") {
        asset = scene::makeDemoPlant();
        name = "demo plant";
    } else if (options.file == "builtin:stress") {
        // The generated 10,000-node / 1,000,000-triangle scene the benchmarks use, for trying the viewer at scale.
        asset = scene::makeStressScene(10000, 1000000, 1);
        name = "stress scene";
    } else {
        auto loaded = loadAsset(options.file, options.quiet);
        if (!loaded) return loaded.error();
        asset = *loaded;
        name = std::filesystem::u8path(options.file).filename().string();
    }
    auto shown = show(asset, name, options);
    m_loadSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return shown;
}

Expected<void> ViewerScene::show(scene::AssetPtr asset, const std::string& name, const Options& options) {
    if (options.sceneIndex >= 0 && size_t(options.sceneIndex) >= asset->scenes.size())
        return makeError(ErrorCode::InvalidArgument,
                         format("--scene %d: the file has %zu scene(s)", options.sceneIndex, asset->scenes.size()));
    // Replace what was shown: a failed load above leaves the previous scene untouched.
    m_player.stopAll();
    for (auto inst : m_instances) m_graph.destroyInstance(inst);
    m_instances.clear();
    m_displayName = name;
    auto instance = m_graph.instantiate(asset, options.sceneIndex, {}, m_displayName);
    if (!instance) return instance.error();
    m_instances.push_back(*instance);

    if (!options.fileLights) {
        m_graph.forEachNode([&](scene::NodeHandle n) {
            if (m_graph.light(n)) m_graph.setLight(n, std::nullopt);
        });
    }

    // Animation: the reference rig (neutral) shows the rest pose unless told otherwise; the viewer plays.
    AnimArg anim = options.anim.value_or(AnimArg{options.lighting == LightingChoice::Default, -1, 0.0f});
    for (auto inst : m_instances) {
        const auto& anims = m_graph.instanceAsset(inst)->animations;
        if (anim.play) {
            for (int32_t i = 0; i < int32_t(anims.size()); ++i) m_player.play(inst, i);
        } else if (anim.index >= 0) {
            if (size_t(anim.index) >= anims.size())
                return makeError(ErrorCode::InvalidArgument,
                                 format("--anim %d: the file has %zu animation(s)", anim.index, anims.size()));
            scene::applyAnimation(m_graph, inst, anim.index, anim.time);
        }
    }
    m_graph.updateWorldTransforms();
    scene::extractFrame(m_graph, m_extract);
    return {};
}

void ViewerScene::advance(float dt) {
    if (m_player.playingCount() > 0) m_player.update(m_graph, dt);
    m_graph.updateWorldTransforms();
    scene::extractFrame(m_graph, m_extract);
}

scene::ViewCamera ViewerScene::initialCamera(const Options& options, float aspect) const {
    const Aabb& bounds = m_extract.bounds;
    if (options.camera) {
        scene::ViewCamera cam;
        cam.eye = options.camera->eye;
        cam.target = options.camera->target;
        cam.yfov = glm::radians(options.camera->yfovDeg);
        scene::fitDepthRange(cam, bounds);
        return cam;
    }
    // The file's first camera: the first node (in asset node order) of the first instance that carries one.
    for (auto inst : m_instances) {
        const auto& asset = m_graph.instanceAsset(inst);
        for (int32_t i = 0; i < int32_t(asset->nodes.size()); ++i) {
            if (asset->nodes[size_t(i)].camera < 0) continue;
            scene::NodeHandle node = m_graph.instanceNode(inst, i);
            if (!node) continue;
            return scene::fromGltfCamera(asset->cameras[size_t(asset->nodes[size_t(i)].camera)],
                                         m_graph.worldMatrix(node), bounds);
        }
    }
    // A site overview reads best from above at three quarters; a single model from the front, as the Khronos
    // viewer frames it (so a default view of a sample matches what people know from that tool).
    if (options.file.empty()) {
        scene::ViewCamera cam = scene::frameBoundsFrom(bounds, glm::radians(45.0f), aspect, vec3(0.9f, 0.75f, 1.1f));
        // The bounding-sphere rule leaves wide margins around a flat site; come in closer.
        cam.eye = cam.target + (cam.eye - cam.target) * 0.72f;
        scene::fitDepthRange(cam, bounds);
        return cam;
    }
    return scene::frameBounds(bounds, glm::radians(45.0f), aspect);
}

size_t ViewerScene::triangleCount() const {
    size_t tris = 0;
    for (const auto& d : m_extract.draws) {
        size_t instances = std::max<uint32_t>(1, d.instanceCount);
        for (const auto& p : d.asset->meshes[size_t(d.mesh)].primitives)
            if (p.topology == scene::Topology::Triangles) tris += p.indices.size() / 3 * instances;
    }
    return tris;
}

} // namespace tv::app
