// FeedRecording: reading, validating and indexing a recording; state reconstruction at a time.
#include "net/record/feed_recording.h"

#include "core/log.h"
#include "net/codec/decoder.h"

#include <algorithm>
#include <cstdio>
#include <fstream>

namespace tv::net {

namespace {
uint64_t getLe(const uint8_t* p, int bytes) {
    uint64_t v = 0;
    for (int i = 0; i < bytes; ++i) v |= uint64_t(p[i]) << (8 * i);
    return v;
}
} // namespace

Expected<FeedRecording> FeedRecording::open(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return makeError(ErrorCode::Io, path + ": cannot open recording");
    std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) return makeError(ErrorCode::Io, path + ": read error");
    return fromBytes(std::move(bytes), path);
}

Expected<FeedRecording> FeedRecording::fromBytes(std::vector<uint8_t> bytes, std::string name) {
    FeedRecording r;
    r.m_name = std::move(name);
    r.m_bytes = std::move(bytes);
    size_t pos = 0;
    auto header = parseRecordingHeader(r.m_bytes, pos);
    if (!header) return makeError(header.error().code, r.m_name + ": " + header.error().message);
    r.m_header = std::move(header.value());

    auto fail = [&](size_t at, const std::string& what) {
        return makeError(ErrorCode::Parse,
                         tv::format("%s: record at byte %zu: %s", r.m_name.c_str(), at, what.c_str()));
    };
    const std::span<const uint8_t> all(r.m_bytes);
    uint64_t lastTime = 0;
    size_t groupStart = SIZE_MAX; // first chunk of the snapshot being read
    RecordType groupType = RecordType::Frame;
    while (pos < all.size()) {
        if (all.size() - pos < kRecordHeaderBytes) {
            r.m_truncated = true;
            break;
        }
        Record rec;
        rec.filePos = pos;
        rec.timeUs = getLe(all.data() + pos, 8);
        rec.frameLength = size_t(getLe(all.data() + pos + 8, 4));
        uint8_t type = all[pos + 12];
        if (all.size() - pos - kRecordHeaderBytes < rec.frameLength) {
            r.m_truncated = true;
            break;
        }
        rec.framePos = pos + kRecordHeaderBytes;
        if (type != uint8_t(RecordType::Frame) && type != uint8_t(RecordType::Keyframe))
            return fail(pos, tv::format("unknown record type %u", unsigned(type)));
        rec.type = RecordType(type);
        if (rec.timeUs < lastTime)
            return fail(pos, tv::format("time offset %llu µs goes backwards (previous %llu µs)",
                                        (unsigned long long)rec.timeUs, (unsigned long long)lastTime));
        lastTime = rec.timeUs;
        auto msg = decodeMessage(all.subspan(rec.framePos, rec.frameLength));
        if (!msg) return fail(pos, msg.error().toError().message);
        rec.kind = msg->header.kind;
        size_t index = r.m_records.size();
        rec.groupStart = index;
        switch (rec.kind) {
        case MessageKind::Updates:
            if (rec.type != RecordType::Frame) return fail(pos, "a keyframe record must hold a snapshot frame");
            groupStart = SIZE_MAX; // an unfinished snapshot (cannot happen with our recorder) is abandoned
            break;
        case MessageKind::SnapshotChunk:
            if (groupStart == SIZE_MAX || groupType != rec.type) {
                groupStart = index;
                groupType = rec.type;
            }
            rec.groupStart = groupStart;
            break;
        case MessageKind::SnapshotEnd: {
            size_t first = (groupStart != SIZE_MAX && groupType == rec.type) ? groupStart : index;
            uint32_t expected = std::get<SnapshotEnd>(msg->body).chunkCount;
            if (index - first != expected)
                return fail(pos,
                            tv::format("snapshot end announces %u chunks, %zu precede it", expected, index - first));
            rec.groupStart = first;
            r.m_seekPoints.push_back(index);
            if (rec.type == RecordType::Keyframe) ++r.m_keyframes;
            groupStart = SIZE_MAX;
            break;
        }
        default: return fail(pos, tv::format("unexpected %s frame in a recording", messageKindName(rec.kind)));
        }
        r.m_records.push_back(rec);
        pos = rec.framePos + rec.frameLength;
    }
    // Chunks at the very end without their end marker belong to no snapshot: drop them so replay stays consistent.
    while (!r.m_records.empty() && r.m_records.back().kind == MessageKind::SnapshotChunk) r.m_records.pop_back();
    if (r.m_truncated)
        logWarn("%s: last record at byte %zu is incomplete (recording interrupted?); replaying the %zu complete "
                "records before it",
                r.m_name.c_str(), pos, r.m_records.size());
    return r;
}

std::span<const uint8_t> FeedRecording::frame(size_t i) const {
    const Record& rec = m_records[i];
    return std::span<const uint8_t>(m_bytes).subspan(rec.framePos, rec.frameLength);
}

void FeedRecording::applyRecord(size_t i, TwinState& state) const {
    auto msg = decodeMessage(frame(i)); // validated in open(): cannot fail
    if (!msg) return;
    const uint64_t sentUs = msg->header.timestampUs, receivedUs = m_header.startUs + m_records[i].timeUs;
    const UpdateBatch* batch = nullptr;
    if (auto* u = std::get_if<UpdateBatch>(&msg->body)) batch = u;
    if (auto* c = std::get_if<SnapshotChunk>(&msg->body)) batch = &c->updates;
    if (batch) batch->forEach([&](const Update& u) { state.apply(u, sentUs, receivedUs); });
}

void FeedRecording::stateAt(uint64_t tUs, TwinState& out) const {
    out.clear();
    size_t start = 0;
    // The latest seek point at or before tUs (seek points are in file order, hence time order).
    auto it = std::upper_bound(m_seekPoints.begin(), m_seekPoints.end(), tUs,
                               [&](uint64_t t, size_t index) { return t < m_records[index].timeUs; });
    if (it != m_seekPoints.begin()) {
        size_t end = *(it - 1);
        for (size_t i = m_records[end].groupStart; i < end; ++i) applyRecord(i, out);
        start = end + 1;
    }
    for (size_t i = start; i < m_records.size() && m_records[i].timeUs <= tUs; ++i) {
        const Record& rec = m_records[i];
        if (rec.type != RecordType::Frame) continue; // keyframes repeat what the frames before them built
        if (rec.kind == MessageKind::Updates) {
            applyRecord(i, out);
        } else if (rec.kind == MessageKind::SnapshotEnd) {
            out.clear();
            for (size_t c = rec.groupStart; c < i; ++c) applyRecord(c, out);
        }
    }
}

size_t FeedRecording::resumeIndex(uint64_t tUs) const {
    auto it = std::upper_bound(m_records.begin(), m_records.end(), tUs,
                               [](uint64_t t, const Record& r) { return t < r.timeUs; });
    size_t i = size_t(it - m_records.begin());
    if (i < m_records.size()) i = std::min(i, m_records[i].groupStart);
    // A chunk at i whose snapshot started before i: groupStart already points back to the first chunk.
    return i;
}

} // namespace tv::net
