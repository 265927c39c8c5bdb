// Internal to engine/gltf: the state one import carries through its conversion steps (the parsed tinygltf model,
// the caller's caps, the running byte budget, warnings), plus small helpers every step uses to build errors and
// to read tinygltf's untyped extension values without tripping its asserts. One ImportContext per import call,
// used by one thread.
#pragma once

#include "core/expected.h"
#include "core/log.h"
#include "gltf/gltf_import.h"

#include <tiny_gltf.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tv::gltf::detail {

class ImportContext {
public:
    ImportContext(const tinygltf::Model& model, const ImportOptions& options, std::string displayName)
        : m_model(model), m_options(options), m_displayName(std::move(displayName)) {}

    const tinygltf::Model& model() const { return m_model; }
    const ImportOptions& options() const { return m_options; }
    const std::string& displayName() const { return m_displayName; }

    // Charges `bytes` of decoded output (vertex streams, indices, animation keys) against maxTotalBytes. Decoded
    // geometry can be far larger than its source (one accessor shared by many primitives, strips expanded,
    // vertices un-welded), so it has its own running total; without it a small file could ask for terabytes.
    Expected<void> charge(uint64_t bytes, const std::string& what) {
        if (bytes > m_options.maxTotalBytes || m_decodedBytes > m_options.maxTotalBytes - bytes) {
            return makeError(ErrorCode::TooLarge,
                             format("%s: decoded data would exceed maxTotalBytes (%llu bytes)", what.c_str(),
                                    static_cast<unsigned long long>(m_options.maxTotalBytes)));
        }
        m_decodedBytes += bytes;
        return {};
    }

    // Non-fatal problems are logged once per import as "warning: <file>: <message>".
    void warn(const std::string& message) {
        for (const std::string& w : m_warnings)
            if (w == message) return;
        m_warnings.push_back(message);
        logWarn("%s: %s", m_displayName.c_str(), message.c_str());
    }
    const std::vector<std::string>& warnings() const { return m_warnings; }

private:
    const tinygltf::Model& m_model;
    const ImportOptions& m_options;
    std::string m_displayName;
    uint64_t m_decodedBytes = 0;
    std::vector<std::string> m_warnings;
};

// ---- Error helpers -------------------------------------------------------------------------------------------

inline Error parseError(std::string message) { return makeError(ErrorCode::Parse, std::move(message)); }
inline Error boundsError(std::string message) { return makeError(ErrorCode::OutOfBounds, std::move(message)); }

// Propagates a failed Expected<...> from the enclosing function (which must return an Expected).
#define TV_GLTF_TRY(expr)                                                                                              \
    do {                                                                                                               \
        auto tvGltfResult_ = (expr);                                                                                   \
        if (!tvGltfResult_) return tvGltfResult_.error();                                                              \
    } while (0)

// true when 0 <= index < size (index comes from the file, so it may be anything).
inline bool validIndex(int index, size_t size) { return index >= 0 && static_cast<size_t>(index) < size; }

// ---- tinygltf::Value accessors that never assert -------------------------------------------------------------
// tinygltf::Value::Get(key) asserts the value is an object (and Get(i) an array); file contents decide that,
// so every lookup goes through these.

inline const tinygltf::Value* member(const tinygltf::Value& object, const char* key) {
    if (!object.IsObject() || !object.Has(key)) return nullptr;
    return &object.Get(key);
}

inline const tinygltf::Value* extension(const tinygltf::ExtensionMap& extensions, const char* name) {
    auto it = extensions.find(name);
    return it == extensions.end() ? nullptr : &it->second;
}

inline std::optional<double> numberMember(const tinygltf::Value& object, const char* key) {
    const tinygltf::Value* v = member(object, key);
    if (!v || !v->IsNumber()) return std::nullopt;
    return v->GetNumberAsDouble();
}

// An integer-valued member (JSON may write 2 or 2.0); nullopt when absent, not a number or not integral.
inline std::optional<int> intMember(const tinygltf::Value& object, const char* key) {
    const tinygltf::Value* v = member(object, key);
    if (!v || !v->IsNumber()) return std::nullopt;
    if (v->IsInt()) return v->GetNumberAsInt();
    double d = v->GetNumberAsDouble();
    if (!(d >= -2147483648.0 && d <= 2147483647.0) || d != static_cast<double>(static_cast<int>(d)))
        return std::nullopt;
    return static_cast<int>(d);
}

// A numeric array member of exactly n entries; nullopt when absent; false in `ok` when present but malformed.
inline std::optional<std::vector<double>> numberArrayMember(const tinygltf::Value& object, const char* key, size_t n,
                                                            bool& ok) {
    ok = true;
    const tinygltf::Value* v = member(object, key);
    if (!v) return std::nullopt;
    if (!v->IsArray() || v->ArrayLen() != n) {
        ok = false;
        return std::nullopt;
    }
    std::vector<double> out(n);
    for (size_t i = 0; i < n; ++i) {
        const tinygltf::Value& e = v->Get(static_cast<int>(i));
        if (!e.IsNumber()) {
            ok = false;
            return std::nullopt;
        }
        out[i] = e.GetNumberAsDouble();
    }
    return out;
}

} // namespace tv::gltf::detail
