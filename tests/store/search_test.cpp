// Search on temporary archives built with the real ingest: filters as options
// and as fields, partial-date boundaries, publisher: on footnotes, ranking
// (title boost, phrase and proximity tiers), sort orders, paging, exact words.
#include <gtest/gtest.h>

#include <SQLiteCpp/Database.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "newsdb/archive.hpp"
#include "newsdb/error.hpp"
#include "test_support.hpp"

namespace newsdb {
namespace {

namespace fs = std::filesystem;
using test::TempDir;
using Titles = std::vector<std::string>;
using Hit = test::FlatHit;  // these tests are about passage search (SearchUnit::passage)

SearchOptions q(std::string query, std::optional<PassageKind> kind = std::nullopt) {
    SearchOptions options;
    options.query = std::move(query);
    options.kind = kind;
    return options;
}

Titles titles_of(const std::vector<Hit>& hits) {
    Titles out;
    for (const Hit& h : hits) out.push_back(h.title);
    return out;
}

Titles sorted_titles(const std::vector<Hit>& hits) {
    Titles out = titles_of(hits);
    std::sort(out.begin(), out.end());
    return out;
}

// Small articles whose metadata the plain-text parser reads from the lines
// under the title (README "Plain text"). Every paragraph says "harbour".
struct Article {
    const char* file;
    const char* text;
};

const Article kArticles[] = {
    {"a.txt", "Drones over the harbour\n\nBy Jane Doe, Reuters\nFebruary 2020\n\n"
              "Coastguard drones watched the harbour at night.\n"},
    {"b.txt", "Harbour lights\n\nBy John Smith\n2019\nSource: Daily Sabah\n\n"
              "The harbour lights were bright over the water.\n"},
    {"c.txt", "Counting boats\n\nBy Mary Doe-Smith, Associated Press\n29 February 2020\n\n"
              "Fishermen counted the boats in the harbour.\n"},
    {"d.txt", "Idle cranes\n\nBy Ali Veli, REUTERS\n1 March 2020\n\n"
              "The harbour cranes stood idle all week.\n"},
    {"e.txt", "Harbour tales\n\nThe old harbour has many tales to tell.\n"},
    {"f.txt", "Early thaw\n\n31 January 2020\n\nThe ice in the harbour melted early.\n"},
    {"g.txt", "A year at sea\n\n2020\n\nShips left the harbour every morning of the year.\n"},
};

class SearchTest : public testing::Test {
protected:
    static void SetUpTestSuite() {
        dir_ = new TempDir();
        std::vector<fs::path> inputs;
        for (const Article& article : kArticles) {
            inputs.push_back(dir_->path() / "in" / article.file);
            test::write_file(inputs.back(), article.text);
        }
        inputs.push_back(dir_->path() / "in" / "tr.jsonl");
        test::write_file(inputs.back(),
                         "{\"title\":\"Liman\",\"text\":\"Limanda gece dronlar vard\xC4\xB1.\",\"date\":\"2020-02-14\","
                         "\"language\":\"tr\",\"author\":\"Ay\xC5\x9F" "e Kaya\",\"source\":\"H\xC3\xBCrriyet\"}\n");
        inputs.push_back(test::fixture("quwa-2020-02-pakistan-turkey-defence-ties.txt"));
        Archive archive = Archive::open(db_path(), OpenMode::read_write);
        const IngestSummary summary = archive.ingest(inputs, IngestOptions{}, {});
        ASSERT_EQ(summary.added, static_cast<int64_t>(inputs.size()));
    }
    static void TearDownTestSuite() {
        delete dir_;
        dir_ = nullptr;
    }
    static fs::path db_path() { return dir_->path() / "archive.db"; }

    void SetUp() override { archive_ = std::make_unique<Archive>(Archive::open(db_path(), OpenMode::read_only)); }

    std::vector<Hit> search(SearchOptions options) {
        options.limit = 100;
        return test::passage_hits(*archive_, options);
    }
    std::vector<Hit> search(const std::string& query) { return search(q(query)); }

    static TempDir* dir_;
    std::unique_ptr<Archive> archive_;
};

TempDir* SearchTest::dir_ = nullptr;

TEST_F(SearchTest, TheParserReadTheMetadataTheTestsRelyOn) {
    std::set<std::string> seen;
    for (const Hit& h : search(q("harbour", PassageKind::paragraph)))
        seen.insert(h.title + "|" + h.date + "|" + h.source);
    EXPECT_EQ(seen, (std::set<std::string>{
                        "Drones over the harbour|2020-02|Reuters", "Harbour lights|2019|Daily Sabah",
                        "Counting boats|2020-02-29|Associated Press", "Idle cranes|2020-03-01|REUTERS",
                        "Harbour tales||", "Early thaw|2020-01-31|", "A year at sea|2020|"}));
}

// ---- dates ----------------------------------------------------------------------

struct DateCase {
    const char* since;
    const char* until;
    const char* field;  // date:... in the query, or ""
    Titles expected;    // sorted
};

class SearchDates : public SearchTest, public testing::WithParamInterface<DateCase> {};

TEST_P(SearchDates, ArticleDateMustLieWhollyInTheRange) {
    SearchOptions options = q(std::string("harbour ") + GetParam().field, PassageKind::paragraph);
    options.since = GetParam().since;
    options.until = GetParam().until;
    EXPECT_EQ(sorted_titles(search(options)), GetParam().expected)
        << "since " << GetParam().since << " until " << GetParam().until << " " << GetParam().field;
}

// Dated: 2019 (Harbour lights), 2020 (A year at sea), 2020-01-31 (Early thaw),
// 2020-02 (Drones over the harbour), 2020-02-29 (Counting boats), 2020-03-01
// (Idle cranes); Harbour tales is undated.
INSTANTIATE_TEST_SUITE_P(
    Table, SearchDates,
    testing::Values(
        DateCase{"2020-02", "", "", {"Counting boats", "Drones over the harbour", "Idle cranes"}},
        DateCase{"", "2020-02", "", {"Counting boats", "Drones over the harbour", "Early thaw", "Harbour lights"}},
        DateCase{"2020-02", "2020-02", "", {"Counting boats", "Drones over the harbour"}},
        DateCase{"2020", "", "",
                 {"A year at sea", "Counting boats", "Drones over the harbour", "Early thaw", "Idle cranes"}},
        DateCase{"", "2020", "",
                 {"A year at sea", "Counting boats", "Drones over the harbour", "Early thaw", "Harbour lights",
                  "Idle cranes"}},
        DateCase{"2020-02-29", "", "", {"Counting boats", "Idle cranes"}},
        DateCase{"", "2020-02-28", "", {"Early thaw", "Harbour lights"}},
        DateCase{"", "2020-02-29", "", {"Counting boats", "Drones over the harbour", "Early thaw", "Harbour lights"}},
        DateCase{"2020-01-31", "2020-01-31", "", {"Early thaw"}},
        DateCase{"", "", "date:2020-02..2020-03", {"Counting boats", "Drones over the harbour", "Idle cranes"}},
        DateCase{"", "", "date:..2019", {"Harbour lights"}},
        DateCase{"", "", "date:2020-02-29", {"Counting boats"}},
        DateCase{"", "", "date:2021..", {}},
        DateCase{"2020-02", "", "date:..2020-02-29", {"Counting boats", "Drones over the harbour"}}));

// ---- other filters ---------------------------------------------------------------

TEST_F(SearchTest, SourceIsTheWholeNameInAnyCase) {
    SearchOptions options = q("harbour", PassageKind::paragraph);
    options.sources = {"reuters"};
    EXPECT_EQ(sorted_titles(search(options)), (Titles{"Drones over the harbour", "Idle cranes"}));
    options.sources = {"Reuter"};
    EXPECT_TRUE(search(options).empty());
    options.sources = {"Reuters", "daily sabah"};
    EXPECT_EQ(sorted_titles(search(options)), (Titles{"Drones over the harbour", "Harbour lights", "Idle cranes"}));
    EXPECT_EQ(sorted_titles(search("harbour kind:paragraph source:\"Daily Sabah\"")), (Titles{"Harbour lights"}));
}

TEST_F(SearchTest, AuthorIsAnyPartInAnyCase) {
    SearchOptions options = q("harbour", PassageKind::paragraph);
    options.authors = {"doe"};
    EXPECT_EQ(sorted_titles(search(options)), (Titles{"Counting boats", "Drones over the harbour"}));
    EXPECT_EQ(sorted_titles(search("harbour kind:paragraph author:SMITH")),
              (Titles{"Counting boats", "Harbour lights"}));
    EXPECT_TRUE(search("harbour author:%").empty());  // LIKE wildcards are text
    EXPECT_TRUE(search("harbour author:_").empty());
}

TEST_F(SearchTest, LanguageFilter) {
    EXPECT_EQ(titles_of(search("lang:tr kind:paragraph")), (Titles{"Liman"}));
    SearchOptions options = q("dronlar");
    options.languages = {"TR"};
    EXPECT_EQ(titles_of(search(options)), (Titles{"Liman"}));
    options.languages = {"de"};
    EXPECT_TRUE(search(options).empty());
}

TEST_F(SearchTest, KindFilterAsOptionAndField) {
    const auto only = [](const std::vector<Hit>& hits, PassageKind kind) {
        return !hits.empty() &&
               std::all_of(hits.begin(), hits.end(), [kind](const Hit& h) { return h.kind == kind; });
    };
    EXPECT_TRUE(only(search("harbour kind:title"), PassageKind::title));
    EXPECT_EQ(sorted_titles(search("harbour kind:title")),
              (Titles{"Drones over the harbour", "Harbour lights", "Harbour tales"}));
    EXPECT_TRUE(only(search(q("turkey", PassageKind::footnote)), PassageKind::footnote));
    EXPECT_TRUE(only(search("turkey kind:footnote"), PassageKind::footnote));
}

TEST_F(SearchTest, PublisherFindsTheFootnotesCitingIt) {
    const auto hits = search("publisher:\"Daily Sabah\"");
    ASSERT_EQ(hits.size(), 1u);
    EXPECT_EQ(hits[0].kind, PassageKind::footnote);
    EXPECT_EQ(hits[0].position, 3);
    EXPECT_EQ(hits[0].title, "Pakistan and Turkey Look to Deepen Defence Ties");
    EXPECT_EQ(hits[0].snippet, hits[0].text);  // no words: the passage's start, nothing marked
    // A part of the name, any case, with words; the article "Harbour lights"
    // has source Daily Sabah but cites nothing.
    EXPECT_EQ(search("turkey publisher:sabah").size(), 1u);
    EXPECT_EQ(search("publisher:\"TRT World\" publisher:\"Haber Gazetesi\"").size(), 2u);
    EXPECT_TRUE(search("drones publisher:sabah").empty());
}

TEST_F(SearchTest, TitleFieldNarrowsToArticlesWhoseTitleMatches) {
    // Words beside title: search the passages of those articles.
    EXPECT_EQ(titles_of(search("title:harbour night")), (Titles{"Drones over the harbour"}));
    EXPECT_TRUE(search("title:cranes night").empty());
    // title: alone: the matching titles themselves.
    const auto hits = search("title:lights");
    ASSERT_EQ(hits.size(), 1u);
    EXPECT_EQ(hits[0].kind, PassageKind::title);
    EXPECT_EQ(hits[0].title, "Harbour lights");
    EXPECT_NE(hits[0].snippet.find(kMatchStart), std::string::npos);
    // title: with another kind: that kind's passages of those articles, newest first.
    EXPECT_EQ(titles_of(search("title:harbour kind:paragraph")),
              (Titles{"Drones over the harbour", "Harbour lights", "Harbour tales"}));
}

TEST_F(SearchTest, OnlyFieldsListPassagesNewestFirst) {
    SearchOptions options = q("source:reuters");
    const auto hits = search(options);
    ASSERT_EQ(hits.size(), 4u);  // title and paragraph of each
    EXPECT_EQ(titles_of(hits), (Titles{"Idle cranes", "Idle cranes", "Drones over the harbour",
                                    "Drones over the harbour"}));
    EXPECT_EQ(hits[0].kind, PassageKind::title);
    EXPECT_EQ(hits[1].kind, PassageKind::paragraph);
    EXPECT_EQ(hits[0].score, 0.0);
    EXPECT_EQ(hits[0].snippet.find(kMatchStart), std::string::npos);
    options.sort = SortOrder::oldest;
    EXPECT_EQ(titles_of(search(options)), (Titles{"Drones over the harbour", "Drones over the harbour", "Idle cranes",
                                               "Idle cranes"}));
}

TEST_F(SearchTest, OptionsAndFieldsCombine) {
    SearchOptions options = q("harbour date:2020 kind:paragraph");
    options.sources = {"Reuters"};
    options.authors = {"doe"};
    EXPECT_EQ(titles_of(search(options)), (Titles{"Drones over the harbour"}));
}

TEST_F(SearchTest, BadFiltersAreErrorsNamingThem) {
    const auto code_of = [this](SearchOptions options) {
        try {
            search(std::move(options));
        } catch (const Error& e) {
            return std::string(errc_name(e.code())) + ": " + e.message();
        }
        return std::string("no error");
    };
    EXPECT_EQ(code_of(q("foo:bar")),
              "invalid_query: unknown field foo: at column 1 (the fields are title:, source:, author:, "
              "publisher:, date:, lang:, kind:, tag:)");
    SearchOptions options = q("harbour");
    options.since = "2020-02-30";
    EXPECT_EQ(code_of(options), "invalid_argument: --since 2020-02-30: not a date");
}

// ---- sorting and paging --------------------------------------------------------------

TEST_F(SearchTest, SortByDateUndatedLast) {
    SearchOptions options = q("harbour", PassageKind::paragraph);
    options.sort = SortOrder::newest;
    EXPECT_EQ(titles_of(search(options)), (Titles{"Idle cranes", "Counting boats", "Drones over the harbour",
                                               "Early thaw", "A year at sea", "Harbour lights", "Harbour tales"}));
    options.sort = SortOrder::oldest;
    EXPECT_EQ(titles_of(search(options)), (Titles{"Harbour lights", "A year at sea", "Early thaw",
                                               "Drones over the harbour", "Counting boats", "Idle cranes",
                                               "Harbour tales"}));
}

TEST_F(SearchTest, PagesAreSlicesOfTheWholeListInEveryOrder) {
    for (const SortOrder sort : {SortOrder::relevance, SortOrder::newest, SortOrder::oldest}) {
        for (const char* query : {"harbour", "harbour the", "source:reuters", "turkey pakistan"}) {
            SearchOptions options = q(query);
            options.sort = sort;
            std::vector<int64_t> whole, streamed, paged;
            for (const Hit& h : search(options)) whole.push_back(h.passage_id);
            SearchOptions each = options;
            each.unit = SearchUnit::passage;
            archive_->search_each(each, true,
                                  [&](const SearchHit& h) { streamed.push_back(h.passages.at(0).passage_id); });
            for (int64_t offset = 0; offset < static_cast<int64_t>(whole.size()) + 2; offset += 2) {
                options.limit = 2;
                options.offset = offset;
                for (const Hit& h : test::passage_hits(*archive_, options)) paged.push_back(h.passage_id);
            }
            EXPECT_EQ(streamed, whole) << query;
            EXPECT_EQ(paged, whole) << query;
            EXPECT_GE(whole.size(), 3u) << query;
        }
    }
}

TEST_F(SearchTest, SnippetsCarryNoLanguageTag) {
    for (const char* query : {"harbour", "dronlar", "turkey", "lang:tr", "title:lights"}) {
        for (const Hit& h : search(query)) {
            EXPECT_EQ(h.snippet.find('\x1F'), std::string::npos) << query << ": " << h.snippet;
            EXPECT_EQ(h.snippet.rfind("tr", 0), std::string::npos) << query << ": " << h.snippet;
        }
    }
}

// ---- ranking -------------------------------------------------------------------------

class RankingTest : public testing::Test {
protected:
    TempDir dir;
    Archive open_with(const std::vector<std::pair<std::string, std::string>>& files) {
        std::vector<fs::path> inputs;
        for (const auto& [name, text] : files) {
            inputs.push_back(dir / "in" / name);
            test::write_file(inputs.back(), text);
        }
        Archive archive = Archive::open(dir / "archive.db", OpenMode::read_write);
        archive.ingest(inputs, IngestOptions{}, {});
        return archive;
    }
};

TEST_F(RankingTest, TitleMatchBoostsTheArticlesPassages) {
    const std::string body = "\n\nThe keepers of the lighthouse kept the lamp lit through the storm.\n";
    // Same paragraph twice; the article whose title matches is ingested last,
    // so without the boost it would rank second (ties go to the lower id).
    Archive a = open_with({{"1.txt", "Storm report" + body}, {"2.txt", "The lighthouse" + body}});
    const auto hits = test::passage_hits(a, q("lighthouse", PassageKind::paragraph));
    ASSERT_EQ(hits.size(), 2u);
    EXPECT_EQ(hits[0].title, "The lighthouse");
    EXPECT_EQ(hits[1].title, "Storm report");
    EXPECT_NEAR(hits[0].score, 1.5 * hits[1].score, 1e-9 * std::abs(hits[1].score));
}

TEST_F(RankingTest, PhraseThenNearThenScatteredWhateverTheirScores) {
    Archive a = open_with({
        // Dense and short: the best bm25, but the words are far apart.
        {"far.txt", "Far\n\nDefence defence defence, said the minister, is not a matter of words for any industry.\n"},
        // Within five words, not adjacent.
        {"near.txt", "Near\n\nThe industry said that our defence was a matter for the research ministry and for "
                     "many other people in the country.\n"},
        // The phrase, in a long paragraph.
        {"phrase.txt", "Phrase\n\nThe ministry said that the defence industry was a matter for the research "
                       "council and for many other people and agencies across the whole of the country.\n"},
    });
    const auto hits = test::passage_hits(a, q("defence industry", PassageKind::paragraph));
    ASSERT_EQ(titles_of(hits), (Titles{"Phrase", "Near", "Far"}));
    // bm25 alone would have ordered them the other way round.
    EXPECT_GT(hits[0].score, hits[1].score);
    EXPECT_GT(hits[1].score, hits[2].score);
    // A phrase query needs the phrase; a word missing matches nothing.
    EXPECT_EQ(titles_of(test::passage_hits(a, q("\"defence industry\"", PassageKind::paragraph))), (Titles{"Phrase"}));
}

TEST_F(RankingTest, SortNewestBreaksDateTiesByRelevance) {
    Archive a = open_with({
        {"1.txt", "One\n\n2020-05-01\n\nThe river rose.\n"},
        {"2.txt", "Two\n\n2020-05-01\n\nThe river rose and the river fell, the river ran.\n"},
        {"3.txt", "Three\n\n2021-01-01\n\nA river.\n"},
        {"4.txt", "Four\n\nThe river, undated.\n"},
    });
    SearchOptions options = q("river", PassageKind::paragraph);
    options.sort = SortOrder::newest;
    const auto hits = test::passage_hits(a, options);
    ASSERT_EQ(titles_of(hits), (Titles{"Three", "Two", "One", "Four"}));
    EXPECT_LT(hits[1].score, hits[2].score);
}

// ---- exact words (need the newsdb tokenizer) ---------------------------------------------

bool index_uses_newsdb_tokenizer(const fs::path& db_path) {
    SQLite::Database db(db_path.string(), SQLite::OPEN_READONLY);
    SQLite::Statement st(db, "SELECT sql FROM sqlite_schema WHERE name = 'passages_fts'");
    return st.executeStep() && st.getColumn(0).getString().find("newsdb") != std::string::npos;
}

TEST_F(RankingTest, ExactWordsMatchOnlyTheirOwnForm) {
    Archive a = open_with({{"1.txt", "One\n\nThe agreement was signed.\n"},
                           {"2.txt", "Two\n\nThe agreements were signed.\n"}});
    if (!index_uses_newsdb_tokenizer(dir / "archive.db"))
        GTEST_SKIP() << "exact matching needs the newsdb tokenizer (issue 4); this archive uses porter unicode61";
    EXPECT_EQ(sorted_titles(test::passage_hits(a, q("agreements", PassageKind::paragraph))), (Titles{"One", "Two"}));
    EXPECT_EQ(sorted_titles(test::passage_hits(a, q("=agreements", PassageKind::paragraph))), (Titles{"Two"}));
    EXPECT_EQ(sorted_titles(test::passage_hits(a, q("=\"agreement was\"", PassageKind::paragraph))), (Titles{"One"}));
    SearchOptions options = q("agreements", PassageKind::paragraph);
    options.match = WordMatch::exact;
    EXPECT_EQ(sorted_titles(test::passage_hits(a, options)), (Titles{"Two"}));
    EXPECT_EQ(sorted_titles(test::passage_hits(a, q("title:=one signed"))), (Titles{"One"}));
}

// ---- the command line -------------------------------------------------------------------

TEST(SearchCli, FiltersSortAndHelp) {
    TempDir dir;
    test::write_file(dir / "a.txt", kArticles[0].text);
    test::write_file(dir / "d.txt", kArticles[3].text);
    const std::string db = (dir / "archive.db").string();
    ASSERT_EQ(test::run_newsdb({"--db", db, "ingest", (dir / "a.txt").string(), (dir / "d.txt").string()}, dir)
                  .exit_code,
              0);
    auto r = test::run_newsdb({"--db", db, "search", "harbour", "--kind", "paragraph", "--source", "REUTERS",
                               "--since", "2020-03", "--format", "jsonl"},
                              dir);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("Idle cranes"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("Drones over"), std::string::npos) << r.out;

    r = test::run_newsdb({"--db", db, "search", "harbour", "--kind", "paragraph", "--sort", "oldest",
                          "--format", "csv"},
                         dir);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_LT(r.out.find("Drones over"), r.out.find("Idle cranes")) << r.out;

    r = test::run_newsdb({"--db", db, "export", "harbour", "--until", "2020-02", "--author", "jane"}, dir);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err, "exported 1 article (2 passages)\n");
    r = test::run_newsdb({"--db", db, "export", "harbour", "--until", "2020-02", "--author", "jane", "--unit", "passage"},
                         dir);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err, "exported 2 passages (1 article)\n");

    r = test::run_newsdb({"--db", db, "search", "harbour OR source:x"}, dir);
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("the field source: at column 12 is used with OR"), std::string::npos) << r.err;

    r = test::run_newsdb({"--db", db, "search", "harbour", "--until", "2020-02-30"}, dir);
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("--until 2020-02-30: not a date"), std::string::npos) << r.err;

    r = test::run_newsdb({"--db", db, "search", "harbour", "--sort", "sideways"}, dir);
    EXPECT_EQ(r.exit_code, 2);

    r = test::run_newsdb({"search", "--help"}, dir);
    EXPECT_EQ(r.exit_code, 0);
    for (const char* text : {"--since", "--until", "--source", "--author", "--lang", "--exact", "--sort",
                             "=agreements", "title:drones", "publisher:\"Daily Sabah\"", "date:2020-02..2020-03",
                             "lang:tr", "kind:footnote", "tag:topic:grain", "--tag", "--within", "--count"})
        EXPECT_NE(r.out.find(text), std::string::npos) << text;
}

} // namespace
} // namespace newsdb
