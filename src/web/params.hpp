// A request's target (path and query string) and the search state it carries:
// the query, filters and paging of the search page, the API and the export.
// Pure functions, no I/O: what the fuzzer drives.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "newsdb/archive.hpp"

namespace newsdb::web {

// Limits on what one request may ask (README "newsdb serve").
inline constexpr std::size_t kMaxTargetBytes = 8192;
inline constexpr std::size_t kMaxQueryChars = 1000;   // the q parameter, in bytes
inline constexpr std::size_t kMaxParams = 64;
inline constexpr int64_t kDefaultPageSize = 20;
inline constexpr int64_t kMaxPageSize = 100;
inline constexpr int64_t kMaxResultDepth = 10000;     // offset + page size

// Decoded name=value pairs in the order given (a name may repeat).
class QueryParams {
public:
    QueryParams() = default;
    explicit QueryParams(std::vector<std::pair<std::string, std::string>> items) : items_(std::move(items)) {}
    std::optional<std::string> get(std::string_view name) const;   // the first value
    std::vector<std::string> all(std::string_view name) const;     // every non-empty value
    const std::vector<std::pair<std::string, std::string>>& items() const { return items_; }

private:
    std::vector<std::pair<std::string, std::string>> items_;
};

struct Target {
    std::string path;     // percent-decoded
    QueryParams params;
};

// Splits "/path?a=1&b=2" and percent-decodes both parts ('+' is a space in the
// query). Throws Error(invalid_argument) for a target that is too long, has too
// many parameters, a bad %-escape, a NUL byte or text that is not UTF-8.
Target parse_target(std::string_view raw);

// Percent-encodes everything but unreserved characters (RFC 3986).
std::string url_encode(std::string_view text);

// What the search page, the API, the export and the timeline read from the
// query string. Names (the CLI's option names): q, since, until, source
// (repeatable), author (repeatable), lang (repeatable), kind, sort
// (relevance|newest|oldest), exact (1), within (article, the default, or
// passage), page (1-based) and per (page size); the API also takes limit and
// offset, as the CLI does.
struct SearchState {
    std::string query;
    std::string since, until, kind, sort;
    SearchUnit within = SearchUnit::article;
    std::vector<std::string> sources, authors, languages;
    bool exact = false;
    int64_t offset = 0;
    int64_t limit = kDefaultPageSize;

    // The library's options; limit and offset as above.
    SearchOptions options() const;
    // The state as a query string without paging ("q=...&source=..."), in a
    // fixed order, for links that keep the state (facets, pages, export).
    std::string query_string() const;
    bool has_filters() const;
    int64_t page() const { return offset / limit + 1; }
};

// Throws Error(invalid_argument) naming the parameter for a bad value (a date
// that is none of 2020, 2020-02, 2020-02-14; an unknown kind or sort; a page
// size out of 1..kMaxPageSize; a query longer than kMaxQueryChars ...).
SearchState parse_search_state(const QueryParams& params);

// A whole decimal number in [min, max]; throws Error(invalid_argument) naming `name`.
int64_t parse_bounded_int(std::string_view name, std::string_view text, int64_t min, int64_t max);

} // namespace newsdb::web
