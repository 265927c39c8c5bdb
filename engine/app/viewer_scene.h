// ViewerScene — what every front end (headless, window, later XR) shows: the scene graph with the loaded file or
// demo, its animation playback and the per-frame extract handed to the renderer. Main thread only.
#pragma once

#include "app/cli_options.h"
#include "core/expected.h"
#include "scene/animation.h"
#include "scene/frame_extract.h"
#include "scene/scene_graph.h"
#include "scene/view_camera.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace tv::app {

class ViewerScene {
public:
    // Loads options.file (a .gltf/.glb) or, when empty, the bundled demo plant, and sets up animation as
    // options.anim asks. The error message names the cause; the caller prefixes "error: <file>: ".
    Expected<void> load(const Options& options);

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
    scene::SceneGraph m_graph;
    scene::AnimationPlayer m_player;
    scene::FrameExtract m_extract;
    std::vector<scene::InstanceHandle> m_instances;
    std::string m_displayName;
    double m_loadSeconds = 0.0;
};

} // namespace tv::app
