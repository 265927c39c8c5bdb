#include "gltf/accessor_reader.h"

#include "core/math.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace tv::gltf::detail {

namespace {

using ull = unsigned long long;

uint32_t componentSizeOf(int componentType) {
    switch (componentType) {
    case TINYGLTF_COMPONENT_TYPE_BYTE:
    case TINYGLTF_COMPONENT_TYPE_UNSIGNED_BYTE: return 1;
    case TINYGLTF_COMPONENT_TYPE_SHORT:
    case TINYGLTF_COMPONENT_TYPE_UNSIGNED_SHORT: return 2;
    case TINYGLTF_COMPONENT_TYPE_UNSIGNED_INT:
    case TINYGLTF_COMPONENT_TYPE_FLOAT: return 4;
    default: return 0; // INT, DOUBLE and anything else are not glTF 2.0 accessor types
    }
}

// Overflow-checked a * b + c on 64 bits.
bool mulAdd(uint64_t a, uint64_t b, uint64_t c, uint64_t& out) {
    uint64_t m = 0;
    if (__builtin_mul_overflow(a, b, &m)) return false;
    return !__builtin_add_overflow(m, c, &out);
}

// Checks bufferView `viewIndex` exists and lies inside its buffer; returns the view's first byte.
Expected<const uint8_t*> viewBytes(const tinygltf::Model& model, int viewIndex, const std::string& who) {
    if (!validIndex(viewIndex, model.bufferViews.size()))
        return boundsError(format("%s: bufferView %d does not exist (%zu bufferViews)", who.c_str(), viewIndex,
                                  model.bufferViews.size()));
    const tinygltf::BufferView& view = model.bufferViews[static_cast<size_t>(viewIndex)];
    if (!validIndex(view.buffer, model.buffers.size()))
        return boundsError(format("%s: bufferView %d names buffer %d, which does not exist (%zu buffers)", who.c_str(),
                                  viewIndex, view.buffer, model.buffers.size()));
    const tinygltf::Buffer& buffer = model.buffers[static_cast<size_t>(view.buffer)];
    uint64_t end = 0;
    if (__builtin_add_overflow(static_cast<uint64_t>(view.byteOffset), static_cast<uint64_t>(view.byteLength), &end) ||
        end > buffer.data.size())
        return boundsError(format("%s: bufferView %d range [%llu, %llu) exceeds buffer %d of %zu bytes", who.c_str(),
                                  viewIndex, static_cast<ull>(view.byteOffset),
                                  static_cast<ull>(view.byteOffset) + static_cast<ull>(view.byteLength), view.buffer,
                                  buffer.data.size()));
    return buffer.data.data() + view.byteOffset;
}

template <class T>
T load(const uint8_t* p) {
    T v;
    std::memcpy(&v, p, sizeof(T)); // glTF is little-endian, like every platform we build for
    return v;
}

float componentToFloat(const uint8_t* p, int type, bool normalized) {
    switch (type) {
    case TINYGLTF_COMPONENT_TYPE_BYTE: {
        float v = static_cast<float>(load<int8_t>(p));
        return normalized ? std::max(v / 127.0f, -1.0f) : v;
    }
    case TINYGLTF_COMPONENT_TYPE_UNSIGNED_BYTE: {
        float v = static_cast<float>(load<uint8_t>(p));
        return normalized ? v / 255.0f : v;
    }
    case TINYGLTF_COMPONENT_TYPE_SHORT: {
        float v = static_cast<float>(load<int16_t>(p));
        return normalized ? std::max(v / 32767.0f, -1.0f) : v;
    }
    case TINYGLTF_COMPONENT_TYPE_UNSIGNED_SHORT: {
        float v = static_cast<float>(load<uint16_t>(p));
        return normalized ? v / 65535.0f : v;
    }
    case TINYGLTF_COMPONENT_TYPE_UNSIGNED_INT: return static_cast<float>(load<uint32_t>(p));
    default: return load<float>(p);
    }
}

uint32_t componentToUint(const uint8_t* p, int type) {
    switch (type) {
    case TINYGLTF_COMPONENT_TYPE_UNSIGNED_BYTE: return load<uint8_t>(p);
    case TINYGLTF_COMPONENT_TYPE_UNSIGNED_SHORT: return load<uint16_t>(p);
    default: return load<uint32_t>(p);
    }
}

// Byte offset of component c inside one element (matrix columns of 1- and 2-byte types are 4-byte aligned).
uint32_t componentOffset(const AccessorInfo& info, uint32_t c) {
    return (c / info.rows) * info.columnBytes + (c % info.rows) * info.componentSize;
}

template <class Fn>
void forEachSparse(const AccessorInfo& info, Fn&& fn) {
    const uint32_t indexSize = componentSizeOf(info.sparseIndexType);
    for (size_t i = 0; i < info.sparseCount; ++i) {
        uint32_t target = componentToUint(info.sparseIndices + i * indexSize, info.sparseIndexType);
        fn(static_cast<size_t>(target), info.sparseValues + i * static_cast<uint64_t>(info.elementSize));
    }
}

} // namespace

const char* componentTypeName(int componentType) {
    switch (componentType) {
    case TINYGLTF_COMPONENT_TYPE_BYTE: return "BYTE";
    case TINYGLTF_COMPONENT_TYPE_UNSIGNED_BYTE: return "UNSIGNED_BYTE";
    case TINYGLTF_COMPONENT_TYPE_SHORT: return "SHORT";
    case TINYGLTF_COMPONENT_TYPE_UNSIGNED_SHORT: return "UNSIGNED_SHORT";
    case TINYGLTF_COMPONENT_TYPE_INT: return "INT";
    case TINYGLTF_COMPONENT_TYPE_UNSIGNED_INT: return "UNSIGNED_INT";
    case TINYGLTF_COMPONENT_TYPE_FLOAT: return "FLOAT";
    case TINYGLTF_COMPONENT_TYPE_DOUBLE: return "DOUBLE";
    default: return "unknown";
    }
}

bool AccessorInfo::isInteger() const { return componentType != TINYGLTF_COMPONENT_TYPE_FLOAT; }

const char* AccessorInfo::typeName() const {
    if (rows != components) return components == 4 ? "MAT2" : components == 9 ? "MAT3" : "MAT4";
    switch (components) {
    case 1: return "SCALAR";
    case 2: return "VEC2";
    case 3: return "VEC3";
    default: return "VEC4";
    }
}

Expected<AccessorInfo> inspectAccessor(const tinygltf::Model& model, int index, const std::string& what) {
    if (!validIndex(index, model.accessors.size()))
        return boundsError(
            format("%s: accessor %d does not exist (%zu accessors)", what.c_str(), index, model.accessors.size()));
    const tinygltf::Accessor& acc = model.accessors[static_cast<size_t>(index)];
    const std::string who = format("accessor %d (%s)", index, what.c_str());

    AccessorInfo info;
    info.index = index;
    info.componentType = acc.componentType;
    info.componentSize = componentSizeOf(acc.componentType);
    if (info.componentSize == 0)
        return parseError(format("%s: componentType %d (%s) is not allowed in glTF 2.0", who.c_str(), acc.componentType,
                                 componentTypeName(acc.componentType)));
    switch (acc.type) {
    case TINYGLTF_TYPE_SCALAR: info.components = info.rows = 1; break;
    case TINYGLTF_TYPE_VEC2: info.components = info.rows = 2; break;
    case TINYGLTF_TYPE_VEC3: info.components = info.rows = 3; break;
    case TINYGLTF_TYPE_VEC4: info.components = info.rows = 4; break;
    case TINYGLTF_TYPE_MAT2:
        info.components = 4;
        info.rows = 2;
        break;
    case TINYGLTF_TYPE_MAT3:
        info.components = 9;
        info.rows = 3;
        break;
    case TINYGLTF_TYPE_MAT4:
        info.components = 16;
        info.rows = 4;
        break;
    default: return parseError(format("%s: unknown element type %d", who.c_str(), acc.type));
    }
    info.columnBytes = info.rows * info.componentSize;
    if (info.rows != info.components) info.columnBytes = (info.columnBytes + 3u) & ~3u;
    info.elementSize = info.columnBytes * (info.components / info.rows);
    info.normalized = acc.normalized;
    if (info.normalized && (acc.componentType == TINYGLTF_COMPONENT_TYPE_FLOAT ||
                            acc.componentType == TINYGLTF_COMPONENT_TYPE_UNSIGNED_INT))
        return parseError(format("%s: normalized is not allowed for %s components", who.c_str(),
                                 componentTypeName(acc.componentType)));
    info.count = acc.count;
    if (info.count == 0) return parseError(format("%s: count is 0 (must be at least 1)", who.c_str()));

    if (acc.bufferView >= 0) {
        auto view = viewBytes(model, acc.bufferView, who);
        if (!view) return view.error();
        const tinygltf::BufferView& bv = model.bufferViews[static_cast<size_t>(acc.bufferView)];
        info.stride = bv.byteStride != 0 ? bv.byteStride : info.elementSize;
        if (bv.byteStride != 0 && bv.byteStride < info.elementSize)
            return parseError(format("%s: bufferView %d byteStride %zu is smaller than the element size %u (%s %s)",
                                     who.c_str(), acc.bufferView, bv.byteStride, info.elementSize, info.typeName(),
                                     componentTypeName(acc.componentType)));
        if (info.stride % info.componentSize != 0)
            return parseError(format("%s: byteStride %llu is not a multiple of the component size %u", who.c_str(),
                                     static_cast<ull>(info.stride), info.componentSize));
        if ((static_cast<uint64_t>(bv.byteOffset) + acc.byteOffset) % info.componentSize != 0)
            return parseError(format("%s: data offset %llu (bufferView %llu + accessor %llu) is not aligned to the "
                                     "%u-byte component size",
                                     who.c_str(), static_cast<ull>(bv.byteOffset) + static_cast<ull>(acc.byteOffset),
                                     static_cast<ull>(bv.byteOffset), static_cast<ull>(acc.byteOffset),
                                     info.componentSize));
        uint64_t end = 0;
        if (!mulAdd(static_cast<uint64_t>(info.count - 1), info.stride, static_cast<uint64_t>(info.elementSize), end) ||
            __builtin_add_overflow(end, static_cast<uint64_t>(acc.byteOffset), &end) || end > bv.byteLength)
            return boundsError(format("%s: %zu elements of %u bytes (stride %llu) from byteOffset %zu exceed "
                                      "bufferView %d of %zu bytes",
                                      who.c_str(), info.count, info.elementSize, static_cast<ull>(info.stride),
                                      acc.byteOffset, acc.bufferView, bv.byteLength));
        info.base = *view + acc.byteOffset;
    } else if (acc.byteOffset != 0) {
        return parseError(format("%s: byteOffset %zu without a bufferView", who.c_str(), acc.byteOffset));
    }

    if (acc.sparse.isSparse) {
        const auto& sp = acc.sparse;
        if (sp.count < 1 || static_cast<size_t>(sp.count) > info.count)
            return parseError(format("%s: sparse count %d must be in [1, %zu]", who.c_str(), sp.count, info.count));
        info.sparseCount = static_cast<size_t>(sp.count);
        info.sparseIndexType = sp.indices.componentType;
        if (sp.indices.componentType != TINYGLTF_COMPONENT_TYPE_UNSIGNED_BYTE &&
            sp.indices.componentType != TINYGLTF_COMPONENT_TYPE_UNSIGNED_SHORT &&
            sp.indices.componentType != TINYGLTF_COMPONENT_TYPE_UNSIGNED_INT)
            return parseError(format("%s: sparse indices componentType %d (%s) must be an unsigned integer type",
                                     who.c_str(), sp.indices.componentType,
                                     componentTypeName(sp.indices.componentType)));
        const uint32_t indexSize = componentSizeOf(sp.indices.componentType);
        struct Part {
            const char* name;
            int view;
            int offset;
            uint64_t itemSize;
            uint32_t align;
            const uint8_t** out;
        };
        Part parts[2] = {
            {"indices", sp.indices.bufferView, sp.indices.byteOffset, indexSize, indexSize, &info.sparseIndices},
            {"values", sp.values.bufferView, sp.values.byteOffset, info.elementSize, info.componentSize,
             &info.sparseValues}};
        for (Part& part : parts) {
            const std::string partWho = who + " sparse " + part.name;
            auto view = viewBytes(model, part.view, partWho);
            if (!view) return view.error();
            const tinygltf::BufferView& bv = model.bufferViews[static_cast<size_t>(part.view)];
            if (part.offset < 0) return parseError(format("%s: negative byteOffset %d", partWho.c_str(), part.offset));
            uint64_t end = 0;
            if (!mulAdd(info.sparseCount, part.itemSize, static_cast<uint64_t>(part.offset), end) ||
                end > bv.byteLength)
                return boundsError(format("%s: %zu items of %llu bytes from byteOffset %d exceed bufferView %d of %zu "
                                          "bytes",
                                          partWho.c_str(), info.sparseCount, static_cast<ull>(part.itemSize),
                                          part.offset, part.view, bv.byteLength));
            if ((bv.byteOffset + static_cast<uint64_t>(part.offset)) % part.align != 0)
                return parseError(
                    format("%s: data is not aligned to the %u-byte component size", partWho.c_str(), part.align));
            *part.out = *view + part.offset;
        }
        // Indices must be strictly increasing and inside the accessor: checked here so decoders may write blindly.
        uint64_t previous = 0;
        for (size_t i = 0; i < info.sparseCount; ++i) {
            uint64_t target = componentToUint(info.sparseIndices + i * indexSize, info.sparseIndexType);
            if (target >= info.count)
                return boundsError(format("%s: sparse index %llu (entry %zu) is out of range for count %zu",
                                          who.c_str(), static_cast<ull>(target), i, info.count));
            if (i > 0 && target <= previous)
                return parseError(format("%s: sparse indices are not strictly increasing (entry %zu: %llu after %llu)",
                                         who.c_str(), i, static_cast<ull>(target), static_cast<ull>(previous)));
            previous = target;
        }
    }
    return info;
}

void decodeFloats(const AccessorInfo& info, float* out) {
    const size_t n = info.count;
    const uint32_t nc = info.components;
    if (!info.base) {
        std::memset(out, 0, n * nc * sizeof(float));
    } else if (info.componentType == TINYGLTF_COMPONENT_TYPE_FLOAT && info.stride == info.elementSize &&
               info.rows == info.components) {
        std::memcpy(out, info.base, n * info.elementSize);
    } else {
        for (size_t i = 0; i < n; ++i) {
            const uint8_t* e = info.base + i * info.stride;
            for (uint32_t c = 0; c < nc; ++c)
                out[i * nc + c] = componentToFloat(e + componentOffset(info, c), info.componentType, info.normalized);
        }
    }
    forEachSparse(info, [&](size_t target, const uint8_t* value) {
        for (uint32_t c = 0; c < nc; ++c)
            out[target * nc + c] =
                componentToFloat(value + componentOffset(info, c), info.componentType, info.normalized);
    });
}

void decodeUints(const AccessorInfo& info, uint32_t* out) {
    const size_t n = info.count;
    const uint32_t nc = info.components;
    if (!info.base) {
        std::memset(out, 0, n * nc * sizeof(uint32_t));
    } else {
        for (size_t i = 0; i < n; ++i) {
            const uint8_t* e = info.base + i * info.stride;
            for (uint32_t c = 0; c < nc; ++c)
                out[i * nc + c] = componentToUint(e + componentOffset(info, c), info.componentType);
        }
    }
    forEachSparse(info, [&](size_t target, const uint8_t* value) {
        for (uint32_t c = 0; c < nc; ++c)
            out[target * nc + c] = componentToUint(value + componentOffset(info, c), info.componentType);
    });
}

namespace {

// Charges count * bytesPerElement of output against the import's budget (before allocating it).
Expected<void> chargeOutput(ImportContext& ctx, const AccessorInfo& info, uint64_t bytesPerElement,
                            const std::string& what) {
    uint64_t bytes = 0;
    if (!mulAdd(info.count, bytesPerElement, 0, bytes))
        return makeError(ErrorCode::TooLarge, format("accessor %d (%s): size overflows", info.index, what.c_str()));
    return ctx.charge(bytes, format("accessor %d (%s)", info.index, what.c_str()));
}

// Decodes into `out` (count * components floats), optionally refusing NaN and infinities.
Expected<void> decodeChecked(const AccessorInfo& info, float* out, bool requireFinite, const std::string& what) {
    decodeFloats(info, out);
    if (!requireFinite) return {};
    const size_t n = info.count * info.components;
    for (size_t i = 0; i < n; ++i)
        if (!std::isfinite(out[i]))
            return parseError(format("accessor %d (%s): element %zu component %zu is not finite", info.index,
                                     what.c_str(), i / info.components, i % info.components));
    return {};
}

} // namespace

Expected<std::vector<float>> readFloatsAnyType(ImportContext& ctx, int index, const std::string& what,
                                               AccessorInfo& info, bool requireFinite) {
    auto inspected = inspectAccessor(ctx.model(), index, what);
    if (!inspected) return inspected.error();
    info = *inspected;
    TV_GLTF_TRY(chargeOutput(ctx, info, static_cast<uint64_t>(info.components) * sizeof(float), what));
    std::vector<float> out(info.count * info.components);
    TV_GLTF_TRY(decodeChecked(info, out.data(), requireFinite, what));
    return out;
}

template <class V>
Expected<std::vector<V>> readFloatAccessor(ImportContext& ctx, int index, const std::string& what, bool requireFinite) {
    constexpr uint32_t kComponents = sizeof(V) / sizeof(float);
    auto info = inspectAccessor(ctx.model(), index, what);
    if (!info) return info.error();
    if (info->components != kComponents)
        return parseError(format("accessor %d (%s): element type %s has %u components, expected %u", index,
                                 what.c_str(), info->typeName(), info->components, kComponents));
    TV_GLTF_TRY(chargeOutput(ctx, *info, sizeof(V), what));
    std::vector<V> out(info->count);
    // V is kComponents tightly packed floats (static_asserts below), so it can be filled as a float array.
    TV_GLTF_TRY(decodeChecked(*info, reinterpret_cast<float*>(out.data()), requireFinite, what));
    return out;
}

static_assert(sizeof(vec2) == 2 * sizeof(float) && sizeof(vec3) == 3 * sizeof(float) &&
              sizeof(vec4) == 4 * sizeof(float) && sizeof(mat4) == 16 * sizeof(float));
template Expected<std::vector<float>> readFloatAccessor<float>(ImportContext&, int, const std::string&, bool);
template Expected<std::vector<vec2>> readFloatAccessor<vec2>(ImportContext&, int, const std::string&, bool);
template Expected<std::vector<vec3>> readFloatAccessor<vec3>(ImportContext&, int, const std::string&, bool);
template Expected<std::vector<vec4>> readFloatAccessor<vec4>(ImportContext&, int, const std::string&, bool);
template Expected<std::vector<mat4>> readFloatAccessor<mat4>(ImportContext&, int, const std::string&, bool);

Expected<std::vector<uint32_t>> readUintAccessor(ImportContext& ctx, int index, uint32_t components,
                                                 const std::string& what) {
    auto info = inspectAccessor(ctx.model(), index, what);
    if (!info) return info.error();
    if (info->components != components || info->rows != components)
        return parseError(format("accessor %d (%s): element type %s, expected %s", index, what.c_str(),
                                 info->typeName(), components == 1 ? "SCALAR" : "VEC4"));
    if (info->normalized || (info->componentType != TINYGLTF_COMPONENT_TYPE_UNSIGNED_BYTE &&
                             info->componentType != TINYGLTF_COMPONENT_TYPE_UNSIGNED_SHORT &&
                             info->componentType != TINYGLTF_COMPONENT_TYPE_UNSIGNED_INT))
        return parseError(format("accessor %d (%s): componentType %s%s, expected an unsigned integer type", index,
                                 what.c_str(), info->normalized ? "normalized " : "",
                                 componentTypeName(info->componentType)));
    TV_GLTF_TRY(chargeOutput(ctx, *info, static_cast<uint64_t>(components) * sizeof(uint32_t), what));
    std::vector<uint32_t> out(info->count * components);
    decodeUints(*info, out.data());
    return out;
}

} // namespace tv::gltf::detail
