# A Debian package: `cpack -G DEB` in a build configured with
# -DCMAKE_INSTALL_PREFIX=/usr (GNUInstallDirs then gives Debian's multiarch
# lib folder) makes phiscrub_<version>_<arch>.deb with the program, the
# shared and static library, phiscrub.h, the pkg-config file, the CMake
# package, the man page, the rules, phiscrub.lua and, when the build was
# given a Fluent Bit tree, flb-filter_phiscrub.so (built for that Fluent Bit
# alone). dpkg-shlibdeps writes the Depends line from the files' needs
# (libhs5, libpcre2-8-0, libssl3, zlib1g, libc6). README.md: "A Debian
# package".
if(NOT PHISCRUB_INSTALL)
  return()
endif()
if(PHISCRUB_DEB_LAYOUT AND NOT CMAKE_INSTALL_PREFIX STREQUAL "/usr")
  message(WARNING "PHISCRUB_DEB_LAYOUT with CMAKE_INSTALL_PREFIX ${CMAKE_INSTALL_PREFIX}: a "
                  "Debian package installs under /usr (-DCMAKE_INSTALL_PREFIX=/usr)")
endif()

set(CPACK_PACKAGE_NAME phiscrub)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "remove protected health information from logs")
set(PHISCRUB_DEB_MAINTAINER "phiscrub packagers <packagers@phiscrub.example.org>" CACHE STRING
    "The Maintainer field of the Debian package")
set(CPACK_PACKAGE_CONTACT "${PHISCRUB_DEB_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${PHISCRUB_DEB_MAINTAINER}")
set(_phiscrub_flb_note "")
if(TARGET filter_phiscrub)
  set(_phiscrub_flb_note
      "\nThe Fluent Bit filter plugin in it is built for Fluent Bit ${PHISCRUB_FLB_VERSION}\nas configured in the tree it was built against: load it only into that\nfluent-bit binary.")
endif()
# CPack puts the summary first and indents these lines under it.
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "phiscrub is a streaming filter that finds protected health information
(names, SSNs, medical record numbers, dates, phone numbers, ...) in log
lines and in JSON, HL7 and FHIR records, and masks, tokenizes or encrypts
it before the logs leave for a vendor. It runs as a pipe, as a pre-commit
scan and as a Fluent Bit filter (a native plugin, or a Lua script over the
library).${_phiscrub_flb_note}")
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# a shlibs file and the ldconfig trigger for libphiscrub.so.0
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS ON)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS_POLICY ">=")
# ldconfig through dpkg's trigger, as Debian wants (CPack's postinst also
# calls it: harmless)
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA ${PROJECT_SOURCE_DIR}/cmake/deb/triggers)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_STRIP_FILES ON)
set(CPACK_GENERATOR DEB)
set(CPACK_SOURCE_GENERATOR "")
# The parts of a Debian package CPack does not make: the copyright file, a
# compressed changelog and man page. They are installed when the build is
# configured for a package (PHISCRUB_DEB_LAYOUT, which scripts/test.sh and
# README.md's package build set).
if(PHISCRUB_DEB_LAYOUT)
  set(_deb ${PROJECT_BINARY_DIR}/deb)
  configure_file(${PROJECT_SOURCE_DIR}/cmake/deb/changelog.in ${_deb}/changelog @ONLY)
  add_custom_command(OUTPUT ${_deb}/changelog.gz ${_deb}/phiscrub.1.gz
    COMMAND gzip -9nc ${_deb}/changelog > ${_deb}/changelog.gz
    COMMAND gzip -9nc ${PROJECT_SOURCE_DIR}/docs/phiscrub.1 > ${_deb}/phiscrub.1.gz
    DEPENDS ${_deb}/changelog ${PROJECT_SOURCE_DIR}/docs/phiscrub.1
    COMMENT "Compressing the changelog and man page for the Debian package")
  add_custom_target(phiscrub_deb_docs ALL DEPENDS ${_deb}/changelog.gz ${_deb}/phiscrub.1.gz)
  install(FILES ${PROJECT_SOURCE_DIR}/cmake/deb/copyright ${_deb}/changelog.gz
          DESTINATION ${CMAKE_INSTALL_DOCDIR})
endif()
include(CPack)
