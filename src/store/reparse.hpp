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

// Rebuilds the stored form of articles `options.ids` (all when empty) from
// their originals (see Archive::reparse): each original read and parsed once
// by a worker (on its own read-only connection to `archive_path`), the
// articles stored in input order by one writer in batches, one transaction
// each, indexed in bulk from the workers' recorded tokens. Throws
// Error(not_found) before any change when an id is not an article, and
// SQLite::Exception (after rolling back the batch) on database failures.
ReparseSummary run_reparse(SQLite::Database& db, const std::string& archive_path, const ReparseOptions& options,
                           const std::function<void(int64_t, const std::string&)>& on_failure,
                           const std::function<void(const ReparseProgress&)>& on_progress);

} // namespace newsdb::store
