#include "net/codec/wire_format.h"

namespace tv::net {

const char* messageKindName(MessageKind kind) {
    switch (kind) {
    case MessageKind::Updates: return "Updates";
    case MessageKind::SnapshotRequest: return "SnapshotRequest";
    case MessageKind::SnapshotChunk: return "SnapshotChunk";
    case MessageKind::SnapshotEnd: return "SnapshotEnd";
    case MessageKind::Heartbeat: return "Heartbeat";
    case MessageKind::CommandRequest: return "CommandRequest";
    case MessageKind::CommandReply: return "CommandReply";
    }
    return "Unknown";
}

const char* decodeErrorName(DecodeError e) {
    switch (e) {
    case DecodeError::Truncated: return "Truncated";
    case DecodeError::BadMagic: return "BadMagic";
    case DecodeError::UnsupportedVersion: return "UnsupportedVersion";
    case DecodeError::UnknownKind: return "UnknownKind";
    case DecodeError::TooLarge: return "TooLarge";
    case DecodeError::BadString: return "BadString";
    case DecodeError::BadValue: return "BadValue";
    case DecodeError::BadLength: return "BadLength";
    }
    return "Unknown";
}

Error DecodeFailure::toError() const {
    ErrorCode ec = ErrorCode::Parse;
    if (code == DecodeError::TooLarge) ec = ErrorCode::TooLarge;
    if (code == DecodeError::UnsupportedVersion) ec = ErrorCode::Unsupported;
    return makeError(ec, std::string("feed message: ") + decodeErrorName(code) + " at byte " + std::to_string(offset) +
                             ": " + message);
}

} // namespace tv::net
