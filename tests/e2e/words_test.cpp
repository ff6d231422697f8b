// End-to-end: words people type (issue 21) through the real binary — symbols
// ($3.5, #MeToo, C++), German and Danish letters typed out — and the archive's
// clean snippets in the stock sqlite3 shell. Each search's hits are compared
// whole, in order, as "title: snippet" with newsdb's **marks**.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <sstream>
#include <string>
#include <vector>

#include "test_support.hpp"

namespace newsdb {
namespace {

using test::TempDir;
namespace fs = std::filesystem;
using Lines = std::vector<std::string>;

constexpr const char* kArticles =
    R"({"title": "Aid pledged", "language": "en", "text": "The donors pledged $3.5 billion in aid."}
{"title": "Jobless rate", "language": "en", "text": "Unemployment rose to 3.5 pct in January."}
{"title": "Reconstruction drive", "language": "en", "text": "A reconstruction drive worth $3.5bn was launched."}
{"title": "Hashtag campaign", "language": "en", "text": "The #MeToo campaign spread quickly."}
{"title": "Movement anniversary", "language": "en", "text": "MeToo marked its anniversary."}
{"title": "Engines", "language": "en", "text": "Gecko is written in C++ and Rust."}
{"title": "Supply chains", "language": "en", "text": "The C-SCRM community met; option C was chosen."}
{"title": "Tools", "language": "en", "text": "Scripts in C# and F# run on .NET."}
{"title": "Wien wählt", "language": "de", "text": "Österreich wählt ein neues Parlament in München an der Straße."}
{"title": "Vienna votes", "language": "en", "text": "Österreich is the German name; München hosts a fair."}
{"title": "Bahn", "language": "de", "text": "Der Zug nach Muenchen hat Verspaetung."}
{"title": "Rejse", "language": "da", "text": "Toget fra København til Århus kører hver time."}
)";

class WordsTest : public ::testing::Test {
protected:
    TempDir dir;
    std::string db = (dir / "archive.db").string();

    void SetUp() override {
        test::write_file(dir / "in" / "words.jsonl", kArticles);
        auto r = test::run_newsdb({"--db", db, "ingest", (dir / "in").string()}, dir);
        ASSERT_EQ(r.exit_code, 0) << r.err;
        // The ingest indexes from recorded tokens; FTS5's integrity check
        // tokenizes every passage again: the same index.
        auto check = test::run_newsdb({"--db", db, "check"}, dir);
        ASSERT_EQ(check.exit_code, 0) << check.out << check.err;
    }

    // `newsdb search --within passage QUERY`'s hits, in order: each passage on its own.
    Lines search(const std::string& query) {
        auto r = test::run_newsdb({"--db", db, "search", "--within", "passage", "--format", "jsonl", "--", query}, dir);
        EXPECT_EQ(r.exit_code, 0) << query << ": " << r.err;
        Lines out;
        std::istringstream in(r.out);
        for (std::string line; std::getline(in, line);) {
            const auto hit = nlohmann::json::parse(line);
            out.push_back(hit["title"].get<std::string>() + ": " + hit["snippet"].get<std::string>());
        }
        return out;
    }
};

TEST_F(WordsTest, DollarAmountFindsItWrittenSoAndNotEveryNumber) {
    EXPECT_EQ(search("$3.5"), (Lines{"Aid pledged: The donors pledged **$3.5** billion in aid.",
                                     "Reconstruction drive: A reconstruction drive worth **$3.5bn** was launched."}));
    // Without the sign: every 3.5, with a unit or a sign or neither.
    EXPECT_EQ(search("3.5"), (Lines{"Aid pledged: The donors pledged **$3.5** billion in aid.",
                                    "Jobless rate: Unemployment rose to **3.5** pct in January.",
                                    "Reconstruction drive: A reconstruction drive worth **$3.5bn** was launched."}));
    EXPECT_EQ(search("\"$3.5 billion\""), (Lines{"Aid pledged: The donors pledged **$3.5 billion** in aid."}));
}

TEST_F(WordsTest, HashtagFindsTheHashtagFirstThenTheWord) {
    EXPECT_EQ(search("#MeToo"), (Lines{"Hashtag campaign: The **#MeToo** campaign spread quickly.",
                                       "Movement anniversary: **MeToo** marked its anniversary."}));
    EXPECT_EQ(search("\"#MeToo campaign\""), (Lines{"Hashtag campaign: The **#MeToo campaign** spread quickly."}));
}

TEST_F(WordsTest, CPlusPlusAndCSharpAreNotTheLetterC) {
    EXPECT_EQ(search("C++"), (Lines{"Engines: Gecko is written in **C++** and Rust."}));
    EXPECT_EQ(search("C#"), (Lines{"Tools: Scripts in **C#** and F# run on .NET."}));
    EXPECT_EQ(search("F#"), (Lines{"Tools: Scripts in C# and **F#** run on .NET."}));
}

TEST_F(WordsTest, GermanAndDanishLettersTypedOutFindThemInThoseLanguagesOnly) {
    // The English passage writes the same words: only the German one is read the German way.
    EXPECT_EQ(search("oesterreich"),
              (Lines{"Wien wählt: **Österreich** wählt ein neues Parlament in München an der Straße."}));
    EXPECT_EQ(search("muenchen"),
              (Lines{"Bahn: Der Zug nach **Muenchen** hat Verspaetung.",
                     "Wien wählt: Österreich wählt ein neues Parlament in **München** an der Straße."}));
    EXPECT_EQ(search("strasse"),
              (Lines{"Wien wählt: Österreich wählt ein neues Parlament in München an der **Straße**."}));
    EXPECT_EQ(search("koebenhavn aarhus"), (Lines{"Rejse: Toget fra **København** til **Århus** kører hver time."}));
    // Written with the letters, both languages' passages match, as before,
    // and a German passage that typed the word out.
    EXPECT_EQ(search("München").size(), 3u);
    EXPECT_EQ(search("verspätung"), (Lines{"Bahn: Der Zug nach Muenchen hat **Verspaetung**."}));
}

TEST_F(WordsTest, StockSqliteShellShowsCleanSnippetsThroughPassagesSearch) {
    const fs::path module = fs::path(NEWSDB_BINARY).parent_path() / "libnewsdb_fts5.so";
    if (std::system("command -v sqlite3 >/dev/null 2>&1") != 0) GTEST_SKIP() << "no sqlite3 shell installed";
    if (!fs::exists(module)) GTEST_SKIP() << "no " << module << " (build the newsdb_fts5 target)";
#if defined(__SANITIZE_ADDRESS__)
    GTEST_SKIP() << "sanitizer build: the stock sqlite3 shell cannot load an ASan-built extension";
#endif
    const fs::path out = dir / "shell.out";
    const std::string sql =
        "SELECT title, snippet FROM passages_search WHERE passages_search MATCH 'aid OR oesterreich' ORDER BY rank;"
        "SELECT kind, highlight FROM passages_search WHERE passages_search MATCH '\"$3.5\"' ORDER BY passage_id;"
        // FTS5's own functions read the text with the language tag the tokenizer needs.
        "SELECT hex(substr(highlight(passages_fts, 0, '[', ']'), 1, 3)) FROM passages_fts WHERE passages_fts MATCH "
        "'aid' ORDER BY rowid LIMIT 1;";
    const std::string cmd = "sqlite3 -bail -cmd " +
                            test::shell_quote(".load " + (module.parent_path() / "libnewsdb_fts5").string()) + " " +
                            test::shell_quote(db) + " " + test::shell_quote(sql) + " >" +
                            test::shell_quote(out.string()) + " 2>&1";
    EXPECT_EQ(std::system(cmd.c_str()), 0) << test::read_file(out);
    EXPECT_EQ(test::read_file(out),
              "Aid pledged|**Aid** pledged\n"
              "Wien wählt|**Österreich** wählt ein neues Parlament in München an der Straße.\n"
              "Aid pledged|The donors pledged $3.5 billion in **aid**.\n"
              "paragraph|The donors pledged **$3.5** billion in aid.\n"
              "paragraph|A reconstruction drive worth **$3.5bn** was launched.\n"
              "656E1F\n");
}

} // namespace
} // namespace newsdb
