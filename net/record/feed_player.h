// FeedPlayer — replays a recording (FeedRecording) as a FeedSource, so the viewer shows a recorded twin exactly as
// it showed the live one: poll(dt) advances the replay clock by dt × speed (unless paused) and hands over the
// frames up to the new position as one coalesced delta (DeltaBuilder: latest wins); a recorded (re)snapshot
// becomes a reset delta, as it was live. seek(t) produces a reset delta holding stateAt(t) and continues from
// there. Commands cannot reach a recorded twin: they end at once as NotSent.
//
// Main thread (one owner); no threads of its own.
#pragma once

#include "core/expected.h"
#include "net/feed/feed_source.h"
#include "net/feed/twin_state.h"
#include "net/record/feed_recording.h"

#include <memory>
#include <string>

namespace tv::net {

struct PlayerOptions {
    double speed = 1.0;  // replay seconds per wall second, > 0 (0.25 .. 64 in the UI)
    bool paused = false; // start paused
    bool loop = false;   // at the end, start again from the beginning
};

class FeedPlayer final : public FeedSource {
public:
    static Expected<std::unique_ptr<FeedPlayer>> open(const std::string& path, PlayerOptions options = {});
    FeedPlayer(FeedRecording recording, PlayerOptions options);

    void poll(double dtSeconds, FeedDelta& out) override;
    uint64_t sendCommand(std::string_view target, std::string_view verb, std::span<const OwnedCommandArg> args,
                         uint32_t timeoutMs) override;
    FeedStatus status() const override;
    std::string describe() const override;

    // Jumps to tUs (clamped to [0, duration]); the next poll() returns a reset delta with the state at tUs.
    void seek(uint64_t tUs);
    // Returns false (and changes nothing) unless speed is finite and > 0.
    bool setSpeed(double speed);
    void setPaused(bool paused) { m_paused = paused; }
    void setLoop(bool loop) { m_loop = loop; }

    double speed() const { return m_speed; }
    bool paused() const { return m_paused; }
    uint64_t positionUs() const { return m_positionUs; }
    uint64_t durationUs() const { return m_recording.durationUs(); }
    bool finished() const; // at the end and every record delivered (never true while looping)
    const FeedRecording& recording() const { return m_recording; }

private:
    void deliverUpTo(uint64_t tUs); // feeds records with time <= tUs to the builder
    void addRecord(size_t i);

    FeedRecording m_recording;
    double m_speed = 1.0;
    bool m_paused = false;
    bool m_loop = false;
    uint64_t m_positionUs = 0;
    double m_fractionUs = 0.0; // sub-microsecond remainder of the replay clock
    size_t m_next = 0;         // next record to deliver
    DeltaBuilder m_builder;
    FeedStatus m_status;
    uint64_t m_nextCommandId = 0;
};

} // namespace tv::net
