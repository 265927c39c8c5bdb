// FeedRecording — a recording file opened for replay: read whole, every record's frame validated with the feed
// decoder (a malformed frame is an error naming the file and byte offset), and indexed so that stateAt(t) costs
// one snapshot/keyframe plus the updates after it. A truncated last record (a recorder killed mid-write) is
// tolerated: the recording ends at the last complete record and a warning is logged once.
//
// Immutable after open(); const members may be called from any thread.
#pragma once

#include "core/expected.h"
#include "net/codec/wire_format.h"
#include "net/feed/twin_state.h"
#include "net/record/recording_format.h"

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace tv::net {

class FeedRecording {
public:
    struct Record {
        uint64_t timeUs = 0; // offset from header().startUs
        RecordType type = RecordType::Frame;
        MessageKind kind = MessageKind::Updates;
        size_t filePos = 0; // byte offset of the record header in the file (for messages)
        size_t framePos = 0, frameLength = 0;
        size_t groupStart = 0; // chunks and end of a snapshot: index of its first chunk; otherwise this index
    };

    // Reads, validates and indexes `path`. Errors: Io (cannot read), Parse/Unsupported (bad header, a malformed or
    // unexpected frame, time going backwards: "plant.tvrec: record at byte 1234: Truncated: ...").
    static Expected<FeedRecording> open(const std::string& path);
    // Same from bytes already in memory (`name` is used in messages).
    static Expected<FeedRecording> fromBytes(std::vector<uint8_t> bytes, std::string name);

    const RecordingHeader& header() const { return m_header; }
    const std::string& path() const { return m_name; }
    uint64_t durationUs() const { return m_records.empty() ? 0 : m_records.back().timeUs; }
    bool truncated() const { return m_truncated; } // the last record was incomplete and ignored
    size_t recordCount() const { return m_records.size(); }
    const Record& record(size_t i) const { return m_records[i]; }
    std::span<const uint8_t> frame(size_t i) const;
    size_t keyframeCount() const { return m_keyframes; }

    // The twin state after every Frame record with time <= tUs was applied (snapshots reset it). Starts from the
    // latest snapshot or keyframe at or before tUs.
    void stateAt(uint64_t tUs, TwinState& out) const;

    // Where sequential replay continues after stateAt(tUs): the first record with time > tUs, moved back to the
    // first chunk of the snapshot it belongs to (a snapshot counts only once its end marker is reached).
    size_t resumeIndex(uint64_t tUs) const;

    // Applies record i's update records (Updates frame or snapshot chunk) to `state`; receivedUs = start + time.
    void applyRecord(size_t i, TwinState& state) const;

private:
    std::string m_name;
    std::vector<uint8_t> m_bytes;
    RecordingHeader m_header;
    std::vector<Record> m_records;
    std::vector<size_t> m_seekPoints; // indices of snapshot ends (recorded or keyframe), in time order
    size_t m_keyframes = 0;
    bool m_truncated = false;
};

} // namespace tv::net
