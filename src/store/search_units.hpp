// The two units of search (SearchUnit), behind store/search.hpp: a query
// prepared once, then evaluated over passages (passage_search.cpp) or over
// articles (article_search.cpp).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "newsdb/archive.hpp"
#include "newsdb/query.hpp"
#include "query/query_tree.hpp"

namespace SQLite { class Database; }

namespace newsdb::store {

using HitVisitor = std::function<void(const SearchHit&)>;
using TotalsVisitor = std::function<void(const SearchTotals&)>;

struct PreparedSearch {
    // The words to search for; nullopt for a query of only fields. A query
    // whose only words are title: values searches for them in titles (the
    // title: terms become the words, and kinds {title}).
    std::optional<query::Node> words;
    QueryFilters filters;    // the query's and the options' (filters.title: an FTS5 expression)
    TranslatedQuery fts5;    // `words` for passage search (match, phrase, near; its filters unused)
};

// Throws Error(invalid_query) or Error(invalid_argument) as Archive::search.
PreparedSearch prepare_search(const SearchOptions& options);

// Both: `all` ignores options.limit/offset; `on_total` (may be empty) hears the
// totals before the first visit. They run inside the caller's snapshot and
// language scope, and throw SQLite::Exception for database failures.
SearchTotals passage_search(SQLite::Database& db, const PreparedSearch& q, const SearchOptions& options, bool all,
                            const HitVisitor& visit, const TotalsVisitor& on_total);
SearchTotals passage_totals(SQLite::Database& db, const PreparedSearch& q);

SearchTotals article_search(SQLite::Database& db, const PreparedSearch& q, const SearchOptions& options, bool all,
                            const HitVisitor& visit, const TotalsVisitor& on_total);
SearchTotals article_totals(SQLite::Database& db, const PreparedSearch& q);
// The passages article_totals() counts (q.words set): those of the matching
// articles that match a word of the query, in the kinds the filters admit.
std::vector<int64_t> article_passages(SQLite::Database& db, const PreparedSearch& q);
std::vector<QueryPartCount> article_part_counts(SQLite::Database& db, const PreparedSearch& q);

} // namespace newsdb::store
