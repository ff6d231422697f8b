#include "query/characters.hpp"

#include <algorithm>
#include <cctype>

#include "util/utf8.hpp"

namespace newsdb::query {

namespace {

bool in(char32_t c, char32_t low, char32_t high) { return c >= low && c <= high; }

} // namespace

std::size_t column_of(std::string_view text, std::size_t offset) {
    return util::utf8_length(text.substr(0, std::min(offset, text.size()))) + 1;
}

bool is_space(char32_t c) {
    return c <= 0x20 || c == 0x7F || in(c, 0x80, 0x9F) || c == 0xA0 || c == 0x1680 ||
           in(c, 0x2000, 0x200B) || c == 0x2028 || c == 0x2029 || c == 0x202F ||
           c == 0x205F || c == 0x3000 || c == 0xFEFF;
}

bool is_unicode_punctuation(char32_t c) {
    if (in(c, 0xA1, 0xBF)) {
        // ª ² ³ µ ¹ º ¼ ½ ¾ are letters or numbers.
        return c != 0xAA && c != 0xB2 && c != 0xB3 && c != 0xB5 && c != 0xB9 && c != 0xBA &&
               !in(c, 0xBC, 0xBE);
    }
    return c == 0xD7 || c == 0xF7 || in(c, 0x200C, 0x200D) || in(c, 0x2010, 0x2027) ||
           in(c, 0x2030, 0x205E) || in(c, 0x2060, 0x206F) || in(c, 0x20A0, 0x20CF) ||
           in(c, 0x2190, 0x23FF) || in(c, 0x2500, 0x2775) || in(c, 0x2794, 0x2BFF) ||
           in(c, 0x2E00, 0x2E7F) || in(c, 0x3001, 0x3004) || in(c, 0x3008, 0x3020) ||
           c == 0x3030 || in(c, 0x303D, 0x303F) || in(c, 0xFE00, 0xFE19) ||
           in(c, 0xFE30, 0xFE6F) || in(c, 0xFF01, 0xFF0F) || in(c, 0xFF1A, 0xFF20) ||
           in(c, 0xFF3B, 0xFF40) || in(c, 0xFF5B, 0xFF65) || in(c, 0xFFF9, 0xFFFD) ||
           in(c, 0x1F000, 0x1F0FF) || in(c, 0x1F10D, 0x1FAFF);
}

bool is_ascii_alnum(char32_t c) {
    return in(c, '0', '9') || in(c, 'A', 'Z') || in(c, 'a', 'z');
}

bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

std::string ascii_lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

bool has_searchable(std::string_view text) {
    for (std::size_t i = 0; i < text.size();) {
        std::size_t length = 0;
        const char32_t c = util::decode_utf8(text, i, length);
        i += length;
        if (c < 0x80) {
            if (is_ascii_alnum(c)) return true;
        } else if (!is_space(c) && !is_unicode_punctuation(c)) {
            return true;
        }
    }
    return false;
}

std::string dotted_acronym(std::string_view text) {
    std::string letters;
    std::size_t i = 0;
    while (i < text.size()) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (!std::isalpha(c)) return {};
        letters += static_cast<char>(c);
        ++i;
        if (i < text.size()) {
            if (text[i] != '.') return {};
            ++i;
        }
    }
    return letters.size() >= 3 && text.find('.') != std::string_view::npos ? letters : std::string{};
}

} // namespace newsdb::query
