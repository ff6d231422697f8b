// Giving an archive's free pages back to the file system after big writes.
#pragma once

namespace SQLite { class Database; }

namespace newsdb::store {

// Gives the archive's free pages back to the file system (incremental
// auto-vacuum; a no-op in an archive without it), in a transaction of its own.
// Housekeeping only: when another writer holds the archive past the busy
// timeout it returns without error, the pages staying free for reuse.
void release_free_pages(SQLite::Database& db);

} // namespace newsdb::store
