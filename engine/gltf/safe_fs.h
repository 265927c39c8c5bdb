// Internal to engine/gltf: confined file access for one import. tinygltf resolves every external URI by joining
// it to the base directory (and, as a fallback, to "."), then calls our FsCallbacks; those callbacks accept only
// paths inside the asset's folder: no absolute URIs, no ".." components, no symlink that resolves outside, and
// no file larger than the caps. The first violation is remembered so the import fails with that cause rather
// than with tinygltf's generic "File not found". One SafeFs per import call, used by one thread.
#pragma once

#include "core/expected.h"
#include "gltf/gltf_import.h"

#include <tiny_gltf.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace tv::gltf::detail {

// Reads a whole regular file, refusing it when it is larger than maxBytes (checked on the open descriptor before
// anything is allocated). Used for the main .gltf/.glb too.
Expected<std::vector<uint8_t>> readFileCapped(const std::filesystem::path& path, uint64_t maxBytes);

class SafeFs {
public:
    // `baseDir` empty: every external URI is refused (in-memory imports without a folder).
    SafeFs(const std::filesystem::path& baseDir, const ImportOptions& options);

    // The directory string to hand tinygltf as base_dir (canonical, so the prefix test below is exact).
    const std::string& baseDirString() const { return m_root; }

    tinygltf::FsCallbacks callbacks();

    // A hard failure (escape attempt, file over the cap) seen during the load; it outranks tinygltf's message.
    const std::optional<Error>& violation() const { return m_violation; }
    // The last URI that named no existing file, for a better message when tinygltf fails on a missing buffer.
    const std::string& lastMissing() const { return m_lastMissing; }
    uint64_t bytesRead() const { return m_bytesRead; }
    // A data: URI tinygltf could not decode (a media type it does not know); such a URI is never a file path.
    bool sawUndecodableDataUri() const { return m_undecodableDataUri; }

private:
    static bool fileExists(const std::string& path, void* self);
    static std::string expandFilePath(const std::string& path, void* self);
    static bool readWholeFile(std::vector<unsigned char>* out, std::string* err, const std::string& path, void* self);
    static bool writeWholeFile(std::string* err, const std::string& path, const std::vector<unsigned char>& data,
                               void* self);

    // Maps a path tinygltf built back to the URI it came from and checks it; returns the resolved file or nullopt
    // (recording why when the URI itself is the problem).
    std::optional<std::filesystem::path> resolve(const std::string& joinedPath, bool record);
    void recordViolation(ErrorCode code, std::string message);

    std::string m_root;        // canonical base directory, empty = no external files
    std::string m_missingBase; // the base directory the caller named when it does not exist
    std::string m_prefix;      // m_root with exactly one trailing '/'
    const ImportOptions& m_options;
    std::optional<Error> m_violation;
    std::string m_lastMissing;
    uint64_t m_bytesRead = 0;
    bool m_undecodableDataUri = false;
};

// A URI as quoted in messages: at most ~120 characters (data URIs and hostile names can be megabytes).
std::string quoteUri(const std::string& uri);

} // namespace tv::gltf::detail
