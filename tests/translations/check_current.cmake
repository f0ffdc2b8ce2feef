# Every string the sources have is in the translations: lupdate runs on a
# copy of each .ts file and must find nothing new (a string added in the code
# but never collected would otherwise go out in English, unnoticed).
# cmake -DLUPDATE=... -DSOURCES_LIST=... -DTS_FILES=a.ts|b.ts -DWORK_DIR=... -P check_current.cmake
string(REPLACE "|" ";" TS_FILES "${TS_FILES}")
file(STRINGS "${SOURCES_LIST}" sources)
file(MAKE_DIRECTORY "${WORK_DIR}")
set(failed "")
foreach(ts IN LISTS TS_FILES)
    get_filename_component(name "${ts}" NAME)
    set(copy "${WORK_DIR}/${name}")
    configure_file("${ts}" "${copy}" COPYONLY)
    set(options -no-obsolete -locations none)
    if(name MATCHES "_en\\.ts$")
        list(APPEND options -pluralonly)
    endif()
    execute_process(COMMAND "${LUPDATE}" ${options} ${sources} -ts "${copy}"
                    OUTPUT_VARIABLE output ERROR_VARIABLE output RESULT_VARIABLE result)
    if(NOT result EQUAL 0)
        message(SEND_ERROR "lupdate failed on ${name}: ${output}")
        continue()
    endif()
    file(READ "${ts}" before)
    file(READ "${copy}" after)
    if(NOT before STREQUAL after)
        string(REGEX MATCHALL "<source>[^<]*</source>[ \n]*<translation type=\"unfinished\"" new
               "${after}")
        list(LENGTH new count)
        message(SEND_ERROR "${name} is not up to date with the sources (${count} strings without "
                           "a translation): run the update_translations target, translate what "
                           "is new and commit the .ts files\n${new}")
    endif()
endforeach()
