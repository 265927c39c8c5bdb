// Older history read back from a feed recording: every Updates frame and snapshot chunk of a recording (its own
// Frame records; the recorder's Keyframe records only repeat state the frames already carried and are skipped)
// is decoded and its numeric property records appended to a HistoryStore — normally a separate "archive" store
// that charts consult for times before the live store's earliest sample (ops/history/history_query.h).
//
// Time of a sample: the frame header's timestamp (sentUs, the publisher's clock), which is what live history uses
// too. Only when a frame carries no header timestamp (0) does it fall back to the recording's start time plus the
// record's offset — an approximation: that is the recorder's arrival clock, not the publisher's, so it is late by
// the network latency and shifted by any clock offset between the two machines.
//
// Any thread: it reads the (immutable) recording and writes only `store`. Run it on a worker with a store the main
// thread does not read until it returns (then hand the store over), reporting progress through the callback.
#pragma once

#include "core/expected.h"
#include "net/record/feed_recording.h"
#include "ops/history/history_key.h"
#include "ops/history/history_store.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>

namespace tv::ops {

// Called with the fraction of records processed, 0..1 (the last call is exactly 1 on success).
using HistoryLoadProgressFn = std::function<void(double fraction)>;

// Appends the recording's numeric property samples for `keys` (empty = every numeric key) with time < beforeUs to
// `store`. Returns the number of samples stored (samples older than a ring's newest are dropped and not counted).
// Errors (Parse, naming the recording and record) only for a frame the decoder rejects, which FeedRecording::open
// normally rules out.
Expected<size_t> loadHistory(const net::FeedRecording& recording, HistoryStore& store,
                             std::span<const HistoryKey> keys = {}, const HistoryLoadProgressFn& progress = {},
                             uint64_t beforeUs = UINT64_MAX);

} // namespace tv::ops
