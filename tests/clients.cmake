# panelmock driven as third-party clients and CI jobs drive it, as a separate process on a free
# loopback port (Python 3 standard library): tests/clients/*.py, one ctest each.
find_program(PANEL_CLIENTS_PYTHON NAMES python3 PATHS /usr/bin NO_DEFAULT_PATH)
if(NOT PANEL_CLIENTS_PYTHON)
  find_program(PANEL_CLIENTS_PYTHON NAMES python3)
endif()
if(TARGET panelmock AND PANEL_CLIENTS_PYTHON)
  foreach(t third_party fixture cli remains)
    string(REPLACE "_" "-" tname ${t})
    add_test(NAME clients/${tname}
             COMMAND ${PANEL_CLIENTS_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/clients/${t}.py
                     $<TARGET_FILE:panelmock> ${PROJECT_SOURCE_DIR})
    set_tests_properties(clients/${tname} PROPERTIES TIMEOUT 300 LABELS clients)
  endforeach()
endif()
