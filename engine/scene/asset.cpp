#include "scene/asset.h"

#include <atomic>

namespace tv::scene {
uint64_t nextAssetId() {
    static std::atomic<uint64_t> counter{0};
    return ++counter;
}
} // namespace tv::scene
