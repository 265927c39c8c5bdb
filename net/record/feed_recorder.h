// FeedRecorder — writes a recording (docs/recording-format.md): every frame the subscriber applied, in order, with
// its arrival time, plus a keyframe (a full snapshot of the recorder's own mirror of the twin state) every few
// seconds so that seeking costs at most one keyframe interval of updates. Fed from
// SubscriberOptions::onAppliedFrame on the subscriber's network thread; writes are buffered and finish() flushes.
// recordFeed() is the whole of `twinview record` without the CLI: subscribe, record, report progress.
//
// Thread-safety: onAppliedFrame() and finish() are serialised by an internal mutex (network thread vs the thread
// that ends the recording); counters() may be read from any thread.
#pragma once

#include "core/expected.h"
#include "net/codec/wire_format.h"
#include "net/feed/feed_subscriber.h"
#include "net/feed/twin_state.h"
#include "net/record/recording_format.h"

#include <atomic>
#include <cstdio>
#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <vector>

namespace zmq {
class context_t;
}

namespace tv::net {

struct RecorderOptions {
    double keyframeIntervalSeconds = 10.0; // a keyframe after the first applied update this long after the last one
    size_t bufferBytes = 1u << 20;         // written to the file when the buffer holds this much
    Limits limits;                         // frame cap for the keyframes' chunks
    uint64_t startUs = 0;                  // wall clock of time offset 0; 0 = now (tests pin it)
};

struct RecordCounters {
    uint64_t frames = 0;       // frames recorded (snapshot chunks/ends and Updates), keyframes not included
    uint64_t updateFrames = 0; // Updates frames
    uint64_t updates = 0;      // update records in them
    uint64_t snapshots = 0;    // (re)snapshots recorded
    uint64_t keyframes = 0;
    uint64_t bytes = 0; // bytes written so far (header included), buffered ones too
};

struct RecordSummary {
    std::string path;
    RecordCounters counters;
    uint64_t durationUs = 0; // time offset of the last record
};

class FeedRecorder {
public:
    // Creates (truncates) `path` and writes the header. Error (Io) names the path and the cause.
    static Expected<std::unique_ptr<FeedRecorder>> create(const std::string& path, std::string feedName,
                                                          std::string endpoint, RecorderOptions options = {});
    ~FeedRecorder(); // finish() if not done; errors are logged

    // One frame as the subscriber applied it (its snapshot chunks and end, then Updates frames). receivedUs is the
    // local wall clock; the record's time offset is receivedUs - start (never decreasing).
    void onAppliedFrame(uint64_t receivedUs, std::span<const uint8_t> frame);

    // Flushes and closes. Reports the first write error, if any happened. Later calls return the same summary.
    Expected<RecordSummary> finish();

    RecordCounters counters() const;
    // The recorder's mirror of the twin state (for tests); call only when no frame is being recorded.
    const TwinState& mirror() const { return m_mirror; }

private:
    FeedRecorder() = default;
    void writeRecord(uint64_t timeUs, RecordType type, std::span<const uint8_t> frame);
    void writeKeyframe(uint64_t timeUs, const FrameHeader& last);
    void flushBuffer();

    std::string m_path;
    RecorderOptions m_options;
    std::FILE* m_file = nullptr;
    mutable std::mutex m_mutex;
    std::vector<uint8_t> m_buffer;
    std::vector<uint8_t> m_scratch;
    uint64_t m_startUs = 0;
    uint64_t m_lastTimeUs = 0;
    uint64_t m_lastKeyframeUs = 0;
    TwinState m_mirror;
    TwinState m_pendingSnapshot; // chunks of a snapshot whose end has not arrived yet
    bool m_inSnapshot = false;
    RecordCounters m_counters; // guarded by m_mutex
    std::string m_error;       // first write error
    bool m_finished = false;
    RecordSummary m_summary;
};

struct RecordProgress {
    double elapsedSeconds = 0.0;
    RecordCounters counters;
    FeedStatus status; // the subscriber's (liveness, sequence, counters)
};

// Subscribes with `options` (its onAppliedFrame is replaced), records to `path` until `stop` is set or
// durationSeconds have passed (0 = until stopped), calls `progress` about once a second (may be empty), then
// stops the subscriber and finishes the file. Errors: the file cannot be created, the subscriber cannot connect,
// a write failed.
Expected<RecordSummary> recordFeed(zmq::context_t& context, SubscriberOptions options, const std::string& path,
                                   double durationSeconds, const std::atomic<bool>& stop,
                                   const std::function<void(const RecordProgress&)>& progress,
                                   RecorderOptions recorderOptions = {});

} // namespace tv::net
