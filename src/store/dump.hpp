// newsdb dump / restore: the whole archive as versioned JSON Lines
// (docs/dump-format.md), written from one snapshot and read back in one
// transaction.
#pragma once

#include <functional>
#include <string_view>

#include "newsdb/archive.hpp"

namespace SQLite { class Database; }
namespace newsdb::util { class LineReader; }

namespace newsdb::store {

// The dump format's version, in its first line. A reader restores every
// version up to its own and refuses a newer one.
inline constexpr int kDumpVersion = 1;

// Writes every original, article and remembered failure, then the end
// record, to `sink`, from one read snapshot. Memory: one record at a time.
// Throws SQLite::Exception (the caller translates) or Error(io) from `sink`.
DumpSummary write_dump(SQLite::Database& db, const std::function<void(std::string_view)>& sink);

// Reads a dump and merges it into the archive in one transaction: articles
// by content hash (one already there keeps its form; only its missing paths
// are added), originals by file hash, failures by path and place. A line
// that is not a valid record, a dump cut short (no end record, or one that
// does not match what came before) or a newer version throws
// Error(bad_input / incompatible_archive) naming the line; nothing is
// written then. The caller holds no transaction.
RestoreSummary restore_dump(SQLite::Database& db, util::LineReader& reader);

} // namespace newsdb::store
