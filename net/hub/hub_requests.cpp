// SessionHub: snapshots and the requests that change a session's state (annotations, viewpoints, follow, gather,
// the shared moment). Each request is checked against the sender's role (mayPerform, with annotationAction for
// authorship), validated, applied to the store, published as the session's next event, answered and audited — in
// that order, so a viewer that sees its Reply Ok can rely on the event having been sequenced.
#include "net/hub/hub_impl.h"

#include "core/log.h"

#include <cmath>

namespace tv::net {

using namespace hub;

namespace {

// What a request did, for the reply and the audit row.
struct Outcome {
    ReplyStatus status = ReplyStatus::Ok;
    std::string reason;
    uint64_t createdId = 0;
    std::string target; // audit target
    std::string detail; // audit detail
};

Outcome denied(Role role, SessionAction action) {
    Outcome o;
    o.status = ReplyStatus::Denied;
    o.reason = denialReason(role, action);
    return o;
}
Outcome invalid(std::string reason) {
    Outcome o;
    o.status = ReplyStatus::Invalid;
    o.reason = std::move(reason);
    return o;
}
Outcome failed(const Error& error) {
    Outcome o;
    o.status = ReplyStatus::Failed;
    o.reason = "the hub's store failed: " + error.message;
    return o;
}

std::string clipText(const std::string& text, size_t cap = 80) {
    return text.size() <= cap ? text : text.substr(0, cap) + "...";
}

} // namespace

void SessionHub::Impl::handleSnapshotRequest(Connection& conn) {
    SessionSnapshotMsg snap;
    snap.session = conn.session;
    snap.epoch = epoch;
    SessionRuntime& rt = sessions[conn.session];
    snap.sequence = rt.sequence;
    snap.leader = rt.leader;
    snap.moment = rt.moment;
    auto members = store->listMembers(conn.session);
    auto annotations = store->listAnnotations(conn.session);
    auto viewpoints = store->listViewpoints(conn.session);
    const Error* error = !members       ? &members.error()
                         : !annotations ? &annotations.error()
                         : !viewpoints  ? &viewpoints.error()
                                        : nullptr;
    if (error) {
        logError("hub: snapshot of \"%s\" failed: %s", conn.session.c_str(), error->message.c_str());
        reply(conn.routingId,
              ReplyMsg{0, ReplyStatus::Failed, "snapshot: the hub's store failed: " + error->message, 0});
        return;
    }
    snap.members = std::move(*members);
    if (snap.members.size() > kSessionMaxMembers) snap.members.resize(kSessionMaxMembers);
    for (const auto& [id, c] : connections)
        if (c.session == conn.session && snap.online.size() < kSessionMaxMembers) snap.online.push_back(c.user);
    snap.annotations = std::move(*annotations);
    snap.viewpoints = std::move(*viewpoints);
    std::vector<uint8_t> bytes;
    if (auto ok = encodeSessionMessage(snap, bytes); !ok) {
        logError("hub: snapshot of \"%s\" cannot be sent: %s", conn.session.c_str(), ok.error().message.c_str());
        reply(conn.routingId, ReplyMsg{0, ReplyStatus::Failed, "snapshot: " + ok.error().message, 0});
        return;
    }
    try {
        control.send(zmq::const_buffer(conn.routingId.data(), conn.routingId.size()),
                     zmq::send_flags::sndmore | zmq::send_flags::dontwait);
        control.send(zmq::const_buffer(bytes.data(), bytes.size()), zmq::send_flags::dontwait);
    } catch (const zmq::error_t& e) { logWarn("hub: snapshot to %s failed: %s", conn.user.c_str(), e.what()); }
}

void SessionHub::Impl::handleRequest(Connection& conn, const RequestMsg& message) {
    counters.requests++;
    const SessionRequest& req = message.request;
    const uint64_t now = wallClockUs();
    const std::string& session = conn.session;
    SessionRuntime& rt = sessions[session];
    Outcome out;

    // Loads an annotation of this session, or says why not (one message for "absent" and "another session's":
    // ids are global, and a member must not learn about other sessions).
    auto loadAnnotation = [&](uint64_t id, Annotation& a) -> std::optional<Outcome> {
        auto found = store->annotation(id);
        if (!found) {
            if (found.error().code == ErrorCode::NotFound)
                return invalid(format("annotation %llu does not exist", (unsigned long long)id));
            return failed(found.error());
        }
        if (found->session != session) return invalid(format("annotation %llu does not exist", (unsigned long long)id));
        a = std::move(*found);
        return std::nullopt;
    };
    auto publishAnnotation = [&](uint64_t id) -> std::optional<Outcome> {
        auto a = store->annotation(id);
        if (!a) return failed(a.error());
        SessionEvent ev;
        ev.kind = SessionEventKind::AnnotationUpserted;
        ev.by = conn.user;
        ev.annotation = std::move(*a);
        publishEvent(session, std::move(ev));
        return std::nullopt;
    };

    switch (req.kind) {
    case SessionRequestKind::CreateAnnotation: {
        out.target = "annotation";
        out.detail = clipText(req.annotation.text);
        if (!mayPerform(conn.role, SessionAction::Annotate)) {
            out = denied(conn.role, SessionAction::Annotate);
            break;
        }
        if (req.annotation.text.empty()) {
            out = invalid("an annotation needs text");
            break;
        }
        auto existing = store->listAnnotations(session);
        if (!existing) {
            out = failed(existing.error());
            break;
        }
        if (existing->size() >= kSessionMaxAnnotations) {
            out = invalid(format("the session already has %zu annotations (the most it may hold)", existing->size()));
            break;
        }
        Annotation a = req.annotation;
        a.id = 0;
        a.session = session;
        a.author = conn.user;
        a.createdUs = now;
        a.updatedUs = now;
        a.resolved = false;
        a.resolvedBy.clear();
        auto id = store->createAnnotation(a);
        if (!id) {
            out = failed(id.error());
            break;
        }
        out.createdId = *id;
        out.target = format("annotation %llu", (unsigned long long)*id);
        if (auto problem = publishAnnotation(*id)) out = *problem;
        break;
    }
    case SessionRequestKind::EditAnnotation:
    case SessionRequestKind::ResolveAnnotation:
    case SessionRequestKind::ReopenAnnotation:
    case SessionRequestKind::DeleteAnnotation: {
        const std::string target = format("annotation %llu", (unsigned long long)req.annotationId);
        Annotation a;
        if (auto problem = loadAnnotation(req.annotationId, a)) {
            out = *problem;
            out.target = target;
            break;
        }
        const AnnotationChange change = req.kind == SessionRequestKind::EditAnnotation     ? AnnotationChange::Edit
                                        : req.kind == SessionRequestKind::DeleteAnnotation ? AnnotationChange::Delete
                                                                                           : AnnotationChange::Resolve;
        const SessionAction action = annotationAction(change, a.author == conn.user);
        if (!mayPerform(conn.role, action)) {
            out = denied(conn.role, action);
            out.target = target;
            break;
        }
        Expected<void> applied{};
        switch (req.kind) {
        case SessionRequestKind::EditAnnotation:
            if (req.text.empty()) {
                out = invalid("an annotation needs text");
                break;
            }
            out.detail = clipText(req.text);
            applied = store->updateAnnotationText(a.id, req.text, now);
            break;
        case SessionRequestKind::ResolveAnnotation: applied = store->resolveAnnotation(a.id, conn.user, now); break;
        case SessionRequestKind::ReopenAnnotation: applied = store->reopenAnnotation(a.id, now); break;
        default: applied = store->deleteAnnotation(a.id); break;
        }
        if (out.status != ReplyStatus::Ok) {
            out.target = target;
            break;
        }
        out.target = target;
        if (!applied) {
            out = failed(applied.error());
            out.target = target;
            break;
        }
        if (req.kind == SessionRequestKind::DeleteAnnotation) {
            SessionEvent ev;
            ev.kind = SessionEventKind::AnnotationDeleted;
            ev.by = conn.user;
            ev.annotationId = a.id;
            publishEvent(session, std::move(ev));
        } else if (auto problem = publishAnnotation(a.id)) {
            out = *problem;
            out.target = target;
        }
        break;
    }
    case SessionRequestKind::SaveViewpoint:
    case SessionRequestKind::DeleteViewpoint: {
        const bool save = req.kind == SessionRequestKind::SaveViewpoint;
        const std::string& name = save ? req.viewpoint.name : req.viewpointName;
        out.target = "viewpoint " + name;
        if (!mayPerform(conn.role, SessionAction::SaveViewpoint)) {
            out = denied(conn.role, SessionAction::SaveViewpoint);
            out.target = "viewpoint " + name;
            break;
        }
        if (name.empty()) {
            out = invalid("a shared viewpoint needs a name");
            break;
        }
        SessionEvent ev;
        ev.by = conn.user;
        Expected<void> applied{};
        if (save) {
            SharedViewpoint v = req.viewpoint;
            v.author = conn.user;
            v.updatedUs = now;
            applied = store->saveViewpoint(session, v);
            ev.kind = SessionEventKind::ViewpointUpserted;
            ev.viewpoint = std::move(v);
        } else {
            applied = store->deleteViewpoint(session, name);
            ev.kind = SessionEventKind::ViewpointDeleted;
            ev.viewpointName = name;
        }
        if (!applied) {
            const std::string target = out.target;
            out = applied.error().code == ErrorCode::NotFound ? invalid("viewpoint \"" + name + "\" does not exist")
                                                              : failed(applied.error());
            out.target = target;
            break;
        }
        publishEvent(session, std::move(ev));
        break;
    }
    case SessionRequestKind::Lead:
    case SessionRequestKind::StopLead: {
        out.target = "follow";
        if (!mayPerform(conn.role, SessionAction::Lead)) {
            out = denied(conn.role, SessionAction::Lead);
            out.target = "follow";
            break;
        }
        const std::string leader = req.kind == SessionRequestKind::Lead ? conn.user : std::string();
        out.detail = leader.empty() ? "stop" : "lead";
        if (rt.leader != leader) {
            rt.leader = leader;
            SessionEvent ev;
            ev.kind = SessionEventKind::FollowChanged;
            ev.by = conn.user;
            ev.leader = leader;
            publishEvent(session, std::move(ev));
        }
        break;
    }
    case SessionRequestKind::Gather: {
        out.target = "gather";
        out.detail = req.viewpoint.name;
        if (!mayPerform(conn.role, SessionAction::Gather)) {
            out = denied(conn.role, SessionAction::Gather);
            out.target = "gather";
            break;
        }
        SessionEvent ev;
        ev.kind = SessionEventKind::Gather;
        ev.by = conn.user;
        ev.viewpoint = req.viewpoint;
        ev.viewpoint.author = conn.user;
        ev.viewpoint.updatedUs = now;
        publishEvent(session, std::move(ev));
        break;
    }
    case SessionRequestKind::SetMoment: {
        // Published even when the time is unchanged: it is also an instruction ("everyone back to 14:02"), and
        // members who scrubbed away locally since then return. The denial keeps the detail: the audit says what
        // was attempted.
        const std::string detail = momentText(req.twinTimeUs);
        if (!mayPerform(conn.role, SessionAction::ShareMoment)) {
            out = denied(conn.role, SessionAction::ShareMoment);
        } else {
            SessionEvent ev;
            ev.kind = SessionEventKind::MomentChanged;
            ev.by = conn.user;
            ev.moment.twinTimeUs = req.twinTimeUs;
            publishEvent(session, std::move(ev));
        }
        out.target = "moment";
        out.detail = detail;
        break;
    }
    }

    std::string result = replyStatusName(out.status);
    if (!out.reason.empty()) result += ": " + out.reason;
    if (out.status == ReplyStatus::Denied) {
        counters.denied++;
        log(format("hub: %s denied %s to %s: %s", session.c_str(), sessionRequestKindName(req.kind), conn.user.c_str(),
                   out.reason.c_str()));
    } else if (out.status == ReplyStatus::Failed) {
        logError("hub: %s by %s failed: %s", sessionRequestKindName(req.kind), conn.user.c_str(), out.reason.c_str());
    }
    if (out.reason.size() > kSessionMaxTextBytes) out.reason.resize(kSessionMaxTextBytes);
    reply(conn.routingId, ReplyMsg{message.requestId, out.status, out.reason, out.createdId});
    audit(session, conn.user, sessionRequestKindName(req.kind), out.target, out.detail, result);
}

} // namespace tv::net
