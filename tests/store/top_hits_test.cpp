// `optimize` and the words it ranks ahead (schema 007): a search reads a
// ranked word's page only while the index is as it was ranked, returns exactly
// what ranking every match returns, and ranks in full for everything else.
#include <gtest/gtest.h>

#include <SQLiteCpp/Database.h>

#include <algorithm>
#include <string>
#include <vector>

#include "newsdb/archive.hpp"
#include "newsdb/error.hpp"
#include "old_archive.hpp"
#include "test_support.hpp"

namespace newsdb {
namespace {

namespace fs = std::filesystem;
using test::TempDir;
using Hit = test::FlatHit;  // the words ranked ahead serve passage searches

constexpr double kTampered = 42.0;

// Articles whose paragraphs hold "the" between 0 and 7 times among filler
// words of varied lengths, so bm25 orders them by both count and length; some
// titles hold "the" too (the title boost), and the dates differ.
std::vector<fs::path> write_articles(const fs::path& folder, int count, int first = 0) {
    const char* filler[] = {"harbour", "boats", "crane", "water", "night", "fishermen", "lights", "week"};
    std::vector<fs::path> files;
    unsigned state = 12345u + static_cast<unsigned>(first);
    const auto next = [&state](unsigned n) {
        state = state * 1103515245u + 12345u;
        return (state >> 16) % n;
    };
    for (int a = first; a < first + count; ++a) {
        std::string text = (a % 3 == 0 ? "Notes on the harbour " : "Harbour notes ") + std::to_string(a) + "\n\n" +
                           std::to_string(2000 + a % 20) + "-0" + std::to_string(1 + a % 9) + "-1" +
                           std::to_string(a % 10) + "\n\n";
        for (int p = 0; p < 4; ++p) {
            const unsigned words = 4 + next(30), thes = next(8);
            std::string paragraph = "Paragraph";
            for (unsigned w = 0; w < words; ++w) {
                paragraph += ' ';
                paragraph += w < thes ? "the" : filler[next(8)];
            }
            text += paragraph + ".\n\n";
        }
        files.push_back(folder / ("article-" + std::to_string(a) + ".txt"));
        test::write_file(files.back(), text);
    }
    return files;
}

SearchOptions query(std::string text, int64_t limit = 20, int64_t offset = 0) {
    SearchOptions options;
    options.query = std::move(text);
    options.limit = limit;
    options.offset = offset;
    options.unit = SearchUnit::passage;
    return options;
}

void expect_same_hits(const std::vector<Hit>& expected, const std::vector<Hit>& actual, const std::string& what) {
    ASSERT_EQ(expected.size(), actual.size()) << what;
    for (std::size_t i = 0; i < expected.size(); ++i) {
        SCOPED_TRACE(what + ", hit " + std::to_string(i));
        EXPECT_EQ(expected[i].passage_id, actual[i].passage_id);
        EXPECT_EQ(expected[i].score, actual[i].score);  // the very same double
        EXPECT_EQ(expected[i].snippet, actual[i].snippet);
        EXPECT_EQ(expected[i].text, actual[i].text);
        EXPECT_EQ(expected[i].title, actual[i].title);
        EXPECT_EQ(expected[i].date, actual[i].date);
        EXPECT_EQ(expected[i].path, actual[i].path);
        EXPECT_EQ(expected[i].kind, actual[i].kind);
        EXPECT_EQ(expected[i].position, actual[i].position);
    }
}

class TopHitsTest : public testing::Test {
protected:
    TempDir dir;
    fs::path db_path = dir / "archive.db";
    Archive archive = Archive::open(db_path, OpenMode::read_write);

    void SetUp() override {
        // 40 articles: 160 paragraphs and 40 titles, more than 100 holding "the".
        const IngestSummary s = archive.ingest(write_articles(dir / "in", 40), IngestOptions{}, {});
        ASSERT_EQ(s.added, 40);
    }

    static OptimizeOptions few_matches() {
        OptimizeOptions options;
        options.min_matches = 20;
        return options;
    }

    // Sets the score of the ranked word's hit at `rank`, so that a search that
    // reads the ranked page shows it.
    void tamper(const std::string& match, int rank) {
        SQLite::Database db(db_path.string(), SQLite::OPEN_READWRITE);
        SQLite::Statement st(db, "UPDATE top_hits SET score = ? WHERE match = ? AND rank = ?");
        st.bind(1, kTampered);
        st.bind(2, match);
        st.bind(3, rank);
        ASSERT_EQ(st.exec(), 1);
    }

    static bool shows_tampered(const std::vector<Hit>& hits) {
        for (const Hit& h : hits)
            if (h.score == kTampered) return true;
        return false;
    }
};

TEST_F(TopHitsTest, RankedWordsReturnExactlyWhatRankingEveryMatchReturns) {
    const std::vector<SearchOptions> searches = {
        query("the"), query("the", 5, 0), query("the", 20, 20), query("the", 100), query("the", 10, 90),
        query("The", 7, 3), query("THE", 20), query("harbour"), query("harbour", 20, 40), query("boats", 50)};
    std::vector<std::vector<Hit>> before;
    for (const SearchOptions& s : searches) before.push_back(test::passage_hits(archive, s));
    ASSERT_GT(test::passage_hits(archive, query("the", 0)).size(), 100u) << "the test needs more matches than are ranked ahead";

    const OptimizeSummary summary = archive.optimize(few_matches());
    ASSERT_FALSE(summary.words.empty());
    for (const char* word : {"the", "harbour", "boats"})
        EXPECT_NE(std::find(summary.words.begin(), summary.words.end(), word), summary.words.end()) << word;
    EXPECT_LE(summary.index_bytes_after, summary.index_bytes_before);
    const ArchiveStats stats = archive.stats();
    EXPECT_EQ(stats.top_hit_words, static_cast<int64_t>(summary.words.size()));
    EXPECT_EQ(stats.top_hit_words_current, stats.top_hit_words);

    for (std::size_t i = 0; i < searches.size(); ++i)
        expect_same_hits(before[i], test::passage_hits(archive, searches[i]),
                         searches[i].query + " limit " + std::to_string(searches[i].limit) + " offset " +
                             std::to_string(searches[i].offset));
}

// The totals of a ranked word's page come from top_hit_words (schema 010),
// and are counted when an older newsdb ranked the word (articles NULL).
TEST_F(TopHitsTest, RankedWordsReportTheSameTotals) {
    const SearchTotals full = archive.search(query("the")).total;
    ASSERT_GT(full.passages, 100);
    EXPECT_EQ(archive.count(query("the")), full);
    archive.optimize(few_matches());
    tamper("\"the\"", 0);
    const SearchResults ranked = archive.search(query("the"));
    EXPECT_EQ(ranked.hits.front().score, kTampered) << "the page came from top_hits";
    EXPECT_EQ(ranked.total, full);
    {
        SQLite::Database db(db_path.string(), SQLite::OPEN_READWRITE);
        db.exec("UPDATE top_hit_words SET articles = NULL");
    }
    const SearchResults older = archive.search(query("the"));
    EXPECT_EQ(older.hits.front().score, kTampered);
    EXPECT_EQ(older.total, full);
}

TEST_F(TopHitsTest, SearchReadsTheRankedPageUntilTheIndexChanges) {
    archive.optimize(few_matches());
    tamper("\"the\"", 0);
    EXPECT_EQ(test::passage_hits(archive, query("the")).front().score, kTampered);
    EXPECT_EQ(test::passage_hits(archive, query("The")).front().score, kTampered) << "case does not matter to the tokenizer";
    {
        Archive reader = Archive::open(db_path, OpenMode::read_only);
        EXPECT_EQ(test::passage_hits(reader, query("the")).front().score, kTampered);
    }

    // Any write to the index makes the ranking stale: search ranks in full.
    const IngestSummary more = archive.ingest(write_articles(dir / "more", 1, 100), IngestOptions{}, {});
    ASSERT_EQ(more.added, 1);
    EXPECT_FALSE(shows_tampered(test::passage_hits(archive, query("the"))));
    const ArchiveStats stats = archive.stats();
    EXPECT_GT(stats.top_hit_words, 0);
    EXPECT_EQ(stats.top_hit_words_current, 0);

    // Optimize ranks them again, under the new index.
    archive.optimize(few_matches());
    EXPECT_EQ(archive.stats().top_hit_words_current, archive.stats().top_hit_words);
}

TEST_F(TopHitsTest, PagesBeyondTheRankedHitsAndOtherQueriesRankEveryMatch) {
    archive.optimize(few_matches());
    SQLite::Database db(db_path.string(), SQLite::OPEN_READONLY);
    const int64_t ranked = db.execAndGet("SELECT ranked FROM top_hit_words WHERE match = '\"the\"'").getInt64();
    const int64_t matches = db.execAndGet("SELECT matches FROM top_hit_words WHERE match = '\"the\"'").getInt64();
    ASSERT_LT(ranked, matches);
    tamper("\"the\"", static_cast<int>(ranked - 1));

    EXPECT_TRUE(shows_tampered(test::passage_hits(archive, query("the", 10, ranked - 10)))) << "the last ranked page";
    EXPECT_FALSE(shows_tampered(test::passage_hits(archive, query("the", 10, ranked - 5)))) << "a page past the ranked hits";
    EXPECT_FALSE(shows_tampered(test::passage_hits(archive, query("the", 0)))) << "no limit";

    SearchOptions kind = query("the", 0);
    kind.kind = PassageKind::paragraph;
    SearchOptions newest = query("the", 0);
    newest.sort = SortOrder::newest;
    SearchOptions exact = query("the", 0);
    exact.match = WordMatch::exact;
    for (const SearchOptions& other : {kind, newest, exact, query("the harbour", 0), query("the date:2005..2019", 0)})
        EXPECT_FALSE(shows_tampered(test::passage_hits(archive, other))) << other.query;
    int64_t visited = 0;
    const SearchTotals totals = archive.search_each(query("the"), true, [&](const SearchHit& h) {
        EXPECT_NE(h.score, kTampered);
        ++visited;
    });
    EXPECT_EQ(visited, matches) << "export visits every match";
    EXPECT_EQ(totals.passages, matches);
}

// Article searches rank every match whatever optimize ranked ahead: the same
// articles, scores and passages after it, and a tampered passage ranking
// never shows.
TEST_F(TopHitsTest, ArticleSearchesAreTheSameAfterOptimizeAndIgnoreTheRankedHits) {
    std::vector<SearchOptions> searches;
    for (SearchOptions s : {query("the"), query("the", 5, 3), query("The", 0), query("harbour boats"),
                            query("the -boats", 0)}) {
        s.unit = SearchUnit::article;
        searches.push_back(s);
    }
    const auto flat = [](const SearchResults& r) {
        std::vector<std::string> out{std::to_string(r.total.articles) + "/" + std::to_string(r.total.passages)};
        for (const SearchHit& h : r.hits) {
            std::string line = std::to_string(h.article.id) + " " + std::to_string(h.score) + " " +
                               std::to_string(h.tier);
            for (const PassageHit& p : h.passages)
                line += " " + std::to_string(p.passage_id) + ":" + std::to_string(p.score) + ":" + p.snippet;
            out.push_back(line);
        }
        return out;
    };
    std::vector<std::vector<std::string>> before;
    for (const SearchOptions& s : searches) before.push_back(flat(archive.search(s)));
    archive.optimize(few_matches());
    tamper("\"the\"", 0);
    for (std::size_t i = 0; i < searches.size(); ++i) {
        const SearchResults after = archive.search(searches[i]);
        EXPECT_EQ(flat(after), before[i]) << searches[i].query;
        for (const SearchHit& h : after.hits) EXPECT_NE(h.score, kTampered);
    }
}

TEST_F(TopHitsTest, AFailedOptimizeLeavesTheArchiveAsItWas) {
    archive.optimize(few_matches());
    archive.ingest(write_articles(dir / "more", 2, 200), IngestOptions{}, {});
    const auto snapshot = [this] {
        SQLite::Database db(db_path.string(), SQLite::OPEN_READONLY);
        std::string out;
        SQLite::Statement st(db, "SELECT match, matches, ranked, hex(index_structure) FROM top_hit_words "
                                 "UNION ALL SELECT 'structure', 0, 0, hex(block) FROM passages_fts_data WHERE id = 10 "
                                 "UNION ALL SELECT 'hits', count(*), sum(passage_id), total(score) FROM top_hits");
        while (st.executeStep())
            for (int c = 0; c < 4; ++c) out += st.getColumn(c).getString() + "|";
        return out;
    };
    const std::string before = snapshot();
    {
        SQLite::Database db(db_path.string(), SQLite::OPEN_READWRITE);
        db.exec("CREATE TRIGGER fail_ranking BEFORE INSERT ON top_hits WHEN NEW.rank = 7 "
                "BEGIN SELECT RAISE(ABORT, 'injected failure'); END");
    }
    EXPECT_THROW(archive.optimize(few_matches()), Error);
    EXPECT_EQ(snapshot(), before) << "neither the merge nor the new ranking was kept";
    EXPECT_TRUE(archive.check_integrity().empty());
    EXPECT_EQ(archive.stats().top_hit_words_current, 0);
    EXPECT_FALSE(test::passage_hits(archive, query("the")).empty());
}

TEST_F(TopHitsTest, WordsBelowTheMinimumOrBeyondTheCountAreNotRanked) {
    OptimizeOptions none;
    none.words = 0;
    EXPECT_TRUE(archive.optimize(none).words.empty());
    EXPECT_EQ(archive.stats().top_hit_words, 0);

    OptimizeOptions two = few_matches();
    two.words = 2;
    EXPECT_EQ(archive.optimize(two).words.size(), 2u);

    OptimizeOptions rare;
    rare.min_matches = 1000000;
    EXPECT_TRUE(archive.optimize(rare).words.empty());
    EXPECT_EQ(archive.stats().top_hit_words, 0) << "optimize replaces what was ranked before";
}

// Schema 10 adds each ranked word's article count; words ranked before keep
// their rows (articles NULL), which search counts for itself.
TEST(Schema10, UpgradeKeepsTheRankedWordsWithoutTheirArticleCounts) {
    TempDir dir;
    const fs::path db = dir / "a.db";
    {
        SQLite::Database c = test::create_archive_at_schema(db, 8);
        c.exec("INSERT INTO top_hit_words (match, matches, ranked, index_totals, index_structure) "
               "VALUES ('\"the\"', 3, 3, x'00', x'00')");
    }
    Archive a = Archive::open(db, OpenMode::read_write);
    EXPECT_EQ(a.stats().schema_version, latest_schema_version());
    SQLite::Database c(db.string(), SQLite::OPEN_READONLY);
    EXPECT_TRUE(c.execAndGet("SELECT articles FROM top_hit_words").isNull());
    EXPECT_EQ(c.execAndGet("SELECT matches FROM top_hit_words").getInt(), 3);
}

} // namespace
} // namespace newsdb
