# cmake --install BUILD --prefix P puts
#   P/bin/kg                      the command line
#   P/share/kg/                   its data (ontology, lexicons, patterns, models)
#   P/lib/libkg_*.a, P/include/kg the libraries and their public headers
#   P/lib/cmake/kg/               the CMake package: find_package(kg CONFIG) gives
#                                 kg::core, kg::extract, kg::graph, kg::export and kg_DATA_DIR
include(CMakePackageConfigHelpers)

set(KG_INSTALL_CMAKEDIR "${CMAKE_INSTALL_LIBDIR}/cmake/kg")

install(TARGETS kg_core kg_extract kg_graph kg_export
  EXPORT kgTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(TARGETS kg RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
foreach(module core extract graph export)
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/${module}/include/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
endforeach()
install(DIRECTORY ${PROJECT_SOURCE_DIR}/data/ DESTINATION ${KG_INSTALL_DATADIR})

install(EXPORT kgTargets NAMESPACE kg:: DESTINATION ${KG_INSTALL_CMAKEDIR})
configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/kgConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/kgConfig.cmake
  INSTALL_DESTINATION ${KG_INSTALL_CMAKEDIR}
  PATH_VARS KG_INSTALL_DATADIR)
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/kgConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/kgConfig.cmake ${CMAKE_CURRENT_BINARY_DIR}/kgConfigVersion.cmake
  DESTINATION ${KG_INSTALL_CMAKEDIR})

# cpack -G DEB (in the build directory): a Debian package of the same install
# (prefix /usr: /usr/bin/kg, /usr/share/kg, the libraries, headers and CMake
# package), its library dependencies found by dpkg-shlibdeps.
set(CPACK_PACKAGE_NAME kg)
set(CPACK_PACKAGE_VENDOR "kg developers")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Knowledge graphs from news articles: entities, facts and their evidence")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "kg developers <maintainers@users.noreply.r-seed-314fa401.example>")
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "graphviz")
include(CPack)
