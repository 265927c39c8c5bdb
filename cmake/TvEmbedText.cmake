# Writes OUT, a C++ source defining `std::string_view FUNCTION()` in namespace NAMESPACE that returns the contents
# of IN. Run as `cmake -DIN=... -DOUT=... -DNAMESPACE=... -DFUNCTION=... -P TvEmbedText.cmake` (a build step, so the
# text is re-embedded whenever IN changes).
file(READ "${IN}" content)
string(FIND "${content}" ")tvtext\"" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "${IN} contains the raw-string delimiter )tvtext\"")
endif()
file(WRITE "${OUT}.tmp" "// Generated from ${IN} by cmake/TvEmbedText.cmake; do not edit.\n#include <string_view>\nnamespace ${NAMESPACE} {\nstd::string_view ${FUNCTION}() {\n    static constexpr std::string_view text = R\"tvtext(${content})tvtext\";\n    return text;\n}\n} // namespace ${NAMESPACE}\n")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUT}.tmp")
