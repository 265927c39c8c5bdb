// FeedRecorder and recordFeed(): writing recordings.
#include "net/record/feed_recorder.h"

#include "core/log.h"
#include "net/codec/decoder.h"
#include "net/codec/encoder.h"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <thread>

namespace tv::net {

Expected<std::unique_ptr<FeedRecorder>> FeedRecorder::create(const std::string& path, std::string feedName,
                                                             std::string endpoint, RecorderOptions options) {
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (!f)
        return makeError(ErrorCode::Io,
                         tv::format("%s: cannot create recording: %s", path.c_str(), std::strerror(errno)));
    std::unique_ptr<FeedRecorder> r(new FeedRecorder());
    r->m_path = path;
    r->m_options = options;
    r->m_file = f;
    r->m_startUs = options.startUs ? options.startUs : wallClockUs();
    RecordingHeader h;
    h.startUs = r->m_startUs;
    h.feedName = std::move(feedName);
    h.endpoint = std::move(endpoint);
    appendRecordingHeader(h, r->m_buffer);
    r->m_counters.bytes = r->m_buffer.size();
    return r;
}

FeedRecorder::~FeedRecorder() {
    auto r = finish();
    if (!r) logError("%s", r.error().message.c_str());
}

void FeedRecorder::flushBuffer() {
    if (m_buffer.empty() || !m_file) return;
    if (m_error.empty() && std::fwrite(m_buffer.data(), 1, m_buffer.size(), m_file) != m_buffer.size())
        m_error = tv::format("%s: write failed: %s", m_path.c_str(), std::strerror(errno));
    m_buffer.clear();
}

void FeedRecorder::writeRecord(uint64_t timeUs, RecordType type, std::span<const uint8_t> frame) {
    appendRecordHeader(timeUs, uint32_t(frame.size()), type, m_buffer);
    m_buffer.insert(m_buffer.end(), frame.begin(), frame.end());
    m_counters.bytes += kRecordHeaderBytes + frame.size();
    if (m_buffer.size() >= m_options.bufferBytes) flushBuffer();
}

void FeedRecorder::writeKeyframe(uint64_t timeUs, const FrameHeader& last) {
    std::vector<Update> records;
    m_mirror.toUpdates(records);
    FrameInfo info;
    info.publisherId = last.publisherId;
    info.epoch = last.epoch;
    info.sequence = last.sequence;
    info.timestampUs = m_startUs + timeUs;
    // Greedy chunks of up to 4096 records; a chunk over the frame cap is halved until it fits.
    uint32_t chunk = 0;
    size_t at = 0, batch = 4096;
    do {
        size_t n = std::min(batch, records.size() - at);
        auto r = encodeSnapshotChunk(info, chunk, std::span<const Update>(records).subspan(at, n), m_scratch,
                                     m_options.limits);
        if (!r) {
            if (n > 1) {
                batch = n / 2;
                continue;
            }
            logWarn("%s: keyframe skipped: %s", m_path.c_str(), r.error().message.c_str());
            return; // the chunks written so far have no end marker: readers ignore them
        }
        writeRecord(timeUs, RecordType::Keyframe, m_scratch);
        ++chunk;
        at += n;
        batch = 4096;
    } while (at < records.size());
    if (!encodeSnapshotEnd(info, SnapshotEnd{chunk}, m_scratch, m_options.limits)) return;
    writeRecord(timeUs, RecordType::Keyframe, m_scratch);
    ++m_counters.keyframes;
}

void FeedRecorder::onAppliedFrame(uint64_t receivedUs, std::span<const uint8_t> frame) {
    std::lock_guard lock(m_mutex);
    if (m_finished) return;
    auto msg = decodeMessage(frame, m_options.limits);
    if (!msg) { // the subscriber applied it, so this is a mismatch of limits: keep the file readable
        logWarn("%s: frame not recorded: %s", m_path.c_str(), msg.error().message.c_str());
        return;
    }
    uint64_t t = receivedUs > m_startUs ? receivedUs - m_startUs : 0;
    t = std::max(t, m_lastTimeUs);
    m_lastTimeUs = t;
    writeRecord(t, RecordType::Frame, frame);
    ++m_counters.frames;

    const uint64_t sentUs = msg->header.timestampUs;
    if (auto* chunk = std::get_if<SnapshotChunk>(&msg->body)) {
        if (!m_inSnapshot) m_pendingSnapshot.clear();
        m_inSnapshot = true;
        chunk->updates.forEach([&](const Update& u) { m_pendingSnapshot.apply(u, sentUs, receivedUs); });
    } else if (std::holds_alternative<SnapshotEnd>(msg->body)) {
        if (!m_inSnapshot) m_pendingSnapshot.clear(); // an empty snapshot
        std::swap(m_mirror, m_pendingSnapshot);
        m_pendingSnapshot.clear();
        m_inSnapshot = false;
        m_lastKeyframeUs = t; // a snapshot is a seek point too
        ++m_counters.snapshots;
    } else if (auto* batch = std::get_if<UpdateBatch>(&msg->body)) {
        batch->forEach([&](const Update& u) { m_mirror.apply(u, sentUs, receivedUs); });
        ++m_counters.updateFrames;
        m_counters.updates += batch->count();
        if (double(t - m_lastKeyframeUs) >= m_options.keyframeIntervalSeconds * 1e6) {
            writeKeyframe(t, msg->header);
            m_lastKeyframeUs = t;
        }
    }
}

Expected<RecordSummary> FeedRecorder::finish() {
    std::lock_guard lock(m_mutex);
    if (!m_finished) {
        m_finished = true;
        flushBuffer();
        if (m_file) {
            if (std::fclose(m_file) != 0 && m_error.empty())
                m_error = tv::format("%s: close failed: %s", m_path.c_str(), std::strerror(errno));
            m_file = nullptr;
        }
        m_summary.path = m_path;
        m_summary.counters = m_counters;
        m_summary.durationUs = m_lastTimeUs;
    }
    if (!m_error.empty()) return makeError(ErrorCode::Io, m_error);
    return m_summary;
}

RecordCounters FeedRecorder::counters() const {
    std::lock_guard lock(m_mutex);
    return m_counters;
}

Expected<RecordSummary> recordFeed(zmq::context_t& context, SubscriberOptions options, const std::string& path,
                                   double durationSeconds, const std::atomic<bool>& stop,
                                   const std::function<void(const RecordProgress&)>& progress,
                                   RecorderOptions recorderOptions) {
    using Clock = std::chrono::steady_clock;
    std::string name = options.name.empty() ? options.connect.updates : options.name;
    auto recorder = FeedRecorder::create(path, name, options.connect.updates, recorderOptions);
    if (!recorder) return recorder.error();
    FeedRecorder* rec = recorder->get();
    options.onAppliedFrame = [rec](uint64_t receivedUs, std::span<const uint8_t> frame) {
        rec->onAppliedFrame(receivedUs, frame);
    };
    auto subscriber = FeedSubscriber::start(context, std::move(options));
    if (!subscriber) return subscriber.error();

    const auto begin = Clock::now();
    auto lastProgress = begin;
    auto lastPoll = begin;
    FeedDelta delta;
    while (!stop.load()) {
        auto now = Clock::now();
        double elapsed = std::chrono::duration<double>(now - begin).count();
        if (durationSeconds > 0.0 && elapsed >= durationSeconds) break;
        // Drain the subscriber's deltas (nobody renders them here) so they do not accumulate.
        (*subscriber)->poll(std::chrono::duration<double>(now - lastPoll).count(), delta);
        lastPoll = now;
        if (progress && now - lastProgress >= std::chrono::seconds(1)) {
            lastProgress = now;
            RecordProgress p;
            p.elapsedSeconds = elapsed;
            p.counters = rec->counters();
            p.status = (*subscriber)->status();
            progress(p);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    subscriber->reset(); // joins the network thread: no more frames after this
    return rec->finish();
}

} // namespace tv::net
