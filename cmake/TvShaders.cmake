# tv_add_shaders(<target> <shader files...>)
# Compiles GLSL to SPIR-V with glslc at build time (with depfiles, so #include changes rebuild) and embeds the
# words in a static library. Look shaders up at run time with tv::shaders::find("pbr.frag").
function(tv_add_shaders target)
  set(generated)
  set(names)
  foreach(src IN LISTS ARGN)
    get_filename_component(fname ${src} NAME)
    string(MAKE_C_IDENTIFIER ${fname} ident)
    set(spv ${CMAKE_CURRENT_BINARY_DIR}/${fname}.spv)
    set(cpp ${CMAKE_CURRENT_BINARY_DIR}/${fname}.spv.cpp)
    add_custom_command(
      OUTPUT ${spv}
      COMMAND ${GLSLC} --target-env=vulkan1.3 -O -g -I ${CMAKE_CURRENT_SOURCE_DIR} -I ${PROJECT_SOURCE_DIR}/engine
              -MD -MF ${spv}.d -o ${spv} ${CMAKE_CURRENT_SOURCE_DIR}/${src}
      DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/${src}
      DEPFILE ${spv}.d
      COMMENT "glslc ${src}"
      VERBATIM)
    add_custom_command(
      OUTPUT ${cpp}
      COMMAND ${CMAKE_COMMAND} -DSPV=${spv} -DOUT=${cpp} -DIDENT=${ident} -DNAME=${fname}
              -P ${PROJECT_SOURCE_DIR}/cmake/EmbedSpirv.cmake
      DEPENDS ${spv} ${PROJECT_SOURCE_DIR}/cmake/EmbedSpirv.cmake
      VERBATIM)
    list(APPEND generated ${cpp})
    list(APPEND names ${ident})
  endforeach()
  # The registry: one table of {name, words, count} entries.
  set(reg ${CMAKE_CURRENT_BINARY_DIR}/shader_registry.cpp)
  set(decls "")
  set(entries "")
  foreach(ident IN LISTS names)
    string(APPEND decls "extern const uint32_t kSpv_${ident}[]; extern const size_t kSpvWords_${ident}; extern const char kSpvName_${ident}[];\n")
    string(APPEND entries "    {kSpvName_${ident}, kSpv_${ident}, kSpvWords_${ident}},\n")
  endforeach()
  file(WRITE ${reg}.in "#include \"shaders/shader_registry.h\"\n#include <cstring>\nnamespace tv::shaders {\n${decls}namespace {\nstruct Entry { const char* name; const uint32_t* words; size_t count; };\nconst Entry kEntries[] = {\n${entries}};\n}\nstd::span<const uint32_t> find(std::string_view name) {\n    for (const Entry& e : kEntries) if (name == e.name) return {e.words, e.count};\n    return {};\n}\n}\n")
  configure_file(${reg}.in ${reg} COPYONLY)
  add_library(${target} STATIC ${generated} ${reg})
  target_include_directories(${target} PUBLIC ${PROJECT_SOURCE_DIR})
  target_link_libraries(${target} PRIVATE tv::warnings)
endfunction()
