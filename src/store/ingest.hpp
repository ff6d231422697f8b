// Ingest: walking inputs, parsing on worker threads, one writer.
#pragma once

#include <SQLiteCpp/Database.h>

#include <filesystem>
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

} // namespace newsdb::store
