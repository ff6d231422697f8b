// Frequent words (schema 014, store/frequent_words.hpp): a one-word search
// (articles and passages) answered from the kept best ones returns exactly what ranking
// every match returns (hits, scores, passages, snippets, totals), is used only
// while the index is as refreshed, and stays exact after a later ingest.
#include <gtest/gtest.h>

#include <SQLiteCpp/Database.h>

#include <string>
#include <vector>

#include "newsdb/archive.hpp"
#include "store/connection.hpp"
#include "store/frequent_words.hpp"
#include "store/transaction.hpp"
#include "test_support.hpp"

namespace newsdb {
namespace {

namespace fs = std::filesystem;
using test::TempDir;

// Articles with "the", "harbour" ... a varied number of times among filler of
// varied lengths (so the ranking depends on both), some in the title.
void write_articles(const fs::path& folder, int count, int first) {
    const char* words[] = {"harbour", "boats", "crane", "water", "night", "fishermen", "lights", "week", "the"};
    unsigned state = 777u + static_cast<unsigned>(first);
    const auto next = [&state](unsigned n) {
        state = state * 1103515245u + 12345u;
        return (state >> 16) % n;
    };
    for (int a = first; a < first + count; ++a) {
        std::string text = std::string(a % 4 == 0 ? "The harbour at night " : "Notes ") + std::to_string(a) + "\n\n";
        for (unsigned p = 0, paragraphs = 1 + next(5); p < paragraphs; ++p) {
            std::string paragraph = "Paragraph";
            for (unsigned w = 0, n = 3 + next(40); w < n; ++w) {
                paragraph += ' ';
                paragraph += words[next(9 - (a % 3))];
            }
            text += paragraph + ".\n\n";
        }
        test::write_file(folder / ("article-" + std::to_string(a) + ".txt"), text);
    }
}

// Refreshes with thresholds a small archive reaches; `keep` small so that
// some pages must fall back.
void refresh(const fs::path& db_path, int64_t min_passages, std::size_t keep) {
    SQLite::Database db(db_path.string(), SQLite::OPEN_READWRITE);
    tokenizer::QueryLanguages* languages = store::prepare_connection(db);
    store::Transaction t(db, store::Transaction::Kind::immediate);
    db.exec("DELETE FROM frequent_state");  // chosen again, with these thresholds
    store::FrequentWordsOptions options;
    options.min_passages = min_passages;
    options.keep = keep;
    ASSERT_GT(store::refresh_frequent_words(db, languages, options), 0);
    t.commit();
}

void set_stale(const fs::path& db_path, bool stale) {
    SQLite::Database db(db_path.string(), SQLite::OPEN_READWRITE);
    if (stale) {
        db.exec("CREATE TABLE IF NOT EXISTS saved_state AS SELECT * FROM frequent_state");
        db.exec("DELETE FROM frequent_state");
    } else {
        db.exec("INSERT INTO frequent_state SELECT * FROM saved_state");
        db.exec("DROP TABLE saved_state");
    }
}

SearchOptions query(const std::string& text, int64_t limit, int64_t offset = 0,
                    SearchUnit unit = SearchUnit::article) {
    SearchOptions o;
    o.unit = unit;
    o.query = text;
    o.limit = limit;
    o.offset = offset;
    return o;
}

void expect_same(const SearchResults& fast, const SearchResults& full, const std::string& what) {
    EXPECT_EQ(fast.total.articles, full.total.articles) << what;
    EXPECT_EQ(fast.total.passages, full.total.passages) << what;
    ASSERT_EQ(fast.hits.size(), full.hits.size()) << what;
    for (std::size_t i = 0; i < fast.hits.size(); ++i) {
        const SearchHit &a = fast.hits[i], &b = full.hits[i];
        EXPECT_EQ(a.article.id, b.article.id) << what << " #" << i;
        EXPECT_EQ(a.score, b.score) << what << " #" << i;  // bit for bit
        EXPECT_EQ(a.tier, b.tier) << what << " #" << i;
        ASSERT_EQ(a.passages.size(), b.passages.size()) << what << " #" << i;
        for (std::size_t p = 0; p < a.passages.size(); ++p) {
            EXPECT_EQ(a.passages[p].passage_id, b.passages[p].passage_id) << what << " #" << i;
            EXPECT_EQ(a.passages[p].score, b.passages[p].score) << what << " #" << i;
            EXPECT_EQ(a.passages[p].snippet, b.passages[p].snippet) << what << " #" << i;
        }
    }
}

// Every word, several pages: the kept answer against ranking every match.
void compare_all(const fs::path& db_path, const std::vector<std::string>& words) {
    const std::vector<std::pair<int64_t, int64_t>> pages = {{20, 0}, {1, 0}, {5, 0}, {10, 10}, {50, 0}};
    const SearchUnit units[] = {SearchUnit::article, SearchUnit::passage};
    std::vector<SearchResults> fast;
    {
        Archive a = Archive::open(db_path, OpenMode::read_write);
        for (const SearchUnit unit : units)
            for (const std::string& w : words)
                for (const auto& [limit, offset] : pages) fast.push_back(a.search(query(w, limit, offset, unit)));
    }
    set_stale(db_path, true);
    Archive a = Archive::open(db_path, OpenMode::read_write);
    std::size_t i = 0;
    for (const SearchUnit unit : units)
        for (const std::string& w : words)
            for (const auto& [limit, offset] : pages)
                expect_same(fast[i++], a.search(query(w, limit, offset, unit)),
                            w + (unit == SearchUnit::passage ? " (passages)" : "") + " limit " +
                                std::to_string(limit) + " offset " + std::to_string(offset));
    set_stale(db_path, false);
}

const std::vector<std::string> kWords = {"the", "harbour", "boats", "crane", "water", "night", "lights", "week"};

TEST(FrequentWords, SameAsRankingEveryMatch) {
    TempDir dir;
    write_articles(dir / "in", 400, 0);
    const fs::path db = dir / "archive.db";
    Archive::open(db, OpenMode::read_write).ingest({dir / "in"}, IngestOptions{}, {});
    refresh(db, 20, 30);
    compare_all(db, kWords);
}

// Articles alike score alike: the 20th kept ties with the best of the rest,
// and the kept ones, with the lower ids, win the tie.
TEST(FrequentWords, TiesGoToTheLowerIds) {
    TempDir dir;
    for (int a = 0; a < 80; ++a)
        test::write_file(dir / "in" / ("same-" + std::to_string(a) + ".txt"),
                         "Harbour report\n\nThe crane lifted the boats at dawn.\n\nFiled as note " + std::to_string(100 + a) +
                             ".\n");
    const fs::path db = dir / "archive.db";
    Archive::open(db, OpenMode::read_write).ingest({dir / "in"}, IngestOptions{}, {});
    refresh(db, 20, 30);
    compare_all(db, {"crane", "boats", "harbour"});
    {
        SQLite::Database raw(db.string(), SQLite::OPEN_READWRITE);
        raw.exec("UPDATE frequent_words SET articles = 99999");
    }
    Archive a = Archive::open(db, OpenMode::read_write);
    EXPECT_EQ(a.search(query("crane", 20)).total.articles, 99999);
    EXPECT_EQ(a.search(query("crane", 20, 0, SearchUnit::passage)).total.articles, 99999);
}

TEST(FrequentWords, UsedOnlyWhileTheIndexIsAsRefreshed) {
    TempDir dir;
    write_articles(dir / "in", 200, 0);
    const fs::path db = dir / "archive.db";
    Archive::open(db, OpenMode::read_write).ingest({dir / "in"}, IngestOptions{}, {});
    refresh(db, 20, 60);
    const int64_t truth = Archive::open(db, OpenMode::read_write).search(query("the", 5)).total.articles;
    {
        // A tampered count shows which path answered.
        SQLite::Database raw(db.string(), SQLite::OPEN_READWRITE);
        raw.exec("UPDATE frequent_words SET articles = 99999 WHERE match LIKE '%the%'");
    }
    EXPECT_EQ(Archive::open(db, OpenMode::read_write).search(query("the", 5)).total.articles, 99999);
    EXPECT_EQ(Archive::open(db, OpenMode::read_write).search(query("the", 5, 0, SearchUnit::passage)).total.articles,
              99999);
    // Not for filters, other sorts, or every result.
    SearchOptions since = query("the", 5);
    since.since = "2000";
    EXPECT_NE(Archive::open(db, OpenMode::read_write).search(since).total.articles, 99999);
    SearchOptions newest = query("the", 5);
    newest.sort = SortOrder::newest;
    EXPECT_EQ(Archive::open(db, OpenMode::read_write).search(newest).total.articles, truth);
    // Any write to the index makes it stale: forget an article.
    {
        Archive a = Archive::open(db, OpenMode::read_write);
        a.forget({1});
        EXPECT_NE(a.search(query("the", 5)).total.articles, 99999);
    }
}

TEST(FrequentWords, ExactAfterALaterIngest) {
    TempDir dir;
    write_articles(dir / "in", 300, 0);
    const fs::path db = dir / "archive.db";
    Archive::open(db, OpenMode::read_write).ingest({dir / "in"}, IngestOptions{}, {});
    refresh(db, 20, 30);
    // More articles, fewer than double: the ingest adds them to the words kept.
    write_articles(dir / "in", 100, 300);
    Archive::open(db, OpenMode::read_write).ingest({dir / "in"}, IngestOptions{}, {});
    {
        SQLite::Database raw(db.string());
        EXPECT_GT(raw.execAndGet("SELECT count(*) FROM frequent_words").getInt64(), 0);
        EXPECT_EQ(raw.execAndGet("SELECT watermark FROM frequent_state").getInt64(),
                  raw.execAndGet("SELECT max(id) FROM passages").getInt64());
    }
    compare_all(db, kWords);
}

// The developer corpus's BBC articles, with its 40 most common words.
TEST(FrequentWords, SameAsRankingEveryMatchOnTheDeveloperCorpus) {
    const fs::path bbc = test::shared_dir() / "corpus" / "bbc";
    if (!fs::exists(bbc)) GTEST_SKIP() << "no developer corpus at " << bbc;
    TempDir dir;
    const fs::path db = dir / "archive.db";
    Archive::open(db, OpenMode::read_write).ingest({bbc}, IngestOptions{}, {});
    refresh(db, 300, 200);
    std::vector<std::string> words;
    {
        SQLite::Database raw(db.string());
        SQLite::Statement st(raw, "SELECT trim(match, '\"') FROM frequent_words ORDER BY articles DESC LIMIT 40");
        while (st.executeStep()) words.push_back(st.getColumn(0).getString());
    }
    ASSERT_GE(words.size(), 20u);
    compare_all(db, words);
}

} // namespace
} // namespace newsdb
