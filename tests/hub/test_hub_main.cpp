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

TEST(HubMain, ServesJoinsUntilStopped) {
    zmq::context_t ctx(1);
    HubTempDir dir;
    // An ephemeral port the OS just handed out; the hub binds it and the three after it.
    uint16_t port = 0;
    {
        zmq::socket_t probe(ctx, zmq::socket_type::router);
        probe.set(zmq::sockopt::linger, 0);
        probe.bind("tcp://127.0.0.1:*");
        const std::string ep = probe.get(zmq::sockopt::last_endpoint);
        port = uint16_t(std::stoi(ep.substr(ep.rfind(':') + 1)));
    }
    const std::vector<std::string> args = {"--port", std::to_string(port), "--db", dir.file("hub.sqlite"), "--no-sim"};
    std::atomic<bool> stop{false};
    std::atomic<int> rc{-1};
    std::thread runner([&] { rc = runHub(args, stop, 30.0); });

    HubEndpoints ep;
    ep.control = "tcp://127.0.0.1:" + std::to_string(port);
    ep.events = "tcp://127.0.0.1:" + std::to_string(port + 1);
    RawViewer viewer(ctx, ep);
    // The hub may still be starting: the DEALER queues the join until the connection is up.
    JoinReplyMsg reply = viewer.join("plant", "alice", Role::Operator);
    EXPECT_TRUE(reply.accepted) << reply.reason;
    EXPECT_EQ(reply.eventsEndpoint, ep.events);
    EXPECT_TRUE(reply.feedUpdates.empty()) << "--no-sim: no twin feed";

    stop = true;
    runner.join();
    EXPECT_EQ(rc.load(), 0);
}
