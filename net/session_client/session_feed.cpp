#include "net/session_client/session_feed.h"

#include "core/log.h"

namespace tv::net {

SessionFeed::SessionFeed(zmq::context_t& context, SessionClient& client, SubscriberOptions base)
    : m_context(context), m_client(client), m_base(std::move(base)) {
    if (m_base.name.empty()) m_base.name = format("session %s", m_client.options().session.c_str());
}

SessionFeed::~SessionFeed() = default;

// Creates or replaces the subscriber when the hub (re)advertises feed endpoints. Only after a join: the
// endpoints of a hub run we are no longer joined to may be gone, and the subscriber there would only go stale.
void SessionFeed::followClient() {
    SessionClientStatus s = m_client.status();
    if (s.state != SessionLinkState::Joined) return;
    if (s.feed.updates.empty() || s.feed.snapshot.empty()) return;
    if (m_subscriber && s.feed.updates == m_endpoints.updates && s.feed.snapshot == m_endpoints.snapshot) return;
    SubscriberOptions options = m_base;
    options.connect = FeedEndpoints{s.feed.updates, s.feed.snapshot, {}};
    options.curve = m_client.options().curve;
    m_subscriber.reset(); // stop the old one first: its thread holds sockets in the same context
    auto subscriber = FeedSubscriber::start(m_context, std::move(options));
    m_endpoints = FeedEndpoints{s.feed.updates, s.feed.snapshot, {}};
    if (!subscriber) {
        m_lastError = subscriber.error().message;
        logWarn("%s: cannot subscribe to the relayed feed: %s", m_base.name.c_str(), m_lastError.c_str());
        return;
    }
    m_lastError.clear();
    m_subscriber = std::move(subscriber.value());
    ++m_created;
    logInfo("%s: relayed twin feed at %s", m_base.name.c_str(), m_endpoints.updates.c_str());
}

void SessionFeed::poll(double dtSeconds, FeedDelta& out) {
    followClient();
    if (m_subscriber) {
        m_subscriber->poll(dtSeconds, out);
    } else {
        out.clear();
        out.status = status();
    }
    m_results.clear();
    m_client.takeCommandResults(m_results);
    out.commandResults.insert(out.commandResults.end(), m_results.begin(), m_results.end());
}

uint64_t SessionFeed::sendCommand(std::string_view target, std::string_view verb, std::span<const OwnedCommandArg> args,
                                  uint32_t timeoutMs) {
    return m_client.sendCommand(target, verb, args, timeoutMs);
}

FeedStatus SessionFeed::status() const {
    if (m_subscriber) return m_subscriber->status();
    FeedStatus s;
    s.name = m_base.name;
    s.liveness = FeedLiveness::Connecting;
    if (!m_lastError.empty()) {
        s.lastError = m_lastError;
    } else {
        SessionClientStatus c = m_client.status();
        if (c.state == SessionLinkState::Joined && c.feed.updates.empty())
            s.lastError = "the hub relays no twin feed";
        else if (c.state != SessionLinkState::Joined)
            s.lastError = format("session %s", sessionLinkStateName(c.state));
    }
    return s;
}

std::string SessionFeed::describe() const {
    const SessionClientOptions& o = m_client.options();
    return format("session %s via %s", o.session.c_str(), o.hubEndpoint.c_str());
}

} // namespace tv::net
