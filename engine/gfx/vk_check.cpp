#include "gfx/vk_check.h"

#include "core/log.h"

#include <cstdlib>

namespace tv::gfx {

const char* vkResultName(VkResult result) {
    switch (result) {
#define TV_CASE(x)                                                                                                     \
    case x: return #x;
        TV_CASE(VK_SUCCESS)
        TV_CASE(VK_NOT_READY)
        TV_CASE(VK_TIMEOUT)
        TV_CASE(VK_EVENT_SET)
        TV_CASE(VK_EVENT_RESET)
        TV_CASE(VK_INCOMPLETE)
        TV_CASE(VK_ERROR_OUT_OF_HOST_MEMORY)
        TV_CASE(VK_ERROR_OUT_OF_DEVICE_MEMORY)
        TV_CASE(VK_ERROR_INITIALIZATION_FAILED)
        TV_CASE(VK_ERROR_DEVICE_LOST)
        TV_CASE(VK_ERROR_MEMORY_MAP_FAILED)
        TV_CASE(VK_ERROR_LAYER_NOT_PRESENT)
        TV_CASE(VK_ERROR_EXTENSION_NOT_PRESENT)
        TV_CASE(VK_ERROR_FEATURE_NOT_PRESENT)
        TV_CASE(VK_ERROR_INCOMPATIBLE_DRIVER)
        TV_CASE(VK_ERROR_TOO_MANY_OBJECTS)
        TV_CASE(VK_ERROR_FORMAT_NOT_SUPPORTED)
        TV_CASE(VK_ERROR_FRAGMENTED_POOL)
        TV_CASE(VK_ERROR_OUT_OF_POOL_MEMORY)
        TV_CASE(VK_ERROR_SURFACE_LOST_KHR)
        TV_CASE(VK_ERROR_NATIVE_WINDOW_IN_USE_KHR)
        TV_CASE(VK_SUBOPTIMAL_KHR)
        TV_CASE(VK_ERROR_OUT_OF_DATE_KHR)
        TV_CASE(VK_ERROR_VALIDATION_FAILED_EXT)
#undef TV_CASE
    default: return "VK_RESULT_UNKNOWN";
    }
}

Error vkError(const char* call, VkResult result, const char* file, int line) {
    return makeError(ErrorCode::Device, format("%s failed: %s (%s:%d)", call, vkResultName(result), file, line));
}

void vkFatal(const char* call, VkResult result, const char* file, int line) {
    logError("fatal: %s failed: %s (%s:%d)", call, vkResultName(result), file, line);
    std::abort();
}

} // namespace tv::gfx
