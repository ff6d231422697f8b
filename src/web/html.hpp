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

// The words a query searches for (not field names, operators or excluded
// words), folded for comparison; a trailing * or a stem match is a prefix.
class Highlighter {
public:
    explicit Highlighter(std::string_view query);
    bool empty() const { return words_.empty(); }
    // `text` escaped, with the words that match the query's in <mark>.
    std::string html(std::string_view text) const;

private:
    std::vector<std::string> words_;
};

} // namespace newsdb::web
