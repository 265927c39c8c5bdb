// tv::Expected — the result type for operations that can fail for reasons outside the program's control
// (missing file, malformed glTF, no Vulkan device, peer gone). Bugs use TV_ASSERT instead (see assert.h).
//
// Error carries a code (for callers that branch on it) and a human message that names the cause; the message
// is what the user sees after "error: ". Thread-safe as a value type.
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace tv {

enum class ErrorCode {
    Io,              // a file or stream could not be read or written
    Parse,           // input is not well-formed (JSON, glTF, message, image)
    Unsupported,     // well-formed but asks for something we do not do (required extension, format)
    OutOfBounds,     // an index, offset or count points outside its container
    TooLarge,        // a size exceeds a configured cap
    InvalidArgument, // a caller-supplied value is out of its domain (bad CLI value, bad handle)
    NotFound,        // a named thing does not exist (node path, file, scene)
    Device,          // Vulkan/OpenXR refused or lacks a feature
    Validation,      // a validation layer reported a problem
    Timeout,
    Network,
};

const char* errorCodeName(ErrorCode code);

struct Error {
    ErrorCode code = ErrorCode::InvalidArgument;
    std::string message;
};

inline Error makeError(ErrorCode code, std::string message) { return Error{code, std::move(message)}; }

// Minimal std::expected stand-in (C++23 is not available with the toolchain we target).
template <class T>
class [[nodiscard]] Expected {
public:
    Expected(T value) : m_v(std::in_place_index<0>, std::move(value)) {}
    Expected(Error error) : m_v(std::in_place_index<1>, std::move(error)) {}

    bool hasValue() const { return m_v.index() == 0; }
    explicit operator bool() const { return hasValue(); }

    T& value() & {
        assert(hasValue());
        return std::get<0>(m_v);
    }
    const T& value() const& {
        assert(hasValue());
        return std::get<0>(m_v);
    }
    T&& value() && {
        assert(hasValue());
        return std::get<0>(std::move(m_v));
    }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }

    const Error& error() const {
        assert(!hasValue());
        return std::get<1>(m_v);
    }

private:
    std::variant<T, Error> m_v;
};

// Expected<void>: success carries nothing.
template <>
class [[nodiscard]] Expected<void> {
public:
    Expected() = default;
    Expected(Error error) : m_error(std::move(error)), m_failed(true) {}
    bool hasValue() const { return !m_failed; }
    explicit operator bool() const { return hasValue(); }
    const Error& error() const {
        assert(m_failed);
        return m_error;
    }

private:
    Error m_error;
    bool m_failed = false;
};

} // namespace tv
