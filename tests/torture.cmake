# Allocation torture (tests/torture/, issue #16 item 1): one executable whose every malloc,
# calloc, realloc, strdup and strndup, in its own code and in the static libraries linked into
# it, goes through tests/torture/failalloc.c (-Wl,--wrap), jansson's through
# json_set_alloc_funcs (json_loadb and json_load_file: one counted event each, failalloc.c says
# why), pthread_create as one more counted event (fails with EAGAIN). ctest runs a sample (every
# 13th k); `make torture` runs every k. The `run-full/` cases (cases_harness.c: `panelcheck run`
# over the add, status and refill checks, thousands of allocations each) run only in `make
# torture`: the sample skips them.
if(TARGET panelmock_lib AND TARGET panelcheck_lib)
  add_executable(torture ${CMAKE_CURRENT_SOURCE_DIR}/torture/torture.c
                         ${CMAKE_CURRENT_SOURCE_DIR}/torture/failalloc.c
                         ${CMAKE_CURRENT_SOURCE_DIR}/torture/cases_core.c
                         ${CMAKE_CURRENT_SOURCE_DIR}/torture/cases_mock.c
                         ${CMAKE_CURRENT_SOURCE_DIR}/torture/cases_report.c
                         ${CMAKE_CURRENT_SOURCE_DIR}/torture/cases_request.c
                         ${CMAKE_CURRENT_SOURCE_DIR}/torture/cases_harness.c)
  target_include_directories(torture PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/torture
                             ${CMAKE_CURRENT_SOURCE_DIR}/unit ${PROJECT_SOURCE_DIR}/core
                             ${PROJECT_SOURCE_DIR}/mocks ${PROJECT_SOURCE_DIR}/harness)
  target_link_libraries(torture PRIVATE panelcheck_lib panelmock_lib panel_testutil panel
                        Threads::Threads)
  target_link_options(torture PRIVATE
                      "LINKER:--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=strdup,--wrap=strndup"
                      "LINKER:--wrap=json_loadb,--wrap=json_load_file"
                      "LINKER:--wrap=pthread_create")
  set(PANEL_TORTURE_EVERY 13 CACHE STRING "ctest's torture sample: every Nth k")
  add_test(NAME torture/sample
           COMMAND torture --every ${PANEL_TORTURE_EVERY} --skip run-full/ ${PROJECT_SOURCE_DIR})
  set_tests_properties(torture/sample PROPERTIES TIMEOUT 300)
endif()
