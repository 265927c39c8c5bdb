#include "app/cli_options.h"

#include "core/log.h"
#include "ui/viewer_ui.h"

#include <CLI/CLI.hpp>

#include <cmath>
#include <cstdlib>
#include <sstream>

namespace tv::app {
namespace {

bool parseSize(const std::string& s, uint32_t& w, uint32_t& h) {
    auto x = s.find_first_of("xX");
    if (x == std::string::npos) return false;
    char* end = nullptr;
    unsigned long a = std::strtoul(s.c_str(), &end, 10);
    if (end != s.c_str() + x) return false;
    unsigned long b = std::strtoul(s.c_str() + x + 1, &end, 10);
    if (*end != '\0') return false;
    if (a < 1 || b < 1 || a > 16384 || b > 16384) return false;
    w = uint32_t(a);
    h = uint32_t(b);
    return true;
}

bool parseCamera(const std::string& s, CameraArg& out) {
    float v[7];
    std::stringstream ss(s);
    std::string item;
    int n = 0;
    while (std::getline(ss, item, ',')) {
        if (n == 7) return false;
        char* end = nullptr;
        v[n] = std::strtof(item.c_str(), &end);
        if (item.empty() || *end != '\0' || !std::isfinite(v[n])) return false;
        ++n;
    }
    if (n != 7 || !(v[6] > 0.0f && v[6] < 180.0f)) return false;
    out.eye = vec3(v[0], v[1], v[2]);
    out.target = vec3(v[3], v[4], v[5]);
    out.yfovDeg = v[6];
    return glm::length(out.target - out.eye) > 0.0f;
}

bool parseAnim(const std::string& s, AnimArg& out) {
    if (s == "play") {
        out.play = true;
        return true;
    }
    if (s == "none") {
        out.index = -1;
        return true;
    }
    auto at = s.find('@');
    char* end = nullptr;
    long idx = std::strtol(s.c_str(), &end, 10);
    if (end == s.c_str() || idx < 0 || idx > 1000000) return false;
    out.index = int32_t(idx);
    out.time = 0.0f;
    if (at == std::string::npos) return *end == '\0';
    if (end != s.c_str() + at) return false;
    out.time = std::strtof(s.c_str() + at + 1, &end);
    return *end == '\0' && std::isfinite(out.time) && out.time >= 0.0f;
}

} // namespace

bool parseJoinUrl(const std::string& url, std::string& endpoint, std::string& session, std::string& error) {
    const std::string scheme = "tcp://";
    if (url.rfind(scheme, 0) != 0) {
        error = "expected tcp://HOST:PORT/SESSION, got '" + url + "'";
        return false;
    }
    auto slash = url.find('/', scheme.size());
    if (slash == std::string::npos || slash + 1 >= url.size()) {
        error = "'" + url + "' names no session (tcp://HOST:PORT/SESSION)";
        return false;
    }
    std::string hostPort = url.substr(scheme.size(), slash - scheme.size());
    auto colon = hostPort.rfind(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 >= hostPort.size()) {
        error = "'" + url + "' needs a host and a port (tcp://HOST:PORT/SESSION)";
        return false;
    }
    char* end = nullptr;
    const std::string portText = hostPort.substr(colon + 1);
    unsigned long port = std::strtoul(portText.c_str(), &end, 10);
    if (*end != '\0' || port < 1 || port > 65535) {
        error = "'" + portText + "' is not a port (1..65535)";
        return false;
    }
    session = url.substr(slash + 1);
    for (char c : session) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                        c == '_' || c == '-';
        if (!ok || session.size() > 64) {
            error = "session name '" + session + "': use 1..64 of A-Z a-z 0-9 . _ -";
            return false;
        }
    }
    endpoint = scheme + hostPort;
    return true;
}

ParseOutcome parseCommandLine(int argc, const char* const* argv) {
    CLI::App cli{"twinview — a real-time viewer for digital twins: draws glTF 2.0 scenes with Vulkan.\n"
                 "With no FILE it shows the bundled demo twin, live from an embedded plant simulator. In a window when "
                 "a display exists, else headless\n"
                 "(renders --frames frames, writes --screenshot and prints a one-line summary).\n\n"
                 "Other commands: `twinview sim --help` (the demo plant simulator as a standalone feed publisher),\n"
                 "`twinview record --help` (record a twin feed to a file for --replay),\n"
                 "`twinview keygen --help` (CURVE key pairs for encrypted shared sessions),\n"
                 "`twinview hub --help` (serve shared sessions: viewers join with --join).\n\n"
                 "Exit codes: 0 ok, 1 bad input (error line names the cause), 2 bad usage, 3 validation messages.",
                 "twinview"};
    Options o;
    std::string size, camera, lighting = "default", anim, screenshot;
    uint32_t frames = 0;
    cli.add_option("FILE", o.file,
                   "a twin scene file (.json, see docs/scene-format.md) or a .gltf/.glb model (none = the bundled "
                   "live demo twin with its embedded simulator; builtin:demo = the demo plant without data; "
                   "builtin:stress = the generated 10,000-node / 1M-triangle scene)");
    cli.add_flag("--headless", o.headless, "render offscreen even when a display exists");
    auto* framesOpt = cli.add_option("--frames", frames, "frames to render, then exit (headless default 1)")
                          ->check(CLI::Range(1u, 1000000u));
    cli.add_option("--size", size, "image/window size WxH (default 1280x720)");
    cli.add_option("--screenshot", screenshot, "write the last frame to this PNG (headless default twinview.png)");
    cli.add_option("--camera", camera,
                   "EX,EY,EZ,TX,TY,TZ,YFOV_DEG: eye and target (world, +Y up), vertical fov in degrees "
                   "(default: the file's first camera, else automatic framing)");
    cli.add_option("--lighting", lighting,
                   "default (procedural sky + shadowed sun) or neutral (the Khronos reference rig: uniform "
                   "environment 0.3, key+fill lights, PBR Neutral, transparent background)")
        ->check(CLI::IsMember({"default", "neutral"}));
    cli.add_flag("--validate", o.validate, "enable the Khronos validation layer; any message makes the exit code 3");
    cli.add_option("--anim", anim,
                   "play (all animations), none (rest pose), or I@T (animation I posed at T seconds); "
                   "default: play, except rest pose with --lighting neutral");
    cli.add_option("--msaa", o.msaa, "MSAA samples (1, 2, 4, 8; default 4)")->check(CLI::IsMember({1u, 2u, 4u, 8u}));
    cli.add_flag("!--no-shadows", o.shadows, "disable the sun's shadows (default lighting)");
    cli.add_flag("!--no-vsync", o.vsync, "present without waiting for vertical blank (window)");
    cli.add_flag("!--no-file-lights", o.fileLights, "ignore KHR_lights_punctual lights in the file");
    cli.add_option("--scene", o.sceneIndex, "glTF scene index to show (default: the file's default scene)")
        ->check(CLI::Range(0, 1 << 20));
    cli.add_flag("--quiet", o.quiet, "only errors on stderr");
    cli.add_option("--viewpoints", o.viewpoints,
                   "walkthrough file (JSON): its viewpoints are loaded at start (a missing file starts empty) and "
                   "saved back whenever you add, rename, reorder or delete one (window)");

    cli.add_option("--connect", o.connect,
                   "UPDATES,SNAPSHOT[,COMMANDS]: ZeroMQ endpoints of a twin feed (e.g. tcp://host:5556,"
                   "tcp://host:5557,tcp://host:5558); replaces the scene file's first feed (and the demo's "
                   "embedded simulator)");
    cli.add_option("--replay", o.replay, "play a recording made with `twinview record` instead of a live feed");
    cli.add_option("--replay-speed", o.replaySpeed, "replay speed factor (default 1)")->check(CLI::Range(0.01, 1000.0));
    cli.add_option("--replay-at", o.replayAt, "start the replay this many seconds into the recording (seek)")
        ->check(CLI::Range(0.0, 1e9));
    cli.add_option("--wait-feed", o.waitFeedSeconds,
                   "headless: wait up to this many seconds for the feeds to be live before rendering (default 5)")
        ->check(CLI::Range(0.0, 600.0));
    cli.add_flag("--no-sim", o.noSim, "the bundled demo without its embedded simulator (no live data)");
    std::vector<std::string> panelNames;
    std::string panelsHelp = "the panels open at start, the others closed (comma-separated):";
    for (const ui::NamedPanel& panel : ui::namedPanels()) {
        panelsHelp += (panelNames.empty() ? " " : ", ") + std::string(panel.name);
        panelNames.emplace_back(panel.name);
    }
    cli.add_option("--panels", o.panels, panelsHelp)->delimiter(',')->check(CLI::IsMember(panelNames));
    cli.add_option("--trend", o.trends, "ENTITY.PROPERTY: pin this property on the trends chart (repeatable)");
    cli.add_option("--history", o.history,
                   "a recording (`twinview record`) read as older history for the trends and the timeline");
    cli.add_option("--join", o.join,
                   "tcp://HOST:PORT/SESSION: join a shared session on a `twinview hub` (the twin feed comes "
                   "through the hub; FILE is the scene to show, default the demo plant)");
    cli.add_option("--name", o.userName, "your name in the session (default: $USER)");
    cli.add_option("--role", o.role, "presenter, operator or observer (the hub may grant less)")
        ->check(CLI::IsMember({"presenter", "operator", "observer"}));
    cli.add_option("--key", o.keyFile, "your CURVE secret key file (from `twinview keygen`), with --hub-key");
    cli.add_option("--hub-key", o.hubKeyFile, "the hub's public key file (.pub), with --key");
    cli.add_option("--stay", o.staySeconds,
                   "headless with --join: stay in the session this many seconds before the last frame (default 0)")
        ->check(CLI::Range(0.0, 86400.0));

    cli.add_flag("--xr", o.xr,
                 "show the scene in an OpenXR headset (VR, or AR passthrough where the runtime offers it); the "
                 "runtime is the system's active one or XR_RUNTIME_JSON's; falls back to the desktop without one");
    cli.add_option("--xr-blend", o.xrBlend,
                   "with --xr: opaque (VR), alpha-blend or additive (AR passthrough); default: the runtime's "
                   "preferred mode")
        ->check(CLI::IsMember({"opaque", "additive", "alpha-blend"}));
    cli.add_flag("--xr-smooth-turn", o.xrSmoothTurn,
                 "with --xr: turn smoothly with the thumbstick (default 30° snaps)");
    cli.add_flag("!--xr-no-fallback", o.xrFallback,
                 "with --xr: exit with an error when no headset session can run, instead of opening the desktop "
                 "viewer");

    std::vector<std::string> args;
    for (int i = argc - 1; i > 0; --i) args.emplace_back(argv[i]);
    ParseOutcome out;
    try {
        cli.parse(args);
    } catch (const CLI::CallForHelp&) {
        out.exitCode = kExitOk;
        out.text = cli.help();
        return out;
    } catch (const CLI::ParseError& e) {
        out.exitCode = kExitUsage;
        out.text = format("error: %s (see twinview --help)", e.what());
        return out;
    }
    auto usage = [&](const std::string& msg) {
        out.exitCode = kExitUsage;
        out.text = "error: " + msg + " (see twinview --help)";
        return out;
    };
    if (!size.empty() && !parseSize(size, o.width, o.height))
        return usage("--size expects WxH with 1..16384, e.g. 1280x720; got '" + size + "'");
    if (!camera.empty()) {
        CameraArg c;
        if (!parseCamera(camera, c))
            return usage("--camera expects EX,EY,EZ,TX,TY,TZ,YFOV_DEG (7 numbers, eye != target, 0 < fov < 180); "
                         "got '" +
                         camera + "'");
        o.camera = c;
    }
    if (!anim.empty()) {
        AnimArg a;
        if (!parseAnim(anim, a)) return usage("--anim expects play, none or INDEX@SECONDS; got '" + anim + "'");
        o.anim = a;
    }
    if (!o.replay.empty() && !o.connect.empty()) return usage("--replay and --connect exclude each other");
    for (const std::string& t : o.trends) {
        size_t dot = t.rfind('.');
        if (dot == std::string::npos || dot == 0 || dot + 1 == t.size())
            return usage("--trend expects ENTITY.PROPERTY (e.g. pump-1.speed); got '" + t + "'");
    }
    if (!o.join.empty()) {
        std::string error;
        if (!parseJoinUrl(o.join, o.joinEndpoint, o.joinSession, error)) return usage("--join: " + error);
        if (!o.replay.empty() || !o.connect.empty())
            return usage("--join takes the twin feed from the hub; it excludes --replay and --connect");
        if (o.userName.empty()) {
            const char* user = std::getenv("USER");
            o.userName = user && *user ? user : "viewer";
        }
    } else if (!o.userName.empty() || !o.role.empty() || !o.keyFile.empty() || !o.hubKeyFile.empty()) {
        return usage("--name, --role, --key and --hub-key belong to --join");
    }
    if (o.keyFile.empty() != o.hubKeyFile.empty()) return usage("--key and --hub-key go together");
    if (!o.xr && (!o.xrBlend.empty() || o.xrSmoothTurn || !o.xrFallback))
        return usage("--xr-blend, --xr-smooth-turn and --xr-no-fallback belong to --xr");
    if (o.xr && o.headless) return usage("--xr and --headless exclude each other");
    if (framesOpt->count()) o.frames = frames;
    o.lighting = lighting == "neutral" ? LightingChoice::Neutral : LightingChoice::Default;
    o.screenshot = screenshot;
    out.options = o;
    return out;
}

} // namespace tv::app
