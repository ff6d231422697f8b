// Article search (SearchUnit::article) on temporary archives built with the
// real ingest: a query's words anywhere in the article, phrases and NEAR
// within a passage, exclusions over the whole article, the ranking (the
// documented bm25, title weight, phrase tiers), best passages, filters,
// totals, paging and the parts of a query that match nothing.
#include <gtest/gtest.h>

#include <SQLiteCpp/Database.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "newsdb/archive.hpp"
#include "newsdb/error.hpp"
#include "store/article_rank.hpp"
#include "test_support.hpp"

namespace newsdb {
namespace {

namespace fs = std::filesystem;
using test::TempDir;
using Titles = std::vector<std::string>;

SearchOptions articles(std::string query) {
    SearchOptions options;
    options.query = std::move(query);
    options.limit = 100;
    return options;
}

Titles titles(const SearchResults& results) {
    Titles out;
    for (const SearchHit& h : results.hits) out.push_back(h.article.title);
    return out;
}

Titles sorted(Titles t) {
    std::sort(t.begin(), t.end());
    return t;
}

class ArticleSearchTest : public testing::Test {
protected:
    TempDir dir;
    fs::path db = dir / "archive.db";
    std::unique_ptr<Archive> archive;

    void SetUp() override { archive = std::make_unique<Archive>(Archive::open(db, OpenMode::read_write)); }

    void add(const std::string& file, const std::string& text) {
        test::write_file(dir / "in" / file, text);
        const IngestSummary s = archive->ingest({dir / "in" / file}, IngestOptions{}, {});
        ASSERT_EQ(s.added, 1) << file;
    }

    SearchResults search(SearchOptions options) { return archive->search(options); }
    SearchResults search(const std::string& query) { return search(articles(query)); }
};

// The case: the words of a topic sit in different paragraphs.
TEST_F(ArticleSearchTest, WordsInDifferentPassagesFindTheArticle) {
    add("tracking.txt",
        "Facebook is tracking me\n\nThe social network follows people across the web.\n\n"
        "Privacy advocates have complained for years.\n");
    add("other.txt", "Garden notes\n\nThe roses bloomed early this year.\n");
    const SearchResults found = search("facebook tracking privacy");
    EXPECT_EQ(titles(found), (Titles{"Facebook is tracking me"}));
    EXPECT_EQ(found.total, (SearchTotals{1, 2})) << "the title and the privacy paragraph match a word";
    SearchOptions passage = articles("facebook tracking privacy");
    passage.unit = SearchUnit::passage;
    EXPECT_TRUE(search(passage).hits.empty()) << "no one passage holds all three";
    EXPECT_EQ(search(passage).total, (SearchTotals{0, 0}));
}

TEST_F(ArticleSearchTest, PhrasesAndNearKeepTheirMeaningWithinAPassage) {
    add("apart.txt", "Apart\n\nOil output rose in March.\n\nPrices fell in April.\n");
    add("together.txt", "Together\n\nOil prices fell in April.\n");
    add("near.txt", "Near\n\nOil and gas and prices moved.\n");
    EXPECT_EQ(sorted(titles(search("oil prices"))), (Titles{"Apart", "Near", "Together"}));
    EXPECT_EQ(titles(search("\"oil prices\"")), (Titles{"Together"}));
    EXPECT_EQ(sorted(titles(search("NEAR(oil prices, 3)"))), (Titles{"Near", "Together"}));
    EXPECT_EQ(sorted(titles(search("\"oil prices\" april"))), (Titles{"Together"}));
    EXPECT_EQ(sorted(titles(search("march april"))), (Titles{"Apart"}));
}

TEST_F(ArticleSearchTest, AnExclusionDropsAnArticleWhereAnyPassageMatches) {
    add("both.txt", "Both\n\nTurkey signed the deal.\n\nPakistan signed it too.\n");
    add("turkey.txt", "Turkey only\n\nTurkey signed the deal.\n");
    EXPECT_EQ(titles(search("turkey -pakistan")), (Titles{"Turkey only"}));
    EXPECT_EQ(titles(search("turkey NOT pakistan")), (Titles{"Turkey only"}));
    EXPECT_EQ(titles(search("deal -(pakistan signed)")), (Titles{"Turkey only"})) << "the group anywhere in the article";
    EXPECT_EQ(sorted(titles(search("deal -\"pakistan deal\""))), (Titles{"Both", "Turkey only"}));
    EXPECT_EQ(search("turkey -pakistan").total, (SearchTotals{1, 2}));
}

TEST_F(ArticleSearchTest, OrAndGroupsCombineAcrossPassages) {
    add("a.txt", "First\n\nAlpha went out.\n\nBeta came in.\n");
    add("b.txt", "Second\n\nGamma stayed home.\n");
    add("c.txt", "Third\n\nDelta left.\n");
    EXPECT_EQ(sorted(titles(search("(alpha beta) OR gamma"))), (Titles{"First", "Second"}));
    EXPECT_EQ(sorted(titles(search("(alpha OR delta) (beta OR left)"))), (Titles{"First", "Third"}));
    EXPECT_EQ(titles(search("(alpha gamma) OR (delta beta)")), Titles{});
}

TEST_F(ArticleSearchTest, ThePhraseTierRanksAboveMoreScatteredMatches) {
    add("phrase.txt", "Markets\n\nInterest rates rose once, said the bank, in a long statement about the economy.\n");
    add("scattered.txt",
        "Notes\n\nInterest grew. Interest fell. Interest again.\n\nRates rose. Rates fell. Rates again.\n");
    const SearchResults r = search("interest rates");
    ASSERT_EQ(titles(r), (Titles{"Markets", "Notes"}));
    EXPECT_EQ(r.hits[0].tier, 2);
    EXPECT_EQ(r.hits[1].tier, 0);
    EXPECT_GT(r.hits[0].score, r.hits[1].score) << "the scattered article scores better by bm25 alone";
}

TEST_F(ArticleSearchTest, AWordInTheTitleWeighsMore) {
    add("title.txt", "Harbour news\n\nBoats came and went past the harbour today.\n");
    add("body.txt", "Weekly notes\n\nBoats came and went past the harbour today.\n");
    EXPECT_EQ(titles(search("harbour")), (Titles{"Harbour news", "Weekly notes"}));
}

// score(A) of store/article_rank.hpp, recomputed from the articles' words.
TEST_F(ArticleSearchTest, ScoresAreTheDocumentedBm25) {
    add("one.txt", "Alpha beta\n\nGamma alpha delta.\n");                 // 5 tokens
    add("two.txt", "Epsilon\n\nAlpha zeta eta theta iota kappa.\n");     // 7 tokens
    add("three.txt", "Lambda\n\nMu nu xi.\n");                           // 4 tokens
    const double average = (5.0 + 7.0 + 4.0) / 3.0;
    const double idf_alpha = store::article_idf(3, 2), idf_gamma = store::article_idf(3, 1);
    const double tf_one[] = {store::kTitleWeight + 1.0, 1.0}, tf_two[] = {1.0, 0.0};
    const double idf[] = {idf_alpha, idf_gamma};
    const double expected_one = store::article_score(tf_one, idf, 2, 5.0, average);
    const double expected_two = store::article_score(tf_two, idf, 2, 7.0, average);
    const SearchResults alpha_gamma = search("alpha OR gamma");
    ASSERT_EQ(titles(alpha_gamma), (Titles{"Alpha beta", "Epsilon"}));
    EXPECT_NEAR(alpha_gamma.hits[0].score, expected_one, 1e-12);
    EXPECT_NEAR(alpha_gamma.hits[1].score, expected_two, 1e-12);
    EXPECT_LT(expected_one, 0.0) << "lower is better, as bm25()";
    // By hand: idf = ln(1 + (N - n + 0.5) / (n + 0.5)).
    EXPECT_NEAR(idf_alpha, std::log(1.0 + 1.5 / 2.5), 1e-15);
    const double norm = 1.2 * (1 - 0.75 + 0.75 * 7.0 / average);
    EXPECT_NEAR(expected_two, -(idf_alpha * 1.0 * 2.2 / (1.0 + norm)), 1e-12);
}

TEST_F(ArticleSearchTest, ExcludedWordsNeitherScoreNorCountForTheRanking) {
    add("a.txt", "Alpha\n\nAlpha beta.\n");
    add("b.txt", "Other\n\nAlpha gamma.\n");
    const SearchResults with = search("alpha -beta");
    const SearchResults alone = search("alpha");
    ASSERT_EQ(titles(with), (Titles{"Other"}));
    ASSERT_EQ(alone.hits.size(), 2u);
    EXPECT_EQ(with.hits[0].score, alone.hits[1].score);
}

TEST_F(ArticleSearchTest, TheBestPassageThenOnesShowingTheOtherWords) {
    add("long.txt",
        "Drones report\n\nA drone flew.\n\nNothing here.\n\nDrones, drones and more drones over the long "
        "field near the old river bank today.\n\nDrones again.\n\nA drone landed on a roof in town.\n");
    add("titleonly.txt", "Drones\n\nSomething else entirely.\n");
    const SearchResults one = search("drones");
    ASSERT_EQ(one.hits.size(), 2u);
    EXPECT_EQ(one.total, (SearchTotals{2, 6}));
    const SearchHit& report = one.hits[0].article.title == "Drones report" ? one.hits[0] : one.hits[1];
    ASSERT_EQ(report.passages.size(), 1u) << "one word: the best passage says it all";
    EXPECT_EQ(report.passages[0].kind, PassageKind::paragraph);
    EXPECT_EQ(report.passages[0].position, 4) << "the shortest passage, bm25's best";
    EXPECT_NE(report.passages[0].snippet.find(kMatchStart), std::string::npos);
    EXPECT_EQ(report.passages[0].snippet.find('\x1F'), std::string::npos) << "no language tag";
    const SearchHit& title_only = one.hits[0].article.title == "Drones" ? one.hits[0] : one.hits[1];
    ASSERT_EQ(title_only.passages.size(), 1u);
    EXPECT_EQ(title_only.passages[0].kind, PassageKind::title) << "the title when nothing else matches";

    add("parts.txt",
        "Gamma news\n\nAlpha came first.\n\nAlpha and alpha again, alpha.\n\nBeta followed.\n\n"
        "Beta and alpha together.\n\nDelta.\n");
    const SearchResults two = search("alpha beta gamma");
    ASSERT_EQ(titles(two), (Titles{"Gamma news"}));
    ASSERT_EQ(two.hits[0].passages.size(), 2u);
    EXPECT_EQ(two.hits[0].passages[0].position, 4) << "alpha and beta: the best, and it shows both";
    EXPECT_EQ(two.hits[0].passages[1].kind, PassageKind::title) << "the title shows gamma, which no paragraph holds";
    EXPECT_EQ(two.total, (SearchTotals{1, 5}));
    const SearchResults three = search("alpha delta gamma");
    const std::vector<PassageHit>& shown = three.hits.at(0).passages;
    ASSERT_EQ(shown.size(), 3u);
    EXPECT_EQ(shown[0].text, "Delta.") << "the rarer word in the shortest passage: the best";
    EXPECT_NE(shown[1].text.find("lpha"), std::string::npos) << "then one showing alpha";
    EXPECT_EQ(shown[2].kind, PassageKind::title) << "then the title for gamma";
    for (const PassageHit& p : shown) EXPECT_NE(p.snippet.find(kMatchStart), std::string::npos) << p.snippet;
    EXPECT_EQ(three.total, (SearchTotals{1, 5}));
}

TEST_F(ArticleSearchTest, TheKindFilterMakesThoseKindsTheArticlesText) {
    add("notes.md",
        "# Cited\n\nThe treaty was signed.[^1]\n\n[^1]: Harbour Gazette, on the treaty talks.\n");
    add("plain.txt", "Plain\n\nThe treaty was signed at the harbour.\n");
    SearchOptions footnotes = articles("treaty harbour");
    footnotes.kind = PassageKind::footnote;
    const SearchResults r = search(footnotes);
    ASSERT_EQ(titles(r), (Titles{"Cited"}));
    ASSERT_EQ(r.hits[0].passages.size(), 1u);
    EXPECT_EQ(r.hits[0].passages[0].kind, PassageKind::footnote);
    EXPECT_EQ(titles(search("treaty harbour kind:paragraph")), (Titles{"Plain"}));
}

TEST_F(ArticleSearchTest, ArticleFiltersNarrowTheArticles) {
    add("a.txt", "Drones over the harbour\n\nBy Jane Doe, Reuters\nFebruary 2020\n\nDrones watched the harbour.\n");
    add("b.txt", "Harbour lights\n\nBy John Smith\n2019\nSource: Daily Sabah\n\nThe harbour lights were bright.\n");
    add("c.md", "---\ntitle: Harbour grain\ntags: [place:usa, topic:grain]\n---\n\nGrain left the harbour.\n");
    EXPECT_EQ(titles(search("harbour source:reuters")), (Titles{"Drones over the harbour"}));
    EXPECT_EQ(titles(search("harbour author:smith")), (Titles{"Harbour lights"}));
    EXPECT_EQ(titles(search("harbour date:2019")), (Titles{"Harbour lights"}));
    EXPECT_EQ(titles(search("harbour tag:topic:grain")), (Titles{"Harbour grain"}));
    EXPECT_EQ(titles(search("harbour tag:USA")), (Titles{"Harbour grain"})) << "any case, after the prefix";
    EXPECT_EQ(titles(search("harbour tag:place")), Titles{}) << "a whole tag or its part after the colon";
    SearchOptions tag = articles("harbour");
    tag.tags = {"grain"};
    EXPECT_EQ(titles(search(tag)), (Titles{"Harbour grain"}));
    EXPECT_EQ(titles(search("harbour title:drones")), (Titles{"Drones over the harbour"}));
    EXPECT_EQ(search("harbour tag:topic:grain").total, (SearchTotals{1, 2}));
}

TEST_F(ArticleSearchTest, PublisherSelectsTheArticlesCitingIt) {
    add("cites.txt",
        "Ties deepen\n\nTurkey and Pakistan signed agreements.[1]\n\n[1] Dilara Aslan. \"Relations peak.\" "
        "Daily Sabah. 13 February 2020.\n");
    add("other.txt", "Other ties\n\nTurkey and Pakistan met again.\n");
    const SearchResults r = search("turkey publisher:sabah");
    ASSERT_EQ(titles(r), (Titles{"Ties deepen"}));
    EXPECT_EQ(r.hits[0].passages.at(0).kind, PassageKind::paragraph) << "the words, anywhere";
    const SearchResults only = search("publisher:\"Daily Sabah\"");
    ASSERT_EQ(titles(only), (Titles{"Ties deepen"}));
    ASSERT_EQ(only.hits[0].passages.size(), 1u);
    EXPECT_EQ(only.hits[0].passages[0].kind, PassageKind::footnote) << "the citing footnote is shown";
    EXPECT_EQ(only.total, (SearchTotals{1, 1}));
}

TEST_F(ArticleSearchTest, OnlyFieldsListArticlesNewestFirstWithTheirLead) {
    add("old.txt", "Old\n\n2019-01-01\n\nFirst words of the old one.\n\nSecond paragraph.\n");
    add("new.txt", "New\n\n2020-06-01\n\nFirst words of the new one.\n");
    add("undated.txt", "Undated\n\nNo date here.\n");
    const SearchResults r = search("date:2019..2021");
    ASSERT_EQ(titles(r), (Titles{"New", "Old"}));
    ASSERT_EQ(r.hits[1].passages.size(), 1u);
    EXPECT_EQ(r.hits[1].passages[0].position, 1);
    EXPECT_EQ(r.hits[1].passages[0].snippet, "First words of the old one.");
    EXPECT_EQ(r.total, (SearchTotals{2, 5}));
    SearchOptions oldest = articles("date:2019..2021");
    oldest.sort = SortOrder::oldest;
    EXPECT_EQ(titles(search(oldest)), (Titles{"Old", "New"}));
    SearchOptions titles_only = articles("kind:title");
    EXPECT_EQ(titles(search(titles_only)), (Titles{"New", "Old", "Undated"}));
}

TEST_F(ArticleSearchTest, OnlyTitleWordsFindTheTitles) {
    add("a.txt", "Drone rules\n\nNothing about them here.\n");
    add("b.txt", "Garden\n\nA drone flew over the garden.\n");
    const SearchResults r = search("title:drone");
    ASSERT_EQ(titles(r), (Titles{"Drone rules"}));
    ASSERT_EQ(r.hits[0].passages.size(), 1u);
    EXPECT_EQ(r.hits[0].passages[0].kind, PassageKind::title);
}

TEST_F(ArticleSearchTest, PagesAreSlicesOfTheWholeListInEveryOrder) {
    for (int i = 0; i < 9; ++i)
        add("a" + std::to_string(i) + ".txt",
            "Harbour " + std::to_string(i) + "\n\n" + std::to_string(2010 + i % 4) + "\n\n" +
                std::string(static_cast<std::size_t>(i % 3 + 1) * 8, 'x').replace(0, 0, "harbour ") + " boats.\n\n" +
                (i % 2 ? "Boats and the harbour.\n" : "Nothing.\n"));
    for (const SortOrder sort : {SortOrder::relevance, SortOrder::newest, SortOrder::oldest}) {
        for (const char* query : {"harbour", "harbour boats", "date:2010..2013", "harbour -nothing"}) {
            SearchOptions options = articles(query);
            options.sort = sort;
            std::vector<int64_t> whole, streamed, paged;
            const SearchResults all = search(options);
            for (const SearchHit& h : all.hits) whole.push_back(h.article.id);
            const SearchTotals totals =
                archive->search_each(options, true, [&](const SearchHit& h) { streamed.push_back(h.article.id); });
            for (int64_t offset = 0; offset < static_cast<int64_t>(whole.size()) + 2; offset += 2) {
                options.limit = 2;
                options.offset = offset;
                const SearchResults page = search(options);
                EXPECT_EQ(page.total, all.total) << query;
                for (const SearchHit& h : page.hits) paged.push_back(h.article.id);
            }
            EXPECT_EQ(streamed, whole) << query;
            EXPECT_EQ(paged, whole) << query;
            EXPECT_EQ(totals, all.total) << query;
            EXPECT_EQ(archive->count(options), all.total) << query;
            EXPECT_EQ(all.total.articles, static_cast<int64_t>(whole.size())) << query;
            EXPECT_GE(whole.size(), 3u) << query;
        }
    }
}

TEST_F(ArticleSearchTest, EachPartOfTheQueryIsCountedAlone) {
    add("a.txt", "Facebook news\n\nFacebook grew.\n\nPrivacy matters.\n");
    add("b.txt", "Privacy news\n\nPrivacy is hard. Drones fly.\n");
    const std::vector<QueryPartCount> parts = archive->count_parts(articles("facebook tracking \"privacy matters\" -drones"));
    ASSERT_EQ(parts.size(), 3u) << "exclusions are not parts";
    EXPECT_EQ(parts[0].part, "facebook");
    EXPECT_EQ(parts[0].articles, 1);
    EXPECT_EQ(parts[1].part, "tracking");
    EXPECT_EQ(parts[1].articles, 0);
    EXPECT_EQ(parts[2].part, "\"privacy matters\"");
    EXPECT_EQ(parts[2].articles, 1);
    const auto grouped = archive->count_parts(articles("(facebook OR drones) NEAR(privacy hard, 2) source:nobody"));
    ASSERT_EQ(grouped.size(), 2u);
    EXPECT_EQ(grouped[0].part, "facebook OR drones");
    EXPECT_EQ(grouped[0].articles, 0) << "counted with the filters";
    EXPECT_EQ(grouped[1].part, "NEAR(privacy hard, 2)");
    EXPECT_TRUE(archive->count_parts(articles("source:nobody")).empty());
    SearchOptions passage = articles("facebook privacy");
    passage.unit = SearchUnit::passage;
    EXPECT_EQ(archive->count_parts(passage).size(), 2u) << "articles whatever the unit";
}

TEST_F(ArticleSearchTest, PassageSearchFiltersByTagToo) {
    add("c.md", "---\ntitle: Harbour grain\ntags: [place:usa, topic:grain]\n---\n\nGrain left the harbour.\n");
    add("d.txt", "Plain harbour\n\nThe harbour was calm.\n");
    SearchOptions options = articles("harbour tag:usa");
    options.unit = SearchUnit::passage;
    const SearchResults r = search(options);
    ASSERT_EQ(r.hits.size(), 2u);
    for (const SearchHit& h : r.hits) {
        EXPECT_EQ(h.article.title, "Harbour grain");
        EXPECT_EQ(h.article.tags, (std::vector<std::string>{"place:usa", "topic:grain"}));
    }
    EXPECT_EQ(r.total, (SearchTotals{1, 2}));
}

TEST_F(ArticleSearchTest, HitsCarryWhatACitationNeeds) {
    add("a.md",
        "---\ntitle: Grain exports\nauthor: Jane Doe\nsource: Farm Weekly\nurl: https://example.org/grain\n"
        "date: 2020-03-04\nlang: en\ntags: [topic:grain]\n---\n\nWheat shipments rose.\n");
    for (const SearchUnit unit : {SearchUnit::article, SearchUnit::passage}) {
        SearchOptions options = articles("wheat");
        options.unit = unit;
        const SearchResults r = search(options);
        ASSERT_EQ(r.hits.size(), 1u);
        const HitArticle& a = r.hits[0].article;
        EXPECT_EQ(a.title, "Grain exports");
        EXPECT_EQ(a.author, "Jane Doe");
        EXPECT_EQ(a.source, "Farm Weekly");
        EXPECT_EQ(a.url, "https://example.org/grain");
        EXPECT_EQ(a.date, "2020-03-04");
        EXPECT_EQ(a.language, "en");
        EXPECT_EQ(a.tags, (std::vector<std::string>{"topic:grain"}));
        EXPECT_NE(a.path.find("a.md"), std::string::npos);
        ASSERT_EQ(r.hits[0].passages.size(), 1u);
        EXPECT_EQ(r.hits[0].passages[0].text, "Wheat shipments rose.");
        EXPECT_EQ(r.hits[0].passages[0].position, 1);
        EXPECT_GT(r.hits[0].passages[0].passage_id, 0);
    }
}

TEST_F(ArticleSearchTest, BadQueriesAndFiltersAreErrors) {
    add("a.txt", "Anything\n\nSome text.\n");
    try {
        search("\"unclosed");
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), Errc::invalid_query);
    }
    SearchOptions bad = articles("text");
    bad.tags = {" "};
    try {
        search(bad);
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), Errc::invalid_argument);
        EXPECT_EQ(e.message(), "--tag '': is empty");
    }
    EXPECT_THROW(parse_search_unit("paragraph"), Error);
    EXPECT_EQ(parse_search_unit("passage"), SearchUnit::passage);
}

} // namespace
} // namespace newsdb
