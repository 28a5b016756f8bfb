# cmake --install into a temporary prefix and cpack -G DEB, then the installed programs,
# man pages, pkg-config file and libraries are used from outside the source tree.
if(TARGET panelcheck AND TARGET panelmock)
  add_test(NAME install/prefix
           COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/install/install_test.sh ${PROJECT_SOURCE_DIR}
                   ${CMAKE_C_COMPILER})
  set_tests_properties(install/prefix PROPERTIES TIMEOUT 900)
endif()
