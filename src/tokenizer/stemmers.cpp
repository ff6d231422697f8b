#include "tokenizer/stemmers.hpp"

#include <libstemmer.h>


namespace newsdb::tokenizer {

Stemmers::~Stemmers() {
    for (sb_stemmer* s : stemmers_) {
        if (s != nullptr) sb_stemmer_delete(s);
    }
}

sb_stemmer* Stemmers::get(std::size_t table_index) {
    if (!tried_[table_index]) {
        tried_[table_index] = true;
        stemmers_[table_index] = sb_stemmer_new(kStemLanguages[table_index].algorithm, "UTF_8");
    }
    return stemmers_[table_index];
}

int stem_language_index(std::string_view code) {
    if (code == "nb" || code == "nn") code = "no";
    for (std::size_t i = 0; i < kStemLanguages.size(); ++i) {
        if (kStemLanguages[i].code == code) return static_cast<int>(i);
    }
    return -1;
}

int Stemmers::language(std::string_view code) {
    const int index = stem_language_index(code);
    return index >= 0 && get(static_cast<std::size_t>(index)) != nullptr ? index : -1;
}

sb_stemmer* Stemmers::stemmer(int language) { return get(static_cast<std::size_t>(language)); }

std::size_t Stemmers::count() {
    if (!listed_) {
        listed_ = true;
        for (std::size_t i = 0; i < kStemLanguages.size(); ++i) {
            if (get(i) != nullptr) available_[available_count_++] = static_cast<int>(i);
        }
    }
    return available_count_;
}

int Stemmers::at(std::size_t index) { return available_[index]; }

std::string_view Stemmers::stem(sb_stemmer* stemmer, std::string_view word) {
    const sb_symbol* s = sb_stemmer_stem(stemmer, reinterpret_cast<const sb_symbol*>(word.data()),
                                         static_cast<int>(word.size()));
    if (s == nullptr) return word;
    return {reinterpret_cast<const char*>(s), static_cast<std::size_t>(sb_stemmer_length(stemmer))};
}

std::string stem_languages_signature() {
    std::string sig = "snowball:";
    Stemmers probe;
    bool first = true;
    for (const auto& lang : kStemLanguages) {
        if (probe.language(lang.code) < 0) continue;
        if (!first) sig += ',';
        sig += lang.code;
        first = false;
    }
    return sig;
}

} // namespace newsdb::tokenizer
