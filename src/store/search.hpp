// Search: a query prepared once (store/search_units.hpp), evaluated over
// articles or passages as SearchOptions::unit asks, in one snapshot.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "newsdb/archive.hpp"

namespace SQLite {
class Database;
class Statement;
} // namespace SQLite
namespace newsdb::tokenizer { class QueryLanguages; }

namespace newsdb::store {

// Visits the results best first (with `all` every one, limit and offset
// ignored), after telling `on_total` (may be empty) the totals. Throws
// Error(invalid_query) for bad query text, Error(invalid_argument) for a bad
// filter; SQLite::Exception for database failures (translated by the caller).
// `languages` (from prepare_connection; may be null) is narrowed to the
// archive's languages while the search runs.
SearchTotals run_search(SQLite::Database& db, const SearchOptions& options, bool all,
                        const std::function<void(const SearchHit&)>& visit,
                        const std::function<void(const SearchTotals&)>& on_total,
                        tokenizer::QueryLanguages* languages);

// The totals alone, and each part of the query alone (Archive::count_parts).
SearchTotals count_search(SQLite::Database& db, const SearchOptions& options, tokenizer::QueryLanguages* languages);
std::vector<QueryPartCount> count_query_parts(SQLite::Database& db, const SearchOptions& options,
                                              tokenizer::QueryLanguages* languages);

// Runs `wrap(matches)` as one statement and calls `row` for each of its rows.
// `matches` is a SELECT of the passages `options` selects (its query, fields,
// filters and unit; limit, offset and sort ignored; article unit: those
// article_totals() counts), with columns passage_id,
// article_id and kind; its values are bound as ?1, ?2 ..., so the wrapping SQL
// binds none of its own. A blank query selects every passage the filters let
// through. Same snapshot and query languages as run_search; throws
// Error(invalid_query) for bad query text.
void visit_matching_passages(SQLite::Database& db, const SearchOptions& options,
                             tokenizer::QueryLanguages* languages,
                             const std::function<std::string(const std::string&)>& wrap,
                             const std::function<void(SQLite::Statement&)>& row);

// An SQL condition on a top_hit_words row: true while the search index is
// exactly as it was when the word was ranked (FTS5's totals and structure
// records, rows 1 and 10 of its data table, change with every write to it).
inline constexpr const char* kTopHitWordIsCurrent =
    "(index_totals = (SELECT block FROM passages_fts_data WHERE id = 1) "
    "AND index_structure = (SELECT block FROM passages_fts_data WHERE id = 10))";

// Ranks up to `max_words` of the archive's most common words (each held as
// written by at least `min_matches` passages) ahead of passage searches
// (schema 007), replacing the words ranked before. Runs inside the caller's
// write transaction, after its last change to the index: any later change
// makes the ranking stale, and search then ignores it. Returns the words, most
// common first. Article searches do not use them (article_search.cpp).
std::vector<std::string> rank_top_hits(SQLite::Database& db, int max_words, int64_t min_matches,
                                       tokenizer::QueryLanguages* languages);

} // namespace newsdb::store
