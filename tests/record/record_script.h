// A scripted feed for the recording tests: snapshots and update batches with arrival times, encoded as real frames
// (net/codec), covering every record kind (properties of each value type, transforms, visibility, colours, spawn
// and remove, alarms) and a re-snapshot in the middle. referenceStateAt() rebuilds the twin from the script itself,
// independently of the recording code.
#pragma once

#include "net/codec/decoder.h"
#include "net/codec/encoder.h"
#include "net/feed/twin_state.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace tv::net::testing {

struct ScriptFrame {
    uint64_t timeUs = 0; // offset from the recording start
    std::vector<uint8_t> bytes;
};

class RecordScript {
public:
    static constexpr uint64_t kPublisher = 0xfeed, kStartUs = 1767225600000000ull;

    // 20 s of feed: snapshot at 0, an Updates frame every 100 ms, a re-snapshot (new epoch) at 12 s.
    RecordScript() {
        uint32_t epoch = 5;
        uint64_t seq = 0;
        snapshot(0, epoch, seq, 0);
        for (int i = 1; i <= 200; ++i) {
            uint64_t t = uint64_t(i) * 100000;
            if (i == 120) { // publisher restart: new epoch, sequence starts again
                epoch = 6;
                seq = 0;
                snapshot(t, epoch, seq, i);
                continue;
            }
            updates(t, epoch, ++seq, i);
        }
    }

    const std::vector<ScriptFrame>& frames() const { return m_frames; }
    uint64_t durationUs() const { return m_frames.back().timeUs; }

    // Applies the script's frames with time <= tUs (a snapshot counts at its end marker).
    void referenceStateAt(uint64_t tUs, TwinState& out) const {
        out.clear();
        TwinState pending;
        for (const ScriptFrame& f : m_frames) {
            if (f.timeUs > tUs) break;
            auto msg = decodeMessage(f.bytes);
            ASSERT_TRUE(msg.hasValue());
            uint64_t sent = msg->header.timestampUs, received = kStartUs + f.timeUs;
            if (auto* c = std::get_if<SnapshotChunk>(&msg->body)) {
                if (c->chunkIndex == 0) pending.clear();
                c->updates.forEach([&](const Update& u) { pending.apply(u, sent, received); });
            } else if (std::holds_alternative<SnapshotEnd>(msg->body)) {
                out = pending;
            } else if (auto* b = std::get_if<UpdateBatch>(&msg->body)) {
                b->forEach([&](const Update& u) { out.apply(u, sent, received); });
            }
        }
    }

private:
    void snapshot(uint64_t t, uint32_t epoch, uint64_t seq, int i) {
        FrameInfo info{kPublisher, epoch, seq, kStartUs + t};
        std::string level = "plant-" + std::to_string(i);
        std::vector<Update> c0 = {
            PropertyUpdate{"tank-1", "level", kStartUs, Unit::fromCode(9), Value::makeNumber(10.0 + i)},
            PropertyUpdate{"pump-1", "state", 0, Unit::none(), Value::makeString(level)},
            PropertyUpdate{"pump-1", "vector", 0, Unit::fromSymbol("m/s²"), Value::makeVec3({1, 2, 3})},
        };
        SpawnEntity spawn;
        spawn.entity = "crate-0";
        spawn.asset = "part";
        spawn.parent = "conveyor";
        spawn.transform.translation = vec3(-5.0f, 1.0f, 0.0f);
        std::vector<Update> c1 = {spawn, AlarmRaise{"boot", "pump-1", AlarmSeverity::Info, "started"},
                                  AlarmAck{"boot", "night-shift"}};
        push(t, [&](std::vector<uint8_t>& out) { return encodeSnapshotChunk(info, 0, c0, out); });
        push(t, [&](std::vector<uint8_t>& out) { return encodeSnapshotChunk(info, 1, c1, out); });
        push(t, [&](std::vector<uint8_t>& out) { return encodeSnapshotEnd(info, SnapshotEnd{2}, out); });
    }

    void updates(uint64_t t, uint32_t epoch, uint64_t seq, int i) {
        FrameInfo info{kPublisher, epoch, seq, kStartUs + t - 500};
        std::string crate = "crate-" + std::to_string(i / 10), prevCrate = "crate-" + std::to_string(i / 10 - 1);
        std::string alarmText = "level " + std::to_string(i);
        std::vector<Update> ups;
        ups.push_back(PropertyUpdate{"tank-1", "level", kStartUs + t, Unit::fromCode(9), Value::makeNumber(i * 0.5)});
        ups.push_back(PropertyUpdate{"tank-2", "temperature", 0, Unit::fromCode(4),
                                     Value::makeNumber(i % 7 == 0 ? std::nan("") : 20.0 + i)});
        if (i % 3 == 0) ups.push_back(PropertyUpdate{"conveyor", "running", 0, Unit::none(), Value::makeBool(i % 2)});
        if (i % 10 == 0) {
            SpawnEntity s;
            s.entity = crate;
            s.asset = "part";
            s.parent = "conveyor";
            s.transform.translation = vec3(-5.0f, 1.0f, 0.0f);
            ups.push_back(s);
            ups.push_back(RemoveEntity{prevCrate});
        }
        TransformUpdate tr;
        tr.entity = crate;
        tr.mask = kTransformTranslation;
        tr.translation = vec3(-5.0f + float(i % 10), 1.0f, 0.0f);
        ups.push_back(tr);
        if (i % 4 == 0) ups.push_back(VisibilityUpdate{"part-1", i % 8 == 0});
        if (i % 5 == 0) {
            ColourOverride c;
            c.entity = "pump-2";
            c.mask = kColourEmissive;
            c.emissive = vec3(float(i % 3), 0.0f, 0.0f);
            ups.push_back(c);
        }
        if (i % 15 == 0) ups.push_back(ColourClear{"pump-2"});
        if (i % 20 == 5) ups.push_back(AlarmRaise{"tank-1-high", "tank-1", AlarmSeverity::Warning, alarmText});
        if (i % 20 == 9) ups.push_back(AlarmAck{"tank-1-high", i % 40 == 9 ? "alice" : ""});
        if (i % 20 == 15) ups.push_back(AlarmClear{"tank-1-high"});
        push(t, [&](std::vector<uint8_t>& out) { return encodeUpdates(info, ups, out); });
    }

    template <class F>
    void push(uint64_t t, F&& encode) {
        ScriptFrame f;
        f.timeUs = t;
        auto r = encode(f.bytes);
        EXPECT_TRUE(r.hasValue()) << r.error().message;
        m_frames.push_back(std::move(f));
    }

    std::vector<ScriptFrame> m_frames;
};

} // namespace tv::net::testing
