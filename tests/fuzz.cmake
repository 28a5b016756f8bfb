# Fuzz regression tests: every replay target runs its whole corpus under the build's
# sanitizers (ctest `replay/fuzz_<what>`), and, when clang is installed, the OSS-Fuzz build
# script is run into a temporary $OUT and its products are checked (`fuzz/oss-fuzz-build`).
get_property(PANEL_FUZZ_REPLAYS GLOBAL PROPERTY PANEL_FUZZ_REPLAY_TARGETS)
foreach(target ${PANEL_FUZZ_REPLAYS})
  add_test(NAME replay/${target}
           COMMAND ${target}_replay ${PROJECT_SOURCE_DIR}/corpus/${target})
  set_tests_properties(replay/${target} PROPERTIES TIMEOUT 300
                       PASS_REGULAR_EXPRESSION "replayed [0-9]+ inputs")
endforeach()

# The parse targets' structure-aware mutator, exercised under gcc and the sanitizers.
if(TARGET fuzz_parse_status_replay)
  add_test(NAME replay/fuzz_parse_status_mutator
           COMMAND fuzz_parse_status_replay -mutate=20 ${PROJECT_SOURCE_DIR}/corpus/fuzz_parse_status)
  set_tests_properties(replay/fuzz_parse_status_mutator PROPERTIES TIMEOUT 300
                       PASS_REGULAR_EXPRESSION "replayed [0-9]+ inputs")
endif()

find_program(PANEL_CLANG clang)
if(PANEL_CLANG AND NOT PANEL_FUZZ)
  add_test(NAME fuzz/oss-fuzz-build
           COMMAND bash ${PROJECT_SOURCE_DIR}/fuzz/oss-fuzz-build.sh --self-test)
  set_tests_properties(fuzz/oss-fuzz-build PROPERTIES TIMEOUT 600
                       ENVIRONMENT "SRC=${PROJECT_SOURCE_DIR}/..;PANEL_SRC=${PROJECT_SOURCE_DIR};CC=${PANEL_CLANG}")
endif()
