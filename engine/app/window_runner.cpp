#include "app/window_runner.h"

#include "app/async_loader.h"
#include "app/desktop_controls.h"
#include "app/imgui_overlay.h"
#include "app/live_twin.h"
#include "app/operator_actions.h"
#include "app/session_link.h"
#include "app/ui_model_fill.h"
#include "net/record/feed_player.h"
#include "app/renderer_setup.h"
#include "app/run_summary.h"
#include "core/log.h"
#include "gfx/renderer.h"
#include "gfx/window_target.h"
#include "image/png_io.h"
#include "interact/frame_time_history.h"
#include "interact/section_planes.h"
#include "interact/viewpoints.h"
#include "twin/scene_file_writer.h"
#include "ui/ui_context.h"
#include "ui/annotations_panel.h"
#include "ui/shortcuts.h"
#include "ui/viewer_ui.h"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <imgui.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

namespace tv::app {
namespace {

void onGlfwError(int code, const char* text) { logWarn("GLFW error %d: %s", code, text); }

// Switches between windowed (restoring the previous position and size) and fullscreen on the window's monitor.
// `saved` holds the windowed placement (x, y, width, height) while fullscreen.
void toggleFullscreen(GLFWwindow* window, glm::ivec4& saved) {
    if (glfwGetWindowMonitor(window)) {
        glfwSetWindowMonitor(window, nullptr, saved.x, saved.y, saved.z, saved.w, GLFW_DONT_CARE);
        return;
    }
    glfwGetWindowPos(window, &saved.x, &saved.y);
    glfwGetWindowSize(window, &saved.z, &saved.w);
    GLFWmonitor* monitor = glfwGetPrimaryMonitor();
    if (!monitor) return;
    const GLFWvidmode* mode = glfwGetVideoMode(monitor);
    glfwSetWindowMonitor(window, monitor, 0, 0, mode->width, mode->height, mode->refreshRate);
}

// The walkthrough file (--viewpoints): read at start; a missing file is an empty walkthrough, a malformed one an
// error naming the file and the field.
Expected<void> loadViewpoints(const std::string& file, interact::ViewpointList& out, std::string& savedText) {
    std::ifstream in(std::filesystem::u8path(file), std::ios::binary);
    if (!in) return {};
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto parsed = interact::parseViewpoints(text);
    if (!parsed) return makeError(parsed.error().code, file + ": " + parsed.error().message);
    out = std::move(*parsed);
    savedText = interact::viewpointsToString(out);
    return {};
}

// Writes the walkthrough when it changed since the last write: to a temporary file renamed over the old one, so a
// crash mid-write never leaves a truncated walkthrough.
void saveViewpointsIfChanged(const std::string& file, const interact::ViewpointList& list, std::string& savedText) {
    std::string text = interact::viewpointsToString(list);
    if (text == savedText) return;
    std::filesystem::path path = std::filesystem::u8path(file), tmp = path;
    tmp += ".tmp";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        out << text;
        if (!out) {
            logError("%s: cannot write the viewpoints", tmp.string().c_str());
            return;
        }
    }
    std::error_code ec;
    std::filesystem::rename(tmp, path, ec);
    if (ec) {
        logError("%s: cannot save the viewpoints: %s", file.c_str(), ec.message().c_str());
        return;
    }
    savedText = std::move(text);
}

// GLFW's drop callback carries no context pointer (the window's user pointer belongs to DesktopControls); there is
// one window per process, so dropped paths wait here until the frame loop takes them.
std::vector<std::string>& droppedPaths() {
    static std::vector<std::string> paths;
    return paths;
}

// Everything the desktop viewer keeps between frames besides the scene and the renderer.
struct DesktopState {
    DesktopControls controls;
    interact::SectionState sections;
    interact::ViewpointList viewpoints;
    interact::FrameTimeHistory frameTimes;
    ui::ViewerUiState ui;
    ui::LoadStatus load;
    AsyncLoader loader;
    std::string savedViewpoints;  // the viewpoints as last written (to --viewpoints or into the scene file)
    std::string pendingTwinScene; // a .json scene file to open at the next frame boundary (synchronously)
    bool screenshot = false, quit = false, toggleFullscreen = false, toggleVsync = false;
    glm::ivec4 windowedPlacement{0, 0, 1280, 720}; // restored when leaving fullscreen
    float outlineScale = 0.0f;                     // content scale the outline width was last set for
    std::vector<int> heldKeys;                     // keys shown to ImGui as down for one frame (see holdShortTaps)
    std::string userName;                          // who acknowledges alarms outside a session (--name, else $USER)
};

// Dear ImGui 1.86 samples key state once per frame: a key pressed and released between two frames (a quick tap
// on a slow frame, or scripted input) never reaches a text field — Enter would not submit a command. Keys pressed
// since the last frame are shown to ImGui as down for this frame and restored to their real state the next.
void holdShortTaps(DesktopState& s, GLFWwindow* window) {
    ImGuiIO& io = ImGui::GetIO();
    constexpr int kKeys = int(sizeof(io.KeysDown) / sizeof(io.KeysDown[0]));
    for (int key : s.heldKeys) io.KeysDown[key] = glfwGetKey(window, key) == GLFW_PRESS;
    s.heldKeys.clear();
    for (auto [key, mods] : s.controls.pendingKeyPresses()) {
        if (key < 0 || key >= kKeys || io.KeysDown[key]) continue;
        io.KeysDown[key] = true;
        s.heldKeys.push_back(key);
    }
}

// After a new scene replaced the old one: nothing selected, isolated or measured refers to the old nodes.
void forgetPreviousScene(DesktopState& s) {
    s.load.error.clear();
    s.controls.selection().clearSelection();
    s.controls.selection().clearIsolation();
    s.controls.measurements().clear();
}

// Models load on the worker thread; twin scene files (small JSON, builtin or cached assets) at the next frame.
void openPath(DesktopState& s, const std::string& path) {
    if (ViewerScene::isTwinSceneFile(path)) {
        s.pendingTwinScene = path;
        return;
    }
    if (!s.loader.start(path)) s.load.error = "a file is already loading: " + s.loader.file();
}

// Without --viewpoints, a twin scene file's own viewpoints are the walkthrough, and changes are saved back into the
// file (atomically, the rest of the file rewritten from its model). The bundled demo has no file to write.
bool viewpointsLiveInSceneFile(const Options& options, const ViewerScene& scene) {
    return options.viewpoints.empty() && scene.sceneFile() && !scene.isBundledDemo() &&
           !scene.sceneFile()->path.empty();
}

void takeViewpointsFromScene(DesktopState& s, const ViewerScene& scene, const Options& options) {
    if (!options.viewpoints.empty() || !scene.sceneFile()) return;
    s.viewpoints = scene.sceneFile()->viewpoints;
    s.savedViewpoints = interact::viewpointsToString(s.viewpoints);
}

void saveViewpointsIntoSceneIfChanged(DesktopState& s, ViewerScene& scene) {
    std::string text = interact::viewpointsToString(s.viewpoints);
    if (text == s.savedViewpoints) return;
    twin::SceneFile* file = scene.sceneFile();
    file->viewpoints = s.viewpoints;
    if (auto saved = twin::saveSceneFile(*file, file->path); !saved) {
        logError("%s", saved.error().message.c_str());
        return;
    }
    s.savedViewpoints = std::move(text);
}

// Replaces the scene and its live twin with a twin scene file. The old twin stops first (its runtime points at the
// nodes being replaced); a file that fails to parse leaves the current scene, but without its live feed.
void openTwinScene(DesktopState& s, ViewerScene& scene, std::unique_ptr<LiveTwin>& live, SessionLink* link,
                   const Options& options) {
    std::string path = std::move(s.pendingTwinScene);
    s.pendingTwinScene.clear();
    Options o = options;
    o.file = path;
    o.connect.clear();
    o.replay.clear();
    o.sceneIndex = -1;
    live.reset();
    if (link) link->detachScene(); // its avatars and pins are nodes of the scene being replaced
    auto loaded = scene.load(o);
    if (link) link->attachScene(scene.graph());
    if (loaded) {
        // In a shared session the new scene's first feed is the hub's relay as well.
        auto started = startLiveTwin(scene, o, link ? link->makeFeedSource() : nullptr);
        if (started)
            live = std::move(*started);
        else
            loaded = started.error();
    }
    s.load.file = path;
    if (!loaded) {
        s.load.error = path + ": " + loaded.error().message;
        logError("%s", s.load.error.c_str());
        return;
    }
    forgetPreviousScene(s);
    s.controls.navigation().transitionTo(scene.initialCamera(o, 16.0f / 9.0f));
    takeViewpointsFromScene(s, scene, o);
    logInfo("opened twin scene %s", path.c_str());
}

// What "frame all" frames: the scene without the session's avatars and pins (a colleague standing far away must
// not zoom everyone out).
Aabb twinBounds(const scene::FrameExtract& extract, const SessionLink* link) {
    if (!link) return extract.bounds;
    Aabb b;
    for (const scene::DrawInstance& d : extract.draws)
        if (!link->isSessionNode(d.node)) b.extend(d.worldBounds);
    return b.empty() ? extract.bounds : b;
}

void executeActions(const std::vector<ui::UiAction>& actions, DesktopState& s, ViewerScene& scene, LiveTwin* live,
                    SessionLink* link) {
    auto& nav = s.controls.navigation();
    for (const ui::UiAction& a : actions) {
        if (link && link->execute(a, nav.camera())) continue; // the session's own actions
        if (live && executeOperatorAction(a, *live, link, s.userName)) continue;
        switch (a.kind) {
        case ui::UiActionKind::OpenFile: openPath(s, a.path); break;
        case ui::UiActionKind::TakeScreenshot: s.screenshot = true; break;
        case ui::UiActionKind::Quit: s.quit = true; break;
        case ui::UiActionKind::FrameSelection: {
            Aabb sel = s.controls.selectionBounds(scene.graph(), scene.extract());
            nav.frameBounds(sel.empty() ? twinBounds(scene.extract(), link) : sel);
            break;
        }
        case ui::UiActionKind::FrameAll: nav.frameBounds(twinBounds(scene.extract(), link)); break;
        case ui::UiActionKind::SetStandardView: nav.showStandardView(a.view, twinBounds(scene.extract(), link)); break;
        case ui::UiActionKind::SetOrthographic: nav.setOrthographic(a.flag); break;
        case ui::UiActionKind::FlyTo: nav.transitionTo(a.camera); break;
        case ui::UiActionKind::SetNavigationMode: nav.setMode(a.mode); break;
        case ui::UiActionKind::ToggleFullscreen: s.toggleFullscreen = true; break;
        case ui::UiActionKind::ToggleVsync: s.toggleVsync = true; break;
        case ui::UiActionKind::SendCommand:
            if (live) live->sendCommand(a.text);
            break;
        case ui::UiActionKind::ReplaySeek:
            if (live && live->player()) live->player()->seek(uint64_t(std::max(0.0, a.value) * 1e6));
            break;
        case ui::UiActionKind::ReplaySetSpeed:
            if (live && live->player()) live->player()->setSpeed(a.value);
            break;
        case ui::UiActionKind::ReplaySetPaused:
            if (live && live->player()) live->player()->setPaused(a.flag);
            break;
        case ui::UiActionKind::FlyToNode: { // the panel selected the node already: frame it like F
            Aabb sel = s.controls.selectionBounds(scene.graph(), scene.extract());
            if (!sel.empty()) nav.frameBounds(sel);
            break;
        }
        default: break; // session actions without a session (the panels are hidden then)
        }
        // A follower who moves the camera on purpose breaks away from the leader.
        const bool movesCamera = a.kind == ui::UiActionKind::FrameSelection || a.kind == ui::UiActionKind::FrameAll ||
                                 a.kind == ui::UiActionKind::SetStandardView || a.kind == ui::UiActionKind::FlyTo ||
                                 a.kind == ui::UiActionKind::FlyToNode;
        if (link && movesCamera) link->onLocalNavigation();
    }
}

// A finished background load replaces the scene; a failure keeps the current one and shows the error.
void finishLoad(DesktopState& s, ViewerScene& scene, std::unique_ptr<LiveTwin>& live, SessionLink* link,
                const Options& options) {
    if (auto done = s.loader.poll()) {
        s.load.loading = false;
        if (!*done) {
            s.load.error = s.load.file + ": " + done->error().message;
            logError("%s", s.load.error.c_str());
            return;
        }
        Options o = options;
        o.sceneIndex = -1;
        auto name = std::filesystem::u8path(s.load.file).filename().string();
        live.reset(); // its runtime points at the nodes show() replaces
        if (link) link->detachScene();
        auto shown = scene.show(**done, name, o);
        if (link) link->attachScene(scene.graph());
        if (!shown) {
            s.load.error = s.load.file + ": " + shown.error().message;
            logError("%s", s.load.error.c_str());
            return;
        }
        forgetPreviousScene(s);
        s.controls.navigation().frameBounds(twinBounds(scene.extract(), link));
        logInfo("loaded %s", s.load.file.c_str());
    }
    if (s.loader.busy()) {
        s.load.loading = true;
        s.load.file = s.loader.file();
        s.load.progress = -1.0f; // the importer reports no fraction: the bar is indeterminate
    }
}

// The renderer's per-frame view of the interaction state: outline the selection's subtree and the hovered node,
// cut with the section planes.
void applyHighlightAndSections(gfx::Renderer& renderer, DesktopState& s, ViewerScene& scene, float contentScale) {
    gfx::HighlightSet hl;
    const auto& sel = s.controls.selection();
    for (const scene::DrawInstance& d : scene.extract().draws) {
        if (sel.selected() && sel.isSelected(scene.graph(), d.node))
            hl.selected.push_back(d.node);
        else if (sel.hover() && d.node == sel.hover())
            hl.hovered.push_back(d.node);
    }
    renderer.setHighlight(hl);
    if (s.outlineScale != contentScale) { // the outline width is in framebuffer pixels: scale it on HiDPI screens
        gfx::OutlineStyle style;
        style.radiusPixels = uint32_t(std::clamp(std::lround(float(style.radiusPixels) * contentScale), 1L, 8L));
        renderer.setOutlineStyle(style);
        s.outlineScale = contentScale;
    }
    auto planes = s.sections.shaderPlanes();
    if (auto ok = renderer.setSectionPlanes(planes); !ok) logWarn("section planes: %s", ok.error().message.c_str());
}

} // namespace

bool displayAvailable() {
    const char* x = std::getenv("DISPLAY");
    const char* wl = std::getenv("WAYLAND_DISPLAY");
    return (x && *x) || (wl && *wl);
}

int runWindow(const Options& options, ViewerScene& scene, std::unique_ptr<LiveTwin>& live, SessionLink* link,
              std::chrono::steady_clock::time_point programStart) {
    glfwSetErrorCallback(onGlfwError);
    if (!glfwInit()) {
        logError("cannot open a window (GLFW failed to initialise); run with --headless");
        return kExitBadInput;
    }
    if (!glfwVulkanSupported()) {
        logError("no Vulkan loader usable for a window; run with --headless");
        glfwTerminate();
        return kExitBadInput;
    }
    uint32_t extCount = 0;
    const char** exts = glfwGetRequiredInstanceExtensions(&extCount);
    std::vector<std::string> instanceExtensions(exts, exts + extCount);

    glfwWindowHint(GLFW_CLIENT_API, GLFW_NO_API);
    glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_TRUE);
    std::string title = "twinview — " + scene.displayName();
    GLFWwindow* window = glfwCreateWindow(int(options.width), int(options.height), title.c_str(), nullptr, nullptr);
    if (!window) {
        logError("cannot create a %ux%u window", options.width, options.height);
        glfwTerminate();
        return kExitBadInput;
    }
    int exit = kExitOk;
    {
        auto renderer = gfx::Renderer::create(rendererConfig(options, instanceExtensions, true));
        if (!renderer) {
            logError("%s", renderer.error().message.c_str());
            glfwDestroyWindow(window);
            glfwTerminate();
            return kExitBadInput;
        }
        auto target = (*renderer)->createWindowTarget(window, options.vsync);
        if (!target) {
            logError("%s", target.error().message.c_str());
            glfwDestroyWindow(window);
            glfwTerminate();
            return kExitBadInput;
        }

        DesktopState state;
        state.ui.handleShortcuts = false; // dispatched from recorded key presses below, never lost between frames
        state.userName = operatorName(options);
        applyPanelOptions(state.ui, options);
        state.savedViewpoints = interact::viewpointsToString(state.viewpoints);
        takeViewpointsFromScene(state, scene, options);
        if (!options.viewpoints.empty()) {
            if (auto vp = loadViewpoints(options.viewpoints, state.viewpoints, state.savedViewpoints); !vp) {
                logError("%s", vp.error().message.c_str());
                target->reset();
                glfwDestroyWindow(window);
                glfwTerminate();
                return kExitBadInput;
            }
        }
        state.controls.setInitialCamera(scene.initialCamera(options, float(options.width) / float(options.height)));
        state.controls.attach(window); // before ImGui's GLFW backend, which chains to these callbacks
        state.controls.setSections(&state.sections);
        if (link) {
            // Avatars and pins are drawn in the scene but are not the twin: the cursor sees through them, and a
            // click on a pin selects its annotation.
            state.controls.setPickThrough([link](scene::NodeHandle n) { return link->isSessionNode(n); });
            state.controls.setClickInterceptor([link](const interact::Ray& ray) {
                if (link->placingAnnotation()) return false;
                auto pin = link->pickPin(ray);
                if (!pin) return false;
                ui::UiAction select;
                select.kind = ui::UiActionKind::SelectAnnotation;
                select.id = *pin;
                link->execute(select, {});
                return true;
            });
        }
        glfwSetDropCallback(window, [](GLFWwindow*, int count, const char** paths) {
            for (int i = 0; i < count; ++i) droppedPaths().push_back(paths[i]);
        });

        float xscale = 1.0f, yscale = 1.0f;
        glfwGetWindowContentScale(window, &xscale, &yscale);
        const VkFormat fmt = (*target)->colorFormat();
        const bool srgb = fmt == VK_FORMAT_B8G8R8A8_SRGB || fmt == VK_FORMAT_R8G8B8A8_SRGB;
        ui::UiContext uiContext({.contentScale = xscale, .iniFilename = nullptr, .srgbFramebuffer = srgb});
        auto overlay = ImGuiOverlay::create(**renderer, **target, window);
        if (!overlay) {
            logError("%s", overlay.error().message.c_str());
            target->reset();
            glfwDestroyWindow(window);
            glfwTerminate();
            return kExitBadInput;
        }

        RunSummary summary;
        summary.scene = scene.displayName();
        summary.mode = "window";
        summary.device = (*renderer)->deviceName();
        summary.loadSeconds = scene.loadSeconds();
        summary.validationEnabled = options.validate;
        double cpuSum = 0.0, gpuSum = 0.0, titleTimer = 0.0;
        uint32_t frame = 0, titleFrames = 0;
        std::string lastStatus;
        auto last = std::chrono::steady_clock::now();
        while (!glfwWindowShouldClose(window)) {
            glfwPollEvents();
            auto now = std::chrono::steady_clock::now();
            float dt = std::min(std::chrono::duration<float>(now - last).count(), 0.1f);
            last = now;
            int fbw = 0, fbh = 0;
            glfwGetFramebufferSize(window, &fbw, &fbh);
            if (fbw == 0 || fbh == 0) { // minimised: nothing to draw, do not spin
                glfwWaitEventsTimeout(0.1);
                continue;
            }
            for (const std::string& p : droppedPaths()) openPath(state, p);
            droppedPaths().clear();
            if (!state.pendingTwinScene.empty()) openTwinScene(state, scene, live, link, options);
            finishLoad(state, scene, live, link, options);

            if (live) live->update(dt);
            if (link) {
                // What this user shows the others: the camera as their head, the surface under the cursor as their
                // laser pointer, their selection.
                LocalView local;
                local.camera = state.controls.camera(scene.extract().bounds);
                if (auto p = state.controls.cursorPoint(); p && !state.ui.measureMode) local.pointerHit = p->position;
                if (scene.graph().isValid(state.controls.selection().selected()))
                    local.selectionPath = scene.graph().path(state.controls.selection().selected());
                link->update(dt, local);
            }
            scene.advance(dt);
            state.controls.filter(scene.graph(), scene.extract());
            int winW = 0, winH = 0; // cursor positions are in window coordinates (HiDPI-safe rays)
            glfwGetWindowSize(window, &winW, &winH);
            const vec2 viewport{float(winW), float(winH)};

            (*overlay)->newFrame();
            holdShortTaps(state, window);
            uiContext.beginFrame();
            ui::ViewerUiModel model{scene.graph(),  state.controls.selection(), state.controls.measurements(),
                                    state.sections, state.viewpoints,           state.frameTimes};
            model.camera = state.controls.camera(scene.extract().bounds);
            model.viewport = viewport;
            model.navigationMode = state.controls.navigation().mode();
            const auto& st = (*renderer)->lastFrameStats();
            model.stats.drawCalls = st.drawCalls;
            model.stats.triangles = st.triangles;
            model.stats.gpuMemoryBytes = (*renderer)->gpuMemoryBytes();
            model.load = state.load;
            model.cursorPoint = state.controls.cursorPoint();
            fillLiveModel(model, live.get(), link);
            std::vector<ui::UiAction> actions;
            // Shortcuts are dispatched from the recorded GLFW presses (see DesktopControls::takeKeyPresses), before the
            // panels are drawn, so this very frame already shows their effect.
            for (auto [key, glfwMods] : state.controls.takeKeyPresses()) {
                uint8_t mods = uint8_t(((glfwMods & GLFW_MOD_CONTROL) ? ui::kModCtrl : 0) |
                                       ((glfwMods & GLFW_MOD_SHIFT) ? ui::kModShift : 0) |
                                       ((glfwMods & GLFW_MOD_ALT) ? ui::kModAlt : 0));
                const ui::Shortcut* sc = ui::findShortcut(ui::Key(key), mods);
                if (!sc || (uiContext.wantsKeyboard() && !ui::worksWhileTyping(*sc))) continue; // typing in a field
                ui::runCommand(sc->command, state.ui, model, actions);
            }
            for (ui::UiAction& a : ui::drawViewerUi(state.ui, model)) actions.push_back(std::move(a));
            FrameUiInput uiInput;
            uiInput.uiWantsMouse = uiContext.wantsMouse();
            uiInput.measureMode = state.ui.measureMode;
            uiInput.placeAnnotationMode = link && link->placingAnnotation();
            if (!uiContext.wantsKeyboard()) uiInput.move = ui::heldMoveInput();
            (*overlay)->submit(uiContext.endFrame());
            executeActions(actions, state, scene, live.get(), link);
            if (live) stepOperatorPanels(state.ui, *live, link);

            if (!options.viewpoints.empty())
                saveViewpointsIfChanged(options.viewpoints, state.viewpoints, state.savedViewpoints);
            else if (viewpointsLiveInSceneFile(options, scene))
                saveViewpointsIntoSceneIfChanged(state, scene);
            if (state.toggleFullscreen) {
                toggleFullscreen(window, state.windowedPlacement);
                state.toggleFullscreen = false;
            }
            if (state.toggleVsync) {
                (*target)->setVsync(!(*target)->vsync()); // the swapchain is recreated before the next frame
                state.toggleVsync = false;
            }
            state.controls.update(dt, scene.graph(), scene.extract(), viewport, uiInput);
            if (link) {
                auto& nav = state.controls.navigation();
                if (state.controls.navigatedThisFrame()) link->onLocalNavigation();
                if (auto placed = state.controls.takePlacedPoint()) { // "New annotation": ask for its text there
                    ui::beginAnnotationPrompt(state.ui.annotations, placed->position, placed->normal,
                                              scene.graph().isValid(placed->node) ? scene.graph().path(placed->node)
                                                                                  : std::string());
                    link->setPlacingAnnotation(false);
                }
                if (auto move = link->takeCameraMove()) nav.transitionTo(*move); // gather, fly to a pin
                if (auto follow = link->followCamera(nav.camera(), dt)) nav.setCamera(*follow);
            }
            if (state.quit) glfwSetWindowShouldClose(window, GLFW_TRUE);
            applyHighlightAndSections(**renderer, state, scene, xscale);
            auto r =
                (*renderer)->renderToWindow(**target, scene.extract(), state.controls.camera(scene.extract().bounds));
            if (!r) {
                logError("rendering failed: %s", r.error().message.c_str());
                exit = kExitBadInput;
                break;
            }
            if (frame == 0)
                summary.firstFrameSeconds =
                    std::chrono::duration<double>(std::chrono::steady_clock::now() - programStart).count();
            state.frameTimes.push(float(st.cpuMs), float(st.gpuMs));
            cpuSum += st.cpuMs;
            gpuSum += st.gpuMs;
            summary.drawCalls = st.drawCalls;
            summary.triangles = st.triangles;
            summary.width = uint32_t(fbw);
            summary.height = uint32_t(fbh);
            summary.scene = scene.displayName();
            ++frame;
            ++titleFrames;
            titleTimer += dt;
            std::string status = state.controls.statusText(scene.graph());
            if (titleTimer > 0.5 || status != lastStatus) { // state changes show at once (tests read the title)
                lastStatus = status;
                double fps = titleTimer > 0.0 ? titleFrames / titleTimer : 0.0;
                std::string t =
                    format("twinview — %s — %.1f fps, %.2f ms cpu, %.2f ms gpu, %u draws — %s",
                           scene.displayName().c_str(), fps, st.cpuMs, st.gpuMs, st.drawCalls, status.c_str());
                glfwSetWindowTitle(window, t.c_str());
                titleTimer = 0.0;
                titleFrames = 0;
            }
            // --screenshot is taken of the last frame, however the run ends (frame count, close button, Ctrl+Q).
            bool lastFrame = (options.frames && frame >= *options.frames) || glfwWindowShouldClose(window);
            if (state.screenshot || (lastFrame && !options.screenshot.empty())) {
                state.screenshot = false;
                std::string out = options.screenshot.empty() ? format("twinview-%u.png", frame) : options.screenshot;
                auto img = (*renderer)->captureWindow(**target);
                if (img && image::writePng(out, *img)) {
                    summary.screenshot = out;
                    if (!options.quiet) logInfo("screenshot written to %s", out.c_str());
                } else {
                    logError("screenshot to %s failed: %s", out.c_str(),
                             img ? "cannot write the file" : img.error().message.c_str());
                }
            }
            if (lastFrame) break;
        }
        (*renderer)->waitIdle();
        overlay->reset();
        summary.frames = frame;
        summary.meanCpuMs = frame ? cpuSum / frame : 0.0;
        summary.meanGpuMs = frame ? gpuSum / frame : 0.0;
        summary.nodes = scene.graph().nodeCount();
        summary.validationMessages = (*renderer)->validationMessageCount();
        target->reset();
        std::printf("%s\n", formatSummary(summary).c_str());
        if (exit == kExitOk && options.validate && summary.validationMessages > 0) exit = kExitValidation;
    }
    glfwDestroyWindow(window);
    glfwTerminate();
    return exit;
}

} // namespace tv::app
