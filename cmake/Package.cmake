# The Debian package: `cpack -G DEB` in a build folder writes
# newsdb_VERSION_ARCH.deb, holding what `cmake --install` installs (see
# Install.cmake), under /usr. Its Depends come from dpkg-shlibdeps over the
# binary and the extension, so they name exactly the shared libraries the
# build links (fewer with NEWSDB_STATIC_DEPS, the default; a distribution
# package should turn that OFF). .ci/run builds, installs and tries it.
set(NEWSDB_PACKAGE_MAINTAINER "newsdb developers <newsdb@invalid>" CACHE STRING
  "The Debian package's Maintainer field")

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME newsdb)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "searchable local news archive in one SQLite file")
set(CPACK_PACKAGE_DESCRIPTION "newsdb turns saved article files (plain text, HTML pages, Markdown, JSON and \
JSON Lines exports, Reuters SGML) into one SQLite database that it searches in milliseconds, shows and exports, \
with the sites' chrome left out and footnotes linked. The package holds the newsdb command, its manual page, \
bash and zsh completions, and the SQLite extension that lets the sqlite3 shell search an archive.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${NEWSDB_PACKAGE_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SUGGESTS sqlite3)
include(CPack)
