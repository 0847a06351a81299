# lg_warnings / lg_sanitize: interface targets linked into our own targets only.
add_library(lg_warnings INTERFACE)
target_compile_options(lg_warnings INTERFACE
    -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2
    -Wvla -Wimplicit-fallthrough -Wundef -Wcast-qual -Wwrite-strings
    -Wno-overlength-strings)
if(LG_WERROR)
    target_compile_options(lg_warnings INTERFACE -Werror)
endif()
target_compile_definitions(lg_warnings INTERFACE _GNU_SOURCE)

add_library(lg_sanitize INTERFACE)
if(LG_SANITIZE)
    string(REPLACE ";" "," _lg_san "${LG_SANITIZE}")
    target_compile_options(lg_sanitize INTERFACE -fsanitize=${_lg_san} -fno-omit-frame-pointer
        -fno-sanitize-recover=undefined)
    target_link_options(lg_sanitize INTERFACE -fsanitize=${_lg_san})
    target_compile_definitions(lg_sanitize INTERFACE LG_DEBUG=1)
endif()
if(CMAKE_BUILD_TYPE STREQUAL "Debug")
    target_compile_definitions(lg_warnings INTERFACE LG_DEBUG=1)
endif()
