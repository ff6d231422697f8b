// Re-ingest by stamp (schema 004): a path whose size and modification time
// are those recorded when it was read is taken as unchanged without reading
// it; --checksum (IngestOptions::checksum) reads every file regardless.
#include <gtest/gtest.h>

#include <SQLiteCpp/Database.h>

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "newsdb/archive.hpp"
#include "store/paths.hpp"
#include "old_archive.hpp"
#include "store/writer.hpp"
#include "test_support.hpp"

namespace newsdb {
namespace {

using test::TempDir;
namespace fs = std::filesystem;

// Files written by a test are seconds old at most: too fresh for a stamp to
// vouch for them. Age them.
void age(const fs::path& p, int hours) {
    fs::last_write_time(p, fs::file_time_type::clock::now() - std::chrono::hours(hours));
}

void write_aged(const fs::path& p, const std::string& bytes, int hours) {
    test::write_file(p, bytes);
    age(p, hours);
}

int64_t scalar(const fs::path& db, const std::string& sql) {
    SQLite::Database c(db.string(), SQLite::OPEN_READONLY);
    return c.execAndGet(sql).getInt64();
}

IngestSummary ingest(const fs::path& db, const fs::path& in, bool checksum = false) {
    Archive a = Archive::open(db, OpenMode::read_write);
    IngestOptions options;
    options.checksum = checksum;
    return a.ingest({in}, options, {});
}

int64_t hits(const fs::path& db, const std::string& query) {
    Archive a = Archive::open(db, OpenMode::read_only);
    return test::hit_count(a, query);
}

TEST(Stamp, SameSizeAndTimeIsTakenUnreadAndChecksumReadsIt) {
    TempDir dir;
    const fs::path db = dir / "a.db", in = dir / "in", f = in / "f.txt";
    write_aged(f, "Title\n\nThe heron stood still.\n", 5);
    EXPECT_EQ(ingest(db, in).added, 1);
    EXPECT_EQ(scalar(db, "SELECT file_size FROM article_paths WHERE file_mtime IS NOT NULL"),
              static_cast<int64_t>(fs::file_size(f)));

    // Same size, same time, other bytes: what a stamp cannot see.
    const auto when = fs::last_write_time(f);
    test::write_file(f, "Title\n\nThe egret stood still.\n");
    fs::last_write_time(f, when);
    EXPECT_EQ(ingest(db, in).unchanged, 1);
    EXPECT_EQ(hits(db, "egret"), 0);

    const IngestSummary s = ingest(db, in, true);
    EXPECT_EQ(s.replaced, 1);
    EXPECT_EQ(hits(db, "egret"), 1);
    EXPECT_EQ(hits(db, "heron"), 0);
}

TEST(Stamp, TouchedFileIsReadOnceThenItsNewStampRecorded) {
    TempDir dir;
    const fs::path db = dir / "a.db", in = dir / "in", f = in / "f.txt";
    write_aged(f, "Title\n\nThe heron stood still.\n", 5);
    ingest(db, in);
    const int64_t before = scalar(db, "SELECT file_mtime FROM article_paths");
    age(f, 2);  // touched: same bytes, new time
    EXPECT_EQ(ingest(db, in).unchanged, 1);
    const int64_t after = scalar(db, "SELECT file_mtime FROM article_paths");
    EXPECT_NE(after, before);
    EXPECT_EQ(ingest(db, in).unchanged, 1);  // taken by the new stamp, which stays
    EXPECT_EQ(after, scalar(db, "SELECT file_mtime FROM article_paths"));
}

TEST(Stamp, ChangedSizeOrTimeIsRead) {
    TempDir dir;
    const fs::path db = dir / "a.db", in = dir / "in", f = in / "f.txt";
    write_aged(f, "Title\n\nThe heron stood still.\n", 5);
    ingest(db, in);
    write_aged(f, "Title\n\nThe egret stood very still.\n", 4);
    EXPECT_EQ(ingest(db, in).replaced, 1);
    EXPECT_EQ(hits(db, "egret"), 1);
}

TEST(Stamp, FreshlyWrittenFilesAreNotStamped) {
    TempDir dir;
    const fs::path db = dir / "a.db", in = dir / "in";
    test::write_file(in / "f.txt", "Title\n\nThe heron stood still.\n");
    ingest(db, in);
    EXPECT_EQ(scalar(db, "SELECT count(*) FROM article_paths WHERE file_size IS NULL AND file_mtime IS NULL"), 1);
}

// Failures are remembered by stamp (schema 005) and reported again,
// unread, for as long as the file and the parse options stay the same.
struct IngestRun {
    IngestSummary summary;
    std::vector<IngestResult> results;
    std::vector<std::string> errors() const {
        std::vector<std::string> out;
        for (const auto& r : results)
            if (r.outcome == IngestOutcome::failed) out.push_back(r.error);
        return out;
    }
};

IngestRun ingest_run(const fs::path& db, const fs::path& in, IngestOptions options = {}) {
    Archive a = Archive::open(db, OpenMode::read_write);
    IngestRun run;
    run.summary = a.ingest({in}, options, [&](const IngestResult& r) { run.results.push_back(r); });
    return run;
}

bool says_not_read(const std::string& error) { return error.find("not read again") != std::string::npos; }

// Rewrites `f` with bytes of the same size and restores its time: only a
// read can tell.
void swap_bytes_keep_stamp(const fs::path& f, const std::string& bytes) {
    ASSERT_EQ(bytes.size(), fs::file_size(f));
    const auto when = fs::last_write_time(f);
    test::write_file(f, bytes);
    fs::last_write_time(f, when);
}

TEST(Stamp, FailedFileIsReportedAgainWithoutReadingItUntilItChanges) {
    TempDir dir;
    const fs::path db = dir / "a.db", in = dir / "in", f = in / "f.json";
    const std::string bad = R"({"title": "Otters", "bodytext": "The otters returned to the river."})";
    write_aged(f, bad, 5);
    const IngestRun first = ingest_run(db, in);
    EXPECT_EQ(first.summary.failed, 1);
    EXPECT_EQ(first.summary.files_failed, 1);  // the file's one item failed: nothing of it is stored
    ASSERT_EQ(first.errors().size(), 1u);
    EXPECT_FALSE(says_not_read(first.errors()[0]));
    EXPECT_EQ(scalar(db, "SELECT count(*) FROM failed_items WHERE whole_file = 0"), 1);

    // Now an article, but only a read can tell: still reported as it was.
    std::string good = R"({"title": "Otters", "text": "The otters returned to the river.")";
    good += std::string(bad.size() - good.size() - 1, ' ') + "}";
    swap_bytes_keep_stamp(f, good);
    const IngestRun again = ingest_run(db, in);
    EXPECT_EQ(again.summary.failed, 1);
    EXPECT_EQ(again.summary.remembered, 1);
    EXPECT_EQ(again.summary.files_failed, 1);
    ASSERT_EQ(again.errors().size(), 1u);
    EXPECT_TRUE(says_not_read(again.errors()[0])) << again.errors()[0];
    EXPECT_TRUE(again.results[0].remembered);
    EXPECT_EQ(again.errors()[0].rfind(first.errors()[0], 0), 0u) << "the same reason first";

    // --checksum reads it: it is an article now, and its failure is forgotten.
    IngestOptions checksum;
    checksum.checksum = true;
    EXPECT_EQ(ingest_run(db, in, checksum).summary.added, 1);
    EXPECT_EQ(scalar(db, "SELECT count(*) FROM failed_items"), 0);
}

TEST(Stamp, OtherParseOptionsReadARememberedFailureAgain) {
    TempDir dir;
    const fs::path db = dir / "a.db", in = dir / "in", f = in / "f.json";
    write_aged(f, R"({"title": "Otters", "bodytext": "The otters returned to the river."})", 5);
    EXPECT_EQ(ingest_run(db, in).summary.failed, 1);
    IngestOptions field;
    field.parse.json_fields["text"] = "bodytext";  // what the message advises
    EXPECT_EQ(ingest_run(db, in, field).summary.added, 1);
    EXPECT_EQ(hits(db, "river"), 1);
    EXPECT_EQ(scalar(db, "SELECT count(*) FROM failed_items"), 0);
}

TEST(Stamp, FailedItemsOfAFileAreReportedAgainBesideItsUnchangedArticles) {
    TempDir dir;
    const fs::path db = dir / "a.db", in = dir / "in", f = in / "f.jsonl";
    write_aged(f, "{\"title\": \"One\", \"text\": \"The heron stood still.\"}\n"
                  "{\"title\": \"Two\"}\n"
                  "{\"title\": \"Three\", \"text\": \"The egret stood still.\"}\n",
               5);
    const IngestRun first = ingest_run(db, in);
    EXPECT_EQ(first.summary.added, 2);
    EXPECT_EQ(first.summary.failed, 1);
    EXPECT_EQ(first.summary.files_failed, 0);
    const IngestRun again = ingest_run(db, in);
    EXPECT_EQ(again.summary.unchanged, 2);
    EXPECT_EQ(again.summary.failed, 1);
    EXPECT_EQ(again.summary.files_failed, 0);
    ASSERT_EQ(again.errors().size(), 1u);
    EXPECT_TRUE(says_not_read(again.errors()[0])) << again.errors()[0];
    // Each article reported with its id, as the first run stored it.
    std::map<std::string, int64_t> first_ids, again_ids;
    for (const auto& r : first.results)
        if (r.outcome == IngestOutcome::added) first_ids[r.path] = r.article_id;
    for (const auto& r : again.results) {
        if (r.outcome == IngestOutcome::failed) {
            EXPECT_NE(r.path.find("line 2"), std::string::npos) << r.path;
        } else {
            again_ids[r.path] = r.article_id;
        }
    }
    EXPECT_EQ(again_ids, first_ids);
}

// A file that stops parsing keeps its article (ArchiveTest); its failure is
// remembered too, and the kept article does not make it look changed.
TEST(Stamp, AFileThatStoppedParsingKeepsItsArticleAndItsFailureIsRemembered) {
    TempDir dir;
    const fs::path db = dir / "a.db", in = dir / "in", f = in / "f.txt";
    write_aged(f, "Title\n\nThe heron stood still.\n", 5);
    EXPECT_EQ(ingest_run(db, in).summary.added, 1);
    write_aged(f, std::string("\0\0\0binary\0\0", 11), 4);
    const IngestRun broken = ingest_run(db, in);
    EXPECT_EQ(broken.summary.failed, 1);
    ASSERT_EQ(broken.errors().size(), 1u);
    EXPECT_FALSE(says_not_read(broken.errors()[0]));
    const IngestRun again = ingest_run(db, in);
    EXPECT_EQ(again.summary.failed, 1);
    EXPECT_EQ(again.summary.files_failed, 1);
    ASSERT_EQ(again.errors().size(), 1u);
    EXPECT_TRUE(says_not_read(again.errors()[0])) << again.errors()[0];
    EXPECT_EQ(hits(db, "heron"), 1);
}

// --retry-failed reads again what failed, though unchanged, and leaves the
// files alone whose items are only no articles (schema 009).
TEST(Stamp, RetryFailedReadsTheFilesWithRememberedFailuresOnly) {
    TempDir dir;
    const fs::path db = dir / "a.db", in = dir / "in";
    write_aged(in / "a.sgm",
               "<REUTERS NEWID=\"1\"><TEXT><TITLE>GRAIN</TITLE><BODY>Wheat rose.\n Reuter\n</BODY></TEXT></REUTERS>\n"
               "<REUTERS NEWID=\"2\"><TEXT TYPE=\"BRIEF\"><TITLE>BRIEF</TITLE></TEXT></REUTERS>\n",
               5);
    write_aged(in / "b.jsonl", "{\"title\": \"One\", \"text\": \"The heron stood still.\"}\n{\"title\": \"Two\"}\n", 5);
    const IngestRun first = ingest_run(db, in);
    EXPECT_EQ(first.summary.added, 2);
    EXPECT_EQ(first.summary.skipped, 1);
    EXPECT_EQ(first.summary.failed, 1);
    EXPECT_EQ(scalar(db, "SELECT count(*) FROM failed_items WHERE not_article = 1"), 1);

    const IngestRun again = ingest_run(db, in);
    EXPECT_EQ(again.summary.skipped, 1) << "remembered too";
    EXPECT_EQ(again.summary.remembered, 1);

    IngestOptions retry;
    retry.retry_failed = true;
    Archive a = Archive::open(db, OpenMode::read_write);
    std::vector<IngestResult> results;
    const IngestSummary s = a.ingest({}, retry, [&](const IngestResult& r) { results.push_back(r); });
    EXPECT_EQ(s.unchanged, 1);
    EXPECT_EQ(s.failed, 1);
    EXPECT_EQ(s.remembered, 0) << "read again: a failure of this run";
    EXPECT_EQ(s.files_read, 1) << "only b.jsonl";
    for (const auto& r : results) EXPECT_NE(r.path.find("b.jsonl"), std::string::npos) << r.path;
}

// Failures remembered by an archive of schema 8 stay failures (schema 9
// adds the items that are no article beside them).
TEST(Schema9, UpgradeFromEightKeepsRememberedFailuresAsFailures) {
    TempDir dir;
    const fs::path db = dir / "a.db", in = dir / "in", f = in / "f.json";
    write_aged(f, R"({"title": "Otters", "bodytext": "The otters returned to the river."})", 5);
    const auto stamp_size = static_cast<int64_t>(fs::file_size(f));
    const auto stamp_time = std::chrono::duration_cast<std::chrono::nanoseconds>(
                                std::chrono::file_clock::to_sys(fs::last_write_time(f)).time_since_epoch())
                                .count();
    {
        SQLite::Database c = test::create_archive_at_schema(db, 8);
        SQLite::Statement ins(c, "INSERT INTO failed_items (path, locator, whole_file, file_size, file_mtime, "
                                 "parse_key, reason) VALUES (?, '', 0, ?, ?, ?, 'it failed under schema 8')");
        ins.bind(1, store::path_key(f.string()));
        ins.bind(2, stamp_size);
        ins.bind(3, static_cast<int64_t>(stamp_time));
        ins.bind(4, store::parse_key(ParseOptions{}));
        ins.exec();
    }
    const IngestRun again = ingest_run(db, in);
    EXPECT_EQ(again.summary.failed, 1);
    EXPECT_EQ(again.summary.remembered, 1);
    ASSERT_EQ(again.errors().size(), 1u);
    EXPECT_EQ(again.errors()[0].rfind("it failed under schema 8", 0), 0u) << again.errors()[0];
    EXPECT_EQ(scalar(db, "SELECT count(*) FROM failed_items WHERE not_article = 0"), 1);
}

TEST(Stamp, FreshFailuresAreNotRemembered) {
    TempDir dir;
    const fs::path db = dir / "a.db", in = dir / "in";
    test::write_file(in / "f.txt", std::string("\0\0\0binary", 9));
    EXPECT_EQ(ingest_run(db, in).summary.failed, 1);
    EXPECT_EQ(scalar(db, "SELECT count(*) FROM failed_items"), 0);
    const IngestRun again = ingest_run(db, in);
    ASSERT_EQ(again.errors().size(), 1u);
    EXPECT_FALSE(says_not_read(again.errors()[0]));
}

// A walk's paths are keyed without std::filesystem when they are already
// absolute and normal; every other form still goes through it.
TEST(PathKey, PlainAbsolutePathsAreKeptAndOthersNormalised) {
    EXPECT_EQ(store::path_key("/srv/news/a.txt"), "/srv/news/a.txt");
    EXPECT_EQ(store::path_key("/srv/news/.hidden/a.txt"), "/srv/news/.hidden/a.txt");
    EXPECT_EQ(store::path_key("/srv//news/./a.txt"), "/srv/news/a.txt");
    EXPECT_EQ(store::path_key("/srv/old/../news/a.txt"), "/srv/news/a.txt");
    EXPECT_EQ(store::path_key("/srv/news/.."), "/srv/");
    const std::string relative = store::path_key("news/a.txt");
    EXPECT_EQ(relative, (fs::current_path() / "news/a.txt").lexically_normal().string());
}

// path_less orders a walk's paths exactly as std::filesystem::path does.
TEST(PathKey, PathLessIsTheFilesystemPathOrder) {
    std::vector<std::string> paths = {"/c/a-b/x.txt", "/c/a/x.txt", "/c/a/b/x.txt", "/c/ab", "/c/a.txt",
                                      "/c/a",        "/c/A/z",     "/c/\xc3\xa9t\xc3\xa9", "/c/e/f", "/c/a b/x",
                                      "/c/a/b",      "/c/a0/x"};
    for (const auto& a : paths)
        for (const auto& b : paths)
            EXPECT_EQ(store::path_less(a, b), fs::path(a) < fs::path(b)) << a << " vs " << b;
}

} // namespace
} // namespace newsdb
