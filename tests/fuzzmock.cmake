# panelmock --fuzz end to end: a session over HTTP on loopback, every answer reproduced by
# `panelmock --fuzz-replay TOKEN --fuzz-report PATH` byte for byte.
if(TARGET panelmock)
  add_test(NAME fuzzmock/replay-cli
           COMMAND bash ${PROJECT_SOURCE_DIR}/tests/fuzzmock/replay_cli.sh $<TARGET_FILE:panelmock>)
  set_tests_properties(fuzzmock/replay-cli PROPERTIES TIMEOUT 120
                       PASS_REGULAR_EXPRESSION "replayed [0-9]+ answers byte for byte")
endif()

# The report's "dropped" signal: clients that reset or close before their mutated answer is
# out (tests/fuzzmock/dropped.py, Python's standard library only).
find_program(PANEL_FUZZMOCK_PYTHON NAMES python3 PATHS /usr/bin NO_DEFAULT_PATH)
if(TARGET panelmock AND PANEL_FUZZMOCK_PYTHON)
  add_test(NAME fuzzmock/dropped
           COMMAND ${PANEL_FUZZMOCK_PYTHON} ${PROJECT_SOURCE_DIR}/tests/fuzzmock/dropped.py
                   $<TARGET_FILE:panelmock>)
  set_tests_properties(fuzzmock/dropped PROPERTIES TIMEOUT 60
                       PASS_REGULAR_EXPRESSION "dropped answers reported: 2 of 33")
endif()

# Every --fuzz option from a --config file: good values run a session, bad ones exit 2.
if(TARGET panelmock)
  add_test(NAME fuzzmock/config
           COMMAND bash ${PROJECT_SOURCE_DIR}/tests/fuzzmock/config.sh $<TARGET_FILE:panelmock>)
  set_tests_properties(fuzzmock/config PROPERTIES TIMEOUT 60
                       PASS_REGULAR_EXPRESSION "fuzz config keys: all checks passed")
endif()

# The mutator's header, the answer seeds and the dictionaries are installed (a temporary
# prefix); for any coverage-guided fuzzer, AFL++ included.
add_test(NAME fuzzmock/install-corpus
         COMMAND bash ${PROJECT_SOURCE_DIR}/tests/fuzzmock/install_corpus.sh ${CMAKE_BINARY_DIR})
set_tests_properties(fuzzmock/install-corpus PROPERTIES TIMEOUT 120
                     PASS_REGULAR_EXPRESSION "installed corpus: [0-9]+ seeds and 8 dictionaries")
