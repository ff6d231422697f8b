// Text helpers shared by the parsers: UTF-8 checks, whitespace normalisation,
// line splitting. Everything works on UTF-8 bytes.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace newsdb::detail {

inline constexpr std::string_view utf8_bom = "\xEF\xBB\xBF";

// Offset of the first byte that does not start a valid UTF-8 sequence
// (overlong forms, surrogates and code points above U+10FFFF are invalid).
std::optional<std::size_t> first_invalid_utf8(std::string_view bytes) noexcept;

// Decodes the code point at `pos` of valid UTF-8; `length` receives its byte count.
char32_t decode_utf8(std::string_view bytes, std::size_t pos, std::size_t& length) noexcept;

std::size_t utf8_length(std::string_view text) noexcept;

// Appends the UTF-8 encoding of `cp` (invalid code points become U+FFFD).
void append_utf8(std::string& out, char32_t cp);

bool is_space_code_point(char32_t cp) noexcept;

// Splits on LF, CRLF and lone CR; drops a leading byte-order mark.
std::vector<std::string_view> split_lines(std::string_view text);

// One line cleaned for storage: tabs and non-breaking spaces become spaces,
// zero-width spaces and stray BOMs are dropped, runs of spaces collapse, ends trimmed.
std::string normalize_line(std::string_view line);

std::string_view trim(std::string_view text) noexcept;
std::string to_lower_ascii(std::string_view text);
bool iequals(std::string_view a, std::string_view b) noexcept;
bool istarts_with(std::string_view text, std::string_view prefix) noexcept;

inline bool is_ascii_digit(char c) noexcept { return c >= '0' && c <= '9'; }
// HTML's whitespace (space, tab, LF, FF, CR).
inline bool is_html_space(char c) noexcept { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'; }

// "[12] ..." at the start of a line (1 to 4 digits, not 0): the number and
// where the note's text begins, after the spaces that follow the bracket.
std::optional<std::pair<int, std::size_t>> bracket_label(std::string_view line);

} // namespace newsdb::detail
