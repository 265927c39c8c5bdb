// Internal to engine/gltf: validated reading of glTF accessors. inspectAccessor checks everything about one
// accessor before a byte is read — component type, element type, normalized flag, the bufferView and buffer
// ranges with overflow-safe arithmetic, byteStride and alignment, and the sparse substitution (index order and
// range, both bufferViews) — and returns a description the decoders then follow without further checks.
// Decoders de-interleave and convert: normalized integers per the glTF spec (signed: max(c / MAX, -1)), plain
// integers by value. Accessor min/max are never used. Called by one import on one thread.
#pragma once

#include "core/expected.h"
#include "gltf/import_context.h"

#include <cstdint>
#include <string>
#include <vector>

namespace tv::gltf::detail {

struct AccessorInfo {
    int index = -1;
    int componentType = 0;      // TINYGLTF_COMPONENT_TYPE_*
    uint32_t componentSize = 0; // bytes
    uint32_t components = 0;    // per element: 1..4, or 4/9/16 for MAT2/3/4
    uint32_t rows = 0;          // components per column (matrices) or components (scalars/vectors)
    uint32_t columnBytes = 0;   // byte size of one column including the 4-byte column padding of small matrices
    uint32_t elementSize = 0;   // bytes of one element as stored
    bool normalized = false;
    size_t count = 0;
    const uint8_t* base = nullptr; // first element; nullptr = all zeros (no bufferView)
    uint64_t stride = 0;
    // Sparse substitution (count 0 = none): element sparseIndices[i] is replaced by value i.
    size_t sparseCount = 0;
    const uint8_t* sparseIndices = nullptr;
    int sparseIndexType = 0;
    const uint8_t* sparseValues = nullptr;

    bool isInteger() const;
    const char* typeName() const; // "SCALAR", "VEC3", "MAT4", ...
};

// `what` names the use for messages, e.g. "mesh 0 primitive 1 POSITION". Never reads out of range.
Expected<AccessorInfo> inspectAccessor(const tinygltf::Model& model, int index, const std::string& what);

const char* componentTypeName(int componentType);

// Writes count * components floats to `out`. Precondition: `info` came from inspectAccessor.
void decodeFloats(const AccessorInfo& info, float* out);
// Writes count * components integers; only for non-normalized UNSIGNED_BYTE/SHORT/INT accessors.
void decodeUints(const AccessorInfo& info, uint32_t* out);

// Reads an accessor of `components` components per element into a vector of V (float, vec2, vec3, vec4, mat4,
// whose layout is `components` tightly packed floats), charging the context's byte budget. With requireFinite,
// a NaN or infinity is an error (positions, times, matrices: everything downstream would be poisoned).
template <class V>
Expected<std::vector<V>> readFloatAccessor(ImportContext& ctx, int index, const std::string& what,
                                           bool requireFinite = false);

// Reads a scalar unsigned-integer accessor (indices) or a VEC4 one (joints).
Expected<std::vector<uint32_t>> readUintAccessor(ImportContext& ctx, int index, uint32_t components,
                                                 const std::string& what);

// Reads any float-convertible accessor, whatever its element type; the caller checks info.components.
Expected<std::vector<float>> readFloatsAnyType(ImportContext& ctx, int index, const std::string& what,
                                               AccessorInfo& info, bool requireFinite = false);

} // namespace tv::gltf::detail
