// Re-ingest by stamp (schema 004): a path whose size and modification time
// are those recorded when it was read is taken as unchanged without reading
// it; --checksum (IngestOptions::checksum) reads every file regardless.
#include <gtest/gtest.h>

#include <SQLiteCpp/Database.h>

#include <chrono>

#include "newsdb/archive.hpp"
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
    test::write_file(f, "Title\n\nThe heron stood still.\n");
    age(f, 5);
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
    test::write_file(f, "Title\n\nThe heron stood still.\n");
    age(f, 5);
    ingest(db, in);
    const int64_t before = scalar(db, "SELECT file_mtime FROM article_paths");
    age(f, 2);  // touched: same bytes, new time
    EXPECT_EQ(ingest(db, in).unchanged, 1);
    const int64_t after = scalar(db, "SELECT file_mtime FROM article_paths");
    EXPECT_NE(after, before);
    EXPECT_EQ(after, scalar(db, "SELECT file_mtime FROM article_paths"));
}

TEST(Stamp, ChangedSizeOrTimeIsRead) {
    TempDir dir;
    const fs::path db = dir / "a.db", in = dir / "in", f = in / "f.txt";
    test::write_file(f, "Title\n\nThe heron stood still.\n");
    age(f, 5);
    ingest(db, in);
    test::write_file(f, "Title\n\nThe egret stood very still.\n");
    age(f, 4);
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
