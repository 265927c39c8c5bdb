// SessionFeed — the twin feed of a joined shared session, as a FeedSource (net/feed/feed_source.h): remote viewers
// need only the hub's endpoint, and the hub relays the twin feed (docs/sessions.md). Once the SessionClient has
// joined, a FeedSubscriber connects to the feed endpoints the hub advertised (a CURVE client when the session
// client is); a rejoin that advertises other endpoints (the hub restarted on other ports) replaces it, and the
// next delta then carries `reset` with the whole state. Commands go through SessionClient::sendCommand, because the
// hub checks the sender's role and audits them; their results are merged into the delta's commandResults.
//
// Commands: a SessionFeed drains SessionClient::takeCommandResults() on every poll, so with a SessionFeed send
// twin commands through it (or accept that their results appear in the feed's deltas).
//
// Status: Connecting (name "session NAME") until the client has joined a hub that relays a feed; then the
// subscriber's status. Main thread: every call, as for any FeedSource. The client must outlive the feed.
#pragma once

#include "net/feed/feed_source.h"
#include "net/feed/feed_subscriber.h"
#include "net/session_client/session_client.h"

#include <memory>
#include <string>

namespace zmq {
class context_t;
}

namespace tv::net {

class SessionFeed final : public FeedSource {
public:
    // `base` supplies the name, limits, timeouts and onPending of the subscribers this creates (its endpoints and
    // CURVE fields are replaced with the hub's). `context` and `client` must outlive the feed.
    SessionFeed(zmq::context_t& context, SessionClient& client, SubscriberOptions base);
    ~SessionFeed() override;

    void poll(double dtSeconds, FeedDelta& out) override;
    uint64_t sendCommand(std::string_view target, std::string_view verb, std::span<const OwnedCommandArg> args,
                         uint32_t timeoutMs) override;
    FeedStatus status() const override;
    std::string describe() const override; // "session NAME via tcp://HOST:PORT"

    // The endpoints the current subscriber uses (empty before the first join with a feed). For tests.
    const FeedEndpoints& connectedEndpoints() const { return m_endpoints; }
    // How many subscribers were created (a rejoin with other endpoints makes a new one). For tests.
    uint32_t subscribersCreated() const { return m_created; }

private:
    void followClient();

    zmq::context_t& m_context;
    SessionClient& m_client;
    SubscriberOptions m_base;
    std::unique_ptr<FeedSubscriber> m_subscriber;
    FeedEndpoints m_endpoints;
    uint32_t m_created = 0;
    std::string m_lastError; // a subscriber that could not be created
    std::vector<CommandResult> m_results;
};

} // namespace tv::net
