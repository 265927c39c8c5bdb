// vk_check.h — turning VkResult into tv::Error (expected failures: a missing feature, out of memory at creation)
// or into a logged, fatal stop (device lost in the frame loop). Internal to engine/gfx; any thread.
#pragma once

#include "core/expected.h"

#include <vulkan/vulkan.h>

namespace tv::gfx {

const char* vkResultName(VkResult result);

// "vkCreateDevice failed: VK_ERROR_INITIALIZATION_FAILED (engine/gfx/vk_context.cpp:120)"
Error vkError(const char* call, VkResult result, const char* file, int line);

// Unrecoverable API failure inside a frame: logs call, result, file:line and aborts in every build type.
[[noreturn]] void vkFatal(const char* call, VkResult result, const char* file, int line);

} // namespace tv::gfx

// Returns an Error from the enclosing function (which must return Expected<...>) when the call fails.
#define TV_VK_TRY(expr)                                                                                                \
    do {                                                                                                               \
        VkResult tvVkResult_ = (expr);                                                                                 \
        if (tvVkResult_ != VK_SUCCESS) return ::tv::gfx::vkError(#expr, tvVkResult_, __FILE__, __LINE__);              \
    } while (0)

// Stops the program when the call fails (frame-loop calls that have no recovery).
#define TV_VK_CHECK(expr)                                                                                              \
    do {                                                                                                               \
        VkResult tvVkResult_ = (expr);                                                                                 \
        if (tvVkResult_ != VK_SUCCESS) ::tv::gfx::vkFatal(#expr, tvVkResult_, __FILE__, __LINE__);                     \
    } while (0)

// Propagates the error of an Expected-returning call.
#define TV_TRY(expr)                                                                                                   \
    do {                                                                                                               \
        auto tvTryResult_ = (expr);                                                                                    \
        if (!tvTryResult_) return tvTryResult_.error();                                                                \
    } while (0)
