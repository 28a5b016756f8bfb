# The dialect format (issue #8): the files generated from the loader's member table are fresh,
# every shipped dialect lints clean, and every one validates against the generated JSON Schema
# with a real validator (Debian's python3-jsonschema, Draft 2020-12; /usr/bin/python3).
file(GLOB PANEL_DIALECT_FILES CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/dialects/*.json)
list(FILTER PANEL_DIALECT_FILES EXCLUDE REGEX "\\.schema\\.json$")
add_test(NAME dialect_generated_fresh
         COMMAND panel-dialect check ${PROJECT_SOURCE_DIR}/dialects/dialect.schema.json
                 ${PROJECT_SOURCE_DIR}/dialects/README.md)
add_test(NAME dialect_lint COMMAND panel-dialect lint ${PANEL_DIALECT_FILES})
add_test(NAME dialect_schema_validates
         COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/dialect_schema_check.py
                 ${PROJECT_SOURCE_DIR}/dialects/dialect.schema.json ${PANEL_DIALECT_FILES})
set_tests_properties(dialect_generated_fresh dialect_lint dialect_schema_validates
                     PROPERTIES TIMEOUT 60)
# The schema is as strict as the member table: every table-phase broken fixture is invalid
# under the generated schema too.
add_test(NAME dialect_schema_rejects_bad
         COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/dialect_schema_check.py
                 ${PROJECT_SOURCE_DIR}/dialects/dialect.schema.json --bad
                 ${CMAKE_CURRENT_SOURCE_DIR}/dialects_bad ${PROJECT_SOURCE_DIR}/dialects/smpanelim.json)
set_tests_properties(dialect_schema_rejects_bad PROPERTIES TIMEOUT 60)
