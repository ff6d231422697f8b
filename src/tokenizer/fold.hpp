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

} // namespace newsdb::tokenizer
