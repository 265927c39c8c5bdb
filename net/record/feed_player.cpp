// FeedPlayer: replay clock, record delivery and seeking.
#include "net/record/feed_player.h"

#include "core/log.h"
#include "net/codec/decoder.h"

#include <cmath>

namespace tv::net {

Expected<std::unique_ptr<FeedPlayer>> FeedPlayer::open(const std::string& path, PlayerOptions options) {
    auto rec = FeedRecording::open(path);
    if (!rec) return rec.error();
    if (!(options.speed > 0.0) || !std::isfinite(options.speed))
        return makeError(ErrorCode::InvalidArgument, tv::format("replay speed %g must be > 0", options.speed));
    return std::make_unique<FeedPlayer>(std::move(rec.value()), options);
}

FeedPlayer::FeedPlayer(FeedRecording recording, PlayerOptions options)
    : m_recording(std::move(recording)), m_paused(options.paused), m_loop(options.loop) {
    if (options.speed > 0.0 && std::isfinite(options.speed)) m_speed = options.speed;
    m_status.name = describe();
    m_status.liveness = FeedLiveness::Replay;
}

std::string FeedPlayer::describe() const { return "replay of " + m_recording.path(); }

bool FeedPlayer::setSpeed(double speed) {
    if (!(speed > 0.0) || !std::isfinite(speed)) return false;
    m_speed = speed;
    return true;
}

bool FeedPlayer::finished() const {
    return !m_loop && m_positionUs >= durationUs() && m_next >= m_recording.recordCount();
}

void FeedPlayer::addRecord(size_t i) {
    const FeedRecording::Record& rec = m_recording.record(i);
    if (rec.type != RecordType::Frame) return;      // keyframes only serve seeking
    auto msg = decodeMessage(m_recording.frame(i)); // validated when the recording was opened
    if (!msg) return;
    const uint64_t sentUs = msg->header.timestampUs, receivedUs = m_recording.header().startUs + rec.timeUs;
    if (rec.kind == MessageKind::SnapshotEnd) {
        // The snapshot counts once complete, as live: reset, then its chunks' records.
        m_builder.beginReset();
        for (size_t c = rec.groupStart; c < i; ++c) {
            auto chunk = decodeMessage(m_recording.frame(c));
            if (!chunk) continue;
            std::get<SnapshotChunk>(chunk->body).updates.forEach([&](const Update& u) {
                m_builder.add(u, chunk->header.timestampUs, receivedUs);
            });
        }
        m_status.counters.snapshots++;
    } else if (rec.kind == MessageKind::Updates) {
        const UpdateBatch& batch = std::get<UpdateBatch>(msg->body);
        batch.forEach([&](const Update& u) { m_builder.add(u, sentUs, receivedUs); });
        m_status.counters.updateFrames++;
        m_status.counters.updatesApplied += batch.count();
    } else {
        return; // a chunk: delivered with its end marker
    }
    m_status.publisherId = msg->header.publisherId;
    m_status.epoch = msg->header.epoch;
    m_status.lastSequence = msg->header.sequence;
    m_status.lastHeardUs = receivedUs;
}

void FeedPlayer::deliverUpTo(uint64_t tUs) {
    while (m_next < m_recording.recordCount() && m_recording.record(m_next).timeUs <= tUs) addRecord(m_next++);
}

void FeedPlayer::seek(uint64_t tUs) {
    tUs = std::min(tUs, durationUs());
    TwinState state;
    m_recording.stateAt(tUs, state);
    std::vector<Update> records;
    state.toUpdates(records);
    m_builder.beginReset();
    const uint64_t receivedUs = m_recording.header().startUs + tUs;
    for (const Update& u : records) m_builder.add(u, 0, receivedUs);
    m_positionUs = tUs;
    m_fractionUs = 0.0;
    m_next = m_recording.resumeIndex(tUs);
    // The status describes the state just delivered: the last frame record before the resume point.
    for (size_t i = m_next; i-- > 0;) {
        if (m_recording.record(i).type != RecordType::Frame) continue;
        if (auto msg = decodeHeader(m_recording.frame(i))) {
            m_status.publisherId = msg->publisherId;
            m_status.epoch = msg->epoch;
            m_status.lastSequence = msg->sequence;
            m_status.lastHeardUs = receivedUs;
        }
        break;
    }
}

void FeedPlayer::poll(double dtSeconds, FeedDelta& out) {
    out.clear();
    if (!m_paused && dtSeconds > 0.0) {
        double advance = dtSeconds * m_speed * 1e6 + m_fractionUs;
        double whole = std::floor(advance);
        m_fractionUs = advance - whole;
        uint64_t target = m_positionUs + uint64_t(whole);
        const uint64_t duration = durationUs();
        if (target > duration && m_loop && duration > 0) {
            deliverUpTo(duration);
            seek((target - duration) % duration);
        } else {
            m_positionUs = std::min(target, duration);
        }
    }
    deliverUpTo(m_positionUs);
    m_builder.take(out);
    m_status.liveness = FeedLiveness::Replay;
    out.status = m_status;
}

uint64_t FeedPlayer::sendCommand(std::string_view, std::string_view, std::span<const OwnedCommandArg>, uint32_t) {
    CommandResult r;
    r.commandId = ++m_nextCommandId;
    r.outcome = CommandOutcome::NotSent;
    r.reason = "replay: commands go to a live twin";
    m_builder.addCommandResult(r);
    return r.commandId;
}

FeedStatus FeedPlayer::status() const { return m_status; }

} // namespace tv::net
