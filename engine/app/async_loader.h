// AsyncLoader — reads a glTF on a worker thread so the window keeps drawing (and shows progress) while a large file
// loads. One load at a time; a new request while one runs is refused with a message. Main thread calls; the worker
// only runs ViewerScene::loadAsset, which touches no shared state.
#pragma once

#include "core/expected.h"
#include "scene/asset.h"

#include <chrono>
#include <future>
#include <optional>
#include <string>

namespace tv::app {

class AsyncLoader {
public:
    ~AsyncLoader();
    // Starts loading `file`; false (and nothing started) when a load is already running.
    bool start(const std::string& file);
    bool busy() const { return m_future.valid(); }
    const std::string& file() const { return m_file; }
    double secondsRunning() const;
    // The finished load, once (then the loader is idle again); nullopt while running or idle.
    std::optional<Expected<scene::AssetPtr>> poll();

private:
    std::future<Expected<scene::AssetPtr>> m_future;
    std::string m_file;
    std::chrono::steady_clock::time_point m_started;
};

} // namespace tv::app
