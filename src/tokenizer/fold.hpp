// Folding of one word for the search index: what makes `lodz` find `Łódź`.
#pragma once

#include <string>
#include <string_view>

namespace newsdb::tokenizer {

// Folds words; holds scratch buffers, so one Folder per thread.
//
// A word is folded by: full case folding with compatibility forms
// (NFKC_Casefold: ß→ss, ﬁ→fi, full-width→ASCII), then removing the diacritics
// of Latin and Greek letters (NFD, drop the marks), Arabic harakat and Hebrew
// points, a table for Latin letters without a decomposition (ł→l, ø→o, ı→i,
// æ→ae, œ→oe, đ→d, þ→th ...) and Cyrillic ё→е. Marks of other scripts (Cyrillic
// й, Devanagari, Thai, Japanese dakuten) are kept: they make different letters.
// Characters other than letters, digits and marks are dropped.
class Folder {
public:
    // Replaces `out` with the folded form of the UTF-8 `word` (may be empty).
    void fold(std::string_view word, std::string& out);

private:
    void fold_unicode(std::string_view word, std::string& out);
    std::u16string a_, b_;
};

// How a language's letters are typed where a keyboard lacks them, beyond
// dropping accents (which folding does anyway): Germans write ä ö ü as ae oe
// ue (oesterreich, muenchen; ß as ss folds already); Danes and Norwegians
// write å as aa and ø as oe (aarhus, koebenhavn; æ folds to ae already).
// Swedes and Finns simply drop the dots (malmo), which folding covers.
enum class TypedSpelling { none, german, danish_norwegian };

// The spelling convention of a language code ("de", "da", "no", "nb", "nn").
constexpr TypedSpelling typed_spelling(std::string_view language) {
    if (language == "de") return TypedSpelling::german;
    if (language == "da" || language == "no" || language == "nb" || language == "nn")
        return TypedSpelling::danish_norwegian;
    return TypedSpelling::none;
}

// Replaces `out` with `word` (UTF-8, not folded) with those letters, upper or
// lower case, written out in lower case ("Österreich" -> "oesterreich"), for
// folding. False, with `out` unspecified, when `word` has none of them.
bool spell_out(std::string_view word, TypedSpelling spelling, std::string& out);

} // namespace newsdb::tokenizer
