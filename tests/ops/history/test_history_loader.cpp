// History read back from a recording made in the test: numeric samples at the frames' header times, keys filter,
// the beforeUs cut, progress reporting, fallback to the recording clock when a frame has no header timestamp.
#include "net/codec/encoder.h"
#include "net/record/recording_format.h"
#include "ops/history/history_loader.h"

#include <gtest/gtest.h>

using namespace tv;
using namespace tv::net;
using namespace tv::ops;

namespace {

constexpr uint64_t kStartUs = 1767225600000000ull;

struct RecordingBuilder {
    std::vector<uint8_t> bytes;
    std::vector<uint8_t> frame;
    RecordingBuilder() {
        RecordingHeader h;
        h.startUs = kStartUs;
        h.feedName = "plant";
        h.endpoint = "tcp://127.0.0.1:1";
        appendRecordingHeader(h, bytes);
    }
    void add(uint64_t offsetUs, RecordType type = RecordType::Frame) {
        appendRecordHeader(offsetUs, uint32_t(frame.size()), type, bytes);
        bytes.insert(bytes.end(), frame.begin(), frame.end());
    }
    void snapshot(uint64_t offsetUs, uint64_t sentUs, std::vector<Update> ups, RecordType type = RecordType::Frame) {
        FrameInfo info{1, 1, 0, sentUs};
        ASSERT_TRUE(encodeSnapshotChunk(info, 0, ups, frame).hasValue());
        add(offsetUs, type);
        ASSERT_TRUE(encodeSnapshotEnd(info, SnapshotEnd{1}, frame).hasValue());
        add(offsetUs, type);
    }
    void updates(uint64_t offsetUs, uint64_t seq, uint64_t sentUs, std::vector<Update> ups) {
        ASSERT_TRUE(encodeUpdates(FrameInfo{1, 1, seq, sentUs}, ups, frame).hasValue());
        add(offsetUs);
    }
    FeedRecording open() {
        auto r = FeedRecording::fromBytes(bytes, "test.tvrec");
        EXPECT_TRUE(r.hasValue()) << r.error().message;
        return std::move(r.value());
    }
};

PropertyUpdate num(std::string_view e, std::string_view p, double v) {
    return PropertyUpdate{e, p, 0, Unit::fromSymbol("°C"), Value::makeNumber(v)};
}

// Snapshot at 0 (tank.level = 1, pump.running = true, pump.mode = "auto"), then 10 Updates frames at 1..10 s whose
// header timestamps are 300 µs before their arrival, a keyframe at 5 s (skipped), and frames carry tank.level = i.
FeedRecording makeRecording(bool headerTimes = true) {
    RecordingBuilder b;
    b.snapshot(0, headerTimes ? kStartUs : 0,
               {num("tank", "level", 1.0), PropertyUpdate{"pump", "running", 0, Unit::none(), Value::makeBool(true)},
                PropertyUpdate{"pump", "mode", 0, Unit::none(), Value::makeString("auto")}});
    for (uint64_t i = 1; i <= 10; ++i) {
        const uint64_t at = i * 1000000;
        b.updates(at, i, headerTimes ? kStartUs + at - 300 : 0,
                  {num("tank", "level", double(i) * 10.0), num("tank", "temp", 20.0 + double(i))});
        if (i == 5) b.snapshot(at, kStartUs + at, {num("tank", "level", -999.0)}, RecordType::Keyframe);
    }
    return b.open();
}

} // namespace

TEST(HistoryLoader, FillsRingsFromEveryFrameAtHeaderTimes) {
    FeedRecording rec = makeRecording();
    HistoryStore archive;
    std::vector<double> progress;
    auto n = loadHistory(rec, archive, {}, [&](double f) { progress.push_back(f); });
    ASSERT_TRUE(n.hasValue()) << n.error().message;
    EXPECT_EQ(*n, 2u + 10u * 2u); // snapshot: level + running; 10 frames × (level, temp); the string is ignored
    const HistoryRing* level = archive.ring({"tank", "level"});
    ASSERT_NE(level, nullptr);
    EXPECT_EQ(level->size(), 11u); // the keyframe's -999 is not in it
    EXPECT_EQ(level->earliestUs(), kStartUs);
    EXPECT_EQ(level->valueAt(kStartUs + 3000000 - 300)->value, 30.0);
    EXPECT_EQ(level->valueAt(kStartUs + 3000000 - 301)->value, 20.0);
    EXPECT_EQ(archive.ring({"pump", "running"})->valueAt(kStartUs)->value, 1.0);
    EXPECT_EQ(archive.find({"pump", "mode"}), nullptr);
    EXPECT_EQ(archive.find({"tank", "temp"})->unit.display(), "°C");
    ASSERT_FALSE(progress.empty());
    EXPECT_EQ(progress.front(), 0.0);
    EXPECT_EQ(progress.back(), 1.0);
    for (size_t i = 1; i < progress.size(); ++i) EXPECT_GE(progress[i], progress[i - 1]);
}

TEST(HistoryLoader, KeysFilterAndBeforeCut) {
    FeedRecording rec = makeRecording();
    HistoryStore archive;
    std::vector<HistoryKey> keys = {{"tank", "level"}};
    auto n = loadHistory(rec, archive, keys, {}, kStartUs + 5000000); // stop where live history starts
    ASSERT_TRUE(n.hasValue());
    EXPECT_EQ(archive.seriesCount(), 1u);
    const HistoryRing* level = archive.ring({"tank", "level"});
    ASSERT_NE(level, nullptr);
    EXPECT_EQ(level->size(), 6u); // snapshot + frames 1..5 (5 s - 300 µs < cut)
    EXPECT_LT(level->latestUs(), kStartUs + 5000000);
}

TEST(HistoryLoader, FallsBackToTheRecordingClockWithoutHeaderTimes) {
    FeedRecording rec = makeRecording(false);
    HistoryStore archive;
    ASSERT_TRUE(loadHistory(rec, archive).hasValue());
    const HistoryRing* level = archive.ring({"tank", "level"});
    ASSERT_NE(level, nullptr);
    EXPECT_EQ(level->at(3).timeUs, kStartUs + 3000000);
}
