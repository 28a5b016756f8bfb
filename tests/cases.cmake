# Data-driven parse cases: one ctest per tests/cases/<dialect>/<case>/ (see tests/case_runner.c).
add_executable(case_runner ${CMAKE_CURRENT_SOURCE_DIR}/case_runner.c)
target_link_libraries(case_runner PRIVATE panel)
file(GLOB PANEL_PARSE_CASES CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/cases/*/*/case.json)
foreach(case_json ${PANEL_PARSE_CASES})
  get_filename_component(case_dir ${case_json} DIRECTORY)
  get_filename_component(case_name ${case_dir} NAME)
  get_filename_component(dialect_dir ${case_dir} DIRECTORY)
  get_filename_component(dialect_name ${dialect_dir} NAME)
  add_test(NAME case/${dialect_name}/${case_name}
           COMMAND case_runner ${PROJECT_SOURCE_DIR}/dialects ${case_dir})
  set_tests_properties(case/${dialect_name}/${case_name} PROPERTIES TIMEOUT 30)
endforeach()
