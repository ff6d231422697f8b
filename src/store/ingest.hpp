// Ingest pipeline: walking inputs, parsing on worker threads, one writer.
#pragma once

#include <SQLiteCpp/Database.h>

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "newsdb/archive.hpp"

namespace newsdb::store {

// `archive_path` lets workers open their own read-only connections for the
// "already stored" fast path. Throws SQLite::Exception on database failures.
IngestSummary run_ingest(SQLite::Database& db, const std::string& archive_path,
                         const std::vector<std::filesystem::path>& inputs, const IngestOptions& options,
                         const IngestCallback& on_result, const ProgressCallback& on_progress);

std::vector<IngestResult> ingest_one(SQLite::Database& db, std::string bytes, const std::string& origin,
                                     const std::string& key, const IngestOptions& options);

std::optional<std::string> read_original(SQLite::Database& db, int64_t article_id);

ReparseSummary run_reparse(SQLite::Database& db, const std::vector<int64_t>& ids,
                           const std::function<void(int64_t, const std::string&)>& on_failure);

// Gives the archive's free pages back to the file system (incremental
// auto-vacuum; a no-op in an archive without it), in a transaction of its own.
// Housekeeping only: when another writer holds the archive past the busy
// timeout it returns without error, the pages staying free for reuse.
void release_free_pages(SQLite::Database& db);

} // namespace newsdb::store
