#include "store/writer.hpp"

#include <SQLiteCpp/Exception.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <map>
#include <set>

#include "generated/schema_statements.hpp"
#include "newsdb/error.hpp"
#include "store/transaction.hpp"

namespace newsdb::store {

namespace {

// Named DML, bound values only.
constexpr const char* kSelectArticleByHash = "SELECT id FROM articles WHERE content_hash = ?";
constexpr const char* kInsertArticle =
    "INSERT INTO articles (content_hash, title, date, source, author, url, is_excerpt, words_shown, "
    "words_total, format, byte_size, ingested_at, language, encoding) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr const char* kUpdateArticle =
    "UPDATE articles SET title = ?, date = ?, source = ?, author = ?, url = ?, is_excerpt = ?, "
    "words_shown = ?, words_total = ?, format = ?, language = ?, encoding = ? WHERE id = ?";
constexpr const char* kNextPassageId = "SELECT coalesce(max(id), 0) + 1 FROM passages";
constexpr const char* kInsertFootnote =
    "INSERT INTO footnotes (passage_id, article_id, number, title, author, publisher, date, url) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
constexpr const char* kInsertCitation =
    "INSERT OR IGNORE INTO citations (paragraph_id, footnote_id, char_offset) VALUES (?, ?, ?)";
constexpr const char* kInsertBoilerplate =
    "INSERT INTO boilerplate (article_id, position, kind, text) VALUES (?, ?, ?, ?)";
constexpr const char* kInsertTag = "INSERT OR IGNORE INTO article_tags (article_id, tag) VALUES (?, ?)";
constexpr const char* kUpsertPath =
    "INSERT INTO article_paths (path, locator, article_id, file_hash, first_seen, file_size, file_mtime) "
    "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (path, locator) DO UPDATE SET article_id = excluded.article_id, "
    "file_hash = excluded.file_hash, file_size = excluded.file_size, file_mtime = excluded.file_mtime";
// For a path row known to be new: an upsert may also update, which makes
// SQLite keep a statement journal of every page it changes.
constexpr const char* kInsertPath =
    "INSERT INTO article_paths (path, locator, article_id, file_hash, first_seen, file_size, file_mtime) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)";
constexpr const char* kUpdateStamp = "UPDATE article_paths SET file_size = ?2, file_mtime = ?3 WHERE path = ?1";
constexpr const char* kDeleteFailures = "DELETE FROM failed_items WHERE path = ?1";
constexpr const char* kInsertFailure =
    "INSERT INTO failed_items (path, locator, file_size, file_mtime, parse_key, reason, whole_file, not_article) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
constexpr const char* kSelectPathRows =
    "SELECT locator, article_id, coalesce(file_hash, ''), coalesce(record_hash, '') FROM article_paths WHERE path = ?";
constexpr const char* kDeletePathRow = "DELETE FROM article_paths WHERE path = ? AND locator = ?";
constexpr const char* kCountPaths = "SELECT count(*) FROM article_paths WHERE article_id = ?";
// Passages go first, while the article row still exists: the FTS index's
// delete trigger reads the article's language (schema 003).
constexpr const char* kDeletePassages = "DELETE FROM passages WHERE article_id = ?";
constexpr const char* kDeleteBoilerplate = "DELETE FROM boilerplate WHERE article_id = ?";
constexpr const char* kDeleteTags = "DELETE FROM article_tags WHERE article_id = ?";
constexpr const char* kDeleteArticle = "DELETE FROM articles WHERE id = ?";
constexpr const char* kInsertOriginal =
    "INSERT OR IGNORE INTO originals (file_hash, compression, byte_size, data) VALUES (?, 'zstd', ?, ?)";
constexpr const char* kDropOriginal =
    "DELETE FROM originals WHERE file_hash = ?1 AND NOT EXISTS "
    "(SELECT 1 FROM article_paths WHERE file_hash = ?1) AND NOT EXISTS "
    "(SELECT 1 FROM article_paths WHERE record_hash = ?1)";
// A container's record (schema 015): where it starts, and its original.
constexpr const char* kSetRecord =
    "UPDATE article_paths SET record_offset = ?3, record_hash = ?4 WHERE path = ?1 AND locator = ?2";
// Bulk indexing: a batch drops the per-row insert trigger inside its own
// transaction and creates it again, from the text schema 004 created it
// with (schema/statements/), before committing, so no other connection ever
// sees it gone; meanwhile the writer indexes each passage it inserts itself,
// with the text the trigger would give (the view passages_fts_src: the
// article's language, char(31), the passage).
constexpr const char* kInsertTriggerSql =
    "SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = 'passages_ai' AND tbl_name = 'passages'";
constexpr const char* kIndexPassage = "INSERT INTO passages_fts (rowid, text) VALUES (?, ?)";

// Empty strings are stored as NULL so "absent" reads the same in every tool.
void bind_text_or_null(SQLite::Statement& st, int index, const std::string& value) {
    if (value.empty()) st.bind(index);
    else st.bind(index, value);
}

void bind_optional(SQLite::Statement& st, int index, const std::optional<int64_t>& value) {
    if (value) st.bind(index, *value);
    else st.bind(index);
}

// Binds title, date, source, author, url, is_excerpt, words_shown, words_total
// to the 8 parameters starting at `first` (the same order in INSERT and UPDATE).
void bind_article_fields(SQLite::Statement& st, int first, const ParsedArticle& a) {
    st.bind(first, a.title);
    bind_text_or_null(st, first + 1, a.date);
    bind_text_or_null(st, first + 2, a.source);
    bind_text_or_null(st, first + 3, a.author);
    bind_text_or_null(st, first + 4, a.url);
    st.bind(first + 5, a.is_excerpt ? 1 : 0);
    bind_optional(st, first + 6, a.words_shown);
    bind_optional(st, first + 7, a.words_total);
}

std::string with_locator(const std::string& origin, const std::string& locator) {
    return locator.empty() ? origin : origin + " (" + locator + ")";
}


std::string utc_now_iso() {
    auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

} // namespace

Writer::Writer(SQLite::Database& db) : db_(db) {}

SQLite::Statement& Writer::statement(const char* sql) {
    auto& slot = statements_[sql];
    if (!slot) {
        slot = std::make_unique<SQLite::Statement>(db_, sql);
    } else {
        slot->reset();
        slot->clearBindings();
    }
    return *slot;
}

void Writer::begin_bulk_index() {
    // While passages has an insert trigger, SQLite keeps a statement journal
    // of every page each INSERT into it changes (a write through a trigger
    // may have to be undone alone): those copies were a sixth of the
    // writer's work. Without it, a one-row INSERT needs none.
    auto& st = statement(kInsertTriggerSql);
    const std::optional<std::string> trigger =
        st.executeStep() ? std::optional<std::string>(st.getColumn(0).getString()) : std::nullopt;
    st.reset();
    trigger_dropped_ = false;
    if (trigger && *trigger != schema::passages_insert_trigger) return;  // not ours to drop: it indexes
    if (trigger) {
        db_.exec(schema::drop_passages_insert_trigger);
        trigger_dropped_ = true;
    }
    bulk_ = true;
}

void Writer::finish_bulk_index() {
    if (!bulk_) return;
    if (trigger_dropped_) db_.exec(schema::passages_insert_trigger);
    trigger_dropped_ = false;
    bulk_ = false;
}

void Writer::abandon_bulk_index() {
    trigger_dropped_ = false;  // the rollback restores it
    bulk_ = false;
    replay_.clear();
}

void Writer::index_passage(int64_t id, std::string_view language, const std::string& text) {
    // One row, so no statement journal and no savepoint: FTS5 keeps the new
    // entries in memory across statements and writes them out as a segment
    // when they pass its hashsize or the batch commits, not per statement.
    document_.assign(language).append(1, '\x1F').append(text);
    auto& st = statement(kIndexPassage);
    st.bind(1, id);
    st.bindNoCopy(2, document_);
    tokenizer::ReplayScope replaying(replay_);
    st.exec();
}

std::map<std::string, Writer::PathRow> Writer::path_rows(const std::string& key) {
    std::map<std::string, PathRow> rows;
    auto& st = statement(kSelectPathRows);
    st.bind(1, key);
    while (st.executeStep())
        rows[st.getColumn(0).getString()] =
            PathRow{st.getColumn(1).getInt64(), st.getColumn(2).getString(), st.getColumn(3).getString()};
    return rows;
}

std::optional<int64_t> Writer::article_for_hash(const std::string& hash) {
    auto& st = statement(kSelectArticleByHash);
    st.bind(1, hash);
    std::optional<int64_t> id;
    if (st.executeStep()) id = st.getColumn(0).getInt64();
    st.reset();
    return id;
}

int64_t Writer::next_passage_id() {
    auto& st = statement(kNextPassageId);
    st.executeStep();
    const int64_t id = st.getColumn(0).getInt64();
    st.reset();
    return id;
}

SQLite::Statement& Writer::passage_rows_statement(std::size_t rows) {
    auto& slot = passage_rows_[rows - 1];
    if (!slot) {
        std::string sql = "INSERT INTO passages (id, article_id, kind, position, text) VALUES (?, ?, ?, ?, ?)";
        for (std::size_t i = 1; i < rows; ++i) sql += ", (?, ?, ?, ?, ?)";
        slot = std::make_unique<SQLite::Statement>(db_, sql);
    } else {
        slot->reset();
    }
    return *slot;
}

void Writer::insert_passages(int64_t article_id, std::string_view language, int64_t first_id,
                             const std::vector<PassageRow>& rows) {
    if (rows.empty()) return;
    // Several rows per INSERT would need a statement journal again (one row
    // might fail after others went in), unless a trigger forces one anyway.
    const std::size_t per_insert = bulk_ ? 1 : kPassageRowsPerInsert;
    for (std::size_t start = 0; start < rows.size(); start += per_insert) {
        const std::size_t n = std::min(per_insert, rows.size() - start);
        auto& st = passage_rows_statement(n);
        int param = 1;
        for (std::size_t i = start; i < start + n; ++i) {
            st.bind(param++, first_id + static_cast<int64_t>(i));
            st.bind(param++, article_id);
            st.bind(param++, std::string(passage_kind_name(rows[i].kind)));
            st.bind(param++, rows[i].position);
            st.bindNoCopy(param++, *rows[i].text);
        }
        st.exec();
        if (bulk_) index_passage(first_id + static_cast<int64_t>(start), language, *rows[start].text);
    }
}

int64_t Writer::insert_article(const ParsedArticle& a, const std::string& hash, std::string_view format,
                               std::string_view encoding, int64_t byte_size) {
    auto& st = statement(kInsertArticle);
    st.bind(1, hash);
    bind_article_fields(st, 2, a);
    st.bind(10, std::string(format));
    st.bind(11, byte_size);
    st.bind(12, utc_now_iso());
    bind_text_or_null(st, 13, a.language);
    bind_text_or_null(st, 14, std::string(encoding));
    st.exec();
    const int64_t id = db_.getLastInsertRowid();
    insert_content(id, a);
    return id;
}

void Writer::insert_content(int64_t id, const ParsedArticle& a) {
    // Ids as SQLite would give them one row at a time (the largest plus one),
    // taken up front so that footnotes and citations can name them. The batch
    // holds the write lock, so no one else takes them meanwhile.
    const int64_t first = next_passage_id();
    std::vector<PassageRow> rows;
    rows.reserve(1 + a.footnotes.size() + a.paragraphs.size());
    rows.push_back({PassageKind::title, 0, &a.title});
    std::map<int, int64_t> footnote_ids;  // number -> passage id
    std::vector<std::pair<const Footnote*, int64_t>> notes;  // each kept note and its passage id
    for (const auto& fn : a.footnotes) {
        const int64_t pid = first + static_cast<int64_t>(rows.size());
        if (!footnote_ids.emplace(fn.number, pid).second) continue;  // a repeated number keeps its first note
        notes.emplace_back(&fn, pid);
        rows.push_back({PassageKind::footnote, fn.number, &fn.text});
    }
    const int64_t first_paragraph = first + static_cast<int64_t>(rows.size());
    int position = 0;
    for (const auto& para : a.paragraphs) rows.push_back({PassageKind::paragraph, ++position, &para.text});
    insert_passages(id, a.language, first, rows);

    auto& fn_st = statement(kInsertFootnote);
    for (const auto& [fn, pid] : notes) {
        fn_st.bind(1, pid);
        fn_st.bind(2, id);
        fn_st.bind(3, fn->number);
        bind_text_or_null(fn_st, 4, fn->title);
        bind_text_or_null(fn_st, 5, fn->author);
        bind_text_or_null(fn_st, 6, fn->publisher);
        bind_text_or_null(fn_st, 7, fn->date);
        bind_text_or_null(fn_st, 8, fn->url);
        fn_st.exec();
        fn_st.reset();
    }

    auto& cite = statement(kInsertCitation);
    for (std::size_t i = 0; i < a.paragraphs.size(); ++i) {
        for (const auto& c : a.paragraphs[i].citations) {
            auto it = footnote_ids.find(c.footnote_number);
            if (it == footnote_ids.end()) continue;  // parsers link only existing notes
            cite.bind(1, first_paragraph + static_cast<int64_t>(i));
            cite.bind(2, it->second);
            cite.bind(3, static_cast<int64_t>(c.offset));
            cite.exec();
            cite.reset();
        }
    }

    auto& bp = statement(kInsertBoilerplate);
    int bp_position = 0;
    for (const auto& b : a.boilerplate) {
        bp.bind(1, id);
        bp.bind(2, ++bp_position);
        bp.bind(3, std::string(b.kind == Boilerplate::Kind::paywall ? "paywall" : "chrome"));
        bp.bind(4, b.text);
        bp.exec();
        bp.reset();
    }

    auto& tag = statement(kInsertTag);
    for (const auto& t : a.tags) {
        if (t.empty()) continue;
        tag.bind(1, id);
        tag.bind(2, t);
        tag.exec();
        tag.reset();
    }
}

void Writer::delete_content(int64_t id) {
    for (const char* sql : {kDeletePassages, kDeleteBoilerplate, kDeleteTags}) {
        auto& st = statement(sql);
        st.bind(1, id);
        st.exec();
    }
}

void Writer::replace_content(int64_t id, const ParsedArticle& a, std::string_view format, std::string_view encoding,
                             std::shared_ptr<const tokenizer::Recording> tokens) {
    replay_.hold(std::move(tokens));
    struct ReleaseTokens {
        tokenizer::Replay& replay;
        ~ReleaseTokens() { replay.clear(); }
    } release_tokens{replay_};
    tokenizer::ReplayScope replaying(replay_);
    delete_content(id);
    auto& st = statement(kUpdateArticle);
    bind_article_fields(st, 1, a);
    st.bind(9, std::string(format));
    bind_text_or_null(st, 10, a.language);
    bind_text_or_null(st, 11, std::string(encoding));
    st.bind(12, id);
    st.exec();
    insert_content(id, a);
}

void Writer::point_path(const std::string& key, const std::string& locator, int64_t article_id,
                        const std::string& file_hash, const std::optional<FileStamp>& stamp, bool is_new) {
    auto& st = statement(is_new ? kInsertPath : kUpsertPath);
    st.bind(1, key);
    st.bind(2, locator);
    st.bind(3, article_id);
    bind_text_or_null(st, 4, file_hash);
    st.bind(5, utc_now_iso());
    bind_optional(st, 6, stamp ? std::optional<int64_t>(stamp->size) : std::nullopt);
    bind_optional(st, 7, stamp ? std::optional<int64_t>(stamp->mtime_ns) : std::nullopt);
    st.exec();
}

void Writer::set_record(const std::string& key, const ParsedItem& item, const FileWork& w, std::size_t i) {
    const bool kept = i < w.item_originals.size() && !w.item_originals[i].empty();
    const std::string& hash = w.item_hashes[i];
    if (kept) {
        auto& ins = statement(kInsertOriginal);
        ins.bind(1, hash);
        ins.bind(2, w.item_original_sizes[i]);
        ins.bind(3, w.item_originals[i].data(), static_cast<int>(w.item_originals[i].size()));
        ins.exec();
    }
    auto& st = statement(kSetRecord);
    st.bind(1, key);
    st.bind(2, item.locator);
    st.bind(3, *item.record_offset);
    bind_text_or_null(st, 4, kept ? hash : std::string());
    st.exec();
}

void Writer::drop_if_orphaned(int64_t article_id) {
    auto& count = statement(kCountPaths);
    count.bind(1, article_id);
    count.executeStep();
    const int64_t paths = count.getColumn(0).getInt64();
    count.reset();
    if (paths > 0) return;
    delete_content(article_id);
    auto& del = statement(kDeleteArticle);
    del.bind(1, article_id);
    del.exec();
}

void Writer::drop_original_if_unused(const std::string& file_hash) {
    if (file_hash.empty()) return;
    auto& st = statement(kDropOriginal);
    st.bind(1, file_hash);
    st.exec();
}

void Writer::record_failures(const FileWork& w, const std::map<std::string, RememberedItem>& failures,
                             bool whole_file) {
    auto& del = statement(kDeleteFailures);
    del.bind(1, w.key);
    del.exec();
    if (w.origin == "-") return;  // standard input: no path to read again
    // Without a trusted stamp the rows get size and time -1, which no stamp
    // matches: never reported unread, they still tell the content check
    // (ContentCheck) that a read has more to report than the articles.
    const FileStamp stamp = w.stamp.value_or(FileStamp{-1, -1});
    auto& ins = statement(kInsertFailure);
    for (const auto& [locator, item] : failures) {
        ins.reset();
        ins.bind(1, w.key);
        ins.bind(2, locator);
        ins.bind(3, stamp.size);
        ins.bind(4, stamp.mtime_ns);
        ins.bind(5, w.parse_key);
        ins.bind(6, item.reason);
        ins.bind(7, whole_file ? 1 : 0);
        ins.bind(8, item.not_article ? 1 : 0);
        ins.exec();
    }
}

// One file's writes: a transaction of its own, committed by keep(), or part
// of the caller's batch, which the caller rolls back whole if any file fails.
// (A savepoint per file would copy every page the file touches to the
// statement journal first: 7 % of the writer's time in a bulk ingest.)
class Writer::FileScope {
public:
    FileScope(Writer& writer, Batch batch) {
        if (batch == Batch::own_transaction) tx_.emplace(writer.db_, Transaction::Kind::immediate);
    }
    void keep() {
        if (tx_) tx_->commit();
    }

private:
    std::optional<Transaction> tx_;
};

bool Writer::write(const FileWork& w, const IngestCallback& report, Batch batch) {
    auto emit = [&](IngestOutcome outcome, int64_t id, const std::string& locator, std::string error = {},
                    bool remembered = false) {
        IngestResult r;
        r.path = with_locator(w.origin, locator);
        r.outcome = outcome;
        r.article_id = id;
        r.error = std::move(error);
        r.remembered = remembered;
        if (report) report(r);
    };
    if (!w.error.empty()) {
        if (!w.unchanged && w.stamp) {
            // Remembered (schema 005), so that the unchanged file is not read again.
            FileScope scope(*this, batch);
            record_failures(w, {{"", RememberedItem{w.error}}}, true);
            scope.keep();
        }
        emit(IngestOutcome::failed, 0, "", w.error, w.unchanged);
        return true;
    }

    if (w.unchanged && w.known_articles) {
        // The worker's stamp check read the archive's answer: report it, in
        // locator order.
        std::map<std::string, std::pair<int64_t, const RememberedItem*>> rows;  // article id, or what was not stored
        for (const auto& [locator, item] : w.remembered) rows[locator] = {0, &item};
        for (const auto& [locator, id] : *w.known_articles) rows[locator] = {id, nullptr};
        for (const auto& [locator, row] : rows) {
            if (!row.second) emit(IngestOutcome::unchanged, row.first, locator);
            else if (row.second->not_article) emit(IngestOutcome::skipped, 0, locator, row.second->reason, true);
            else emit(IngestOutcome::failed, 0, locator, remembered_failure(row.second->reason), true);
        }
        return true;
    }

    if (w.unchanged || !w.parsed) {
        const std::map<std::string, PathRow> current = path_rows(w.key);
        const bool still = !current.empty() && std::all_of(current.begin(), current.end(), [&](const auto& kv) {
            return kv.second.file_hash == w.file_hash;
        });
        if (still) {
            if (w.stamp && !w.stamp_recorded) {
                // Same bytes, new stamp (touched, copied): record it, so the
                // next ingest need not read the file.
                auto& st = statement(kUpdateStamp);
                st.bind(1, w.key);
                st.bind(2, w.stamp->size);
                st.bind(3, w.stamp->mtime_ns);
                st.exec();
            }
            for (const auto& [locator, row] : current) emit(IngestOutcome::unchanged, row.article_id, locator);
            return true;
        }
        return false;  // the archive changed since the worker looked: parse it after all
    }

    FileScope scope(*this, batch);
    auto file = open_file(w);
    write_part(*file, w);
    std::vector<IngestResult> results;
    close_file(*file, [&](const IngestResult& r) { results.push_back(r); });
    scope.keep();
    for (const auto& r : results)
        if (report) report(r);
    return true;
}

std::unique_ptr<Writer::OpenFile> Writer::open_file(const FileWork& head) {
    auto file = std::make_unique<OpenFile>();
    file->ident.origin = head.origin;
    file->ident.key = head.key;
    file->ident.file_hash = head.file_hash;
    file->ident.byte_size = head.byte_size;
    file->ident.stamp = head.stamp;
    file->ident.parse_key = head.parse_key;
    file->format = input_format_name(head.parsed->format);
    file->encoding = head.parsed->encoding;
    // Read under the write lock: another process may have written since the worker looked.
    file->current = path_rows(head.key);
    if (head.keep_original) {
        auto& ins = statement(kInsertOriginal);
        ins.bind(1, head.file_hash);
        ins.bind(2, head.byte_size);
        ins.bind(3, head.compressed.data(), static_cast<int>(head.compressed.size()));
        ins.exec();
    }
    return file;
}

void Writer::write_part(OpenFile& file, const FileWork& w) {
    // The part's passages are indexed as they are written (by index_passage()
    // or the insert trigger): its recording serves them, then goes.
    replay_.hold(w.tokens);
    struct ReleaseTokens {
        tokenizer::Replay& replay;
        ~ReleaseTokens() { replay.clear(); }
    } release_tokens{replay_};
    tokenizer::ReplayScope replaying(replay_);
    const FileWork& f = file.ident;
    const ParseResult& parsed = *w.parsed;
    for (std::size_t i = 0; i < parsed.items.size(); ++i) {
        const ParsedItem& item = parsed.items[i];
        const bool repeated = !file.seen.insert(item.locator).second;  // a malformed file's
        auto cur = file.current.find(item.locator);
        if (!item.article) {
            // A bad item keeps whatever the archive held for it.
            file.results.push_back({with_locator(f.origin, item.locator),
                                    item.not_an_article ? IngestOutcome::skipped : IngestOutcome::failed, 0,
                                    item.error});
            file.failures.emplace(item.locator, RememberedItem{item.error, item.not_an_article});
            continue;
        }
        const std::string& hash = w.item_hashes[i];
        auto same = article_for_hash(hash);
        int64_t id = 0;
        IngestOutcome outcome;
        if (same) {
            // The content is stored: at this place already (unchanged), instead
            // of what the place held (replaced), or so far only elsewhere.
            id = *same;
            outcome = cur == file.current.end()       ? IngestOutcome::duplicate
                      : cur->second.article_id != id ? IngestOutcome::replaced
                                                     : IngestOutcome::unchanged;
        } else {
            id = insert_article(*item.article, hash, file.format, file.encoding, f.byte_size);
            outcome = cur != file.current.end() ? IngestOutcome::replaced : IngestOutcome::added;
        }
        point_path(f.key, item.locator, id, f.file_hash, f.stamp, cur == file.current.end() && !repeated);
        if (item.record_offset) set_record(f.key, item, w, i);
        if (cur != file.current.end()) {
            file.old_hashes.insert(cur->second.file_hash);
            if (!cur->second.record_hash.empty()) file.old_hashes.insert(cur->second.record_hash);
            if (cur->second.article_id != id) drop_if_orphaned(cur->second.article_id);
        }
        file.results.push_back({with_locator(f.origin, item.locator), outcome, id, {}});
    }
}

void Writer::close_file(OpenFile& file, const IngestCallback& report, bool complete, const std::string& error) {
    const FileWork& f = file.ident;
    if (complete) {
        // Articles the file no longer holds (a shorter JSON Lines file) go with it.
        for (const auto& [locator, row] : file.current) {
            if (file.seen.count(locator)) continue;
            auto& del = statement(kDeletePathRow);
            del.bind(1, f.key);
            del.bind(2, locator);
            del.exec();
            file.old_hashes.insert(row.file_hash);
            if (!row.record_hash.empty()) file.old_hashes.insert(row.record_hash);
            drop_if_orphaned(row.article_id);
        }
        file.old_hashes.erase(f.file_hash);
        for (const auto& h : file.old_hashes) drop_original_if_unused(h);
        record_failures(f, file.failures, false);
    } else {
        file.results.push_back({f.origin, IngestOutcome::failed, 0, error});
    }
    for (const auto& r : file.results)
        if (report) report(r);
    file.results.clear();
}

} // namespace newsdb::store
