# lg_add_unit_test(NAME SOURCES... LIBS ...): one Criterion binary per test file, labelled
# "unit", linked only with the module under test.
function(lg_add_unit_test name)
    cmake_parse_arguments(T "" "" "SOURCES;LIBS" ${ARGN})
    add_executable(${name} ${T_SOURCES})
    target_link_libraries(${name} PRIVATE ${T_LIBS} PkgConfig::CRITERION lg_warnings
        lg_sanitize)
    target_compile_definitions(${name} PRIVATE TOP_SRCDIR="${CMAKE_SOURCE_DIR}")
    add_test(NAME ${name} COMMAND ${name} --jobs 2)
    # Criterion itself leaks under LeakSanitizer (Snaipe/Criterion #501).
    set_tests_properties(${name} PROPERTIES LABELS unit TIMEOUT 300
        ENVIRONMENT "ASAN_OPTIONS=detect_leaks=0")
endfunction()

# lg_module(NAME DIR LIBS...): a static library from every .c in DIR, exporting
# include/<module> only.
function(lg_module name)
    cmake_parse_arguments(M "" "INCDIR" "LIBS" ${ARGN})
    file(GLOB _srcs CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.c)
    if(NOT _srcs)
        set(_srcs ${CMAKE_SOURCE_DIR}/cmake/empty.c)
    endif()
    add_library(${name} STATIC ${_srcs})
    target_include_directories(${name} PUBLIC ${CMAKE_SOURCE_DIR}/include/${M_INCDIR}
        PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
    target_link_libraries(${name} PUBLIC ${M_LIBS} PRIVATE lg_warnings lg_sanitize)
endfunction()
