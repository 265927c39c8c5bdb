// The twinview command line (a contract other tools and the tests rely on; `twinview --help` documents it).
//   twinview [FILE] [--headless] [--frames N] [--size WxH] [--screenshot OUT.png]
//            [--camera EX,EY,EZ,TX,TY,TZ,YFOV_DEG] [--lighting default|neutral] [--validate] ...
// Parsing is pure (no I/O besides --help text), so it is unit-tested.
#pragma once

#include "core/expected.h"
#include "core/math.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tv::app {

enum class LightingChoice { Default, Neutral };

struct CameraArg {
    vec3 eye{0.0f};
    vec3 target{0.0f};
    float yfovDeg = 45.0f;
};

// --anim INDEX@SECONDS poses animation INDEX at that time (reference-renderer compatible); --anim play plays all.
struct AnimArg {
    bool play = false;
    int32_t index = -1;
    float time = 0.0f;
};

struct Options {
    std::string file;               // empty = the bundled demo
    bool headless = false;          // forced headless (else: window when a display exists)
    std::optional<uint32_t> frames; // frames to render before exiting (headless default 1; window: until closed)
    uint32_t width = 1280, height = 720;
    std::string screenshot; // PNG path; headless default "twinview.png"
    std::optional<CameraArg> camera;
    LightingChoice lighting = LightingChoice::Default;
    bool validate = false;
    std::optional<AnimArg> anim; // default: play all in default lighting, rest pose in neutral
    uint32_t msaa = 4;
    bool shadows = true;
    bool vsync = true;
    bool fileLights = true;  // --no-file-lights drops KHR_lights_punctual (like the reference renderer)
    int32_t sceneIndex = -1; // glTF scene to show (-1 = the file's default)
    bool quiet = false;
    std::string viewpoints; // walkthrough file: loaded at start, saved whenever the viewpoints change
    // Live twin (scene files): --connect overrides the first feed's endpoints ("UPDATES,SNAPSHOT[,COMMANDS]");
    // --replay plays a recording instead of a live feed; headless runs wait up to --wait-feed seconds for the
    // feeds to be live before the first frame.
    std::string connect;
    std::string replay;
    double replaySpeed = 1.0;
    double replayAt = 0.0; // seconds into the recording to start from (seek)
    double waitFeedSeconds = 5.0;
    bool noSim = false; // the bundled demo without its embedded simulator (static plant)
    // Operator panels (docs/operator-panels.md): --panels names the panels open at start, the others closed
    // (comma-separated: trends, kpis, alarms, timeline, compare, commands, tree, inspector, stats, users,
    // annotations); --trend ENTITY.PROPERTY pins a property on the trends chart
    // (repeatable); --history FILE reads older history for the trends and the timeline from a recording.
    std::vector<std::string> panels;
    std::vector<std::string> trends;
    std::string history;
    // Shared session (docs/sessions.md): --join tcp://HOST:PORT/SESSION --name NAME [--role ROLE]; with
    // --key ME.key --hub-key HUB.pub every hub connection is CURVE-encrypted and authenticated.
    std::string join;                      // the URL as given
    std::string joinEndpoint, joinSession; // parsed from it: "tcp://HOST:PORT", "SESSION"
    std::string userName;
    std::string role; // "" = the hub's default
    std::string keyFile, hubKeyFile;
    // Headless with --join: keep the session for this long (seconds) before rendering the last frame, so a
    // scripted participant stays visible to the others (tests, demos). 0 = render as soon as joined and live.
    double staySeconds = 0.0;
    // XR (docs/xr.md): --xr shows the scene in an OpenXR headset (the active runtime, or XR_RUNTIME_JSON);
    // --xr-blend overrides the environment blend mode the runtime prefers; --frames ends the XR session after N
    // frames (tests, benchmarks); --screenshot writes the last submitted left eye. A runtime that is missing or
    // lost falls back to the desktop viewer with a message (--xr-no-fallback: exit 1 instead).
    bool xr = false;
    std::string xrBlend;       // "" = the runtime's preferred; "opaque", "additive" or "alpha-blend"
    bool xrSmoothTurn = false; // default snap turn (30°)
    bool xrFallback = true;
};

// "tcp://HOST:PORT/SESSION" -> endpoint "tcp://HOST:PORT" and the session name. False with a reason otherwise.
bool parseJoinUrl(const std::string& url, std::string& endpoint, std::string& session, std::string& error);

// Outcome of parsing: either options to run with, or an exit (help printed = 0, usage error = 2) with text.
struct ParseOutcome {
    std::optional<Options> options;
    int exitCode = 0;
    std::string text; // help text (stdout) or the usage error line (stderr)
};

ParseOutcome parseCommandLine(int argc, const char* const* argv);

// Exit codes (documented in --help and the README).
constexpr int kExitOk = 0;
constexpr int kExitBadInput = 1;   // unreadable/malformed file, no Vulkan device, failed write
constexpr int kExitUsage = 2;      // bad command line
constexpr int kExitValidation = 3; // --validate and the validation layer reported messages

} // namespace tv::app
