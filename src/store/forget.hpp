// newsdb forget: removing articles with everything that belongs to them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "newsdb/archive.hpp"

namespace SQLite { class Database; }

namespace newsdb::store {

// Removes the articles `ids` (each must exist: an unknown id throws
// Error(not_found) and nothing is removed) in one transaction: passages and
// their index entries, footnotes, citation marks, boilerplate, tags, paths,
// the failures remembered for those paths, originals no other path holds,
// the ranked-ahead hits of their passages. Deleted rows are overwritten
// (secure_delete) and FTS5's integrity check must pass before the commit;
// freed pages go back to the file system where the archive allows it.
ForgetSummary forget_articles(SQLite::Database& db, const std::vector<int64_t>& ids);

// Every article recorded at `key` (a path as path_key() makes it), any place in the file.
std::vector<int64_t> articles_at_path(SQLite::Database& db, const std::string& key);

} // namespace newsdb::store
