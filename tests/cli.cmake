# The panelcheck parse / dialects command-line contract (exit codes, files and stdin).
if(TARGET panelcheck)
  add_test(NAME cli/panelcheck-parse
           COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/cli/parse_cli.sh $<TARGET_FILE:panelcheck>
                   ${PROJECT_SOURCE_DIR})
  set_tests_properties(cli/panelcheck-parse PROPERTIES TIMEOUT 60)
endif()
