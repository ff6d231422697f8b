// The one place that writes articles: every write of one input file runs in
// one transaction, so an article is stored whole or not at all.
#pragma once

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <sys/stat.h>

#include <array>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "newsdb/archive.hpp"
#include "newsdb/parse.hpp"
#include "tokenizer/tokenizer.hpp"

namespace newsdb::store {

// A file's size and modification time when it was read: equal stamps let a
// re-ingest skip reading a file (see schema 004).
struct FileStamp {
    int64_t size = 0;
    int64_t mtime_ns = 0;
};

// A part of a file of many articles big enough to be prepared in parts, by
// several workers at once, and written part by part: of a JSON Lines file,
// the lines starting in bytes [begin, end), the first of them line `first`;
// of a JSON file whose document is an array of articles, or wraps one
// (`array`), the elements starting there, the first of them item `first`. Part 0, the head, also reads the
// whole file for its hash, its original and the checks that make the parts'
// items exactly what parsing the whole file gives.
struct FilePart {
    int64_t begin = 0, end = 0;
    std::size_t first = 1;
    std::size_t index = 0, count = 1;
    bool array = false;
    // Of an array's part: the bytes holding its elements (the first part's
    // from the opening bracket, the last part's to the closing one).
    int64_t elements_begin = 0, elements_end = 0;
    bool last() const { return index + 1 == count; }
};

// Splits the JSON Lines file (or, with `array`, the JSON array) at `path` into
// parts of about `part_bytes`, each starting at a line start (an element's
// start), in one pass counting lines (elements); none (prepare it whole) when
// it is smaller than two parts, cannot be read, or (`array`) is not a JSON
// array this pass can follow.
std::vector<FilePart> plan_parts(const std::string& path, int64_t part_bytes, bool array = false);

// One input file, read and parsed (by a worker thread), ready to be written.
struct FileWork {
    std::string origin;        // the path as given, for messages
    std::string key;           // the path recorded in article_paths (absolute, normalised)
    std::string file_hash;     // SHA-256 of the file's bytes
    int64_t byte_size = 0;
    std::string compressed;    // zstd of the bytes, when originals are kept
    bool keep_original = false;
    // The worker found every recorded article of this path already holding
    // these bytes: nothing to parse or write. (The writer re-checks, unless
    // the stamp check answered: see known_articles.)
    bool unchanged = false;
    std::optional<FileStamp> stamp;  // to record; none when it cannot be trusted
    bool stamp_recorded = false;     // the archive already holds `stamp` for this path
    std::optional<ParseResult> parsed;
    std::vector<std::string> item_hashes;  // parallel to parsed->items
    // The articles' passages tokenized as the index reads them (may be null):
    // the writer replays these rather than tokenize on its own thread.
    std::shared_ptr<const tokenizer::Recording> tokens;
    std::string error;         // the whole file failed: why
    std::string parse_key;     // see parse_key(); failures are recorded under it
    // With known_articles: the failures recorded for this path and stamp
    // (schema 005), reported again; a remembered whole-file failure is `error`.
    std::map<std::string, std::string> remembered;  // locator -> reason
    // With `unchanged`, when the stamp check answered (StampVerdict): the
    // path's articles, reported as they are without asking the archive again.
    std::optional<std::map<std::string, int64_t>> known_articles;  // locator -> article id
    // A part of a file prepared in parts (see FilePart). The head's
    // file_hash, byte_size (the whole file's), stamp and original stand for
    // the file; a later part holds only its items (byte_size: its range).
    std::optional<FilePart> part;
    // The head found what parts cannot reproduce (not plain UTF-8, binary, only
    // whitespace): the writer prepares the whole file instead.
    bool whole_file_needed = false;
};

// What a file's failures are recorded under, besides its stamp: this newsdb's
// version and the options that steer parsing.
std::string parse_key(const ParseOptions& options);

// A recorded failure's message when reported again.
std::string remembered_failure(const std::string& reason);

// A stamp check's answer for an unchanged path.
struct StampVerdict {
    std::string file_hash;                          // the path's articles' file hash; empty: it has none
    std::map<std::string, int64_t> articles;        // locator -> article id
    std::map<std::string, std::string> failures;    // items that failed: locator -> reason
    std::optional<std::string> file_failure;        // the whole file failed: why (nothing else is set)
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
// at `key`, and nothing else there? Prepared once per worker: preparing the
// statement for every file cost 2 % of an ingest's CPU.
class ContentCheck {
public:
    explicit ContentCheck(SQLite::Database& reader);
    bool unchanged(const std::string& key, const std::string& file_hash);

private:
    SQLite::Statement st_;
};

// Reads, hashes, checks the fast path (through `check`, may be null), parses
// and compresses one file. Never throws: failures land in FileWork::error.
// Pure CPU and file I/O, so several workers run it at once.
FileWork prepare_file(const std::string& origin, const std::string& key, std::string bytes,
                      const IngestOptions& options, ContentCheck* check);

// Prepares one part of a file (see FilePart; `all`: the file's parts, as
// plan_parts() gave them). Never throws, like prepare_file.
FileWork prepare_part(const std::string& origin, const std::string& key, const FilePart& part,
                      const std::vector<FilePart>& all, const IngestOptions& options, ContentCheck* check);

// A file's bytes; throws Error(bad_input) when it cannot be read.
std::string read_whole_file(const std::string& path);

// Language of an article: from its metadata, else detected from its text.
std::string article_language(const ParsedArticle& article);

class Writer {
public:
    explicit Writer(SQLite::Database& db);

    // Stores one file's articles, reporting one result per article (or one
    // failed result for a failed file). Runs in its own transaction, all or
    // none; or, when the caller holds one open (`Batch::inside`), as part of
    // it: the caller then reports results only after its commit, and rolls it
    // back whole (with abandon_bulk_index()) if this throws, since the
    // file's writes may be half done. Returns false, writing nothing, when
    // `work` was not parsed because it looked unchanged but the archive has
    // changed since: prepare it again without the fast path. Throws
    // SQLite::Exception on database failures.
    enum class Batch { own_transaction, inside };
    bool write(const FileWork& work, const IngestCallback& report, Batch batch = Batch::own_transaction);

    // A file prepared in parts, inside a batch the caller holds: open_file()
    // with its parsed head (writes the original), write_part() for every part
    // in order (the head first), then close_file(). With `complete` false (a
    // part could not be prepared) the articles written so far stay, nothing
    // else of the path is removed, and `error` is reported for the file; its
    // rows then hold two file hashes, so the next ingest reads it again.
    class OpenFile;
    std::unique_ptr<OpenFile> open_file(const FileWork& head);
    void write_part(OpenFile& file, const FileWork& part);
    void close_file(OpenFile& file, const IngestCallback& report, bool complete = true, const std::string& error = {});

    // Replaces the stored form of article `id` with `article` (reparse): same
    // id, paths and content hash. Runs inside the caller's transaction.
    void replace_content(int64_t id, const ParsedArticle& article, std::string_view format,
                         std::string_view encoding);

    // Bulk indexing inside a batch transaction the caller holds: between
    // begin_bulk_index() and finish_bulk_index() (which must run before the
    // commit) the per-row insert trigger is dropped, and the writer indexes
    // each passage it inserts itself, with no statement journal. If the
    // transaction is rolled back instead, call abandon_bulk_index().
    void begin_bulk_index();
    void finish_bulk_index();
    void abandon_bulk_index();

    // Passage texts indexed from workers' recorded tokens so far (FileWork::tokens).
    std::size_t replayed_texts() const { return replay_.replayed(); }

private:
    class FileScope;
    int64_t insert_article(const ParsedArticle& a, const std::string& hash, std::string_view format,
                           std::string_view encoding, int64_t byte_size);
    void insert_content(int64_t id, const ParsedArticle& a);
    // An article's passages, with ids first_id, first_id + 1 ...: one row per
    // INSERT in a bulk batch (no trigger, no statement journal), each indexed
    // at once, else several: the index trigger makes SQLite journal every page
    // an INSERT changes, so a statement per row would copy the same pages once
    // per row.
    struct PassageRow {
        PassageKind kind;
        int position;
        const std::string* text;
    };
    static constexpr std::size_t kPassageRowsPerInsert = 16;
    void insert_passages(int64_t article_id, std::string_view language, int64_t first_id,
                         const std::vector<PassageRow>& rows);
    // Indexes passage `id` as the insert trigger would (bulk batches only).
    void index_passage(int64_t id, std::string_view language, const std::string& text);
    SQLite::Statement& passage_rows_statement(std::size_t rows);  // prepared once per row count
    int64_t next_passage_id();
    void delete_content(int64_t id);
    // Records that `key` (at `locator`) holds article `article_id`; `is_new`:
    // the archive has no row for them yet.
    void point_path(const std::string& key, const std::string& locator, int64_t article_id,
                    const std::string& file_hash, const std::optional<FileStamp>& stamp, bool is_new);
    void drop_if_orphaned(int64_t article_id);
    void drop_original_if_unused(const std::string& file_hash);
    // Replaces the failures recorded for `w`'s path with `failures` (locator
    // -> reason; `whole_file`: one, for the file), kept only when `w` has a
    // stamp to recognise the file by.
    void record_failures(const FileWork& w, const std::map<std::string, std::string>& failures, bool whole_file);
    std::optional<int64_t> article_for_hash(const std::string& hash);
    // A prepared statement for `sql` (one of this file's constants), reset
    // and unbound: preparing a statement also compiles its triggers.
    SQLite::Statement& statement(const char* sql);

    SQLite::Database& db_;
    std::unordered_map<const char*, std::unique_ptr<SQLite::Statement>> statements_;
    std::array<std::unique_ptr<SQLite::Statement>, kPassageRowsPerInsert> passage_rows_;
    bool bulk_ = false;
    // The per-row insert trigger's SQL while a bulk batch has dropped it.
    std::optional<std::string> insert_trigger_;
    std::string document_;  // index_passage()'s text
    // The recorded tokens of the file (part) being written (see FileWork::tokens).
    tokenizer::Replay replay_;
};

// The path under which a file's articles are recorded: absolute and normalised,
// without resolving symlinks (a link and its target are two paths).
std::string path_key(const std::string& path);

// The order of std::filesystem::path's operator< (component by component) for
// plain paths (no "." or "..", single separators), at the cost of a string
// comparison: a separator sorts before every other character.
bool path_less(std::string_view a, std::string_view b);

std::string utc_now_iso();

// What a file being written holds across its parts.
class Writer::OpenFile {
public:
    FileWork ident;  // the head's origin, key, file hash, byte size, stamp and parse key
    std::string format, encoding;
    struct Row {
        int64_t article_id;
        std::string file_hash;
    };
    std::map<std::string, Row> current;  // locator -> what the path held before
    std::set<std::string> seen;
    std::set<std::string> old_hashes;
    std::map<std::string, std::string> failures;
    std::vector<IngestResult> results;
};

} // namespace newsdb::store
