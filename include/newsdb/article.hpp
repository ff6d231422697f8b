// Value types for an article as parsed from a file, before it is stored.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace newsdb {

// A mark such as `[3]` in a paragraph that cites footnote 3. The mark itself is
// removed from Paragraph::text (so it never glues to the words around it in the
// index); `offset` is the byte offset in the cleaned text where it stood.
struct Citation {
    int footnote_number = 0;
    std::size_t offset = 0;
    bool operator==(const Citation&) const = default;
};

struct Paragraph {
    std::string text;                 // cleaned UTF-8, one line, no citation marks
    std::vector<Citation> citations;  // in order of offset
    bool operator==(const Paragraph&) const = default;
};

// A numbered note with the fields it carries; a field the note does not carry is
// empty (never invented). `text` is the whole note without its `[N]` label.
struct Footnote {
    int number = 0;
    std::string text;
    std::string title;
    std::string author;
    std::string publisher;
    std::string date;  // ISO 8601 (YYYY, YYYY-MM or YYYY-MM-DD) or empty
    std::string url;   // as written, possibly truncated; empty when absent
    bool operator==(const Footnote&) const = default;
};

// A line that is not part of the article: site chrome or a paywall notice.
// Kept for transparency (`show` lists them) but never indexed.
struct Boilerplate {
    enum class Kind { chrome, paywall };
    Kind kind = Kind::chrome;
    std::string text;
    bool operator==(const Boilerplate&) const = default;
};

struct ParsedArticle {
    std::string title;
    std::string date;    // ISO 8601 or empty
    std::string source;  // publisher / site name, or empty
    std::string author;
    std::string url;
    std::string language;  // ISO 639-1 code when the input says so (e.g. <html lang>), else empty
    std::vector<std::string> tags;           // topics, places, keywords from the input
    bool is_excerpt = false;                 // a paywall cut the text short
    std::optional<int64_t> words_shown;      // from e.g. "End of Excerpt (304/1,399 words)"
    std::optional<int64_t> words_total;
    std::vector<Paragraph> paragraphs;
    std::vector<Footnote> footnotes;         // ordered by number
    std::vector<Boilerplate> boilerplate;
    bool operator==(const ParsedArticle&) const = default;
};

} // namespace newsdb
