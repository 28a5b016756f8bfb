# Onboarding from traffic (issue 12): HAR record and replay (panelcheck run --record/--replay,
# panelmock --replay), malformed recordings, panelcheck detect (ranking, draft, read-only),
# panelcheck proxy (forwarding, findings, masking, signals).
if(TARGET panelcheck AND TARGET panelmock)
  add_test(NAME traffic/record-replay
           COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/traffic/record_replay.sh
                   $<TARGET_FILE:panelcheck> $<TARGET_FILE:panelmock> ${PROJECT_SOURCE_DIR})
  set_tests_properties(traffic/record-replay PROPERTIES TIMEOUT 300)
  add_test(NAME traffic/bad-har
           COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/traffic/bad_har.sh $<TARGET_FILE:panelcheck>
                   $<TARGET_FILE:panelmock>)
  set_tests_properties(traffic/bad-har PROPERTIES TIMEOUT 300)
  add_test(NAME traffic/detect
           COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/traffic/detect.sh $<TARGET_FILE:panelcheck>
                   $<TARGET_FILE:panelmock> ${PROJECT_SOURCE_DIR})
  set_tests_properties(traffic/detect PROPERTIES TIMEOUT 300)
  add_test(NAME traffic/proxy
           COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/traffic/proxy.sh $<TARGET_FILE:panelcheck>
                   $<TARGET_FILE:panelmock> ${PROJECT_SOURCE_DIR})
  set_tests_properties(traffic/proxy PROPERTIES TIMEOUT 300)
endif()
