// SessionReplica — a viewer's copy of one shared session's state (members and who is online, annotations, shared
// viewpoints, the leader everybody follows, the shared moment, the members' latencies) exactly as the hub published it:
// loaded from a snapshot, then advanced by the hub's sequenced events (Clone pattern, docs/sessions.md). Pure: no
// sockets, no clock, no sequence bookkeeping (SessionEventSync, session_event_sync.h, decides which events apply), so
// the convergence logic is unit-testable on its own and the tests can compare two viewers' replicas with sameAs().
//
// Owned by one thread (SessionClient keeps the one the UI reads on the main thread); not thread-safe.
#pragma once

#include "net/session/session_protocol.h"

#include <cstdint>
#include <map>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace tv::net {

class SessionReplica {
public:
    // Replaces everything with the snapshot's state (latencies are kept: they come from heartbeats, not state).
    void load(const SessionSnapshotMsg& snapshot);

    // Applies one event, in sequence order: MemberJoined (upsert the member, online), MemberLeft (offline; members
    // persist so a returning user keeps their colour), Annotation/Viewpoint Upserted/Deleted, FollowChanged,
    // MomentChanged (the event's whole SharedMoment, as the decoder filled it).
    // Gather changes nothing (it is an instruction, not state). Deleting something unknown is a no-op.
    void apply(const SessionEvent& event);

    // The latest round trips the hub published (heartbeats): replaces the previous set.
    void setLatencies(std::span<const MemberLatency> latencies);

    // Members in the order the hub listed them (snapshot order, then first appearance in events).
    const std::vector<Member>& members() const { return m_members; }
    const Member* findMember(std::string_view user) const;
    bool isOnline(std::string_view user) const;
    const std::set<std::string, std::less<>>& online() const { return m_online; }
    const std::map<uint64_t, Annotation>& annotations() const { return m_annotations; }
    const std::map<std::string, SharedViewpoint, std::less<>>& viewpoints() const { return m_viewpoints; }
    const std::string& leader() const { return m_leader; } // "" = nobody leads
    // The moment everyone was taken to: live (twinTimeUs 0) with sequence 0 until a presenter sets one in this hub
    // run; `sequence` tells two changes to the same time apart.
    const SharedMoment& moment() const { return m_moment; }
    const std::string& session() const { return m_session; }
    // The member's last round trip to the hub in ms, or a negative value when unknown.
    float latencyMs(std::string_view user) const;

    // Same published state? Members are compared by user (order-free) on role, device, colour, first-seen time and
    // online state — not lastSeenUs, which the hub refreshes without an event; annotations, viewpoints, the leader
    // and the moment exactly. Latencies are not state. On a difference, `firstDifference` (if given) names it. For
    // tests ("every viewer converged") and diagnostics.
    bool sameAs(const SessionReplica& other, std::string* firstDifference = nullptr) const;

private:
    Member* findMutable(std::string_view user);

    std::string m_session;
    std::vector<Member> m_members;
    std::set<std::string, std::less<>> m_online;
    std::map<uint64_t, Annotation> m_annotations;
    std::map<std::string, SharedViewpoint, std::less<>> m_viewpoints;
    std::string m_leader;
    SharedMoment m_moment;
    std::map<std::string, float, std::less<>> m_latencies;
};

} // namespace tv::net
