// Input paths as the archive records and orders them.
#pragma once

#include <string>
#include <string_view>

namespace newsdb::store {

// The path under which a file's articles are recorded: absolute and normalised,
// without resolving symlinks (a link and its target are two paths).
std::string path_key(const std::string& path);

// The order of std::filesystem::path's operator< (component by component) for
// plain paths (no "." or "..", single separators), at the cost of a string
// comparison: a separator sorts before every other character.
bool path_less(std::string_view a, std::string_view b);

} // namespace newsdb::store
