#include "store/sqlite_error.hpp"

#include <SQLiteCpp/Exception.h>
#include <sqlite3.h>

#include "newsdb/error.hpp"

namespace newsdb::store {

void throw_sqlite_error(const SQLite::Exception& e, const std::string& what) {
    const std::string detail = what + ": " + e.what();
    switch (e.getErrorCode()) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        throw Error(Errc::busy, detail,
                    "another newsdb process is writing to this archive; try again when it is done");
    case SQLITE_NOTADB:
        throw Error(Errc::incompatible_archive, what + ": the file is not an SQLite database",
                    "pass --db with the path of a newsdb archive, or a new file name to create one");
    case SQLITE_CORRUPT:
        throw Error(Errc::corrupt_archive, detail,
                    "the archive file is damaged; restore it from a backup or re-ingest into a new archive");
    case SQLITE_FULL:
        throw Error(Errc::io, what + ": the disk is full", "free some space and run the command again");
    case SQLITE_READONLY:
        throw Error(Errc::io, what + ": the archive is read-only",
                    "check the permissions of the archive file and its folder, or use --db to write elsewhere");
    case SQLITE_IOERR:
        throw Error(Errc::io,
                    what + ": the system refused to read or write the archive (the disk may be full, "
                           "a file-size limit reached, or the device failing): " + e.what(),
                    "free some space or raise the limit (ulimit -f), then run the command again; "
                    "what was stored before is intact");
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_AUTH:
        throw Error(Errc::io, detail, "check that the archive's folder exists and is writable");
    case SQLITE_TOOBIG:
        throw Error(Errc::bad_input, detail, "the input is larger than the archive can store in one value");
    default:
        throw Error(Errc::internal, detail, "this is a bug in newsdb; please report it with the command you ran");
    }
}

} // namespace newsdb::store
