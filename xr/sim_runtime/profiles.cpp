// Interaction profile tables (OpenXR 1.0 specification, "Interaction Profile Paths") and scripted input reading.
#include "profiles.h"

#include <cmath>
#include <map>
#include <set>

namespace tv::xrsim {
namespace {

using PathSet = std::set<std::string>; // suffixes after /user/hand/<hand>/

struct Profile {
    PathSet left;
    PathSet right;
};

PathSet merge(PathSet a, const PathSet& b) {
    a.insert(b.begin(), b.end());
    return a;
}

const std::map<std::string, Profile>& profiles() {
    static const std::map<std::string, Profile> table = [] {
        const PathSet poses{"input/grip/pose", "input/aim/pose", "output/haptic"};
        std::map<std::string, Profile> t;
        const PathSet simple = merge({"input/select/click", "input/menu/click"}, poses);
        t["/interaction_profiles/khr/simple_controller"] = {simple, simple};

        const PathSet touch =
            merge({"input/squeeze/value", "input/trigger/value", "input/trigger/touch", "input/thumbstick/x",
                   "input/thumbstick/y", "input/thumbstick/click", "input/thumbstick/touch", "input/thumbrest/touch"},
                  poses);
        t["/interaction_profiles/oculus/touch_controller"] = {
            merge(touch, {"input/x/click", "input/x/touch", "input/y/click", "input/y/touch", "input/menu/click"}),
            merge(touch, {"input/a/click", "input/a/touch", "input/b/click", "input/b/touch", "input/system/click"})};

        const PathSet index =
            merge({"input/system/click", "input/system/touch", "input/a/click", "input/a/touch", "input/b/click",
                   "input/b/touch", "input/squeeze/value", "input/squeeze/force", "input/trigger/click",
                   "input/trigger/value", "input/trigger/touch", "input/thumbstick/x", "input/thumbstick/y",
                   "input/thumbstick/click", "input/thumbstick/touch", "input/trackpad/x", "input/trackpad/y",
                   "input/trackpad/force", "input/trackpad/touch"},
                  poses);
        t["/interaction_profiles/valve/index_controller"] = {index, index};

        const PathSet vive = merge({"input/system/click", "input/squeeze/click", "input/menu/click",
                                    "input/trigger/click", "input/trigger/value", "input/trackpad/x",
                                    "input/trackpad/y", "input/trackpad/click", "input/trackpad/touch"},
                                   poses);
        t["/interaction_profiles/htc/vive_controller"] = {vive, vive};

        const PathSet mixed =
            merge({"input/menu/click", "input/squeeze/click", "input/trigger/value", "input/thumbstick/x",
                   "input/thumbstick/y", "input/thumbstick/click", "input/trackpad/x", "input/trackpad/y",
                   "input/trackpad/click", "input/trackpad/touch"},
                  poses);
        t["/interaction_profiles/microsoft/motion_controller"] = {mixed, mixed};
        return t;
    }();
    return table;
}

// Which scripted input drives an identifier of a bound path.
std::string scriptedInputFor(const std::string& identifier) {
    if (identifier == "select" || identifier == "trigger") return "trigger";
    if (identifier == "squeeze") return "squeeze";
    if (identifier == "menu") return "menu";
    if (identifier == "a" || identifier == "b" || identifier == "x" || identifier == "y") return identifier;
    return {};
}

} // namespace

bool profileKnown(const std::string& profile) { return profiles().count(profile) != 0; }

bool parseBinding(const std::string& binding, BoundSource& out) {
    static const std::string kLeft = "/user/hand/left/";
    static const std::string kRight = "/user/hand/right/";
    std::string rest;
    if (binding.rfind(kLeft, 0) == 0) {
        out.hand = 0;
        rest = binding.substr(kLeft.size());
    } else if (binding.rfind(kRight, 0) == 0) {
        out.hand = 1;
        rest = binding.substr(kRight.size());
    } else {
        return false;
    }
    if (rest == "output/haptic") {
        out.output = true;
        out.identifier = "haptic";
        return true;
    }
    if (rest.rfind("input/", 0) != 0) return false;
    rest = rest.substr(6);
    const size_t slash = rest.find('/');
    out.identifier = rest.substr(0, slash);
    out.component = slash == std::string::npos ? std::string() : rest.substr(slash + 1);
    return !out.identifier.empty() && out.component.find('/') == std::string::npos;
}

bool bindingValid(const std::string& profile, const std::string& binding) {
    const auto it = profiles().find(profile);
    if (it == profiles().end()) return false;
    BoundSource source;
    if (!parseBinding(binding, source)) return false;
    const PathSet& paths = source.hand == 0 ? it->second.left : it->second.right;
    const std::string suffix = binding.substr(source.hand == 0 ? 16 : 17);
    if (paths.count(suffix)) return true;
    if (!source.output && source.component.empty()) {
        const std::string prefix = suffix + "/";
        for (const std::string& p : paths)
            if (p.rfind(prefix, 0) == 0) return true;
    }
    return false;
}

float sourceValue(const Script& script, const BoundSource& source, double t, float* y) {
    if (source.output || source.component == "pose") return 0.0f;
    if (source.identifier == "thumbstick" || source.identifier == "trackpad") {
        const float x = scriptedInput(script, source.hand, "thumbstick_x", t);
        const float yy = scriptedInput(script, source.hand, "thumbstick_y", t);
        if (source.component == "x") return x;
        if (source.component == "y") return yy;
        if (source.component.empty()) {
            if (y) *y = yy;
            return x;
        }
        // click/touch/force: a deflected stick counts as touched, never as clicked.
        return source.component == "touch" && (std::fabs(x) > 0.0f || std::fabs(yy) > 0.0f) ? 1.0f : 0.0f;
    }
    const std::string input = scriptedInputFor(source.identifier);
    if (input.empty()) return 0.0f;
    const float v = scriptedInput(script, source.hand, input, t);
    if (source.component == "touch") return v != 0.0f ? 1.0f : 0.0f;
    return v;
}

} // namespace tv::xrsim
