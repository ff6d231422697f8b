// The archive: one SQLite file holding articles, their passages, footnotes and
// an FTS5 index over the passages. All SQL lives behind this facade.
//
// Thread-safety: an Archive object is used by one thread at a time. Several
// processes may open the same file: readers are never blocked by a writer (WAL);
// a second writer waits for the first.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "newsdb/article.hpp"
#include "newsdb/parse.hpp"

namespace newsdb {

enum class OpenMode {
    read_only,    // the file must exist and be a current newsdb archive
    read_write,   // the file is created (with its folder) when missing, and migrated
};

enum class PassageKind { title, paragraph, footnote };
std::string_view passage_kind_name(PassageKind kind) noexcept;
// "title", "paragraph", "footnote"; throws Error(invalid_argument) otherwise.
PassageKind parse_passage_kind(std::string_view name);

// skipped: met in a folder walk but not an article by its name (see README).
enum class IngestOutcome { added, replaced, unchanged, failed, skipped };
std::string_view ingest_outcome_name(IngestOutcome outcome) noexcept;

struct IngestResult {
    std::string path;       // as given, for messages
    IngestOutcome outcome = IngestOutcome::failed;
    int64_t article_id = 0; // 0 when failed
    std::string error;      // why it failed: what was wrong and what to do
};

struct IngestOptions {
    ParseOptions parse;          // format and JSON field names
    bool keep_originals = true;  // store each file's bytes (compressed) for show --original and reparse
    int jobs = 0;                // parsing threads; 0: one per core
};

struct IngestSummary {
    int64_t added = 0, replaced = 0, unchanged = 0, failed = 0, skipped = 0;
    int64_t total() const { return added + replaced + unchanged + failed + skipped; }
    void count(IngestOutcome outcome);
    IngestSummary& operator+=(const IngestSummary& other);
};

// Called once per input file, in order, after it has been stored or refused.
using IngestCallback = std::function<void(const IngestResult&)>;

struct SearchOptions {
    std::string query;                 // user syntax; translated by translate_query()
    std::optional<PassageKind> kind;   // only passages of this kind
    int64_t limit = 20;                // <= 0: no limit
    int64_t offset = 0;
};

// Snippet text marks matches with these bytes; renderers replace them.
inline constexpr char kMatchStart = '\x02';
inline constexpr char kMatchEnd = '\x03';

struct Hit {
    int64_t passage_id = 0;
    int64_t article_id = 0;
    PassageKind kind = PassageKind::paragraph;
    int position = 0;       // paragraph number (1-based), footnote number, 0 for title
    double score = 0;       // bm25: lower is better (more negative)
    std::string text;       // the whole passage
    std::string snippet;    // excerpt with matches between kMatchStart/kMatchEnd
    std::string title, date, source, path;  // the article's; path: first ingested path
};

struct StoredFootnote {
    Footnote note;
    int64_t passage_id = 0;
};

struct StoredParagraph {
    int64_t passage_id = 0;
    int position = 0;
    Paragraph paragraph;
};

struct StoredArticle {
    int64_t id = 0;
    std::string content_hash;          // SHA-256 of the file's bytes, hex
    std::string format;                // parser used
    std::string ingested_at;           // UTC, ISO 8601
    std::vector<std::string> paths;    // every path this content was ingested from
    ParsedArticle article;             // title, metadata, boilerplate, footnotes (text)
    std::vector<StoredParagraph> paragraphs;
};

struct ArchiveStats {
    int64_t articles = 0, paths = 0, paragraphs = 0, footnotes = 0, citations = 0,
            excerpts = 0, sources = 0, passage_bytes = 0, file_bytes = 0;
    int schema_version = 0;
    std::string path;
};

class Archive {
public:
    // Opens (and for read_write creates and migrates) the archive at `path`.
    // Throws Error: not_found (read_only and missing), incompatible_archive
    // (not a newsdb archive, or a newer schema), corrupt_archive, io, busy.
    static Archive open(const std::filesystem::path& path, OpenMode mode);

    Archive(Archive&&) noexcept;
    Archive& operator=(Archive&&) noexcept;
    ~Archive();

    // Ingests files and folders (recursively, in sorted order). In folders only
    // files with an article extension (.txt, .md, .html, .json, .jsonl, .sgm,
    // .xml ...; also .gz of them) are read, and README/LICENSE files and hidden
    // files are skipped; files named explicitly are always read. Each article is
    // stored whole in its own savepoint or not at all; a file that fails is
    // reported through `on_file` and the others go on. Never throws for a bad
    // input file; throws Error for archive-level failures (io, busy ...), after
    // rolling back the article being written.
    IngestSummary ingest(const std::vector<std::filesystem::path>& inputs,
                         const IngestOptions& options, const IngestCallback& on_file);

    // Ingests one article given as bytes (e.g. standard input). `origin` is the
    // path recorded for it ("-" for stdin).
    IngestResult ingest_bytes(std::string_view bytes, const std::string& origin,
                              const IngestOptions& options);

    // Best first. Throws Error(invalid_query) for bad query text.
    std::vector<Hit> search(const SearchOptions& options);
    // Streams every hit (ignores options.limit/offset when `all` is set) without
    // holding them in memory. Returns the number of hits visited.
    int64_t search_each(const SearchOptions& options, bool all,
                        const std::function<void(const Hit&)>& visit);

    std::optional<StoredArticle> article(int64_t id);
    // By a path it was ingested from (made absolute the way ingest does).
    std::optional<StoredArticle> article_by_path(const std::filesystem::path& path);

    ArchiveStats stats();

    // Runs SQLite's and FTS5's integrity checks; returns problems found (empty: ok).
    std::vector<std::string> check_integrity();

    const std::filesystem::path& path() const;

private:
    struct Impl;
    explicit Archive(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

// Where the archive lives when --db is not given: $NEWSDB_DB, else
// $XDG_DATA_HOME/newsdb/archive.db, else ~/.local/share/newsdb/archive.db.
std::filesystem::path default_archive_path();

// Highest schema version this binary knows.
int latest_schema_version();

} // namespace newsdb
