# The Debian package (issue #12 item 8): install rules and CPack's DEB generator.
# Used by scripts/package.sh (a Release build in build-release/, then cpack); the
# web app must have been built into web/dist first (scripts/build_web.sh).
#
#   /usr/bin/tienbo                         the server and CLI (migrations and package data are embedded)
#   /usr/share/tienbo/web/                  the web app (TIENBO_WEB_ROOT in the config)
#   /usr/share/tienbo/packages/             the built-in metadata package's JSON, a base for one's own
#   /lib/systemd/system/tienbo.service      the hardened unit
#   /etc/tienbo/tienbo.conf                 the configuration (conffile, an EnvironmentFile)
#   /var/lib/tienbo/                        the data (made by postinst, owned by the tienbo system user)
#   /usr/share/doc/tienbo/                  copyright, changelog.gz, OPERATIONS.md
#   /usr/share/man/man1/tienbo.1.gz         the manual page (packaging/deb/tienbo.1, written by hand)
set(TIENBO_WEB_DIST "${PROJECT_SOURCE_DIR}/web/dist" CACHE PATH "the built web app to package")
set(deb "${PROJECT_SOURCE_DIR}/packaging/deb")

install(TARGETS tienbo RUNTIME DESTINATION bin)
install(DIRECTORY "${TIENBO_WEB_DIST}/" DESTINATION share/tienbo/web)
install(DIRECTORY "${PROJECT_SOURCE_DIR}/data/packages/" DESTINATION share/tienbo/packages)
install(FILES "${deb}/tienbo.service" DESTINATION /lib/systemd/system)
install(FILES "${deb}/tienbo.conf" DESTINATION /etc/tienbo)
install(FILES "${deb}/copyright" "${PROJECT_SOURCE_DIR}/docs/OPERATIONS.md" DESTINATION share/doc/tienbo)
install(FILES "${deb}/lintian-overrides" DESTINATION share/lintian/overrides RENAME tienbo)
# tienbo_install_gz(<file> <destination>): installs <file>.gz compressed as Debian wants it
# (gzip -9n: best compression, no name or timestamp in the header).
function(tienbo_install_gz file destination)
  get_filename_component(name "${file}" NAME)
  set(gz "${PROJECT_BINARY_DIR}/${name}.gz")
  add_custom_command(OUTPUT "${gz}"
    COMMAND gzip -9nc "${file}" > "${gz}"
    DEPENDS "${file}" VERBATIM)
  string(MAKE_C_IDENTIFIER "tienbo_gz_${name}" target)
  add_custom_target(${target} ALL DEPENDS "${gz}")
  install(FILES "${gz}" DESTINATION "${destination}")
endfunction()
tienbo_install_gz("${deb}/changelog" share/doc/tienbo)  # a native package's changelog
tienbo_install_gz("${deb}/tienbo.1" share/man/man1)     # the manual page (lintian: no-manual-page without it)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME tienbo)
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
# The project has no mail domain yet: a reserved .invalid address until it has one (it must
# match packaging/deb/changelog's trailer).
set(TIENBO_MAINTAINER "tienbo maintainers <maintainers@tienbo.invalid>" CACHE STRING "the package's Maintainer")
set(CPACK_PACKAGE_CONTACT "${TIENBO_MAINTAINER}")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION web)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://github.com/tienbo/tienbo")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "adduser")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "sqlite3, postgresql, nginx")  # backups, the other backend, TLS (OPERATIONS.md)
# CPack indents the lines after the first and turns an empty line into " .".
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "information system for gender equality and the advancement of women
tienbo serves Vietnam's Committees for the Advancement of Women: periodic
reports with validation and approval, the National Strategy on Gender
Equality 2021-2030 indicators, real-time analytics and a Vietnamese web app.

This package runs it as a hardened systemd service (tienbo.service) on
SQLite in /var/lib/tienbo or on PostgreSQL, configured in /etc/tienbo.")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA "${deb}/postinst;${deb}/prerm;${deb}/postrm;${deb}/conffiles")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
