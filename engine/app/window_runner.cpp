#include "app/window_runner.h"

#include "app/desktop_controls.h"
#include "app/renderer_setup.h"
#include "app/run_summary.h"
#include "core/log.h"
#include "gfx/renderer.h"
#include "gfx/window_target.h"
#include "image/png_io.h"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include <cstdio>
#include <cstdlib>

namespace tv::app {
namespace {

void onGlfwError(int code, const char* text) { logWarn("GLFW error %d: %s", code, text); }

} // namespace

bool displayAvailable() {
    const char* x = std::getenv("DISPLAY");
    const char* wl = std::getenv("WAYLAND_DISPLAY");
    return (x && *x) || (wl && *wl);
}

int runWindow(const Options& options, ViewerScene& scene, std::chrono::steady_clock::time_point programStart) {
    glfwSetErrorCallback(onGlfwError);
    if (!glfwInit()) {
        logError("cannot open a window (GLFW failed to initialise); run with --headless");
        return kExitBadInput;
    }
    if (!glfwVulkanSupported()) {
        logError("no Vulkan loader usable for a window; run with --headless");
        glfwTerminate();
        return kExitBadInput;
    }
    uint32_t extCount = 0;
    const char** exts = glfwGetRequiredInstanceExtensions(&extCount);
    std::vector<std::string> instanceExtensions(exts, exts + extCount);

    glfwWindowHint(GLFW_CLIENT_API, GLFW_NO_API);
    glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_TRUE);
    std::string title = "twinview — " + scene.displayName();
    GLFWwindow* window = glfwCreateWindow(int(options.width), int(options.height), title.c_str(), nullptr, nullptr);
    if (!window) {
        logError("cannot create a %ux%u window", options.width, options.height);
        glfwTerminate();
        return kExitBadInput;
    }
    int exit = kExitOk;
    {
        auto renderer = gfx::Renderer::create(rendererConfig(options, instanceExtensions, true));
        if (!renderer) {
            logError("%s", renderer.error().message.c_str());
            glfwDestroyWindow(window);
            glfwTerminate();
            return kExitBadInput;
        }
        auto target = (*renderer)->createWindowTarget(window, options.vsync);
        if (!target) {
            logError("%s", target.error().message.c_str());
            glfwDestroyWindow(window);
            glfwTerminate();
            return kExitBadInput;
        }

        DesktopControls controls;
        controls.setInitialCamera(scene.initialCamera(options, float(options.width) / float(options.height)));
        controls.attach(window);

        RunSummary summary;
        summary.scene = scene.displayName();
        summary.mode = "window";
        summary.device = (*renderer)->deviceName();
        summary.loadSeconds = scene.loadSeconds();
        summary.validationEnabled = options.validate;
        double cpuSum = 0.0, gpuSum = 0.0, titleTimer = 0.0;
        uint32_t frame = 0, titleFrames = 0;
        auto last = std::chrono::steady_clock::now();
        while (!glfwWindowShouldClose(window)) {
            glfwPollEvents();
            auto now = std::chrono::steady_clock::now();
            float dt = std::chrono::duration<float>(now - last).count();
            last = now;
            int fbw = 0, fbh = 0;
            glfwGetFramebufferSize(window, &fbw, &fbh);
            if (fbw == 0 || fbh == 0) { // minimised: nothing to draw, do not spin
                glfwWaitEventsTimeout(0.1);
                continue;
            }
            scene.advance(std::min(dt, 0.1f));
            controls.filter(scene.graph(), scene.extract());
            // Cursor positions are in window coordinates; the viewport for rays is the window size (HiDPI-safe).
            int winW = 0, winH = 0;
            glfwGetWindowSize(window, &winW, &winH);
            controls.update(std::min(dt, 0.1f), scene.graph(), scene.extract(), vec2(float(winW), float(winH)));
            if (controls.quitRequested()) glfwSetWindowShouldClose(window, GLFW_TRUE);
            auto r = (*renderer)->renderToWindow(**target, scene.extract(), controls.camera(scene.extract().bounds));
            if (!r) {
                logError("rendering failed: %s", r.error().message.c_str());
                exit = kExitBadInput;
                break;
            }
            if (frame == 0)
                summary.firstFrameSeconds =
                    std::chrono::duration<double>(std::chrono::steady_clock::now() - programStart).count();
            const auto& st = (*renderer)->lastFrameStats();
            cpuSum += st.cpuMs;
            gpuSum += st.gpuMs;
            summary.drawCalls = st.drawCalls;
            summary.triangles = st.triangles;
            summary.width = uint32_t(fbw);
            summary.height = uint32_t(fbh);
            ++frame;
            ++titleFrames;
            titleTimer += dt;
            if (titleTimer > 0.5) {
                std::string t = format("twinview — %s — %.1f fps, %.2f ms cpu, %.2f ms gpu, %u draws — %s",
                                       scene.displayName().c_str(), titleFrames / titleTimer, st.cpuMs, st.gpuMs,
                                       st.drawCalls, controls.statusText(scene.graph()).c_str());
                glfwSetWindowTitle(window, t.c_str());
                titleTimer = 0.0;
                titleFrames = 0;
            }
            bool lastFrame = options.frames && frame >= *options.frames;
            if (controls.screenshotRequested() || (lastFrame && !options.screenshot.empty())) {
                std::string out = options.screenshot.empty() ? format("twinview-%u.png", frame) : options.screenshot;
                auto img = (*renderer)->captureWindow(**target);
                if (img && image::writePng(out, *img)) {
                    summary.screenshot = out;
                    if (!options.quiet) logInfo("screenshot written to %s", out.c_str());
                } else {
                    logError("screenshot to %s failed: %s", out.c_str(),
                             img ? "cannot write the file" : img.error().message.c_str());
                }
            }
            if (lastFrame) break;
        }
        (*renderer)->waitIdle();
        summary.frames = frame;
        summary.meanCpuMs = frame ? cpuSum / frame : 0.0;
        summary.meanGpuMs = frame ? gpuSum / frame : 0.0;
        summary.nodes = scene.graph().nodeCount();
        summary.validationMessages = (*renderer)->validationMessageCount();
        target->reset();
        std::printf("%s\n", formatSummary(summary).c_str());
        if (exit == kExitOk && options.validate && summary.validationMessages > 0) exit = kExitValidation;
    }
    glfwDestroyWindow(window);
    glfwTerminate();
    return exit;
}

} // namespace tv::app
