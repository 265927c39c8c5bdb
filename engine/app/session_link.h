// SessionLink — the viewer's side of a shared session (`twinview --join tcp://HOST:PORT/SESSION`): it owns the
// network client (net/session_client: join, Clone-pattern state, presence, requests, reconnection), the relayed
// twin feed handed to LiveTwin, and what the session looks like in this viewer (engine/session: interpolated
// avatars, annotation pins, follow mode, the shared moment), and fills the UI's SessionViewModel each frame.
// UiActions of the session panels come back through execute(): requests go to the hub, which checks the role and
// answers; a denial or a failure becomes a notice (toast) naming the reason.
//
// Front ends call, once per frame: update() with the local view (camera, pointer, selection), then read
// viewModel(), take camera moves (gather, fly to a pin) from takeCameraMove() and a shared moment to show from
// takeMomentChange(); the desktop applies
// followCamera() while following. Scene changes: detachScene() before the graph's nodes are replaced,
// attachScene() after. Vulkan-free (unit-tested against a real hub on loopback). Main thread only.
#pragma once

#include "app/cli_options.h"
#include "core/expected.h"
#include "interact/scene_raycast.h"
#include "net/feed/feed_source.h"
#include "net/session_client/session_client.h"
#include "scene/scene_graph.h"
#include "scene/view_camera.h"
#include "session/annotation_pins.h"
#include "session/avatar_scene.h"
#include "session/follow_controller.h"
#include "session/presence_interpolator.h"
#include "ui/session_view_model.h"
#include "ui/ui_action.h"

#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace zmq {
class context_t;
}

namespace tv::app {

struct SessionLinkOptions {
    net::SessionClientOptions client; // hub endpoint, session, user, role, keys, rates
    double noticeSeconds = 8.0;       // notices older than this leave the model (toasts fade earlier)
};

// What the local user is doing this frame, as the others should see it.
struct LocalView {
    scene::ViewCamera camera;
    std::optional<vec3> pointerHit; // the surface under the cursor (a desktop user's laser pointer)
    std::string selectionPath;      // the selected node's path ("" none)
    // In a headset: the tracked head and hands and the laser, in world space (the rig applied). The others then
    // see an XR avatar with hands; `camera` still carries the field of view and is what a desktop would show.
    struct Headset {
        net::PresencePose head;
        std::optional<net::PresencePose> leftHand, rightHand;
        std::optional<net::PresencePointer> pointer;
    };
    std::optional<Headset> xr;
};

class SessionLink {
public:
    // From the command line: --join, --name, --role, --key/--hub-key (key files read here; errors name the file).
    static Expected<std::unique_ptr<SessionLink>> start(const Options& options);
    static Expected<std::unique_ptr<SessionLink>> start(SessionLinkOptions options);
    ~SessionLink(); // leaves the session (the hub tells the others at once), removes avatars and pins

    // The relayed twin feed as the first feed of the LiveTwin (commands go through the hub). The link must
    // outlive the source.
    std::unique_ptr<net::FeedSource> makeFeedSource();

    // Avatars and pins live in `graph` from now on (call again after a new scene replaced the old graph's nodes).
    void attachScene(scene::SceneGraph& graph);
    void detachScene();
    // Nodes the cursor must pass through (avatars, pins): DesktopControls::setPickThrough.
    bool isSessionNode(scene::NodeHandle node) const;
    // The annotation pin under a ray, if any (a click on a pin selects its annotation).
    std::optional<uint64_t> pickPin(const interact::Ray& ray) const;

    // Once per frame: publishes the local presence, drains the session (events, replies, peers' presence),
    // updates avatars and pins and builds the view model. dtSeconds: wall time since the previous call.
    void update(double dtSeconds, const LocalView& local);

    // Desktop follow mode: while following the leader, the camera to render this frame (smoothly converging on
    // the leader's view); nullopt when not following.
    std::optional<scene::ViewCamera> followCamera(const scene::ViewCamera& current, float dtSeconds);
    // The local user navigated: a follower breaks away (a notice says how to follow again).
    void onLocalNavigation();
    // XR follow mode: the head is never moved, the tracking space is. While following, the reference offset to
    // teleport to when a (re)teleport is due (the leader moved > 0.5 m or turned > 20° since the last one), else
    // nullopt. `headInReference` is the tracked head before the rig. (Gathers and fly-tos come from
    // takeCameraMove() in XR too: the headset front end teleports to the camera's eye.)
    std::optional<session::ReferenceOffset> xrFollowTeleport(const net::PresencePose& headInReference);
    // A gather or a fly-to asked for by the session or its panels (taken once).
    std::optional<scene::ViewCamera> takeCameraMove() { return std::exchange(m_cameraMove, std::nullopt); }

    // The shared moment (issue 7). requestMoment() asks the hub to take everyone to `twinTimeUs` (µs since the
    // Unix epoch, the twin publisher's clock; 0 = back to live); presenter only, a denial becomes a notice.
    // Returns the request id. takeMomentChange() returns the moment to show (0 = live) once per change the hub
    // sequenced — also after joining a session that is at a moment, and for this member's own requests — so the
    // app applies it like a timeline "go to" (members may scrub away afterwards; the next change brings them
    // back). A hub restart forgets the moment: that is not reported (nobody chose to go live), the view model
    // just shows live.
    uint64_t requestMoment(uint64_t twinTimeUs);
    std::optional<uint64_t> takeMomentChange() { return std::exchange(m_momentChange, std::nullopt); }

    // Handles the session's UiActions (annotations, lead, gather, follow, shared viewpoints, pin selection, share
    // moment: flag true = everyone to `value` seconds of twin time, false = everyone back to live);
    // returns false for any other kind. `current` is the camera rendered this frame.
    bool execute(const ui::UiAction& action, const scene::ViewCamera& current);

    const ui::SessionViewModel& viewModel() const { return m_model; }
    // Placing mode (the Annotations panel's "New annotation"): the next click on a surface opens the text prompt.
    bool placingAnnotation() const { return m_placing; }
    void setPlacingAnnotation(bool placing) { m_placing = m_model.placingAnnotation = placing; }
    net::SessionClientStatus status() const;
    const net::SessionReplica& state() const;
    bool following() const { return m_follow.following(); }

    // Waits (updating with `local`) until joined and synced, or `timeoutSeconds` passed (headless runs).
    bool waitUntilJoined(double timeoutSeconds, const LocalView& local);
    // "session review: joined as ana (operator), 3 online, 2 annotations (1 open), following ben".
    std::string summaryLine() const;

    // Notices are also logged; tests read them here.
    void addNotice(std::string text, ui::NoticeSeverity severity);

private:
    SessionLink() = default;
    void handleEvent(const net::SessionEvent& event);
    void handleReply(const net::ReplyMsg& reply);
    void trackLinkState();
    void trackMoment();
    void rebuildModel();
    uint64_t sendRequest(net::SessionRequest request, std::string what);
    net::PresenceRecord localPresence(const LocalView& local) const;

    SessionLinkOptions m_options;
    std::unique_ptr<zmq::context_t> m_context;
    std::unique_ptr<net::SessionClient> m_client;
    net::SessionUpdate m_update; // reused every frame

    scene::SceneGraph* m_graph = nullptr;
    std::unique_ptr<session::AvatarScene> m_avatars;
    std::unique_ptr<session::AnnotationPins> m_pins;
    session::PresenceInterpolator m_interpolator;
    session::FollowController m_follow;
    std::vector<session::SampledPresence> m_sampled;

    std::optional<scene::ViewCamera> m_cameraMove;
    net::SharedMoment m_lastMoment;         // the last moment reported by takeMomentChange() (or seen on join)
    bool m_momentSeen = false;              // a synced replica's moment was looked at (first join handled)
    bool m_replicaLoaded = false;           // the first snapshot arrived
    std::optional<uint64_t> m_momentChange; // not yet taken
    std::map<uint64_t, std::string> m_pendingRequests; // request id -> what it was ("create annotation")

    struct TimedNotice {
        ui::SessionNotice notice;
        double atSeconds = 0.0;
    };
    std::deque<TimedNotice> m_notices;
    double m_clock = 0.0;
    net::SessionLinkState m_lastState = net::SessionLinkState::Connecting;
    uint32_t m_lastJoins = 0;
    uint64_t m_selectedAnnotation = 0;
    bool m_placing = false;

    // View model storage (spans in m_model point here).
    ui::SessionViewModel m_model;
    std::vector<ui::SessionPeerView> m_peers;
    std::vector<net::Annotation> m_annotationList;
    std::vector<net::SharedViewpoint> m_viewpointList;
    std::vector<ui::SessionNotice> m_noticeList;
};

} // namespace tv::app
