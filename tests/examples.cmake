# The example harness (examples/fuzz-client/): built with clang and libFuzzer, run at most
# 60 s; passes when it finds the client's planted int-cast bug. Only when clang is present.
find_program(PANEL_EXAMPLES_CLANG clang)
if(PANEL_EXAMPLES_CLANG AND NOT PANEL_FUZZ)
  add_test(NAME examples/fuzz-client
           COMMAND bash ${PROJECT_SOURCE_DIR}/examples/fuzz-client/run.sh
                   ${CMAKE_CURRENT_BINARY_DIR}/fuzz-client)
  set_tests_properties(examples/fuzz-client PROPERTIES TIMEOUT 300
                       ENVIRONMENT "CC=${PANEL_EXAMPLES_CLANG}"
                       PASS_REGULAR_EXPRESSION "planted bug found")
endif()
