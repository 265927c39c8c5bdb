#include "app/session_link.h"

#include "core/log.h"
#include "net/security/curve_keys.h"
#include "net/session_client/session_feed.h"
#include "scene/avatar_meshes.h"

#include <zmq.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <thread>

namespace tv::app {
namespace {

constexpr uint64_t kSilentPeerUs = 3'000'000; // a peer without presence this long is not drawn (the hub's timeout
                                              // removes it from the member list a little earlier)

// A head orientation from a camera: -Z looks at the target, +Y towards the camera's up (presence wants unit
// quaternions; the codec rejects anything off by more than 1e-3).
quat cameraOrientation(const scene::ViewCamera& camera) {
    vec3 forward = camera.target - camera.eye;
    if (glm::length(forward) < 1e-6f) return quat(1.0f, 0.0f, 0.0f, 0.0f);
    forward = glm::normalize(forward);
    vec3 up = glm::length(glm::cross(forward, camera.up)) < 1e-4f ? vec3(0.0f, 0.0f, -1.0f) : camera.up;
    return glm::normalize(glm::quatLookAt(forward, glm::normalize(up)));
}

const char* leftReasonText(net::MemberLeftReason reason) {
    switch (reason) {
    case net::MemberLeftReason::Left: return "left";
    case net::MemberLeftReason::TimedOut: return "lost connection";
    case net::MemberLeftReason::Replaced: return "rejoined elsewhere";
    }
    return "left";
}

} // namespace

Expected<std::unique_ptr<SessionLink>> SessionLink::start(const Options& options) {
    SessionLinkOptions o;
    o.client.hubEndpoint = options.joinEndpoint;
    o.client.session = options.joinSession;
    o.client.user = options.userName;
    // The others' user list shows what each member views with (a headset user whose runtime fails later and who
    // falls back to the desktop keeps the XR label; their avatar then has no hands).
    o.client.device = options.xr ? net::DeviceKind::Xr : net::DeviceKind::Desktop;
    if (!options.role.empty()) o.client.role = net::parseRole(options.role);
    if (!options.keyFile.empty()) {
        auto mine = net::readCurveKeyFile(options.keyFile);
        if (!mine) return mine.error();
        if (mine->secretKey.empty())
            return makeError(ErrorCode::InvalidArgument,
                             options.keyFile + ": holds no secret key (--key takes your .key file, not the .pub)");
        auto hub = net::readCurveKeyFile(options.hubKeyFile);
        if (!hub) return hub.error();
        o.client.curve = {mine->publicKey, mine->secretKey, hub->publicKey};
    }
    return start(std::move(o));
}

Expected<std::unique_ptr<SessionLink>> SessionLink::start(SessionLinkOptions options) {
    std::unique_ptr<SessionLink> link(new SessionLink());
    link->m_context = std::make_unique<zmq::context_t>(1);
    auto client = net::SessionClient::start(*link->m_context, options.client);
    if (!client) return Error{client.error().code, "--join: " + client.error().message};
    link->m_client = std::move(*client);
    link->m_options = std::move(options);
    link->m_model.active = true;
    link->m_model.session = link->m_options.client.session;
    link->m_model.hubEndpoint = link->m_options.client.hubEndpoint;
    logInfo("session %s: joining %s as %s", link->m_model.session.c_str(), link->m_model.hubEndpoint.c_str(),
            link->m_options.client.user.c_str());
    link->rebuildModel();
    return link;
}

SessionLink::~SessionLink() {
    detachScene();
    m_client.reset(); // sends Leave before the context goes
}

std::unique_ptr<net::FeedSource> SessionLink::makeFeedSource() {
    net::SubscriberOptions base;
    base.name = m_options.client.session + " (via hub)";
    return std::make_unique<net::SessionFeed>(*m_context, *m_client, std::move(base));
}

void SessionLink::attachScene(scene::SceneGraph& graph) {
    detachScene();
    m_graph = &graph;
    scene::AvatarMeshes meshes = scene::makeAvatarMeshes();
    m_avatars = std::make_unique<session::AvatarScene>(graph, meshes);
    m_pins = std::make_unique<session::AnnotationPins>(graph, meshes);
    m_avatars->setLocalUser(m_client->status().user.empty() ? m_options.client.user : m_client->status().user);
    m_pins->setSelected(m_selectedAnnotation);
}

void SessionLink::detachScene() {
    m_avatars.reset();
    m_pins.reset();
    m_graph = nullptr;
}

bool SessionLink::isSessionNode(scene::NodeHandle node) const {
    return (m_avatars && m_avatars->isAvatarNode(node)) || (m_pins && m_pins->isPinNode(node));
}

std::optional<uint64_t> SessionLink::pickPin(const interact::Ray& ray) const {
    return m_pins ? m_pins->pick(ray) : std::nullopt;
}

net::PresenceRecord SessionLink::localPresence(const LocalView& local) const {
    net::PresenceRecord r;
    r.selectionPath = local.selectionPath.substr(0, net::kPresenceMaxSelectionBytes);
    r.verticalFovRad = std::clamp(local.camera.yfov, 0.01f, 3.1f);
    if (local.xr) {
        r.device = net::DeviceKind::Xr;
        r.head = local.xr->head;
        r.leftHand = local.xr->leftHand;
        r.rightHand = local.xr->rightHand;
        r.pointer = local.xr->pointer;
        return r;
    }
    r.device = net::DeviceKind::Desktop;
    r.head.position = local.camera.eye;
    r.head.orientation = cameraOrientation(local.camera);
    if (local.pointerHit) {
        // A desktop user's laser comes from just below the eye, so the beam is visible to the others (a ray from
        // the exact eye point would be seen end-on by anyone standing behind them).
        net::PresencePointer p;
        p.origin = local.camera.eye + local.camera.up * -0.15f;
        vec3 dir = *local.pointerHit - p.origin;
        if (glm::length(dir) > 1e-4f) {
            p.direction = dir;
            p.hit = *local.pointerHit;
            r.pointer = p;
        }
    }
    return r;
}

void SessionLink::update(double dtSeconds, const LocalView& local) {
    m_clock += dtSeconds;
    m_client->setPresence(localPresence(local));
    m_client->poll(m_update);

    if (m_update.reset) {
        m_replicaLoaded = true;
        // A (re)snapshot: follow whoever leads now.
        const std::string& leader = m_client->state().leader();
        if (!leader.empty() && leader != m_client->status().user) {
            if (m_follow.leader() != leader) m_follow.follow(leader);
        } else if (m_follow.hasLeader()) {
            m_follow.stop();
        }
    }
    for (const net::SessionEvent& e : m_update.events) handleEvent(e);
    for (const net::ReplyMsg& r : m_update.replies) handleReply(r);
    for (const net::PeerPresence& p : m_update.presence) m_interpolator.push(p.record, p.receivedUs);
    trackLinkState();
    trackMoment();

    const uint64_t now = net::wallClockUs();
    for (const std::string& gone : m_interpolator.forgetSilent(now, kSilentPeerUs)) (void)gone;
    m_interpolator.sampleAll(now, m_sampled);
    if (m_avatars) {
        m_avatars->setLocalUser(m_client->status().user);
        std::vector<session::AvatarInput> inputs;
        inputs.reserve(m_sampled.size());
        for (const session::SampledPresence& s : m_sampled) {
            if (s.userId == m_client->status().user || !m_client->state().isOnline(s.userId)) continue;
            const net::Member* m = m_client->state().findMember(s.userId);
            inputs.push_back({&s, m ? m->colour : 0xffffffu});
        }
        m_avatars->update(inputs);
    }
    m_annotationList.clear();
    for (const auto& [id, a] : m_client->state().annotations()) m_annotationList.push_back(a);
    if (m_pins) {
        m_pins->sync(m_annotationList);
        m_pins->setSelected(m_selectedAnnotation);
    }
    while (!m_notices.empty() && m_clock - m_notices.front().atSeconds > m_options.noticeSeconds) m_notices.pop_front();
    rebuildModel();
}

void SessionLink::handleEvent(const net::SessionEvent& e) {
    const std::string& self = m_client->status().user;
    switch (e.kind) {
    case net::SessionEventKind::MemberJoined:
        if (e.member.user != self)
            addNotice(e.member.user + " joined as " + net::roleName(e.member.role), ui::NoticeSeverity::Info);
        break;
    case net::SessionEventKind::MemberLeft:
        m_interpolator.forget(e.user);
        if (e.user != self) addNotice(e.user + " " + leftReasonText(e.leftReason), ui::NoticeSeverity::Info);
        break;
    case net::SessionEventKind::FollowChanged:
        if (e.leader.empty()) {
            if (m_follow.hasLeader()) addNotice(m_follow.leader() + " stopped leading", ui::NoticeSeverity::Info);
            m_follow.stop();
        } else if (e.leader != self) {
            m_follow.follow(e.leader);
            addNotice(e.leader + " is leading: your view follows theirs (navigate to break away)",
                      ui::NoticeSeverity::Info);
        } else {
            m_follow.stop(); // we lead: nobody to follow
            addNotice("you are leading: everyone follows your view", ui::NoticeSeverity::Info);
        }
        break;
    case net::SessionEventKind::Gather: {
        const scene::ViewCamera current = m_cameraMove.value_or(scene::ViewCamera{});
        m_cameraMove = session::gatherCamera(e.viewpoint, current);
        if (e.by != self) {
            std::string where = e.viewpoint.name.empty() ? std::string("their view") : "'" + e.viewpoint.name + "'";
            addNotice((e.by.empty() ? std::string("the hub") : e.by) + " gathered everyone at " + where,
                      ui::NoticeSeverity::Info);
        }
        break;
    }
    case net::SessionEventKind::AnnotationDeleted:
        if (m_selectedAnnotation == e.annotationId) m_selectedAnnotation = 0;
        break;
    default: break;
    }
}

void SessionLink::handleReply(const net::ReplyMsg& reply) {
    auto it = m_pendingRequests.find(reply.requestId);
    const std::string what = it == m_pendingRequests.end() ? std::string("request") : it->second;
    if (it != m_pendingRequests.end()) m_pendingRequests.erase(it);
    if (reply.status == net::ReplyStatus::Ok) {
        if (reply.createdId) m_selectedAnnotation = reply.createdId; // the new pin is the one the user looks at
        return;
    }
    const bool denied = reply.status == net::ReplyStatus::Denied;
    addNotice(
        format("%s %s: %s", what.c_str(), denied ? "denied" : net::replyStatusName(reply.status), reply.reason.c_str()),
        denied ? ui::NoticeSeverity::Warning : ui::NoticeSeverity::Error);
}

void SessionLink::trackLinkState() {
    const net::SessionClientStatus st = m_client->status();
    if (st.state != m_lastState) {
        switch (st.state) {
        case net::SessionLinkState::Lost:
            addNotice("connection to the hub lost: reconnecting", ui::NoticeSeverity::Warning);
            break;
        case net::SessionLinkState::Refused:
            addNotice("the hub refused to let you join: " + st.lastError, ui::NoticeSeverity::Error);
            break;
        case net::SessionLinkState::Joined:
            if (st.joins > 1)
                addNotice("back in the session", ui::NoticeSeverity::Info);
            else
                logInfo("session %s: joined as %s (%s), colour #%06x", m_model.session.c_str(), st.user.c_str(),
                        net::roleName(st.role), st.colour);
            break;
        case net::SessionLinkState::Connecting: break;
        }
        m_lastState = st.state;
    }
    m_lastJoins = st.joins;
}

// Compares the replica's moment with the last one reported rather than watching events: a snapshot (joining, a
// resync) and events then count alike, two changes in one frame report only the newer, and a reconnect to the
// same hub run (same moment: same sequence and time stamp) reports nothing.
void SessionLink::trackMoment() {
    if (!m_replicaLoaded) return; // before the first snapshot the replica's moment means nothing
    const net::SharedMoment& now = m_client->state().moment();
    if (m_momentSeen && now == m_lastMoment) return;
    const bool firstLook = !m_momentSeen;
    m_momentSeen = true;
    const bool wasAt = m_lastMoment.sequence != 0 && !m_lastMoment.live();
    m_lastMoment = now;
    if (now.sequence == 0) {
        // A restarted hub has no moment. Nobody chose to go live, so the view stays where it is.
        if (wasAt)
            addNotice("the hub restarted: the shared moment is gone (your view stays where it is)",
                      ui::NoticeSeverity::Info);
        return;
    }
    if (firstLook && now.live()) return; // joined a live session: nothing to apply
    m_momentChange = now.twinTimeUs;
    const std::string who = now.by.empty()                      ? std::string("the hub")
                            : now.by == m_client->status().user ? std::string("you")
                                                                : now.by;
    if (now.live())
        addNotice(who + " brought everyone back to live", ui::NoticeSeverity::Info);
    else
        addNotice(who + " took everyone to " + net::momentClockText(now.twinTimeUs), ui::NoticeSeverity::Info);
}

uint64_t SessionLink::requestMoment(uint64_t twinTimeUs) {
    net::SessionRequest r;
    r.kind = net::SessionRequestKind::SetMoment;
    r.twinTimeUs = twinTimeUs;
    return sendRequest(std::move(r), twinTimeUs ? "take everyone to " + net::momentClockText(twinTimeUs)
                                                : std::string("bring everyone back to live"));
}

void SessionLink::addNotice(std::string text, ui::NoticeSeverity severity) {
    if (severity == ui::NoticeSeverity::Info)
        logInfo("session %s: %s", m_model.session.c_str(), text.c_str());
    else
        logWarn("session %s: %s", m_model.session.c_str(), text.c_str());
    m_notices.push_back({{std::move(text), severity, 0.0}, m_clock});
    if (m_notices.size() > 32) m_notices.pop_front();
    rebuildModel(); // the toast shows in this very frame, whatever the caller does next
}

void SessionLink::rebuildModel() {
    const net::SessionClientStatus st = m_client->status();
    const net::SessionReplica& state = m_client->state();
    m_model.linkState = net::sessionLinkStateName(st.state);
    m_model.linkUp = st.state == net::SessionLinkState::Joined;
    m_model.selfUser = st.user.empty() ? m_options.client.user : st.user;
    m_model.selfRole = st.role;
    m_model.selfColour = st.colour;
    m_model.leader = state.leader();
    m_model.following = m_follow.following();
    m_model.nowUs = net::wallClockUs();
    m_model.selectedAnnotation = m_selectedAnnotation;
    m_model.placingAnnotation = m_placing;
    m_model.sharedMomentUs = state.moment().twinTimeUs;
    m_model.sharedMomentBy = state.moment().by;
    const char* denial = net::denialReason(st.role, net::SessionAction::ShareMoment);
    m_model.canShareMoment = m_model.linkUp && denial[0] == '\0';
    m_model.shareMomentWhyNot = m_model.canShareMoment ? std::string()
                                : !m_model.linkUp      ? std::string("not connected to the hub")
                                                       : std::string(denial);

    m_peers.clear();
    auto sampledOf = [&](std::string_view user) -> const session::SampledPresence* {
        for (const auto& s : m_sampled)
            if (s.userId == user) return &s;
        return nullptr;
    };
    for (const net::Member& m : state.members()) {
        ui::SessionPeerView p;
        p.user = m.user;
        p.role = m.role;
        p.device = m.device;
        p.colour = m.colour;
        p.online = state.isOnline(m.user);
        p.isSelf = m.user == m_model.selfUser;
        p.isLeader = !m_model.leader.empty() && m.user == m_model.leader;
        const float rtt = state.latencyMs(m.user);
        if (rtt >= 0.0f) p.rttMs = rtt;
        if (const session::SampledPresence* s = sampledOf(m.user); s && !p.isSelf && p.online) {
            p.head = s->head.position;
            if (s->pointer && s->pointer->hit) p.pointerHit = *s->pointer->hit;
            p.selectionPath = s->selectionPath;
        }
        m_peers.push_back(std::move(p));
    }
    // Self first, then who is here, then who was (members persist so a returning user keeps their colour).
    std::stable_sort(m_peers.begin(), m_peers.end(), [](const ui::SessionPeerView& a, const ui::SessionPeerView& b) {
        if (a.isSelf != b.isSelf) return a.isSelf;
        return a.online && !b.online;
    });
    m_viewpointList.clear();
    for (const auto& [name, v] : state.viewpoints()) m_viewpointList.push_back(v);
    m_noticeList.clear();
    for (const TimedNotice& n : m_notices) {
        ui::SessionNotice copy = n.notice;
        copy.ageSeconds = m_clock - n.atSeconds;
        m_noticeList.push_back(std::move(copy));
    }
    m_model.peers = m_peers;
    m_model.annotations = m_annotationList;
    m_model.viewpoints = m_viewpointList;
    m_model.notices = m_noticeList;
}

std::optional<scene::ViewCamera> SessionLink::followCamera(const scene::ViewCamera& current, float dtSeconds) {
    if (!m_follow.following()) return std::nullopt;
    for (const session::SampledPresence& s : m_sampled)
        if (s.userId == m_follow.leader()) return m_follow.update(current, s.head, s.verticalFovRad, dtSeconds);
    return std::nullopt; // the leader's presence has not arrived (yet): keep the camera
}

std::optional<session::ReferenceOffset> SessionLink::xrFollowTeleport(const net::PresencePose& headInReference) {
    if (!m_follow.following()) return std::nullopt;
    for (const session::SampledPresence& s : m_sampled)
        if (s.userId == m_follow.leader()) return m_follow.xrUpdate(s.head, headInReference);
    return std::nullopt;
}

void SessionLink::onLocalNavigation() {
    if (!m_follow.following()) return;
    m_follow.breakAway();
    addNotice("you broke away from " + m_follow.leader() + " (Users panel: Follow to go back)",
              ui::NoticeSeverity::Info);
}

uint64_t SessionLink::sendRequest(net::SessionRequest request, std::string what) {
    const uint64_t id = m_client->request(request);
    m_pendingRequests[id] = std::move(what);
    return id;
}

bool SessionLink::execute(const ui::UiAction& a, const scene::ViewCamera& current) {
    net::SessionRequest r;
    auto viewpointFrom = [&](const std::string& name, const scene::ViewCamera& camera) {
        net::SharedViewpoint v;
        v.name = name;
        v.eye = camera.eye;
        v.target = camera.target;
        v.yfov = camera.yfov;
        return v;
    };
    switch (a.kind) {
    case ui::UiActionKind::CreateAnnotation:
        r.kind = net::SessionRequestKind::CreateAnnotation;
        r.annotation.anchor = a.anchor;
        r.annotation.normal = a.normal;
        r.annotation.nodePath = a.nodePath;
        r.annotation.text = a.text;
        sendRequest(std::move(r), "new annotation");
        return true;
    case ui::UiActionKind::EditAnnotation:
        r.kind = net::SessionRequestKind::EditAnnotation;
        r.annotationId = a.id;
        r.text = a.text;
        sendRequest(std::move(r), "edit annotation");
        return true;
    case ui::UiActionKind::ResolveAnnotation:
        r.kind = a.flag ? net::SessionRequestKind::ResolveAnnotation : net::SessionRequestKind::ReopenAnnotation;
        r.annotationId = a.id;
        sendRequest(std::move(r), a.flag ? "resolve annotation" : "reopen annotation");
        return true;
    case ui::UiActionKind::DeleteAnnotation:
        r.kind = net::SessionRequestKind::DeleteAnnotation;
        r.annotationId = a.id;
        sendRequest(std::move(r), "delete annotation");
        return true;
    case ui::UiActionKind::FlyToAnnotation:
        m_selectedAnnotation = a.id;
        m_cameraMove = a.camera;
        return true;
    case ui::UiActionKind::SelectAnnotation: m_selectedAnnotation = a.id; return true;
    case ui::UiActionKind::BeginPlaceAnnotation: setPlacingAnnotation(a.flag); return true;
    case ui::UiActionKind::StartLead:
        r.kind = net::SessionRequestKind::Lead;
        sendRequest(std::move(r), "lead");
        return true;
    case ui::UiActionKind::StopLead:
        r.kind = net::SessionRequestKind::StopLead;
        sendRequest(std::move(r), "stop leading");
        return true;
    case ui::UiActionKind::GatherHere:
        r.kind = net::SessionRequestKind::Gather;
        r.viewpoint = viewpointFrom("", a.camera.eye == a.camera.target ? current : a.camera);
        sendRequest(std::move(r), "gather");
        return true;
    case ui::UiActionKind::GatherAtViewpoint: {
        auto it = m_client->state().viewpoints().find(a.name);
        if (it == m_client->state().viewpoints().end()) {
            addNotice("gather: no shared viewpoint '" + a.name + "'", ui::NoticeSeverity::Error);
            return true;
        }
        r.kind = net::SessionRequestKind::Gather;
        r.viewpoint = it->second;
        sendRequest(std::move(r), "gather");
        return true;
    }
    case ui::UiActionKind::FollowLeader:
        if (m_follow.brokenAway())
            m_follow.followAgain();
        else if (!m_client->state().leader().empty() && m_client->state().leader() != m_model.selfUser)
            m_follow.follow(m_client->state().leader());
        return true;
    case ui::UiActionKind::BreakAway: onLocalNavigation(); return true;
    case ui::UiActionKind::SaveSharedViewpoint:
        r.kind = net::SessionRequestKind::SaveViewpoint;
        r.viewpoint = viewpointFrom(a.name, a.camera.eye == a.camera.target ? current : a.camera);
        sendRequest(std::move(r), "save viewpoint");
        return true;
    case ui::UiActionKind::FlyToSharedViewpoint: {
        auto it = m_client->state().viewpoints().find(a.name);
        if (it != m_client->state().viewpoints().end()) m_cameraMove = session::gatherCamera(it->second, current);
        return true;
    }
    case ui::UiActionKind::DeleteSharedViewpoint:
        r.kind = net::SessionRequestKind::DeleteViewpoint;
        r.viewpointName = a.name;
        sendRequest(std::move(r), "delete viewpoint");
        return true;
    case ui::UiActionKind::ShareMoment: {
        if (!a.flag) {
            requestMoment(0);
            return true;
        }
        // Twin time in seconds from the timeline; 0 and below would mean "live" on the wire, so refuse them here.
        const double us = std::round(a.value * 1e6);
        if (!std::isfinite(us) || us < 1.0 || us > double(net::kMaxTwinTimeUs)) {
            addNotice(format("share moment: %g s is not a moment of the twin's history", a.value),
                      ui::NoticeSeverity::Error);
            return true;
        }
        requestMoment(uint64_t(us));
        return true;
    }
    default: return false;
    }
}

net::SessionClientStatus SessionLink::status() const { return m_client->status(); }
const net::SessionReplica& SessionLink::state() const { return m_client->state(); }

bool SessionLink::waitUntilJoined(double timeoutSeconds, const LocalView& local) {
    using clock = std::chrono::steady_clock;
    const auto deadline = clock::now() + std::chrono::duration<double>(timeoutSeconds);
    auto last = clock::now();
    for (;;) {
        auto now = clock::now();
        update(std::chrono::duration<double>(now - last).count(), local);
        last = now;
        const net::SessionLinkState s = m_client->status().state;
        if (s == net::SessionLinkState::Joined) return true;
        if (s == net::SessionLinkState::Refused || now >= deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
}

std::string SessionLink::summaryLine() const {
    const net::SessionClientStatus st = m_client->status();
    const net::SessionReplica& state = m_client->state();
    size_t open = 0;
    for (const auto& [id, a] : state.annotations()) open += a.resolved ? 0 : 1;
    std::string out = format("session %s: %s as %s (%s), %zu online, %zu annotation(s) (%zu open), %zu shared "
                             "viewpoint(s), joins %u",
                             m_model.session.c_str(), net::sessionLinkStateName(st.state), m_model.selfUser.c_str(),
                             net::roleName(st.role), state.online().size(), state.annotations().size(), open,
                             state.viewpoints().size(), st.joins);
    if (m_follow.following()) out += ", following " + m_follow.leader();
    if (st.state == net::SessionLinkState::Refused) out += ": " + st.lastError;
    return out;
}

} // namespace tv::app
