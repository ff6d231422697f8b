#include "store/reparse.hpp"

#include <SQLiteCpp/Statement.h>

#include <algorithm>

#include "newsdb/error.hpp"
#include "store/free_pages.hpp"
#include "store/prepare.hpp"
#include "store/transaction.hpp"
#include "store/writer.hpp"
#include "util/compress.hpp"

namespace newsdb::store {

namespace {

constexpr const char* kArticlePathsWithOriginal =
    "SELECT ap.path, ap.locator, ap.file_hash, o.compression, o.data FROM article_paths ap "
    "JOIN originals o ON o.file_hash = ap.file_hash WHERE ap.article_id = ? "
    "ORDER BY ap.first_seen, ap.path LIMIT 1";
constexpr const char* kAllArticleIds = "SELECT id FROM articles ORDER BY id";
constexpr const char* kArticleExists = "SELECT 1 FROM articles WHERE id = ?";

} // namespace

std::optional<std::string> read_original(SQLite::Database& db, int64_t article_id) {
    SQLite::Statement st(db, kArticlePathsWithOriginal);
    st.bind(1, article_id);
    if (!st.executeStep()) return std::nullopt;
    const std::string compression = st.getColumn(3).getString();
    const auto data = st.getColumn(4);
    const std::string_view blob(static_cast<const char*>(data.getBlob()), static_cast<std::size_t>(data.getBytes()));
    if (compression == "zstd") return util::zstd_decompress(blob);
    return std::string(blob);
}

ReparseSummary run_reparse(SQLite::Database& db, const std::vector<int64_t>& requested,
                           const std::function<void(int64_t, const std::string&)>& on_failure) {
    std::vector<int64_t> ids = requested;
    if (ids.empty()) {
        SQLite::Statement all(db, kAllArticleIds);
        while (all.executeStep()) ids.push_back(all.getColumn(0).getInt64());
    }
    ReparseSummary summary;
    Writer writer(db);
    for (const int64_t id : ids) {
        auto fail = [&](const std::string& why) {
            ++summary.failed;
            if (on_failure) on_failure(id, why);
        };
        {
            SQLite::Statement exists(db, kArticleExists);
            exists.bind(1, id);
            if (!exists.executeStep()) {
                fail("no article with this id");
                continue;
            }
        }
        std::string path, locator;
        {
            SQLite::Statement st(db, kArticlePathsWithOriginal);
            st.bind(1, id);
            if (!st.executeStep()) {
                ++summary.without_original;
                continue;
            }
            path = st.getColumn(0).getString();
            locator = st.getColumn(1).getString();
        }
        try {
            const std::string bytes = *read_original(db, id);
            ParseResult parsed = parse_input(bytes, path, ParseOptions{});
            auto item = std::find_if(parsed.items.begin(), parsed.items.end(),
                                     [&](const ParsedItem& it) { return it.locator == locator; });
            if (item == parsed.items.end() || !item->article) {
                fail(item == parsed.items.end() ? "the current parsers no longer find this article in its file"
                                                : item->error);
                continue;
            }
            item->article->language = article_language(*item->article);
            Transaction tx(db, Transaction::Kind::immediate);
            writer.replace_content(id, *item->article, input_format_name(parsed.format), parsed.encoding);
            tx.commit();
            ++summary.reparsed;
        } catch (const Error& e) {
            fail(e.what());
        }
    }
    // Each article's new rows went through the index triggers one by one:
    // FTS5's merges freed pages that only a later write would reuse.
    if (summary.reparsed > 0) release_free_pages(db);
    return summary;
}

} // namespace newsdb::store
