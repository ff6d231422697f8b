# Build policy in one place: every project target links newsdb_policy.
add_library(newsdb_policy INTERFACE)
target_compile_options(newsdb_policy INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
  -Wno-sign-conversion)
if(NEWSDB_WERROR)
  target_compile_options(newsdb_policy INTERFACE -Werror)
endif()
if(NEWSDB_SANITIZE)
  target_compile_options(newsdb_policy INTERFACE -fsanitize=address,undefined
    -fno-sanitize-recover=all -fno-omit-frame-pointer)
  target_link_options(newsdb_policy INTERFACE -fsanitize=address,undefined)
endif()
