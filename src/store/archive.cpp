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

#include "newsdb/error.hpp"
#include "store/connection.hpp"
#include "store/migrations.hpp"
#include "store/search.hpp"
#include "store/sqlite_error.hpp"
#include "store/transaction.hpp"
#include "util/hash.hpp"

namespace fs = std::filesystem;

namespace newsdb {

namespace {

// PRAGMA application_id marks a file as a newsdb archive ("NWSD").
constexpr int kApplicationId = 0x4E575344;
constexpr int kBusyTimeoutMs = 30000;

// Named DML, bound values only.
constexpr const char* kSelectPathArticle = "SELECT article_id FROM article_paths WHERE path = ?";
constexpr const char* kSelectArticleByHash = "SELECT id FROM articles WHERE content_hash = ?";
constexpr const char* kInsertArticle =
    "INSERT INTO articles (content_hash, title, date, source, author, url, is_excerpt, "
    "words_shown, words_total, format, byte_size, ingested_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr const char* kInsertPassage =
    "INSERT INTO passages (article_id, kind, position, text) VALUES (?, ?, ?, ?)";
constexpr const char* kInsertFootnote =
    "INSERT INTO footnotes (passage_id, article_id, number, title, author, publisher, date, url) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
constexpr const char* kInsertCitation =
    "INSERT OR IGNORE INTO citations (paragraph_id, footnote_id, char_offset) VALUES (?, ?, ?)";
constexpr const char* kInsertBoilerplate =
    "INSERT INTO boilerplate (article_id, position, kind, text) VALUES (?, ?, ?, ?)";
constexpr const char* kUpsertPath =
    "INSERT INTO article_paths (path, article_id, first_seen) VALUES (?, ?, ?) "
    "ON CONFLICT (path) DO UPDATE SET article_id = excluded.article_id";
constexpr const char* kCountPaths = "SELECT count(*) FROM article_paths WHERE article_id = ?";
constexpr const char* kDeleteArticle = "DELETE FROM articles WHERE id = ?";

constexpr const char* kSelectArticle =
    "SELECT id, content_hash, title, coalesce(date, ''), coalesce(source, ''), "
    "coalesce(author, ''), coalesce(url, ''), is_excerpt, words_shown, words_total, format, "
    "ingested_at FROM articles WHERE id = ?";
constexpr const char* kSelectArticlePaths =
    "SELECT path FROM article_paths WHERE article_id = ? ORDER BY first_seen, path";
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

std::string utc_now_iso() {
    auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

// Empty strings are stored as NULL so "absent" reads the same in every tool.
void bind_text_or_null(SQLite::Statement& st, int index, const std::string& value) {
    if (value.empty()) st.bind(index);
    else st.bind(index, value);
}

void bind_optional(SQLite::Statement& st, int index, const std::optional<int64_t>& value) {
    if (value) st.bind(index, static_cast<int64_t>(*value));
    else st.bind(index);
}

// The path under which a file's article is recorded: absolute and normalised,
// without resolving symlinks (a link and its target are two paths).
std::string path_key(const fs::path& path) {
    std::error_code ec;
    fs::path abs = fs::absolute(path, ec);
    if (ec) abs = path;
    return abs.lexically_normal().string();
}

std::string read_whole_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        int err = errno;
        throw Error(Errc::bad_input, "cannot read file: " + std::string(std::strerror(err)),
                    "check that the file exists and is readable");
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    if (in.bad()) {
        throw Error(Errc::bad_input, "error while reading the file", "check the disk and the file");
    }
    return ss.str();
}

bool is_hidden(const fs::path& p) {
    auto name = p.filename().string();
    return !name.empty() && name[0] == '.';
}

std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// Why a file met in a folder walk is not taken as an article; empty: take it.
// Folders of articles often hold notes about them (README, LICENSE) and other
// files; those would otherwise become bogus articles.
std::string skip_reason(const fs::path& p) {
    static const std::vector<std::string> kArticleExtensions = {
        ".txt", ".text", ".md", ".markdown", ".html", ".htm", ".xhtml", ".json",
        ".jsonl", ".ndjson", ".sgm", ".sgml", ".xml"};
    fs::path name = p.filename();
    if (lower(name.extension().string()) == ".gz") name = name.stem();
    const std::string stem = lower(name.stem().string());
    for (const char* doc : {"readme", "license", "licence", "copying", "changelog"})
        if (stem == doc) return "a " + stem + " file, not an article (name it explicitly to ingest it)";
    const std::string ext = lower(name.extension().string());
    if (std::find(kArticleExtensions.begin(), kArticleExtensions.end(), ext) == kArticleExtensions.end())
        return "not an article file extension (name it explicitly, with --format, to ingest it)";
    return {};
}

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

std::string_view ingest_outcome_name(IngestOutcome outcome) noexcept {
    switch (outcome) {
    case IngestOutcome::added: return "added";
    case IngestOutcome::replaced: return "replaced";
    case IngestOutcome::unchanged: return "unchanged";
    case IngestOutcome::failed: return "failed";
    case IngestOutcome::skipped: return "skipped";
    }
    return "failed";
}

void IngestSummary::count(IngestOutcome outcome) {
    switch (outcome) {
    case IngestOutcome::added: ++added; break;
    case IngestOutcome::replaced: ++replaced; break;
    case IngestOutcome::unchanged: ++unchanged; break;
    case IngestOutcome::failed: ++failed; break;
    case IngestOutcome::skipped: ++skipped; break;
    }
}

IngestSummary& IngestSummary::operator+=(const IngestSummary& other) {
    added += other.added;
    replaced += other.replaced;
    unchanged += other.unchanged;
    failed += other.failed;
    skipped += other.skipped;
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

    Impl(fs::path p, int flags) : path(std::move(p)), db(path.string(), flags, kBusyTimeoutMs) {}

    int pragma_int(const char* name) {
        return db.execAndGet(std::string("PRAGMA ") + name).getInt();
    }

    void configure(OpenMode mode) {
        store::prepare_connection(db);
        db.exec("PRAGMA foreign_keys = ON");
        if (mode == OpenMode::read_write) {
            db.exec("PRAGMA journal_mode = WAL");
            // In WAL mode NORMAL keeps the archive consistent after a crash or
            // power cut; at worst the last transactions before a power cut are lost.
            db.exec("PRAGMA synchronous = NORMAL");
        }
    }

    // Refuses files that are not newsdb archives or come from a newer newsdb.
    // Returns the file's schema version (0: a new, empty database).
    int check_identity() {
        int app = pragma_int("application_id");
        int version = pragma_int("user_version");
        if (app == 0 && version == 0) {
            int objects = db.execAndGet("SELECT count(*) FROM sqlite_schema").getInt();
            if (objects > 0)
                throw Error(Errc::incompatible_archive,
                            "'" + path.string() + "' is an SQLite database of another program, not a newsdb archive",
                            "pass --db with a newsdb archive, or a new file name to create one");
            return 0;
        }
        if (app != kApplicationId)
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
            db.exec("PRAGMA application_id = " + std::to_string(kApplicationId));
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

    std::optional<int64_t> article_for_hash(const std::string& hash) {
        SQLite::Statement st(db, kSelectArticleByHash);
        st.bind(1, hash);
        if (st.executeStep()) return st.getColumn(0).getInt64();
        return std::nullopt;
    }

    int64_t insert_passage(int64_t article_id, PassageKind kind, int position, const std::string& text) {
        SQLite::Statement st(db, kInsertPassage);
        st.bind(1, static_cast<int64_t>(article_id));
        st.bind(2, std::string(passage_kind_name(kind)));
        st.bind(3, position);
        st.bind(4, text);
        st.exec();
        return db.getLastInsertRowid();
    }

    int64_t insert_article(const ParsedArticle& a, const std::string& hash, std::string_view format,
                           std::size_t byte_size) {
        SQLite::Statement st(db, kInsertArticle);
        st.bind(1, hash);
        st.bind(2, a.title);
        bind_text_or_null(st, 3, a.date);
        bind_text_or_null(st, 4, a.source);
        bind_text_or_null(st, 5, a.author);
        bind_text_or_null(st, 6, a.url);
        st.bind(7, a.is_excerpt ? 1 : 0);
        bind_optional(st, 8, a.words_shown);
        bind_optional(st, 9, a.words_total);
        st.bind(10, std::string(format));
        st.bind(11, static_cast<int64_t>(byte_size));
        st.bind(12, utc_now_iso());
        st.exec();
        const int64_t id = db.getLastInsertRowid();

        insert_passage(id, PassageKind::title, 0, a.title);

        std::vector<std::pair<int, int64_t>> footnote_ids;  // number -> passage id
        for (const auto& fn : a.footnotes) {
            int64_t pid = insert_passage(id, PassageKind::footnote, fn.number, fn.text);
            SQLite::Statement f(db, kInsertFootnote);
            f.bind(1, static_cast<int64_t>(pid));
            f.bind(2, static_cast<int64_t>(id));
            f.bind(3, fn.number);
            bind_text_or_null(f, 4, fn.title);
            bind_text_or_null(f, 5, fn.author);
            bind_text_or_null(f, 6, fn.publisher);
            bind_text_or_null(f, 7, fn.date);
            bind_text_or_null(f, 8, fn.url);
            f.exec();
            footnote_ids.emplace_back(fn.number, pid);
        }

        SQLite::Statement cite(db, kInsertCitation);
        int position = 0;
        for (const auto& para : a.paragraphs) {
            int64_t pid = insert_passage(id, PassageKind::paragraph, ++position, para.text);
            for (const auto& c : para.citations) {
                auto it = std::find_if(footnote_ids.begin(), footnote_ids.end(),
                                       [&](const auto& e) { return e.first == c.footnote_number; });
                if (it == footnote_ids.end()) continue;  // parser links only existing notes
                cite.bind(1, static_cast<int64_t>(pid));
                cite.bind(2, static_cast<int64_t>(it->second));
                cite.bind(3, static_cast<int64_t>(c.offset));
                cite.exec();
                cite.reset();
            }
        }

        SQLite::Statement bp(db, kInsertBoilerplate);
        int bp_position = 0;
        for (const auto& b : a.boilerplate) {
            bp.bind(1, static_cast<int64_t>(id));
            bp.bind(2, ++bp_position);
            bp.bind(3, std::string(b.kind == Boilerplate::Kind::paywall ? "paywall" : "chrome"));
            bp.bind(4, b.text);
            bp.exec();
            bp.reset();
        }
        return id;
    }

    void point_path(const std::string& key, int64_t article_id) {
        SQLite::Statement st(db, kUpsertPath);
        st.bind(1, key);
        st.bind(2, static_cast<int64_t>(article_id));
        st.bind(3, utc_now_iso());
        st.exec();
    }

    // Deletes the article when no path refers to it any more.
    void drop_if_orphaned(int64_t article_id) {
        SQLite::Statement count(db, kCountPaths);
        count.bind(1, static_cast<int64_t>(article_id));
        count.executeStep();
        if (count.getColumn(0).getInt64() > 0) return;
        SQLite::Statement del(db, kDeleteArticle);
        del.bind(1, static_cast<int64_t>(article_id));
        del.exec();
    }

    IngestResult ingest_bytes(std::string_view bytes, const std::string& origin, const std::string& key,
                              const IngestOptions& options) {
        IngestResult result;
        result.path = origin;
        const std::string hash = detail::sha256_hex(bytes);

        // Fast path: this path already holds exactly these bytes.
        auto current = article_for_path(key);
        auto same = article_for_hash(hash);
        if (current && same && *current == *same) {
            result.outcome = IngestOutcome::unchanged;
            result.article_id = *same;
            return result;
        }

        std::optional<ParsedArticle> parsed;
        if (!same) {
            try {
                parsed = parse_article(bytes, origin, options.parse.format);
            } catch (const Error& e) {
                result.outcome = IngestOutcome::failed;
                result.error = e.what();
                return result;
            }
        }

        store::Transaction tx(db, store::Transaction::Kind::immediate);
        // Re-read under the write lock: another process may have written meanwhile.
        current = article_for_path(key);
        same = article_for_hash(hash);
        int64_t id = 0;
        if (same) {
            id = *same;
            result.outcome = (current && *current != id) ? IngestOutcome::replaced : IngestOutcome::unchanged;
        } else {
            if (!parsed) parsed = parse_article(bytes, origin, options.parse.format);
            std::string_view format = input_format_name(options.parse.format == InputFormat::automatic
                                                            ? detect_format(bytes, origin)
                                                            : options.parse.format);
            id = insert_article(*parsed, hash, format, bytes.size());
            result.outcome = current ? IngestOutcome::replaced : IngestOutcome::added;
        }
        if (!current || *current != id) {
            point_path(key, id);
            if (current) drop_if_orphaned(*current);
        }
        tx.commit();
        result.article_id = id;
        return result;
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

        SQLite::Statement paths(db, kSelectArticlePaths);
        paths.bind(1, static_cast<int64_t>(id));
        while (paths.executeStep()) s.paths.push_back(paths.getColumn(0).getString());

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

Archive Archive::open(const fs::path& path, OpenMode mode) {
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
    try {
        const int flags = mode == OpenMode::read_only ? SQLite::OPEN_READONLY
                                                      : (SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        auto impl = std::make_unique<Impl>(path, flags);
        impl->configure(mode);
        int version = impl->check_identity();
        if (version < latest_schema_version()) {
            if (mode == OpenMode::read_only) {
                // An older archive: upgrade it in place once, then read.
                impl.reset();
                Archive upgraded = open(path, OpenMode::read_write);
                (void)upgraded;
                return open(path, OpenMode::read_only);
            }
            impl->migrate();
        }
        return Archive(std::move(impl));
    } catch (const SQLite::Exception& e) {
        store::throw_sqlite_error(e, "cannot open the archive '" + path.string() + "'");
    }
}

IngestResult Archive::ingest_bytes(std::string_view bytes, const std::string& origin,
                                   const IngestOptions& options) {
    try {
        // Standard input has no path: its articles are told apart by content.
        const std::string key = origin == "-" ? "stdin:" + detail::sha256_hex(bytes) : path_key(origin);
        return impl_->ingest_bytes(bytes, origin, key, options);
    } catch (const SQLite::Exception& e) {
        store::throw_sqlite_error(e, "cannot store '" + origin + "'");
    }
}

IngestSummary Archive::ingest(const std::vector<fs::path>& inputs, const IngestOptions& options,
                              const IngestCallback& on_file) {
    IngestSummary summary;
    auto report = [&](const IngestResult& r) {
        summary.count(r.outcome);
        if (on_file) on_file(r);
    };
    auto fail = [&](const fs::path& p, std::string why) {
        IngestResult r;
        r.path = p.string();
        r.outcome = IngestOutcome::failed;
        r.error = std::move(why);
        report(r);
    };
    auto ingest_file = [&](const fs::path& file) {
        std::string bytes;
        try {
            bytes = read_whole_file(file);
        } catch (const Error& e) {
            fail(file, e.what());
            return;
        }
        try {
            report(impl_->ingest_bytes(bytes, file.string(), path_key(file), options));
        } catch (const SQLite::Exception& e) {
            store::throw_sqlite_error(e, "cannot store '" + file.string() + "'");
        }
    };

    for (const auto& input : inputs) {
        std::error_code ec;
        auto status = fs::status(input, ec);
        if (ec || !fs::exists(status)) {
            fail(input, "no such file or folder; check the path");
            continue;
        }
        if (!fs::is_directory(status)) {
            if (fs::is_regular_file(status)) ingest_file(input);
            else fail(input, "not a regular file or folder; give files or folders of articles");
            continue;
        }
        // Folders: every regular file below, sorted for a reproducible order;
        // hidden files and folders are skipped, symlinked folders not followed.
        std::vector<fs::path> files;
        fs::recursive_directory_iterator it(input, fs::directory_options::none, ec), end;
        if (ec) {
            fail(input, "cannot read folder: " + ec.message());
            continue;
        }
        for (; it != end; it.increment(ec)) {
            if (ec) {
                fail(it->path(), "cannot read folder: " + ec.message());
                ec.clear();
                continue;
            }
            if (is_hidden(it->path())) {
                if (it->is_directory(ec)) it.disable_recursion_pending();
                continue;
            }
            if (it->is_regular_file(ec)) files.push_back(it->path());
        }
        std::sort(files.begin(), files.end());
        for (const auto& f : files) {
            if (std::string why = skip_reason(f); !why.empty()) {
                IngestResult r;
                r.path = f.string();
                r.outcome = IngestOutcome::skipped;
                r.error = std::move(why);
                report(r);
            } else {
                ingest_file(f);
            }
        }
    }
    return summary;
}

std::vector<Hit> Archive::search(const SearchOptions& options) {
    std::vector<Hit> hits;
    search_each(options, false, [&](const Hit& h) { hits.push_back(h); });
    return hits;
}

int64_t Archive::search_each(const SearchOptions& options, bool all, const std::function<void(const Hit&)>& visit) {
    try {
        return store::run_search(impl_->db, options, all, visit);
    } catch (const SQLite::Exception& e) {
        store::throw_sqlite_error(e, "search failed");
    }
}

std::optional<StoredArticle> Archive::article(int64_t id) {
    try {
        return impl_->load_article(id);
    } catch (const SQLite::Exception& e) {
        store::throw_sqlite_error(e, "cannot read article " + std::to_string(id));
    }
}

std::optional<StoredArticle> Archive::article_by_path(const fs::path& path) {
    try {
        auto id = impl_->article_for_path(path_key(path));
        if (!id) return std::nullopt;
        return impl_->load_article(*id);
    } catch (const SQLite::Exception& e) {
        store::throw_sqlite_error(e, "cannot read article for '" + path.string() + "'");
    }
}

ArchiveStats Archive::stats() {
    try {
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
        std::error_code ec;
        for (const char* suffix : {"", "-wal"}) {
            auto size = fs::file_size(impl_->path.string() + suffix, ec);
            if (!ec) s.file_bytes += static_cast<int64_t>(size);
        }
        return s;
    } catch (const SQLite::Exception& e) {
        store::throw_sqlite_error(e, "cannot read archive statistics");
    }
}

std::vector<std::string> Archive::check_integrity() {
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
