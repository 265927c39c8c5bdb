// Playback of presence records on the sender's timeline; see presence_interpolator.h for the model.
#include "session/presence_interpolator.h"

#include <algorithm>
#include <cmath>

namespace tv::session {

namespace {

constexpr double kSlew = 0.1;                  // the playback clock runs at most 10 % fast or slow to correct itself
constexpr double kResnapUs = 500'000.0;        // further off than this: jump (a discontinuity anyway)
constexpr uint64_t kMaxIntervalUs = 1'000'000; // a pause in sending is not a send interval

// Continues the rotation from a to b past b: b then (s - 1) more of the a->b turn.
quat extrapolateRotation(quat a, const quat& b, float s) {
    if (glm::dot(a, b) < 0.0f) a = -a; // shortest arc
    quat delta = glm::normalize(b * glm::inverse(a));
    float angle = glm::angle(delta);
    if (angle < 1e-6f) return b;
    vec3 axis = glm::axis(delta);
    return glm::normalize(glm::angleAxis(angle * (s - 1.0f), axis) * b);
}

quat blendRotation(const quat& a, const quat& b, float s) {
    if (s <= 1.0f) return glm::normalize(glm::slerp(a, b, s)); // glm::slerp takes the shortest arc
    return extrapolateRotation(a, b, s);
}

net::PresencePose blendPose(const net::PresencePose& a, const net::PresencePose& b, float s) {
    return {glm::mix(a.position, b.position, s), blendRotation(a.orientation, b.orientation, s)};
}

// A part a record may or may not carry: blended when both ends carry it, else whichever end does, else the newest
// record's (the newest decides whether it is shown at all).
template <class T, class Blend>
std::optional<T> blendOptional(const std::optional<T>& a, const std::optional<T>& b, const std::optional<T>& newest,
                               float s, Blend&& blend) {
    if (!newest) return std::nullopt;
    if (a && b) return blend(*a, *b, s);
    if (b) return b;
    if (a) return a;
    return newest;
}

net::PresencePointer blendPointer(const net::PresencePointer& a, const net::PresencePointer& b, float s) {
    net::PresencePointer p;
    p.origin = glm::mix(a.origin, b.origin, s);
    vec3 dir = glm::mix(glm::normalize(a.direction), glm::normalize(b.direction), s);
    p.direction = glm::length(dir) > 1e-6f ? glm::normalize(dir) : b.direction;
    if (a.hit && b.hit)
        p.hit = glm::mix(*a.hit, *b.hit, s);
    else
        p.hit = b.hit ? b.hit : a.hit;
    return p;
}

} // namespace

PresenceInterpolator::PresenceInterpolator() : PresenceInterpolator(Options{}) {}
PresenceInterpolator::PresenceInterpolator(Options options) : m_options(options) {
    m_options.bufferRecords = std::max<size_t>(m_options.bufferRecords, 2);
    m_options.offsetWindow = std::max<size_t>(m_options.offsetWindow, 1);
    m_options.maxDelayUs = std::max(m_options.maxDelayUs, m_options.minDelayUs);
}

void PresenceInterpolator::resetPeer(Peer& peer, const net::PresenceRecord& record, uint64_t receiveUs) {
    peer = Peer{};
    peer.records.push_back({record, receiveUs});
    int64_t transit = int64_t(receiveUs) - int64_t(record.sentTimeUs);
    peer.transit.push_back(transit);
    peer.offsetUs = transit;
}

bool PresenceInterpolator::push(const net::PresenceRecord& record, uint64_t receiveUs) {
    auto it = m_peers.find(record.userId);
    if (it == m_peers.end()) {
        resetPeer(m_peers[record.userId], record, receiveUs);
        return true;
    }
    Peer& peer = it->second;
    const net::PresenceRecord& newest = peer.records.back().record;
    if (record.sequence <= newest.sequence) {
        // Reordered or duplicated: older than what we have. A lower sequence that is nevertheless newer in time is
        // a sender that restarted (its counter began again): start its history afresh.
        if (record.sentTimeUs <= newest.sentTimeUs) return false;
        resetPeer(peer, record, receiveUs);
        return true;
    }
    if (record.sentTimeUs <= newest.sentTimeUs) {
        // Newer sequence but not newer in time: the sender's clock stepped back. Its old timeline is meaningless.
        resetPeer(peer, record, receiveUs);
        return true;
    }

    // Send interval per record (a gap of k sequence numbers spans k intervals).
    uint64_t steps = std::max<uint64_t>(record.sequence - newest.sequence, 1);
    uint64_t span = record.sentTimeUs - newest.sentTimeUs;
    if (span <= kMaxIntervalUs) {
        double interval = double(span) / double(steps);
        peer.intervalUs = peer.intervalUs == 0.0 ? interval : peer.intervalUs * 0.9 + interval * 0.1;
    }

    peer.records.push_back({record, receiveUs});
    while (peer.records.size() > m_options.bufferRecords) peer.records.pop_front();

    int64_t transit = int64_t(receiveUs) - int64_t(record.sentTimeUs);
    peer.transit.push_back(transit);
    while (peer.transit.size() > m_options.offsetWindow) peer.transit.pop_front();
    peer.offsetUs = *std::min_element(peer.transit.begin(), peer.transit.end());
    double excess = double(transit - peer.offsetUs);
    peer.excessUs = peer.excessUs * 0.9 + excess * 0.1;
    return true;
}

uint64_t PresenceInterpolator::delayOf(const Peer& peer) const {
    // The next record must have arrived by the time playback needs it: one interval plus the transit spread, with
    // the same again as margin.
    double delay = 2.0 * peer.intervalUs + 2.0 * peer.excessUs;
    return std::clamp(uint64_t(delay), m_options.minDelayUs, m_options.maxDelayUs);
}

void PresenceInterpolator::advanceClock(Peer& peer, uint64_t nowUs) {
    const double target = double(int64_t(nowUs) - peer.offsetUs) - double(delayOf(peer));
    if (!peer.clockStarted) {
        peer.clockStarted = true;
        peer.lastNowUs = nowUs;
        peer.playSentUs = target;
        return;
    }
    double dt = nowUs > peer.lastNowUs ? double(nowUs - peer.lastNowUs) : 0.0;
    peer.lastNowUs = std::max(peer.lastNowUs, nowUs);
    double candidate = peer.playSentUs + dt;
    double error = target - candidate;
    if (std::abs(error) > kResnapUs)
        peer.playSentUs = target;
    else
        peer.playSentUs = candidate + std::clamp(error, -kSlew * dt, kSlew * dt);
}

SampledPresence PresenceInterpolator::evaluate(const Peer& peer) const {
    const Received& newestReceived = peer.records.back();
    const net::PresenceRecord& newest = newestReceived.record;
    SampledPresence out;
    out.userId = newest.userId;
    out.device = newest.device;
    out.selectionPath = newest.selectionPath;
    out.verticalFovRad = newest.verticalFovRad;
    out.lastReceiveUs = newestReceived.receiveUs;

    const double t = peer.playSentUs;
    const net::PresenceRecord* a = nullptr;
    const net::PresenceRecord* b = nullptr;
    float s = 0.0f;
    auto after = std::upper_bound(peer.records.begin(), peer.records.end(), t,
                                  [](double time, const Received& r) { return time < double(r.record.sentTimeUs); });
    if (after == peer.records.begin()) {
        a = b = &after->record; // before the first record: hold it
    } else if (after == peer.records.end()) {
        // Late: continue the last motion for a bounded time, then hold.
        out.extrapolated = t > double(newest.sentTimeUs);
        if (peer.records.size() >= 2) {
            a = &peer.records[peer.records.size() - 2].record;
            b = &newest;
            double beyond = std::min(t - double(b->sentTimeUs), double(m_options.maxExtrapolationUs));
            s = 1.0f + float(std::max(beyond, 0.0) / double(b->sentTimeUs - a->sentTimeUs));
        } else {
            a = b = &newest;
        }
    } else {
        b = &after->record;
        a = &std::prev(after)->record;
        s = float((t - double(a->sentTimeUs)) / double(b->sentTimeUs - a->sentTimeUs));
    }

    out.head = blendPose(a->head, b->head, s);
    out.leftHand = blendOptional(a->leftHand, b->leftHand, newest.leftHand, s, blendPose);
    out.rightHand = blendOptional(a->rightHand, b->rightHand, newest.rightHand, s, blendPose);
    out.pointer = blendOptional(a->pointer, b->pointer, newest.pointer, s, blendPointer);
    if (out.pointer && !newest.pointer->hit) out.pointer->hit.reset(); // the newest says the ray hits nothing now
    return out;
}

std::optional<SampledPresence> PresenceInterpolator::sample(std::string_view user, uint64_t nowUs) {
    auto it = m_peers.find(user);
    if (it == m_peers.end()) return std::nullopt;
    advanceClock(it->second, nowUs);
    return evaluate(it->second);
}

void PresenceInterpolator::sampleAll(uint64_t nowUs, std::vector<SampledPresence>& out) {
    out.clear();
    for (auto& [user, peer] : m_peers) {
        advanceClock(peer, nowUs);
        out.push_back(evaluate(peer));
    }
}

void PresenceInterpolator::forget(std::string_view user) {
    auto it = m_peers.find(user);
    if (it != m_peers.end()) m_peers.erase(it);
}

std::vector<std::string> PresenceInterpolator::forgetSilent(uint64_t nowUs, uint64_t silenceUs) {
    std::vector<std::string> gone;
    for (auto it = m_peers.begin(); it != m_peers.end();) {
        uint64_t last = it->second.records.back().receiveUs;
        if (nowUs > last && nowUs - last > silenceUs) {
            gone.push_back(it->first);
            it = m_peers.erase(it);
        } else {
            ++it;
        }
    }
    return gone;
}

bool PresenceInterpolator::knows(std::string_view user) const { return m_peers.find(user) != m_peers.end(); }

std::vector<std::string> PresenceInterpolator::users() const {
    std::vector<std::string> out;
    out.reserve(m_peers.size());
    for (const auto& [user, peer] : m_peers) out.push_back(user);
    return out;
}

uint64_t PresenceInterpolator::playoutDelayUs(std::string_view user) const {
    auto it = m_peers.find(user);
    return it == m_peers.end() ? 0 : delayOf(it->second);
}

} // namespace tv::session
