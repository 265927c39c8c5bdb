// The one way twinview includes OpenXR: Vulkan first, then <openxr/openxr.h> and <openxr/openxr_platform.h> with
// XR_USE_GRAPHICS_API_VULKAN, so the XR_KHR_vulkan_enable2 structures and function pointer types are declared.
// Every file of xr/ that needs OpenXR includes this header instead of the SDK's. Header only; any thread.
#pragma once

#include <vulkan/vulkan.h>

#ifndef XR_USE_GRAPHICS_API_VULKAN
#define XR_USE_GRAPHICS_API_VULKAN 1
#endif
#include <openxr/openxr.h>
#include <openxr/openxr_platform.h>
