# Canned-answer cases of the runner's checks (tests/checks/README.md): one ctest `checks/<case>`
# per tests/checks/<case>/case.json. Each records a run against the embedded mock, replaces the
# answers the case names by its canned files and replays the run offline: the check must then
# give the case's verdict. Python 3 standard library only (tests/checks/run_case.py).
find_program(PANEL_CHECKS_PYTHON NAMES python3 PATHS /usr/bin NO_DEFAULT_PATH)
if(TARGET panelcheck AND PANEL_CHECKS_PYTHON)
  file(GLOB PANEL_CHECK_CASES CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/checks/*/case.json)
  foreach(case_file ${PANEL_CHECK_CASES})
    get_filename_component(case_dir ${case_file} DIRECTORY)
    get_filename_component(case_name ${case_dir} NAME)
    add_test(NAME checks/${case_name}
             COMMAND ${PANEL_CHECKS_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/checks/run_case.py
                     --panelcheck $<TARGET_FILE:panelcheck> --case ${case_dir}
                     --workdir ${CMAKE_CURRENT_BINARY_DIR}/checks-work)
    set_tests_properties(checks/${case_name} PROPERTIES TIMEOUT 120 LABELS checks)
  endforeach()
endif()
