// The simulated OpenXR runtime's shared state: the live-handle registry, the objects behind each handle, the
// violation counter and the report. Internal to tv_xr_sim_runtime (a separate shared module loaded by the OpenXR
// loader); nothing here is visible to the app.
//
// Threading: every entry point takes Runtime::mutex() for its whole body (OpenXR allows calls from any thread; a
// single lock keeps the strict checks simple and the runtime is never the bottleneck of a test).
#pragma once

#include "sim_api.h"
#include "script.h"

#include <array>
#include <cstring>
#include <type_traits>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

namespace tv::xrsim {

inline constexpr const char* kRuntimeName = "twinview simulated headset";
inline constexpr XrSystemId kSystemId = 1;
inline constexpr uint32_t kMaxImageSize = 4096;
inline constexpr uint32_t kSwapchainImageCount = 3;
inline constexpr uint32_t kMaxLayers = 16;
inline constexpr XrTime kEpoch = 1'000'000'000; // XrTime of script time 0 (XrTime 0 is invalid in OpenXR)

enum class Kind { Instance, Session, Space, Swapchain, ActionSet, Action };

struct Object {
    explicit Object(Kind k) : kind(k) {}
    virtual ~Object() = default;
    Kind kind;
    uint64_t handle = 0;
};

// Vulkan entry points the runtime needs, loaded through the app's vkGetInstanceProcAddr.
struct VkFns {
    PFN_vkGetDeviceProcAddr getDeviceProcAddr = nullptr;
    PFN_vkGetPhysicalDeviceMemoryProperties getMemoryProperties = nullptr;
    PFN_vkGetDeviceQueue getDeviceQueue = nullptr;
    PFN_vkCreateImage createImage = nullptr;
    PFN_vkDestroyImage destroyImage = nullptr;
    PFN_vkGetImageMemoryRequirements imageRequirements = nullptr;
    PFN_vkBindImageMemory bindImageMemory = nullptr;
    PFN_vkCreateBuffer createBuffer = nullptr;
    PFN_vkDestroyBuffer destroyBuffer = nullptr;
    PFN_vkGetBufferMemoryRequirements bufferRequirements = nullptr;
    PFN_vkBindBufferMemory bindBufferMemory = nullptr;
    PFN_vkAllocateMemory allocateMemory = nullptr;
    PFN_vkFreeMemory freeMemory = nullptr;
    PFN_vkMapMemory mapMemory = nullptr;
    PFN_vkUnmapMemory unmapMemory = nullptr;
    PFN_vkCreateCommandPool createCommandPool = nullptr;
    PFN_vkDestroyCommandPool destroyCommandPool = nullptr;
    PFN_vkAllocateCommandBuffers allocateCommandBuffers = nullptr;
    PFN_vkFreeCommandBuffers freeCommandBuffers = nullptr;
    PFN_vkBeginCommandBuffer beginCommandBuffer = nullptr;
    PFN_vkEndCommandBuffer endCommandBuffer = nullptr;
    PFN_vkCmdPipelineBarrier cmdPipelineBarrier = nullptr;
    PFN_vkCmdCopyImageToBuffer cmdCopyImageToBuffer = nullptr;
    PFN_vkQueueSubmit queueSubmit = nullptr;
    PFN_vkQueueWaitIdle queueWaitIdle = nullptr;
    PFN_vkSetDebugUtilsObjectNameEXT setObjectName = nullptr; // may stay null
};

struct Instance;

// One suggested binding: an action and the full input path it is bound to.
struct Binding {
    uint64_t action = 0;
    XrPath path = XR_NULL_PATH;
};

struct ActionStateSlot {
    float value = 0.0f; // boolean and float actions; x for vector2
    float y = 0.0f;     // vector2 only
    bool active = false;
    bool changed = false;
    XrTime lastChange = 0;
};

struct Action : Object {
    Action() : Object(Kind::Action) {}
    uint64_t set = 0;
    std::string name;
    XrActionType type = XR_ACTION_TYPE_BOOLEAN_INPUT;
    std::vector<XrPath> subactionPaths;
    // index 0: no subaction path (all hands); 1: left; 2: right.
    std::array<ActionStateSlot, 3> state{};
};

struct ActionSet : Object {
    ActionSet() : Object(Kind::ActionSet) {}
    uint64_t instance = 0;
    std::string name;
    uint32_t priority = 0;
    bool attached = false;
    std::vector<uint64_t> actions;
};

enum class SpaceBase { View, Local, Stage, Action };

struct Space : Object {
    Space() : Object(Kind::Space) {}
    uint64_t session = 0;
    SpaceBase base = SpaceBase::Local;
    uint64_t action = 0;
    XrPath subactionPath = XR_NULL_PATH;
    XrPosef offset{{0, 0, 0, 1}, {0, 0, 0}};
};

struct SwapchainImage {
    VkImage image = VK_NULL_HANDLE;
    VkDeviceMemory memory = VK_NULL_HANDLE;
};

struct Swapchain : Object {
    Swapchain() : Object(Kind::Swapchain) {}
    uint64_t session = 0;
    XrSwapchainCreateInfo info{};
    VkFormat format = VK_FORMAT_UNDEFINED;
    bool depth = false;
    VkImageLayout layout = VK_IMAGE_LAYOUT_GENERAL; // the layout images have while not acquired
    VkImageAspectFlags aspect = VK_IMAGE_ASPECT_COLOR_BIT;
    std::vector<SwapchainImage> images;
    std::deque<uint32_t> acquired; // acquired, not yet waited (oldest first)
    std::optional<uint32_t> waited;
    std::optional<uint32_t> lastReleased;
    uint32_t nextAcquire = 0;
    uint32_t acquiredTotal = 0; // for static swapchains (one acquire only)
};

struct Session : Object {
    Session() : Object(Kind::Session) {}
    uint64_t instance = 0;
    VkInstance vkInstance = VK_NULL_HANDLE;
    VkPhysicalDevice physicalDevice = VK_NULL_HANDLE;
    VkDevice device = VK_NULL_HANDLE;
    uint32_t queueFamily = 0;
    uint32_t queueIndex = 0;
    VkQueue queue = VK_NULL_HANDLE;
    VkCommandPool commandPool = VK_NULL_HANDLE;
    VkFns vk;

    XrSessionState state = XR_SESSION_STATE_UNKNOWN;         // runtime side (last queued)
    XrSessionState observedState = XR_SESSION_STATE_UNKNOWN; // last state the app polled
    bool running = false;
    bool exitRequested = false;
    bool lost = false;
    bool everFramed = false; // an xrEndFrame happened since xrBeginSession

    uint32_t waitsPending = 0; // xrWaitFrame calls not yet matched by xrBeginFrame
    bool frameBegun = false;
    XrTime lastPredicted = 0;
    uint64_t framesWaited = 0;
    uint64_t framesEnded = 0;
    double realtimeStart = 0.0; // steady clock seconds at the first realtime xrWaitFrame

    bool actionSetsAttached = false;
    std::vector<uint64_t> attachedSets;
    XrPath currentProfile = XR_NULL_PATH;
    std::set<uint64_t> children; // spaces and swapchains
};

struct Instance : Object {
    Instance() : Object(Kind::Instance) {}
    Script script;
    std::string appName;
    bool vulkanEnable2 = false;
    bool depthExtension = false;
    bool requirementsQueried = false;
    bool systemQueried = false;
    std::map<VkInstance, PFN_vkGetInstanceProcAddr> vkInstances;
    std::map<VkDevice, VkPhysicalDevice> vkDevices;
    std::map<VkPhysicalDevice, VkInstance> returnedPhysicalDevices;
    std::vector<std::string> paths; // XrPath n is paths[n - 1]
    std::unordered_map<std::string, XrPath> pathIds;
    std::deque<XrEventDataBuffer> events;
    std::map<XrPath, std::vector<Binding>> suggested; // by interaction profile
    std::set<uint64_t> actionSets;
    uint64_t session = 0;
};

// Counters that end up in the TV_XRSIM_REPORT file.
struct Report {
    uint64_t frames = 0;
    std::map<std::string, uint64_t> violations; // by result name
    uint64_t eventsSent = 0;
    uint64_t haptics = 0;
    std::vector<std::string> captures;
};

class Runtime {
public:
    static Runtime& get();
    std::mutex& mutex() { return m_mutex; }

    uint64_t add(std::unique_ptr<Object> object);
    void remove(uint64_t handle);
    template <class T>
    T* find(uint64_t handle) {
        auto it = m_objects.find(handle);
        if (it == m_objects.end() || it->second->kind != kindOf<T>()) return nullptr;
        return static_cast<T*>(it->second.get());
    }

    Report& report() { return m_report; }
    void resetReport() { m_report = Report{}; }
    // Writes the report to TV_XRSIM_REPORT (if set). Called at xrDestroyInstance.
    void writeReport() const;

private:
    template <class T>
    static constexpr Kind kindOf() {
        if constexpr (std::is_same_v<T, Instance>)
            return Kind::Instance;
        else if constexpr (std::is_same_v<T, Session>)
            return Kind::Session;
        else if constexpr (std::is_same_v<T, Space>)
            return Kind::Space;
        else if constexpr (std::is_same_v<T, Swapchain>)
            return Kind::Swapchain;
        else if constexpr (std::is_same_v<T, ActionSet>)
            return Kind::ActionSet;
        else
            return Kind::Action;
    }

    std::mutex m_mutex;
    std::unordered_map<uint64_t, std::unique_ptr<Object>> m_objects;
    uint64_t m_nextHandle = 0x7000; // never reused: a destroyed handle stays invalid forever
    Report m_report;
};

// Logs "twinview-xrsim: <func>: <message> (<result>)" on stderr, counts it by result name and returns result.
XrResult violation(const char* func, XrResult result, const std::string& message);
const char* resultName(XrResult result);

template <class H>
uint64_t raw(H handle) {
    return reinterpret_cast<uint64_t>(handle);
}
template <class H>
H toHandle(uint64_t value) {
    return reinterpret_cast<H>(value);
}

// Paths (instance-scoped, interned). Returns XR_NULL_PATH when the string is not a well-formed path.
XrPath internPath(Instance& instance, const std::string& path);
bool validPathString(const std::string& path);
const std::string* pathString(const Instance& instance, XrPath path);

// Queues an event (copied into an XrEventDataBuffer) on the instance.
template <class E>
void pushEvent(Instance& instance, const E& event) {
    static_assert(sizeof(E) <= sizeof(XrEventDataBuffer));
    XrEventDataBuffer buffer{};
    std::memcpy(&buffer, &event, sizeof(E));
    instance.events.push_back(buffer);
}

// Null or wrong `type` -> XR_ERROR_VALIDATION_FAILURE (logged); XR_SUCCESS otherwise.
XrResult checkStruct(const char* func, const void* structure, XrStructureType expected, const char* what);

// The two-call idiom: capacity 0 reports the count; a too small capacity is XR_ERROR_SIZE_INSUFFICIENT.
template <class T>
XrResult twoCall(const char* func, uint32_t capacity, uint32_t* count, T* out, const std::vector<T>& values) {
    if (!count) return violation(func, XR_ERROR_VALIDATION_FAILURE, "count output is null");
    *count = uint32_t(values.size());
    if (capacity == 0) return XR_SUCCESS;
    if (capacity < values.size())
        return violation(func, XR_ERROR_SIZE_INSUFFICIENT,
                         "capacity " + std::to_string(capacity) + " < " + std::to_string(values.size()));
    if (!out) return violation(func, XR_ERROR_VALIDATION_FAILURE, "output array is null");
    for (size_t i = 0; i < values.size(); ++i) out[i] = values[i];
    return XR_SUCCESS;
}

// Script time (seconds) of an XrTime.
inline double scriptSeconds(XrTime time) { return double(time - kEpoch) * 1e-9; }

bool blendModeOffered(const Instance& instance, XrEnvironmentBlendMode mode);

// Looks up a live session; a session whose loss was announced answers XR_ERROR_SESSION_LOST.
XrResult lookupSession(const char* func, XrSession handle, Session*& out);
// The session's "now": the last predicted display time handed out (script time 0 before the first frame).
inline XrTime sessionNow(const Session& session) { return session.lastPredicted ? session.lastPredicted : kEpoch; }

// swapchain_api.cpp: frees a swapchain's Vulkan images (waits for the device first).
void destroySwapchainImages(Session& session, Swapchain& swapchain);
// swapchain_api.cpp: copies one submitted view (the swapchain's last released image) to a PNG file.
bool captureView(Session& session, Swapchain& swapchain, const XrSwapchainSubImage& view, const std::string& file);

// Destroys a session and everything it owns (spaces, swapchains with their Vulkan images).
void destroySessionObjects(Session& session);
// Session state machine: moves the session toward what the script and the app ask for at the session's current
// time, queuing one XrEventDataSessionStateChanged per step.
void advanceSessionState(Instance& instance, Session& session);

} // namespace tv::xrsim
