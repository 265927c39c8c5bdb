#include "net/session_client/session_replica.h"

#include "core/log.h"

#include <algorithm>

namespace tv::net {

void SessionReplica::load(const SessionSnapshotMsg& snapshot) {
    m_session = snapshot.session;
    m_members = snapshot.members;
    m_online.clear();
    for (const std::string& user : snapshot.online) m_online.insert(user);
    m_annotations.clear();
    for (const Annotation& a : snapshot.annotations) m_annotations[a.id] = a;
    m_viewpoints.clear();
    for (const SharedViewpoint& v : snapshot.viewpoints) m_viewpoints[v.name] = v;
    m_leader = snapshot.leader;
    m_moment = snapshot.moment;
}

Member* SessionReplica::findMutable(std::string_view user) {
    auto it = std::find_if(m_members.begin(), m_members.end(), [&](const Member& m) { return m.user == user; });
    return it == m_members.end() ? nullptr : &*it;
}

const Member* SessionReplica::findMember(std::string_view user) const {
    auto it = std::find_if(m_members.begin(), m_members.end(), [&](const Member& m) { return m.user == user; });
    return it == m_members.end() ? nullptr : &*it;
}

void SessionReplica::apply(const SessionEvent& event) {
    switch (event.kind) {
    case SessionEventKind::MemberJoined:
        if (Member* m = findMutable(event.member.user))
            *m = event.member;
        else
            m_members.push_back(event.member);
        m_online.insert(event.member.user);
        return;
    case SessionEventKind::MemberLeft: {
        auto it = m_online.find(event.user);
        if (it != m_online.end()) m_online.erase(it);
        return;
    }
    case SessionEventKind::AnnotationUpserted: m_annotations[event.annotation.id] = event.annotation; return;
    case SessionEventKind::AnnotationDeleted: m_annotations.erase(event.annotationId); return;
    case SessionEventKind::ViewpointUpserted: m_viewpoints[event.viewpoint.name] = event.viewpoint; return;
    case SessionEventKind::ViewpointDeleted: {
        auto it = m_viewpoints.find(event.viewpointName);
        if (it != m_viewpoints.end()) m_viewpoints.erase(it);
        return;
    }
    case SessionEventKind::FollowChanged: m_leader = event.leader; return;
    case SessionEventKind::Gather: return; // where to go, not what the session is
    case SessionEventKind::MomentChanged: m_moment = event.moment; return;
    }
}

void SessionReplica::setLatencies(std::span<const MemberLatency> latencies) {
    m_latencies.clear();
    for (const MemberLatency& l : latencies) m_latencies[l.user] = l.rttMs;
}

bool SessionReplica::isOnline(std::string_view user) const { return m_online.find(user) != m_online.end(); }

float SessionReplica::latencyMs(std::string_view user) const {
    auto it = m_latencies.find(user);
    return it == m_latencies.end() ? -1.0f : it->second;
}

namespace {

bool fail(std::string* out, std::string message) {
    if (out) *out = std::move(message);
    return false;
}

} // namespace

bool SessionReplica::sameAs(const SessionReplica& other, std::string* firstDifference) const {
    if (m_session != other.m_session)
        return fail(firstDifference, format("session \"%s\" vs \"%s\"", m_session.c_str(), other.m_session.c_str()));
    if (m_members.size() != other.m_members.size())
        return fail(firstDifference, format("%zu members vs %zu", m_members.size(), other.m_members.size()));
    for (const Member& m : m_members) {
        const Member* o = other.findMember(m.user);
        if (!o) return fail(firstDifference, format("member %s missing in the other replica", m.user.c_str()));
        if (m.role != o->role || m.device != o->device || m.colour != o->colour || m.firstSeenUs != o->firstSeenUs)
            return fail(firstDifference,
                        format("member %s differs (role %s/%s, device %s/%s, colour %06x/%06x)", m.user.c_str(),
                               roleName(m.role), roleName(o->role), deviceKindName(m.device), deviceKindName(o->device),
                               m.colour, o->colour));
    }
    if (m_online != other.m_online) {
        for (const std::string& u : m_online)
            if (!other.isOnline(u)) return fail(firstDifference, format("%s online only here", u.c_str()));
        for (const std::string& u : other.m_online)
            if (!isOnline(u)) return fail(firstDifference, format("%s online only in the other", u.c_str()));
    }
    if (m_annotations.size() != other.m_annotations.size())
        return fail(firstDifference,
                    format("%zu annotations vs %zu", m_annotations.size(), other.m_annotations.size()));
    for (const auto& [id, a] : m_annotations) {
        auto it = other.m_annotations.find(id);
        if (it == other.m_annotations.end())
            return fail(firstDifference, format("annotation %llu missing in the other", (unsigned long long)id));
        if (!(it->second == a))
            return fail(firstDifference, format("annotation %llu differs (\"%s\" vs \"%s\")", (unsigned long long)id,
                                                a.text.c_str(), it->second.text.c_str()));
    }
    if (m_viewpoints.size() != other.m_viewpoints.size())
        return fail(firstDifference, format("%zu viewpoints vs %zu", m_viewpoints.size(), other.m_viewpoints.size()));
    for (const auto& [name, v] : m_viewpoints) {
        auto it = other.m_viewpoints.find(name);
        if (it == other.m_viewpoints.end() || !(it->second == v))
            return fail(firstDifference, format("viewpoint \"%s\" differs or is missing", name.c_str()));
    }
    if (m_leader != other.m_leader)
        return fail(firstDifference, format("leader \"%s\" vs \"%s\"", m_leader.c_str(), other.m_leader.c_str()));
    if (!(m_moment == other.m_moment))
        return fail(firstDifference,
                    format("moment %s by \"%s\" (sequence %llu) vs %s by \"%s\" (sequence %llu)",
                           momentText(m_moment.twinTimeUs).c_str(), m_moment.by.c_str(),
                           (unsigned long long)m_moment.sequence, momentText(other.m_moment.twinTimeUs).c_str(),
                           other.m_moment.by.c_str(), (unsigned long long)other.m_moment.sequence));
    return true;
}

} // namespace tv::net
