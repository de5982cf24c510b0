# Every dependency comes from a Debian 12 package (scripts/setup.sh installs them).
find_package(Threads REQUIRED)
find_package(Boost 1.81.0 EXACT REQUIRED COMPONENTS json CONFIG)
find_package(SQLite3 REQUIRED)
find_package(PostgreSQL REQUIRED)
find_package(OpenSSL REQUIRED)
find_package(CURL REQUIRED)  # SMTP for e-mail (src/mail)
find_package(PkgConfig REQUIRED)
pkg_check_modules(ARGON2 REQUIRED IMPORTED_TARGET libargon2)
find_package(CLI11 CONFIG REQUIRED)
if(TIENBO_BUILD_TESTS)
  find_package(GTest REQUIRED)
  find_package(yaml-cpp CONFIG REQUIRED)  # the hostile-input suite reads docs/openapi.yaml
endif()
if(TIENBO_BUILD_BENCH)
  find_package(benchmark REQUIRED)
endif()
# Boost headers are third-party: mark them SYSTEM so -Werror only applies to us.
set_target_properties(Boost::headers PROPERTIES SYSTEM TRUE)
