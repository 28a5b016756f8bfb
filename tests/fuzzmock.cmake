# panelmock --fuzz end to end: a session over HTTP on loopback, every answer reproduced by
# `panelmock --fuzz-replay TOKEN --fuzz-report PATH` byte for byte.
if(TARGET panelmock)
  add_test(NAME fuzzmock/replay-cli
           COMMAND bash ${PROJECT_SOURCE_DIR}/tests/fuzzmock/replay_cli.sh $<TARGET_FILE:panelmock>)
  set_tests_properties(fuzzmock/replay-cli PROPERTIES TIMEOUT 120
                       PASS_REGULAR_EXPRESSION "replayed [0-9]+ answers byte for byte")
endif()
