# The hostile-peers suite (tests/hostile/, issue #13): one ctest per attack, `hostile/<attack>`,
# label `hostile`. The attack names come from `suite.py --list` at configure time. Attacks that
# open thousands of connections share a resource lock so that they never overlap.
set(PANEL_HOSTILE_SUITE ${CMAKE_CURRENT_SOURCE_DIR}/hostile/suite.py)
find_program(PANEL_PYTHON3 NAMES python3 PATHS /usr/bin NO_DEFAULT_PATH)
if(NOT PANEL_PYTHON3)
  find_program(PANEL_PYTHON3 NAMES python3)
endif()
if(PANEL_PYTHON3 AND EXISTS ${PANEL_HOSTILE_SUITE} AND TARGET panelmock AND TARGET panelcheck)
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${PANEL_HOSTILE_SUITE})
  execute_process(COMMAND ${PANEL_PYTHON3} ${PANEL_HOSTILE_SUITE} --list
                  OUTPUT_VARIABLE hostile_out RESULT_VARIABLE hostile_rc)
  if(hostile_rc EQUAL 0)
    string(REPLACE "\n" ";" hostile_attacks "${hostile_out}")
    foreach(name ${hostile_attacks})
      if(name)
        add_test(NAME hostile/${name}
                 COMMAND ${PANEL_PYTHON3} ${PANEL_HOSTILE_SUITE} --build ${PROJECT_BINARY_DIR}
                         --only ${name})
        set_tests_properties(hostile/${name} PROPERTIES TIMEOUT 120 LABELS hostile)
        if(name MATCHES "slowloris|connections|memory")
          set_tests_properties(hostile/${name} PROPERTIES RESOURCE_LOCK hostile_connections)
        endif()
      endif()
    endforeach()
  endif()
endif()
