# tienbo_embed_files(OUTPUT <cpp> NAMESPACE <ns> FUNCTION <fn> FILES <f>...)
#
# Generates a C++ source that defines
#   std::span<const tienbo::core::EmbeddedFile> <ns>::<fn>();
# holding the bytes of each file (name = file name without directory), so the
# binary carries its migrations and package data and needs no files at run time.
set(TIENBO_EMBED_SCRIPT "${CMAKE_CURRENT_LIST_DIR}/embed_files.cmake")

function(tienbo_embed_files)
  cmake_parse_arguments(ARG "" "OUTPUT;NAMESPACE;FUNCTION" "FILES" ${ARGN})
  list(SORT ARG_FILES)
  string(REPLACE ";" "|" files_arg "${ARG_FILES}")
  add_custom_command(
    OUTPUT "${ARG_OUTPUT}"
    COMMAND ${CMAKE_COMMAND}
      "-DOUTPUT=${ARG_OUTPUT}" "-DNAMESPACE=${ARG_NAMESPACE}" "-DFUNCTION=${ARG_FUNCTION}"
      "-DFILES=${files_arg}" -P "${TIENBO_EMBED_SCRIPT}"
    DEPENDS ${ARG_FILES} "${TIENBO_EMBED_SCRIPT}"
    COMMENT "Embedding ${ARG_FUNCTION} (${ARG_OUTPUT})"
    VERBATIM)
endfunction()
