// An archive as an older newsdb left it, for the upgrade tests. Header-only,
// beside test_support.hpp; it needs the store's internals.
#pragma once

#include <SQLiteCpp/Database.h>

#include <filesystem>
#include <string>

#include "store/connection.hpp"
#include "store/migrations.hpp"

namespace newsdb::test {

// Creates `path` with the migrations up to `version` applied, newsdb's
// application id and that user_version, and no rows: the caller adds them
// through the connection returned (newsdb's tokenizer registered on it).
inline SQLite::Database create_archive_at_schema(const std::filesystem::path& path, int version) {
    SQLite::Database db(path.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    store::prepare_connection(db);
    for (const auto& m : store::migrations()) {
        if (m.version > version) break;
        db.exec(std::string(m.sql));
    }
    db.exec("PRAGMA application_id = " + std::to_string(store::kApplicationId));
    db.exec("PRAGMA user_version = " + std::to_string(version));
    return db;
}

} // namespace newsdb::test
