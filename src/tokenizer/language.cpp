#include "tokenizer/language.hpp"

#include <cld2/public/compact_lang_det.h>
#include <cld2/public/encodings.h>

#include <cctype>
#include <climits>

namespace newsdb::tokenizer {

std::string detect_language(std::string_view text, std::size_t max_bytes) {
    std::size_t n = std::min(text.size(), max_bytes);
    // Do not cut a UTF-8 sequence in half.
    while (n > 0 && n < text.size() && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;
    bool reliable = false;
    const CLD2::Language lang =
        CLD2::DetectLanguage(text.data(), static_cast<int>(n), /*is_plain_text=*/true, &reliable);
    if (!reliable || lang == CLD2::UNKNOWN_LANGUAGE) return {};
    std::string code = CLD2::LanguageCode(lang);
    // CLD2 reports e.g. "zh-Hant"; keep the primary subtag only.
    return normalize_language_tag(code);
}

std::string normalize_language_tag(std::string_view tag) {
    std::string out;
    for (char c : tag) {
        if (c == '-' || c == '_') break;
        if (!std::isalpha(static_cast<unsigned char>(c))) return {};
        out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return out.size() == 2 ? out : std::string{};
}

} // namespace newsdb::tokenizer
