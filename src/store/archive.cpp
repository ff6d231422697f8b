#include "newsdb/archive.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>
#include <sqlite3.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <sstream>
#include <thread>

#include "newsdb/error.hpp"
#include "store/connection.hpp"
#include "store/counts.hpp"
#include "store/dump.hpp"
#include "store/forget.hpp"
#include "store/frequent_words.hpp"
#include "store/ingest.hpp"
#include "store/migrations.hpp"
#include "store/paths.hpp"
#include "store/reparse.hpp"
#include "store/search.hpp"
#include "store/sqlite_error.hpp"
#include "store/transaction.hpp"
#include "util/byte_stream.hpp"
#include "util/hash.hpp"

namespace fs = std::filesystem;

namespace newsdb {

namespace {

constexpr int kBusyTimeoutMs = 30000;
constexpr int kPageSize = 8192;

// Named queries, bound values only.
constexpr const char* kSelectPathArticle =
    "SELECT article_id FROM article_paths WHERE path = ? ORDER BY locator LIMIT 1";
constexpr const char* kSelectArticle =
    "SELECT id, content_hash, title, coalesce(date, ''), coalesce(source, ''), "
    "coalesce(author, ''), coalesce(url, ''), is_excerpt, words_shown, words_total, format, "
    "ingested_at, coalesce(language, ''), coalesce(encoding, '') FROM articles WHERE id = ?";
constexpr const char* kSelectArticlePaths =
    "SELECT path, locator FROM article_paths WHERE article_id = ? ORDER BY first_seen, path, locator";
constexpr const char* kSelectTags = "SELECT tag FROM article_tags WHERE article_id = ? ORDER BY tag";
constexpr const char* kSelectParagraphs =
    "SELECT id, position, text FROM passages WHERE article_id = ? AND kind = 'paragraph' "
    "ORDER BY position";
constexpr const char* kSelectCitations =
    "SELECT c.char_offset, f.number FROM citations c JOIN footnotes f ON f.passage_id = c.footnote_id "
    "WHERE c.paragraph_id = ? ORDER BY c.char_offset, f.number";
constexpr const char* kSelectFootnotes =
    "SELECT f.passage_id, f.number, p.text, coalesce(f.title, ''), coalesce(f.author, ''), "
    "coalesce(f.publisher, ''), coalesce(f.date, ''), coalesce(f.url, '') "
    "FROM footnotes f JOIN passages p ON p.id = f.passage_id WHERE f.article_id = ? "
    "ORDER BY f.number";
constexpr const char* kSelectBoilerplate =
    "SELECT kind, text FROM boilerplate WHERE article_id = ? ORDER BY position";

} // namespace

std::string_view passage_kind_name(PassageKind kind) noexcept {
    switch (kind) {
    case PassageKind::title: return "title";
    case PassageKind::paragraph: return "paragraph";
    case PassageKind::footnote: return "footnote";
    }
    return "paragraph";
}

PassageKind parse_passage_kind(std::string_view name) {
    if (name == "title") return PassageKind::title;
    if (name == "paragraph") return PassageKind::paragraph;
    if (name == "footnote") return PassageKind::footnote;
    throw Error(Errc::invalid_argument, "unknown passage kind '" + std::string(name) + "'",
                "use one of: paragraph, footnote, title");
}

std::string_view search_unit_name(SearchUnit unit) noexcept {
    return unit == SearchUnit::passage ? "passage" : "article";
}

SearchUnit parse_search_unit(std::string_view name) {
    if (name == "article") return SearchUnit::article;
    if (name == "passage") return SearchUnit::passage;
    throw Error(Errc::invalid_argument, "unknown search unit '" + std::string(name) + "'",
                "use article (a query's words anywhere in an article) or passage (all in one passage)");
}

std::string_view ingest_outcome_name(IngestOutcome outcome) noexcept {
    switch (outcome) {
    case IngestOutcome::added: return "added";
    case IngestOutcome::replaced: return "replaced";
    case IngestOutcome::unchanged: return "unchanged";
    case IngestOutcome::duplicate: return "duplicate";
    case IngestOutcome::failed: return "failed";
    case IngestOutcome::skipped: return "skipped";
    }
    return "failed";
}

void IngestSummary::count(const IngestResult& result) {
    switch (result.outcome) {
    case IngestOutcome::added: ++added; break;
    case IngestOutcome::replaced: ++replaced; break;
    case IngestOutcome::unchanged: ++unchanged; break;
    case IngestOutcome::duplicate: ++duplicates; break;
    case IngestOutcome::failed:
        ++failed;
        if (result.remembered) ++remembered;
        break;
    case IngestOutcome::skipped: ++skipped; break;
    }
}

void IngestSummary::count_file(const std::vector<IngestResult>& results) {
    bool stored = false, failure = false;
    for (const auto& r : results) {
        stored = stored || (r.outcome != IngestOutcome::failed && r.outcome != IngestOutcome::skipped);
        failure = failure || r.outcome == IngestOutcome::failed;
    }
    ++(stored ? files_read : failure ? files_failed : files_skipped);
}

IngestSummary& IngestSummary::operator+=(const IngestSummary& other) {
    added += other.added;
    replaced += other.replaced;
    unchanged += other.unchanged;
    duplicates += other.duplicates;
    failed += other.failed;
    remembered += other.remembered;
    skipped += other.skipped;
    files_read += other.files_read;
    files_failed += other.files_failed;
    files_skipped += other.files_skipped;
    file_parts += other.file_parts;
    return *this;
}

int latest_schema_version() {
    const auto& all = store::migrations();
    return all.empty() ? 0 : all.back().version;
}

fs::path default_archive_path() {
    if (const char* env = std::getenv("NEWSDB_DB"); env && *env) return fs::path(env);
    if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg)
        return fs::path(xdg) / "newsdb" / "archive.db";
    if (const char* home = std::getenv("HOME"); home && *home)
        return fs::path(home) / ".local" / "share" / "newsdb" / "archive.db";
    return fs::path("newsdb.db");
}

struct Archive::Impl {
    fs::path path;
    SQLite::Database db;
    tokenizer::QueryLanguages* query_languages = nullptr;  // owned by db's tokenizer registration

    Impl(fs::path p, int flags) : path(std::move(p)), db(path.string(), flags, kBusyTimeoutMs) {}

    // The archive file, with its write-ahead log or without (0 for a missing file).
    int64_t file_bytes(bool with_wal = true) const {
        const auto size = [](const std::string& file) {
            std::error_code ec;
            const auto bytes = fs::file_size(file, ec);
            return ec ? int64_t{0} : static_cast<int64_t>(bytes);
        };
        return size(path.string()) + (with_wal ? size(path.string() + "-wal") : 0);
    }

    // The file's size once committed pages are copied into it (the copy does
    // not wait for readers).
    int64_t checkpointed_file_bytes() {
        try {
            db.exec("PRAGMA wal_checkpoint(PASSIVE)");
        } catch (const SQLite::Exception&) {
            // Committed all the same: SQLite copies the pages at a later
            // checkpoint, and the size leaves them out meanwhile.
        }
        return file_bytes(false);
    }

    // The frequent words after an ingest (store/frequent_words.hpp): derived
    // data, in a transaction of its own. When it fails the ingest stands, and
    // searches rank every match until the next ingest or optimize refreshes it.
    void refresh_frequent_words() {
        try {
            store::Transaction transaction(db, store::Transaction::Kind::immediate);
            store::refresh_frequent_words(db, query_languages);
            transaction.commit();
        } catch (const SQLite::Exception&) {
            // Stale, not wrong: search checks the index's state before using it.
        }
    }

    int pragma_int(const char* name) {
        return db.execAndGet(std::string("PRAGMA ") + name).getInt();
    }

    // `fresh`: a new file with no schema yet (check_identity() returned 0).
    void configure(OpenMode mode, bool fresh) {
        query_languages = store::prepare_connection(db);
        db.exec("PRAGMA foreign_keys = ON");
        if (mode == OpenMode::read_write) {
            // For a new file only: a larger page than SQLite's 4 KB default
            // leaves less of each page unused by multi-KB passage rows and
            // FTS5 segments, and incremental auto-vacuum lets a writer return
            // freed pages. (On an archive that has auto-vacuum, setting it
            // again would wait for the write lock.)
            if (fresh) {
                db.exec("PRAGMA page_size = " + std::to_string(kPageSize));
                db.exec("PRAGMA auto_vacuum = INCREMENTAL");
            }
            switch_to_wal();
            // In WAL mode NORMAL keeps the archive consistent after a crash or
            // power cut; at worst the last transactions before a power cut are lost.
            db.exec("PRAGMA synchronous = NORMAL");
        }
    }

    // Turning a new file into WAL takes an exclusive lock, and SQLite answers
    // SQLITE_BUSY at once, without its busy handler, while another process
    // holds the file for the same switch or its first migration; so retry
    // here, within the same patience as every other lock wait.
    void switch_to_wal() {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(kBusyTimeoutMs);
        for (auto pause = std::chrono::milliseconds(2);; pause = std::min(pause * 2, std::chrono::milliseconds(100))) {
            try {
                db.exec("PRAGMA journal_mode = WAL");
                return;
            } catch (const SQLite::Exception& e) {
                if (e.getErrorCode() != SQLITE_BUSY || std::chrono::steady_clock::now() + pause > deadline) throw;
            }
            std::this_thread::sleep_for(pause);
        }
    }

    // Refuses files that are not newsdb archives or come from a newer newsdb.
    // Returns the file's schema version (0: a new, empty database).
    int check_identity() {
        // One snapshot: another process may commit a migration between reads.
        store::Transaction snapshot(db, store::Transaction::Kind::deferred);
        const int app = pragma_int("application_id");
        const int version = pragma_int("user_version");
        const int objects = db.execAndGet("SELECT count(*) FROM sqlite_schema").getInt();
        snapshot.commit();
        if (app == 0 && version == 0) {
            if (objects > 0)
                throw Error(Errc::incompatible_archive,
                            "'" + path.string() + "' is an SQLite database of another program, not a newsdb archive",
                            "pass --db with a newsdb archive, or a new file name to create one");
            return 0;
        }
        if (app != store::kApplicationId)
            throw Error(Errc::incompatible_archive,
                        "'" + path.string() + "' is an SQLite database of another program, not a newsdb archive",
                        "pass --db with a newsdb archive, or a new file name to create one");
        if (version > latest_schema_version())
            throw Error(Errc::incompatible_archive,
                        "'" + path.string() + "' was written by a newer newsdb (schema version " +
                            std::to_string(version) + "; this newsdb knows up to " +
                            std::to_string(latest_schema_version()) + ")",
                        "upgrade newsdb to open it; the archive was not changed");
        return version;
    }

    void migrate() {
        for (const auto& m : store::migrations()) {
            store::Transaction tx(db, store::Transaction::Kind::immediate);
            // Another process may have migrated while we waited for the lock.
            if (pragma_int("user_version") >= m.version) continue;
            db.exec(std::string(m.sql));
            // A migration may edit sqlite_schema itself (008 does), which does
            // not change the schema version: bumped here, every connection
            // reads the new definitions. After any other migration, harmless.
            db.exec("PRAGMA schema_version = " + std::to_string(pragma_int("schema_version") + 1));
            db.exec("PRAGMA application_id = " + std::to_string(store::kApplicationId));
            db.exec("PRAGMA user_version = " + std::to_string(m.version));
            tx.commit();
        }
    }

    std::optional<int64_t> article_for_path(const std::string& key) {
        SQLite::Statement st(db, kSelectPathArticle);
        st.bind(1, key);
        if (st.executeStep()) return st.getColumn(0).getInt64();
        return std::nullopt;
    }

    std::optional<StoredArticle> load_article(int64_t id) {
        SQLite::Statement st(db, kSelectArticle);
        st.bind(1, static_cast<int64_t>(id));
        if (!st.executeStep()) return std::nullopt;
        StoredArticle s;
        s.id = st.getColumn(0).getInt64();
        s.content_hash = st.getColumn(1).getString();
        s.article.title = st.getColumn(2).getString();
        s.article.date = st.getColumn(3).getString();
        s.article.source = st.getColumn(4).getString();
        s.article.author = st.getColumn(5).getString();
        s.article.url = st.getColumn(6).getString();
        s.article.is_excerpt = st.getColumn(7).getInt() != 0;
        if (!st.getColumn(8).isNull()) s.article.words_shown = st.getColumn(8).getInt64();
        if (!st.getColumn(9).isNull()) s.article.words_total = st.getColumn(9).getInt64();
        s.format = st.getColumn(10).getString();
        s.ingested_at = st.getColumn(11).getString();
        s.article.language = st.getColumn(12).getString();
        s.encoding = st.getColumn(13).getString();

        SQLite::Statement tags(db, kSelectTags);
        tags.bind(1, id);
        while (tags.executeStep()) s.article.tags.push_back(tags.getColumn(0).getString());

        SQLite::Statement paths(db, kSelectArticlePaths);
        paths.bind(1, static_cast<int64_t>(id));
        while (paths.executeStep()) {
            s.paths.push_back(paths.getColumn(0).getString());
            s.locators.push_back(paths.getColumn(1).getString());
        }

        SQLite::Statement paras(db, kSelectParagraphs);
        paras.bind(1, static_cast<int64_t>(id));
        SQLite::Statement cites(db, kSelectCitations);
        while (paras.executeStep()) {
            StoredParagraph p;
            p.passage_id = paras.getColumn(0).getInt64();
            p.position = paras.getColumn(1).getInt();
            p.paragraph.text = paras.getColumn(2).getString();
            cites.bind(1, static_cast<int64_t>(p.passage_id));
            while (cites.executeStep()) {
                p.paragraph.citations.push_back(
                    Citation{cites.getColumn(1).getInt(), static_cast<std::size_t>(cites.getColumn(0).getInt64())});
            }
            cites.reset();
            s.article.paragraphs.push_back(p.paragraph);
            s.paragraphs.push_back(std::move(p));
        }

        SQLite::Statement notes(db, kSelectFootnotes);
        notes.bind(1, static_cast<int64_t>(id));
        while (notes.executeStep()) {
            Footnote f;
            f.number = notes.getColumn(1).getInt();
            f.text = notes.getColumn(2).getString();
            f.title = notes.getColumn(3).getString();
            f.author = notes.getColumn(4).getString();
            f.publisher = notes.getColumn(5).getString();
            f.date = notes.getColumn(6).getString();
            f.url = notes.getColumn(7).getString();
            s.article.footnotes.push_back(std::move(f));
        }

        SQLite::Statement bp(db, kSelectBoilerplate);
        bp.bind(1, static_cast<int64_t>(id));
        while (bp.executeStep()) {
            Boilerplate b;
            b.kind = bp.getColumn(0).getString() == "paywall" ? Boilerplate::Kind::paywall
                                                               : Boilerplate::Kind::chrome;
            b.text = bp.getColumn(1).getString();
            s.article.boilerplate.push_back(std::move(b));
        }
        return s;
    }
};

Archive::Archive(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Archive::Archive(Archive&&) noexcept = default;
Archive& Archive::operator=(Archive&&) noexcept = default;
Archive::~Archive() = default;

const fs::path& Archive::path() const { return impl_->path; }

Archive Archive::open(const fs::path& path, OpenMode mode,
                      const std::function<void(int64_t, int64_t)>& on_reindex) {
    std::error_code ec;
    const bool exists = fs::exists(path, ec);
    if (exists && fs::is_directory(path, ec))
        throw Error(Errc::invalid_argument, "'" + path.string() + "' is a folder, not an archive file",
                    "pass --db with a file name, e.g. --db " + (path / "archive.db").string());
    if (!exists && mode == OpenMode::read_only)
        throw Error(Errc::not_found, "no archive at '" + path.string() + "'",
                    "ingest some articles first (newsdb ingest PATH...), or pass --db with an existing archive");
    if (!exists && path.has_parent_path()) {
        fs::create_directories(path.parent_path(), ec);
        if (ec)
            throw Error(Errc::io, "cannot create the folder '" + path.parent_path().string() + "': " + ec.message(),
                        "choose another place with --db or NEWSDB_DB");
    }
    return store::guarded([&] { return "cannot open the archive '" + path.string() + "'"; }, [&] {
        store::configure_sqlite_once();
        // An Archive (like each ingest worker's reader) is used by one thread
        // at a time: SQLite's per-connection mutex would only cost time.
        const int flags = (mode == OpenMode::read_only ? SQLite::OPEN_READONLY
                                                       : (SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE)) |
                          SQLite::OPEN_NOMUTEX;
        auto impl = std::make_unique<Impl>(path, flags);
        // Identity first: a file that is not ours is refused before anything
        // (such as switching it to WAL) touches it.
        int version = impl->check_identity();
        impl->configure(mode, version == 0);
        const bool stale = version < latest_schema_version() ||
                           (version > 0 && !store::index_is_current(impl->db));
        if (stale && mode == OpenMode::read_only) {
            // An older archive: upgrade it in place once, then read.
            impl.reset();
            { Archive upgraded = open(path, OpenMode::read_write, on_reindex); }
            return open(path, OpenMode::read_only);
        }
        if (mode == OpenMode::read_write) {
            if (version < latest_schema_version()) impl->migrate();
            store::ensure_index_current(impl->db, on_reindex);
        }
        return Archive(std::move(impl));
    });
}

std::vector<IngestResult> Archive::ingest_bytes(std::string_view bytes, const std::string& origin,
                                               const IngestOptions& options) {
    return store::guarded([&] { return "cannot store '" + origin + "'"; }, [&] {
        // Standard input has no path: its articles are told apart by content.
        const std::string key = origin == "-" ? "stdin:" + util::sha256_hex(bytes) : store::path_key(origin);
        return store::ingest_one(impl_->db, std::string(bytes), origin, key, options);
    });
}

IngestSummary Archive::ingest(const std::vector<fs::path>& inputs, const IngestOptions& options,
                              const IngestCallback& on_file, const ProgressCallback& on_progress) {
    return store::guarded("ingest stopped", [&] {
        IngestSummary summary =
            store::run_ingest(impl_->db, impl_->path.string(), inputs, options, on_file, on_progress);
        impl_->refresh_frequent_words();
        return summary;
    });
}

ReparseSummary Archive::reparse(const ReparseOptions& options,
                                const std::function<void(int64_t, const std::string&)>& on_failure,
                                const std::function<void(const ReparseProgress&)>& on_progress) {
    return store::guarded("reparse stopped", [&] {
        return store::run_reparse(impl_->db, impl_->path.string(), options, on_failure, on_progress);
    });
}

std::optional<std::string> Archive::original(int64_t article_id) {
    return store::guarded([&] { return "cannot read the original of article " + std::to_string(article_id); },
                          [&] { return store::read_original(impl_->db, article_id); });
}

SearchResults Archive::search(const SearchOptions& options) {
    SearchResults results;
    results.total = search_each(options, false, [&](const SearchHit& h) { results.hits.push_back(h); });
    return results;
}

SearchTotals Archive::search_each(const SearchOptions& options, bool all,
                                  const std::function<void(const SearchHit&)>& visit,
                                  const std::function<void(const SearchTotals&)>& on_total) {
    return store::guarded("search failed", [&] {
        return store::run_search(impl_->db, options, all, visit, on_total, impl_->query_languages);
    });
}

SearchTotals Archive::count(const SearchOptions& options) {
    return store::guarded("search failed",
                          [&] { return store::count_search(impl_->db, options, impl_->query_languages); });
}

std::vector<QueryPartCount> Archive::count_parts(const SearchOptions& options) {
    return store::guarded("search failed",
                          [&] { return store::count_query_parts(impl_->db, options, impl_->query_languages); });
}

OptimizeSummary Archive::optimize(const OptimizeOptions& options) {
    auto& db = impl_->db;
    const auto index_bytes = [&db] {
        return db.execAndGet("SELECT coalesce(sum(length(block)), 0) FROM passages_fts_data").getInt64();
    };
    return store::guarded("optimize stopped; the archive is as it was", [&] {
        OptimizeSummary s;
        s.file_bytes_before = impl_->file_bytes(false);
        store::Transaction transaction(db, store::Transaction::Kind::immediate);
        s.index_bytes_before = index_bytes();
        db.exec("INSERT INTO passages_fts (passages_fts) VALUES ('optimize')");
        s.index_bytes_after = index_bytes();
        s.words = store::rank_top_hits(db, options.words, options.min_matches, impl_->query_languages);
        store::refresh_frequent_words(db, impl_->query_languages);
        db.exec("PRAGMA incremental_vacuum");
        transaction.commit();
        s.file_bytes_after = impl_->checkpointed_file_bytes();
        return s;
    });
}

Archive::RankedWords Archive::ranked_words() {
    return store::guarded("cannot read the ranked words", [&] {
        SQLite::Statement st(impl_->db, std::string("SELECT count(*), coalesce(sum(") + store::kTopHitWordIsCurrent +
                                            "), 0) FROM top_hit_words");
        st.executeStep();
        return RankedWords{st.getColumn(0).getInt64(), st.getColumn(1).getInt64()};
    });
}

std::vector<CountRow> Archive::count(const SearchOptions& options, CountBucket by) {
    try {
        return store::count_matches(impl_->db, options, by, impl_->query_languages);
    } catch (const SQLite::Exception& e) {
        store::throw_sqlite_error(e, "count failed");
    }
}

std::vector<CitationRow> Archive::citations(const CitationOptions& options) {
    try {
        return store::list_citations(impl_->db, options, impl_->query_languages);
    } catch (const SQLite::Exception& e) {
        store::throw_sqlite_error(e, "cannot list the citations");
    }
}

Archive::ReadSnapshot Archive::read_snapshot() {
    try {
        impl_->db.exec("BEGIN DEFERRED");
    } catch (const SQLite::Exception& e) {
        store::throw_sqlite_error(e, "cannot start a read snapshot");
    }
    return ReadSnapshot(*this);
}

Archive::ReadSnapshot::ReadSnapshot(ReadSnapshot&& other) noexcept : archive_(other.archive_) {
    other.archive_ = nullptr;
}

Archive::ReadSnapshot::~ReadSnapshot() {
    if (archive_ == nullptr) return;
    try {
        archive_->impl_->db.exec("ROLLBACK");
    } catch (...) {
        // Nothing was written; SQLite ends the read transaction with the connection anyway.
    }
}

DumpSummary Archive::dump(const fs::path& out) {
    return store::guarded("dump stopped", [&] {
        util::OutputStream stream(out);
        DumpSummary s = store::write_dump(impl_->db, [&](std::string_view bytes) { stream.write(bytes); });
        stream.finish();
        return s;
    });
}

namespace {
constexpr std::size_t kMaxDumpLine = std::size_t{1} << 30;
}

RestoreSummary Archive::restore(const fs::path& in) {
    return store::guarded("restore stopped; the archive is as it was", [&] {
        util::LineReader reader(in, kMaxDumpLine);
        return store::restore_dump(impl_->db, reader);
    });
}

RestoreSummary Archive::restore_bytes(std::string_view dump) {
    return store::guarded("restore stopped; the archive is as it was", [&] {
        util::LineReader reader(dump, kMaxDumpLine);
        return store::restore_dump(impl_->db, reader);
    });
}

ForgetSummary Archive::forget(const std::vector<int64_t>& ids) {
    return store::guarded("forget stopped; nothing was removed", [&] { return store::forget_articles(impl_->db, ids); });
}

std::vector<int64_t> Archive::articles_at_path(const fs::path& path) {
    return store::guarded([&] { return "cannot read the articles of '" + path.string() + "'"; },
                          [&] { return store::articles_at_path(impl_->db, store::path_key(path.string())); });
}

std::vector<int64_t> Archive::matching_articles(const SearchOptions& options) {
    return store::guarded("search failed", [&] {
        std::vector<int64_t> ids;
        store::visit_matching_passages(
            impl_->db, options, impl_->query_languages,
            [](const std::string& matches) {
                return "SELECT DISTINCT article_id FROM (" + matches + ") ORDER BY article_id";
            },
            [&](SQLite::Statement& row) { ids.push_back(row.getColumn(0).getInt64()); });
        return ids;
    });
}

std::optional<StoredArticle> Archive::article(int64_t id) {
    return store::guarded([&] { return "cannot read article " + std::to_string(id); },
                          [&] { return impl_->load_article(id); });
}

std::optional<StoredArticle> Archive::article_by_path(const fs::path& path) {
    return store::guarded([&] { return "cannot read article for '" + path.string() + "'"; },
                          [&]() -> std::optional<StoredArticle> {
                              auto id = impl_->article_for_path(store::path_key(path.string()));
                              if (!id) return std::nullopt;
                              return impl_->load_article(*id);
                          });
}

ArchiveStats Archive::stats() {
    return store::guarded("cannot read archive statistics", [&] {
        ArchiveStats s;
        auto& db = impl_->db;
        s.path = impl_->path.string();
        s.schema_version = impl_->pragma_int("user_version");
        s.articles = db.execAndGet("SELECT count(*) FROM articles").getInt64();
        s.paths = db.execAndGet("SELECT count(*) FROM article_paths").getInt64();
        s.paragraphs = db.execAndGet("SELECT count(*) FROM passages WHERE kind = 'paragraph'").getInt64();
        s.footnotes = db.execAndGet("SELECT count(*) FROM footnotes").getInt64();
        s.citations = db.execAndGet("SELECT count(*) FROM citations").getInt64();
        s.excerpts = db.execAndGet("SELECT count(*) FROM articles WHERE is_excerpt").getInt64();
        s.sources = db.execAndGet("SELECT count(DISTINCT source) FROM articles").getInt64();
        s.passage_bytes = db.execAndGet("SELECT coalesce(sum(length(CAST(text AS BLOB))), 0) FROM passages").getInt64();
        SQLite::Statement originals(db, "SELECT count(*), coalesce(sum(byte_size), 0), coalesce(sum(length(data)), 0) "
                                        "FROM originals");
        originals.executeStep();
        s.originals = originals.getColumn(0).getInt64();
        s.original_bytes = originals.getColumn(1).getInt64();
        s.original_stored_bytes = originals.getColumn(2).getInt64();
        const RankedWords ranked = ranked_words();
        s.top_hit_words = ranked.total;
        s.top_hit_words_current = ranked.current;
        s.file_bytes = impl_->file_bytes();
        return s;
    });
}

std::vector<std::string> Archive::check_integrity() {
    // Not guarded(): a failure here is one more problem to report.
    std::vector<std::string> problems;
    try {
        SQLite::Statement st(impl_->db, "PRAGMA integrity_check");
        while (st.executeStep()) {
            auto line = st.getColumn(0).getString();
            if (line != "ok") problems.push_back(line);
        }
        SQLite::Statement fk(impl_->db, "PRAGMA foreign_key_check");
        while (fk.executeStep())
            problems.push_back("foreign key violation in table " + fk.getColumn(0).getString());
        // Bulk indexing switches the per-row index trigger off only inside an
        // ingest's transaction (schema 004); committed, it would hide new passages.
        SQLite::Statement deferred(impl_->db, "SELECT count(*) FROM settings WHERE key = 'fts_deferred'");
        if (deferred.executeStep() && deferred.getColumn(0).getInt64() > 0)
            problems.push_back("settings holds 'fts_deferred': passages written from now on would not be indexed "
                               "(delete that row, then run `newsdb check` again)");
        // An ingest batch drops it inside its own transaction only (see Writer).
        SQLite::Statement trigger(impl_->db,
                                  "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND name = 'passages_ai'");
        if (trigger.executeStep() && trigger.getColumn(0).getInt64() == 0)
            problems.push_back("the trigger passages_ai is missing: passages that other programs write would not "
                               "be indexed (restore the archive from a backup, or re-ingest into a new archive)");
    } catch (const SQLite::Exception& e) {
        problems.push_back(std::string("integrity_check: ") + e.what());
    }
    try {
        // rank = 1 also compares the index with the passages table's contents.
        impl_->db.exec("INSERT INTO passages_fts(passages_fts, rank) VALUES ('integrity-check', 1)");
    } catch (const SQLite::Exception& e) {
        problems.push_back(std::string("FTS5 integrity-check: ") + e.what());
    }
    return problems;
}

} // namespace newsdb
