# Every dependency is a Debian 12 package (scripts/install-deps.sh). Nothing is downloaded.
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(ICU REQUIRED COMPONENTS uc i18n)
find_package(nlohmann_json REQUIRED)
find_package(doctest REQUIRED)
find_package(Freetype REQUIRED)
find_package(SDL2 REQUIRED CONFIG)
find_package(OpenGL REQUIRED)
pkg_check_modules(LIBUSB REQUIRED IMPORTED_TARGET libusb-1.0)
pkg_check_modules(STB REQUIRED IMPORTED_TARGET stb)

# Debian's libimgui.a bundles core, stdlib, freetype and the SDL2/OpenGL3 backends. Linking it
# through pkg-config can order it after libfreetype, so it is an imported static target whose
# interface carries its own dependencies (the reference notes beside the checkout: gui-headless.md).
pkg_check_modules(IMGUI_PC REQUIRED imgui)
find_library(IMGUI_STATIC NAMES libimgui.a PATHS ${IMGUI_PC_LIBRARY_DIRS} REQUIRED)
add_library(imgui::imgui STATIC IMPORTED)
set_target_properties(imgui::imgui PROPERTIES
  IMPORTED_LOCATION "${IMGUI_STATIC}"
  INTERFACE_INCLUDE_DIRECTORIES "${IMGUI_PC_INCLUDEDIR};${IMGUI_PC_INCLUDEDIR}/backends"
  INTERFACE_LINK_LIBRARIES "PkgConfig::STB;SDL2::SDL2;Freetype::Freetype;OpenGL::GL;${CMAKE_DL_LIBS}")

# Optional at configure time so the core still builds while a module is being brought up;
# install-deps.sh installs them all.
pkg_check_modules(UMOCKDEV IMPORTED_TARGET umockdev-1.0)
find_library(ZINT_LIB NAMES zint)
pkg_check_modules(QRENCODE IMPORTED_TARGET libqrencode)
pkg_check_modules(ZBAR IMPORTED_TARGET zbar)
pkg_check_modules(TOMLPP REQUIRED IMPORTED_TARGET tomlplusplus)
# Debian's cpp-httplib is a compiled library built with OpenSSL, zlib and brotli; its Cflags
# carry the matching CPPHTTPLIB_*_SUPPORT defines (libssl-dev, zlib1g-dev).
if(NOT TARGET PkgConfig::HTTPLIB)
  pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)
endif()
