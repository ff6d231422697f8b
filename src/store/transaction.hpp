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

} // namespace newsdb::store
