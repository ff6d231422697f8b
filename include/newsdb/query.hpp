// The one translator from people's query syntax to an FTS5 MATCH expression
// and the filters written inside the query. User text reaches FTS5 only
// through translate_query_full().
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "newsdb/archive.hpp"

namespace newsdb {

// Syntax (README "Query syntax"):
//   word word        all words must match (implicit AND; `AND` may be written)
//   "exact phrase"   the words in order
//   =word, ="a b"    only the word as written (after case and accent folding),
//                    not its other forms; the FTS5 string carries `=` before
//                    each such word: "=word", "=a =b"
//   a OR b           either (OR binds looser than AND)
//   -word, NOT word  exclude; needs at least one positive term beside it
//   pre*             prefix
//   ( ... )          grouping
//   NEAR(a b, N)     a and b within N words (N defaults to 10)
//   field:value      a filter (see QueryFilters): title: source: author:
//                    publisher: date: lang: kind: tag:, value a word or "quoted";
//                    only at the top level, never inside ( ), OR or NOT.
// Punctuation inside words (Europe's, R&D, $3.5, U.S., 10:30, https://x) is
// fine: each term is emitted as a quoted FTS5 string and the tokenizer splits
// it. A word `name:value` whose name is ASCII letters and not a field is an
// error (quote it to search for it). Lowercase `or`, `and`, `not`, `near` are
// ordinary words.

// An inclusive range of days as "YYYY-MM-DD"; an empty end is open.
struct DateRange {
    std::string from;
    std::string to;
    bool operator==(const DateRange&) const = default;
};

// Filters on passages; each list matches any of its values, the lists AND.
struct QueryFilters {
    std::string title;                     // FTS5 expression the article's title must match; "" = any
    std::vector<std::string> sources;      // article source, whole, case-insensitive (ASCII)
    std::vector<std::string> authors;      // part of the article's author, case-insensitive (ASCII)
    std::vector<std::string> publishers;   // part of a footnote's publisher: footnote passages only
    std::vector<std::string> languages;    // ISO 639-1, lower case
    std::vector<PassageKind> kinds;
    std::optional<DateRange> date;         // the article's whole date lies inside
    std::vector<std::string> tags;         // an article tag, whole, any case (ASCII); without a colon also
                                           // the part after one (`usa` matches `place:usa`)

    bool empty() const;
    bool operator==(const QueryFilters&) const = default;
};

struct TranslatedQuery {
    std::string match;      // FTS5 expression over passages; "" when the query has only fields
    // For ranking, when the query is two or more words or phrases ANDed (with
    // nothing but exclusions beside them): the same terms as one FTS5 phrase,
    // and as NEAR(terms, kRankNearDistance). "" otherwise.
    std::string phrase;
    std::string near;
    QueryFilters filters;
};

inline constexpr int kRankNearDistance = 5;

// Throws Error(invalid_query) whose message says what is wrong and at which
// column (1-based, in characters), e.g. `unclosed quote starting at column 7`
// — never an SQLite message. `words` exact: every word as if written `=word`.
TranslatedQuery translate_query_full(std::string_view user_query, WordMatch words = WordMatch::stemmed);

// The MATCH expression alone; a query without words (only fields) is an error.
std::string translate_query(std::string_view user_query, WordMatch words = WordMatch::stemmed);

// "2020" -> 2020-01-01..2020-12-31, "2020-02" -> 2020-02-01..2020-02-29,
// "2020-02-14" -> that day; nullopt when `text` is none of these or no real date.
std::optional<DateRange> parse_partial_date(std::string_view text);

// "2019..2020-03", "2020", "..2020-03", "2019.." (partial dates, inclusive).
// nullopt when not one, or when it ends before it starts.
std::optional<DateRange> parse_date_range(std::string_view text);

// SearchOptions' filter options as QueryFilters (validated), merged with the
// query's own: lists are joined, dates intersect, titles must all match.
// Throws Error(invalid_argument) naming the option for a bad value.
QueryFilters merge_option_filters(QueryFilters from_query, const SearchOptions& options);

} // namespace newsdb
