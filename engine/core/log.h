// Logging: one line per event on stderr, prefixed with its level. Thread-safe (lines never interleave).
// Errors meant for the user ("error: <file>: <cause>") go through logError so they have one shape everywhere.
#pragma once

#include <cstdarg>
#include <string>

namespace tv {

enum class LogLevel { Debug = 0, Info = 1, Warn = 2, Error = 3, Off = 4 };

void setLogLevel(LogLevel level);
LogLevel logLevel();

void logDebug(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
void logInfo(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
void logWarn(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
void logError(const char* fmt, ...) __attribute__((format(printf, 1, 2)));

// printf into a std::string (used to build Error messages).
std::string format(const char* fmt, ...) __attribute__((format(printf, 1, 2)));

} // namespace tv
