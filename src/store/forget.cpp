#include "store/forget.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>

#include <algorithm>
#include <set>

#include "newsdb/error.hpp"
#include "store/transaction.hpp"

namespace newsdb::store {

namespace {

constexpr const char* kSelectArticle = "SELECT title FROM articles WHERE id = ?";
constexpr const char* kSelectPaths =
    "SELECT path, locator, coalesce(file_hash, ''), coalesce(record_hash, '') FROM article_paths "
    "WHERE article_id = ? ORDER BY path, locator";
constexpr const char* kCountPassages = "SELECT count(*) FROM passages WHERE article_id = ?";
constexpr const char* kDeleteFailures = "DELETE FROM failed_items WHERE path = ?";
constexpr const char* kDeleteTopHits =
    "DELETE FROM top_hits WHERE passage_id IN (SELECT id FROM passages WHERE article_id = ?)";
// Passages first, while the article row exists: the index's delete trigger
// reads the article's language (schema 003). Footnotes and citations go with
// their passages, paths and tags with the article (ON DELETE CASCADE).
constexpr const char* kDeletePassages = "DELETE FROM passages WHERE article_id = ?";
constexpr const char* kDeleteBoilerplate = "DELETE FROM boilerplate WHERE article_id = ?";
constexpr const char* kDeleteTags = "DELETE FROM article_tags WHERE article_id = ?";
constexpr const char* kDeleteArticle = "DELETE FROM articles WHERE id = ?";
constexpr const char* kDropOriginal =
    "DELETE FROM originals WHERE file_hash = ?1 AND NOT EXISTS (SELECT 1 FROM article_paths WHERE file_hash = ?1) "
    "AND NOT EXISTS (SELECT 1 FROM article_paths WHERE record_hash = ?1)";
constexpr const char* kSelectPathArticles = "SELECT DISTINCT article_id FROM article_paths WHERE path = ? ORDER BY article_id";

// Restores secure_delete as it was, whatever happens.
class SecureDelete {
public:
    explicit SecureDelete(SQLite::Database& db) : db_(db) { db_.exec("PRAGMA secure_delete = ON"); }
    SecureDelete(const SecureDelete&) = delete;
    SecureDelete& operator=(const SecureDelete&) = delete;
    ~SecureDelete() {
        try {
            db_.exec("PRAGMA secure_delete = OFF");
        } catch (...) {
            // A connection setting: it goes with the connection anyway.
        }
    }

private:
    SQLite::Database& db_;
};

} // namespace

std::vector<int64_t> articles_at_path(SQLite::Database& db, const std::string& key) {
    std::vector<int64_t> ids;
    SQLite::Statement st(db, kSelectPathArticles);
    st.bind(1, key);
    while (st.executeStep()) ids.push_back(st.getColumn(0).getInt64());
    return ids;
}

ForgetSummary forget_articles(SQLite::Database& db, const std::vector<int64_t>& wanted) {
    std::vector<int64_t> ids = wanted;
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    ForgetSummary summary;
    const SecureDelete secure(db);
    Transaction tx(db, Transaction::Kind::immediate);
    SQLite::Statement title(db, kSelectArticle), paths(db, kSelectPaths), passages(db, kCountPassages);
    std::set<std::string> file_hashes;
    for (const int64_t id : ids) {
        title.bind(1, id);
        if (!title.executeStep())
            throw Error(Errc::not_found, "no article " + std::to_string(id) + " in this archive; nothing was forgotten",
                        "check the ids with `newsdb search` or `newsdb show`");
        ForgottenArticle a;
        a.id = id;
        a.title = title.getColumn(0).getString();
        title.reset();
        paths.bind(1, id);
        while (paths.executeStep()) {
            std::string path = paths.getColumn(0).getString();
            const std::string locator = paths.getColumn(1).getString();
            if (const std::string hash = paths.getColumn(2).getString(); !hash.empty()) file_hashes.insert(hash);
            if (const std::string hash = paths.getColumn(3).getString(); !hash.empty()) file_hashes.insert(hash);
            a.paths.push_back(locator.empty() ? path : path + " (" + locator + ")");
            SQLite::Statement failures(db, kDeleteFailures);
            failures.bind(1, path);
            summary.failures += failures.exec();
        }
        paths.reset();
        passages.bind(1, id);
        passages.executeStep();
        a.passages = passages.getColumn(0).getInt64();
        passages.reset();
        for (const char* sql : {kDeleteTopHits, kDeletePassages, kDeleteBoilerplate, kDeleteTags, kDeleteArticle}) {
            SQLite::Statement st(db, sql);
            st.bind(1, id);
            st.exec();
        }
        summary.passages += a.passages;
        summary.articles.push_back(std::move(a));
    }
    SQLite::Statement drop(db, kDropOriginal);
    for (const std::string& hash : file_hashes) {
        drop.bind(1, hash);
        summary.originals += drop.exec();
        drop.reset();
    }
    // The index must still be whole: a failure here rolls everything back.
    db.exec("INSERT INTO passages_fts (passages_fts, rank) VALUES ('integrity-check', 1)");
    const int64_t page_size = db.execAndGet("PRAGMA page_size").getInt64();
    // FTS5 writes out what it holds at a savepoint, so the count is complete.
    db.exec("SAVEPOINT flush_index; RELEASE flush_index");
    summary.free_bytes = db.execAndGet("PRAGMA freelist_count").getInt64() * page_size;
    summary.space_returned = db.execAndGet("PRAGMA auto_vacuum").getInt() == 2;
    if (summary.space_returned) db.exec("PRAGMA incremental_vacuum");
    tx.commit();
    return summary;
}

} // namespace newsdb::store
