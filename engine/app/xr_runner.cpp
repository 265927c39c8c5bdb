// The headset front end's frame loop; see xr_runner.h.
#include "app/xr_runner.h"

#include "app/live_twin.h"
#include "app/operator_actions.h"
#include "app/renderer_setup.h"
#include "app/run_summary.h"
#include "app/session_link.h"
#include "app/ui_model_fill.h"
#include "app/xr_view_mapping.h"
#include "core/log.h"
#include "gfx/renderer.h"
#include "image/png_io.h"
#include "interact/frame_time_history.h"
#include "interact/measurement.h"
#include "interact/scene_raycast.h"
#include "interact/section_planes.h"
#include "interact/selection_state.h"
#include "interact/viewpoints.h"
#include "net/record/feed_player.h"
#include "scene/avatar_meshes.h"
#include "session/xr_pointer_scene.h"
#include "ui/viewer_ui.h"
#include "xr/core/xr_runtime.h"
#include "xr/core/xr_session_host.h"
#include "xr/input/xr_actions.h"
#include "xr/input/xr_interaction.h"
#include "xr/panel/xr_panel.h"

#include <imgui.h>

#include <atomic>
#include <csignal>
#include <cmath>
#include <ctime>
#include <optional>
#include <thread>

namespace tv::app {
namespace {

// Ctrl+C / SIGTERM end the XR session the proper way (request exit, STOPPING, xrEndSession), so the runtime is
// never left with a dangling session.
std::atomic<bool> g_quitRequested{false};
extern "C" void onQuitSignal(int) { g_quitRequested.store(true); }

struct SignalGuard {
    using Handler = void (*)(int);
    Handler oldInt, oldTerm;
    SignalGuard() : oldInt(std::signal(SIGINT, onQuitSignal)), oldTerm(std::signal(SIGTERM, onQuitSignal)) {}
    ~SignalGuard() {
        std::signal(SIGINT, oldInt);
        std::signal(SIGTERM, oldTerm);
    }
};

constexpr float kNearMetres = 0.05f;  // tracked metres: closer than a hand held to the face
constexpr float kFarMetres = 2000.0f; // tracked metres: a whole site fits
constexpr float kPanelWheelPerSecond = 6.0f;

// Everything the headset session holds besides the scene, in destruction order (members are destroyed bottom-up:
// the panel and the actions before the session host, the host before the renderer, the renderer before the
// runtime that created its device).
struct XrApp {
    std::unique_ptr<xr::XrRuntime> runtime;
    std::unique_ptr<gfx::Renderer> renderer;
    std::unique_ptr<xr::XrSessionHost> host;
    std::optional<xr::XrActions> actions;
    std::unique_ptr<xr::XrPanel> panel;
    std::unique_ptr<session::XrPointerScene> pointers;
};

// The viewer's panels on the hand: the same state the desktop keeps, minus what a headset has no use for.
struct XrUi {
    interact::SelectionState selection;
    interact::MeasurementTool measurements;
    interact::SectionState sections;
    interact::ViewpointList viewpoints;
    interact::FrameTimeHistory frameTimes;
    ui::ViewerUiState state;
};

float verticalFov(const std::array<XrView, 2>& views) {
    return std::abs(views[0].fov.angleUp) + std::abs(views[0].fov.angleDown);
}

std::string annotationText(const std::string& user) {
    std::time_t now = std::time(nullptr);
    char stamp[32] = "";
    std::strftime(stamp, sizeof stamp, "%H:%M", std::localtime(&now));
    return "Marked in XR by " + user + " at " + stamp;
}

class XrLoop {
public:
    XrLoop(const Options& options, ViewerScene& scene, LiveTwin* live, SessionLink* link, XrApp& app)
        : m_options(options), m_scene(scene), m_live(live), m_link(link), m_app(app) {
        xr::InteractionSettings settings;
        settings.turnMode = options.xrSmoothTurn ? xr::TurnMode::Smooth : xr::TurnMode::Snap;
        m_interaction.setSettings(settings);
        m_ui.state.handleShortcuts = false; // no keyboard in a headset
        m_ui.state.panels.stats = false;
        // The viewer's screen-space overlays (3D labels, measurement labels, name tags) are projected for a desktop
        // view; on the hand panel they would float at meaningless places, so the headset shows the panels only.
        m_ui.state.showSceneLabels = false;
        applyPanelOptions(m_ui.state, m_options);
        if (scene.sceneFile()) m_ui.viewpoints = scene.sceneFile()->viewpoints;
    }

    // Runs until the session ends; returns the outcome (fallBack when the runtime lost the session).
    XrRunOutcome run(std::chrono::steady_clock::time_point programStart);

private:
    bool frame(const xr::XrFrameTiming& timing);
    void idle();
    void handleEvents(const xr::InteractionOutput& out);
    void executeUiActions(const std::vector<ui::UiAction>& actions);
    void teleportTo(const scene::ViewCamera& camera, const char* why);
    void drawPanel(float dt, const xr::InteractionOutput& out);
    std::optional<interact::RayHit> raycast(const interact::Ray& ray, float maxDistance) const;
    Expected<xr::DepthRange> render(const gfx::ExternalStereoTarget& target, const std::array<XrView, 2>& views);
    std::string selectionPath() const;

    const Options& m_options;
    ViewerScene& m_scene;
    LiveTwin* m_live;
    SessionLink* m_link;
    XrApp& m_app;
    XrUi m_ui;
    xr::XrInteraction m_interaction;
    xr::XrInputState m_input;
    interact::MeshBvhCache m_bvhCache;
    interact::SceneRaycaster m_raycaster{&m_bvhCache};
    bool m_placed = false; // the user was stood at the scene's start view
    XrTime m_lastDisplayTime = 0;
    float m_fovY = 1.57f;
    bool m_syncWarned = false;
    bool m_hapticWarned = false;
    const XrCompositionLayerBaseHeader* m_panelLayer = nullptr;
    std::optional<std::array<gfx::StereoEye, 2>> m_lastEyes;
    gfx::StereoOptions m_lastStereo;

    // Figures for the summary.
    uint64_t m_frames = 0;
    double m_updateMsSum = 0.0, m_poseToSubmitMsSum = 0.0, m_cpuMsSum = 0.0, m_gpuMsSum = 0.0;
    uint64_t m_lateFrames = 0; // the frame took longer than the display period (the runtime had to reproject)
    uint64_t m_renderedFrames = 0;
    double m_firstFrameSeconds = 0.0;
    std::chrono::steady_clock::time_point m_programStart;
};

std::string XrLoop::selectionPath() const {
    const scene::NodeHandle sel = m_ui.selection.selected();
    return m_scene.graph().isValid(sel) ? m_scene.graph().path(sel) : std::string();
}

std::optional<interact::RayHit> XrLoop::raycast(const interact::Ray& ray, float maxDistance) const {
    interact::RaycastOptions o;
    o.maxDistance = maxDistance;
    // The user's own lasers and the session's avatars and pins are not the twin: rays pass through them.
    o.accept = [this](scene::NodeHandle n) {
        if (m_app.pointers && m_app.pointers->isPointerNode(n)) return false;
        return !(m_link && m_link->isSessionNode(n));
    };
    return m_raycaster.cast(ray, o);
}

void XrLoop::teleportTo(const scene::ViewCamera& camera, const char* why) {
    m_interaction.setRig(rigAtCamera(camera, m_input.head, m_interaction.rig().scale));
    logInfo("xr: teleported to %s", why);
}

void XrLoop::handleEvents(const xr::InteractionOutput& out) {
    for (const xr::InteractionEvent& event : out.events) {
        if (const auto* select = std::get_if<xr::SelectEvent>(&event)) {
            m_ui.selection.select(select->node);
            // The inspector is on the hand panel: selecting opens it there.
            m_ui.state.panels.inspector = true;
            if (!m_interaction.menuOpen()) m_interaction.setMenuOpen(true);
            logInfo("xr: selected %s", m_scene.graph().path(select->node).c_str());
        } else if (std::get_if<xr::DeselectEvent>(&event)) {
            m_ui.selection.clearSelection();
        } else if (const auto* place = std::get_if<xr::PlaceAnnotationEvent>(&event)) {
            m_interaction.setPlacing(false);
            if (!m_link) {
                logWarn("xr: annotations belong to a shared session (start with --join)");
                continue;
            }
            // No keyboard in a headset: the pin gets a dated default text that anyone can edit from a desktop.
            ui::UiAction create;
            create.kind = ui::UiActionKind::CreateAnnotation;
            create.anchor = place->point;
            create.normal = place->normal;
            create.nodePath = m_scene.graph().isValid(place->node) ? m_scene.graph().path(place->node) : "";
            create.text = annotationText(m_options.userName);
            m_link->execute(create, m_scene.initialCamera(m_options, 1.0f));
            m_link->setPlacingAnnotation(false);
        } else if (const auto* placing = std::get_if<xr::PlacingChangedEvent>(&event)) {
            if (m_link) m_link->setPlacingAnnotation(placing->placing);
        } else if (const auto* menu = std::get_if<xr::MenuToggledEvent>(&event)) {
            if (m_app.panel) m_app.panel->setOpen(menu->open);
        } else if (const auto* teleport = std::get_if<xr::TeleportedEvent>(&event)) {
            logInfo("xr: teleported %.2f m to (%.2f, %.2f, %.2f)", glm::distance(teleport->from, teleport->to),
                    teleport->to.x, teleport->to.y, teleport->to.z);
            if (m_link) m_link->onLocalNavigation(); // a follower who moves on purpose breaks away
        } else if (const auto* turn = std::get_if<xr::TurnedEvent>(&event)) {
            if (std::abs(turn->deltaYaw) > 0.1f) logInfo("xr: turned %.0f degrees", glm::degrees(turn->deltaYaw));
            if (m_link) m_link->onLocalNavigation();
        } else if (const auto* haptic = std::get_if<xr::HapticEvent>(&event)) {
            if (!m_app.actions) continue;
            if (auto v = m_app.actions->vibrate(haptic->hand, haptic->seconds, haptic->amplitude);
                !v && !m_hapticWarned) {
                logWarn("xr: haptics: %s", v.error().message.c_str());
                m_hapticWarned = true;
            }
        }
    }
}

void XrLoop::executeUiActions(const std::vector<ui::UiAction>& actions) {
    const vec3 headWorld = m_interaction.rig().toWorld(m_input.head.position);
    for (const ui::UiAction& a : actions) {
        if (m_link && m_link->execute(a, m_scene.initialCamera(m_options, 1.0f))) continue;
        if (m_live && executeOperatorAction(a, *m_live, m_link, operatorName(m_options))) continue;
        switch (a.kind) {
        case ui::UiActionKind::Quit: m_app.host->requestExit(); break;
        case ui::UiActionKind::SendCommand:
            if (m_live) m_live->sendCommand(a.text);
            break;
        case ui::UiActionKind::ReplaySeek:
            if (m_live && m_live->player()) m_live->player()->seek(uint64_t(std::max(0.0, a.value) * 1e6));
            break;
        case ui::UiActionKind::ReplaySetSpeed:
            if (m_live && m_live->player()) m_live->player()->setSpeed(a.value);
            break;
        case ui::UiActionKind::ReplaySetPaused:
            if (m_live && m_live->player()) m_live->player()->setPaused(a.flag);
            break;
        case ui::UiActionKind::FlyTo: teleportTo(a.camera, a.name.empty() ? "the viewpoint" : a.name.c_str()); break;
        case ui::UiActionKind::FrameAll: teleportTo(m_scene.initialCamera(m_options, 1.0f), "the overview"); break;
        case ui::UiActionKind::FrameSelection:
        case ui::UiActionKind::FlyToNode: {
            const Aabb box = m_ui.selection.selectionBounds(m_scene.graph(), m_scene.extract());
            if (!box.empty()) teleportTo(cameraFacingBox(box, headWorld), "the selection");
            break;
        }
        default:
            // Desktop-only actions (window, vsync, orthographic, standard views, open file, screenshot): the panel
            // shows them because it is the desktop's UI; in a headset they do nothing.
            logInfo("xr: '%s' is a desktop action", ui::uiActionKindName(a.kind));
            break;
        }
        if (m_link && (a.kind == ui::UiActionKind::FlyTo || a.kind == ui::UiActionKind::FrameAll ||
                       a.kind == ui::UiActionKind::FrameSelection || a.kind == ui::UiActionKind::FlyToNode))
            m_link->onLocalNavigation();
    }
}

void XrLoop::drawPanel(float dt, const xr::InteractionOutput& out) {
    m_panelLayer = nullptr;
    if (!m_app.panel || !out.panel.visible) return;
    xr::PanelPointerInput pointer;
    pointer.hit = out.panelPointer.hit;
    pointer.uv = out.panelPointer.uv;
    pointer.pressed = out.panelPointer.pressed;
    // The right stick scrolls the panel while the laser is on it (the stick does nothing else then).
    if (pointer.hit) pointer.wheel = m_input.hands[xr::kRightHand].thumbstick.y * kPanelWheelPerSecond * dt;
    m_app.panel->beginFrame(dt, pointer);
    ui::ViewerUiModel model{m_scene.graph(), m_ui.selection,  m_ui.measurements,
                            m_ui.sections,   m_ui.viewpoints, m_ui.frameTimes};
    model.camera = xrLocalView(m_input, out, m_fovY, {}).camera;
    model.viewport = vec2(float(m_app.panel->widthPx()), float(m_app.panel->heightPx()));
    const auto& st = m_app.renderer->lastFrameStats();
    model.stats.drawCalls = st.drawCalls;
    model.stats.triangles = st.triangles;
    model.stats.gpuMemoryBytes = m_app.renderer->gpuMemoryBytes();
    fillLiveModel(model, m_live, m_link);
    std::vector<ui::UiAction> actions = ui::drawViewerUi(m_ui.state, model);
    if (auto r = m_app.panel->render(); !r) {
        logWarn("xr: the hand panel could not be drawn: %s", r.error().message.c_str());
        return;
    }
    m_panelLayer = reinterpret_cast<const XrCompositionLayerBaseHeader*>(
        m_app.panel->layer(m_app.host->referenceSpace(), xr::toXr(out.panel.tracking)));
    executeUiActions(actions);
}

Expected<xr::DepthRange> XrLoop::render(const gfx::ExternalStereoTarget& target, const std::array<XrView, 2>& views) {
    // The views were located just now, for the predicted display time: the eyes the world is drawn from are the
    // newest the runtime knows, taken through the rig (teleport, turn, scale) into the world.
    const xr::TrackingRig& rig = m_interaction.rig();
    std::array<gfx::StereoEye, 2> eyes;
    for (size_t i = 0; i < 2; ++i) {
        eyes[i] = xr::eyeFromXrView(views[i]);
        eyes[i].position = rig.toWorld(eyes[i].position);
        eyes[i].orientation = glm::normalize(rig.rotation() * eyes[i].orientation);
    }
    m_fovY = verticalFov(views);
    gfx::StereoOptions so;
    // A user scaled up for a tabletop review sees a world `scale` times smaller: the clip planes scale with them,
    // and the depth range handed to the compositor stays in tracked metres.
    so.znear = kNearMetres * rig.scale;
    so.zfar = kFarMetres * rig.scale;
    so.clearAlpha = m_app.host->clearAlpha();
    if (auto r = m_app.renderer->renderStereo(m_scene.extract(), eyes, target, so); !r) return r.error();
    m_lastEyes = eyes;
    m_lastStereo = so;
    return xr::DepthRange{kNearMetres, kFarMetres};
}

void XrLoop::idle() {
    // Not running (the runtime has not shown the app yet, or is between states): keep the twin and the session
    // alive without drawing, and do not spin.
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    if (m_live) m_live->update(0.01f);
    if (m_link) {
        xr::InteractionOutput still; // no lasers while not running; the user stays where the rig put them
        still.rig = m_interaction.rig();
        m_link->update(0.01, xrLocalView(m_input, still, m_fovY, selectionPath()));
    }
}

bool XrLoop::frame(const xr::XrFrameTiming& timing) {
    const auto start = std::chrono::steady_clock::now();
    // Simulation time follows the display: the next frame is shown one predicted period later.
    const float dt = m_lastDisplayTime == 0 ? float(timing.predictedDisplayPeriod) * 1e-9f
                                            : float(timing.predictedDisplayTime - m_lastDisplayTime) * 1e-9f;
    m_lastDisplayTime = timing.predictedDisplayTime;
    const float step = std::clamp(dt, 0.0f, 0.1f);

    if (m_live) {
        m_live->update(step);
        stepOperatorPanels(m_ui.state, *m_live, m_link);
    }
    if (m_app.actions) {
        auto input =
            m_app.actions->sync(m_app.host->session(), m_app.host->referenceSpace(), timing.predictedDisplayTime);
        if (input) {
            m_input = std::move(*input);
        } else if (!m_syncWarned) {
            logWarn("xr: controllers: %s", input.error().message.c_str());
            m_syncWarned = true;
        }
    }
    if (!m_placed && m_input.headTracked) {
        // Stand the user where the desktop would start: at the start view's eye, facing its target, on the floor.
        m_interaction.setRig(rigAtCamera(m_scene.initialCamera(m_options, 1.0f), m_input.head, 1.0f));
        m_placed = true;
    }
    if (m_link) {
        // Follow mode moves the tracking space (a teleport), never the head; a gather or a fly-to likewise.
        const net::PresencePose head =
            presencePose(xr::Pose{m_interaction.rig().scaledHead(m_input.head.position), m_input.head.orientation});
        if (auto offset = m_link->xrFollowTeleport(head))
            m_interaction.setRig(xr::TrackingRig::fromOffset(*offset, m_interaction.rig().scale));
        if (auto move = m_link->takeCameraMove()) teleportTo(*move, "the session's view");
        m_interaction.setPlacing(m_link->placingAnnotation());
    }

    m_raycaster.build(m_scene.extract());
    xr::InteractionQueries queries;
    queries.raycast = [this](const interact::Ray& ray, float maxDistance) { return raycast(ray, maxDistance); };
    if (m_app.panel) m_interaction.setMenuOpen(m_app.panel->isOpen() && m_interaction.menuOpen());
    const xr::InteractionOutput out = m_interaction.update(m_input, step, queries);
    handleEvents(out);

    std::optional<Aabb> selection;
    if (m_ui.selection.selected()) selection = m_ui.selection.selectionBounds(m_scene.graph(), m_scene.extract());
    if (m_app.pointers) m_app.pointers->update(xrPointerFrame(m_input, out, selection));
    if (m_link) m_link->update(step, xrLocalView(m_input, out, m_fovY, selectionPath()));
    m_scene.advance(step);
    drawPanel(step, out);

    // Update: everything before the views are located (feed, input, interaction, session, scene, panel).
    const double updateMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    std::array<const XrCompositionLayerBaseHeader*, 1> layers{m_panelLayer};
    auto ended = m_app.host->endFrame(
        timing, [this](const gfx::ExternalStereoTarget& t, const std::array<XrView, 2>& v) { return render(t, v); },
        std::span<const XrCompositionLayerBaseHeader* const>(layers.data(), m_panelLayer ? 1u : 0u));
    if (!ended) {
        logWarn("xr: frame: %s", ended.error().message.c_str());
        return false;
    }
    const auto& hs = m_app.host->stats();
    const auto& st = m_app.renderer->lastFrameStats();
    if (hs.framesRendered > m_renderedFrames) {
        m_renderedFrames = hs.framesRendered;
        m_poseToSubmitMsSum += hs.lastPoseToSubmitMs;
        m_cpuMsSum += st.cpuMs;
        m_gpuMsSum += st.gpuMs;
        m_ui.frameTimes.push(float(st.cpuMs), float(st.gpuMs));
        if (m_renderedFrames == 1)
            m_firstFrameSeconds =
                std::chrono::duration<double>(std::chrono::steady_clock::now() - m_programStart).count();
    }
    m_updateMsSum += updateMs;
    const double frameMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    if (frameMs > double(timing.predictedDisplayPeriod) * 1e-6) ++m_lateFrames;
    ++m_frames;
    return true;
}

XrRunOutcome XrLoop::run(std::chrono::steady_clock::time_point programStart) {
    m_programStart = programStart;
    XrRunOutcome outcome;
    SignalGuard signals;
    g_quitRequested.store(false);
    bool exitRequested = false;
    uint32_t profileChanges = 0;
    for (;;) {
        if (g_quitRequested.load() && !exitRequested) {
            logInfo("xr: leaving the headset session (signal)");
            m_app.host->requestExit();
            exitRequested = true;
        }
        const xr::XrLifecycle& life = m_app.host->pollEvents();
        for (const std::string& e : life.events) logInfo("xr: %s", e.c_str());
        if (life.interactionProfileChanges != profileChanges && m_app.actions) {
            profileChanges = life.interactionProfileChanges;
            if (auto p = m_app.actions->onInteractionProfileChanged(m_app.host->session()); !p)
                logWarn("xr: controllers: %s", p.error().message.c_str());
            else
                logInfo("xr: controllers: %s",
                        m_app.actions->currentProfile().empty() ? "none" : m_app.actions->currentProfile().c_str());
        }
        if (life.lost) {
            outcome.fallBack = true;
            outcome.reason = life.lostMessage.empty() ? "the XR runtime lost the session" : life.lostMessage;
            break;
        }
        if (life.shouldQuit) break;
        if (!life.running) {
            idle();
            continue;
        }
        auto timing = m_app.host->beginFrame();
        if (!timing) {
            logWarn("xr: %s", timing.error().message.c_str());
            idle();
            continue;
        }
        frame(*timing);
        if (m_options.frames && m_frames >= *m_options.frames && !exitRequested) {
            m_app.host->requestExit();
            exitRequested = true;
        }
    }
    m_app.renderer->waitIdle();

    RunSummary summary;
    summary.scene = m_scene.displayName();
    summary.mode = "xr";
    summary.device = m_app.renderer->deviceName();
    summary.frames = uint32_t(m_renderedFrames);
    summary.width = m_app.host->eyeSize().width;
    summary.height = m_app.host->eyeSize().height;
    summary.loadSeconds = m_scene.loadSeconds();
    summary.firstFrameSeconds = m_firstFrameSeconds;
    summary.meanCpuMs = m_renderedFrames ? m_cpuMsSum / double(m_renderedFrames) : 0.0;
    summary.meanGpuMs = m_renderedFrames ? m_gpuMsSum / double(m_renderedFrames) : 0.0;
    summary.drawCalls = m_app.renderer->lastFrameStats().drawCalls;
    summary.triangles = m_app.renderer->lastFrameStats().triangles;
    summary.nodes = m_scene.graph().nodeCount();
    summary.validationEnabled = m_options.validate;
    if (m_live) summary.twin = m_live->summaryLine();
    if (m_link) summary.twin += (summary.twin.empty() ? "" : "; ") + m_link->summaryLine();

    // --screenshot: the last submitted eyes drawn again offscreen (the swapchain images belong to the runtime).
    if (!m_options.screenshot.empty() && m_lastEyes) {
        auto images = m_app.renderer->renderStereoToImages(m_scene.extract(), *m_lastEyes, summary.width,
                                                           summary.height, m_lastStereo);
        if (images && image::writePng(m_options.screenshot, (*images)[0]))
            summary.screenshot = m_options.screenshot;
        else
            logError("screenshot to %s failed: %s", m_options.screenshot.c_str(),
                     images ? "cannot write the file" : images.error().message.c_str());
        m_app.renderer->waitIdle();
    }
    summary.validationMessages = m_app.renderer->validationMessageCount();
    std::printf("%s\n", formatSummary(summary).c_str());
    const xr::XrSystemInfo& sys = m_app.runtime->systemInfo();
    const xr::XrSessionInfo& info = m_app.host->info();
    // App CPU per frame = update + the renderer's command recording (its cpuMs); pose to submit = from locating
    // the views to xrEndFrame's return (on lavapipe it includes the CPU rasteriser's wait for the previous frame).
    const double frames = double(std::max<uint64_t>(m_frames, 1)),
                 rendered = double(std::max<uint64_t>(m_renderedFrames, 1));
    std::printf("xr: runtime \"%s\" (%s), %s, %s space, %ux%u per eye, depth %s, %llu frames (%llu rendered, %llu "
                "late), app CPU %.2f ms/frame (update %.2f + render %.2f), pose to submit %.2f ms, GPU %.2f ms, "
                "controllers %s\n",
                sys.runtimeName.c_str(), sys.systemName.c_str(), std::string(xr::blendModeName(info.blend)).c_str(),
                info.referenceSpace.c_str(), info.width, info.height, info.depth ? "on" : "off",
                static_cast<unsigned long long>(m_frames), static_cast<unsigned long long>(m_renderedFrames),
                static_cast<unsigned long long>(m_lateFrames), m_updateMsSum / frames + m_cpuMsSum / rendered,
                m_updateMsSum / frames, m_cpuMsSum / rendered, m_poseToSubmitMsSum / rendered, m_gpuMsSum / rendered,
                m_app.actions && !m_app.actions->currentProfile().empty() ? m_app.actions->currentProfile().c_str()
                                                                          : "none");
    std::fflush(stdout);
    if (!outcome.fallBack && m_options.validate && summary.validationMessages > 0) {
        logError("%u validation message(s) reported (see above)", summary.validationMessages);
        outcome.exitCode = kExitValidation;
    }
    return outcome;
}

XrRunOutcome startFailed(std::string reason) {
    XrRunOutcome o;
    o.fallBack = true;
    o.exitCode = kExitBadInput;
    o.reason = std::move(reason);
    return o;
}

} // namespace

XrRunOutcome runXr(const Options& options, ViewerScene& scene, LiveTwin* live, SessionLink* link,
                   std::chrono::steady_clock::time_point programStart) {
    XrApp app;
    auto runtime = xr::XrRuntime::create();
    if (!runtime) return startFailed(runtime.error().message);
    app.runtime = std::move(*runtime);
    const xr::XrSystemInfo& sys = app.runtime->systemInfo();
    logInfo("xr: runtime \"%s\" %s, headset \"%s\"", sys.runtimeName.c_str(), sys.runtimeVersion.c_str(),
            sys.systemName.c_str());

    gfx::RendererConfig config = rendererConfig(options, {}, false);
    config.deviceProvider = &app.runtime->deviceProvider();
    auto renderer = gfx::Renderer::create(config);
    if (!renderer) return startFailed(renderer.error().message);
    app.renderer = std::move(*renderer);

    xr::XrSessionOptions sessionOptions;
    if (!options.xrBlend.empty()) {
        auto blend = xr::parseBlendMode(options.xrBlend);
        if (!blend) return startFailed(blend.error().message);
        sessionOptions.blend = *blend;
    }
    auto host = xr::XrSessionHost::create(*app.runtime, *app.renderer, sessionOptions);
    if (!host) return startFailed(host.error().message);
    app.host = std::move(*host);
    const xr::XrSessionInfo& info = app.host->info();
    const std::string depthNote = info.depthNote.empty() ? std::string() : " (" + info.depthNote + ")";
    logInfo("xr: %s, %s space, %ux%u per eye, depth %s%s", std::string(xr::blendModeName(info.blend)).c_str(),
            info.referenceSpace.c_str(), info.width, info.height, info.depth ? "on" : "off", depthNote.c_str());

    // Input and the hand panel are optional: without them the user still sees the twin.
    if (auto actions = xr::XrActions::create(app.runtime->instance()); !actions) {
        logWarn("xr: no controller input: %s", actions.error().message.c_str());
    } else if (auto attached = actions->attach(app.host->session()); !attached) {
        logWarn("xr: no controller input: %s", attached.error().message.c_str());
    } else {
        app.actions = std::move(*actions);
    }
    if (auto panel = xr::XrPanel::create(app.host->session(), *app.renderer); !panel) {
        logWarn("xr: no hand panel: %s", panel.error().message.c_str());
    } else {
        app.panel = std::move(*panel);
        app.panel->setOpen(false);
    }
    app.pointers = std::make_unique<session::XrPointerScene>(scene.graph(), scene::makeAvatarMeshes());

    XrLoop loop(options, scene, live, link, app);
    XrRunOutcome outcome = loop.run(programStart);
    app.pointers.reset(); // its nodes leave the scene the desktop may show next
    return outcome;
}

} // namespace tv::app
