# Windows and macOS: icons, version information, bundle identifiers and the
# deployment of Qt's libraries and plugins next to the programs. Included by
# the top-level CMakeLists.txt; each program's CMakeLists.txt calls
# qtchat_platform_setup() for itself. Built by CI on those systems
# (.github/workflows/build.yml), not on the Linux machine.

# qtchat_platform_setup(<target> <description> <gui-app>): call where the target is made.
function(qtchat_platform_setup target description gui)
    if(WIN32)
        set(QTCHAT_RC_NAME "${target}")
        set(QTCHAT_RC_DESCRIPTION "${description}")
        set(QTCHAT_RC_ICON "${PROJECT_SOURCE_DIR}/packaging/windows/qtchat.ico")
        configure_file("${PROJECT_SOURCE_DIR}/packaging/windows/qtchat.rc.in"
                       "${CMAKE_CURRENT_BINARY_DIR}/${target}.rc" @ONLY)
        target_sources(${target} PRIVATE "${CMAKE_CURRENT_BINARY_DIR}/${target}.rc")
        # The client has no console; the server keeps one so that --no-gui shows its log
        # (double-clicked, it lets go of the console it was given).
        set_target_properties(${target} PROPERTIES WIN32_EXECUTABLE ${gui})
    elseif(APPLE AND gui)
        # An .icns made from the PNGs by iconutil, which every Mac has.
        set(iconset "${CMAKE_CURRENT_BINARY_DIR}/qtchat.iconset")
        set(icns "${CMAKE_CURRENT_BINARY_DIR}/qtchat.icns")
        set(hicolor "${PROJECT_SOURCE_DIR}/packaging/icons/hicolor")
        add_custom_command(OUTPUT "${icns}"
            COMMAND ${CMAKE_COMMAND} -E make_directory "${iconset}"
            COMMAND ${CMAKE_COMMAND} -E copy "${hicolor}/16x16/apps/io.github.qtchat.png" "${iconset}/icon_16x16.png"
            COMMAND ${CMAKE_COMMAND} -E copy "${hicolor}/32x32/apps/io.github.qtchat.png" "${iconset}/icon_16x16@2x.png"
            COMMAND ${CMAKE_COMMAND} -E copy "${hicolor}/32x32/apps/io.github.qtchat.png" "${iconset}/icon_32x32.png"
            COMMAND ${CMAKE_COMMAND} -E copy "${hicolor}/64x64/apps/io.github.qtchat.png" "${iconset}/icon_32x32@2x.png"
            COMMAND ${CMAKE_COMMAND} -E copy "${hicolor}/128x128/apps/io.github.qtchat.png" "${iconset}/icon_128x128.png"
            COMMAND ${CMAKE_COMMAND} -E copy "${hicolor}/256x256/apps/io.github.qtchat.png" "${iconset}/icon_128x128@2x.png"
            COMMAND ${CMAKE_COMMAND} -E copy "${hicolor}/256x256/apps/io.github.qtchat.png" "${iconset}/icon_256x256.png"
            COMMAND iconutil -c icns -o "${icns}" "${iconset}"
            DEPENDS "${hicolor}/256x256/apps/io.github.qtchat.png"
            VERBATIM)
        target_sources(${target} PRIVATE "${icns}")
        set_source_files_properties("${icns}" PROPERTIES MACOSX_PACKAGE_LOCATION Resources)
        set_target_properties(${target} PROPERTIES
            MACOSX_BUNDLE ON
            MACOSX_BUNDLE_GUI_IDENTIFIER "io.github.qtchat"
            MACOSX_BUNDLE_BUNDLE_NAME "qtchat"
            MACOSX_BUNDLE_ICON_FILE "qtchat.icns"
            MACOSX_BUNDLE_BUNDLE_VERSION "${PROJECT_VERSION}"
            MACOSX_BUNDLE_SHORT_VERSION_STRING "${PROJECT_VERSION}")
    endif()
endfunction()

# qtchat_deploy(<target>): installs Qt's libraries, plugins (platforms, styles,
# sqldrivers, tls) and translations with the program (Windows and macOS).
function(qtchat_deploy target)
    if(NOT (WIN32 OR APPLE))
        return()
    endif()
    # On macOS Qt deploys app bundles only; the server is a plain console
    # program there and uses the Qt installed on the Mac (not packaged yet).
    get_target_property(bundle ${target} MACOSX_BUNDLE)
    if(APPLE AND NOT bundle)
        return()
    endif()
    if(Qt6_VERSION VERSION_GREATER_EQUAL 6.5)
        qt_generate_deploy_app_script(TARGET ${target} OUTPUT_SCRIPT deploy_script
                                      NO_UNSUPPORTED_PLATFORM_ERROR)
    else()
        qt_generate_deploy_app_script(TARGET ${target} FILENAME_VARIABLE deploy_script
                                      NO_UNSUPPORTED_PLATFORM_ERROR)
    endif()
    install(SCRIPT "${deploy_script}")
endfunction()
