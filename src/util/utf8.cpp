#include "util/utf8.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>

namespace newsdb::util {

namespace {

unsigned char byte_at(std::string_view s, std::size_t i) noexcept {
    return static_cast<unsigned char>(s[i]);
}

bool is_continuation(unsigned char b) noexcept { return (b & 0xC0U) == 0x80U; }

} // namespace

std::optional<std::size_t> first_invalid_utf8(std::string_view bytes) noexcept {
    std::size_t i = 0;
    const std::size_t n = bytes.size();
    while (i < n) {
        // Text is mostly ASCII: skip it eight bytes at a time.
        while (i + 8 <= n) {
            uint64_t word;
            std::memcpy(&word, bytes.data() + i, 8);
            if (word & 0x8080808080808080ULL) break;
            i += 8;
        }
        if (i >= n) break;
        const unsigned char b = byte_at(bytes, i);
        if (b < 0x80) {
            ++i;
            continue;
        }
        std::size_t len = 0;
        char32_t min = 0;
        char32_t cp = 0;
        if ((b & 0xE0U) == 0xC0U) {
            len = 2, min = 0x80, cp = b & 0x1FU;
        } else if ((b & 0xF0U) == 0xE0U) {
            len = 3, min = 0x800, cp = b & 0x0FU;
        } else if ((b & 0xF8U) == 0xF0U) {
            len = 4, min = 0x10000, cp = b & 0x07U;
        } else {
            return i;
        }
        if (i + len > n) return i;
        for (std::size_t k = 1; k < len; ++k) {
            const unsigned char c = byte_at(bytes, i + k);
            if (!is_continuation(c)) return i;
            cp = (cp << 6) | (c & 0x3FU);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
        i += len;
    }
    return std::nullopt;
}

char32_t decode_utf8(std::string_view bytes, std::size_t pos, std::size_t& length) noexcept {
    const unsigned char b = byte_at(bytes, pos);
    std::size_t len = 1;
    char32_t cp = b;
    if ((b & 0xE0U) == 0xC0U) len = 2, cp = b & 0x1FU;
    else if ((b & 0xF0U) == 0xE0U) len = 3, cp = b & 0x0FU;
    else if ((b & 0xF8U) == 0xF0U) len = 4, cp = b & 0x07U;
    if (pos + len > bytes.size()) {
        length = 1;
        return b;
    }
    for (std::size_t k = 1; k < len; ++k) cp = (cp << 6) | (byte_at(bytes, pos + k) & 0x3FU);
    length = len;
    return cp;
}

std::size_t utf8_length(std::string_view text) noexcept {
    return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
        return !is_continuation(static_cast<unsigned char>(c));
    }));
}

bool is_space_code_point(char32_t cp) noexcept {
    switch (cp) {
    case U' ': case U'\t': case U'\n': case U'\r': case U'\f': case U'\v':
    case 0x00A0: case 0x2007: case 0x202F: case 0x200B: case 0x2060: case 0xFEFF:
    case 0x1680: case 0x2028: case 0x2029: case 0x205F: case 0x3000:
        return true;
    default:
        return cp >= 0x2000 && cp <= 0x200A;
    }
}

void append_utf8(std::string& out, char32_t cp) {
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

} // namespace newsdb::util
