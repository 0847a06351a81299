# Third-party libraries, all from Debian 12 packages (scripts/deps.sh installs them).
find_package(PkgConfig REQUIRED)
pkg_check_modules(UV REQUIRED IMPORTED_TARGET libuv)
pkg_check_modules(SQLITE3 REQUIRED IMPORTED_TARGET sqlite3)
pkg_check_modules(CURL REQUIRED IMPORTED_TARGET libcurl)
pkg_check_modules(OPENSSL REQUIRED IMPORTED_TARGET openssl)
pkg_check_modules(ZSTD REQUIRED IMPORTED_TARGET libzstd)
pkg_check_modules(PCRE2 REQUIRED IMPORTED_TARGET libpcre2-8)
pkg_check_modules(PROTOBUFC REQUIRED IMPORTED_TARGET libprotobuf-c)
pkg_check_modules(ICU REQUIRED IMPORTED_TARGET icu-uc icu-i18n)

# libpg_query has no .pc file in Debian. Its runtime bundles protobuf-c; we need only the
# protobuf-c header (include dirs), not its library.
find_path(PG_QUERY_INCLUDE_DIR pg_query.h REQUIRED)
find_library(PG_QUERY_LIBRARY pg_query REQUIRED)
add_library(lg_pg_query INTERFACE)
target_include_directories(lg_pg_query INTERFACE ${PG_QUERY_INCLUDE_DIR}
    ${PROTOBUFC_INCLUDE_DIRS})
target_link_libraries(lg_pg_query INTERFACE ${PG_QUERY_LIBRARY})

find_path(XXHASH_INCLUDE_DIR xxhash.h REQUIRED)

if(LG_TESTS)
    pkg_check_modules(CRITERION REQUIRED IMPORTED_TARGET criterion)
    pkg_check_modules(LIBPQ REQUIRED IMPORTED_TARGET libpq)
endif()
