// Twin-feed encoder: turns messages (messages.h) into frames (docs/protocol.md). Used by publishers (the hub,
// the simulator, tests) and by the viewer for snapshot requests and commands.
//
// Each function clears `out` and writes one complete frame into it, reusing its capacity, so a publisher that keeps
// one vector per socket does not allocate per message. The encoder refuses (InvalidArgument / TooLarge) anything
// the decoder would reject under the same Limits — invalid UTF-8, empty ids, over-cap strings or frames,
// non-finite transforms or colours, out-of-range enums — so every frame it produces decodes. On error `out`
// holds no frame (it is cleared). Stateless; any thread may call it (with its own `out`).
#pragma once

#include "core/expected.h"
#include "net/codec/messages.h"

#include <span>
#include <vector>

namespace tv::net {

[[nodiscard]] Expected<void> encodeUpdates(const FrameInfo& info, std::span<const Update> updates,
                                           std::vector<uint8_t>& out, const Limits& limits = {});
[[nodiscard]] Expected<void> encodeSnapshotRequest(const FrameInfo& info, const SnapshotRequest& request,
                                                   std::vector<uint8_t>& out, const Limits& limits = {});
// info.sequence must be the sequence the snapshot reflects (the same on every chunk and on the end marker).
[[nodiscard]] Expected<void> encodeSnapshotChunk(const FrameInfo& info, uint32_t chunkIndex,
                                                 std::span<const Update> updates, std::vector<uint8_t>& out,
                                                 const Limits& limits = {});
[[nodiscard]] Expected<void> encodeSnapshotEnd(const FrameInfo& info, const SnapshotEnd& end, std::vector<uint8_t>& out,
                                               const Limits& limits = {});
// info.sequence = the last update sequence this publisher sent (it does not consume a sequence number).
[[nodiscard]] Expected<void> encodeHeartbeat(const FrameInfo& info, const Heartbeat& heartbeat,
                                             std::vector<uint8_t>& out, const Limits& limits = {});
[[nodiscard]] Expected<void> encodeCommandRequest(const FrameInfo& info, const CommandRequest& request,
                                                  std::vector<uint8_t>& out, const Limits& limits = {});
[[nodiscard]] Expected<void> encodeCommandReply(const FrameInfo& info, const CommandReply& reply,
                                                std::vector<uint8_t>& out, const Limits& limits = {});

// Re-encodes a decoded message (any kind) with its own header fields. The encoding is canonical, so for a frame
// the decoder accepted this reproduces the original bytes exactly (the fuzzer checks that).
[[nodiscard]] Expected<void> encodeMessage(const Message& message, std::vector<uint8_t>& out,
                                           const Limits& limits = {});

} // namespace tv::net
