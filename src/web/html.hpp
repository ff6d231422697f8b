// HTML building blocks: escaping, highlighted text, numbers. Every piece of
// article text or metadata reaches a page through one of these.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace newsdb::web {

// Escapes & < > " ' for text and for attribute values in double quotes.
std::string escape(std::string_view text);

// A snippet with kMatchStart/kMatchEnd as escaped text with <mark> elements.
std::string snippet_html(std::string_view snippet);

// `url` when it is an http(s) URL that may stand in an href (escaped), else "".
std::string safe_href(std::string_view url);

// "1,399".
std::string with_commas(int64_t n);
// "1 article", "2,048 articles".
std::string count_of(int64_t n, std::string_view one, std::string_view many);

// The words a query searches for (not field names or values, operators or
// excluded words), folded and stemmed in `language` (ISO 639-1; English when
// newsdb does not stem it) as the index does: `word*` marks words starting
// with it, `=word` only the word as written.
class Highlighter {
public:
    explicit Highlighter(std::string_view query, std::string_view language = "en");
    bool empty() const { return words_.empty(); }
    // `text` escaped, with the words that match the query's in <mark>.
    std::string html(std::string_view text) const;

private:
    enum class Match { stem, prefix, exact };
    struct Word {
        std::string key;
        Match match;
    };
    std::string stem(const std::string& folded) const;
    std::vector<Word> words_;
    int language_ = -1;
};

} // namespace newsdb::web
