# Install-time part of packaging/CMakeLists.txt: the systemd unit, written for the prefix of this
# install, and the service's configuration. For the prefix /usr (the Debian package) the
# configuration goes to /etc (GNUInstallDirs' rule), for any other prefix P to P/etc. file(INSTALL)
# adds $DESTDIR (cpack's staging directory) and records the files in the install manifest.
if(CMAKE_INSTALL_PREFIX STREQUAL "/usr")
  set(sitrep_etc /etc)
else()
  set(sitrep_etc "${CMAKE_INSTALL_PREFIX}/etc")
endif()
set(SITREP_BINDIR "${CMAKE_INSTALL_PREFIX}/${SITREP_INSTALL_BINDIR}")
set(SITREP_DATA_DIR "${CMAKE_INSTALL_PREFIX}/${SITREP_INSTALL_DATADIR}/sitrep")
set(SITREP_CONF_DIR "${sitrep_etc}/sitrep")
set(SITREP_CONF_FILE "${SITREP_CONF_DIR}/serve.conf")

# One scratch file per destination, so that concurrent installs (cpack beside cmake --install) do
# not write the same file.
string(MD5 sitrep_key "$ENV{DESTDIR}|${CMAKE_INSTALL_PREFIX}")
set(sitrep_unit_dir "${SITREP_PACKAGING_BINARY_DIR}/unit-${sitrep_key}")
configure_file("${SITREP_PACKAGING_SOURCE_DIR}/sitrep-serve.service.in" "${sitrep_unit_dir}/sitrep-serve.service"
               @ONLY)
file(INSTALL DESTINATION "${CMAKE_INSTALL_PREFIX}/lib/systemd/system" TYPE FILE
     FILES "${sitrep_unit_dir}/sitrep-serve.service")
file(INSTALL DESTINATION "${SITREP_CONF_DIR}" TYPE FILE FILES "${SITREP_PACKAGING_SOURCE_DIR}/serve.conf")
