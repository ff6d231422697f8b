# Build policy in one place: every project target links newsdb_policy.
add_library(newsdb_policy INTERFACE)
target_compile_options(newsdb_policy INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
  -Wno-sign-conversion)
if(NEWSDB_WERROR)
  target_compile_options(newsdb_policy INTERFACE -Werror)
  # GCC 12 at -O3 (Release) reports -Wrestrict inside libstdc++'s string
  # concatenation (GCC bug 105651): shown, but not fatal.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    target_compile_options(newsdb_policy INTERFACE -Wno-error=restrict)
  endif()
endif()
if(NEWSDB_SANITIZE)
  target_compile_options(newsdb_policy INTERFACE -fsanitize=address,undefined
    -fno-sanitize-recover=all -fno-omit-frame-pointer)
  target_link_options(newsdb_policy INTERFACE -fsanitize=address,undefined)
endif()
