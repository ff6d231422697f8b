#include "store/free_pages.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <sqlite3.h>

namespace newsdb::store {

namespace {

constexpr const char* kReleaseFreePages = "PRAGMA incremental_vacuum";
// FTS5 writes out the index entries it holds, and merges segments, at a
// savepoint; otherwise it would at the commit, after the vacuum.
constexpr const char* kFlushIndex = "SAVEPOINT flush_index; RELEASE flush_index";

} // namespace

void release_free_pages(SQLite::Database& db) {
    try {
        db.exec(kFlushIndex);
        db.exec(kReleaseFreePages);
    } catch (const SQLite::Exception& e) {
        // Nothing stored is at stake: the pages stay free for the next write.
        if (e.getErrorCode() != SQLITE_BUSY) throw;
    }
}

} // namespace newsdb::store
