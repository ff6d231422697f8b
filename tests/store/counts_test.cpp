// Archive::count, Archive::citations and Archive::read_snapshot on a small
// archive built with the real ingest.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "newsdb/archive.hpp"
#include "newsdb/error.hpp"
#include "test_support.hpp"

namespace newsdb {
namespace {

using test::TempDir;

struct Fixture {
    TempDir dir;
    Archive archive;

    Fixture() : archive(Archive::open(dir / "a.db", OpenMode::read_write)) {
        const std::vector<std::pair<std::string, std::string>> files = {
            {"a.txt", "Drones over the harbour\n\nBy Jane Doe, Reuters\nFebruary 2020\n\n"
                      "Coastguard drones watched the harbour.[1]\n\nA second drones paragraph.[1][2]\n\n"
                      "[1] “Drones at sea.” Daily Sabah. 14 February 2020. URL:\n\n"
                      "[2] “Harbour news.” TRT World. 13 February 2020. URL:\n"},
            {"b.txt", "Harbour lights\n\nBy John Smith\n2019\nSource: Daily Sabah\n\n"
                      "The harbour lights and drones were bright.[1]\n\n"
                      "[1] “Lights.” DAILY SABAH. 2019. URL:\n"},
            {"c.txt", "Counting boats\n\nBy Mary Doe\n29 February 2020\n\nFishermen counted the boats.\n"},
            {"d.txt", "Undated drones\n\nSome drones without a date at all.\n"},
        };
        std::vector<std::filesystem::path> paths;
        for (const auto& [name, text] : files) {
            test::write_file(dir / name, text);
            paths.push_back(dir / name);
        }
        IngestOptions options;
        options.jobs = 1;
        archive.ingest(paths, options, [](const IngestResult&) {});
    }
};

SearchOptions q(std::string text) {
    SearchOptions o;
    o.query = std::move(text);
    return o;
}

TEST(Count, TotalCountsArticlesAndPassages) {
    Fixture f;
    const auto rows = f.archive.count(q("drones"), CountBucket::total);
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].bucket, "");
    EXPECT_EQ(rows[0].articles, 3);
    EXPECT_GE(rows[0].passages, 5);  // a: title + 2 paragraphs + a footnote; b, d
    EXPECT_EQ(rows[0].archive_articles, 4);
}

// Issue 21: counts follow the search's unit, and agree with its totals.
TEST(Count, FollowsTheUnitOfTheSearch) {
    Fixture f;
    SearchOptions apart = q("coastguard sabah");  // a paragraph and a footnote of a.txt
    const auto rows = f.archive.count(apart, CountBucket::total);
    EXPECT_EQ(rows.at(0).articles, 1);
    EXPECT_EQ(rows.at(0).passages, 2);
    EXPECT_EQ(f.archive.search(apart).total, (SearchTotals{rows[0].articles, rows[0].passages}));
    EXPECT_EQ(f.archive.count(apart, CountBucket::year).at(0).bucket, "2020");
    apart.unit = SearchUnit::passage;
    EXPECT_EQ(f.archive.count(apart, CountBucket::total).at(0).articles, 0);
    EXPECT_EQ(f.archive.search(apart).total, (SearchTotals{0, 0}));
}

TEST(Count, NothingMatchingStillGivesTheTotalRow) {
    Fixture f;
    const auto rows = f.archive.count(q("zeppelin"), CountBucket::total);
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].articles, 0);
    EXPECT_EQ(rows[0].passages, 0);
    EXPECT_EQ(rows[0].archive_articles, 4);
    EXPECT_TRUE(f.archive.count(q("zeppelin"), CountBucket::year).empty());
}

TEST(Count, ByYearInDateOrderUndatedLast) {
    Fixture f;
    const auto rows = f.archive.count(q("drones"), CountBucket::year);
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_EQ(rows[0].bucket, "2019");
    EXPECT_EQ(rows[1].bucket, "2020");
    EXPECT_EQ(rows[2].bucket, "");
    EXPECT_EQ(rows[1].articles, 1);
    EXPECT_EQ(rows[1].archive_articles, 2);  // a and c are dated 2020
}

TEST(Count, ByMonthKeepsYearOnlyDatesApart) {
    Fixture f;
    const auto rows = f.archive.count(q("harbour"), CountBucket::month);
    std::vector<std::string> buckets;
    for (const auto& r : rows) buckets.push_back(r.bucket);
    EXPECT_EQ(buckets, (std::vector<std::string>{"2019", "2020-02"}));
}

TEST(Count, BySourceMostArticlesFirstAndBlankQueryCountsAll) {
    Fixture f;
    const auto rows = f.archive.count(q(""), CountBucket::source);
    int64_t articles = 0;
    for (const auto& r : rows) articles += r.articles;
    EXPECT_EQ(articles, 4);
    for (std::size_t i = 1; i < rows.size(); ++i) EXPECT_GE(rows[i - 1].articles, rows[i].articles);
}

TEST(Count, ByWeekDayAndAuthor) {
    Fixture f;
    auto rows = f.archive.count(q("boats"), CountBucket::week);
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].bucket, "2020-W09");  // Saturday 29 February 2020
    rows = f.archive.count(q("drones"), CountBucket::day);
    std::vector<std::string> buckets;
    for (const auto& r : rows) buckets.push_back(r.bucket);
    EXPECT_EQ(buckets, (std::vector<std::string>{"2019", "2020-02", ""}));  // none dated to the day
    rows = f.archive.count(q("boats"), CountBucket::author);
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].bucket, "Mary Doe");
    EXPECT_TRUE(is_time_bucket(CountBucket::week));
    EXPECT_FALSE(is_time_bucket(CountBucket::author));
}

TEST(Count, FiltersApply) {
    Fixture f;
    SearchOptions o = q("drones");
    o.since = "2020";
    const auto rows = f.archive.count(o, CountBucket::total);
    EXPECT_EQ(rows[0].articles, 1);
    o = q("drones kind:footnote");
    EXPECT_EQ(f.archive.count(o, CountBucket::kind).at(0).bucket, "footnote");
}

TEST(Count, BadQueryIsInvalidQuery) {
    Fixture f;
    try {
        f.archive.count(q("\"unclosed"), CountBucket::year);
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), Errc::invalid_query);
        EXPECT_NE(e.message().find("column"), std::string::npos) << e.message();
    }
}

TEST(Count, BucketNamesRoundTrip) {
    for (const auto b : {CountBucket::total, CountBucket::year, CountBucket::month, CountBucket::week,
                         CountBucket::day, CountBucket::source, CountBucket::language, CountBucket::author,
                         CountBucket::kind})
        EXPECT_EQ(parse_count_bucket(count_bucket_name(b)), b);
    EXPECT_EQ(parse_count_bucket("lang"), CountBucket::language);
    EXPECT_THROW(parse_count_bucket("fortnight"), Error);
}

TEST(Citations, PublishersAreComparedFolded) {
    Fixture f;
    CitationOptions o;
    const auto rows = f.archive.citations(o);
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0].key, "dailysabah");
    EXPECT_EQ(rows[0].footnotes, 2);
    EXPECT_EQ(rows[0].marks, 3);  // a cites [1] twice, b once
    EXPECT_EQ(rows[0].spellings.size(), 2u);
    ASSERT_EQ(rows[0].articles.size(), 2u);
    EXPECT_EQ(rows[0].articles[0].title, "Harbour lights");  // 2019 before 2020
    EXPECT_EQ(rows[1].label, "TRT World");
}

TEST(Citations, SelectionAndGroupings) {
    Fixture f;
    CitationOptions o;
    o.selection.query = "lights";
    auto rows = f.archive.citations(o);
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].label, "DAILY SABAH");
    o.selection.query = "";
    o.by = CitationGroup::publisher_year;
    rows = f.archive.citations(o);
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_EQ(rows[0].key, "dailysabah");
    EXPECT_EQ(rows[0].year, "2019");
    EXPECT_EQ(rows[1].year, "2020");
    o.by = CitationGroup::article;
    rows = f.archive.citations(o);
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0].label, "Drones over the harbour");
    EXPECT_EQ(rows[0].footnotes, 2);
    EXPECT_EQ(parse_citation_group("year"), CitationGroup::publisher_year);
    EXPECT_THROW(parse_citation_group("outlet"), Error);
}

TEST(ReadSnapshot, ReadsInsideSeeOneStateOfTheArchive) {
    Fixture f;
    Archive reader = Archive::open(f.dir / "a.db", OpenMode::read_only);
    {
        auto snapshot = reader.read_snapshot();
        EXPECT_EQ(reader.count(q("zeppelin"), CountBucket::total)[0].articles, 0);
        test::write_file(f.dir / "e.txt", "Zeppelin\n\nA zeppelin over the harbour.\n");
        f.archive.ingest({f.dir / "e.txt"}, IngestOptions{}, [](const IngestResult&) {});
        EXPECT_EQ(reader.count(q("zeppelin"), CountBucket::total)[0].articles, 0);
        EXPECT_TRUE(reader.search(q("zeppelin")).hits.empty());
    }
    EXPECT_EQ(reader.count(q("zeppelin"), CountBucket::total)[0].articles, 1);
    EXPECT_EQ(reader.search(q("zeppelin")).total, (SearchTotals{1, 2}));
}

} // namespace
} // namespace newsdb
