// Hostile input: the viewer's updates come from a raw PUB socket owned by the test (mirroring a real publisher's
// sequence, which serves the snapshots), so the test can interleave garbage, wrong magic, unknown versions,
// oversized, truncated and out-of-order frames with valid ones. Every bad frame is counted, each kind is logged
// once, and valid frames keep being applied.
#include "feed_test_util.h"

#include "net/codec/encoder.h"
#include "net/codec/wire_format.h"

#include <cstring>

namespace tv::net::test {
namespace {

int countOccurrences(const std::string& text, const std::string& needle) {
    int n = 0;
    for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
    return n;
}

class MalformedFeed : public ::testing::Test {
protected:
    void SetUp() override {
        PublisherOptions o;
        o.heartbeatMs = 0; // the raw PUB is the viewer's only update source; heartbeats would go nowhere
        pub = makePublisher(ctx, o);
        ASSERT_TRUE(pub);
        ASSERT_TRUE(pub->publish(std::vector<Update>{numberUpdate("a", "x", 1)}).hasValue());
        raw = zmq::socket_t(ctx, zmq::socket_type::pub);
        raw.set(zmq::sockopt::linger, 0);
        raw.bind("tcp://127.0.0.1:*");
        SubscriberOptions so;
        so.limits.maxMessageBytes = 64 * 1024;
        so.staleTimeoutMs = 60000; // the raw socket sends no heartbeats
        viewer = makeViewer(ctx, {raw.get(zmq::sockopt::last_endpoint), pub->boundEndpoints().snapshot, ""}, so);
        ASSERT_TRUE(viewer.feed);
        ASSERT_TRUE(waitFor(viewer, pub.get(), [&] { return converged(viewer, *pub); }));
        // PUB/SUB joins asynchronously: send heartbeats until one arrives, so later frames are not lost.
        uint64_t before = viewer.status.counters.framesReceived;
        ASSERT_TRUE(waitFor(
            viewer, pub.get(), [&] { return viewer.status.counters.framesReceived > before; }, 10s,
            [&] {
                std::vector<uint8_t> hb;
                ASSERT_TRUE(encodeHeartbeat(info(pub->sequence()), Heartbeat{1000}, hb).hasValue());
                sendRaw(hb);
            }));
    }

    FrameInfo info(uint64_t sequence) const { return {pub->publisherId(), pub->epoch(), sequence, wallClockUs()}; }
    void sendRaw(const std::vector<uint8_t>& bytes) { raw.send(zmq::buffer(bytes), zmq::send_flags::dontwait); }

    // The real publisher takes the update (state + sequence) without sending it; the raw PUB sends the same frame.
    std::vector<uint8_t> mirror(const Update& u) {
        pub->dropNextFrames(1);
        EXPECT_TRUE(pub->publish(std::vector<Update>{u}).hasValue());
        std::vector<uint8_t> frame;
        EXPECT_TRUE(encodeUpdates(info(pub->sequence()), std::vector<Update>{u}, frame).hasValue());
        return frame;
    }
    void sendValidAndWait(double value) {
        sendRaw(mirror(numberUpdate("a", "x", value)));
        std::string diff;
        ASSERT_TRUE(waitFor(viewer, pub.get(), [&] { return converged(viewer, *pub, &diff); })) << diff;
        ASSERT_EQ(viewer.state.findProperty("a", "x")->value.number, value);
    }
    bool waitMalformed(uint64_t n) {
        return waitFor(viewer, pub.get(), [&] { return viewer.status.counters.malformed >= n; });
    }

    zmq::context_t ctx;
    std::unique_ptr<FeedPublisher> pub;
    zmq::socket_t raw;
    Viewer viewer;
};

TEST_F(MalformedFeed, BadFramesAreCountedLoggedOnceAndTheFeedGoesOn) {
    std::vector<uint8_t> valid;
    ASSERT_TRUE(
        encodeUpdates(info(pub->sequence() + 1), std::vector<Update>{numberUpdate("a", "x", 5)}, valid).hasValue());
    auto garbage = [] {
        std::string s = "{\"not\": \"a twin frame\"}";
        return std::vector<uint8_t>(s.begin(), s.end());
    }();
    auto badVersion = valid;
    badVersion[offsets::kVersion] = 9;
    auto truncated = std::vector<uint8_t>(valid.begin(), valid.begin() + long(valid.size() / 2));
    auto trailing = valid;
    trailing.push_back(0);
    // Declares (and carries) a body over the viewer's 64 KiB cap.
    std::vector<uint8_t> oversized(100 * 1024, 0);
    std::memcpy(oversized.data(), valid.data(), kHeaderBytes);
    uint32_t body = uint32_t(oversized.size() - kHeaderBytes);
    std::memcpy(oversized.data() + offsets::kBodyLength, &body, 4);

    const std::vector<std::vector<uint8_t>> bad = {garbage, badVersion, truncated, trailing, oversized};
    const char* names[] = {"BadMagic", "UnsupportedVersion", "Truncated", "BadLength", "TooLarge"};

    testing::internal::CaptureStderr();
    uint64_t expected = viewer.status.counters.malformed;
    for (int round = 0; round < 2; ++round) {
        for (const auto& frame : bad) {
            sendRaw(frame);
            ASSERT_TRUE(waitMalformed(++expected));
        }
        sendValidAndWait(10.0 + round); // valid frames still apply between the bad ones
    }
    // A valid frame of a kind that does not belong on the updates socket, and a multipart message.
    std::vector<uint8_t> end;
    ASSERT_TRUE(encodeSnapshotEnd(info(pub->sequence()), SnapshotEnd{0}, end).hasValue());
    sendRaw(end);
    raw.send(zmq::buffer(valid), zmq::send_flags::sndmore);
    raw.send(zmq::buffer(valid), zmq::send_flags::none);
    ASSERT_TRUE(waitFor(viewer, pub.get(), [&] { return viewer.status.counters.unexpected >= 2; }));
    sendValidAndWait(20.0);
    std::string log = testing::internal::GetCapturedStderr();

    EXPECT_EQ(viewer.status.counters.malformed, expected);
    for (const char* name : names)
        EXPECT_EQ(countOccurrences(log, std::string("dropped a malformed frame (") + name), 1) << name << "\n" << log;
    EXPECT_EQ(viewer.status.lastError.rfind("malformed frame: ", 0), 0u) << viewer.status.lastError;
    EXPECT_EQ(viewer.status.counters.gaps, 0u);
}

TEST_F(MalformedFeed, OutOfOrderSequencesAreDiscardedOrResynced) {
    // Duplicate (an old sequence again): discarded silently.
    std::vector<uint8_t> old;
    ASSERT_TRUE(encodeUpdates(info(pub->sequence()), std::vector<Update>{numberUpdate("a", "x", -1)}, old).hasValue());
    sendRaw(old);
    ASSERT_TRUE(waitFor(viewer, pub.get(), [&] { return viewer.status.counters.duplicates >= 1; }));
    EXPECT_EQ(viewer.state.findProperty("a", "x")->value.number, 1.0);

    // Skipped sequence: the publisher moved on by two, the viewer only sees the second -> gap -> re-snapshot.
    auto lost = mirror(numberUpdate("a", "x", 2));
    auto next = mirror(numberUpdate("b", "y", 3));
    (void)lost;
    sendRaw(next);
    std::string diff;
    ASSERT_TRUE(waitFor(viewer, pub.get(), [&] {
        return viewer.status.counters.gaps >= 1 && converged(viewer, *pub, &diff);
    })) << diff;
    EXPECT_EQ(viewer.state.findProperty("a", "x")->value.number, 2.0);
    sendValidAndWait(4.0);
}

TEST_F(MalformedFeed, PublisherCountsMalformedRequests) {
    zmq::socket_t dealer(ctx, zmq::socket_type::dealer);
    dealer.set(zmq::sockopt::linger, 0);
    dealer.connect(pub->boundEndpoints().snapshot);
    dealer.send(zmq::str_buffer("garbage"), zmq::send_flags::none);
    ASSERT_TRUE(waitFor(viewer, pub.get(), [&] { return pub->counters().malformed >= 1; }));
    // Still serving: a proper request after the garbage gets a snapshot.
    std::vector<uint8_t> request;
    ASSERT_TRUE(encodeSnapshotRequest(FrameInfo{}, SnapshotRequest{"test"}, request).hasValue());
    dealer.send(zmq::buffer(request), zmq::send_flags::none);
    uint64_t served = pub->counters().snapshotsServed;
    ASSERT_TRUE(waitFor(viewer, pub.get(), [&] { return pub->counters().snapshotsServed > served; }));
}

} // namespace
} // namespace tv::net::test
