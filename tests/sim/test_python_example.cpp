// examples/publisher.py drives a FeedSubscriber: the subscriber converges (snapshot + updates) on the Python
// publisher, sees properties change and gets replies to commands. Skipped when /usr/bin/python3 or its zmq module
// is missing. The Python process is killed on every path (RAII guard).
#include "sim_test_util.h"

#include <gtest/gtest.h>
#include <zmq.hpp>

#include <csignal>
#include <cstdlib>
#include <poll.h>
#include <spawn.h>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

using namespace tv;
using namespace tv::net;
using namespace tv::net::testing;

namespace {

class ChildProcess {
public:
    ~ChildProcess() { kill(); }
    bool start(std::vector<std::string> argv) {
        int fds[2];
        if (pipe(fds) != 0) return false;
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
        posix_spawn_file_actions_addclose(&actions, fds[0]);
        posix_spawn_file_actions_addclose(&actions, fds[1]);
        std::vector<char*> args;
        for (std::string& a : argv) args.push_back(a.data());
        args.push_back(nullptr);
        int rc = posix_spawn(&m_pid, args[0], &actions, nullptr, args.data(), environ);
        posix_spawn_file_actions_destroy(&actions);
        close(fds[1]);
        m_out = fds[0];
        if (rc != 0) {
            m_pid = -1;
            return false;
        }
        return true;
    }
    // The first line of stdout, waiting at most `seconds`; empty on timeout or EOF.
    std::string readLine(double seconds) {
        std::string line;
        auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
        while (std::chrono::steady_clock::now() < deadline) {
            pollfd p{m_out, POLLIN, 0};
            if (::poll(&p, 1, 50) <= 0) continue;
            char c;
            if (read(m_out, &c, 1) != 1) break;
            if (c == '\n') return line;
            line.push_back(c);
        }
        return {};
    }
    void kill() {
        if (m_pid > 0) {
            ::kill(m_pid, SIGKILL);
            int status = 0;
            waitpid(m_pid, &status, 0); // SIGKILL cannot be ignored: this returns promptly
            m_pid = -1;
        }
        if (m_out >= 0) close(m_out);
        m_out = -1;
    }

private:
    pid_t m_pid = -1;
    int m_out = -1;
};

const char* kPython = "/usr/bin/python3";

} // namespace

TEST(PythonExample, DrivesASubscriber) {
    if (access(kPython, X_OK) != 0) GTEST_SKIP() << kPython << " not found";
    if (std::system("/usr/bin/python3 -c 'import zmq' >/dev/null 2>&1") != 0)
        GTEST_SKIP() << "python3 zmq module (python3-zmq) not installed";

    ChildProcess py;
    ASSERT_TRUE(
        py.start({kPython, TV_EXAMPLES_DIR "/publisher.py", "--ports", "0,0,0", "--duration", "60", "--rate", "20"}));
    std::string line = py.readLine(15.0);
    std::istringstream words(line);
    std::string tag;
    FeedEndpoints ep;
    words >> tag >> ep.updates >> ep.snapshot >> ep.commands;
    ASSERT_EQ(tag, "endpoints") << "first line: " << line;
    ASSERT_EQ(ep.commands.rfind("tcp://127.0.0.1:", 0), 0u) << line;

    zmq::context_t ctx(1);
    SubscriberOptions so;
    so.connect = ep;
    so.name = "python example";
    auto sub = FeedSubscriber::start(ctx, so);
    ASSERT_TRUE(sub.hasValue()) << sub.error().message;
    LiveMirror live;
    live.source = sub->get();
    ASSERT_TRUE(live.waitFor(
        [&] {
            return live.status.liveness == FeedLiveness::Live && live.status.counters.snapshots >= 1 &&
                   live.state.findProperty("tank-1", "level") != nullptr;
        },
        15.0))
        << "liveness " << feedLivenessName(live.status.liveness);
    EXPECT_EQ(live.status.counters.malformed, 0u);
    const PropertyState* level = live.state.findProperty("tank-1", "level");
    ASSERT_NE(level, nullptr);
    EXPECT_EQ(level->unit.code, 9);
    double first = level->value.number;
    ASSERT_TRUE(live.waitFor([&] { return std::abs(live.number("tank-1", "level") - first) > 0.5; }));
    EXPECT_GT(live.status.counters.updateFrames, 0u);

    auto args = numberArg("speed", 900.0);
    uint64_t id = (*sub)->sendCommand("pump-1", "set", args, 5000);
    ASSERT_TRUE(live.waitFor([&] { return live.resultFor(id).has_value(); }));
    EXPECT_EQ(live.resultFor(id)->outcome, CommandOutcome::Accepted) << live.resultFor(id)->reason;
    ASSERT_TRUE(live.waitFor([&] { return std::abs(live.number("pump-1", "speed") - 900.0) < 1.0; }));

    auto bad = numberArg("speed", 4000.0);
    id = (*sub)->sendCommand("pump-1", "set", bad, 5000);
    ASSERT_TRUE(live.waitFor([&] { return live.resultFor(id).has_value(); }));
    EXPECT_EQ(live.resultFor(id)->outcome, CommandOutcome::Rejected);
    EXPECT_NE(live.resultFor(id)->reason.find("4000"), std::string::npos) << live.resultFor(id)->reason;
    sub->reset();
    py.kill();
}
