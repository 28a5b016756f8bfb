# The panelcheck parse / dialects command-line contract (exit codes, files and stdin).
if(TARGET panelcheck)
  add_test(NAME cli/panelcheck-parse
           COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/cli/parse_cli.sh $<TARGET_FILE:panelcheck>
                   ${PROJECT_SOURCE_DIR})
  set_tests_properties(cli/panelcheck-parse PROPERTIES TIMEOUT 60)
endif()
# Both command lines as separate processes, driven by tables (tests/cli/cli_table.py): every
# panelmock option and usage error, serving and signals; every panelcheck subcommand's options
# and usage errors, checks --json; the four report formats of a passing, a red and an
# unreachable run, validated; report write failures. Debian's python3 (python3-jsonschema).
if(TARGET panelcheck AND TARGET panelmock AND EXISTS /usr/bin/python3)
  foreach(g panelmock-usage panelmock-serve panelcheck-usage panelcheck-reports panelcheck-write)
    add_test(NAME cli/${g}
             COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/cli/cli_table.py ${g}
                     $<TARGET_FILE:panelcheck> $<TARGET_FILE:panelmock> ${PROJECT_SOURCE_DIR})
    set_tests_properties(cli/${g} PROPERTIES TIMEOUT 120 LABELS cli)
  endforeach()
endif()
