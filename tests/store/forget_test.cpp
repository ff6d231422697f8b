// newsdb forget: everything of an article goes, in one transaction, and a
// forgotten file ingested again is the same article again.
#include <gtest/gtest.h>

#include <SQLiteCpp/Database.h>

#include "newsdb/archive.hpp"
#include "newsdb/error.hpp"
#include "test_support.hpp"

namespace newsdb {
namespace {

using test::TempDir;
namespace fs = std::filesystem;

int64_t rows(const fs::path& db_path, const std::string& sql) {
    SQLite::Database db(db_path.string(), SQLite::OPEN_READONLY);
    return db.execAndGet(sql).getInt64();
}

class ForgetTest : public ::testing::Test {
protected:
    void SetUp() override {
        fs::copy_file(test::fixture("quwa-2020-02-pakistan-turkey-defence-ties.txt"), sample);
        fs::copy_file(test::fixture("json/lines.jsonl"), lines);
        test::write_file(dir / "other.txt", "Harbour Story\n\nThe harbour opened a lighthouse.\n");
        for (const fs::path& p : {sample, lines, dir / "other.txt"})
            fs::last_write_time(p, fs::file_time_type::clock::now() - std::chrono::hours(1));
        archive.ingest({sample, lines, dir / "other.txt"}, IngestOptions{}, {});
        const auto a = archive.article_by_path(sample);
        ASSERT_TRUE(a);
        sample_id = a->id;
    }
    TempDir dir;
    fs::path db = dir / "a.db";
    fs::path sample = dir / "quwa.txt";
    fs::path lines = dir / "lines.jsonl";
    Archive archive = Archive::open(db, OpenMode::read_write);
    int64_t sample_id = 0;
};

TEST_F(ForgetTest, RemovesEverythingThatBelongsToTheArticle) {
    const int64_t passages = rows(db, "SELECT count(*) FROM passages WHERE article_id = " + std::to_string(sample_id));
    ASSERT_GT(rows(db, "SELECT count(*) FROM citations"), 0);
    const ForgetSummary s = archive.forget({sample_id});
    ASSERT_EQ(s.articles.size(), 1u);
    EXPECT_EQ(s.articles[0].title, "Pakistan and Turkey Look to Deepen Defence Ties");
    EXPECT_EQ(s.passages, passages);
    EXPECT_EQ(s.originals, 1);
    EXPECT_TRUE(s.space_returned);  // a new archive has incremental auto-vacuum
    EXPECT_EQ(rows(db, "PRAGMA freelist_count"), 0);
    const std::string id = std::to_string(sample_id);
    const std::vector<std::string> queries = {
         "SELECT count(*) FROM articles WHERE id = " + id, "SELECT count(*) FROM passages WHERE article_id = " + id,
          "SELECT count(*) FROM footnotes WHERE article_id = " + id, std::string("SELECT count(*) FROM citations"),
          "SELECT count(*) FROM boilerplate WHERE article_id = " + id,
          "SELECT count(*) FROM article_tags WHERE article_id = " + id,
          "SELECT count(*) FROM article_paths WHERE article_id = " + id,
          "SELECT count(*) FROM originals WHERE file_hash NOT IN (SELECT file_hash FROM article_paths)"};
    for (const std::string& sql : queries)
        EXPECT_EQ(rows(db, sql), 0) << sql;
    EXPECT_TRUE(archive.check_integrity().empty());
    EXPECT_EQ(test::hit_count(archive, "erdogan"), 0);
    EXPECT_EQ(test::hit_count(archive, "lighthouse"), 1);
    EXPECT_FALSE(archive.article(sample_id).has_value());
}

TEST_F(ForgetTest, AForgottenFileIngestedAgainIsTheSameArticleAgain) {
    const auto before = archive.article(sample_id);
    const auto original = archive.original(sample_id);
    archive.forget({sample_id});
    IngestSummary s = archive.ingest({sample}, IngestOptions{}, {});
    EXPECT_EQ(s.added, 1);
    const auto after = archive.article_by_path(sample);
    ASSERT_TRUE(after);
    EXPECT_EQ(after->article, before->article);
    EXPECT_EQ(after->content_hash, before->content_hash);
    EXPECT_EQ(archive.original(after->id), original);
    EXPECT_EQ(test::hit_count(archive, "erdogan"), 6);
}

TEST_F(ForgetTest, AnUnknownIdForgetsNothing) {
    const int64_t articles = archive.stats().articles;
    try {
        archive.forget({sample_id, 999});
        FAIL() << "forgot";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), Errc::not_found);
        EXPECT_NE(e.message().find("nothing was forgotten"), std::string::npos);
    }
    EXPECT_EQ(archive.stats().articles, articles);
    EXPECT_TRUE(archive.article(sample_id).has_value());
}

TEST_F(ForgetTest, AnOriginalStaysWhileAnotherArticleOfItsFileRemains) {
    const auto ids = archive.articles_at_path(lines);
    ASSERT_GE(ids.size(), 2u);
    const int64_t failures = rows(db, "SELECT count(*) FROM failed_items");
    ASSERT_GT(failures, 0);
    ForgetSummary s = archive.forget({ids[0]});
    EXPECT_EQ(s.originals, 0);
    EXPECT_EQ(s.failures, failures);  // the file's remembered failures go: it is read again next time
    EXPECT_TRUE(archive.original(ids[1]).has_value());
    s = archive.forget(std::vector<int64_t>(ids.begin() + 1, ids.end()));
    EXPECT_EQ(s.originals, 1);
    EXPECT_TRUE(archive.articles_at_path(lines).empty());
    EXPECT_TRUE(archive.check_integrity().empty());
}

TEST_F(ForgetTest, MatchingArticlesSelectsByQuery) {
    SearchOptions o;
    o.query = "harbour OR erdogan";
    const auto ids = archive.matching_articles(o);
    EXPECT_EQ(ids.size(), 2u);
    o.query = "title:defence";
    EXPECT_EQ(archive.matching_articles(o), std::vector<int64_t>{sample_id});
}

TEST(ForgetCli, AQueryMatchingManyNeedsYes) {
    TempDir dir;
    const std::string db = (dir / "a.db").string();
    ASSERT_EQ(test::run_newsdb({"--db", db, "ingest", (test::source_dir() / "data" / "digitalgov").string()}, dir)
                  .exit_code,
              0);
    auto r = test::run_newsdb({"--db", db, "forget", "--query", "government"}, dir);
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("more than 10; nothing was forgotten"), std::string::npos) << r.err;
    r = test::run_newsdb({"--db", db, "forget", "--query", "government", "--dry-run"}, dir);
    EXPECT_EQ(r.exit_code, 0);
    const auto listed = std::count(r.out.begin(), r.out.end(), '\n');
    EXPECT_GT(listed, 10);
    r = test::run_newsdb({"--db", db, "forget", "--query", "government", "--yes"}, dir);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("forgot " + std::to_string(listed) + " articles"), std::string::npos) << r.out;
    r = test::run_newsdb({"--db", db, "search", "government"}, dir);
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_EQ(r.out, "");
    r = test::run_newsdb({"--db", db, "check"}, dir);
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    r = test::run_newsdb({"--db", db, "forget", "12345"}, dir);
    EXPECT_EQ(r.exit_code, 3);
}

} // namespace
} // namespace newsdb
