// Escaping shared by the writers in src/export.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

// `exporting`, not `export`: `export` is a C++ keyword.
namespace newsdb::exporting {

enum class MarkerHandling { keep, drop };

// Makes article text safe to print on one line of a terminal: CR, LF and tab
// become spaces, other C0 controls and DEL are dropped (so an article cannot
// send escape sequences). kMatchStart/kMatchEnd are kept when asked.
std::string one_line(std::string_view text, MarkerHandling markers = MarkerHandling::drop);

// Backslash-escapes every character that could start Markdown or HTML markup,
// so the text renders literally. Also flattens the text to one line.
std::string escape_markdown(std::string_view text);

// Text for XML (SVG) content and attribute values: & < > " ' escaped, C0
// controls other than tab and newline dropped, invalid UTF-8 as U+FFFD.
std::string xml_text(std::string_view text);

// 1399 -> "1,399".
std::string group_thousands(int64_t value);

}  // namespace newsdb::exporting
