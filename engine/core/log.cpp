#include "core/log.h"

#include "core/assert.h"
#include "core/expected.h"

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <vector>

namespace tv {
namespace {
std::atomic<LogLevel> g_level{LogLevel::Info};
std::mutex g_mutex;

void emit(LogLevel level, const char* prefix, const char* fmt, va_list args) {
    if (level < g_level.load(std::memory_order_relaxed)) return;
    std::string line = prefix;
    va_list copy;
    va_copy(copy, args);
    int n = std::vsnprintf(nullptr, 0, fmt, copy);
    va_end(copy);
    if (n > 0) {
        std::vector<char> buf(static_cast<size_t>(n) + 1);
        std::vsnprintf(buf.data(), buf.size(), fmt, args);
        line.append(buf.data(), static_cast<size_t>(n));
    }
    line.push_back('\n');
    std::lock_guard lock(g_mutex);
    std::fwrite(line.data(), 1, line.size(), stderr);
    std::fflush(stderr);
}
} // namespace

void setLogLevel(LogLevel level) { g_level.store(level); }
LogLevel logLevel() { return g_level.load(); }

#define TV_LOG_FN(name, level, prefix)                                                                                 \
    void name(const char* fmt, ...) {                                                                                  \
        va_list args;                                                                                                  \
        va_start(args, fmt);                                                                                           \
        emit(level, prefix, fmt, args);                                                                                \
        va_end(args);                                                                                                  \
    }
TV_LOG_FN(logDebug, LogLevel::Debug, "debug: ")
TV_LOG_FN(logInfo, LogLevel::Info, "")
TV_LOG_FN(logWarn, LogLevel::Warn, "warning: ")
TV_LOG_FN(logError, LogLevel::Error, "error: ")
#undef TV_LOG_FN

std::string format(const char* fmt, ...) {
    va_list args;
    va_start(args, fmt);
    va_list copy;
    va_copy(copy, args);
    int n = std::vsnprintf(nullptr, 0, fmt, copy);
    va_end(copy);
    std::string out;
    if (n > 0) {
        out.resize(static_cast<size_t>(n) + 1);
        std::vsnprintf(out.data(), out.size(), fmt, args);
        out.resize(static_cast<size_t>(n));
    }
    va_end(args);
    return out;
}

const char* errorCodeName(ErrorCode code) {
    switch (code) {
    case ErrorCode::Io: return "io";
    case ErrorCode::Parse: return "parse";
    case ErrorCode::Unsupported: return "unsupported";
    case ErrorCode::OutOfBounds: return "out-of-bounds";
    case ErrorCode::TooLarge: return "too-large";
    case ErrorCode::InvalidArgument: return "invalid-argument";
    case ErrorCode::NotFound: return "not-found";
    case ErrorCode::Device: return "device";
    case ErrorCode::Validation: return "validation";
    case ErrorCode::Timeout: return "timeout";
    case ErrorCode::Network: return "network";
    }
    return "unknown";
}

namespace detail {
void assertFailed(const char* expr, const char* file, int line, const char* message) {
    std::fprintf(stderr, "assertion failed: %s (%s) at %s:%d\n", message, expr, file, line);
    std::fflush(stderr);
    std::abort();
}
} // namespace detail

} // namespace tv
