// runHub() (`twinview hub`): bad options exit 2 with one line; a hub run on a thread serves joins on the port it
// was given and stops cleanly when its stop flag is set.
#include "hub_test_util.h"

#include "net/hub/hub_main.h"

#include <atomic>

using namespace tv;
using namespace tv::net;
using namespace tv::test;

TEST(HubMain, BadOptionsExitWithTwo) {
    std::atomic<bool> stop{true};
    const std::vector<std::vector<std::string>> bad = {
        {"--frobnicate"},
        {"--port"},
        {"--port", "0"},
        {"--port", "70000"},
        {"--port", "12ab"},
        {"--keys", "hub.key"},
        {"--allow", "allow.txt"},
        {"--feed", "tcp://a:1,tcp://a:2"},
        {"--feed", "tcp://a:1,tcp://a:2,tcp://a:3", "--no-sim"},
    };
    for (const auto& args : bad) EXPECT_EQ(runHub(args, stop), 2) << args[0];
}

// Four consecutive ports the OS reports free right now (the hub binds P..P+3); 0 when none were found.
uint16_t freePortBlock(zmq::context_t& ctx) {
    for (int attempt = 0; attempt < 20; ++attempt) {
        zmq::socket_t probe(ctx, zmq::socket_type::router);
        probe.set(zmq::sockopt::linger, 0);
        probe.bind("tcp://127.0.0.1:*");
        const std::string ep = probe.get(zmq::sockopt::last_endpoint);
        const int port = std::stoi(ep.substr(ep.rfind(':') + 1));
        if (port > 65532) continue;
        bool allFree = true;
        std::vector<zmq::socket_t> held;
        for (int i = 1; i < 4 && allFree; ++i) {
            held.emplace_back(ctx, zmq::socket_type::router);
            held.back().set(zmq::sockopt::linger, 0);
            try {
                held.back().bind("tcp://127.0.0.1:" + std::to_string(port + i));
            } catch (const zmq::error_t&) { allFree = false; }
        }
        if (allFree) return uint16_t(port);
    }
    return 0;
}

TEST(HubMain, ServesJoinsUntilStopped) {
    zmq::context_t ctx(1);
    HubTempDir dir;
    // Other tests bind ephemeral ports concurrently: a block found free may be taken before the hub binds it, and
    // the hub then exits with 1 at once. Try another block in that case.
    for (int attempt = 0; attempt < 5; ++attempt) {
        const uint16_t port = freePortBlock(ctx);
        ASSERT_NE(port, 0) << "no four consecutive free ports";
        const std::vector<std::string> args = {"--port", std::to_string(port), "--db", dir.file("hub.sqlite"),
                                               "--no-sim"};
        std::atomic<bool> stop{false};
        std::atomic<int> rc{-1};
        std::thread runner([&] { rc = runHub(args, stop, 30.0); });
        // A hub that cannot bind exits with 1 within milliseconds; one still running after a second is listening.
        const auto settle = std::chrono::steady_clock::now() + std::chrono::seconds(1);
        while (rc.load() == -1 && std::chrono::steady_clock::now() < settle)
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        if (rc.load() != -1) {
            runner.join();
            ASSERT_EQ(rc.load(), 1) << "the hub stopped by itself";
            continue;
        }
        HubEndpoints ep;
        ep.control = "tcp://127.0.0.1:" + std::to_string(port);
        ep.events = "tcp://127.0.0.1:" + std::to_string(port + 1);
        RawViewer viewer(ctx, ep);
        JoinReplyMsg reply = viewer.join("plant", "alice", Role::Operator);
        EXPECT_TRUE(reply.accepted) << reply.reason;
        EXPECT_EQ(reply.eventsEndpoint, ep.events);
        EXPECT_TRUE(reply.feedUpdates.empty()) << "--no-sim: no twin feed";

        stop = true;
        runner.join();
        EXPECT_EQ(rc.load(), 0);
        return;
    }
    FAIL() << "the hub could not bind a free port block in 5 attempts";
}

TEST(HubMain, PrintsTheAuditLog) {
    zmq::context_t ctx(1);
    HubTempDir dir;
    const std::string db = dir.file("hub.sqlite");
    {
        auto hub = SessionHub::start(ctx, hubOptions(db));
        ASSERT_TRUE(hub) << hub.error().message;
        RawViewer viewer(ctx, (*hub)->endpoints());
        ASSERT_TRUE(viewer.join("plant", "olga", Role::Observer).accepted);
        viewer.send(RequestMsg{1, createAnnotation("not allowed")});
        auto reply = viewer.expect<ReplyMsg>();
        ASSERT_TRUE(reply);
        EXPECT_EQ(reply->status, ReplyStatus::Denied);
    }
    std::atomic<bool> stop{false};
    testing::internal::CaptureStdout();
    const int rc = runHub(std::vector<std::string>{"--audit", "plant", "--db", db, "--last", "10"}, stop);
    const std::string out = testing::internal::GetCapturedStdout();
    EXPECT_EQ(rc, 0);
    EXPECT_NE(out.find("olga"), std::string::npos) << out;
    EXPECT_NE(out.find("join"), std::string::npos) << out;
    EXPECT_NE(out.find("denied: observers may view and point only"), std::string::npos) << out;
    EXPECT_NE(out.find("entries of session \"plant\""), std::string::npos) << out;
    EXPECT_EQ(runHub(std::vector<std::string>{"--audit", "nosuch", "--db", db}, stop), 1);
    EXPECT_EQ(runHub(std::vector<std::string>{"--audit", "plant", "--last", "x"}, stop), 2);
}
