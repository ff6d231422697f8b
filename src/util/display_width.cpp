// Display widths by ICU's character properties (East Asian Width, general
// category), the rules terminals follow (as wcwidth does).
#include "util/display_width.hpp"

#include <unicode/uchar.h>

#include "util/utf8.hpp"

namespace newsdb::util {

int code_point_width(char32_t cp) noexcept {
    const auto c = static_cast<UChar32>(cp);
    if (cp == 0x200B || (cp >= 0x1160 && cp <= 0x11FF)) return 0;  // zero width space, Hangul jamo vowels
    switch (u_charType(c)) {
    case U_NON_SPACING_MARK:
    case U_ENCLOSING_MARK:
    case U_FORMAT_CHAR:
    case U_CONTROL_CHAR: return 0;
    default: break;
    }
    const auto eaw = static_cast<UEastAsianWidth>(u_getIntPropertyValue(c, UCHAR_EAST_ASIAN_WIDTH));
    return eaw == U_EA_WIDE || eaw == U_EA_FULLWIDTH ? 2 : 1;
}

std::size_t display_width(std::string_view text) noexcept {
    std::size_t width = 0;
    while (!text.empty()) {
        const auto bad = first_invalid_utf8(text);
        const std::string_view good = text.substr(0, bad.value_or(text.size()));
        for (std::size_t i = 0; i < good.size();) {
            std::size_t length = 1;
            width += static_cast<std::size_t>(code_point_width(decode_utf8(good, i, length)));
            i += length;
        }
        if (!bad) break;
        width += 1;
        text.remove_prefix(*bad + 1);
    }
    return width;
}

std::string pad_to_width(std::string_view text, std::size_t columns, Align align) {
    const std::size_t w = display_width(text);
    if (w >= columns) return std::string(text);
    const std::string pad(columns - w, ' ');
    return align == Align::left ? std::string(text) + pad : pad + std::string(text);
}

} // namespace newsdb::util
