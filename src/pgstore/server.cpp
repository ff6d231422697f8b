// Server: the facade over a newsdb database on PostgreSQL; its schema and
// its article reads. Publishing is publish.cpp, searching search.cpp.
#include <cstdlib>
#include <utility>

#include "newsdb/error.hpp"
#include "pgstore/migrations.hpp"
#include "pgstore/server_impl.hpp"

namespace newsdb {

namespace {

using pgstore::Params;

constexpr const char* kSchemaTableExists = "SELECT to_regclass('newsdb_schema') IS NOT NULL";
constexpr const char* kSchemaVersion = "SELECT version FROM newsdb_schema";
constexpr const char* kSetSchemaVersion = "UPDATE newsdb_schema SET version = $1";
constexpr const char* kMigrationLock = "SELECT pg_advisory_xact_lock(7301955020)";

constexpr const char* kSelectArticle =
    "SELECT id, content_hash, title, coalesce(date, ''), coalesce(source, ''), coalesce(author, ''), "
    "coalesce(url, ''), is_excerpt, words_shown, words_total, format, ingested_at, coalesce(language, ''), "
    "coalesce(encoding, '') FROM articles WHERE id = $1";
constexpr const char* kSelectPaths =
    "SELECT path, locator FROM article_paths WHERE article_id = $1 ORDER BY path, locator";
constexpr const char* kSelectTags = "SELECT tag FROM article_tags WHERE article_id = $1 ORDER BY tag";
constexpr const char* kSelectPassages =
    "SELECT p.id, p.kind, p.position, p.text, f.title, f.author, f.publisher, f.date, f.url "
    "FROM passages p LEFT JOIN footnotes f ON p.kind = 'footnote' AND f.article_id = p.article_id "
    "AND f.number = p.position WHERE p.article_id = $1 AND p.kind <> 'title' ORDER BY p.kind, p.position";
constexpr const char* kSelectCitations =
    "SELECT paragraph, number, char_offset FROM citations WHERE article_id = $1 "
    "ORDER BY paragraph, char_offset, number";

int schema_version(pgstore::Connection& db) {
    if (db.exec(kSchemaTableExists).text(0, 0) != "t") return 0;
    const pgstore::Rows rows = db.exec(kSchemaVersion);
    return rows.empty() ? 0 : static_cast<int>(rows.integer(0, 0));
}

int latest_version() {
    const auto& all = pgstore::migrations();
    return all.empty() ? 0 : all.back().version;
}

[[noreturn]] void newer_schema(pgstore::Connection& db, int version) {
    throw Error(Errc::incompatible_archive,
                "the newsdb schema of " + db.where() + " is version " + std::to_string(version) +
                    ", newer than this newsdb knows (" + std::to_string(latest_version()) + ")",
                "upgrade newsdb");
}

} // namespace

namespace pgstore {

void migrate(Connection& db) {
    Transaction tx(db);
    db.exec(kMigrationLock);
    const int version = schema_version(db);
    if (version > latest_version()) newer_schema(db, version);
    for (const Migration& m : migrations()) {
        if (m.version <= version) continue;
        db.exec_script(m.sql);
        db.exec(kSetSchemaVersion, {std::to_string(m.version)});
    }
    tx.commit();
}

void require_schema(Connection& db) {
    const int version = schema_version(db);
    if (version == 0)
        throw Error(Errc::not_found, "nothing was published into " + db.where() + " yet",
                    "run `newsdb publish` with this server first");
    if (version > latest_version()) newer_schema(db, version);
    if (version < latest_version())
        throw Error(Errc::incompatible_archive,
                    "the newsdb schema of " + db.where() + " is version " + std::to_string(version) +
                        ", older than this newsdb's (" + std::to_string(latest_version()) + ")",
                    "run `newsdb publish` with this newsdb once to migrate it");
}

} // namespace pgstore

struct Server::Impl {
    std::unique_ptr<pgstore::Connection> db;
    bool schema_checked = false;

    pgstore::Connection& reader() {
        if (!schema_checked) {
            pgstore::require_schema(*db);
            schema_checked = true;
        }
        return *db;
    }

    std::optional<StoredArticle> load_article(int64_t id) {
        pgstore::Connection& c = reader();
        const Params key{std::to_string(id)};
        const pgstore::Rows a = c.exec(kSelectArticle, key);
        if (a.empty()) return std::nullopt;
        StoredArticle s;
        s.id = a.integer(0, 0);
        s.content_hash = a.text(0, 1);
        s.article.title = a.text(0, 2);
        s.article.date = a.text(0, 3);
        s.article.source = a.text(0, 4);
        s.article.author = a.text(0, 5);
        s.article.url = a.text(0, 6);
        s.article.is_excerpt = a.text(0, 7) == "t";
        if (a.at(0, 8)) s.article.words_shown = a.integer(0, 8);
        if (a.at(0, 9)) s.article.words_total = a.integer(0, 9);
        s.format = a.text(0, 10);
        s.ingested_at = a.text(0, 11);
        s.article.language = a.text(0, 12);
        s.encoding = a.text(0, 13);
        const pgstore::Rows paths = c.exec(kSelectPaths, key);
        for (std::size_t i = 0; i < paths.size(); ++i) {
            s.paths.push_back(paths.text(i, 0));
            s.locators.push_back(paths.text(i, 1));
        }
        const pgstore::Rows tags = c.exec(kSelectTags, key);
        for (std::size_t i = 0; i < tags.size(); ++i) s.article.tags.push_back(tags.text(i, 0));
        const pgstore::Rows passages = c.exec(kSelectPassages, key);
        for (std::size_t i = 0; i < passages.size(); ++i) {
            const int position = static_cast<int>(passages.integer(i, 2));
            if (passages.text(i, 1) == "footnote") {
                Footnote f;
                f.number = position;
                f.text = passages.text(i, 3);
                f.title = passages.text(i, 4);
                f.author = passages.text(i, 5);
                f.publisher = passages.text(i, 6);
                f.date = passages.text(i, 7);
                f.url = passages.text(i, 8);
                s.article.footnotes.push_back(std::move(f));
            } else {
                StoredParagraph p;
                p.passage_id = passages.integer(i, 0);
                p.position = position;
                p.paragraph.text = passages.text(i, 3);
                s.paragraphs.push_back(std::move(p));
            }
        }
        const pgstore::Rows cites = c.exec(kSelectCitations, key);
        for (std::size_t i = 0; i < cites.size(); ++i) {
            const auto paragraph = static_cast<std::size_t>(cites.integer(i, 0));
            if (paragraph < 1 || paragraph > s.paragraphs.size()) continue;
            s.paragraphs[paragraph - 1].paragraph.citations.push_back(
                {static_cast<int>(cites.integer(i, 1)), static_cast<std::size_t>(cites.integer(i, 2))});
        }
        for (const StoredParagraph& p : s.paragraphs) s.article.paragraphs.push_back(p.paragraph);
        return s;
    }
};

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Server::Server(Server&&) noexcept = default;
Server& Server::operator=(Server&&) noexcept = default;
Server::~Server() = default;

Server Server::connect(const std::string& conninfo) {
    auto impl = std::make_unique<Impl>();
    impl->db = pgstore::Connection::open(conninfo);
    return Server(std::move(impl));
}

PublishSummary Server::publish(Archive& local, const PublishOptions& options,
                               const std::function<void(const PublishProgress&)>& on_progress) {
    pgstore::migrate(*impl_->db);
    impl_->schema_checked = true;
    return pgstore::run_publish(*impl_->db, local, options, on_progress);
}

SearchResults Server::search(const SearchOptions& options) {
    SearchResults out;
    out.total = pgstore::run_search(
        impl_->reader(), options, false, [&](const SearchHit& hit) { out.hits.push_back(hit); }, {});
    return out;
}

SearchTotals Server::search_each(const SearchOptions& options, bool all,
                                 const std::function<void(const SearchHit&)>& visit,
                                 const std::function<void(const SearchTotals&)>& on_total) {
    return pgstore::run_search(impl_->reader(), options, all, visit, on_total);
}

SearchTotals Server::count(const SearchOptions& options) { return pgstore::count_search(impl_->reader(), options); }

std::vector<QueryPartCount> Server::count_parts(const SearchOptions& options) {
    return pgstore::count_query_parts(impl_->reader(), options);
}

std::vector<CountRow> Server::count(const SearchOptions& options, CountBucket by) {
    return pgstore::count_matches(impl_->reader(), options, by);
}

std::optional<StoredArticle> Server::article(int64_t id) { return impl_->load_article(id); }

std::string Server::where() const { return impl_->db->where(); }

std::string default_server() {
    const char* v = std::getenv("NEWSDB_SERVER");
    return v ? v : "";
}

} // namespace newsdb
