// The simulated headset's script: display rate, view sizes and fov, blend modes, scripted head and controller
// paths, input presses, session events (focus loss, exit request, runtime loss) and which frames to capture.
// Read from the JSON file named by TV_XRSIM_SCRIPT at xrCreateInstance; the format is in docs/xr-sim-runtime.md.
// Plain data plus pure sampling functions; any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tv::xrsim {

struct Pose {
    float position[3] = {0, 0, 0};
    float orientation[4] = {0, 0, 0, 1}; // x, y, z, w
};

struct Keyframe {
    double t = 0.0;
    Pose pose;
};

struct InputEvent {
    double t = 0.0;
    int hand = 1;      // 0 left, 1 right
    std::string input; // trigger, squeeze, menu, thumbstick_x, thumbstick_y, a, b, x, y
    float value = 1.0f;
    double duration = 0.1;
};

enum class SessionEventKind { FocusLost, VisibilityLost, ExitRequest, RuntimeLost };

struct SessionEvent {
    double t = 0.0;
    SessionEventKind kind = SessionEventKind::FocusLost;
    double duration = 0.0; // focus/visibility loss only
};

struct Script {
    double displayHz = 90.0;
    bool realtime = false;
    uint32_t width = 640;
    uint32_t height = 640;
    float fovHalfAngleDeg = 45.0f;
    float ipd = 0.064f;
    std::vector<std::string> blendModes{"opaque"}; // first = preferred
    bool depthExtension = true;
    std::string interactionProfile = "/interaction_profiles/oculus/touch_controller";
    std::vector<Keyframe> head;
    std::vector<Keyframe> hands[2];    // grip poses, [0] left, [1] right
    std::vector<Keyframe> handAims[2]; // empty = aim equals grip
    std::vector<InputEvent> inputs;
    std::vector<SessionEvent> sessionEvents;
    std::string captureDir;
    std::vector<uint64_t> captureFrames;
    uint64_t captureEvery = 0;
};

// The default script (head standing at (0, 1.7, 0) looking down -Z, controllers at the hips, 90 Hz).
Script defaultScript();
// Parses a script; unknown keys and malformed values are errors (message names the key).
bool parseScript(const std::string& jsonText, Script& out, std::string& error);
// Reads TV_XRSIM_SCRIPT (or returns the default). False with a message if the file is unreadable or malformed.
bool loadScriptFromEnvironment(Script& out, std::string& error);

// Samples a keyframe track at script time t: clamped at the ends, linear position, slerp orientation.
Pose sampleTrack(const std::vector<Keyframe>& track, double t);
// Current value of a scripted input for a hand at script time t (0 when not pressed).
float scriptedInput(const Script& script, int hand, const std::string& input, double t);
bool shouldCapture(const Script& script, uint64_t frameIndex);

} // namespace tv::xrsim
