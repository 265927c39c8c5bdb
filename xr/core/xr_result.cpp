#include "xr/core/xr_result.h"

#include "xr/core/xr_platform.h"

#include <openxr/openxr_reflection.h>

#include "core/log.h"

namespace tv::xr {

std::string resultName(XrResult result) {
    switch (result) {
#define TV_XR_RESULT_CASE(name, value)                                                                                 \
    case name: return #name;
        XR_LIST_ENUM_XrResult(TV_XR_RESULT_CASE)
#undef TV_XR_RESULT_CASE
            default : break;
    }
    return format("XrResult(%d)", int(result));
}

std::string resultString(XrInstance instance, XrResult result) {
    if (instance != XR_NULL_HANDLE) {
        char text[XR_MAX_RESULT_STRING_SIZE] = {};
        if (xrResultToString(instance, result, text) == XR_SUCCESS && text[0]) return text;
    }
    return resultName(result);
}

Error callError(XrInstance instance, const char* call, XrResult result, ErrorCode code) {
    return makeError(code, format("%s failed: %s", call, resultString(instance, result).c_str()));
}

} // namespace tv::xr
