# SPDX-License-Identifier: Apache-2.0
# Installation (GNUInstallDirs) and the Debian package (CPack). `cmake --install build` lays out:
#   bin/sncheck (stripped when the build type is Release), share/man/man1/sncheck.1.gz,
#   bash, zsh and fish completions, and the documentation under share/doc/sncheck.
# The man page (help2man) and the completions (`sncheck completion <shell>`) are generated from
# the built program at build time, so they always match its flags.
include(GNUInstallDirs)

set(SNCHECK_GENERATED_DIST ${PROJECT_BINARY_DIR}/dist)
find_program(HELP2MAN help2man)
set(dist_outputs
  ${SNCHECK_GENERATED_DIST}/completions/sncheck
  ${SNCHECK_GENERATED_DIST}/completions/_sncheck
  ${SNCHECK_GENERATED_DIST}/completions/sncheck.fish)
add_custom_command(
  OUTPUT ${dist_outputs}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${SNCHECK_GENERATED_DIST}/completions
  COMMAND $<TARGET_FILE:sncheck> completion bash > ${SNCHECK_GENERATED_DIST}/completions/sncheck
  COMMAND $<TARGET_FILE:sncheck> completion zsh > ${SNCHECK_GENERATED_DIST}/completions/_sncheck
  COMMAND $<TARGET_FILE:sncheck> completion fish > ${SNCHECK_GENERATED_DIST}/completions/sncheck.fish
  DEPENDS sncheck
  COMMENT "Generating shell completions from the CLI definition")
if(HELP2MAN)
  add_custom_command(
    OUTPUT ${SNCHECK_GENERATED_DIST}/sncheck.1.gz
    COMMAND ${HELP2MAN} --no-info --no-discard-stderr --help-option=--help-all
            --name "diagnose ServiceNow integration authentication and audit instances"
            --include ${PROJECT_SOURCE_DIR}/docs/sncheck.h2m
            --output ${SNCHECK_GENERATED_DIST}/sncheck.1 $<TARGET_FILE:sncheck>
    COMMAND gzip -9nf ${SNCHECK_GENERATED_DIST}/sncheck.1
    DEPENDS sncheck ${PROJECT_SOURCE_DIR}/docs/sncheck.h2m
    COMMENT "Generating the man page with help2man")
  list(APPEND dist_outputs ${SNCHECK_GENERATED_DIST}/sncheck.1.gz)
  install(FILES ${SNCHECK_GENERATED_DIST}/sncheck.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
else()
  message(WARNING "help2man not found: no man page (scripts/install-deps.sh installs it)")
endif()
add_custom_target(sncheck_dist ALL DEPENDS ${dist_outputs})

# Strip the installed binary in Release builds (cmake --install and the .deb).
install(CODE "if(\"\${CMAKE_INSTALL_CONFIG_NAME}\" STREQUAL \"Release\")
  set(CMAKE_INSTALL_DO_STRIP TRUE)
endif()")
install(TARGETS sncheck RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES ${SNCHECK_GENERATED_DIST}/completions/sncheck
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions)
install(FILES ${SNCHECK_GENERATED_DIST}/completions/_sncheck
        DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions)
install(FILES ${SNCHECK_GENERATED_DIST}/completions/sncheck.fish
        DESTINATION ${CMAKE_INSTALL_DATADIR}/fish/vendor_completions.d)
install(FILES README.md LICENSE CHANGELOG.md SECURITY.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/docs
        FILES_MATCHING PATTERN "*.md" PATTERN "*.json" PATTERN "*.png")

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME sncheck)
set(CPACK_PACKAGE_VENDOR "sncheck developers")
set(CPACK_PACKAGE_CONTACT "sncheck developers <sncheck@users.noreply.github.com>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "Diagnose ServiceNow integration authentication and audit instances before deployments")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)  # Depends: from dpkg-shlibdeps (dpkg-dev)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "ca-certificates")
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "${PROJECT_HOMEPAGE_URL}")
include(CPack)
