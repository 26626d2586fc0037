# Install rules and the Debian package (`make package`: cpack -G DEB in build/).
# Where things go on the counter (docs/install.md):
#   /usr/bin/kiosk, /usr/bin/kioskctl (and kiosk-server once server/ exists)
#   /usr/share/haiphong-kiosk/assets/   strings (the kiosk looks beside its bin/ first)
#   /etc/haiphong-kiosk/*.toml          default settings, conffiles
#   /lib/udev/rules.d, /lib/systemd/system, /usr/lib/sysusers.d
# Debian 12 reads units and udev rules from /lib (lintian: an error elsewhere) and settings
# belong in /etc, so those destinations are absolute; the rest is under the prefix, /usr.
set(HP_PACKAGE_NAME haiphong-kiosk)
# cpack and `cmake --install` install what is built; they do not build all (tests, benches)
# first. `make package` builds hp_packaged_programs, `make test` builds everything.
set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY ON)
set(HP_PACKAGE_MAINTAINER "Hai Phong counter kiosk team <kiosk@nongsan.haiphong.example>"
    CACHE STRING "Maintainer field of the .deb")
set(CMAKE_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS
    OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)

set(HP_PACKAGED_PROGRAMS)
foreach(program kiosk kioskctl kiosk-server kiosk_server)
  if(TARGET ${program})
    list(APPEND HP_PACKAGED_PROGRAMS ${program})
  endif()
endforeach()
install(TARGETS ${HP_PACKAGED_PROGRAMS} RUNTIME DESTINATION bin)
# What `make package` builds before cpack runs the install rules above.
add_custom_target(hp_packaged_programs DEPENDS ${HP_PACKAGED_PROGRAMS})

install(DIRECTORY ${PROJECT_SOURCE_DIR}/assets/ DESTINATION share/${HP_PACKAGE_NAME}/assets)
install(FILES ${PROJECT_SOURCE_DIR}/config/kiosk.toml ${PROJECT_SOURCE_DIR}/config/devices.toml
        DESTINATION /etc/${HP_PACKAGE_NAME})
install(FILES ${PROJECT_SOURCE_DIR}/config/udev/70-haiphong-kiosk-usb.rules DESTINATION /lib/udev/rules.d)
install(FILES ${PROJECT_SOURCE_DIR}/config/systemd/haiphong-kiosk.service DESTINATION /lib/systemd/system)
install(FILES ${PROJECT_SOURCE_DIR}/config/sysusers/haiphong-kiosk.conf DESTINATION lib/sysusers.d)

# Documentation: the copyright file, changelog.Debian.gz and man pages, compressed without
# timestamps so the package is reproducible (lintian asks for all three).
set(HP_PACKAGE_DOC share/doc/${HP_PACKAGE_NAME})
set(HP_PACKAGE_STAGE ${PROJECT_BINARY_DIR}/packaging)
file(MAKE_DIRECTORY ${HP_PACKAGE_STAGE})
function(hp_gzip source target)
  execute_process(COMMAND gzip -9nc ${source} OUTPUT_FILE ${target} COMMAND_ERROR_IS_FATAL ANY)
  set_property(DIRECTORY ${PROJECT_SOURCE_DIR} APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${source})
endfunction()
hp_gzip(${PROJECT_SOURCE_DIR}/packaging/deb/changelog ${HP_PACKAGE_STAGE}/changelog.Debian.gz)
hp_gzip(${PROJECT_SOURCE_DIR}/packaging/man/kiosk.1 ${HP_PACKAGE_STAGE}/kiosk.1.gz)
hp_gzip(${PROJECT_SOURCE_DIR}/packaging/man/kioskctl.1 ${HP_PACKAGE_STAGE}/kioskctl.1.gz)
install(FILES ${PROJECT_SOURCE_DIR}/packaging/deb/copyright ${HP_PACKAGE_STAGE}/changelog.Debian.gz
              ${PROJECT_SOURCE_DIR}/docs/install.md
        DESTINATION ${HP_PACKAGE_DOC})
install(FILES ${HP_PACKAGE_STAGE}/kiosk.1.gz ${HP_PACKAGE_STAGE}/kioskctl.1.gz DESTINATION share/man/man1)
install(FILES ${PROJECT_SOURCE_DIR}/packaging/lintian/${HP_PACKAGE_NAME} DESTINATION share/lintian/overrides)

# The package's version comes from project(); the changelog's top entry must name it
# (tests/package checks).
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME ${HP_PACKAGE_NAME})
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_PACKAGING_INSTALL_PREFIX ${HP_PACKAGE_PREFIX})
set(CPACK_PACKAGE_CONTACT ${HP_PACKAGE_MAINTAINER})
set(CPACK_DEBIAN_PACKAGE_MAINTAINER ${HP_PACKAGE_MAINTAINER})
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "post office counter kiosk for Hai Phong's farmers' programme")
# Lines of at most 79 characters: cpack indents each by one (lintian: 80 at most).
set(CPACK_PACKAGE_DESCRIPTION
    "The counter app that Hai Phong's post offices run for the Farmers'
Association: farmers drop off produce, weighed on a USB scale, with a receipt
and a label per crate; buyers collect the orders they placed online. Records
are written locally first, so the counter works through network and power
failures.
.
The package holds kiosk and kioskctl, udev rules for the USB scale, scanner
and printer, default settings in /etc/haiphong-kiosk, and
haiphong-kiosk.service, which runs the kiosk full screen on tty1 in cage as
the user kiosk.")
# Libraries from dpkg-shlibdeps, plus what is loaded or run rather than linked: the
# compositor (Debian 12's cage 0.1.4 will not start without Xwayland) and the logind session
# it needs, the GL drivers SDL opens under Wayland, the screen and receipt fonts, and the
# tools the maintainer scripts call (deb-systemd-invoke is essential).
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS
    "cage, xwayland, libpam-systemd, libegl1, libgl1-mesa-dri, fonts-noto-core, fonts-dejavu-core, systemd, udev")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${PROJECT_SOURCE_DIR}/packaging/deb/conffiles
    ${PROJECT_SOURCE_DIR}/packaging/deb/postinst
    ${PROJECT_SOURCE_DIR}/packaging/deb/prerm
    ${PROJECT_SOURCE_DIR}/packaging/deb/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_STRIP_FILES ON)
include(CPack)
