# The CI integrations (action.yml, ci/): files parse and hold what ci/README.md promises; the
# action's run steps and the GitLab template's script run against the mock.
if(TARGET panelcheck AND TARGET panelmock)
  add_test(NAME ci/integrations
           COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/ci/ci_test.sh ${PROJECT_SOURCE_DIR}
                   $<TARGET_FILE:panelcheck> $<TARGET_FILE:panelmock>)
  set_tests_properties(ci/integrations PROPERTIES TIMEOUT 300)
endif()
