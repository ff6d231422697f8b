// Articles rebuilt from the originals the archive keeps: reading an
// original back, and reparsing articles from theirs with today's parsers.
#pragma once

#include <SQLiteCpp/Database.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "newsdb/archive.hpp"

namespace newsdb::store {

// The bytes of the file article `article_id` came from, when the archive
// kept them; none otherwise.
std::optional<std::string> read_original(SQLite::Database& db, int64_t article_id);

// Rebuilds the stored form of articles `ids` (all when empty) from their
// originals, one transaction each; `on_failure(id, why)` for each that cannot be.
ReparseSummary run_reparse(SQLite::Database& db, const std::vector<int64_t>& ids,
                           const std::function<void(int64_t, const std::string&)>& on_failure);

} // namespace newsdb::store
