// The one place that writes articles: every write of one input file runs in
// one transaction, so an article is stored whole or not at all.
#pragma once

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

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
#include "store/prepare.hpp"
#include "tokenizer/tokenizer.hpp"

namespace newsdb::store {

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
    // id, paths and content hash. Runs inside the caller's transaction (a
    // bulk batch, or not). `tokens`, when given, holds the new passages (and
    // serves the old ones' removal from the index wherever they are the same).
    void replace_content(int64_t id, const ParsedArticle& article, std::string_view format,
                         std::string_view encoding, std::shared_ptr<const tokenizer::Recording> tokens = nullptr);

    // Bulk indexing inside a batch transaction the caller holds: between
    // begin_bulk_index() and finish_bulk_index() (which must run before the
    // commit) the per-row insert trigger is dropped, and the writer indexes
    // each passage it inserts itself, with no statement journal. A trigger
    // other than the one schema 004 creates (see schema/statements/) is left
    // alone, and indexes row by row. If the transaction is rolled back
    // instead, call abandon_bulk_index().
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
    // A container record's offset and original (item `i` of `w`) at `key`.
    void set_record(const std::string& key, const ParsedItem& item, const FileWork& w, std::size_t i);
    void drop_if_orphaned(int64_t article_id);
    void drop_original_if_unused(const std::string& file_hash);
    // Replaces the failures (and items that are no article) recorded for
    // `w`'s path with `failures` (`whole_file`: one, for the file); without a
    // stamp to recognise the file by, with one that matches no file.
    void record_failures(const FileWork& w, const std::map<std::string, RememberedItem>& failures, bool whole_file);
    std::optional<int64_t> article_for_hash(const std::string& hash);
    // What the archive holds at `key`, by locator.
    struct PathRow {
        int64_t article_id;
        std::string file_hash;
        std::string record_hash;  // a container record's original (schema 015), or empty
    };
    std::map<std::string, PathRow> path_rows(const std::string& key);
    // A prepared statement for `sql` (one of this file's constants), reset
    // and unbound: preparing a statement also compiles its triggers.
    SQLite::Statement& statement(const char* sql);

    SQLite::Database& db_;
    std::unordered_map<const char*, std::unique_ptr<SQLite::Statement>> statements_;
    std::array<std::unique_ptr<SQLite::Statement>, kPassageRowsPerInsert> passage_rows_;
    bool bulk_ = false;
    // A bulk batch dropped the per-row insert trigger: finish_bulk_index()
    // creates it again.
    bool trigger_dropped_ = false;
    std::string document_;  // index_passage()'s text
    // The recorded tokens of the file (part) being written (see FileWork::tokens).
    tokenizer::Replay replay_;
};

// What a file being written holds across its parts.
class Writer::OpenFile {
public:
    FileWork ident;  // the head's origin, key, file hash, byte size, stamp and parse key
    std::string format, encoding;
    using Row = PathRow;
    std::map<std::string, Row> current;  // locator -> what the path held before
    std::set<std::string> seen;
    std::set<std::string> old_hashes;
    std::map<std::string, RememberedItem> failures;  // items not stored, to remember
    std::vector<IngestResult> results;
};

} // namespace newsdb::store
