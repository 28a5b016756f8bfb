# Independent reference providers (tests/providers/README.md): for each provider document a
# Python provider written from the document alone. `providers/<dialect>` runs panelcheck
# against the faithful provider (0 failures but the known false reds); `providers/<dialect>/
# <deviation>` plants one deviation and expects a failure on its action. The deviations are
# read from each provider's --list-deviations at configure time.
set(PANEL_PROVIDER_DIR ${CMAKE_CURRENT_SOURCE_DIR}/providers)
find_program(PANEL_PYTHON3 NAMES python3)
if(TARGET panelcheck AND PANEL_PYTHON3)
  set(PANEL_PROVIDER_DIALECTS dripfeedpanel smm-objectid panel-v2 smmpanel-ru smpanelim)
  set(PANEL_PROVIDER_WORK ${CMAKE_CURRENT_BINARY_DIR}/providers-work)
  # The providers' own sanity (command line, ledger, progression, isolation), no panelcheck.
  add_test(NAME providers/selfcheck COMMAND ${PANEL_PYTHON3} ${PANEL_PROVIDER_DIR}/selfcheck.py)
  set_tests_properties(providers/selfcheck PROPERTIES TIMEOUT 120 LABELS providers)
  foreach(dialect ${PANEL_PROVIDER_DIALECTS})
    set(script ${PANEL_PROVIDER_DIR}/${dialect}.py)
    if(NOT EXISTS ${script})
      continue()
    endif()
    set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${script}
                 ${PANEL_PROVIDER_DIR}/provider_common.py)
    set(runner ${PANEL_PYTHON3} ${PANEL_PROVIDER_DIR}/run_check.py
        --panelcheck $<TARGET_FILE:panelcheck> --dialect ${dialect} --workdir ${PANEL_PROVIDER_WORK})
    add_test(NAME providers/${dialect} COMMAND ${runner})
    set_tests_properties(providers/${dialect} PROPERTIES TIMEOUT 120 LABELS providers)
    execute_process(COMMAND ${PANEL_PYTHON3} ${script} --list-deviations
                    OUTPUT_VARIABLE listing RESULT_VARIABLE listed TIMEOUT 30)
    if(NOT listed EQUAL 0)
      message(WARNING "providers: ${dialect}.py --list-deviations failed")
      continue()
    endif()
    string(REPLACE "\n" ";" rows "${listing}")
    foreach(row ${rows})
      if(row MATCHES "^([a-z0-9_]+) +([a-z_]+) ")
        set(dev ${CMAKE_MATCH_1})
        set(action ${CMAKE_MATCH_2})
        set(level "")
        if(row MATCHES "red with --strict\\)")  # an example-only or assumed rule
          set(level --example-only)  # judged under --strict (run_check.py)
        endif()
        add_test(NAME providers/${dialect}/${dev}
                 COMMAND ${runner} --deviate ${dev} --action ${action} ${level})
        set_tests_properties(providers/${dialect}/${dev} PROPERTIES TIMEOUT 120 LABELS providers)
      endif()
    endforeach()
  endforeach()
endif()
