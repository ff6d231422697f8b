// The tokenizer through the real Archive: what an ingested archive finds, and
// the index following the tokenizer's version (rebuilt on open, with progress),
// schema upgrades, and the loadable extension in the stock sqlite3 shell.
#include <gtest/gtest.h>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <cstdlib>
#include <map>
#include <utility>
#include <vector>

#include "newsdb/archive.hpp"
#include "store/connection.hpp"
#include "old_archive.hpp"
#include "test_support.hpp"
#include "tokenizer/tokenizer.hpp"

namespace newsdb {
namespace {

using test::TempDir;
namespace fs = std::filesystem;

// Long enough for the language detector to be sure it is English.
constexpr const char* kEnglishArticle =
    "Pakistan and Turkey sign defence agreements\n\n"
    "On Friday the governments of Turkey and Pakistan signed thirteen agreements across a number of "
    "areas, including defence, research and development, and industrial cooperation.\n\n"
    "During a joint press conference in Islamabad, President Erdoğan said that military and defence "
    "industry ties were the most important aspect of the relationship between the two countries.\n\n"
    "The delegation later travelled to Łódź for a trade fair, where the companies showed their newest "
    "drones and helicopters to visitors from across the region.\n";

using Progress = std::vector<std::pair<int64_t, int64_t>>;

class ArchiveIndexTest : public ::testing::Test {
protected:
    TempDir dir;
    fs::path db_path = dir / "archive.db";

    void ingest_sample() {
        fs::path file = dir / "in" / "defence.txt";
        test::write_file(file, kEnglishArticle);
        Archive a = Archive::open(db_path, OpenMode::read_write);
        IngestOptions options;
        options.jobs = 1;
        IngestSummary s = a.ingest({file}, options, {});
        ASSERT_EQ(s.added, 1);
    }

    static size_t hits(Archive& a, const std::string& query) {
        SearchOptions o;
        o.query = query;
        o.limit = 0;
        o.unit = SearchUnit::passage;
        return a.search(o).hits.size();
    }

    std::string recorded_version() {
        SQLite::Database db(db_path.string(), SQLite::OPEN_READONLY);
        return db.execAndGet("SELECT value FROM settings WHERE key = 'tokenizer_version'").getString();
    }

    static int64_t passages(const fs::path& path) {
        SQLite::Database db(path.string(), SQLite::OPEN_READONLY);
        return db.execAndGet("SELECT count(*) FROM passages").getInt64();
    }
};

TEST_F(ArchiveIndexTest, IngestedArticleIsFoundByFoldedAndStemmedWords) {
    ingest_sample();
    Archive a = Archive::open(db_path, OpenMode::read_write);
    EXPECT_EQ(hits(a, "erdogan"), 1u);
    EXPECT_EQ(hits(a, "Erdoğan"), 1u);
    EXPECT_EQ(hits(a, "lodz"), 1u);
    EXPECT_EQ(hits(a, "agreement"), 2u);  // the title and the first paragraph
    EXPECT_EQ(hits(a, "Defence"), hits(a, "defence"));
    EXPECT_EQ(recorded_version(), tokenizer::tokenizer_version());
    EXPECT_EQ(a.check_integrity(), std::vector<std::string>{});
}

TEST_F(ArchiveIndexTest, ChangedTokenizerVersionRebuildsTheIndexOnOpenWithProgress) {
    ingest_sample();
    {
        // Another tokenizer's version, and an empty index: only a rebuild makes searches work.
        SQLite::Database db(db_path.string(), SQLite::OPEN_READWRITE);
        store::prepare_connection(db);
        db.exec("UPDATE settings SET value = 'newsdb-0 older' WHERE key = 'tokenizer_version'");
        db.exec("INSERT INTO passages_fts(passages_fts) VALUES ('delete-all')");
    }
    Progress progress;
    Archive a = Archive::open(db_path, OpenMode::read_write,
                              [&](int64_t done, int64_t total) { progress.emplace_back(done, total); });
    const int64_t total = passages(db_path);
    ASSERT_GE(progress.size(), 2u);
    EXPECT_EQ(progress.front(), std::make_pair(int64_t{0}, total));
    EXPECT_EQ(progress.back(), std::make_pair(total, total));
    EXPECT_EQ(recorded_version(), tokenizer::tokenizer_version());
    EXPECT_EQ(hits(a, "erdogan"), 1u);
    EXPECT_EQ(hits(a, "agreement"), 2u);
    EXPECT_EQ(a.check_integrity(), std::vector<std::string>{});

    // Current now: opening again does not rebuild.
    progress.clear();
    Archive again = Archive::open(db_path, OpenMode::read_write,
                                  [&](int64_t done, int64_t all) { progress.emplace_back(done, all); });
    EXPECT_TRUE(progress.empty());
}

TEST_F(ArchiveIndexTest, ReadOnlyOpenOfAStaleIndexRebuildsItFirst) {
    ingest_sample();
    {
        SQLite::Database db(db_path.string(), SQLite::OPEN_READWRITE);
        db.exec("UPDATE settings SET value = 'newsdb-0 older' WHERE key = 'tokenizer_version'");
        db.exec("DELETE FROM settings");
    }
    int calls = 0;
    Archive a = Archive::open(db_path, OpenMode::read_only, [&](int64_t, int64_t) { ++calls; });
    EXPECT_GT(calls, 0);
    EXPECT_EQ(hits(a, "lodz"), 1u);
    EXPECT_EQ(recorded_version(), tokenizer::tokenizer_version());
}

TEST_F(ArchiveIndexTest, ArchiveOfSchemaTwoIsUpgradedAndIndexed) {
    {
        SQLite::Database db = test::create_archive_at_schema(db_path, 2);
        db.exec("INSERT INTO articles (id, content_hash, title, format, byte_size, ingested_at, language) "
                "VALUES (1, 'h1', 'Straße', 'text', 10, '2020-01-01T00:00:00Z', 'de')");
        db.exec("INSERT INTO passages (article_id, kind, position, text) VALUES "
                "(1, 'title', 0, 'Die Straße'), (1, 'paragraph', 1, 'Die Häuser in Łódź')");
    }
    Progress progress;
    Archive a = Archive::open(db_path, OpenMode::read_write,
                              [&](int64_t done, int64_t total) { progress.emplace_back(done, total); });
    ASSERT_FALSE(progress.empty());
    EXPECT_EQ(progress.back(), std::make_pair(int64_t{2}, int64_t{2}));
    EXPECT_EQ(hits(a, "strasse"), 1u);
    EXPECT_EQ(hits(a, "haus"), 1u);  // German stems: the article said it is German
    EXPECT_EQ(hits(a, "lodz"), 1u);
    EXPECT_EQ(a.check_integrity(), std::vector<std::string>{});
    // Schemas 006 and 008 on the way: the index's in-memory segment size.
    SQLite::Database db(db_path.string(), SQLite::OPEN_READONLY);
    EXPECT_EQ(db.execAndGet("SELECT v FROM passages_fts_config WHERE k = 'hashsize'").getInt64(), 16777216);
    EXPECT_EQ(db.execAndGet("SELECT v FROM passages_fts_config WHERE k = 'automerge'").getInt64(), 8);
}

// An archive of schema 8 whose index holds tokenizer revision 1's tokens
// (which read "$3.5" as "3.5" and had no "c++"): upgraded to schema 11 and
// re-indexed on open, it finds what today's tokenizer finds.
TEST_F(ArchiveIndexTest, ArchiveOfSchemaEightAndTokenizerOneIsUpgradedAndReindexed) {
    std::string revision_one = tokenizer::tokenizer_version();
    revision_one.replace(0, revision_one.find(' '), "newsdb-1");
    {
        SQLite::Database db = test::create_archive_at_schema(db_path, 8);
        db.exec("INSERT INTO articles (id, content_hash, title, format, byte_size, ingested_at, language) VALUES "
                "(1, 'h1', 'Aid', 'text', 10, '2020-01-01T00:00:00Z', 'en'), "
                "(2, 'h2', 'Wahl', 'text', 10, '2020-01-01T00:00:00Z', 'de')");
        db.exec("INSERT INTO passages (article_id, kind, position, text) VALUES "
                "(1, 'paragraph', 1, 'The donors pledged $3.5 billion.'), (1, 'paragraph', 2, 'Jobless at 3.5 pct.'), "
                "(1, 'paragraph', 3, 'Written in C++.'), (2, 'paragraph', 1, 'Österreich wählt.')");
        // Revision 1's tokens are today's for the texts without the symbols
        // and letters it did not know.
        db.exec("INSERT INTO passages_fts(passages_fts) VALUES ('delete-all')");
        db.exec("INSERT INTO passages_fts(rowid, text) SELECT id, replace(replace(text, '$', ''), '++', '') "
                "FROM passages_fts_src WHERE id < 4");
        db.exec("INSERT INTO passages_fts(rowid, text) SELECT id, 'de' || char(31) || 'Osterreich wahlt.' "
                "FROM passages WHERE id = 4");
        SQLite::Statement record(db, "INSERT INTO settings(key, value) VALUES ('tokenizer_version', ?)");
        record.bind(1, revision_one);
        record.exec();
        EXPECT_EQ(db.execAndGet("SELECT count(*) FROM passages_fts WHERE passages_fts MATCH '\"$3.5\"'").getInt(), 0);
    }
    Progress progress;
    Archive a = Archive::open(db_path, OpenMode::read_write,
                              [&](int64_t done, int64_t total) { progress.emplace_back(done, total); });
    ASSERT_FALSE(progress.empty());
    EXPECT_EQ(progress.back(), std::make_pair(int64_t{4}, int64_t{4}));
    EXPECT_EQ(a.stats().schema_version, latest_schema_version());
    EXPECT_EQ(recorded_version(), tokenizer::tokenizer_version());
    EXPECT_EQ(hits(a, "$3.5"), 1u);
    EXPECT_EQ(hits(a, "3.5"), 2u);
    EXPECT_EQ(hits(a, "C++"), 1u);
    EXPECT_EQ(hits(a, "oesterreich"), 1u);
    EXPECT_EQ(a.check_integrity(), std::vector<std::string>{});
    SQLite::Database db(db_path.string(), SQLite::OPEN_READONLY);
    store::prepare_connection(db);
    EXPECT_EQ(db.execAndGet("SELECT highlight FROM passages_search WHERE passages_search MATCH 'oesterreich'")
                  .getString(),
              "**Österreich** wählt.");
}

// passages_search (schema 11) gives other tools newsdb's own snippets, without
// the language tag the index reads before each passage.
TEST_F(ArchiveIndexTest, PassagesSearchGivesNewsdbsSnippetsWithoutTheLanguageTag) {
    ingest_sample();
    Archive a = Archive::open(db_path, OpenMode::read_write);
    SearchOptions o;
    o.query = "pakistan";
    o.limit = 0;
    o.unit = SearchUnit::passage;
    std::map<int64_t, std::string> expected;
    for (const SearchHit& h : a.search(o).hits) {
        ASSERT_EQ(h.passages.size(), 1u);
        std::string snippet;
        for (char c : h.passages[0].snippet)
            snippet += c == kMatchStart || c == kMatchEnd ? std::string("**") : std::string(1, c);
        expected[h.passages[0].passage_id] = snippet;
    }
    SQLite::Database db(db_path.string(), SQLite::OPEN_READONLY);
    store::prepare_connection(db);
    SQLite::Statement st(db, "SELECT passage_id, snippet, highlight FROM passages_search "
                             "WHERE passages_search MATCH 'pakistan'");
    std::map<int64_t, std::string> got;
    while (st.executeStep()) {
        got[st.getColumn(0).getInt64()] = st.getColumn(1).getString();
        EXPECT_EQ(st.getColumn(2).getString().find('\x1F'), std::string::npos) << st.getColumn(2).getString();
    }
    EXPECT_EQ(got, expected);
    // The title starts with the word: FTS5's own snippet() starts with the tag there.
    ASSERT_GE(expected.size(), 2u);
    EXPECT_EQ(expected.begin()->second, "**Pakistan** and Turkey sign defence agreements");
}

TEST_F(ArchiveIndexTest, StockSqliteShellQueriesTheArchiveWithTheExtension) {
    const fs::path module = fs::path(NEWSDB_BINARY).parent_path() / "libnewsdb_fts5.so";
    if (std::system("command -v sqlite3 >/dev/null 2>&1") != 0) GTEST_SKIP() << "no sqlite3 shell installed";
    if (!fs::exists(module)) GTEST_SKIP() << "no " << module << " (build the newsdb_fts5 target)";
#if defined(__SANITIZE_ADDRESS__)
    // An ASan-built extension cannot be loaded into the uninstrumented shell.
    GTEST_SKIP() << "sanitizer build: the stock sqlite3 shell cannot load an ASan-built extension";
#endif

    test::write_file(dir / "in" / "defence.txt", kEnglishArticle);
    auto r = test::run_newsdb({"--db", db_path.string(), "ingest", (dir / "in").string()}, dir);
    ASSERT_EQ(r.exit_code, 0) << r.err;

    const fs::path out = dir / "shell.out";
    const std::string cmd = "sqlite3 -bail -cmd " + test::shell_quote(".load " + (module.parent_path() / "libnewsdb_fts5").string()) +
                            " " + test::shell_quote(db_path.string()) +
                            " \"SELECT count(*) FROM passages_fts WHERE passages_fts MATCH 'erdogan';"
                            " SELECT count(*) FROM passages_fts WHERE passages_fts MATCH 'lodz AND drone';"
                            " INSERT INTO passages_fts(passages_fts, rank) VALUES ('integrity-check', 1);\" >" +
                            test::shell_quote(out.string()) + " 2>&1";
    EXPECT_EQ(std::system(cmd.c_str()), 0) << test::read_file(out);
    EXPECT_EQ(test::read_file(out), "1\n1\n");
}

} // namespace
} // namespace newsdb
