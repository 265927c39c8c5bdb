// CURVE on the feed's sockets (issue 5, "with keys all hub traffic is encrypted and authenticated"): a publisher
// with a server key and a ZapAuthenticator allowing one client key; that client converges and its commands get
// through; a client with an unknown key, with the wrong server key, or without CURVE at all never gets a frame.
#include "feed_test_util.h"

#include "net/security/curve_keys.h"
#include "net/security/zap_authenticator.h"

namespace tv::net::test {
namespace {

CurveKeyPair keys() {
    auto k = generateCurveKeyPair();
    EXPECT_TRUE(k) << (k ? "" : k.error().message);
    return k ? *k : CurveKeyPair{};
}

SubscriberOptions curveClient(const CurveKeyPair& mine, const std::string& serverPublic) {
    SubscriberOptions o;
    o.curve = CurveClientOptions{mine.publicKey, mine.secretKey, serverPublic};
    return o;
}

TEST(FeedCurve, OnlyTheAllowedKeyGetsTheFeed) {
    zmq::context_t ctx;
    const CurveKeyPair server = keys(), alice = keys(), stranger = keys();
    ASSERT_FALSE(server.secretKey.empty());
    auto zap = ZapAuthenticator::start(ctx, AllowList{{alice.publicKey, AllowedKey{"alice", "operator"}}});
    ASSERT_TRUE(zap) << zap.error().message;

    PublisherOptions po;
    po.curve.secretKey = server.secretKey;
    auto pub = makePublisher(ctx, po);
    ASSERT_TRUE(pub);
    ASSERT_TRUE(pub->publish(std::vector<Update>{numberUpdate("tank-1", "level", 41.5)}));

    Viewer good = makeViewer(ctx, pub->boundEndpoints(), curveClient(alice, server.publicKey));
    Viewer unknownKey = makeViewer(ctx, pub->boundEndpoints(), curveClient(stranger, server.publicKey));
    Viewer wrongServer = makeViewer(ctx, pub->boundEndpoints(), curveClient(alice, stranger.publicKey));
    Viewer plain = makeViewer(ctx, pub->boundEndpoints());
    auto drainOthers = [&] {
        unknownKey.drain();
        wrongServer.drain();
        plain.drain();
    };
    std::string diff;
    ASSERT_TRUE(waitFor(
        good, pub.get(), [&] { return converged(good, *pub, &diff); }, 10s, drainOthers))
        << diff;

    // Commands ride the CURVE command socket too.
    uint64_t id = good.feed->sendCommand("pump-3", "start", {}, 5000);
    CommandHandler accept = [](const CommandRequest&) { return CommandVerdict{}; };
    ASSERT_TRUE(waitFor(
        good, pub.get(), [&] { return !good.results.empty(); }, 10s, drainOthers, accept));
    EXPECT_EQ(good.results[0].commandId, id);
    EXPECT_EQ(good.results[0].outcome, CommandOutcome::Accepted);

    // The others stay out for a while of pumping (the handshake is refused or never completes).
    waitFor(
        good, pub.get(), [] { return false; }, 1500ms, drainOthers);
    for (const Viewer* v : {&unknownKey, &wrongServer, &plain}) {
        EXPECT_EQ(v->status.liveness, FeedLiveness::Connecting);
        EXPECT_EQ(v->status.counters.framesReceived, 0u);
        EXPECT_TRUE(v->state.entities().empty());
        EXPECT_EQ(v->resets, 0);
    }
    EXPECT_GE(zap.value()->counters().accepted, 1u);
    EXPECT_GE(zap.value()->counters().denied, 1u);
}

TEST(FeedCurve, MalformedKeysAreRefusedAtStart) {
    zmq::context_t ctx;
    PublisherOptions po;
    po.bind = loopbackBind();
    po.curve.secretKey = "not a key";
    auto pub = FeedPublisher::create(ctx, po);
    ASSERT_FALSE(pub);
    EXPECT_NE(pub.error().message.find("Z85"), std::string::npos) << pub.error().message;

    SubscriberOptions so;
    so.connect = {"tcp://127.0.0.1:1", "tcp://127.0.0.1:2", ""};
    so.curve.serverKey = "short";
    auto sub = FeedSubscriber::start(ctx, so);
    ASSERT_FALSE(sub);
    EXPECT_NE(sub.error().message.find("hub public key"), std::string::npos) << sub.error().message;
}

} // namespace
} // namespace tv::net::test
