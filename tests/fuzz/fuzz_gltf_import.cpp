// libFuzzer harness for the glTF importer: every input is imported from memory with no base directory (so no
// file is ever opened) and small caps (so the fuzzer explores parsing and validation, not allocation of the
// defaults' gigabytes). Any crash, sanitizer report, hang or leak is a bug; an Error result is the expected
// outcome for almost every input. See README.md for the build and run commands.
#include "core/log.h"
#include "gltf/gltf_import.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static const bool quiet = [] {
        tv::setLogLevel(tv::LogLevel::Off); // warnings for every input would drown the fuzzer's own output
        return true;
    }();
    (void)quiet;

    tv::gltf::ImportOptions options;
    options.maxFileBytes = 4u << 20;
    options.maxTotalBytes = 64u << 20;
    options.maxImageDimension = 1024;
    options.maxVertexCount = 1u << 20;
    auto result = tv::gltf::importGltfFromMemory(std::span<const uint8_t>(data, size), {}, "fuzz-input", options);
    if (result) {
        // Touch the result so the sanitizers see every stream the importer claims to have filled.
        const tv::scene::Asset& a = **result;
        volatile size_t sink = 0;
        for (const auto& mesh : a.meshes)
            for (const auto& p : mesh.primitives)
                for (uint32_t i : p.indices) sink = sink + static_cast<size_t>(p.positions[i].x != 0.0f);
        (void)sink;
    }
    return 0;
}
