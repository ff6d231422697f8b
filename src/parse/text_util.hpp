// Text helpers shared by the parsers: whitespace normalisation, line
// splitting. Everything works on UTF-8 bytes; the UTF-8 codec itself is in
// util/utf8.hpp, ASCII case in util/ascii.hpp.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "util/ascii.hpp"

namespace newsdb::parse {

// Splits on LF, CRLF and lone CR; drops a leading byte-order mark.
std::vector<std::string_view> split_lines(std::string_view text);

// One line cleaned for storage: tabs and non-breaking spaces become spaces,
// zero-width spaces and stray BOMs are dropped, runs of spaces collapse, ends trimmed.
std::string normalize_line(std::string_view line);

std::string_view trim(std::string_view text) noexcept;
// The parsers name util's ASCII helpers as their own.
using util::iequals;
using util::is_ascii_digit;
using util::istarts_with;
using util::to_lower_ascii;

// HTML's whitespace (space, tab, LF, FF, CR).
inline bool is_html_space(char c) noexcept { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'; }

// "[12] ..." at the start of a line (1 to 4 digits, not 0): the number and
// where the note's text begins, after the spaces that follow the bracket.
std::optional<std::pair<int, std::size_t>> bracket_label(std::string_view line);

} // namespace newsdb::parse
