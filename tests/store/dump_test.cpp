// newsdb dump / restore: byte-identical round trips, merging, refusals that
// leave the archive as it was, and the version-1 fixture later versions must
// restore.
#include <gtest/gtest.h>

#include <SQLiteCpp/Database.h>

#include "newsdb/archive.hpp"
#include "newsdb/error.hpp"
#include "test_support.hpp"

namespace newsdb {
namespace {

using test::TempDir;
namespace fs = std::filesystem;

// Articles of every shape: footnotes with citation marks and boilerplate
// (the sample), tags and many articles per file with failed lines (JSON
// Lines), newswire tags (SGML).
void ingest_fixtures(Archive& archive, const TempDir& dir) {
    fs::copy_file(test::fixture("quwa-2020-02-pakistan-turkey-defence-ties.txt"), dir / "quwa.txt");
    fs::copy_file(test::fixture("json/lines.jsonl"), dir / "lines.jsonl");
    fs::copy_file(test::fixture("sgml/three_stories.sgm"), dir / "three.sgm");
    // Stamps are recorded only for files older than a few seconds.
    for (const char* name : {"quwa.txt", "lines.jsonl", "three.sgm"})
        fs::last_write_time(dir / name, fs::file_time_type::clock::now() - std::chrono::hours(1));
    archive.ingest({dir / "quwa.txt", dir / "lines.jsonl", dir / "three.sgm"}, IngestOptions{}, {});
}

std::string dump_text(Archive& archive, const fs::path& file) {
    archive.dump(file);
    return test::read_file(file);
}

// Everything stored, table by table, ids aside (for "the archive is as it was").
std::string fingerprint(const fs::path& db_path) {
    SQLite::Database db(db_path.string(), SQLite::OPEN_READONLY);
    std::string out;
    for (const char* table : {"articles", "article_paths", "passages", "footnotes", "citations", "boilerplate",
                              "article_tags", "originals", "failed_items"}) {
        SQLite::Statement st(db, std::string("SELECT * FROM ") + table + " ORDER BY 1, 2");
        while (st.executeStep()) {
            out += table;
            for (int i = 0; i < st.getColumnCount(); ++i)
                out += "|" + (st.getColumn(i).isNull() ? std::string("NULL") : st.getColumn(i).getString());
            out += "\n";
        }
    }
    return out;
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t nl = text.find('\n', start);
        lines.push_back(text.substr(start, nl - start));
        if (nl == std::string::npos) break;
        start = nl + 1;
    }
    return lines;
}

class DumpTest : public ::testing::Test {
protected:
    TempDir dir;
    fs::path source_db = dir / "source.db";
    fs::path copy_db = dir / "copy.db";
};

TEST_F(DumpTest, DumpRestoreDumpIsByteIdentical) {
    Archive source = Archive::open(source_db, OpenMode::read_write);
    ingest_fixtures(source, dir);
    const std::string first = dump_text(source, dir / "first.jsonl");
    Archive copy = Archive::open(copy_db, OpenMode::read_write);
    const RestoreSummary s = copy.restore(dir / "first.jsonl");
    EXPECT_EQ(s.articles_added, source.stats().articles);
    EXPECT_EQ(s.ids_changed, 0);
    EXPECT_EQ(dump_text(copy, dir / "second.jsonl"), first);
    EXPECT_TRUE(copy.check_integrity().empty());
    // The same searches, ids and articles.
    for (const char* q : {"erdogan", "\"defence industry\"", "ferries", "cocoa", "publisher:\"Daily Sabah\""}) {
        SearchOptions o;
        o.query = q;
        o.limit = 0;
        const auto a = source.search(o).hits, b = copy.search(o).hits;
        ASSERT_EQ(a.size(), b.size()) << q;
        for (std::size_t i = 0; i < a.size(); ++i) {
            EXPECT_EQ(a[i].article.id, b[i].article.id) << q;
            ASSERT_EQ(a[i].passages.size(), b[i].passages.size()) << q;
            for (std::size_t j = 0; j < a[i].passages.size(); ++j)
                EXPECT_EQ(a[i].passages[j].text, b[i].passages[j].text) << q;
        }
    }
    const auto original = source.article(1), restored = copy.article(1);
    ASSERT_TRUE(original && restored);
    EXPECT_EQ(original->article, restored->article);
    EXPECT_EQ(original->paths, restored->paths);
    EXPECT_EQ(source.original(1), copy.original(1));
}

TEST_F(DumpTest, ZstdWhenTheNameSaysSo) {
    Archive source = Archive::open(source_db, OpenMode::read_write);
    ingest_fixtures(source, dir);
    const std::string plain = dump_text(source, dir / "a.jsonl");
    const std::string packed = dump_text(source, dir / "a.jsonl.zst");
    ASSERT_GE(packed.size(), 4u);
    EXPECT_EQ(packed.substr(0, 4), std::string("\x28\xB5\x2F\xFD"));
    EXPECT_LT(packed.size(), plain.size());
    Archive copy = Archive::open(copy_db, OpenMode::read_write);
    copy.restore(dir / "a.jsonl.zst");
    EXPECT_EQ(dump_text(copy, dir / "b.jsonl"), plain);
}

TEST_F(DumpTest, RestoringTwiceChangesNothing) {
    Archive source = Archive::open(source_db, OpenMode::read_write);
    ingest_fixtures(source, dir);
    source.dump(dir / "d.jsonl");
    Archive copy = Archive::open(copy_db, OpenMode::read_write);
    copy.restore(dir / "d.jsonl");
    const std::string before = fingerprint(copy_db);
    const RestoreSummary again = copy.restore(dir / "d.jsonl");
    EXPECT_EQ(again.articles_added, 0);
    EXPECT_EQ(again.articles_present, source.stats().articles);
    EXPECT_EQ(again.paths_added, 0);
    EXPECT_EQ(again.originals_added, 0);
    EXPECT_EQ(again.failures_added, 0);
    EXPECT_EQ(fingerprint(copy_db), before);
}

TEST_F(DumpTest, MergesIntoAnArchiveByContentHash) {
    Archive source = Archive::open(source_db, OpenMode::read_write);
    ingest_fixtures(source, dir);
    source.dump(dir / "d.jsonl");
    // The other archive holds the sample at another path, and an article of its own first (id 1).
    Archive copy = Archive::open(copy_db, OpenMode::read_write);
    test::write_file(dir / "own.txt", "Own Story\n\nA paragraph about harbours and lighthouses.\n");
    fs::copy_file(test::fixture("quwa-2020-02-pakistan-turkey-defence-ties.txt"), dir / "elsewhere.txt");
    copy.ingest({dir / "own.txt", dir / "elsewhere.txt"}, IngestOptions{}, {});
    const RestoreSummary s = copy.restore(dir / "d.jsonl");
    EXPECT_EQ(s.articles_present, 1);
    EXPECT_EQ(s.articles_added, source.stats().articles - 1);
    EXPECT_GT(s.ids_changed, 0);
    EXPECT_EQ(copy.stats().articles, source.stats().articles + 1);
    const auto sample = copy.article_by_path(dir / "quwa.txt");
    ASSERT_TRUE(sample);
    EXPECT_EQ(sample->paths.size(), 2u);  // its own path and the dump's
    EXPECT_TRUE(copy.check_integrity().empty());
    EXPECT_EQ(test::hit_count(copy, "lighthouses"), 1);
    EXPECT_EQ(test::hit_count(copy, "cocoa"), test::hit_count(source, "cocoa"));
}

// Each way a dump can be damaged is refused with its line, and the archive is left as it was.
TEST_F(DumpTest, DamagedDumpsAreRefusedWithTheLineAndChangeNothing) {
    Archive source = Archive::open(source_db, OpenMode::read_write);
    ingest_fixtures(source, dir);
    const std::vector<std::string> lines = lines_of(dump_text(source, dir / "d.jsonl"));
    ASSERT_GT(lines.size(), 6u);
    Archive copy = Archive::open(copy_db, OpenMode::read_write);
    test::write_file(dir / "own.txt", "Own Story\n\nA paragraph about harbours.\n");
    copy.ingest({dir / "own.txt"}, IngestOptions{}, {});
    const std::string before = fingerprint(copy_db);
    const auto join = [](const std::vector<std::string>& parts, std::size_t n) {
        std::string out;
        for (std::size_t i = 0; i < n && i < parts.size(); ++i) out += parts[i] + "\n";
        return out;
    };
    std::size_t article_line = 0;  // 1-based, the first article (after the header and the originals)
    for (std::size_t i = 0; i < lines.size() && article_line == 0; ++i)
        if (lines[i].find("\"type\":\"article\"") != std::string::npos) article_line = i + 1;
    ASSERT_GT(article_line, 2u);
    struct Case {
        std::string name, dump, expect;
    };
    std::vector<Case> cases;
    std::string whole = join(lines, lines.size());
    cases.push_back({"cut in a line", whole.substr(0, whole.size() / 2),
                     "is cut short"});
    cases.push_back({"no end record", join(lines, lines.size() - 1), "without its end record"});
    std::vector<std::string> edited = lines;
    edited[article_line - 1].replace(edited[article_line - 1].find("\"title\":\"") + 9, 1, "X");
    cases.push_back({"a changed letter", join(edited, edited.size()),
                     "line " + std::to_string(lines.size()) + " of the dump does not match"});
    edited = lines;
    edited[article_line - 1] = "{\"type\":\"article\",";
    cases.push_back({"broken JSON", join(edited, edited.size()),
                     "line " + std::to_string(article_line) + " of the dump is not valid JSON"});
    edited = lines;
    edited[1].replace(edited[1].find("\"data\":\"") + 8, 4, "AAAA");
    cases.push_back({"a damaged original", join(edited, edited.size()), "line 2 of the dump"});
    edited = lines;
    edited.insert(edited.begin() + 2, "{\"type\":\"mystery\"}");
    cases.push_back({"an unknown record", join(edited, edited.size()), "line 3 of the dump is of a type"});
    cases.push_back({"not a dump", "{\"title\":\"x\"}\n", "line 1 of the dump is not the first line"});
    cases.push_back({"empty", "", "the dump is empty"});
    for (const Case& c : cases) {
        try {
            copy.restore_bytes(c.dump);
            ADD_FAILURE() << c.name << ": restored";
        } catch (const Error& e) {
            EXPECT_EQ(e.code(), Errc::bad_input) << c.name;
            EXPECT_NE(e.message().find(c.expect), std::string::npos) << c.name << ": " << e.message();
            EXPECT_NE(e.message().find("nothing was restored"), std::string::npos) << c.name << ": " << e.message();
        }
        EXPECT_EQ(fingerprint(copy_db), before) << c.name;
    }
    EXPECT_TRUE(copy.check_integrity().empty());
}

TEST_F(DumpTest, ANewerFormatIsRefused) {
    Archive copy = Archive::open(copy_db, OpenMode::read_write);
    try {
        copy.restore_bytes("{\"format\":\"newsdb-dump\",\"version\":2}\n");
        FAIL() << "restored";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), Errc::incompatible_archive);
        EXPECT_NE(e.hint().find("newer newsdb"), std::string::npos);
    }
}

TEST_F(DumpTest, BytesThatAreNotUtf8SurviveTheRoundTrip) {
    Archive source = Archive::open(source_db, OpenMode::read_write);
    const fs::path odd = dir / "caf\xe9.txt";  // a Latin-1 file name
    test::write_file(odd, "Cafe Story\n\nA paragraph about coffee.\n");
    source.ingest({odd}, IngestOptions{}, {});
    const std::string first = dump_text(source, dir / "d.jsonl");
    EXPECT_NE(first.find("{\"base64\":"), std::string::npos);
    Archive copy = Archive::open(copy_db, OpenMode::read_write);
    copy.restore(dir / "d.jsonl");
    EXPECT_EQ(dump_text(copy, dir / "e.jsonl"), first);
    EXPECT_TRUE(copy.article_by_path(odd).has_value());
}

// A dump made by version 1 (tests/fixtures/dump/v1.jsonl, from the fixtures
// above): every later newsdb must restore it. Made with
//   NEWSDB_WRITE_DUMP_FIXTURE=1 ./build/tests/newsdb_tests --gtest_filter='DumpFixture.*'
TEST(DumpFixture, Version1Restores) {
    const fs::path fixture = test::fixture("dump/v1.jsonl");
    if (std::getenv("NEWSDB_WRITE_DUMP_FIXTURE")) {
        TempDir dir;
        Archive source = Archive::open(dir / "source.db", OpenMode::read_write);
        ingest_fixtures(source, dir);
        source.dump(fixture);
    }
    TempDir dir;
    Archive copy = Archive::open(dir / "copy.db", OpenMode::read_write);
    const RestoreSummary s = copy.restore(fixture);
    EXPECT_EQ(s.articles_added, 6);
    EXPECT_EQ(s.originals_added, 3);
    EXPECT_GE(s.failures_added, 1);
    EXPECT_TRUE(copy.check_integrity().empty());
    const auto sample = copy.article(1);
    ASSERT_TRUE(sample);
    EXPECT_EQ(sample->article.title, "Pakistan and Turkey Look to Deepen Defence Ties");
    EXPECT_EQ(sample->article.footnotes.size(), 4u);
    EXPECT_TRUE(sample->article.is_excerpt);
    EXPECT_EQ(test::hit_count(copy, "erdogan"), 6);
    EXPECT_EQ(test::hit_count(copy, "publisher:\"Daily Sabah\""), 1);
    EXPECT_TRUE(copy.original(1).has_value());
    // Dumped again, the same records (the header names the newsdb version that wrote it).
    copy.dump(dir / "again.jsonl");
    const auto a = lines_of(test::read_file(fixture)), b = lines_of(test::read_file(dir / "again.jsonl"));
    ASSERT_EQ(a.size(), b.size());
    for (std::size_t i = 1; i + 1 < a.size(); ++i) EXPECT_EQ(a[i], b[i]) << "line " << i + 1;
}

TEST(DumpCli, RestoreRefusesACutDumpWithItsLineAndExit4) {
    TempDir dir;
    const std::string a = (dir / "a.db").string(), b = (dir / "b.db").string();
    ASSERT_EQ(test::run_newsdb({"--db", a, "ingest", (test::source_dir() / "data").string()}, dir).exit_code, 0);
    auto r = test::run_newsdb({"--db", a, "dump", "-o", (dir / "d.jsonl.zst").string()}, dir);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.err.find("dumped 41 articles"), std::string::npos) << r.err;
    r = test::run_newsdb({"--db", b, "restore", (dir / "d.jsonl.zst").string()}, dir);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("41 added"), std::string::npos) << r.out;
    r = test::run_newsdb({"--db", a, "dump"}, dir);
    const std::string whole = r.out;
    EXPECT_EQ(test::run_newsdb({"--db", b, "dump"}, dir).out, whole);
    test::write_file(dir / "cut.jsonl", whole.substr(0, whole.size() - 200));
    r = test::run_newsdb({"--db", (dir / "c.db").string(), "restore", (dir / "cut.jsonl").string()}, dir);
    EXPECT_EQ(r.exit_code, 4);
    EXPECT_NE(r.err.find("line "), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(dir / "c.db"));  // no empty archive left behind
}

TEST(DumpReader, ArbitraryBytesNeverCrash) {
    TempDir dir;
    Archive copy = Archive::open(dir / "copy.db", OpenMode::read_write);
    const std::string header = "{\"format\":\"newsdb-dump\",\"version\":1}\n";
    for (const std::string& body : std::vector<std::string>{
             "\x28\xB5\x2F\xFD garbage", std::string(100, '['), "{\"type\":\"article\"}\n",
             "{\"type\":\"original\",\"file_hash\":\"x\",\"compression\":\"zstd\",\"byte_size\":99999999999,\"data\":\"KLUv/QBYAQAA\"}\n",
             "{\"type\":\"end\",\"originals\":0,\"articles\":0,\"failures\":0,\"sha256\":\"0\"}\n",
             header + "{\"type\":\"article\",\"id\":-5,\"passages\":[[[[[[[[[[]]]]]]]]]]}\n"}) {
        EXPECT_THROW(copy.restore_bytes(header + body), Error);
        EXPECT_THROW(copy.restore_bytes(body), Error);
    }
    EXPECT_EQ(copy.stats().articles, 0);
}

} // namespace
} // namespace newsdb
