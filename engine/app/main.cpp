// twinview entry point: parse the command line, load the scene, hand it to the headless or window front end.
#include "app/cli_options.h"
#include "app/headless_runner.h"
#include "app/live_twin.h"
#include "app/session_link.h"
#include "app/subcommands.h"
#include "app/viewer_scene.h"
#include "app/window_runner.h"
#include "app/xr_runner.h"
#include "core/log.h"

#include <chrono>
#include <cstdio>

int main(int argc, char** argv) {
    using namespace tv::app;
    const auto start = std::chrono::steady_clock::now();
    if (isSubcommand(argc, argv)) return runSubcommand(argc, argv);
    ParseOutcome parsed = parseCommandLine(argc, argv);
    if (!parsed.options) {
        std::fprintf(parsed.exitCode == kExitOk ? stdout : stderr, "%s\n", parsed.text.c_str());
        return parsed.exitCode;
    }
    const Options& options = *parsed.options;
    if (options.quiet) tv::setLogLevel(tv::LogLevel::Error);

    ViewerScene scene;
    if (auto loaded = scene.load(options); !loaded) {
        const std::string what = options.file.empty() ? std::string("demo") : options.file;
        std::fprintf(stderr, "error: %s: %s\n", what.c_str(), loaded.error().message.c_str());
        return kExitBadInput;
    }
    // A shared session (--join) brings the twin feed through the hub and draws the other members in this scene.
    std::unique_ptr<SessionLink> link;
    if (!options.join.empty()) {
        auto started = SessionLink::start(options);
        if (!started) {
            std::fprintf(stderr, "error: %s\n", started.error().message.c_str());
            return kExitBadInput;
        }
        link = std::move(*started);
        link->attachScene(scene.graph());
    }
    auto live = startLiveTwin(scene, options, link ? link->makeFeedSource() : nullptr);
    if (!live) {
        std::fprintf(stderr, "error: %s\n", live.error().message.c_str());
        return kExitBadInput;
    }
    // `live` is destroyed before `link` (declared after it): its feed source uses the link's client.
    if (options.xr) {
        XrRunOutcome xr = runXr(options, scene, live->get(), link.get(), start);
        if (!xr.fallBack) return xr.exitCode;
        std::fprintf(stderr, "error: XR: %s\n", xr.reason.c_str());
        if (!options.xrFallback) return kExitBadInput;
        if (!options.quiet) tv::logInfo("continuing on the desktop (run without --xr to skip the headset)");
    }
    if (!options.headless && displayAvailable()) return runWindow(options, scene, *live, link.get(), start);
    if (!options.headless && !options.quiet) tv::logInfo("no display found: rendering headless");
    return runHeadless(options, scene, live->get(), link.get(), start);
}
