// Per-connection set-up that every archive connection needs before it touches
// the schema (e.g. registering newsdb's FTS5 tokenizer).
#pragma once

namespace SQLite { class Database; }

namespace newsdb::store {

void prepare_connection(SQLite::Database& db);

} // namespace newsdb::store
