#include "ops/timeline/feed_history.h"

#include "core/assert.h"

#include <algorithm>
#include <limits>

namespace tv::ops {
namespace {

// std::string keeps up to 15 characters inline (libstdc++); only longer ones cost heap memory.
constexpr size_t kInlineString = 15;
size_t heapBytes(const std::string& s) { return s.capacity() > kInlineString ? s.capacity() + 1 : 0; }

// A rough per-node cost of std::map (node header + allocator rounding), for the memory estimate.
constexpr size_t kMapNode = 48;

bool fitsNumericLog(const net::FeedChange& c, const net::PropertyState& slot) {
    const net::PropertyState& p = c.property;
    if (p.value.type != net::ValueType::Number || p.value.boolean || !p.value.text.empty() ||
        p.value.vector != glm::dvec4(0.0))
        return false;
    if (!(p.unit == slot.unit)) return false;
    const int64_t offset = int64_t(p.receivedUs) - int64_t(p.sentUs);
    return offset >= std::numeric_limits<int32_t>::min() && offset <= std::numeric_limits<int32_t>::max();
}

} // namespace

uint32_t FeedHistory::entityId(std::string_view entity) {
    auto it = m_entityIds.find(entity);
    if (it != m_entityIds.end()) return it->second;
    const uint32_t id = uint32_t(m_entityNames.size());
    m_entityNames.emplace_back(entity);
    m_entityKeys.emplace_back();
    m_entityIds.emplace(std::string(entity), id);
    m_keyBytes += 2 * (sizeof(std::string) + heapBytes(m_entityNames.back())) + kMapNode + sizeof(std::vector<int>);
    return id;
}

uint32_t FeedHistory::keyId(std::string_view entity, std::string_view name) {
    m_scratch.assign(entity);
    m_scratch.push_back('\0');
    m_scratch.append(name);
    auto it = m_keyIds.find(std::string_view(m_scratch));
    if (it != m_keyIds.end()) return it->second;
    const uint32_t e = entityId(entity);
    const uint32_t id = uint32_t(m_keys.size());
    m_keys.push_back(PropertyKey{e, std::string(name)});
    m_keyIds.emplace(m_scratch, id);
    m_entityKeys[e].push_back(id);
    m_live.props.emplace_back();
    m_live.present.push_back(0);
    m_keyBytes += sizeof(PropertyKey) + heapBytes(m_keys.back().name) + sizeof(std::string) + heapBytes(m_scratch) +
                  kMapNode + sizeof(uint32_t) + sizeof(net::PropertyState) + 1;
    return id;
}

uint32_t FeedHistory::keyAt(size_t position, const net::FeedChange& c) {
    // A steady feed sends the same keys in the same order delta after delta (DeltaBuilder keeps first-seen
    // order), so the key at this position last time is almost always right: two short compares, no hashing.
    if (position < m_lastOrder.size()) {
        const uint32_t k = m_lastOrder[position];
        const PropertyKey& key = m_keys[k];
        if (key.name == c.name && m_entityNames[key.entity] == c.entity) return k;
    } else {
        m_lastOrder.resize(position + 1, 0);
    }
    const uint32_t k = keyId(c.entity, c.name);
    m_lastOrder[position] = k;
    return k;
}

void FeedHistory::applyNumeric(SplitState& s, const NumericChange& n) {
    net::PropertyState& p = s.props[n.key];
    p.value.type = net::ValueType::Number;
    p.value.number = n.value;
    p.value.boolean = false;
    p.value.text.clear();
    p.value.vector = glm::dvec4(0.0);
    p.sourceTimestampUs = n.sourceTimestampUs;
    p.sentUs = n.sentUs;
    p.receivedUs = uint64_t(int64_t(n.sentUs) + n.receivedOffsetUs);
    s.present[n.key] = 1;
}

void FeedHistory::applyGeneral(SplitState& s, const General& g) const {
    const net::FeedChange& c = g.change;
    if (c.kind == net::FeedChange::Kind::Property) {
        s.props[g.key] = c.property;
        s.present[g.key] = 1;
        return;
    }
    if (c.kind == net::FeedChange::Kind::Remove) {
        if (auto it = m_entityIds.find(std::string_view(c.entity)); it != m_entityIds.end())
            for (uint32_t k : m_entityKeys[it->second])
                if (k < s.present.size()) s.present[k] = 0;
    }
    s.other.apply(c);
}

void FeedHistory::record(const net::FeedDelta& delta, uint64_t timeUs, uint64_t keyframeIntervalUs) {
    TV_ASSERT(timeUs >= m_latestUs, "FeedHistory::record: twin time went backwards (TwinTimeline clamps it)");
    m_latestUs = timeUs;
    if (delta.reset) {
        // A snapshot replaces everything: apply it to the live state and keep it as the next keyframe.
        m_live.other.clear();
        std::fill(m_live.present.begin(), m_live.present.end(), uint8_t(0));
        General g;
        for (size_t i = 0; i < delta.changes.size(); ++i) {
            const net::FeedChange& c = delta.changes[i];
            if (c.kind == net::FeedChange::Kind::Property) {
                const uint32_t k = keyAt(i, c);
                m_live.props[k] = c.property;
                m_live.present[k] = 1;
            } else {
                if (c.kind == net::FeedChange::Kind::Remove) {
                    g.change.kind = c.kind;
                    g.change.entity = c.entity;
                    applyGeneral(m_live, g);
                } else {
                    m_live.other.apply(c);
                }
            }
        }
        startSegment(timeUs);
        return;
    }
    if (delta.changes.empty()) return;
    if (m_segments.empty()) startSegment(timeUs); // the feed's first delta was not a snapshot: start from empty

    Segment& s = m_segments.back();
    for (size_t i = 0; i < delta.changes.size(); ++i) {
        const net::FeedChange& c = delta.changes[i];
        uint32_t key = UINT32_MAX;
        if (c.kind == net::FeedChange::Kind::Property) {
            key = keyAt(i, c);
            if (fitsNumericLog(c, m_live.props[key])) {
                NumericChange n;
                n.key = key;
                n.receivedOffsetUs = int32_t(int64_t(c.property.receivedUs) - int64_t(c.property.sentUs));
                n.value = c.property.value.number;
                n.sourceTimestampUs = c.property.sourceTimestampUs;
                n.sentUs = c.property.sentUs;
                s.numeric.push_back(n);
                applyNumeric(m_live, n);
                continue;
            }
        }
        s.general.push_back(General{uint32_t(s.numeric.size()), key, c});
        const net::FeedChange& kept = s.general.back().change;
        s.generalBytes += sizeof(General) + heapBytes(kept.entity) + heapBytes(kept.name) +
                          heapBytes(kept.property.value.text) + heapBytes(kept.alarm.text) +
                          heapBytes(kept.spawn.asset) + heapBytes(kept.spawn.parent);
        applyGeneral(m_live, s.general.back());
    }
    s.batches.push_back(Batch{timeUs, uint32_t(s.numeric.size()), uint32_t(s.general.size())});
    if (timeUs - s.startUs >= keyframeIntervalUs) startSegment(timeUs);
}

bool FeedHistory::forceKeyframe() {
    if (m_segments.empty() || m_segments.back().batches.empty()) return false;
    startSegment(m_latestUs);
    return true;
}

void FeedHistory::startSegment(uint64_t timeUs) {
    if (!m_segments.empty()) m_bytes += segmentBytes(m_segments.back()); // the previous one is complete
    // The buffers of the last dropped segment come back here: once the memory budget is reached, recording runs
    // on recycled storage (the keyframe's map nodes and strings are reused by copy-assignment too).
    size_t expectNumeric = 0, expectBatches = 0;
    if (!m_segments.empty()) {
        expectNumeric = m_segments.back().numeric.size() + m_segments.back().numeric.size() / 8;
        expectBatches = m_segments.back().batches.size() + m_segments.back().batches.size() / 8;
    }
    if (m_spares.empty()) {
        m_segments.emplace_back();
    } else {
        m_segments.push_back(std::move(m_spares.back()));
        m_spares.pop_back();
    }
    Segment& s = m_segments.back();
    // A fresh segment expects about as much as the previous one: one allocation instead of a doubling series
    // (at the bench rate a segment logs a million changes).
    s.numeric.reserve(expectNumeric);
    s.batches.reserve(expectBatches);
    s.startUs = timeUs;
    s.batches.clear();
    s.numeric.clear();
    s.general.clear();
    s.generalBytes = 0;
    s.keyframe.props = m_live.props;
    s.keyframe.present = m_live.present;
    s.keyframe.other = m_live.other;
    s.keyframeBytes = estimateBytes(s.keyframe);
}

size_t FeedHistory::dropOldestSegment() {
    if (m_segments.size() <= 1) return 0;
    const size_t freed = segmentBytes(m_segments.front());
    m_bytes -= freed;
    constexpr size_t kMaxSpares = 1; // one keyframe's worth of new segment is all that is ever needed at once
    if (m_spares.size() < kMaxSpares) m_spares.push_back(std::move(m_segments.front()));
    m_segments.pop_front();
    m_droppedAny = true;
    return freed;
}

size_t FeedHistory::estimateBytes(const SplitState& s) const {
    size_t bytes = s.props.capacity() * sizeof(net::PropertyState) + s.present.capacity();
    for (const net::PropertyState& p : s.props) bytes += heapBytes(p.value.text) + heapBytes(p.unit.symbol);
    for (const auto& [id, e] : s.other.entities())
        bytes += kMapNode + sizeof(std::string) + heapBytes(id) + sizeof(net::EntityState) + heapBytes(e.spawn.asset) +
                 heapBytes(e.spawn.parent);
    for (const auto& [id, a] : s.other.alarms())
        bytes += kMapNode + sizeof(std::string) + heapBytes(id) + sizeof(net::AlarmState) + heapBytes(a.entity) +
                 heapBytes(a.text);
    return bytes;
}

size_t FeedHistory::segmentBytes(const Segment& s) const {
    return sizeof(Segment) + s.keyframeBytes + s.batches.capacity() * sizeof(Batch) +
           s.numeric.capacity() * sizeof(NumericChange) + (s.general.capacity() - s.general.size()) * sizeof(General) +
           s.generalBytes;
}

size_t FeedHistory::bytesUsed() const {
    // The live state is about the size of the newest keyframe (walking it here would cost O(properties) a delta).
    size_t bytes = m_bytes + m_keyBytes + m_lastOrder.capacity() * sizeof(uint32_t);
    if (!m_segments.empty()) bytes += segmentBytes(m_segments.back()) + m_segments.back().keyframeBytes;
    for (const Segment& spare : m_spares)
        bytes += spare.numeric.capacity() * sizeof(NumericChange) + spare.batches.capacity() * sizeof(Batch) +
                 spare.keyframe.props.capacity() * sizeof(net::PropertyState);
    return bytes;
}

bool FeedHistory::releaseSpares() {
    if (m_spares.empty()) return false;
    m_spares.clear();
    m_spares.shrink_to_fit();
    return true;
}

size_t FeedHistory::numericChangesLogged() const {
    size_t n = 0;
    for (const Segment& s : m_segments) n += s.numeric.size();
    return n;
}

void FeedHistory::materialise(const SplitState& s, net::TwinState& out) const {
    out = s.other;
    net::FeedChange c;
    c.kind = net::FeedChange::Kind::Property;
    for (size_t k = 0; k < s.props.size(); ++k) {
        if (!s.present[k]) continue;
        c.entity = m_entityNames[m_keys[k].entity];
        c.name = m_keys[k].name;
        c.property = s.props[k];
        out.apply(c);
    }
}

void FeedHistory::liveState(net::TwinState& out) const { materialise(m_live, out); }

void FeedHistory::stateAt(uint64_t tUs, net::TwinState& out) const {
    if (m_segments.empty()) {
        out.clear();
        return;
    }
    if (tUs < m_segments.front().startUs && !m_droppedAny) {
        out.clear(); // the feed had not said anything yet
        return;
    }
    // The last segment whose keyframe is at or before t; before the first keyframe (dropped history), the
    // oldest keyframe: the nearest state still known.
    auto after = std::upper_bound(m_segments.begin(), m_segments.end(), tUs,
                                  [](uint64_t t, const Segment& s) { return t < s.startUs; });
    const Segment& seg = after == m_segments.begin() ? m_segments.front() : *std::prev(after);
    SplitState work = seg.keyframe;
    work.props.resize(m_keys.size()); // keys interned after the keyframe start as the live table did: default
    work.present.resize(m_keys.size(), 0);
    size_t ni = 0, gi = 0;
    for (const Batch& b : seg.batches) {
        if (b.timeUs > tUs) break;
        for (; gi < b.generalEnd; ++gi) {
            for (; ni < seg.general[gi].numericBefore; ++ni) applyNumeric(work, seg.numeric[ni]);
            applyGeneral(work, seg.general[gi]);
        }
        for (; ni < b.numericEnd; ++ni) applyNumeric(work, seg.numeric[ni]);
    }
    materialise(work, out);
}

} // namespace tv::ops
