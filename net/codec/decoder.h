// Twin-feed decoder: validates a received frame completely and returns a Message whose strings and update
// records point into the frame's bytes (see messages.h), or a DecodeFailure with a typed code, the byte offset and a
// message naming the cause.
//
// Nothing in the input is trusted: every length is checked against the bytes that remain and against Limits
// before it is used, the only allocation is a CommandRequest's argument vector (bounded by maxCommandArgs), and
// update batches are validated in one pass up front so that iterating them afterwards (UpdateBatch::Reader)
// cannot fail and does not allocate. A batch is therefore accepted or rejected as a whole. Stateless; any thread.
#pragma once

#include "net/codec/messages.h"

#include <span>

namespace tv::net {

// Checks and parses only the fixed header (magic, version, kind, flags, body length against the cap and the bytes
// received). Useful to route or count a frame before paying for the body.
DecodeResult<FrameHeader> decodeHeader(std::span<const uint8_t> frame, const Limits& limits = {});

// Full validation and parse. The returned Message borrows from `frame`.
DecodeResult<Message> decodeMessage(std::span<const uint8_t> frame, const Limits& limits = {});

} // namespace tv::net
