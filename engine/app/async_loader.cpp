#include "app/async_loader.h"

#include "app/viewer_scene.h"

namespace tv::app {

AsyncLoader::~AsyncLoader() {
    if (m_future.valid()) m_future.wait(); // never leave a worker writing into a destroyed future
}

bool AsyncLoader::start(const std::string& file) {
    if (m_future.valid()) return false;
    m_file = file;
    m_started = std::chrono::steady_clock::now();
    m_future = std::async(std::launch::async, [file] { return ViewerScene::loadAsset(file, true); });
    return true;
}

double AsyncLoader::secondsRunning() const {
    return m_future.valid() ? std::chrono::duration<double>(std::chrono::steady_clock::now() - m_started).count() : 0.0;
}

std::optional<Expected<scene::AssetPtr>> AsyncLoader::poll() {
    if (!m_future.valid() || m_future.wait_for(std::chrono::seconds(0)) != std::future_status::ready)
        return std::nullopt;
    return m_future.get();
}

} // namespace tv::app
