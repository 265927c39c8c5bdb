// SessionFeed: the twin feed relayed by a real SessionHub (FeedRelay inside) reaches a viewer that knows only the
// hub's endpoint, converges with the upstream publisher's state, and carries commands through the hub (role
// checked) to the twin and their outcome back.
#include "core/log.h"
#include "fake_hub.h"
#include "net/feed/feed_publisher.h"
#include "net/hub/session_hub.h"
#include "net/session_client/session_feed.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <random>
#include <unistd.h>

namespace tv::net {
namespace {

using namespace test;
namespace fs = std::filesystem;

Update level(double value) {
    PropertyUpdate u;
    u.entity = "tank-1";
    u.property = "level";
    u.value = Value::makeNumber(value);
    return u;
}

class SessionFeedTest : public ::testing::Test {
protected:
    zmq::context_t context;
    fs::path dir;
    std::unique_ptr<FeedPublisher> twin;
    std::unique_ptr<SessionHub> hub;
    std::vector<std::string> commandsSeen;

    void SetUp() override {
        std::random_device rd;
        dir = fs::temp_directory_path() / format("tv-session-feed-%u-%u", unsigned(getpid()), unsigned(rd()));
        fs::create_directories(dir);
        PublisherOptions p;
        p.bind = FeedEndpoints{"tcp://127.0.0.1:*", "tcp://127.0.0.1:*", "tcp://127.0.0.1:*"};
        p.heartbeatMs = 200;
        auto pub = FeedPublisher::create(context, p);
        ASSERT_TRUE(pub.hasValue()) << pub.error().message;
        twin = std::move(pub.value());
        ASSERT_TRUE(twin->publish(std::vector<Update>{level(41.5)}).hasValue());
        HubOptions h;
        h.dbPath = (dir / "hub.sqlite").string();
        h.upstreamFeed = twin->boundEndpoints();
        auto started = SessionHub::start(context, h);
        ASSERT_TRUE(started.hasValue()) << started.error().message;
        hub = std::move(started.value());
    }
    void TearDown() override {
        hub.reset();
        twin.reset();
        std::error_code ec;
        fs::remove_all(dir, ec);
    }

    std::unique_ptr<SessionClient> join(std::string user, Role role) {
        SessionClientOptions o;
        o.hubEndpoint = hub->endpoints().control;
        o.session = "plant";
        o.user = std::move(user);
        o.role = role;
        auto c = SessionClient::start(context, o);
        EXPECT_TRUE(c.hasValue()) << c.error().message;
        return c ? std::move(c.value()) : nullptr;
    }

    // Serves the twin publisher (snapshots, commands, heartbeats) while waiting.
    bool until(const std::function<bool()>& condition, std::chrono::milliseconds timeout = 10000ms) {
        return waitFor(
            [&] {
                twin->poll(1ms, [&](const CommandRequest& c) {
                    commandsSeen.emplace_back(c.target);
                    return CommandVerdict{CommandStatus::Rejected, "interlock"};
                });
                return condition();
            },
            timeout);
    }
};

// The latest relayed value of tank-1.level in the deltas so far (NaN before any).
struct Collected {
    double level = std::nan("");
    bool reset = false;
    std::vector<CommandResult> results;
    void add(const FeedDelta& d) {
        reset = reset || d.reset;
        for (const FeedChange& c : d.changes)
            if (c.kind == FeedChange::Kind::Property && c.entity == "tank-1" && c.name == "level")
                level = c.property.value.number;
        results.insert(results.end(), d.commandResults.begin(), d.commandResults.end());
    }
};

TEST_F(SessionFeedTest, RelayedFeedConvergesAndCommandsGoThroughTheHub) {
    auto client = join("bob", Role::Operator);
    ASSERT_TRUE(client);
    SubscriberOptions base;
    SessionFeed feed(context, *client, base);
    EXPECT_NE(feed.describe().find("session plant via tcp://127.0.0.1:"), std::string::npos) << feed.describe();
    FeedDelta delta;
    Collected got;
    ASSERT_TRUE(until([&] {
        feed.poll(0.0, delta);
        got.add(delta);
        return got.level == 41.5 && delta.status.liveness == FeedLiveness::Live;
    })) << feed.status().lastError;
    EXPECT_TRUE(got.reset);
    EXPECT_EQ(feed.connectedEndpoints().updates, hub->endpoints().feed.updates);
    EXPECT_EQ(feed.subscribersCreated(), 1u);

    ASSERT_TRUE(twin->publish(std::vector<Update>{level(42.5)}).hasValue());
    ASSERT_TRUE(until([&] {
        feed.poll(0.0, delta);
        got.add(delta);
        return got.level == 42.5;
    }));

    const uint64_t id = feed.sendCommand("valve-3", "open", {}, 3000);
    ASSERT_TRUE(until([&] {
        feed.poll(0.0, delta);
        got.add(delta);
        return !got.results.empty();
    }));
    EXPECT_EQ(got.results[0].commandId, id);
    EXPECT_EQ(got.results[0].outcome, CommandOutcome::Rejected);
    EXPECT_EQ(got.results[0].reason, "interlock");
    ASSERT_EQ(commandsSeen.size(), 1u);
    EXPECT_EQ(commandsSeen[0], "valve-3");
}

TEST_F(SessionFeedTest, AnObserversCommandNeverReachesTheTwin) {
    auto client = join("carol", Role::Observer);
    ASSERT_TRUE(client);
    SessionFeed feed(context, *client, SubscriberOptions{});
    FeedDelta delta;
    EXPECT_EQ(feed.status().liveness, FeedLiveness::Connecting);
    Collected got;
    ASSERT_TRUE(until([&] {
        feed.poll(0.0, delta);
        got.add(delta);
        return got.level == 41.5;
    }));
    const uint64_t id = feed.sendCommand("valve-3", "open", {}, 3000);
    ASSERT_TRUE(until([&] {
        feed.poll(0.0, delta);
        got.add(delta);
        return !got.results.empty();
    }));
    EXPECT_EQ(got.results[0].commandId, id);
    EXPECT_EQ(got.results[0].outcome, CommandOutcome::Rejected);
    EXPECT_NE(got.results[0].reason.find(denialReason(Role::Observer, SessionAction::SendCommand)), std::string::npos)
        << got.results[0].reason;
    until([] { return false; }, 200ms);
    EXPECT_TRUE(commandsSeen.empty());
}

} // namespace
} // namespace tv::net
