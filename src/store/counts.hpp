// Counts of matches per bucket and the citations of the selected articles:
// what `count`, `citations` and the web pages' facets and timeline read.
#pragma once

#include <vector>

#include "newsdb/archive.hpp"

namespace SQLite { class Database; }
namespace newsdb::tokenizer { class QueryLanguages; }

namespace newsdb::store {

// See Archive::count. SQLite::Exception for database failures (translated by the caller).
std::vector<CountRow> count_matches(SQLite::Database& db, const SearchOptions& options, CountBucket by,
                                    tokenizer::QueryLanguages* languages);

// See Archive::citations.
std::vector<CitationRow> list_citations(SQLite::Database& db, const CitationOptions& options,
                                        tokenizer::QueryLanguages* languages);

} // namespace newsdb::store
