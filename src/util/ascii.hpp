// ASCII case and digits, for names and keywords that are ASCII by definition
// (file extensions, HTML names, query words): other bytes pass unchanged.
#pragma once

#include <string>
#include <string_view>

namespace newsdb::util {

std::string to_lower_ascii(std::string_view text);
bool iequals(std::string_view a, std::string_view b) noexcept;
bool istarts_with(std::string_view text, std::string_view prefix) noexcept;

inline bool is_ascii_digit(char c) noexcept { return c >= '0' && c <= '9'; }

} // namespace newsdb::util
