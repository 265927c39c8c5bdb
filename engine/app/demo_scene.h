// The bundled demo twin's scene file (scenes/demo-plant.json), embedded in the binary at build time so `twinview`
// with no arguments works from any directory. Its assets are builtin (generated in code), so nothing else is read.
#pragma once

#include <string_view>

namespace tv::app {

std::string_view demoSceneText();
// The name messages use for it ("scenes/demo-plant.json (built in)").
const char* demoSceneName();

} // namespace tv::app
