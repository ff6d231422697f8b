// UTF-8 and Unicode helpers used across the modules: validation, decoding,
// encoding, code point counts, Unicode white space.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace newsdb::util {

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

} // namespace newsdb::util
