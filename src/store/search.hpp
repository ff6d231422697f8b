// Passage search: the query translator's FTS5 expression, filters and ranking.
#pragma once

#include <cstdint>
#include <functional>

#include "newsdb/archive.hpp"

namespace SQLite { class Database; }
namespace newsdb::tokenizer { class QueryLanguages; }

namespace newsdb::store {

// Visits matching passages best first; with `all` every match (limit and offset
// ignored). Returns how many were visited. Throws Error(invalid_query) for bad
// query text; SQLite::Exception for database failures (translated by the caller).
// `languages` (from prepare_connection; may be null) is narrowed to the
// archive's languages while the search runs.
int64_t run_search(SQLite::Database& db, const SearchOptions& options, bool all,
                   const std::function<void(const Hit&)>& visit, tokenizer::QueryLanguages* languages);

} // namespace newsdb::store
