// Typed handles: an index into a slot array plus a generation, so a handle to a destroyed object is detectably
// stale instead of silently aliasing the object that reused its slot. Plain values; any thread may copy them.
#pragma once

#include <cstdint>
#include <functional>

namespace tv {

template <class Tag>
struct Handle {
    uint32_t index = UINT32_MAX;
    uint32_t generation = 0;

    bool isNull() const { return index == UINT32_MAX; }
    explicit operator bool() const { return !isNull(); }
    friend bool operator==(Handle a, Handle b) { return a.index == b.index && a.generation == b.generation; }
    friend bool operator!=(Handle a, Handle b) { return !(a == b); }

    // 64-bit packing for picking buffers, hashing and the wire.
    uint64_t packed() const { return (uint64_t(generation) << 32) | index; }
    static Handle fromPacked(uint64_t v) { return Handle{uint32_t(v & 0xffffffffu), uint32_t(v >> 32)}; }
};

} // namespace tv

template <class Tag>
struct std::hash<tv::Handle<Tag>> {
    size_t operator()(tv::Handle<Tag> h) const noexcept { return std::hash<uint64_t>{}(h.packed()); }
};
