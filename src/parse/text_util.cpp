#include "parse/text_util.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>

namespace newsdb::detail {

namespace {

unsigned char byte_at(std::string_view s, std::size_t i) noexcept {
    return static_cast<unsigned char>(s[i]);
}

bool is_continuation(unsigned char b) noexcept { return (b & 0xC0U) == 0x80U; }

char ascii_lower(char c) noexcept {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

// Code points removed outright: zero-width space, word joiner, BOM.
bool is_dropped_code_point(char32_t cp) noexcept {
    return cp == 0x200B || cp == 0x2060 || cp == 0xFEFF;
}

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

std::vector<std::string_view> split_lines(std::string_view text) {
    if (text.substr(0, utf8_bom.size()) == utf8_bom) text.remove_prefix(utf8_bom.size());
    std::vector<std::string_view> lines;
    std::size_t start = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\n' || text[i] == '\r') {
            lines.push_back(text.substr(start, i - start));
            if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
            start = i + 1;
        }
    }
    if (start < text.size()) lines.push_back(text.substr(start));
    return lines;
}

std::string normalize_line(std::string_view line) {
    std::string out;
    out.reserve(line.size());
    bool pending_space = false;
    auto ascii_word_byte = [&](std::size_t i) {
        const unsigned char b = byte_at(line, i);
        return b < 0x80 && b != ' ' && (b < '\t' || b > '\r');
    };
    for (std::size_t i = 0; i < line.size();) {
        if (ascii_word_byte(i)) {
            // A run of ASCII other than spaces, copied at once: most of a text.
            std::size_t end = i + 1;
            while (end < line.size() && ascii_word_byte(end)) ++end;
            if (pending_space) out += ' ';
            pending_space = false;
            out.append(line, i, end - i);
            i = end;
            continue;
        }
        std::size_t len = 1;
        const char32_t cp = byte_at(line, i) < 0x80 ? byte_at(line, i) : decode_utf8(line, i, len);
        if (is_dropped_code_point(cp)) {
            // Dropped without a trace: a zero-width space joins, it does not separate.
        } else if (is_space_code_point(cp)) {
            pending_space = !out.empty();
        } else {
            if (pending_space) out += ' ';
            pending_space = false;
            out.append(line.substr(i, len));
        }
        i += len;
    }
    return out;
}

std::string_view trim(std::string_view text) noexcept {
    const auto is_ws = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
    while (!text.empty() && is_ws(text.front())) text.remove_prefix(1);
    while (!text.empty() && is_ws(text.back())) text.remove_suffix(1);
    return text;
}

std::string to_lower_ascii(std::string_view text) {
    std::string out(text);
    for (char& c : out) c = ascii_lower(c);
    return out;
}

bool iequals(std::string_view a, std::string_view b) noexcept {
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(),
                      [](char x, char y) { return ascii_lower(x) == ascii_lower(y); });
}

bool istarts_with(std::string_view text, std::string_view prefix) noexcept {
    return text.size() >= prefix.size() && iequals(text.substr(0, prefix.size()), prefix);
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

std::optional<std::pair<int, std::size_t>> bracket_label(std::string_view line) {
    if (line.size() < 3 || line[0] != '[') return std::nullopt;
    std::size_t i = 1;
    int number = 0;
    while (i < line.size() && is_ascii_digit(line[i]) && i <= 4) number = number * 10 + (line[i++] - '0');
    if (i == 1 || number == 0 || i >= line.size() || line[i] != ']') return std::nullopt;
    ++i;
    while (i < line.size() && line[i] == ' ') ++i;
    return std::pair{number, i};
}

} // namespace newsdb::detail
