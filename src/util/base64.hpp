// Base64 (RFC 4648, with padding), for binary data inside JSON text.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace newsdb::util {

std::string base64_encode(std::string_view bytes);
// nullopt when `text` is not canonical padded base64 (no spaces or line breaks).
std::optional<std::string> base64_decode(std::string_view text);

} // namespace newsdb::util
