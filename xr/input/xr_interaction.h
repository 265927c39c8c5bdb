// XrInteraction — everything the XR user does with the controllers, as pure logic: it turns one frame's
// XrInputState (tracking space) into the rig update, the lasers, the teleport arcs, the menu panel and the events
// the app acts on. No OpenXR, no Vulkan, no scene: the scene is reached only through the raycast callback, so
// every rule below is unit-tested with hand-made input.
//
// Rules, in the order update() applies them (and why):
//  * Focus lost (state.focused == false): every gesture is cancelled without events and the lasers are off. The
//    runtime zeroes input while unfocused (another app or the system menu has the controllers); resuming a grab
//    or a half-pressed trigger from before the loss would act on input the user gave to someone else, so after
//    focus returns every input still held must be let go before it counts again.
//  * Buttons (rising edges): `menu` on either hand toggles the menu panel (MenuToggled); `primary` on either hand
//    toggles placing mode (PlacingChanged). The app may also set both.
//  * Trigger and squeeze use hysteresis (press > 0.7, release < 0.3) so noise near one threshold cannot flicker.
//  * Grab-and-scale (squeeze, see grab_scale.h): one hand drags the world, two hands scale/turn/drag it about
//    their midpoint. While any hand grabs, the thumbsticks are ignored and arcs cancelled: a turn or teleport in
//    the middle of a grab would fight the anchors the grab holds.
//  * Thumbstick, per hand: forward (y > 0.7) starts a teleport arc from that hand's aim pose (teleport_arc.h);
//    while the arc is shown that hand's stick does not turn (forward wins) and its laser and trigger are off.
//    Back to centre (|y| < 0.3) on a valid floor teleports: the point on the tracked floor under the head lands on
//    the target, at once (instant teleports, never a glide: a moving view the body does not feel is what makes
//    people sick). Otherwise sideways turns: snap (default 30° once past 0.7, re-armed below 0.3) or smooth (90°/s
//    at full deflection, linear past the 0.3 dead zone). Turns pivot about the head, which keeps its world place.
//    Pushing the stick right turns the user right (yaw decreases).
//  * Lasers: from each tracked aim pose into the world, up to laserMaxDistance tracked metres (times the scale).
//    With the menu open the RIGHT laser first tests the panel (held by the left hand); on the panel the laser
//    stops there and the right trigger goes to the panel (PanelPointer.pressed), never to the scene. A press that
//    began on the panel stays with the panel until released (dragging a slider past the edge selects nothing).
//  * Trigger rising edge on the scene: placing mode and a surface -> PlaceAnnotation; a surface -> Select;
//    nothing -> Deselect. Select, place, a panel press and a grab start ask for a short Haptic pulse.
// The head pose is never changed by anything here; only the rig is.
//
// One owner (the app's main thread); update() once per frame, after XrActions::sync().
#pragma once

#include "core/math.h"
#include "xr/input/grab_scale.h"
#include "xr/input/hysteresis.h"
#include "interact/scene_raycast.h"
#include "xr/input/menu_panel.h"
#include "xr/input/teleport_arc.h"
#include "xr/input/tracking_rig.h"
#include "xr/input/xr_input_state.h"

#include <array>
#include <optional>
#include <variant>
#include <vector>

namespace tv::xr {

enum class TurnMode : uint8_t { Snap, Smooth };

struct InteractionSettings {
    TurnMode turnMode = TurnMode::Snap;
    float snapAngleRad = glm::radians(30.0f);
    float smoothTurnRadPerSecond = glm::radians(90.0f); // at full deflection
    float pressAbove = 0.7f;                            // trigger, squeeze and stick gestures start above this
    float releaseBelow = 0.3f;                          // ... and end below this (also the smooth-turn dead zone)
    float laserMaxDistance = 50.0f;                     // tracked metres (world metres = this * rig scale)
    float hapticSeconds = 0.02f;                        // feedback pulse for select / place / panel press / grab
    float hapticAmplitude = 0.5f;
    TeleportArcSettings arc;
    PanelSettings panel;
};

// What the app lets the interaction see of the scene.
struct InteractionQueries {
    RaycastFn raycast; // world space; empty = nothing is ever hit
};

struct Laser {
    bool active = false;                 // the hand is tracked and not showing an arc
    interact::Ray ray;                   // world; unit direction
    vec3 end{0.0f};                      // world: the hit point, the panel point, or the far end
    std::optional<interact::RayHit> hit; // the scene hit (not set when the laser is on the panel)
    bool onPanel = false;
};

// The right laser on the menu panel (feeds xr/panel's pointer input).
struct PanelPointer {
    bool hit = false;
    vec2 uv{0.0f};        // 0..1, u right, v down (valid when hit)
    bool pressed = false; // the right trigger is held and the press belongs to the panel
};

struct PanelOutput {
    bool open = false;    // the menu is open
    bool visible = false; // open and the left grip is tracked (draw the quad this frame)
    Pose tracking;        // centre and orientation in tracking space (the quad layer's pose)
    Pose world;           // the same in world space
    vec2 size{0.0f};      // tracked metres (the quad layer's size)
    vec2 worldSize{0.0f}; // world metres (size * rig scale)
};

// Events of one frame, in the order they happened.
struct SelectEvent {
    int hand = kRightHand;
    scene::NodeHandle node;
    vec3 point{0.0f}; // world
};
struct DeselectEvent {
    int hand = kRightHand;
};
struct PlaceAnnotationEvent {
    int hand = kRightHand;
    scene::NodeHandle node;
    vec3 point{0.0f};  // world
    vec3 normal{0.0f}; // world, unit, facing the user
};
struct MenuToggledEvent {
    bool open = false;
};
struct PlacingChangedEvent {
    bool placing = false;
};
struct TeleportedEvent {
    vec3 from{0.0f}; // world: the floor point under the head before
    vec3 to{0.0f};   // ... and after (the arc's target)
};
struct TurnedEvent {
    float deltaYaw = 0.0f; // radians added to the rig's yaw (negative = turned right); smooth: one per frame
};
struct HapticEvent {
    int hand = kRightHand;
    float seconds = 0.0f;
    float amplitude = 0.0f; // 0..1
};
using InteractionEvent = std::variant<SelectEvent, DeselectEvent, PlaceAnnotationEvent, MenuToggledEvent,
                                      PlacingChangedEvent, TeleportedEvent, TurnedEvent, HapticEvent>;

struct InteractionOutput {
    TrackingRig rig; // the rig to render this frame with (after this frame's changes)
    std::array<Laser, kHandCount> lasers;
    std::array<TeleportArc, kHandCount> arcs; // .active per hand
    PanelOutput panel;
    PanelPointer panelPointer;
    bool placing = false;
    bool grabbing = false; // at least one hand holds the world (UI hint)
    bool scaling = false;  // both hands: scaling / turning the world
    std::vector<InteractionEvent> events;
};

class XrInteraction {
public:
    explicit XrInteraction(const InteractionSettings& settings = {}) : m_settings(settings) {}

    InteractionOutput update(const XrInputState& state, float dt, const InteractionQueries& queries);

    const InteractionSettings& settings() const { return m_settings; }
    void setSettings(const InteractionSettings& settings) { m_settings = settings; }

    const TrackingRig& rig() const { return m_rig; }
    // Replaces the rig (follow mode, a viewpoint, a session restore). Ends a grab in progress (its anchors were in
    // the old placement); a squeeze still held must be let go before it grabs again.
    void setRig(const TrackingRig& rig);
    // Scale back to life size keeping the head's world position (the last tracked head seen by update(), or the
    // tracking origin before any).
    void resetScale();

    bool menuOpen() const { return m_menuOpen; }
    void setMenuOpen(bool open);
    bool placing() const { return m_placing; }
    void setPlacing(bool placing) { m_placing = placing; }

    // Forget every gesture in progress (no events); inputs held now count again only after being let go.
    // update() does this itself while focus is lost.
    void cancelGestures();

private:
    struct HandState {
        Hysteresis trigger;
        Hysteresis squeeze;
        ButtonEdge menu;
        ButtonEdge primary;
        bool teleporting = false;
        bool snapArmed = true;
        bool stickBlocked = false; // after cancelGestures(): the stick must return to centre first
        vec3 anchor{0.0f};         // world point held by a grab
    };

    void updateGrab(const XrInputState& state, InteractionOutput& out);
    void updateStick(int hand, const XrInputState& state, float dt, const InteractionQueries& queries,
                     InteractionOutput& out);
    void updatePanel(const XrInputState& state, InteractionOutput& out) const;
    void updateLaser(int hand, const XrInputState& state, const InteractionQueries& queries, InteractionOutput& out);
    void haptic(int hand, InteractionOutput& out) const;

    InteractionSettings m_settings;
    TrackingRig m_rig;
    std::array<HandState, kHandCount> m_hands;
    int m_grabMask = 0; // bit per hand holding the world last frame
    bool m_menuOpen = false;
    bool m_placing = false;
    bool m_panelCapture = false; // the right trigger press belongs to the panel
    vec3 m_head{0.0f};           // last tracked head position (tracking space)
};

} // namespace tv::xr
