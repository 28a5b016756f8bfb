# The one parser against references nobody here wrote: JSONTestSuite (strict RFC 8259) and
# Python's decimal (exact money). Both need a python3 (stdlib only).
find_program(PANEL_PYTHON3 NAMES python3)
add_executable(money_check ${CMAKE_CURRENT_SOURCE_DIR}/parser/money_check.c)
target_link_libraries(money_check PRIVATE panel)
if(PANEL_PYTHON3 AND TARGET panelcheck)
  add_test(NAME parser/jsontestsuite
           COMMAND ${PANEL_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/jsontestsuite/run.py
                   $<TARGET_FILE:panelcheck>
                   ${CMAKE_SOURCE_DIR}/../shared/data/jsontestsuite/test_parsing
                   ${CMAKE_CURRENT_SOURCE_DIR}/jsontestsuite/i_outcomes.tsv)
  set_tests_properties(parser/jsontestsuite PROPERTIES TIMEOUT 300)
endif()
if(PANEL_PYTHON3)
  add_test(NAME parser/money-vs-decimal
           COMMAND ${PANEL_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/parser/money_vs_decimal.py
                   $<TARGET_FILE:money_check> ${PROJECT_SOURCE_DIR}/dialects 20000 20261201)
  set_tests_properties(parser/money-vs-decimal PROPERTIES TIMEOUT 300)
endif()
if(PANEL_PYTHON3 AND TARGET panelcheck)
  add_test(NAME parser/hostile-lists
           COMMAND ${PANEL_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/parser/hostile_lists.py
                   $<TARGET_FILE:panelcheck>)
  set_tests_properties(parser/hostile-lists PROPERTIES TIMEOUT 300)
endif()
