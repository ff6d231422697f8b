#include "tokenizer/fold.hpp"

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>

namespace newsdb::tokenizer {

namespace {

// NFKC_Casefold, but decomposed: one pass does case folding, compatibility
// mappings and NFD, so the marks can be dropped right after.
const UNormalizer2* casefold_decompose() {
    static const UNormalizer2* instance = [] {
        UErrorCode status = U_ZERO_ERROR;
        const UNormalizer2* n = unorm2_getInstance(nullptr, "nfkc_cf", UNORM2_DECOMPOSE, &status);
        return U_SUCCESS(status) ? n : nullptr;
    }();
    return instance;
}

const UNormalizer2* nfc() {
    static const UNormalizer2* instance = [] {
        UErrorCode status = U_ZERO_ERROR;
        const UNormalizer2* n = unorm2_getNFCInstance(&status);
        return U_SUCCESS(status) ? n : nullptr;
    }();
    return instance;
}

// Normalises src into dst (resized to fit); false on an ICU error.
bool normalize(const UNormalizer2* n, const char16_t* src, int32_t length, std::u16string& dst,
               int32_t& dst_length) {
    if (n == nullptr) return false;
    if (dst.size() < static_cast<std::size_t>(length) * 2 + 8) dst.resize(static_cast<std::size_t>(length) * 2 + 8);
    UErrorCode status = U_ZERO_ERROR;
    dst_length = unorm2_normalize(n, src, length, dst.data(), static_cast<int32_t>(dst.size()), &status);
    if (status == U_BUFFER_OVERFLOW_ERROR) {
        dst.resize(static_cast<std::size_t>(dst_length));
        status = U_ZERO_ERROR;
        dst_length = unorm2_normalize(n, src, length, dst.data(), static_cast<int32_t>(dst.size()), &status);
    }
    return U_SUCCESS(status);
}

// Latin letters that have no canonical decomposition, and what they fold to
// (lower case: they are looked up after case folding). nullptr: no mapping.
const char* latin_letter(UChar32 c) {
    switch (c) {
    case 0x00DF: return "ss";  // ß (NFKC_Casefold already maps it; kept for clarity)
    case 0x00E6: return "ae";  // æ
    case 0x00F0: return "d";   // ð
    case 0x00F8: return "o";   // ø
    case 0x00FE: return "th";  // þ
    case 0x0111: return "d";   // đ
    case 0x0127: return "h";   // ħ
    case 0x0131: return "i";   // ı
    case 0x0138: return "q";   // ĸ
    case 0x0142: return "l";   // ł
    case 0x014B: return "n";   // ŋ
    case 0x0153: return "oe";  // œ
    case 0x0167: return "t";   // ŧ
    case 0x0180: return "b";   // ƀ
    case 0x0192: return "f";   // ƒ
    case 0x01B6: return "z";   // ƶ
    case 0x01DD: return "e";   // ǝ
    case 0x0237: return "j";   // ȷ
    case 0x0259: return "e";   // ə (Azerbaijani)
    case 0x0268: return "i";   // ɨ
    case 0x0289: return "u";   // ʉ
    default: return nullptr;
    }
}

UScriptCode script_of(UChar32 c) {
    if (c < 0x250) return USCRIPT_LATIN;
    if (c >= 0x370 && c < 0x400) return USCRIPT_GREEK;
    UErrorCode status = U_ZERO_ERROR;
    UScriptCode s = uscript_getScript(c, &status);
    return U_SUCCESS(status) ? s : USCRIPT_COMMON;
}

// Whether the non-spacing mark `mark` on `base` is a diacritic that folding drops.
bool drop_mark(UChar32 base, UChar32 mark) {
    switch (script_of(base)) {
    case USCRIPT_LATIN:
    case USCRIPT_GREEK:
        return true;
    case USCRIPT_ARABIC:  // harakat, superscript alef
        return (mark >= 0x064B && mark <= 0x065F) || mark == 0x0670;
    case USCRIPT_HEBREW:  // points and cantillation
        return mark >= 0x0591 && mark <= 0x05C7;
    case USCRIPT_CYRILLIC:  // ё → е, commonly written so
        return base == 0x0435 && mark == 0x0308;
    default:
        return false;
    }
}

} // namespace

void Folder::fold(std::string_view word, std::string& out) {
    out.clear();
    for (unsigned char c : word) {
        if (c >= 0x80) {
            fold_unicode(word, out);
            return;
        }
    }
    out.reserve(word.size());
    for (unsigned char c : word) {
        if (c >= 'A' && c <= 'Z') out += static_cast<char>(c - 'A' + 'a');
        else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) out += static_cast<char>(c);
    }
}

void Folder::fold_unicode(std::string_view word, std::string& out) {
    // UTF-8 -> UTF-16: never more code units than bytes.
    if (a_.size() < word.size() + 1) a_.resize(word.size() + 1);
    UErrorCode status = U_ZERO_ERROR;
    int32_t length = 0;
    u_strFromUTF8WithSub(a_.data(), static_cast<int32_t>(a_.size()), &length, word.data(),
                         static_cast<int32_t>(word.size()), 0xFFFD, nullptr, &status);
    if (U_FAILURE(status)) return;

    int32_t decomposed = 0;
    if (!normalize(casefold_decompose(), a_.data(), length, b_, decomposed)) return;

    // Filter b_ into a_ (it only shrinks, except for the table's two-letter mappings).
    if (a_.size() < static_cast<std::size_t>(decomposed) * 2 + 2) a_.resize(static_cast<std::size_t>(decomposed) * 2 + 2);
    int32_t kept = 0;
    bool kept_marks = false;
    UChar32 base = 0;
    for (int32_t i = 0; i < decomposed;) {
        UChar32 c;
        U16_NEXT(b_.data(), i, decomposed, c);
        switch (u_charType(c)) {
        case U_NON_SPACING_MARK:
            if (base != 0 && drop_mark(base, c)) continue;
            kept_marks = true;
            break;
        case U_UPPERCASE_LETTER:
        case U_LOWERCASE_LETTER:
        case U_TITLECASE_LETTER:
        case U_OTHER_LETTER:
        case U_DECIMAL_DIGIT_NUMBER:
        case U_LETTER_NUMBER:
        case U_OTHER_NUMBER:
        case U_PRIVATE_USE_CHAR:
            base = c;
            if (c >= 0xDF && c < 0x300) {
                if (const char* ascii = latin_letter(c)) {
                    for (const char* p = ascii; *p; ++p) a_[static_cast<std::size_t>(kept++)] = static_cast<char16_t>(*p);
                    continue;
                }
            }
            break;
        case U_MODIFIER_LETTER:
            if (c == 0x0640) continue;  // Arabic tatweel: a stretch, not a letter
            base = c;
            break;
        case U_COMBINING_SPACING_MARK:
        case U_ENCLOSING_MARK:
            kept_marks = true;
            break;
        default:
            continue;  // punctuation, symbols, format characters
        }
        UBool error = false;
        U16_APPEND(a_.data(), kept, static_cast<int32_t>(a_.size()), c, error);
        (void)error;  // cannot happen: a_ holds twice the input
    }

    const char16_t* result = a_.data();
    if (kept_marks) {
        // Recompose what is left (й, が, Devanagari) so equal words have equal bytes.
        if (!normalize(nfc(), a_.data(), kept, b_, kept)) return;
        result = b_.data();
    }
    out.resize(static_cast<std::size_t>(kept) * 3);
    int32_t bytes = 0;
    status = U_ZERO_ERROR;
    u_strToUTF8(out.data(), static_cast<int32_t>(out.size()), &bytes, result, kept, &status);
    out.resize(U_SUCCESS(status) || status == U_STRING_NOT_TERMINATED_WARNING ? static_cast<std::size_t>(bytes) : 0);
}

bool spell_out(std::string_view word, TypedSpelling spelling, std::string& out) {
    if (spelling == TypedSpelling::none) return false;
    // The letters are all U+00C0..U+00FF: two bytes, C3 and one more.
    auto spelled = [spelling](unsigned char second) -> const char* {
        switch (second | 0x20) {  // 0x84 (Ä) -> 0xA4 (ä) ...
        case 0xA4: return spelling == TypedSpelling::german ? "ae" : nullptr;  // ä
        case 0xB6: return spelling == TypedSpelling::german ? "oe" : nullptr;  // ö
        case 0xBC: return spelling == TypedSpelling::german ? "ue" : nullptr;  // ü
        case 0xA5: return spelling == TypedSpelling::danish_norwegian ? "aa" : nullptr;  // å
        case 0xB8: return spelling == TypedSpelling::danish_norwegian ? "oe" : nullptr;  // ø
        default: return nullptr;
        }
    };
    bool any = false;
    std::size_t copied = 0;  // word[0, copied) is in out
    for (std::size_t i = 0; i + 1 < word.size(); ++i) {
        if (static_cast<unsigned char>(word[i]) != 0xC3) continue;
        const char* letters = spelled(static_cast<unsigned char>(word[i + 1]));
        if (letters == nullptr) continue;
        if (!any) out.clear();
        any = true;
        out.append(word.substr(copied, i - copied)).append(letters);
        copied = i + 2;
        ++i;
    }
    if (!any) return false;
    out.append(word.substr(copied));
    return true;
}

} // namespace newsdb::tokenizer
