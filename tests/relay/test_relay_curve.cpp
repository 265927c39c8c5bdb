// CURVE on the relay's downstream (the hub's sockets): with the hub's server key and a ZapAuthenticator in the
// relay's context, a viewer with an allowed key converges on the (plain) upstream twin; one with an unknown key
// never receives a frame.
#include "relay_test_util.h"

#include "net/security/curve_keys.h"
#include "net/security/zap_authenticator.h"

namespace tv::net::test {
namespace {

CurveKeyPair keys() {
    auto k = generateCurveKeyPair();
    EXPECT_TRUE(k) << (k ? "" : k.error().message);
    return k ? *k : CurveKeyPair{};
}

TEST(RelayCurve, AllowedKeyConvergesUnknownKeyGetsNothing) {
    zmq::context_t twinCtx, hubCtx; // the twin is another process in reality: its own context, no ZAP
    auto up = makePublisher(twinCtx);
    ASSERT_TRUE(up);
    ASSERT_TRUE(up->publish(std::vector<Update>{numberUpdate("tank-1", "level", 41.5)}));

    const CurveKeyPair hub = keys(), alice = keys(), stranger = keys();
    ASSERT_FALSE(hub.secretKey.empty());
    auto zap = ZapAuthenticator::start(hubCtx, AllowList{{alice.publicKey, AllowedKey{"alice", "observer"}}});
    ASSERT_TRUE(zap) << zap.error().message;
    RelayOptions ro = relayOptions(up->boundEndpoints());
    ro.downstreamCurve.secretKey = hub.secretKey;
    auto relay = makeRelay(hubCtx, ro);
    ASSERT_TRUE(relay);

    zmq::context_t viewerCtx;
    SubscriberOptions good, bad;
    good.curve = CurveClientOptions{alice.publicKey, alice.secretKey, hub.publicKey};
    bad.curve = CurveClientOptions{stranger.publicKey, stranger.secretKey, hub.publicKey};
    Viewer allowed = makeViewer(viewerCtx, relay->boundEndpoints(), good);
    Viewer unknown = makeViewer(viewerCtx, relay->boundEndpoints(), bad);
    std::string diff;
    ASSERT_TRUE(pumpUntil({&allowed, &unknown}, up.get(), [&] { return sameTwin(allowed, *up, &diff); })) << diff;
    ASSERT_TRUE(up->publish(std::vector<Update>{numberUpdate("tank-1", "level", 42.0)}));
    ASSERT_TRUE(pumpUntil({&allowed, &unknown}, up.get(), [&] { return sameTwin(allowed, *up, &diff); })) << diff;

    pumpUntil(
        {&allowed, &unknown}, up.get(), [] { return false; }, 1500ms);
    EXPECT_EQ(unknown.status.liveness, FeedLiveness::Connecting);
    EXPECT_EQ(unknown.status.counters.framesReceived, 0u);
    EXPECT_TRUE(unknown.state.entities().empty());
    EXPECT_GE(zap.value()->counters().denied, 1u);
}

} // namespace
} // namespace tv::net::test
