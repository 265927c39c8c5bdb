// Access to the SPIR-V compiled from shaders/*.vert|frag|comp at build time and embedded in the binary.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace tv::shaders {
// Returns the SPIR-V words of a shader by file name ("pbr.frag"); empty if there is no such shader.
std::span<const uint32_t> find(std::string_view name);
} // namespace tv::shaders
