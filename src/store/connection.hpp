// Per-connection set-up and the FTS index's tokenizer version: everything an
// archive connection needs before it touches passages_fts.
#pragma once

#include <cstdint>
#include <functional>

namespace SQLite { class Database; }

namespace newsdb::store {

// Registers newsdb's SQL-level pieces (e.g. the FTS5 tokenizer) on `db`.
void prepare_connection(SQLite::Database& db);

// True when the archive's FTS index was built with this binary's tokenizer.
bool index_is_current(SQLite::Database& db);

// Rebuilds the FTS index when it is not current, in one transaction, calling
// `progress(done, total)` (passages) now and then. No-op when current.
void ensure_index_current(SQLite::Database& db, const std::function<void(int64_t, int64_t)>& progress);

} // namespace newsdb::store
