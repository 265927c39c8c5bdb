#include "gltf/safe_fs.h"

#include "core/log.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace tv::gltf::detail {

namespace fs = std::filesystem;

Expected<std::vector<uint8_t>> readFileCapped(const fs::path& path, uint64_t maxBytes) {
    // O_NOFOLLOW is not used here: the main file may legitimately be reached through a symlink; confinement
    // applies to what the file references, which SafeFs resolves itself.
    // O_NONBLOCK: opening a FIFO must not hang the loader; regular files ignore the flag.
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
        int e = errno;
        return makeError(e == ENOENT ? ErrorCode::NotFound : ErrorCode::Io,
                         format("cannot open '%s': %s", path.c_str(), std::strerror(e)));
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        return makeError(ErrorCode::Io, format("'%s' is not a regular file", path.c_str()));
    }
    uint64_t size = static_cast<uint64_t>(st.st_size);
    if (size > maxBytes) {
        ::close(fd);
        return makeError(ErrorCode::TooLarge,
                         format("'%s' is %llu bytes, over maxFileBytes (%llu)", path.c_str(),
                                static_cast<unsigned long long>(size), static_cast<unsigned long long>(maxBytes)));
    }
    std::vector<uint8_t> data(static_cast<size_t>(size));
    size_t done = 0;
    while (done < data.size()) {
        ssize_t n = ::read(fd, data.data() + done, data.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            ::close(fd);
            return makeError(ErrorCode::Io,
                             format("read error on '%s' after %zu of %zu bytes", path.c_str(), done, data.size()));
        }
        done += static_cast<size_t>(n);
    }
    ::close(fd);
    return data;
}

std::string quoteUri(const std::string& uri) {
    constexpr size_t kMax = 120;
    return uri.size() <= kMax ? uri : uri.substr(0, kMax) + format("... (%zu characters)", uri.size());
}

SafeFs::SafeFs(const fs::path& baseDir, const ImportOptions& options) : m_options(options) {
    if (baseDir.empty()) return;
    std::error_code ec;
    fs::path canonical = fs::canonical(baseDir, ec);
    if (ec) { // no usable folder: every external URI is refused, naming the folder
        m_missingBase = baseDir.string();
        return;
    }
    m_root = canonical.string();
    m_prefix = m_root;
    if (m_prefix.empty() || m_prefix.back() != '/') m_prefix.push_back('/');
}

tinygltf::FsCallbacks SafeFs::callbacks() {
    tinygltf::FsCallbacks cb{};
    cb.FileExists = &SafeFs::fileExists;
    cb.ExpandFilePath = &SafeFs::expandFilePath;
    cb.ReadWholeFile = &SafeFs::readWholeFile;
    cb.WriteWholeFile = &SafeFs::writeWholeFile;
    cb.user_data = this;
    return cb;
}

void SafeFs::recordViolation(ErrorCode code, std::string message) {
    if (!m_violation) m_violation = makeError(code, std::move(message));
}

std::optional<fs::path> SafeFs::resolve(const std::string& joinedPath, bool record) {
    // tinygltf asks for JoinPath(base_dir, uri) first and JoinPath(".", uri) second; only the first is ours to
    // judge (the second is a working-directory fallback we never allow).
    if (m_root.empty()) {
        if (joinedPath.rfind("data:", 0) == 0) {
            m_undecodableDataUri = true;
        } else if (record && joinedPath.rfind("./", 0) != 0) {
            recordViolation(ErrorCode::InvalidArgument,
                            m_missingBase.empty()
                                ? format("external uri '%s' is not allowed: in-memory import has no base directory",
                                         quoteUri(joinedPath).c_str())
                                : format("external uri '%s' cannot be read: base directory '%s' does not exist",
                                         quoteUri(joinedPath).c_str(), m_missingBase.c_str()));
        }
        return std::nullopt;
    }
    if (joinedPath.size() <= m_prefix.size() || joinedPath.compare(0, m_prefix.size(), m_prefix) != 0)
        return std::nullopt;
    std::string uri = joinedPath.substr(m_prefix.size());
    if (uri.rfind("data:", 0) == 0) { // tinygltf only decodes some media types; the rest arrive here
        m_undecodableDataUri = true;
        return std::nullopt;
    }

    auto reject = [&](const char* why) -> std::optional<fs::path> {
        if (record)
            recordViolation(ErrorCode::InvalidArgument, format("uri '%s' rejected: %s", quoteUri(uri).c_str(), why));
        return std::nullopt;
    };
    if (uri.find('\0') != std::string::npos) return reject("contains a NUL character");
    if (uri.front() == '/') return reject("absolute paths are not allowed");
    if (uri.find('\\') != std::string::npos) return reject("backslashes are not allowed");
    if (uri.find(':') != std::string::npos && uri.find(':') < uri.find('/'))
        return reject("only relative paths and data URIs are supported (scheme found)");
    size_t start = 0;
    while (start <= uri.size()) {
        size_t end = uri.find('/', start);
        if (end == std::string::npos) end = uri.size();
        if (uri.compare(start, end - start, "..") == 0 && end - start == 2)
            return reject("'..' escapes the asset folder");
        start = end + 1;
    }

    fs::path full = fs::path(m_prefix) / fs::path(uri);
    std::error_code ec;
    fs::path real = fs::weakly_canonical(full, ec);
    if (ec) return std::nullopt;
    const std::string realStr = real.string();
    if (realStr.size() <= m_prefix.size() || realStr.compare(0, m_prefix.size(), m_prefix) != 0)
        return reject("resolves (through a symlink) outside the asset folder");
    return real;
}

bool SafeFs::fileExists(const std::string& path, void* self) {
    auto* me = static_cast<SafeFs*>(self);
    auto resolved = me->resolve(path, /*record=*/true);
    if (!resolved) return false;
    std::error_code ec;
    if (!fs::is_regular_file(*resolved, ec)) {
        me->m_lastMissing = quoteUri(path.substr(me->m_prefix.size()));
        return false;
    }
    return true;
}

std::string SafeFs::expandFilePath(const std::string& path, void*) {
    return path; // no "~" or environment expansion: a file must not choose where it is read from
}

bool SafeFs::readWholeFile(std::vector<unsigned char>* out, std::string* err, const std::string& path, void* self) {
    auto* me = static_cast<SafeFs*>(self);
    auto resolved = me->resolve(path, /*record=*/true);
    if (!resolved) {
        if (err) *err += "access denied";
        return false;
    }
    uint64_t cap = me->m_options.maxFileBytes;
    uint64_t totalLeft =
        me->m_options.maxTotalBytes > me->m_bytesRead ? me->m_options.maxTotalBytes - me->m_bytesRead : 0;
    auto data = readFileCapped(*resolved, std::min(cap, totalLeft));
    if (!data) {
        std::string uri = quoteUri(path.substr(me->m_prefix.size()));
        if (data.error().code == ErrorCode::TooLarge) {
            me->recordViolation(ErrorCode::TooLarge, format("file '%s' is over the %s cap", uri.c_str(),
                                                            cap <= totalLeft ? "maxFileBytes" : "maxTotalBytes"));
        } else {
            me->recordViolation(data.error().code, format("uri '%s': %s", uri.c_str(), data.error().message.c_str()));
        }
        if (err) *err += data.error().message;
        return false;
    }
    me->m_bytesRead += data->size();
    *out = std::move(*data); // std::vector<uint8_t> is std::vector<unsigned char>: no copy
    return true;
}

bool SafeFs::writeWholeFile(std::string* err, const std::string&, const std::vector<unsigned char>&, void*) {
    if (err) *err += "writing is not supported by the importer";
    return false;
}

} // namespace tv::gltf::detail
