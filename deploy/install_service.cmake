# Runs at install time (install(SCRIPT)), when CMAKE_INSTALL_PREFIX is the prefix installed to.
# Writes PREFIX/lib/systemd/system/tripline.service and the example config: /etc/tripline/ for
# the prefixes / and /usr (as GNUInstallDirs places sysconfdir), PREFIX/etc/tripline/ otherwise.
# An existing config is kept (a reinstall never overwrites an operator's edits).
set(prefix "${CMAKE_INSTALL_PREFIX}")
if(prefix STREQUAL "/" OR prefix STREQUAL "/usr")
  set(etc "/etc")
else()
  set(etc "${prefix}/etc")
endif()
set(TRIPLINE_BINARY "${prefix}/bin/tripline")
set(TRIPLINE_CONFIG "${etc}/tripline/tripline.conf")
set(TRIPLINE_DOC "${prefix}/share/doc/tripline")
set(unit "$ENV{DESTDIR}${prefix}/lib/systemd/system/tripline.service")
set(conf "$ENV{DESTDIR}${TRIPLINE_CONFIG}")

message(STATUS "Installing: ${unit}")
configure_file("${TRIPLINE_DEPLOY_DIR}/systemd/tripline.service.in" "${unit}" @ONLY)
file(CHMOD "${unit}" PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
if(EXISTS "${conf}")
  message(STATUS "Up-to-date (kept): ${conf}")
else()
  message(STATUS "Installing: ${conf}")
  configure_file("${TRIPLINE_DEPLOY_DIR}/tripline.conf" "${conf}" COPYONLY)
  file(CHMOD "${conf}" PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
endif()
list(APPEND CMAKE_INSTALL_MANIFEST_FILES "${unit}" "${conf}")
