// XrResult helpers for the OpenXR front end: result names (also before an XrInstance exists, when the loader itself
// fails) and the conversion of a failed OpenXR call into a tv::Error that names the call and the result.
// Pure functions; any thread.
#pragma once

#include "xr/core/xr_platform.h"

#include "core/expected.h"

#include <string>

namespace tv::xr {

// The enumerant's name ("XR_ERROR_SESSION_LOST"), from the SDK's reflection table; "XrResult(<n>)" for a value the
// 1.0.20 headers do not know. Needs no instance.
std::string resultName(XrResult result);

// xrResultToString through `instance` (the runtime may know extension results the headers do not); falls back to
// resultName() when there is no instance or the call fails.
std::string resultString(XrInstance instance, XrResult result);

// "xrCreateSession failed: XR_ERROR_GRAPHICS_DEVICE_INVALID" as an Error (code Device unless given).
Error callError(XrInstance instance, const char* call, XrResult result, ErrorCode code = ErrorCode::Device);

} // namespace tv::xr
