// Loading history from a feed recording (see history_loader.h).
#include "ops/history/history_loader.h"

#include "core/log.h"
#include "net/codec/decoder.h"

#include <unordered_set>

namespace tv::ops {

Expected<size_t> loadHistory(const net::FeedRecording& recording, HistoryStore& store, std::span<const HistoryKey> keys,
                             const HistoryLoadProgressFn& progress, uint64_t beforeUs) {
    std::unordered_set<HistoryKey, HistoryKeyHash, HistoryKeyEqual> wanted(keys.begin(), keys.end());
    const size_t count = recording.recordCount();
    size_t stored = 0;
    net::OwnedUnit unit;
    for (size_t i = 0; i < count; ++i) {
        if (progress && i % 256 == 0) { progress(static_cast<double>(i) / static_cast<double>(count)); }
        const net::FeedRecording::Record& rec = recording.record(i);
        if (rec.type != net::RecordType::Frame ||
            (rec.kind != net::MessageKind::Updates && rec.kind != net::MessageKind::SnapshotChunk)) {
            continue;
        }
        auto msg = net::decodeMessage(recording.frame(i));
        if (!msg) {
            return makeError(ErrorCode::Parse, format("%s: record %zu (byte %zu): %s", recording.path().c_str(), i,
                                                      rec.filePos, msg.error().message.c_str()));
        }
        const uint64_t t =
            msg->header.timestampUs != 0 ? msg->header.timestampUs : recording.header().startUs + rec.timeUs;
        if (t >= beforeUs) { continue; }
        const net::UpdateBatch* batch = nullptr;
        if (const auto* b = std::get_if<net::UpdateBatch>(&msg->body)) {
            batch = b;
        } else if (const auto* c = std::get_if<net::SnapshotChunk>(&msg->body)) {
            batch = &c->updates;
        }
        if (batch == nullptr) { continue; }
        batch->forEach([&](const net::Update& u) {
            const auto* p = std::get_if<net::PropertyUpdate>(&u);
            if (p == nullptr) { return; }
            double value;
            if (p->value.type == net::ValueType::Number) {
                value = p->value.number;
            } else if (p->value.type == net::ValueType::Bool) {
                value = p->value.boolean ? 1.0 : 0.0;
            } else {
                return;
            }
            const HistoryKeyView key{p->entity, p->property};
            if (!wanted.empty() && !wanted.contains(key)) { return; }
            unit = net::OwnedUnit::from(p->unit);
            if (store.record(key, t, value, &unit)) { ++stored; }
        });
    }
    if (progress) { progress(1.0); }
    return stored;
}

} // namespace tv::ops
