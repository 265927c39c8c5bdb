// Sample messages shared by the codec tests, the protocol-doc check and the fuzz seeds: one frame of every
// message kind, with update records of every tag and values of every type. Fixed inputs, so the bytes are stable.
#pragma once

#include "net/codec/encoder.h"

#include <stdexcept>
#include <string>
#include <vector>

namespace tv::net::testing {

struct Sample {
    std::string name;
    std::vector<uint8_t> frame;
};

inline FrameInfo sampleInfo(uint64_t sequence) {
    // publisher 0x0102030405060708, epoch 3, timestamp 2026-01-01T00:00:00Z in µs
    return FrameInfo{0x0102030405060708ull, 3, sequence, 1767225600000000ull};
}

inline std::vector<Update> sampleUpdates() {
    std::vector<Update> u;
    u.push_back(PropertyUpdate{"pump-3", "speed", 1767225599500000ull, Unit::fromCode(8), Value::makeNumber(1200.5)});
    u.push_back(PropertyUpdate{"pump-3", "running", 0, Unit::none(), Value::makeBool(true)});
    u.push_back(PropertyUpdate{"pump-3", "mode", 0, Unit::none(), Value::makeString("auto \xC3\xA9t\xC3\xA9")});
    u.push_back(PropertyUpdate{"crane-1", "hook", 5, Unit::fromSymbol("m"), Value::makeVec3({1.0, 2.5, -3.0})});
    u.push_back(PropertyUpdate{"lamp-2", "rgba", 6, Unit::none(), Value::makeVec4({0.1, 0.2, 0.3, 1.0})});
    TransformUpdate t{"crane-1", kTransformTranslation | kTransformRotation, vec3(1.0f, 2.0f, 3.0f),
                      quat(0.70710677f, 0.0f, 0.70710677f, 0.0f), vec3(1.0f)};
    u.push_back(t);
    u.push_back(TransformUpdate{"crane-1", kTransformScale, vec3(0.0f), quat(1, 0, 0, 0), vec3(2.0f, 2.0f, 2.0f)});
    u.push_back(VisibilityUpdate{"valve-7", false});
    u.push_back(
        ColourOverride{"valve-7", kColourBase | kColourEmissive, vec4(1.0f, 0.0f, 0.0f, 1.0f), vec3(0.5f, 0.0f, 0.0f)});
    u.push_back(ColourClear{"lamp-2"});
    Transform spawnAt;
    spawnAt.translation = vec3(10.0f, 0.0f, -4.0f);
    u.push_back(SpawnEntity{"truck-9", "assets/truck.glb", "yard", spawnAt});
    u.push_back(RemoveEntity{"truck-8"});
    u.push_back(AlarmRaise{"alarm-17", "pump-3", AlarmSeverity::Critical,
                           "bearing temperature 93 \xC2\xB0"
                           "C"});
    u.push_back(AlarmClear{"alarm-16"});
    u.push_back(AlarmAck{"alarm-17", "alice"});
    u.push_back(AlarmAck{"alarm-15", ""}); // who acknowledged is optional
    return u;
}

// One frame per message kind, plus a small batch used for the protocol.md examples.
inline std::vector<Sample> sampleFrames() {
    std::vector<Sample> out;
    auto add = [&](const char* name, auto&& encode) {
        Sample s{name, {}};
        auto r = encode(s.frame);
        if (!r) throw std::runtime_error(std::string("sample ") + name + ": " + r.error().message);
        out.push_back(std::move(s));
    };
    const std::vector<Update> all = sampleUpdates();
    add("updates_all", [&](std::vector<uint8_t>& f) { return encodeUpdates(sampleInfo(42), all, f); });
    const Update one[] = {PropertyUpdate{"pump-3", "speed", 0, Unit::fromCode(8), Value::makeNumber(1200.0)}};
    add("updates_property", [&](std::vector<uint8_t>& f) { return encodeUpdates(sampleInfo(43), one, f); });
    add("snapshot_request", [&](std::vector<uint8_t>& f) {
        return encodeSnapshotRequest(FrameInfo{7, 0, 0, 0}, {"viewer-a"}, f);
    });
    const Update chunk[] = {all[0], all[10]};
    add("snapshot_chunk", [&](std::vector<uint8_t>& f) { return encodeSnapshotChunk(sampleInfo(41), 0, chunk, f); });
    add("snapshot_end", [&](std::vector<uint8_t>& f) { return encodeSnapshotEnd(sampleInfo(41), {1}, f); });
    add("heartbeat", [&](std::vector<uint8_t>& f) { return encodeHeartbeat(sampleInfo(43), {1000}, f); });
    CommandRequest cmd{0x1001, "pump-3", "set", {{"speed", Value::makeNumber(1200.0)}}, 5000};
    add("command_request", [&](std::vector<uint8_t>& f) {
        return encodeCommandRequest(FrameInfo{7, 0, 1, 0}, cmd, f);
    });
    add("command_reply", [&](std::vector<uint8_t>& f) {
        return encodeCommandReply(sampleInfo(43), {0x1001, CommandStatus::Rejected, "interlock"}, f);
    });
    // A frame carrying an alarm acknowledge is protocol version 2 (the only version-2 addition).
    const Update ack[] = {AlarmAck{"pump-2-trip", "alice"}};
    add("updates_alarm_ack", [&](std::vector<uint8_t>& f) { return encodeUpdates(sampleInfo(44), ack, f); });
    return out;
}

} // namespace tv::net::testing
