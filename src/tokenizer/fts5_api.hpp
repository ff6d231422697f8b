// fts5_api_of(), for both places that register the tokenizer: the library
// (store/connection.cpp, linked against SQLite) and the loadable extension
// (tokenizer/extension/newsdb_fts5.cpp, which reaches SQLite only through the
// host's routine table). A header rather than a shared source file: its body
// is compiled in each includer's setting, so in the extension, which includes
// <sqlite3ext.h> first, the sqlite3_* calls below are sqlite3ext.h's macros
// into that table; in the library they call SQLite directly. The two never
// share a binary (and the extension hides its inline functions).
#pragma once

#include <sqlite3.h>

namespace newsdb::tokenizer {

// The connection's FTS5 API, or nullptr when this SQLite has no FTS5.
inline fts5_api* fts5_api_of(sqlite3* db) {
    fts5_api* api = nullptr;
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, nullptr) == SQLITE_OK) {
        sqlite3_bind_pointer(st, 1, static_cast<void*>(&api), "fts5_api_ptr", nullptr);
        sqlite3_step(st);
    }
    sqlite3_finalize(st);
    return api;
}

} // namespace newsdb::tokenizer
