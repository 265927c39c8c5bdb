// HistoryStore (see history_store.h).
#include "ops/history/history_store.h"

#include <algorithm>
#include <array>
#include <optional>
#include <bit>

namespace tv::ops {

namespace {

size_t powerOfTwoAtLeast(size_t n) { return std::bit_ceil(std::max<size_t>(n, 1)); }

// Average bytes per sample of a ring (samples + pyramid), measured on the largest ring.
double bytesPerSample() {
    return static_cast<double>(HistoryRing::memoryBytesFor(HistoryStore::kMaxCapacity)) /
           static_cast<double>(HistoryStore::kMaxCapacity);
}

} // namespace

HistoryStore::HistoryStore(Options options) : m_options(options) {
    m_planned = powerOfTwoAtLeast(options.plannedKeys);
    m_capacity = capacityFor(m_planned);
}

size_t HistoryStore::capacityFor(size_t planned) const {
    // Each key also costs its series record and two table slots (the table is at most half full).
    const double overhead = static_cast<double>(sizeof(HistorySeries) + 2 * sizeof(Slot));
    const double perRing =
        static_cast<double>(m_options.budgetBytes) / static_cast<double>(std::max<size_t>(planned, 1)) - overhead;
    const auto samples = static_cast<size_t>(perRing / bytesPerSample());
    // Round down to the ring's block size so the rounding inside HistoryRing never exceeds the share.
    const size_t clamped = std::clamp(samples, kMinCapacity, kMaxCapacity);
    return clamped / HistoryRing::kBlockSmall * HistoryRing::kBlockSmall;
}

void HistoryStore::replan(size_t planned) {
    m_planned = planned;
    const size_t capacity = capacityFor(planned);
    if (capacity == m_capacity) { return; }
    m_capacity = capacity;
    bool any = false;
    for (HistorySeries& s : m_series) {
        if (s.ring.capacity() != capacity) {
            s.ring = s.ring.resized(capacity);
            any = true;
        }
    }
    if (any) { ++m_resizes; }
}

void HistoryStore::reserveKeys(size_t keys) {
    if (keys > m_planned) {
        replan(keys); // exactly: a known key count gets the whole budget
    }
}

void HistoryStore::setBudgetBytes(size_t bytes) {
    m_options.budgetBytes = bytes;
    replan(m_planned);
}

size_t HistoryStore::findSlot(HistoryKeyView key, uint64_t hash) const {
    const size_t mask = m_table.size() - 1;
    for (size_t i = hash & mask;; i = (i + 1) & mask) {
        const Slot& slot = m_table[i];
        if (slot.index == kEmpty || (slot.hash == hash && m_series[slot.index].key.view() == key)) { return i; }
    }
}

void HistoryStore::growTable() {
    std::vector<Slot> old = std::move(m_table);
    m_table.assign(std::max<size_t>(64, old.size() * 2), Slot{});
    const size_t mask = m_table.size() - 1;
    for (const Slot& s : old) {
        if (s.index == kEmpty) { continue; }
        size_t i = s.hash & mask;
        while (m_table[i].index != kEmpty) { i = (i + 1) & mask; }
        m_table[i] = s;
    }
}

HistorySeries& HistoryStore::seriesFor(HistoryKeyView key, uint64_t hash) {
    if (!m_table.empty()) {
        const Slot& slot = m_table[findSlot(key, hash)];
        if (slot.index != kEmpty) { return m_series[slot.index]; }
    }
    if ((m_series.size() + 1) * 2 > m_table.size()) { growTable(); }
    if (m_series.size() + 1 > m_planned) { replan(m_planned * 2); }
    m_table[findSlot(key, hash)] = Slot{hash, static_cast<uint32_t>(m_series.size())};
    m_series.push_back(
        HistorySeries{HistoryKey{std::string(key.entity), std::string(key.property)}, {}, HistoryRing(m_capacity)});
    return m_series.back();
}

bool HistoryStore::record(HistoryKeyView key, uint64_t timeUs, double value, const net::OwnedUnit* unit) {
    return append(seriesFor(key, HistoryKeyHash{}(key)), timeUs, value, unit);
}

bool HistoryStore::append(HistorySeries& s, uint64_t timeUs, double value, const net::OwnedUnit* unit) {
    if (unit != nullptr && !(s.unit == *unit)) {
        s.unit = *unit; // allocates only when the unit changes (rare)
    }
    if (s.ring.append(timeUs, value)) {
        ++m_recorded;
        return true;
    }
    ++m_dropped;
    return false;
}

namespace {

// The value a property change contributes, or nullopt for types that have no place on a value axis.
std::optional<double> numericValue(const net::FeedChange& c) {
    if (c.kind != net::FeedChange::Kind::Property) { return std::nullopt; }
    const net::OwnedValue& v = c.property.value;
    if (v.type == net::ValueType::Number) { return v.number; }
    if (v.type == net::ValueType::Bool) { return v.boolean ? 1.0 : 0.0; }
    return std::nullopt;
}

} // namespace

void HistoryStore::record(const net::FeedDelta& delta) {
    // With 10,000 keys the rings, series and table do not fit in cache, so each change would wait on three
    // dependent cache misses (table slot -> series -> sample). A software pipeline hides them: change i + 16 is
    // hashed and its table slot prefetched, change i + 8 has its series record prefetched, change i + 4 its sample
    // slot, while change i is recorded. Prefetches are hints only: a table that grows meanwhile costs a miss, not
    // correctness (the hash does not depend on the table size).
    constexpr size_t kA = 16, kB = 8, kC = 4, kWindow = 32; // kWindow > kA, a power of two
    const std::vector<net::FeedChange>& changes = delta.changes;
    const size_t n = changes.size();
    std::array<uint64_t, kWindow> hashes{};
    std::array<uint32_t, kWindow> indices{};
    auto stageA = [&](size_t j) {
        if (j >= n || !numericValue(changes[j])) { return; }
        const uint64_t h = HistoryKeyHash{}(HistoryKeyView{changes[j].entity, changes[j].name});
        hashes[j % kWindow] = h;
        if (!m_table.empty()) { __builtin_prefetch(&m_table[h & (m_table.size() - 1)]); }
    };
    auto stageB = [&](size_t j) {
        indices[j % kWindow] = kEmpty;
        if (j >= n || m_table.empty() || !numericValue(changes[j])) { return; }
        const Slot& slot = m_table[hashes[j % kWindow] & (m_table.size() - 1)];
        if (slot.index != kEmpty && slot.hash == hashes[j % kWindow]) {
            indices[j % kWindow] = slot.index;
            __builtin_prefetch(&m_series[slot.index]);
            __builtin_prefetch(reinterpret_cast<const char*>(&m_series[slot.index]) + 64);
            __builtin_prefetch(reinterpret_cast<const char*>(&m_series[slot.index]) + 128);
        }
    };
    auto stageC = [&](size_t j) {
        if (j >= n || indices[j % kWindow] == kEmpty || indices[j % kWindow] >= m_series.size()) { return; }
        __builtin_prefetch(m_series[indices[j % kWindow]].ring.nextWriteAddress(), 1);
    };
    for (size_t j = 0; j < std::min(n, kA); ++j) { stageA(j); }
    for (size_t j = 0; j < std::min(n, kB); ++j) { stageB(j); }
    for (size_t j = 0; j < std::min(n, kC); ++j) { stageC(j); }

    uint64_t deltaTime = 0; // computed on first need: most properties carry sentUs
    for (size_t i = 0; i < n; ++i) {
        stageA(i + kA);
        stageB(i + kB);
        stageC(i + kC);
        const net::FeedChange& c = changes[i];
        const std::optional<double> value = numericValue(c);
        if (!value) { continue; }
        const net::PropertyState& p = c.property;
        uint64_t t = p.sentUs != 0 ? p.sentUs : p.receivedUs;
        if (t == 0) {
            if (deltaTime == 0) { deltaTime = deltaTwinTimeUs(delta); }
            t = deltaTime;
        }
        HistorySeries& series = seriesFor(HistoryKeyView{c.entity, c.name}, hashes[i % kWindow]);
        append(series, t, *value, &p.unit);
    }
}

const HistorySeries* HistoryStore::find(HistoryKeyView key) const {
    if (m_table.empty()) { return nullptr; }
    const Slot& slot = m_table[findSlot(key, HistoryKeyHash{}(key))];
    return slot.index == kEmpty ? nullptr : &m_series[slot.index];
}

size_t HistoryStore::memoryBytes() const {
    size_t bytes = sizeof(*this);
    for (const HistorySeries& s : m_series) {
        bytes += s.ring.memoryBytes() - sizeof(HistoryRing); // the ring object itself is inside m_series
    }
    bytes += m_table.capacity() * sizeof(Slot) + m_series.capacity() * sizeof(HistorySeries);
    return bytes;
}

void HistoryStore::clear() {
    m_series.clear();
    m_table.clear();
    m_recorded = 0;
    m_dropped = 0;
}

} // namespace tv::ops
