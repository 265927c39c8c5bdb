// Hysteresis — turns an analogue value (trigger, squeeze, a thumbstick axis) into a stable pressed state with
// edges. Two thresholds instead of one: a trigger resting near a single threshold flickers between pressed and
// released with sensor noise, which would select and deselect on every flicker. The defaults (press above 0.7,
// release below 0.3) are the ones the XR interaction uses for triggers, squeezes and thumbstick gestures.
//
// Value type; pure; any thread.
#pragma once

namespace tv::xr {

struct Hysteresis {
    float pressAbove = 0.7f;
    float releaseBelow = 0.3f;
    bool pressed = false;
    bool rose = false;    // became pressed in the last update()
    bool fell = false;    // became released in the last update()
    bool blocked = false; // ignoring input until it drops below releaseBelow (see blockUntilReleased)

    // Feeds this frame's value; returns the pressed state.
    bool update(float value) {
        const bool was = pressed;
        if (blocked) {
            blocked = value >= releaseBelow;
            pressed = rose = fell = false;
            return false;
        }
        if (!pressed && value > pressAbove)
            pressed = true;
        else if (pressed && value < releaseBelow)
            pressed = false;
        rose = pressed && !was;
        fell = !pressed && was;
        return pressed;
    }
    // Forget the state without an edge (the app must not see a release it did not cause).
    void reset() { pressed = rose = fell = blocked = false; }
    // Forget the state, and ignore the input until it has been let go: after focus returns, a trigger still held
    // from before must not count as a new press (the user pressed it for someone else).
    void blockUntilReleased() {
        reset();
        blocked = true;
    }
};

// Rising-edge detector for a boolean button (menu, primary).
struct ButtonEdge {
    bool down = false;
    bool update(bool value) {
        const bool rose = value && !down;
        down = value;
        return rose;
    }
    void reset() { down = false; }
    // A button held now must be released before it can rise (see Hysteresis::blockUntilReleased).
    void blockUntilReleased() { down = true; }
};

} // namespace tv::xr
