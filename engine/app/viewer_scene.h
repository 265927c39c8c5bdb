// ViewerScene — what every front end (headless, window, later XR) shows: the scene graph with the loaded file or
// demo, its animation playback and the per-frame extract handed to the renderer. A twin scene file (.json, and the
// bundled demo twin) also brings its assets, entity map and bindings: sceneFile()/resolved()/assetResolver() are
// what LiveTwin needs to start the feeds. Main thread only.
#pragma once

#include "app/cli_options.h"
#include "core/expected.h"
#include "scene/animation.h"
#include "scene/frame_extract.h"
#include "scene/scene_graph.h"
#include "scene/view_camera.h"
#include "twin/scene_file.h"
#include "twin/scene_resolve.h"
#include "twin/twin_runtime.h"

#include <memory>
#include <optional>
#include <unordered_map>
#include <string>
#include <vector>

namespace tv::app {

class ViewerScene {
public:
    // Loads options.file (a twin scene file .json, a .gltf/.glb, builtin:demo / builtin:stress) or, when empty,
    // the bundled demo twin's scene file, and sets up animation as options.anim asks. The error message names
    // the cause; the caller prefixes "error: <file>: ".
    Expected<void> load(const Options& options);

    // The twin scene file shown (null for a plain model), its entity-to-node map, and a resolver for the assets
    // spawn records name (scene-file asset ids, builtin: names, paths relative to the scene file; cached).
    const twin::SceneFile* sceneFile() const { return m_sceneFile.get(); }
    twin::SceneFile* sceneFile() { return m_sceneFile.get(); }
    const twin::ResolvedScene& resolved() const { return m_resolved; }
    twin::AssetResolver assetResolver();
    // True for the bundled demo twin (no FILE): the app starts the embedded simulator for it.
    bool isBundledDemo() const { return m_bundledDemo; }

    // True for a twin scene file (.json, any case): load() reads it as a scene file rather than a model.
    static bool isTwinSceneFile(const std::string& path);

    // Reads and validates a .gltf/.glb (no scene-graph access: safe on a loader thread).
    static Expected<scene::AssetPtr> loadAsset(const std::string& file, bool quiet);
    // Replaces what is shown with `asset` (main thread). On error the previous content is kept.
    Expected<void> show(scene::AssetPtr asset, const std::string& name, const Options& options);

    // Advances animation by dt seconds, recomputes dirty world transforms and rebuilds the frame extract.
    void advance(float dt);

    // The camera the options ask for: --camera, else the file's first camera, else automatic framing.
    scene::ViewCamera initialCamera(const Options& options, float aspect) const;

    const std::string& displayName() const { return m_displayName; }
    double loadSeconds() const { return m_loadSeconds; }
    const scene::FrameExtract& extract() const { return m_extract; }
    scene::FrameExtract& extract() { return m_extract; } // front ends filter it (isolate, x-ray) before drawing
    scene::SceneGraph& graph() { return m_graph; }
    const scene::SceneGraph& graph() const { return m_graph; }
    size_t triangleCount() const; // of the loaded content (one instance each), for the summary

private:
    Expected<void> loadTwinScene(twin::SceneFile file, const Options& options);
    // After the instances are placed: drops file lights if asked, sets up animation, builds the first extract.
    Expected<void> finishShow(const Options& options);
    Expected<scene::AssetPtr> resolveAsset(const std::string& ref);

    scene::SceneGraph m_graph;
    scene::AnimationPlayer m_player;
    scene::FrameExtract m_extract;
    std::vector<scene::InstanceHandle> m_instances;
    std::string m_displayName;
    double m_loadSeconds = 0.0;
    std::unique_ptr<twin::SceneFile> m_sceneFile;
    twin::ResolvedScene m_resolved;
    std::unordered_map<std::string, Expected<scene::AssetPtr>> m_assetCache; // by reference as written
    bool m_bundledDemo = false;
};

} // namespace tv::app
