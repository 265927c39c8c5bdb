// TV_ASSERT — for bugs (misuse, broken invariants), never for bad input. On in every build type: a renderer that
// silently continues past a broken invariant produces wrong pictures, which is worse than stopping.
#pragma once

namespace tv::detail {
[[noreturn]] void assertFailed(const char* expr, const char* file, int line, const char* message);
}

#define TV_ASSERT(expr, message)                                                                                       \
    do {                                                                                                               \
        if (!(expr)) ::tv::detail::assertFailed(#expr, __FILE__, __LINE__, (message));                                 \
    } while (0)
