// PresenceInterpolator — turns the presence records other users send (>= 30 Hz, jittered, sometimes lost) into the
// smooth pose to draw this frame (10..144 Hz). Per peer it keeps a short buffer of records and plays them back on
// the SENDER's timeline, a little behind the newest record (the playout delay), interpolating between the two
// records around the playback time: positions by lerp, orientations by slerp. Playing by the sender's timestamps,
// not by arrival times, is what removes network jitter: records sent 11 ms apart are shown 11 ms apart however
// bunched they arrived.
//
// Timeline: the sender's clock is mapped onto the local one by the smallest observed (receive - sent) over recent
// records (clock offset plus the fastest transit); the playout delay on top of that adapts to the peer's measured
// send interval and latency spread (about two intervals: 30-60 ms at 60-90 Hz). The playback clock only ever moves
// forward and absorbs corrections by running at most 10 % fast or slow, so a better offset estimate never makes an
// avatar jump; it resnaps only after a gross discontinuity (half a second off).
//
// When the newest record is late, motion is extrapolated from the last two records for at most
// Options::maxExtrapolationUs, then held. Sequence gaps need nothing special (time, not sequence, drives playback).
// Stale or duplicate records (sequence not newer) are dropped; a lower sequence with a newer timestamp is a
// restarted sender and replaces the peer's history. Which hands / pointer a user shows, the selection, the device
// and the field of view come from the newest record.
//
// Plain logic, no clock of its own (times are passed in, µs, any monotonic base for the receive side). Owned and
// called by one thread (the app's main thread).
#pragma once

#include "net/session/presence.h"

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tv::session {

// A peer's pose to draw now.
struct SampledPresence {
    std::string userId;
    net::DeviceKind device = net::DeviceKind::Desktop;
    net::PresencePose head;
    std::optional<net::PresencePose> leftHand;
    std::optional<net::PresencePose> rightHand;
    std::optional<net::PresencePointer> pointer;
    std::string selectionPath;
    float verticalFovRad = 0.8726646f;
    uint64_t lastReceiveUs = 0; // local time the newest record arrived (to spot silent peers)
    bool extrapolated = false;  // the playback time is past the newest record
};

class PresenceInterpolator {
public:
    struct Options {
        uint64_t minDelayUs = 25'000;          // never play closer than this behind the newest record
        uint64_t maxDelayUs = 250'000;         // a very jittery link gets at most this much lag
        uint64_t maxExtrapolationUs = 100'000; // beyond the newest record, then the pose holds
        size_t bufferRecords = 64;             // per peer; ~0.7 s at 90 Hz, more than the largest delay
        size_t offsetWindow = 90;              // records the clock offset minimum is taken over
    };

    PresenceInterpolator();
    explicit PresenceInterpolator(Options options);

    // Adds a received record. Returns false when it was dropped (not newer than what the peer already sent).
    bool push(const net::PresenceRecord& record, uint64_t receiveUs);

    // The pose of `user` at local time nowUs; nullopt for an unknown user. Advances that peer's playback clock
    // (call with non-decreasing times; an earlier time holds the clock).
    std::optional<SampledPresence> sample(std::string_view user, uint64_t nowUs);
    // Every known peer's pose, in user id order; `out` is overwritten (its capacity reused).
    void sampleAll(uint64_t nowUs, std::vector<SampledPresence>& out);

    void forget(std::string_view user);
    // Forgets peers whose newest record arrived more than `silenceUs` before nowUs; returns who was forgotten.
    std::vector<std::string> forgetSilent(uint64_t nowUs, uint64_t silenceUs);
    void clear() { m_peers.clear(); }

    bool knows(std::string_view user) const;
    size_t peerCount() const { return m_peers.size(); }
    std::vector<std::string> users() const;
    // The playout delay currently applied to `user` (0 when unknown): what tests and the stats overlay read.
    uint64_t playoutDelayUs(std::string_view user) const;

private:
    struct Received {
        net::PresenceRecord record;
        uint64_t receiveUs = 0;
    };
    struct Peer {
        std::deque<Received> records; // ascending sequence and sent time
        std::deque<int64_t> transit;  // receive - sent of recent records (offset window)
        int64_t offsetUs = 0;         // min(transit): local = sender + offset for the fastest record
        double intervalUs = 0.0;      // smoothed send interval
        double excessUs = 0.0;        // smoothed transit above the minimum (the jitter to absorb)
        bool clockStarted = false;
        uint64_t lastNowUs = 0;  // local time of the previous sample
        double playSentUs = 0.0; // playback position on the sender's clock
    };

    void resetPeer(Peer& peer, const net::PresenceRecord& record, uint64_t receiveUs);
    uint64_t delayOf(const Peer& peer) const;
    void advanceClock(Peer& peer, uint64_t nowUs);
    SampledPresence evaluate(const Peer& peer) const;

    Options m_options;
    std::map<std::string, Peer, std::less<>> m_peers;
};

} // namespace tv::session
