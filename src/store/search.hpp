// Passage search: the query translator's FTS5 expression, filters and ranking.
#pragma once

#include <cstdint>
#include <functional>

#include "newsdb/archive.hpp"

namespace SQLite { class Database; }

namespace newsdb::store {

// Visits matching passages best first; with `all` every match (limit and offset
// ignored). Returns how many were visited. Throws Error(invalid_query) for bad
// query text; SQLite::Exception for database failures (translated by the caller).
int64_t run_search(SQLite::Database& db, const SearchOptions& options, bool all,
                   const std::function<void(const Hit&)>& visit);

} // namespace newsdb::store
