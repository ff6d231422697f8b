#include "store/connection.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <sqlite3.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>

#include "newsdb/error.hpp"
#include "store/fts5_functions.hpp"
#include "store/transaction.hpp"
#include "tokenizer/fts5_api.hpp"
#include "tokenizer/tokenizer.hpp"

namespace newsdb::store {

namespace {

constexpr int64_t kReindexBatch = 2000;  // passages between progress reports

bool has_settings(SQLite::Database& db) {
    return db.execAndGet("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'settings'").getInt() > 0;
}

std::optional<std::string> recorded_version(SQLite::Database& db) {
    if (!has_settings(db)) return std::nullopt;
    SQLite::Statement st(db, "SELECT value FROM settings WHERE key = 'tokenizer_version'");
    if (st.executeStep()) return st.getColumn(0).getString();
    return std::nullopt;
}

} // namespace

void configure_sqlite_once() {
    static const int rc = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    (void)rc;  // SQLITE_MISUSE once SQLite is initialised: it keeps its defaults
}

tokenizer::QueryLanguages* prepare_connection(SQLite::Database& db) {
    fts5_api* api = tokenizer::fts5_api_of(db.getHandle());
    tokenizer::QueryLanguages* languages = nullptr;
    const int rc = tokenizer::register_fts5_tokenizer(api, &languages);
    if (rc != SQLITE_OK)
        throw Error(Errc::internal,
                    api == nullptr ? "this SQLite library has no FTS5 full-text search"
                                   : "cannot register newsdb's search tokenizer with SQLite (code " +
                                         std::to_string(rc) + ")",
                    "build newsdb against an SQLite with FTS5 (Debian's libsqlite3 has it)");
    if (const int functions = register_search_functions(api); functions != SQLITE_OK)
        throw Error(Errc::internal,
                    "cannot register newsdb's search functions with SQLite (code " + std::to_string(functions) + ")",
                    "build newsdb against an SQLite with FTS5 (Debian's libsqlite3 has it)");
    return languages;
}

bool index_is_current(SQLite::Database& db) {
    auto version = recorded_version(db);
    return version && *version == tokenizer::tokenizer_version();
}

void ensure_index_current(SQLite::Database& db, const std::function<void(int64_t, int64_t)>& progress) {
    if (!has_settings(db) || index_is_current(db)) return;
    Transaction tx(db, Transaction::Kind::immediate);
    // Another process may have rebuilt it while we waited for the lock.
    if (index_is_current(db)) return;

    const int64_t total = db.execAndGet("SELECT count(*) FROM passages").getInt64();
    // Nothing to tell about an empty index (a new archive): it is only marked.
    const auto report = total > 0 ? progress : std::function<void(int64_t, int64_t)>{};
    if (report) report(0, total);
    db.exec("INSERT INTO passages_fts(passages_fts) VALUES ('delete-all')");
    // Batches by id range, so each batch is one indexed scan of the view.
    SQLite::Statement upper(db, "SELECT id FROM passages WHERE id > ?1 ORDER BY id LIMIT 1 OFFSET ?2");
    SQLite::Statement insert(db,
                             "INSERT INTO passages_fts(rowid, text) "
                             "SELECT id, text FROM passages_fts_src WHERE id > ?1 AND id <= ?2");
    int64_t done = 0, last = -1;  // ids are positive
    while (done < total) {
        upper.reset();
        upper.bind(1, last);
        upper.bind(2, kReindexBatch - 1);
        const int64_t high = upper.executeStep() ? upper.getColumn(0).getInt64() : INT64_MAX;
        insert.reset();
        insert.bind(1, last);
        insert.bind(2, high);
        done += insert.exec();
        last = high;
        if (report) report(std::min(done, total), total);
        if (high == INT64_MAX) break;
    }
    SQLite::Statement record(db, "INSERT OR REPLACE INTO settings(key, value) VALUES ('tokenizer_version', ?1)");
    record.bind(1, tokenizer::tokenizer_version());
    record.exec();
    tx.commit();
}

} // namespace newsdb::store
