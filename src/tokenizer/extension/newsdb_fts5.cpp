// The "newsdb" FTS5 tokenizer as an SQLite loadable extension, so the stock
// sqlite3 shell can query an archive:
//   sqlite3 archive.db -cmd '.load /path/to/libnewsdb_fts5' "SELECT ... MATCH 'erdogan'"
// Built as its own module (src/CMakeLists.txt, target newsdb_fts5); the newsdb
// binary registers the tokenizer directly (store/connection.cpp).
#include <sqlite3ext.h>
SQLITE_EXTENSION_INIT1

#include "tokenizer/fts5_api.hpp"  // after sqlite3ext.h: its calls go through the host
#include "tokenizer/tokenizer.hpp"

// The name SQLite derives from libnewsdb_fts5.so: "sqlite3_" + its letters + "_init".
extern "C" __attribute__((visibility("default"))) int sqlite3_newsdbfts_init(sqlite3* db, char** error,
                                                                             const sqlite3_api_routines* routines) {
    SQLITE_EXTENSION_INIT2(routines);
    fts5_api* api = newsdb::tokenizer::fts5_api_of(db);
    const int rc = newsdb::tokenizer::register_fts5_tokenizer(api);
    if (rc != SQLITE_OK && error != nullptr)
        *error = sqlite3_mprintf(api == nullptr ? "newsdb_fts5: this SQLite has no FTS5"
                                                : "newsdb_fts5: cannot register the newsdb tokenizer");
    return rc;
}
