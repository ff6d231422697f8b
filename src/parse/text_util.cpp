#include "parse/text_util.hpp"

#include <algorithm>

#include "util/utf8.hpp"

namespace newsdb::parse {

namespace {

unsigned char byte_at(std::string_view s, std::size_t i) noexcept {
    return static_cast<unsigned char>(s[i]);
}

// Code points removed outright: zero-width space, word joiner, BOM.
bool is_dropped_code_point(char32_t cp) noexcept {
    return cp == 0x200B || cp == 0x2060 || cp == 0xFEFF;
}

} // namespace

std::vector<std::string_view> split_lines(std::string_view text) {
    if (text.substr(0, util::utf8_bom.size()) == util::utf8_bom) text.remove_prefix(util::utf8_bom.size());
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
        const char32_t cp = byte_at(line, i) < 0x80 ? byte_at(line, i) : util::decode_utf8(line, i, len);
        if (is_dropped_code_point(cp)) {
            // Dropped without a trace: a zero-width space joins, it does not separate.
        } else if (util::is_space_code_point(cp)) {
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

} // namespace newsdb::parse
