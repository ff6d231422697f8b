// End-to-end: the real newsdb binary on temporary archives, checking output
// and exit codes as a user sees them.
#include <gtest/gtest.h>

#include <SQLiteCpp/Database.h>
#include <nlohmann/json.hpp>

#include <chrono>

#include "test_support.hpp"

namespace newsdb {
namespace {

using test::CommandResult;
using test::TempDir;
namespace fs = std::filesystem;

constexpr const char* kSample = "quwa-2020-02-pakistan-turkey-defence-ties.txt";
constexpr const char* kTitle = "Pakistan and Turkey Look to Deepen Defence Ties";

class CliTest : public ::testing::Test {
protected:
    TempDir dir;
    std::string db = (dir / "archive.db").string();

    CommandResult run(std::vector<std::string> args, const std::string& stdin_text = {}) {
        args.insert(args.begin(), {"--db", db});
        return test::run_newsdb(args, dir, stdin_text);
    }

    void ingest_sample() {
        auto r = run({"ingest", test::fixture(kSample).string()});
        ASSERT_EQ(r.exit_code, 0) << r.err;
    }
};

TEST_F(CliTest, HelpListsCommandsAndEveryCommandHasAnExample) {
    auto r = test::run_newsdb({"--help"}, dir);
    EXPECT_EQ(r.exit_code, 0);
    for (const char* cmd : {"ingest", "search", "export", "show", "stats", "check", "optimize", "reparse"}) {
        EXPECT_NE(r.out.find(cmd), std::string::npos) << cmd;
        auto sub = test::run_newsdb({cmd, "--help"}, dir);
        EXPECT_EQ(sub.exit_code, 0) << cmd;
        EXPECT_NE(sub.out.find("Example"), std::string::npos) << cmd;
    }
    EXPECT_NE(r.out.find("Exit codes"), std::string::npos);
}

TEST_F(CliTest, UnknownOptionIsUsageError) {
    auto r = run({"search", "--no-such-option", "x"});
    EXPECT_EQ(r.exit_code, 2);
    auto none = test::run_newsdb({}, dir);
    EXPECT_EQ(none.exit_code, 2);
}

TEST_F(CliTest, IngestThenReingestReportsSummary) {
    auto r = run({"ingest", test::fixture(kSample).string()});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.err.find("1 added, 0 replaced, 0 unchanged, 0 failed"), std::string::npos) << r.err;
    auto again = run({"ingest", test::fixture(kSample).string()});
    EXPECT_EQ(again.exit_code, 0);
    EXPECT_NE(again.err.find("0 added, 0 replaced, 1 unchanged, 0 failed"), std::string::npos) << again.err;
}

TEST_F(CliTest, SearchPrintsTitleSourcePositionAndMarkedSnippet) {
    ingest_sample();
    auto r = run({"search", "Erdogan"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out.rfind("1 of 1 article (6 passages)\n\n1. " + std::string(kTitle) + "\n   article 1 · score ", 0), 0u)
        << r.out;
    EXPECT_NE(r.out.find("\n   footnote [1]: “Cumhurbaşkanı **Erdoğan**: "), std::string::npos) << r.out;
    auto both = run({"search", "Erdogan agreements"});
    EXPECT_NE(both.out.find("\n   paragraph 1: …The two countries inked the **agreements** during the two-day official "
                            "visit of the President of Turkey, Recep Tayyip **Erdoğan** to Pakistan.\n"),
              std::string::npos)
        << "one passage shows both words: " << both.out;
    EXPECT_EQ(both.out.find("\n   footnote"), std::string::npos) << both.out;
    auto apart = run({"search", "imran gazetesi"});
    EXPECT_NE(apart.out.find("\n   footnote [1]: "), std::string::npos) << apart.out;
    EXPECT_NE(apart.out.find("\n   paragraph 2: "), std::string::npos) << "a second passage for the other word: "
                                                                        << apart.out;
    EXPECT_NE(r.out.find("**Erdoğan**"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find('\x1b'), std::string::npos) << "no colour when piped";

    auto passages = run({"search", "Erdogan", "--within", "passage", "--limit", "2"});
    EXPECT_EQ(passages.exit_code, 0) << passages.err;
    EXPECT_EQ(passages.out.rfind("2 of 6 passages (1 article)\n\n1. " + std::string(kTitle) + "\n   footnote [1] · article 1",
                                 0),
              0u)
        << passages.out;
}

TEST_F(CliTest, SearchColourWhenAsked) {
    ingest_sample();
    auto r = run({"--color", "always", "search", "drones"});
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_NE(r.out.find("\x1b["), std::string::npos);
}

TEST_F(CliTest, SearchFormatsParse) {
    ingest_sample();
    auto j = run({"search", "Pakistan", "--format", "json", "--within", "passage", "--limit", "3"});
    ASSERT_EQ(j.exit_code, 0) << j.err;
    auto parsed = nlohmann::json::parse(j.out);
    ASSERT_TRUE(parsed.at("results").is_array());
    EXPECT_EQ(parsed["results"].size(), 3u);
    EXPECT_EQ(parsed["results"][0]["title"], kTitle);

    auto fn = run({"search", "\"Daily Sabah\"", "--kind", "footnote", "--format", "json", "--within", "passage"});
    auto notes = nlohmann::json::parse(fn.out).at("results");
    ASSERT_EQ(notes.size(), 1u);
    EXPECT_EQ(notes[0]["kind"], "footnote");
    EXPECT_EQ(notes[0]["position"], 3);

    auto c = run({"search", "Pakistan", "--format", "csv", "--limit", "2"});
    EXPECT_EQ(c.exit_code, 0);
    EXPECT_EQ(c.out.rfind("query,rank,article_id,passage_id,title,url,author,date,source,language,tags,path,kind,"
                          "position,score,passage_score,text,snippet\r\n",
                          0),
              0u)
        << c.out.substr(0, 200);
}

TEST_F(CliTest, InvalidQueriesExitTwoWithAReadableMessage) {
    ingest_sample();
    for (const std::string q : {"\"unclosed", "OR", "*", "turkey OR", "(drones", "-pakistan"}) {
        auto r = run({"search", "--", q});
        EXPECT_EQ(r.exit_code, 2) << q;
        EXPECT_NE(r.err.find("newsdb: "), std::string::npos) << q;
        EXPECT_EQ(r.err.find("fts5"), std::string::npos) << q << ": " << r.err;
        EXPECT_EQ(r.err.find("SQLITE"), std::string::npos) << q << ": " << r.err;
    }
    auto unclosed = run({"search", "\"unclosed"});
    EXPECT_NE(unclosed.err.find("unclosed quote"), std::string::npos) << unclosed.err;
}

TEST_F(CliTest, PunctuationInQueriesJustWorks) {
    ingest_sample();
    for (const std::string q : {"R&D", "$3.5", "Pakistan's", "Turkey’s"}) {
        auto r = run({"search", q});
        EXPECT_EQ(r.exit_code, 0) << q << ": " << r.err;
        EXPECT_NE(r.out.find(kTitle), std::string::npos) << q;
    }
    // Valid even where nothing matches (the sample writes "US", not "U.S.").
    auto us = run({"search", "U.S."});
    EXPECT_EQ(us.exit_code, 0) << us.err;
}

TEST_F(CliTest, NoMatchesIsNotAnError) {
    ingest_sample();
    auto r = run({"search", "xylophone"});
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_TRUE(r.out.empty());
    EXPECT_NE(r.err.find("no matches"), std::string::npos);
}

TEST_F(CliTest, ShowByIdAndPathWithCitationMarks) {
    ingest_sample();
    auto r = run({"show", "1"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find(kTitle), std::string::npos);
    EXPECT_NE(r.out.find("Pakistan.[1]"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("Dilara Aslan"), std::string::npos);
    auto by_path = run({"show", test::fixture(kSample).string(), "--format", "json"});
    ASSERT_EQ(by_path.exit_code, 0) << by_path.err;
    auto j = nlohmann::json::parse(by_path.out);
    EXPECT_EQ(j["title"], kTitle);
    EXPECT_EQ(j["paragraphs"].size(), 7u);
    EXPECT_EQ(j["footnotes"].size(), 4u);

    auto plain = run({"show", "1", "--format", "plain"});
    ASSERT_EQ(plain.exit_code, 0) << plain.err;
    EXPECT_EQ(plain.out.rfind(std::string(kTitle) + "\n\nOn 14 February", 0), 0u) << plain.out.substr(0, 120);
    EXPECT_TRUE(plain.out.ends_with("(NSTP).\n"));
    EXPECT_EQ(plain.out.find("[1]"), std::string::npos);
    EXPECT_EQ(plain.out.find("Dilara"), std::string::npos);
}

TEST_F(CliTest, ShowMissingArticleExitsThree) {
    ingest_sample();
    auto r = run({"show", "42"});
    EXPECT_EQ(r.exit_code, 3);
    EXPECT_NE(r.err.find("no article"), std::string::npos);
}

TEST_F(CliTest, ExportWritesEveryMatchAsValidCsvAndJsonl) {
    ingest_sample();
    auto n = run({"search", "Pakistan", "--format", "json", "--limit", "1000", "--within", "passage"});
    const auto expected = nlohmann::json::parse(n.out).at("results").size();

    fs::path out = dir / "out.jsonl";
    auto r = run({"export", "Pakistan", "--format", "jsonl", "--unit", "passage", "-o", out.string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    std::istringstream lines(test::read_file(out));
    std::size_t count = 0;
    for (std::string line; std::getline(lines, line);) {
        auto row = nlohmann::json::parse(line);
        EXPECT_EQ(row["query"], "Pakistan");
        EXPECT_TRUE(row.contains("path"));
        EXPECT_TRUE(row.contains("score"));
        ++count;
    }
    EXPECT_EQ(count, expected);

    auto csv = run({"export", "Pakistan", "--format", "csv"});
    EXPECT_EQ(csv.exit_code, 0);
    EXPECT_NE(csv.out.find("\r\n"), std::string::npos);
    auto md = run({"export", "Pakistan", "--format", "markdown"});
    EXPECT_EQ(md.exit_code, 0);
    EXPECT_NE(md.out.find("# "), std::string::npos);
}

TEST_F(CliTest, StatsCountsTheSample) {
    ingest_sample();
    auto r = run({"stats", "--format", "json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["articles"], 1);
    EXPECT_EQ(j["paragraphs"], 7);
    EXPECT_EQ(j["footnotes"], 4);
    EXPECT_EQ(j["citations"], 4);
    auto t = run({"stats"});
    EXPECT_NE(t.out.find("articles"), std::string::npos);
}

TEST_F(CliTest, CheckPassesOnAFreshArchive) {
    ingest_sample();
    auto r = run({"check"});
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
}

TEST_F(CliTest, PartialIngestFailureExitsFourAndKeepsTheGoodFiles) {
    test::write_file(dir / "in" / "good.txt", "Good headline\n\nA perfectly fine paragraph about walruses.\n");
    test::write_file(dir / "in" / "bad.txt", std::string("\x7f" "ELF\x02\x01\x01\0\0\0", 10));
    auto r = run({"ingest", (dir / "in").string()});
    EXPECT_EQ(r.exit_code, 4);
    EXPECT_NE(r.err.find("bad.txt"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("1 added, 0 replaced, 0 unchanged, 1 failed"), std::string::npos) << r.err;
    EXPECT_EQ(run({"search", "walruses"}).exit_code, 0);
    EXPECT_NE(run({"search", "walruses"}).out.find("Good headline"), std::string::npos);
}

// A re-run counts the remembered failure without reading the unchanged file
// (schema 005) or printing it again, and exits 0: it is no new failure
// (tests/e2e/reports_test.cpp has the exact lines); --checksum reads it.
TEST_F(CliTest, RerunCountsARememberedFailureAndExitsZero) {
    const fs::path bad = dir / "in" / "bad.txt";
    test::write_file(bad, std::string("\x7f" "ELF\x02\x01\x01\0\0\0", 10));
    fs::last_write_time(bad, fs::file_time_type::clock::now() - std::chrono::hours(1));  // old enough to stamp
    auto first = run({"ingest", (dir / "in").string()});
    EXPECT_EQ(first.exit_code, 4);
    EXPECT_EQ(first.err.find("not read again"), std::string::npos) << first.err;
    auto again = run({"ingest", (dir / "in").string()});
    EXPECT_EQ(again.exit_code, 0);
    EXPECT_EQ(again.err.find("bad.txt"), std::string::npos) << again.err;
    EXPECT_NE(again.err.find("0 added, 0 replaced, 0 unchanged, 1 failed"), std::string::npos) << again.err;
    EXPECT_NE(again.err.find("1 failure remembered from earlier runs"), std::string::npos) << again.err;
    auto verbose = run({"ingest", "--verbose", (dir / "in").string()});
    EXPECT_NE(verbose.err.find("bad.txt"), std::string::npos) << verbose.err;
    EXPECT_NE(verbose.err.find("not read again"), std::string::npos) << verbose.err;
    auto checksum = run({"ingest", "--checksum", (dir / "in").string()});
    EXPECT_EQ(checksum.exit_code, 4);
    EXPECT_EQ(checksum.err.find("not read again"), std::string::npos) << checksum.err;
}

TEST_F(CliTest, StdinIngest) {
    auto r = run({"ingest", "-"}, "Piped headline\n\nA paragraph that came through a pipe about narwhals.\n");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(run({"search", "narwhals"}).out.find("Piped headline"), std::string::npos);
}

TEST_F(CliTest, ReadCommandsWithoutAnArchiveExitThree) {
    for (auto args : std::vector<std::vector<std::string>>{{"search", "x"}, {"stats"}, {"show", "1"}}) {
        auto r = run(args);
        EXPECT_EQ(r.exit_code, 3) << args[0];
        EXPECT_NE(r.err.find("newsdb ingest"), std::string::npos) << r.err;
    }
    EXPECT_FALSE(fs::exists(db));
}

TEST_F(CliTest, UnusableArchivesExitFive) {
    test::write_file(db, "this is a text file, not a database, and long enough to have a header........");
    auto r = run({"stats"});
    EXPECT_EQ(r.exit_code, 5) << r.err;
    EXPECT_NE(r.err.find("not an SQLite database"), std::string::npos) << r.err;

    fs::remove(db);
    ingest_sample();
    { SQLite::Database raw(db, SQLite::OPEN_READWRITE); raw.exec("PRAGMA user_version = 77"); }
    auto newer = run({"search", "drones"});
    EXPECT_EQ(newer.exit_code, 5);
    EXPECT_NE(newer.err.find("newer newsdb"), std::string::npos) << newer.err;
}

TEST_F(CliTest, ArchiveLocationFromEnvironment) {
    const std::string env_db = (dir / "env" / "from-env.db").string();
    auto r = test::run_newsdb({"ingest", test::fixture(kSample).string()}, dir, {}, {"NEWSDB_DB=" + env_db});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(fs::exists(env_db));
    auto d = test::run_newsdb({"stats"}, dir, {}, {"HOME=" + dir.path().string(), "XDG_DATA_HOME="});
    EXPECT_EQ(d.exit_code, 3) << "default archive under HOME does not exist yet";
    EXPECT_NE(d.err.find(".local/share/newsdb/archive.db"), std::string::npos) << d.err;
}

TEST_F(CliTest, BundledDataIngestsCleanly) {
    auto r = run({"ingest", (test::source_dir() / "data").string()});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    auto s = nlohmann::json::parse(run({"stats", "--format", "json"}).out);
    EXPECT_GT(s["articles"].get<int>(), 10);
    EXPECT_EQ(run({"check"}).exit_code, 0);
}

TEST_F(CliTest, OptimizeRanksCommonWordsAheadAndStatsSaysWhenTheyAreStale) {
    ingest_sample();
    const auto before = run({"search", "turkey", "--format", "jsonl"});
    ASSERT_EQ(before.exit_code, 0) << before.err;

    auto r = run({"optimize", "--min-matches", "3", "--words", "5"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("merged into one segment"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("ranked ahead  5 words: "), std::string::npos) << r.out;
    EXPECT_EQ(run({"search", "turkey", "--format", "jsonl"}).out, before.out);
    EXPECT_NE(run({"stats"}).out.find("ranked      5 common words ahead (current)"), std::string::npos);

    auto more = run({"ingest", test::fixture("markdown/gfm_footnotes.md").string()});
    ASSERT_EQ(more.exit_code, 0) << more.err;
    EXPECT_NE(more.err.find("the 5 common words ranked by `newsdb optimize` are out of date"), std::string::npos)
        << more.err;
    EXPECT_EQ(run({"ingest", test::fixture("markdown/gfm_footnotes.md").string()}).err.find("out of date"),
              std::string::npos) << "nothing changed: no word to rank again";
    const auto stats = run({"stats", "--format", "json"});
    EXPECT_NE(stats.out.find("\"top_hit_words\": 5, \"top_hit_words_current\": 0"), std::string::npos) << stats.out;
    EXPECT_NE(run({"stats"}).out.find("out of date"), std::string::npos);

    EXPECT_EQ(run({"-q", "optimize"}).out, "");
    EXPECT_EQ(run({"optimize", "--words", "-1"}).exit_code, 2);
}

} // namespace
} // namespace newsdb
