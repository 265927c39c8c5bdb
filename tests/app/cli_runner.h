// Running the real twinview binary from a test: the command line, extra environment, captured stdout/stderr (kept
// under the test output directory for a failing test's post-mortem) and the exit code. Shared by the command-line
// contract tests and the XR tests. Test code; one thread.
#pragma once

#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace tv::testing {

struct RunResult {
    int exitCode = -1;
    std::string out, err;
};

inline std::string slurp(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

inline std::string shellQuote(const std::string& s) {
    std::string q = "'";
    for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

inline std::filesystem::path cliOutputDir() {
    std::filesystem::path d = TV_TEST_OUTPUT_DIR;
    std::filesystem::create_directories(d);
    return d;
}

// Runs `twinview ARGS` headless (DISPLAY and WAYLAND_DISPLAY removed, so results do not depend on where CI runs),
// with `env` ("NAME=value NAME2=value2", already quoted as needed) in front; `tag` names the captured outputs.
inline RunResult runTwinview(const std::string& args, const std::string& tag, const std::string& env = "") {
    const std::filesystem::path out = cliOutputDir() / (tag + ".stdout"), err = cliOutputDir() / (tag + ".stderr");
    std::string cmd = "env -u DISPLAY -u WAYLAND_DISPLAY " + env + " " + shellQuote(TV_TWINVIEW_EXE) + " " + args +
                      " >" + shellQuote(out.string()) + " 2>" + shellQuote(err.string());
    int status = std::system(cmd.c_str());
    RunResult r;
    r.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = slurp(out);
    r.err = slurp(err);
    return r;
}

} // namespace tv::testing
