// End-to-end: `newsdb count` and `newsdb citations` on a small archive with
// known dates (full, month only, year only, none) and citations spelt
// several ways, in every format; the SVG parsed as XML (by Python) and its
// bars checked.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <sstream>

#include "newsdb/error.hpp"
#include "newsdb/report.hpp"
#include "test_support.hpp"
#include "util/display_width.hpp"

namespace newsdb {
namespace {

using test::CommandResult;
using test::TempDir;

class ReportCliTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        dir_ = new TempDir;
        const std::vector<std::pair<std::string, std::string>> files = {
            {"a.txt", "Drones over the harbour\n\nBy Jane Doe, Reuters\nFebruary 2020\n\n"
                      "Coastguard drones watched the harbour.[1]\n\nA second drones paragraph.[1][2]\n\n"
                      "[1] “Drones at sea.” Daily Sabah. 14 February 2020. URL:\n\n"
                      "[2] “Harbour news.” TRT World. 13 February 2020. URL:\n"},
            {"b.txt", "Harbour lights\n\nBy John Smith\n2019\nSource: Daily Sabah\n\n"
                      "The harbour lights and drones were bright.[1]\n\n[1] “Lights.” DAILY SABAH. 2019. URL:\n"},
            {"c.txt", "Counting boats\n\nBy Mary Doe\n29 February 2020\n\nFishermen counted the boats and drones.\n"},
            {"d.txt", "Undated drones\n\nSome drones without a date at all.\n"},
            {"e.txt", "Drones in April\n\nBy Mary Doe\n3 April 2020\n\nDrones again.[1]\n\n"
                      "[1] “More.” Daily-Sabah. 2 April 2020. URL:\n"},
        };
        std::vector<std::string> args = {"--db", db(), "ingest"};
        for (const auto& [name, text] : files) {
            test::write_file(*dir_ / ("in/" + name), text);
            args.push_back((*dir_ / ("in/" + name)).string());
        }
        const CommandResult r = test::run_newsdb(args, *dir_);
        ASSERT_EQ(r.exit_code, 0) << r.err;
    }
    static void TearDownTestSuite() {
        delete dir_;
        dir_ = nullptr;
    }
    static std::string db() { return (*dir_ / "a.db").string(); }
    CommandResult run(std::vector<std::string> args) {
        args.insert(args.begin(), {"--db", db()});
        return test::run_newsdb(args, scratch);
    }
    static TempDir* dir_;
    TempDir scratch;
};

TempDir* ReportCliTest::dir_ = nullptr;

TEST_F(ReportCliTest, CountPerMonthTextFillsGapsAndKeepsPartialDatesApart) {
    const CommandResult r = run({"count", "drones", "--by", "month"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out,
              "Articles and passages matching \"drones\", per month\n"
              "month             all  articles  passages   share\n"
              "2020-02             2         2         5  100.0%  ████████████████████████████████\n"
              "2020-03             0         0         0    0.0%\n"
              "2020-04             1         1         2  100.0%  ████████████████\n"
              "-- not in the chart: dated less precisely than a month, or undated\n"
              "2019 (year only)    1         1         1  100.0%\n"
              "(undated)           1         1         2  100.0%\n");
}

TEST_F(ReportCliTest, CountCsvPerWeekAndDay) {
    CommandResult r = run({"count", "drones", "--by", "week", "--format", "csv"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out,
              "bucket,fit,archive_articles,articles,passages,share\r\n"
              "2020-W09,exact,1,1,1,1.000000\r\n2020-W10,exact,0,0,0,0.000000\r\n"
              "2020-W11,exact,0,0,0,0.000000\r\n2020-W12,exact,0,0,0,0.000000\r\n"
              "2020-W13,exact,0,0,0,0.000000\r\n2020-W14,exact,1,1,2,1.000000\r\n"
              "2019,coarser,1,1,1,1.000000\r\n2020-02,coarser,1,1,4,1.000000\r\n,undated,1,1,2,1.000000\r\n");
    r = run({"count", "drones", "--by", "day", "--format", "csv"});
    EXPECT_NE(r.out.find("2020-02-29,exact,1,1,1,"), std::string::npos);
    EXPECT_NE(r.out.find("2020-03-01,exact,0,0,0,"), std::string::npos);  // a leap year's gap
    EXPECT_NE(r.out.find("2020-04-03,exact,1,1,2,"), std::string::npos);
}

TEST_F(ReportCliTest, CountJsonComparesQueriesAsColumns) {
    const CommandResult r = run({"count", "drones", "--compare", "harbour", "--by", "year", "--format", "json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["queries"], (nlohmann::json{"drones", "harbour"}));
    ASSERT_EQ(j["rows"].size(), 3u);  // 2019, 2020, undated
    EXPECT_EQ(j["rows"][1]["bucket"], "2020");
    EXPECT_EQ(j["rows"][1]["articles"], (nlohmann::json{3, 1}));
    EXPECT_EQ(j["rows"][1]["archive_articles"], 3);
    EXPECT_EQ(j["rows"][2]["fit"], "undated");
    EXPECT_EQ(j["rows"][2]["articles"], (nlohmann::json{1, 0}));
}

TEST_F(ReportCliTest, CountJsonlMarkdownAndOtherBuckets) {
    CommandResult r = run({"count", "drones", "--by", "year", "--format", "jsonl", "--compare", "lights"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    std::istringstream lines(r.out);
    int n = 0;
    for (std::string line; std::getline(lines, line); ++n) EXPECT_TRUE(nlohmann::json::parse(line).contains("share"));
    EXPECT_EQ(n, 6);  // 3 buckets x 2 queries
    r = run({"count", "drones", "--by", "year", "--format", "markdown", "--normalize"});
    EXPECT_NE(r.out.find("| 2020 | 3 | 3 | 7 | 100.0% |"), std::string::npos) << r.out;
    r = run({"count", "drones", "--by", "author", "--format", "csv"});
    EXPECT_NE(r.out.find("Mary Doe,exact,2,2,3,"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find(",none,1,1,2,"), std::string::npos) << r.out;  // no author: d.txt
    r = run({"count", "drones", "--by", "fortnight"});
    EXPECT_EQ(r.exit_code, 2);
    r = run({"count", "drones", "--format", "svg"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("-o FILE"), std::string::npos);
}

// The bars of an SVG, by series and category: their data-value and height.
// Python's XML parser reads the file: a real parser, and not well-formed XML fails.
struct Bar {
    double value = 0, height = 0;
};
std::map<std::pair<int, std::string>, Bar> svg_bars(const std::string& file, const TempDir& scratch,
                                                    std::string& title) {
    const std::string script =
        "import json, sys, xml.etree.ElementTree as E\n"
        "ns = '{http://www.w3.org/2000/svg}'\n"
        "root = E.parse(sys.argv[1]).getroot()\n"
        "assert root.tag == ns + 'svg', root.tag\n"
        "bars = [[r.get('data-series'), r.get('data-category'), r.get('data-value'), r.get('height')]\n"
        "        for r in root.iter(ns + 'rect') if r.get('class', '').split()[:1] == ['bar']]\n"
        "print(json.dumps({'title': root.find(ns + 'title').text, 'bars': bars}))\n";
    test::write_file(scratch / "bars.py", script);
    const std::string out = (scratch / "bars.json").string();
    const int status = std::system(("python3 " + test::shell_quote((scratch / "bars.py").string()) + " " +
                                    test::shell_quote(file) + " > " + test::shell_quote(out)).c_str());
    EXPECT_EQ(status, 0) << "not well-formed XML: " << file;
    std::map<std::pair<int, std::string>, Bar> bars;
    if (status != 0) return bars;
    const auto j = nlohmann::json::parse(test::read_file(out));
    title = j["title"];
    for (const auto& b : j["bars"])
        bars[{std::stoi(b[0].get<std::string>()), b[1].get<std::string>()}] =
            Bar{std::stod(b[2].get<std::string>()), std::stod(b[3].get<std::string>())};
    return bars;
}

TEST_F(ReportCliTest, SvgIsValidXmlAndItsBarsAreTheCounts) {
    const std::string file = (scratch / "drones.svg").string();
    CommandResult r = run({"count", "drones", "--by", "month", "--compare", "harbour", "--format", "svg", "-o", file});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    std::string title;
    const auto bars = svg_bars(file, scratch, title);
    EXPECT_EQ(title, "Matching articles, per month");
    ASSERT_EQ(bars.size(), 6u);  // 2020-02, -03, -04 for each query
    EXPECT_EQ(bars.at({0, "2020-02"}).value, 2);
    EXPECT_EQ(bars.at({0, "2020-03"}).value, 0);
    EXPECT_EQ(bars.at({0, "2020-03"}).height, 0);
    EXPECT_EQ(bars.at({0, "2020-04"}).value, 1);
    EXPECT_EQ(bars.at({1, "2020-02"}).value, 1);
    EXPECT_EQ(bars.at({1, "2020-04"}).value, 0);
    // Heights are proportional to the values.
    EXPECT_NEAR(bars.at({0, "2020-02"}).height, 2 * bars.at({0, "2020-04"}).height, 0.2);
    EXPECT_NEAR(bars.at({1, "2020-02"}).height, bars.at({0, "2020-04"}).height, 0.2);

    r = run({"count", "<drones> & \"boats\"", "--by", "year", "--normalize", "--format", "svg", "-o", file});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto shares = svg_bars(file, scratch, title);
    EXPECT_NE(title.find("<drones> & \"boats\""), std::string::npos) << title;
    ASSERT_EQ(shares.size(), 1u);  // 2020 only: c.txt; the year-only 2019 has no boats
    EXPECT_NEAR(shares.at({0, "2020"}).value, 1.0 / 3.0, 1e-9);
}

TEST_F(ReportCliTest, CitationsFoldPublishersAndKeepSpellings) {
    CommandResult r = run({"citations"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out,
              "What the footnotes of the archive cite, per publisher: 2 groups\n"
              "publisher    footnotes  marks  articles  spellings\n"
              "DAILY SABAH          3      4         3  DAILY SABAH; Daily Sabah; Daily-Sabah\n"
              "    2019        #2 Harbour lights\n"
              "    2020-02     #1 Drones over the harbour\n"
              "    2020-04-03  #5 Drones in April\n"
              "TRT World            1      1         1\n"
              "    2020-02     #1 Drones over the harbour\n");
    r = run({"citations", "--by", "year", "--format", "csv"});
    EXPECT_EQ(r.out,
              "key,label,year,footnotes,marks,articles,spellings,citing_articles\r\n"
              "dailysabah,DAILY SABAH,2019,1,1,1,DAILY SABAH,2 2019\r\n"
              "dailysabah,Daily Sabah,2020,2,3,2,Daily Sabah; Daily-Sabah,1 2020-02; 5 2020-04-03\r\n"
              "trtworld,TRT World,2020,1,1,1,TRT World,1 2020-02\r\n");
    r = run({"citations", "lights", "--format", "json"});
    const auto j = nlohmann::json::parse(r.out);
    ASSERT_EQ(j["rows"].size(), 1u);
    EXPECT_EQ(j["rows"][0]["spellings"], (nlohmann::json{"DAILY SABAH"}));
    EXPECT_EQ(j["rows"][0]["articles"][0]["date"], "2019");
    r = run({"citations", "--by", "article", "--format", "markdown"});
    EXPECT_NE(r.out.find("| Drones over the harbour | 2 | 3 |"), std::string::npos) << r.out;
    r = run({"citations", "--format", "jsonl"});
    EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 2);
    r = run({"citations", "--format", "svg"});
    EXPECT_EQ(r.exit_code, 2);
}

TEST_F(ReportCliTest, EveryNewCommandHasHelpWithAnExample) {
    for (const char* cmd : {"count", "citations"}) {
        const CommandResult r = run({cmd, "--help"});
        EXPECT_EQ(r.exit_code, 0);
        EXPECT_NE(r.out.find("Example"), std::string::npos) << cmd;
    }
}

// ---- the library pieces ---------------------------------------------------------

TEST(CountTable, IsoWeeksCrossTheYearAndGapsAreFilled) {
    const CountTable t = make_count_table(
        CountBucket::week, {CountSeries{"q", {CountRow{"2020-W52", 1, 1, 1}, CountRow{"2021-W02", 2, 3, 4}}}});
    std::vector<std::string> buckets;
    for (const auto& r : t.rows) buckets.push_back(r.bucket);
    EXPECT_EQ(buckets, (std::vector<std::string>{"2020-W52", "2020-W53", "2021-W01", "2021-W02"}));
    EXPECT_DOUBLE_EQ(t.rows[3].share(0), 0.5);
}

TEST(CountTable, ArchiveRowsGiveTheDenominatorsOfGaps) {
    const CountTable t = make_count_table(CountBucket::year, {CountSeries{"q", {CountRow{"2018", 1, 1, 2}, CountRow{"2020", 1, 1, 5}}}},
                                          {CountRow{"2019", 7, 9, 7}});
    ASSERT_EQ(t.rows.size(), 3u);
    EXPECT_EQ(t.rows[1].bucket, "2019");
    EXPECT_EQ(t.rows[1].archive_articles, 7);
    EXPECT_EQ(t.rows[1].articles[0], 0);
}

TEST(DisplayWidth, CountsColumnsNotBytes) {
    EXPECT_EQ(util::display_width("Erdoğan"), 7u);
    EXPECT_EQ(util::display_width("北京"), 4u);
    EXPECT_EQ(util::display_width("مرحبا"), 5u);
    EXPECT_EQ(util::display_width("e\xCC\x81"), 1u);  // e + combining acute
    EXPECT_EQ(util::pad_to_width("北京", 6), "北京  ");
}

TEST(Chart, RefusesSeriesOfTheWrongLengthAndEscapesText) {
    BarChart c;
    c.title = "a <b> & c";
    c.categories = {"x", "y"};
    c.series = {ChartSeries{"s", {1}}};
    EXPECT_THROW(render_bar_chart(c, ChartDocument::standalone), Error);
    c.series[0].values = {1, 2};
    const std::string svg = render_bar_chart(c, ChartDocument::standalone);
    EXPECT_NE(svg.find("a &lt;b&gt; &amp; c"), std::string::npos);
    EXPECT_EQ(svg.rfind("<?xml", 0), 0u);
}

} // namespace
} // namespace newsdb
