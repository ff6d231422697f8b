// Per-connection set-up and the FTS index's tokenizer version: everything an
// archive connection needs before it touches passages_fts.
#pragma once

#include <cstdint>
#include <functional>

namespace SQLite { class Database; }
namespace newsdb::tokenizer { class QueryLanguages; }

namespace newsdb::store {

// Process-wide SQLite settings, applied before the first connection opens
// (later calls, or an SQLite the host program already started, change
// nothing): no memory statistics, whose global mutex every allocation takes.
void configure_sqlite_once();

// Registers newsdb's SQL-level pieces (e.g. the FTS5 tokenizer) on `db`.
// Returns the connection's query-language set (lives as long as `db`).
tokenizer::QueryLanguages* prepare_connection(SQLite::Database& db);

// True when the archive's FTS index was built with this binary's tokenizer.
bool index_is_current(SQLite::Database& db);

// Rebuilds the FTS index when it is not current, in one transaction, calling
// `progress(done, total)` (passages) now and then. No-op when current.
void ensure_index_current(SQLite::Database& db, const std::function<void(int64_t, int64_t)>& progress);

} // namespace newsdb::store
