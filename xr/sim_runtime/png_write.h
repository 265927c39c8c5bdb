// PNG output for captured eye images of the simulated runtime (RGBA8, row 0 at the top, alpha kept).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace tv::xrsim {

bool writeRgbaPng(const std::string& path, uint32_t width, uint32_t height, const std::vector<uint8_t>& rgba);

} // namespace tv::xrsim
