// Handle registry, violation log, paths and the report file of the simulated runtime (see runtime.h).
#include "runtime.h"

#include <openxr/openxr_reflection.h>

#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <fstream>

namespace tv::xrsim {

Runtime& Runtime::get() {
    static Runtime runtime;
    return runtime;
}

uint64_t Runtime::add(std::unique_ptr<Object> object) {
    const uint64_t handle = ++m_nextHandle;
    object->handle = handle;
    m_objects.emplace(handle, std::move(object));
    return handle;
}

void Runtime::remove(uint64_t handle) { m_objects.erase(handle); }

void Runtime::writeReport() const {
    const char* path = std::getenv("TV_XRSIM_REPORT");
    if (!path || !*path) return;
    nlohmann::json violations = nlohmann::json::object();
    uint64_t total = 0;
    for (const auto& [name, count] : m_report.violations) {
        violations[name] = count;
        total += count;
    }
    const nlohmann::json report{{"frames", m_report.frames},   {"violations", violations},
                                {"violationsTotal", total},    {"eventsSent", m_report.eventsSent},
                                {"haptics", m_report.haptics}, {"captures", m_report.captures}};
    std::ofstream file(path);
    file << report.dump(2) << "\n";
    if (!file) std::fprintf(stderr, "twinview-xrsim: cannot write report %s\n", path);
}

const char* resultName(XrResult result) {
    switch (result) {
#define TV_XRSIM_RESULT_CASE(name, value)                                                                              \
    case name: return #name;
        XR_LIST_ENUM_XrResult(TV_XRSIM_RESULT_CASE)
#undef TV_XRSIM_RESULT_CASE
            default : return nullptr;
    }
}

XrResult violation(const char* func, XrResult result, const std::string& message) {
    const char* name = resultName(result);
    const std::string kind = name ? name : std::to_string(int(result));
    std::fprintf(stderr, "twinview-xrsim: %s: %s (%s)\n", func, message.c_str(), kind.c_str());
    Runtime::get().report().violations[kind] += 1;
    return result;
}

bool validPathString(const std::string& path) {
    // OpenXR path rules: starts with '/', segments of [a-z0-9-_.] separated by single '/', no trailing '/',
    // no segment made only of dots.
    if (path.size() < 2 || path.size() >= XR_MAX_PATH_LENGTH || path[0] != '/' || path.back() == '/') return false;
    size_t segmentStart = 1;
    for (size_t i = 1; i <= path.size(); ++i) {
        if (i == path.size() || path[i] == '/') {
            const std::string segment = path.substr(segmentStart, i - segmentStart);
            if (segment.empty() || segment.find_first_not_of('.') == std::string::npos) return false;
            segmentStart = i + 1;
            continue;
        }
        const char c = path[i];
        const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
        if (!ok) return false;
    }
    return true;
}

XrPath internPath(Instance& instance, const std::string& path) {
    if (!validPathString(path)) return XR_NULL_PATH;
    auto it = instance.pathIds.find(path);
    if (it != instance.pathIds.end()) return it->second;
    instance.paths.push_back(path);
    const XrPath id = instance.paths.size();
    instance.pathIds.emplace(path, id);
    return id;
}

const std::string* pathString(const Instance& instance, XrPath path) {
    if (path == XR_NULL_PATH || path > instance.paths.size()) return nullptr;
    return &instance.paths[path - 1];
}

} // namespace tv::xrsim

namespace tv::xrsim {

XrResult checkStruct(const char* func, const void* structure, XrStructureType expected, const char* what) {
    if (!structure) return violation(func, XR_ERROR_VALIDATION_FAILURE, std::string(what) + " is null");
    const auto* header = static_cast<const XrBaseInStructure*>(structure);
    if (header->type != expected)
        return violation(func, XR_ERROR_VALIDATION_FAILURE,
                         std::string(what) + " has type " + std::to_string(int(header->type)) + ", expected " +
                             std::to_string(int(expected)));
    return XR_SUCCESS;
}

} // namespace tv::xrsim
