// Snowball stemmers by ISO 639-1 language code.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>

struct sb_stemmer;

namespace newsdb::tokenizer {

// The languages newsdb stems: ISO 639-1 code and Snowball algorithm name, one
// entry per algorithm (Bokmål "nb" and Nynorsk "nn" are read as "no").
struct StemLanguage {
    std::string_view code;
    const char* algorithm;
};
inline constexpr std::array<StemLanguage, 28> kStemLanguages{{
    {"ar", "arabic"},     {"ca", "catalan"},    {"da", "danish"},     {"de", "german"},
    {"el", "greek"},      {"en", "english"},    {"es", "spanish"},    {"eu", "basque"},
    {"fi", "finnish"},    {"fr", "french"},     {"ga", "irish"},      {"hi", "hindi"},
    {"hu", "hungarian"},  {"hy", "armenian"},   {"id", "indonesian"}, {"it", "italian"},
    {"lt", "lithuanian"}, {"ne", "nepali"},     {"nl", "dutch"},      {"no", "norwegian"},
    {"pt", "portuguese"}, {"ro", "romanian"},   {"ru", "russian"},    {"sr", "serbian"},
    {"sv", "swedish"},    {"ta", "tamil"},      {"tr", "turkish"},    {"yi", "yiddish"},
}};

// The kStemLanguages index of a language code ("en"; "nb" and "nn" read as
// "no"), or -1; whether the installed Snowball has it is not checked.
int stem_language_index(std::string_view code);

// A cache of Snowball stemmers, created on first use. Snowball stemmers are not
// thread-safe: one Stemmers per tokenizer instance (FTS5 makes one per table
// per connection).
class Stemmers {
public:
    Stemmers() = default;
    Stemmers(const Stemmers&) = delete;
    Stemmers& operator=(const Stemmers&) = delete;
    ~Stemmers();

    // The kStemLanguages index of a language code ("en", "nb"), or -1 when newsdb
    // does not stem that language (or the installed Snowball lacks it).
    int language(std::string_view code);
    sb_stemmer* stemmer(int language);  // non-null for a language() result

    // Every available language (for queries, whose language is unknown).
    std::size_t count();
    int at(std::size_t index);  // index < count()

    // Stems `word` (folded UTF-8) with `stemmer`; the view lives until the next
    // call with the same stemmer. Returns `word` itself when stemming fails.
    static std::string_view stem(sb_stemmer* stemmer, std::string_view word);

private:
    sb_stemmer* get(std::size_t table_index);
    std::array<sb_stemmer*, kStemLanguages.size()> stemmers_{};
    std::array<bool, kStemLanguages.size()> tried_{};
    std::array<int, kStemLanguages.size()> available_{};  // table indexes
    std::size_t available_count_ = 0;
    bool listed_ = false;
};

// "snowball:ar,ca,...": the languages this build stems, for the tokenizer version.
std::string stem_languages_signature();

} // namespace newsdb::tokenizer
