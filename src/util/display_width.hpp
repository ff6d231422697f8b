// How many terminal columns text takes: what lines up tables and bars (and
// concordance lines) whatever the script.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace newsdb::util {

// Columns of one code point: 0 for combining marks, format and control
// characters, 2 for East Asian wide and fullwidth ones (CJK, most emoji), else 1.
int code_point_width(char32_t cp) noexcept;

// Columns of `text` (UTF-8; an invalid byte counts as one column).
std::size_t display_width(std::string_view text) noexcept;

// `text` padded with spaces to `columns` (on the right, or on the left when
// `align` is right); text wider than `columns` is returned whole.
enum class Align { left, right };
std::string pad_to_width(std::string_view text, std::size_t columns, Align align = Align::left);

} // namespace newsdb::util
