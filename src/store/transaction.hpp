// A transaction as a scope: commit() explicitly; the destructor rolls back an
// uncommitted transaction and never throws.
#pragma once

#include <SQLiteCpp/Database.h>

namespace newsdb::store {

class Transaction {
public:
    enum class Kind {
        deferred,   // takes the write lock at the first write
        immediate,  // takes the write lock now (waits up to the busy timeout)
    };

    Transaction(SQLite::Database& db, Kind kind) : db_(db) {
        db_.exec(kind == Kind::immediate ? "BEGIN IMMEDIATE" : "BEGIN");
    }
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

    ~Transaction() {
        if (done_) return;
        try {
            db_.exec("ROLLBACK");
        } catch (...) {
            // SQLite may already have rolled back (e.g. after SQLITE_FULL); nothing more to do.
        }
    }

    void commit() {
        db_.exec("COMMIT");
        done_ = true;
    }

private:
    SQLite::Database& db_;
    bool done_ = false;
};

// A savepoint inside an open transaction: release() keeps its writes; the
// destructor rolls back to it (undoing only them) unless released.
class Savepoint {
public:
    explicit Savepoint(SQLite::Database& db) : db_(db) { db_.exec("SAVEPOINT newsdb_item"); }
    Savepoint(const Savepoint&) = delete;
    Savepoint& operator=(const Savepoint&) = delete;

    ~Savepoint() {
        if (done_) return;
        try {
            db_.exec("ROLLBACK TO newsdb_item");
            db_.exec("RELEASE newsdb_item");
        } catch (...) {
            // The enclosing transaction is gone (SQLite rolled it back); nothing to undo.
        }
    }

    void release() {
        db_.exec("RELEASE newsdb_item");
        done_ = true;
    }

private:
    SQLite::Database& db_;
    bool done_ = false;
};

} // namespace newsdb::store
