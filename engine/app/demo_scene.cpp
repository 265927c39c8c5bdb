#include "app/demo_scene.h"

namespace tv::app {

// demoSceneText() is generated from scenes/demo-plant.json (cmake/TvEmbedText.cmake).
const char* demoSceneName() { return "scenes/demo-plant.json (built in)"; }

} // namespace tv::app
