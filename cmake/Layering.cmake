# The layering, enforced when CMake configures: each layer's sources may include only the
# project headers its ALLOW prefixes name (and never its DENY prefixes). Every library shares
# the project root as include directory, so without this check any file could include any
# header; with it, a screen that includes the store fails the configure step, not a review.
#
#   hp_layer(<name> PATHS <files or folders> ALLOW <prefixes> [DENY <prefixes>])
#
# System and third-party headers (<...>) are not checked.
function(hp_layer name)
  cmake_parse_arguments(L "" "" "PATHS;ALLOW;DENY" ${ARGN})
  set(files)
  foreach(p ${L_PATHS})
    if(IS_DIRECTORY ${PROJECT_SOURCE_DIR}/${p})
      file(GLOB_RECURSE found CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/${p}/*.cpp ${PROJECT_SOURCE_DIR}/${p}/*.hpp)
      list(APPEND files ${found})
    elseif(EXISTS ${PROJECT_SOURCE_DIR}/${p})
      list(APPEND files ${PROJECT_SOURCE_DIR}/${p})
    endif()
  endforeach()
  set(violations)
  foreach(f ${files})
    file(STRINGS ${f} lines REGEX "^[ \t]*#[ \t]*include[ \t]*\"")
    foreach(line ${lines})
      string(REGEX REPLACE "^[ \t]*#[ \t]*include[ \t]*\"([^\"]+)\".*" "\\1" inc "${line}")
      # Includes relative to the including file (no folder) stay inside its layer.
      if(NOT inc MATCHES "/")
        continue()
      endif()
      set(ok FALSE)
      foreach(a ${L_ALLOW})
        string(FIND "${inc}" "${a}" at)
        if(at EQUAL 0)
          set(ok TRUE)
        endif()
      endforeach()
      foreach(d ${L_DENY})
        string(FIND "${inc}" "${d}" at)
        if(at EQUAL 0)
          set(ok FALSE)
        endif()
      endforeach()
      if(NOT ok)
        file(RELATIVE_PATH rel ${PROJECT_SOURCE_DIR} ${f})
        list(APPEND violations "  ${rel} includes ${inc}")
      endif()
    endforeach()
  endforeach()
  if(violations)
    list(JOIN violations "\n" text)
    message(FATAL_ERROR "Layer '${name}' includes what it may not (cmake/Layering.cmake):\n${text}")
  endif()
endfunction()

hp_layer(shared PATHS shared ALLOW shared/)
hp_layer(drivers PATHS drivers ALLOW drivers/ shared/ DENY shared/print/)
hp_layer(kiosk_records PATHS kiosk/records ALLOW kiosk/records/ shared/ DENY shared/store/ shared/print/)
hp_layer(kiosk_store PATHS kiosk/store ALLOW kiosk/store/ kiosk/records/ shared/ DENY shared/print/)
# The sync client: its own thread and connection; the app wires it, it never sees the app.
hp_layer(kiosk_sync PATHS kiosk/sync ALLOW kiosk/sync/ kiosk/store/ kiosk/records/ shared/ DENY shared/print/)
hp_layer(kiosk_app PATHS kiosk/app
  ALLOW kiosk/app/ kiosk/records/ kiosk/store/ shared/ drivers/device.hpp drivers/serial/scale_protocols.hpp)
# Screens draw state and emit commands: they see the app's state, commands and strings, never
# the store, SQLite, the controller or a driver. The headers they include are held to the
# same rule, so SQLite cannot reach a screen through them either.
hp_layer(kiosk_ui
  PATHS kiosk/ui kiosk/app/state.hpp kiosk/app/commands.hpp kiosk/app/i18n.hpp kiosk/app/customer_view.hpp
  ALLOW kiosk/ui/ kiosk/app/state.hpp kiosk/app/commands.hpp kiosk/app/i18n.hpp kiosk/app/customer_view.hpp kiosk/records/
        shared/ drivers/device.hpp
  DENY shared/store/ shared/print/)
hp_layer(server PATHS server ALLOW server/ shared/ DENY shared/print/)
# The dashboard (docs/dashboard.md): its own SQL door to the database, never the kiosk
# protocol's storage or API, so the push path and the dashboard change apart.
hp_layer(server_dash PATHS server/dash server/auth
  ALLOW server/dash/ server/auth/ server/crypto.hpp shared/ DENY shared/print/)
