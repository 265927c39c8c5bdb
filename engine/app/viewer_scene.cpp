#include "app/viewer_scene.h"

#include "app/demo_scene.h"
#include "core/log.h"
#include "gltf/gltf_import.h"
#include "twin/scene_file_parser.h"
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

bool ViewerScene::isTwinSceneFile(const std::string& path) {
    return lowerExtension(std::filesystem::u8path(path)) == ".json";
}

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
    auto finish = [&](Expected<void> result) {
        m_loadSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        return result;
    };
    m_sceneFile.reset();
    m_bundledDemo = false;
    if (options.file.empty() || isTwinSceneFile(options.file)) {
        auto parsed = options.file.empty() ? twin::parseSceneFile(demoSceneText(), demoSceneName())
                                           : twin::loadSceneFile(options.file);
        if (!parsed) return finish(parsed.error());
        if (!options.quiet)
            for (const std::string& w : parsed->warnings) logWarn("%s", w.c_str());
        m_bundledDemo = options.file.empty();
        return finish(loadTwinScene(std::move(parsed->scene), options));
    }
    scene::AssetPtr asset;
    std::string name;
    if (options.file == "builtin:demo") {
        asset = scene::makeDemoPlant();
        name = "demo plant";
    } else if (options.file == "builtin:stress") {
        // The generated 10,000-node / 1,000,000-triangle scene the benchmarks use, for trying the viewer at scale.
        asset = scene::makeStressScene(10000, 1000000, 1);
        name = "stress scene";
    } else {
        auto loaded = loadAsset(options.file, options.quiet);
        if (!loaded) return finish(loaded.error());
        asset = *loaded;
        name = std::filesystem::u8path(options.file).filename().string();
    }
    return finish(show(asset, name, options));
}

Expected<scene::AssetPtr> ViewerScene::resolveAsset(const std::string& ref) {
    if (auto it = m_assetCache.find(ref); it != m_assetCache.end()) return it->second;
    Expected<scene::AssetPtr> result = makeError(ErrorCode::NotFound, "no asset \"" + ref + "\"");
    std::string source = ref, path;
    if (m_sceneFile) {
        if (const twin::AssetDecl* decl = m_sceneFile->findAsset(ref)) {
            source = decl->source;
            path = decl->resolvedPath;
        }
    }
    if (source.rfind("builtin:", 0) == 0) {
        if (scene::AssetPtr builtin = scene::makeBuiltinAsset(source.substr(8)))
            result = builtin;
        else
            result = makeError(ErrorCode::NotFound, "unknown builtin asset \"" + source + "\"");
    } else {
        if (path.empty()) {
            // A spawn record may name a file directly: relative to the scene file's folder.
            std::filesystem::path base = m_sceneFile && !m_sceneFile->path.empty()
                                             ? std::filesystem::u8path(m_sceneFile->path).parent_path()
                                             : std::filesystem::path();
            path = (base / std::filesystem::u8path(source)).string();
        }
        auto loaded = loadAsset(path, true);
        if (loaded)
            result = *loaded;
        else
            result = Error{loaded.error().code, path + ": " + loaded.error().message};
    }
    m_assetCache.emplace(ref, result);
    return result;
}

twin::AssetResolver ViewerScene::assetResolver() {
    return [this](const std::string& ref) { return resolveAsset(ref); };
}

Expected<void> ViewerScene::loadTwinScene(twin::SceneFile file, const Options& options) {
    m_sceneFile = std::make_unique<twin::SceneFile>(std::move(file));
    m_assetCache.clear();
    m_player.stopAll();
    for (auto inst : m_instances) m_graph.destroyInstance(inst);
    m_instances.clear();
    m_displayName =
        m_sceneFile->name.empty() ? std::filesystem::u8path(m_sceneFile->path).filename().string() : m_sceneFile->name;
    twin::InstanceMap instances;
    for (const twin::AssetDecl& decl : m_sceneFile->assets) {
        auto asset = resolveAsset(decl.id);
        if (!asset)
            return makeError(asset.error().code,
                             format("%s:%u:%u: assets: \"%s\": %s", m_sceneFile->path.c_str(), decl.pos.line,
                                    decl.pos.column, decl.id.c_str(), asset.error().message.c_str()));
        if (decl.spawnOnly) continue; // loaded for spawn records, not placed
        auto instance = m_graph.instantiate(*asset, -1, {}, decl.name.empty() ? decl.id : decl.name);
        if (!instance) return instance.error();
        m_graph.setLocalTransform(m_graph.instanceRoot(*instance), decl.transform);
        m_instances.push_back(*instance);
        instances.emplace(decl.id, *instance);
    }
    auto resolved = twin::resolve(*m_sceneFile, m_graph, instances);
    if (!resolved) return resolved.error();
    m_resolved = std::move(*resolved);
    return finishShow(options);
}

Expected<void> ViewerScene::show(scene::AssetPtr asset, const std::string& name, const Options& options) {
    if (options.sceneIndex >= 0 && size_t(options.sceneIndex) >= asset->scenes.size())
        return makeError(ErrorCode::InvalidArgument,
                         format("--scene %d: the file has %zu scene(s)", options.sceneIndex, asset->scenes.size()));
    // Replace what was shown: a failed load above leaves the previous scene untouched.
    m_sceneFile.reset();
    m_bundledDemo = false;
    m_player.stopAll();
    for (auto inst : m_instances) m_graph.destroyInstance(inst);
    m_instances.clear();
    m_displayName = name;
    auto instance = m_graph.instantiate(asset, options.sceneIndex, {}, m_displayName);
    if (!instance) return instance.error();
    m_instances.push_back(*instance);
    return finishShow(options);
}

Expected<void> ViewerScene::finishShow(const Options& options) {
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
    // A twin scene file opens at its first viewpoint (the author's chosen overview); the bundled demo keeps the
    // site overview below, framed to whatever the plant currently holds.
    if (m_sceneFile && !m_bundledDemo && !m_sceneFile->viewpoints.empty()) {
        const interact::Viewpoint& vp = m_sceneFile->viewpoints.all().front();
        scene::ViewCamera cam = vp.camera;
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
    if (options.file.empty() || options.file == "builtin:demo") {
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
