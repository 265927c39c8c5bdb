// Script parsing and sampling for the simulated runtime (see script.h).
#include "script.h"

#include <nlohmann/json.hpp>

#include <glm/gtc/quaternion.hpp>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

namespace tv::xrsim {
namespace {

using nlohmann::json;

Keyframe keyframe(double t, float x, float y, float z) {
    Keyframe k;
    k.t = t;
    k.pose.position[0] = x;
    k.pose.position[1] = y;
    k.pose.position[2] = z;
    return k;
}

// Throws std::runtime_error with the offending key; parseScript turns it into an error message.
[[noreturn]] void bad(const std::string& what) { throw std::runtime_error(what); }

void checkKeys(const json& object, const std::set<std::string>& allowed, const std::string& where) {
    if (!object.is_object()) bad(where + " must be an object");
    for (const auto& [key, value] : object.items()) {
        (void)value;
        if (!allowed.count(key)) bad("unknown key '" + key + "' in " + where);
    }
}

template <size_t N>
void readFloats(const json& value, float (&out)[N], const std::string& where) {
    if (!value.is_array() || value.size() != N) bad(where + " must be an array of " + std::to_string(N) + " numbers");
    for (size_t i = 0; i < N; ++i) {
        if (!value[i].is_number()) bad(where + " must hold numbers");
        out[i] = value[i].get<float>();
    }
}

std::vector<Keyframe> readTrack(const json& value, const std::string& where) {
    if (!value.is_array() || value.empty()) bad(where + " must be a non-empty array of keyframes");
    std::vector<Keyframe> track;
    for (const json& k : value) {
        checkKeys(k, {"t", "position", "orientation"}, where + " keyframe");
        Keyframe frame;
        frame.t = k.value("t", 0.0);
        if (k.contains("position")) readFloats(k["position"], frame.pose.position, where + ".position");
        if (k.contains("orientation")) readFloats(k["orientation"], frame.pose.orientation, where + ".orientation");
        glm::quat q(frame.pose.orientation[3], frame.pose.orientation[0], frame.pose.orientation[1],
                    frame.pose.orientation[2]);
        if (glm::length(q) < 1e-6f) bad(where + ".orientation is a zero quaternion");
        q = glm::normalize(q);
        frame.pose.orientation[0] = q.x;
        frame.pose.orientation[1] = q.y;
        frame.pose.orientation[2] = q.z;
        frame.pose.orientation[3] = q.w;
        if (!track.empty() && frame.t < track.back().t) bad(where + " keyframes must be in time order");
        track.push_back(frame);
    }
    return track;
}

int readHand(const json& value, const std::string& where) {
    const std::string hand = value.get<std::string>();
    if (hand == "left") return 0;
    if (hand == "right") return 1;
    bad(where + ".hand must be \"left\" or \"right\"");
}

void parseInto(const json& root, Script& s) {
    checkKeys(root,
              {"displayHz", "realtime", "width", "height", "fovHalfAngleDeg", "ipd", "blendModes", "depthExtension",
               "interactionProfile", "head", "left", "right", "leftAim", "rightAim", "inputs", "sessionEvents",
               "capture"},
              "script");
    s.displayHz = root.value("displayHz", s.displayHz);
    if (!(s.displayHz >= 1.0 && s.displayHz <= 1000.0)) bad("displayHz must be in [1, 1000]");
    s.realtime = root.value("realtime", s.realtime);
    s.width = root.value("width", s.width);
    s.height = root.value("height", s.height);
    if (s.width == 0 || s.height == 0 || s.width > 4096 || s.height > 4096) bad("width/height must be in [1, 4096]");
    s.fovHalfAngleDeg = root.value("fovHalfAngleDeg", s.fovHalfAngleDeg);
    if (!(s.fovHalfAngleDeg > 1.0f && s.fovHalfAngleDeg < 89.0f)) bad("fovHalfAngleDeg must be in (1, 89)");
    s.ipd = root.value("ipd", s.ipd);
    if (root.contains("blendModes")) {
        s.blendModes = root["blendModes"].get<std::vector<std::string>>();
        if (s.blendModes.empty()) bad("blendModes must not be empty");
        for (const std::string& mode : s.blendModes)
            if (mode != "opaque" && mode != "additive" && mode != "alpha_blend")
                bad("blendModes: unknown mode '" + mode + "' (opaque, additive, alpha_blend)");
    }
    s.depthExtension = root.value("depthExtension", s.depthExtension);
    s.interactionProfile = root.value("interactionProfile", s.interactionProfile);
    if (root.contains("head")) s.head = readTrack(root["head"], "head");
    if (root.contains("left")) s.hands[0] = readTrack(root["left"], "left");
    if (root.contains("right")) s.hands[1] = readTrack(root["right"], "right");
    if (root.contains("leftAim")) s.handAims[0] = readTrack(root["leftAim"], "leftAim");
    if (root.contains("rightAim")) s.handAims[1] = readTrack(root["rightAim"], "rightAim");
    static const std::set<std::string> kInputs{"trigger", "squeeze", "menu", "thumbstick_x", "thumbstick_y", "a",
                                               "b",       "x",       "y"};
    for (const json& e : root.value("inputs", json::array())) {
        checkKeys(e, {"t", "hand", "input", "value", "duration"}, "inputs entry");
        InputEvent in;
        in.t = e.value("t", 0.0);
        in.hand = readHand(e.value("hand", std::string("right")), "inputs");
        in.input = e.value("input", std::string());
        if (in.input == "select") in.input = "trigger";
        if (in.input == "grip") in.input = "squeeze";
        if (!kInputs.count(in.input)) bad("inputs: unknown input '" + in.input + "'");
        in.value = e.value("value", 1.0f);
        in.duration = e.value("duration", 0.1);
        if (in.duration <= 0.0) bad("inputs: duration must be > 0");
        s.inputs.push_back(in);
    }
    for (const json& e : root.value("sessionEvents", json::array())) {
        checkKeys(e, {"t", "event", "duration"}, "sessionEvents entry");
        SessionEvent ev;
        ev.t = e.value("t", 0.0);
        const std::string kind = e.value("event", std::string());
        if (kind == "focus_lost")
            ev.kind = SessionEventKind::FocusLost;
        else if (kind == "visibility_lost")
            ev.kind = SessionEventKind::VisibilityLost;
        else if (kind == "exit_request")
            ev.kind = SessionEventKind::ExitRequest;
        else if (kind == "runtime_lost")
            ev.kind = SessionEventKind::RuntimeLost;
        else
            bad("sessionEvents: unknown event '" + kind + "'");
        ev.duration = e.value("duration", 0.0);
        s.sessionEvents.push_back(ev);
    }
    if (root.contains("capture")) {
        const json& c = root["capture"];
        checkKeys(c, {"dir", "frames", "every"}, "capture");
        s.captureDir = c.value("dir", std::string());
        if (s.captureDir.empty()) bad("capture.dir is required");
        s.captureFrames = c.value("frames", std::vector<uint64_t>{});
        s.captureEvery = c.value("every", uint64_t(0));
    }
}

} // namespace

Script defaultScript() {
    Script s;
    s.head = {keyframe(0.0, 0.0f, 1.7f, 0.0f)};
    s.hands[0] = {keyframe(0.0, -0.2f, 1.0f, -0.2f)};
    s.hands[1] = {keyframe(0.0, 0.2f, 1.0f, -0.2f)};
    return s;
}

bool parseScript(const std::string& jsonText, Script& out, std::string& error) {
    Script s = defaultScript();
    try {
        parseInto(json::parse(jsonText), s);
    } catch (const std::exception& e) {
        error = e.what();
        return false;
    }
    out = std::move(s);
    return true;
}

bool loadScriptFromEnvironment(Script& out, std::string& error) {
    const char* path = std::getenv("TV_XRSIM_SCRIPT");
    if (!path || !*path) {
        out = defaultScript();
        return true;
    }
    std::ifstream file(path);
    if (!file) {
        error = std::string("cannot read script ") + path;
        return false;
    }
    std::stringstream text;
    text << file.rdbuf();
    if (!parseScript(text.str(), out, error)) {
        error = std::string("script ") + path + ": " + error;
        return false;
    }
    return true;
}

Pose sampleTrack(const std::vector<Keyframe>& track, double t) {
    if (track.empty()) return Pose{};
    if (t <= track.front().t) return track.front().pose;
    if (t >= track.back().t) return track.back().pose;
    size_t i = 1;
    while (track[i].t < t) ++i;
    const Keyframe& a = track[i - 1];
    const Keyframe& b = track[i];
    const float f = b.t > a.t ? float((t - a.t) / (b.t - a.t)) : 1.0f;
    Pose p;
    for (int c = 0; c < 3; ++c) p.position[c] = a.pose.position[c] + (b.pose.position[c] - a.pose.position[c]) * f;
    const glm::quat qa(a.pose.orientation[3], a.pose.orientation[0], a.pose.orientation[1], a.pose.orientation[2]);
    const glm::quat qb(b.pose.orientation[3], b.pose.orientation[0], b.pose.orientation[1], b.pose.orientation[2]);
    const glm::quat q = glm::normalize(glm::slerp(qa, qb, f));
    p.orientation[0] = q.x;
    p.orientation[1] = q.y;
    p.orientation[2] = q.z;
    p.orientation[3] = q.w;
    return p;
}

float scriptedInput(const Script& script, int hand, const std::string& input, double t) {
    float value = 0.0f;
    for (const InputEvent& e : script.inputs)
        if (e.hand == hand && e.input == input && t >= e.t && t < e.t + e.duration) value = e.value;
    return value;
}

bool shouldCapture(const Script& script, uint64_t frameIndex) {
    if (script.captureDir.empty()) return false;
    if (script.captureEvery > 0 && frameIndex % script.captureEvery == 0) return true;
    return std::find(script.captureFrames.begin(), script.captureFrames.end(), frameIndex) !=
           script.captureFrames.end();
}

} // namespace tv::xrsim
