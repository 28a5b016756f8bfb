# The OSS-Fuzz layout (oss-fuzz/): build.sh run as the base-builder image runs it, products
# checked, every target run over its seed zip (only when clang can link -fsanitize=fuzzer).
find_program(PANEL_OSSFUZZ_CLANG clang)
if(PANEL_OSSFUZZ_CLANG AND NOT PANEL_FUZZ)
  add_test(NAME oss-fuzz/build
           COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/oss-fuzz/run_build.sh ${PROJECT_SOURCE_DIR}
                   ${PANEL_OSSFUZZ_CLANG})
  set_tests_properties(oss-fuzz/build PROPERTIES TIMEOUT 900)
endif()
