// Helpers for the session tests: a private temp directory and assertions that print an Error's message.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

// Asserts an Expected holds a value; otherwise fails the test with the error's message.
#define TV_ASSERT_OK(expr)                                                                                             \
    do {                                                                                                               \
        const auto& tvOkResult_ = (expr);                                                                              \
        ASSERT_TRUE(tvOkResult_.hasValue()) << #expr << ": " << tvOkResult_.error().message;                           \
    } while (0)

namespace tv::test {

// A private directory under /tmp for one test, removed with everything in it when the test ends.

class TempDir {
public:
    TempDir() {
        std::string pattern = "/tmp/tv_session_test_XXXXXX";
        if (mkdtemp(pattern.data()) == nullptr) ADD_FAILURE() << "mkdtemp failed for " << pattern;
        m_path = pattern;
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(m_path, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::filesystem::path& path() const { return m_path; }
    std::string file(const std::string& name) const { return (m_path / name).string(); }

private:
    std::filesystem::path m_path;
};

} // namespace tv::test
