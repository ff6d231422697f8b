// The re-ingest fast path: what lets an ingest take a file as unchanged
// without parsing it (by its stamp, without even reading it; or by its
// content hash), and what failures are remembered under.
#pragma once

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <sys/stat.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "newsdb/parse.hpp"

namespace newsdb::store {

// A file's size and modification time when it was read: equal stamps let a
// re-ingest skip reading a file (see schema 004).
struct FileStamp {
    int64_t size = 0;
    int64_t mtime_ns = 0;
};

// What a file's failures are recorded under, besides its stamp: this newsdb's
// version and the options that steer parsing.
std::string parse_key(const ParseOptions& options);

// A recorded failure's message when reported again.
std::string remembered_failure(const std::string& reason);

// An item of a file that an ingest did not store, remembered with the
// file's stamp (schema 005): it failed, or it is no article (schema 009).
struct RememberedItem {
    std::string reason;
    bool not_article = false;  // reported skipped, not failed
};

// A stamp check's answer for an unchanged path.
struct StampVerdict {
    std::string file_hash;                          // the path's articles' file hash; empty: it has none
    std::map<std::string, int64_t> articles;        // locator -> article id
    std::map<std::string, RememberedItem> failures; // items not stored: locator -> why
    std::optional<std::string> file_failure;        // the whole file failed: why (nothing else is set)
    // Whether a failure (not only items that are no article) is remembered.
    bool any_failure() const;
};

// A file's stamp, or none when it cannot vouch for the content: a file
// modified within the last seconds may change again within the same
// timestamp tick.
std::optional<FileStamp> trusted_stamp(const struct stat& st);  // of what stat(2) returned just now

// The fast path without reading: a path is unchanged when every row the
// archive holds for it (articles, and failures under `parse_key`) holds
// `stamp`, and its articles one file hash; a whole-file failure recorded
// with `stamp` answers alone. One per worker (prepared statements).
// Consecutive checks share one read snapshot (a transaction per check cost
// more than the check); release() ends it, and must come before any long
// work, since a snapshot held open keeps the WAL from being checkpointed.
class StampCheck {
public:
    StampCheck(SQLite::Database& reader, std::string parse_key);
    StampCheck(const StampCheck&) = delete;
    StampCheck& operator=(const StampCheck&) = delete;
    ~StampCheck();
    std::optional<StampVerdict> unchanged(const std::string& key, const FileStamp& stamp);
    void release() noexcept;

private:
    SQLite::Database& db_;
    SQLite::Statement paths_, failures_;
    std::string parse_key_;
    int checks_in_snapshot_ = 0;
};

// The fast path's last question before a file is parsed, on a worker's
// read-only connection: does the archive already hold exactly this content
// at `key`, and nothing else there (no remembered item either, whose report
// needs a parse)? Prepared once per worker: preparing the
// statement for every file cost 2 % of an ingest's CPU.
class ContentCheck {
public:
    explicit ContentCheck(SQLite::Database& reader);
    bool unchanged(const std::string& key, const std::string& file_hash);

private:
    SQLite::Statement st_;
};

} // namespace newsdb::store
