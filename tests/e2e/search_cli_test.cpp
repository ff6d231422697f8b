// End-to-end: `newsdb search` and `newsdb export` as a reader uses them
// (issue 21): articles found by words in different passages, the totals,
// what matched nothing, tags, citable rows and the format from the file name.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <sstream>
#include <string>
#include <vector>

#include "test_support.hpp"

namespace newsdb {
namespace {

using test::CommandResult;
using test::TempDir;
namespace fs = std::filesystem;

class SearchCliTest : public ::testing::Test {
protected:
    TempDir dir;
    std::string db = (dir / "archive.db").string();

    CommandResult run(std::vector<std::string> args) {
        args.insert(args.begin(), {"--db", db});
        return test::run_newsdb(args, dir);
    }

    void SetUp() override {
        // 1: the words of a topic in different paragraphs; 2: tagged, with the
        // fields a citation needs; 3: the words together in one paragraph.
        test::write_file(dir / "in" / "1-tracking.txt",
                         "Facebook is watching\n\nBy Ann Lee\n2016-05-01\n\n"
                         "The social network follows people across the web.\n\n"
                         "It keeps tracking them through buttons on other sites.\n\n"
                         "Privacy advocates have complained for years.\n");
        test::write_file(dir / "in" / "2-grain.md",
                         "---\ntitle: Grain exports rise\nauthor: Jane Doe\nsource: Farm Weekly\n"
                         "url: https://example.org/grain\ndate: 2020-03-04\nlang: en\n"
                         "tags: [place:usa, topic:grain]\n---\n\nWheat shipments rose in March.\n\n"
                         "Privacy of farm data was not discussed.\n");
        test::write_file(dir / "in" / "3-together.txt",
                         "Browser notes\n\nFacebook tracking raises privacy questions for every reader.\n");
        const auto r = run({"ingest", (dir / "in").string()});
        ASSERT_EQ(r.exit_code, 0) << r.err;
    }

    static std::vector<nlohmann::json> lines(const std::string& text) {
        std::vector<nlohmann::json> out;
        std::istringstream in(text);
        for (std::string line; std::getline(in, line);) out.push_back(nlohmann::json::parse(line));
        return out;
    }
};

TEST_F(SearchCliTest, ArticlesAreFoundByWordsInDifferentPassages) {
    const auto r = run({"search", "facebook tracking privacy"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out.rfind("2 of 2 articles (4 passages)\n\n1. Browser notes\n   article 3 · score ", 0), 0u) << r.out;
    EXPECT_NE(r.out.find("\n2. Facebook is watching · 2016-05-01\n   article 1 · score "), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("   paragraph 3: **Privacy** advocates have complained for years.\n"), std::string::npos)
        << r.out;
    EXPECT_EQ(r.err, "");
}

TEST_F(SearchCliTest, PassageLevelMatchingStaysAvailable) {
    const auto r = run({"search", "facebook tracking privacy", "--within", "passage"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, "1 of 1 passage (1 article)\n\n1. Browser notes\n   paragraph 1 · article 3 · score " +
                         r.out.substr(r.out.find("score ") + 6, 4) +
                         "\n   **Facebook** **tracking** raises **privacy** questions for every reader.\n");
    const auto none = run({"search", "facebook privacy march", "--within", "passage"});
    EXPECT_EQ(none.exit_code, 0);
    EXPECT_EQ(none.out, "");
    EXPECT_EQ(none.err,
              "no matches for facebook privacy march\n"
              "  facebook: 2 articles\n"
              "  privacy: 3 articles\n"
              "  march: 1 article\n"
              "  every part matches, but no article holds them all\n");
    const auto apart = run({"search", "tracking advocates", "--within", "passage"});
    EXPECT_EQ(apart.err,
              "no matches for tracking advocates\n"
              "  tracking: 2 articles\n"
              "  advocates: 1 article\n"
              "  no passage holds them all, but 1 article does in different passages: search without "
              "--within passage\n");
    EXPECT_EQ(run({"search", "x", "--within", "paragraph"}).exit_code, 2);
}

TEST_F(SearchCliTest, NoMatchesSaysWhichWordsMatchedNothing) {
    const auto r = run({"search", "facebook xylophone \"social network\""});
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err,
              "no matches for facebook xylophone \"social network\"\n"
              "  facebook: 2 articles\n"
              "  xylophone: 0 articles\n"
              "  \"social network\": 1 article\n");
    const auto one = run({"search", "xylophone"});
    EXPECT_EQ(one.err, "no matches for xylophone\n") << "one word: nothing to tell apart";
    EXPECT_EQ(run({"-q", "search", "facebook xylophone"}).err, "");
}

TEST_F(SearchCliTest, EverySearchReportsTheTotals) {
    const auto text = run({"search", "privacy", "--limit", "2"});
    EXPECT_EQ(text.out.rfind("2 of 3 articles (3 passages)\n\n", 0), 0u) << text.out;
    const auto page = run({"search", "privacy", "--limit", "2", "--offset", "2"});
    EXPECT_EQ(page.out.rfind("3 of 3 articles (3 passages)\n\n3. ", 0), 0u) << page.out;

    const auto json = run({"search", "privacy", "--limit", "1", "--format", "json"});
    ASSERT_EQ(json.exit_code, 0) << json.err;
    const auto doc = nlohmann::json::parse(json.out);
    EXPECT_EQ(doc.at("total"), (nlohmann::json{{"articles", 3}, {"passages", 3}}));
    EXPECT_EQ(doc.at("unit"), "article");
    EXPECT_EQ(doc.at("results").size(), 1u);
    EXPECT_EQ(json.err, "");

    const auto jsonl = run({"search", "privacy", "--format", "jsonl"});
    EXPECT_EQ(lines(jsonl.out).size(), 3u);
    EXPECT_EQ(jsonl.err, "3 of 3 articles (3 passages)\n") << "for the person; the rows stay rows";
    EXPECT_EQ(run({"search", "privacy", "--format", "csv"}).err, "3 of 3 articles (3 passages)\n");
    EXPECT_EQ(run({"-q", "search", "privacy", "--format", "csv"}).err, "");
    const auto md = run({"search", "privacy", "--format", "markdown"});
    EXPECT_EQ(md.out.rfind("# Search results for \"privacy\"\n\n3 of 3 articles (3 passages)\n", 0), 0u) << md.out;

    EXPECT_EQ(run({"search", "privacy", "--count"}).out, "3 articles (3 passages)\n");
    EXPECT_EQ(run({"search", "privacy", "--count", "--within", "passage"}).out, "3 passages (3 articles)\n");
    EXPECT_EQ(run({"search", "privacy", "--count", "--format", "json"}).out, "{\"articles\":3,\"passages\":3}\n");
    EXPECT_EQ(run({"search", "facebook", "--count", "--format", "csv"}).out, "articles,passages\r\n2,2\r\n");
    EXPECT_EQ(run({"search", "xylophone", "--count"}).out, "0 articles (0 passages)\n");
}

TEST_F(SearchCliTest, TagsCanBeSearchedShownAndExported) {
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"search", "privacy tag:place:usa"}, {"search", "privacy", "--tag", "USA"},
          {"search", "tag:grain"}}) {
        const auto r = run(args);
        ASSERT_EQ(r.exit_code, 0) << r.err;
        EXPECT_EQ(r.out.rfind("1 of 1 article", 0), 0u) << args[1] << ": " << r.out;
        EXPECT_NE(r.out.find("1. Grain exports rise — Farm Weekly · 2020-03-04"), std::string::npos) << r.out;
    }
    EXPECT_EQ(run({"search", "privacy tag:topic:wheat"}).out, "");
    const auto show = run({"show", "2"});
    EXPECT_NE(show.out.find("\ntags:         place:usa, topic:grain\n"), std::string::npos) << show.out;
    const auto exported = lines(run({"export", "tag:usa"}).out);
    ASSERT_EQ(exported.size(), 1u);
    EXPECT_EQ(exported[0].at("tags"), (nlohmann::json{"place:usa", "topic:grain"}));
    const auto unknown = run({"search", "tags:grain"});
    EXPECT_EQ(unknown.exit_code, 2);
    EXPECT_NE(unknown.err.find("(the fields are title:, source:, author:, publisher:, date:, lang:, kind:, tag:)"),
              std::string::npos)
        << unknown.err;
}

TEST_F(SearchCliTest, ExportRowsCarryWhatACitationNeeds) {
    const auto articles = run({"export", "wheat"});
    ASSERT_EQ(articles.exit_code, 0) << articles.err;
    EXPECT_EQ(articles.err, "exported 1 article (1 passage)\n");
    const auto rows = lines(articles.out);
    ASSERT_EQ(rows.size(), 1u);
    const auto& a = rows[0];
    EXPECT_EQ(a.at("query"), "wheat");
    EXPECT_EQ(a.at("rank"), 1);
    EXPECT_EQ(a.at("article_id"), 2);
    EXPECT_EQ(a.at("title"), "Grain exports rise");
    EXPECT_EQ(a.at("url"), "https://example.org/grain");
    EXPECT_EQ(a.at("author"), "Jane Doe");
    EXPECT_EQ(a.at("date"), "2020-03-04");
    EXPECT_EQ(a.at("source"), "Farm Weekly");
    EXPECT_EQ(a.at("language"), "en");
    EXPECT_EQ(a.at("path"), (dir / "in" / "2-grain.md").string());
    EXPECT_TRUE(a.at("score").is_number());
    ASSERT_EQ(a.at("passages").size(), 1u);
    const auto& p = a.at("passages")[0];
    EXPECT_GT(p.at("passage_id").get<int64_t>(), 0);
    EXPECT_EQ(p.at("kind"), "paragraph");
    EXPECT_EQ(p.at("position"), 1);
    EXPECT_EQ(p.at("text"), "Wheat shipments rose in March.");
    EXPECT_EQ(p.at("snippet"), "**Wheat** shipments rose in March.");

    const auto passages = run({"export", "privacy", "--unit", "passage"});
    EXPECT_EQ(passages.err, "exported 3 passages (3 articles)\n");
    const auto prow = lines(passages.out);
    ASSERT_EQ(prow.size(), 3u);
    for (const char* field : {"query", "rank", "article_id", "passage_id", "title", "url", "author", "date", "source",
                              "language", "tags", "path", "kind", "position", "score", "text", "snippet"})
        EXPECT_TRUE(prow[0].contains(field)) << field;
}

TEST_F(SearchCliTest, TheOutputFileNamesTheFormat) {
    const fs::path csv = dir / "results.csv";
    auto r = run({"export", "privacy", "-o", csv.string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const std::string written = test::read_file(csv);
    EXPECT_EQ(written.rfind("query,rank,article_id,passage_id,title,url,author,date,source,language,tags,path,kind,"
                            "position,score,passage_score,text,snippet\r\n",
                            0),
              0u)
        << written.substr(0, 200);

    const fs::path json = dir / "results.JSON";
    ASSERT_EQ(run({"export", "privacy", "-o", json.string()}).exit_code, 0);
    EXPECT_EQ(nlohmann::json::parse(test::read_file(json)).at("total").at("articles"), 3);

    const fs::path md = dir / "notes.md";
    ASSERT_EQ(run({"export", "privacy", "-o", md.string()}).exit_code, 0);
    EXPECT_EQ(test::read_file(md).rfind("# Search results for \"privacy\"\n", 0), 0u);

    const fs::path wins = dir / "rows.csv";
    ASSERT_EQ(run({"export", "privacy", "-o", wins.string(), "--format", "jsonl"}).exit_code, 0);
    EXPECT_EQ(lines(test::read_file(wins)).size(), 3u) << "--format wins over the extension";

    const fs::path bad = dir / "results.xlsx";
    r = run({"export", "privacy", "-o", bad.string()});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, "newsdb: cannot tell the format of '" + bad.string() +
                         "': .xlsx is not a format newsdb writes\n  name the file .csv, .json, .jsonl (or .ndjson), .md "
                         "(or .markdown) or .txt, or give --format csv, json, jsonl, markdown or text\n");
    EXPECT_FALSE(fs::exists(bad));
    r = run({"export", "privacy", "-o", (dir / "results").string()});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("it has no extension"), std::string::npos) << r.err;
    EXPECT_EQ(lines(run({"export", "privacy"}).out).size(), 3u) << "standard output: JSON Lines";
}

} // namespace
} // namespace newsdb
