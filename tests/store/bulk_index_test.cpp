// Bulk indexing (schema 004): an ingest batch indexes its new passages in one
// statement before committing. Deletes inside the batch (a changed file
// replacing its article) must first index what is pending, or the delete
// trigger would remove index entries that were never written.
#include <gtest/gtest.h>

#include <SQLiteCpp/Database.h>

#include "newsdb/archive.hpp"
#include "store/connection.hpp"
#include "store/transaction.hpp"
#include "store/writer.hpp"
#include "test_support.hpp"
#include "util/hash.hpp"

namespace newsdb {
namespace {

using test::TempDir;
namespace fs = std::filesystem;

std::string article_text(const std::string& title, const std::string& word) {
    return title + "\n\nThe first paragraph mentions " + word + " once.\n\nA second paragraph about " + word +
           " and the harbour.\n";
}

int64_t hits(Archive& a, const std::string& query) { return test::hit_count(a, query); }

int64_t scalar(const fs::path& db, const std::string& sql) {
    SQLite::Database c(db.string(), SQLite::OPEN_READONLY);
    return c.execAndGet(sql).getInt64();
}

// A Writer on its own connection to a new archive at `db`, for tests that
// drive batches by hand.
struct HandWriter {
    SQLite::Database c;
    store::Writer writer;
    explicit HandWriter(const fs::path& db) : c(create(db), SQLite::OPEN_READWRITE), writer(c) {
        store::prepare_connection(c);
    }
    static std::string create(const fs::path& db) {
        Archive::open(db, OpenMode::read_write);
        return db.string();
    }
    // Writes `files` (key, text) in one deferred batch.
    void batch(const std::vector<std::pair<std::string, std::string>>& files) {
        store::Transaction tx(c, store::Transaction::Kind::immediate);
        writer.begin_bulk_index();
        for (const auto& [key, text] : files) {
            const store::FileWork w = store::prepare_file(key, key, text, IngestOptions{}, nullptr);
            EXPECT_TRUE(w.tokens);
            writer.write(w, {}, store::Writer::Batch::inside);
        }
        writer.finish_bulk_index();
        tx.commit();
    }
};

// One batch that inserts, then replaces earlier articles (deletes), then
// inserts again: every passage indexed once, none missing, none stale.
TEST(BulkIndex, ReplacementsInsideOneBatchKeepTheIndexExact) {
    TempDir dir;
    const fs::path db = dir / "a.db";
    const fs::path in = dir / "in";
    for (int i = 0; i < 6; ++i)
        test::write_file(in / ("f" + std::to_string(i) + ".txt"),
                         article_text("Old title " + std::to_string(i), "walrus" + std::to_string(i)));
    {
        Archive a = Archive::open(db, OpenMode::read_write);
        a.ingest({in}, IngestOptions{}, {});
    }
    // New files sort before and after the changed ones, so the second ingest
    // inserts, deletes and inserts again within its single batch.
    test::write_file(in / "a-new.txt", article_text("Before title", "narwhal"));
    for (int i = 0; i < 6; i += 2)
        test::write_file(in / ("f" + std::to_string(i) + ".txt"),
                         article_text("New title " + std::to_string(i), "pelican" + std::to_string(i)));
    test::write_file(in / "z-new.txt", article_text("After title", "narwhal"));

    Archive a = Archive::open(db, OpenMode::read_write);
    const IngestSummary s = a.ingest({in}, IngestOptions{}, {});
    EXPECT_EQ(s.added, 2);
    EXPECT_EQ(s.replaced, 3);
    EXPECT_EQ(a.check_integrity(), std::vector<std::string>{});
    EXPECT_EQ(hits(a, "narwhal"), 4);   // two paragraphs in each of two new files
    EXPECT_EQ(hits(a, "pelican0"), 2);
    EXPECT_EQ(hits(a, "walrus0"), 0);   // replaced: gone from the index
    EXPECT_EQ(hits(a, "walrus1"), 2);   // unchanged
    EXPECT_EQ(scalar(db, "SELECT count(*) FROM settings WHERE key = 'fts_deferred'"), 0);
    EXPECT_EQ(scalar(db, "SELECT count(*) FROM passages"), scalar(db, "SELECT count(*) FROM passages_fts_docsize"));
}

// The same with one file per transaction: deferral begins and ends per batch.
TEST(BulkIndex, EveryBatchSizeIndexesEveryPassage) {
    for (const int batch : {1, 2, 3, 1000}) {
        TempDir dir;
        const fs::path db = dir / "a.db";
        for (int i = 0; i < 7; ++i)
            test::write_file(dir / "in" / ("f" + std::to_string(i) + ".txt"),
                             article_text("Title " + std::to_string(i), "osprey"));
        Archive a = Archive::open(db, OpenMode::read_write);
        IngestOptions options;
        options.batch_files = batch;
        a.ingest({dir / "in"}, options, {});
        EXPECT_EQ(hits(a, "osprey"), 14) << "batch " << batch;
        EXPECT_EQ(a.check_integrity(), std::vector<std::string>{}) << "batch " << batch;
    }
}

// Another SQLite writer (no newsdb batch open) still indexes row by row.
TEST(BulkIndex, OtherWritersStillIndexEachRow) {
    TempDir dir;
    const fs::path db = dir / "a.db";
    test::write_file(dir / "in" / "f.txt", article_text("Title", "heron"));
    {
        Archive a = Archive::open(db, OpenMode::read_write);
        a.ingest({dir / "in"}, IngestOptions{}, {});
        a.ingest_bytes(article_text("Bytes title", "heron"), "bytes.txt", IngestOptions{});
        EXPECT_EQ(hits(a, "heron"), 4);
        EXPECT_EQ(a.check_integrity(), std::vector<std::string>{});
    }
}

// What would silently stop indexing, committed, is reported by check: a
// stray 'fts_deferred' row (schema 004's switch), or no per-row insert
// trigger (an ingest batch drops it inside its own transaction only).
TEST(BulkIndex, CheckReportsWhatWouldStopIndexing) {
    const std::vector<std::pair<std::string, std::string>> breakages = {
        {"INSERT INTO settings (key, value) VALUES ('fts_deferred', '1')", "fts_deferred"},
        {"DROP TRIGGER passages_ai", "passages_ai"}};
    for (const auto& [sql, named] : breakages) {
        TempDir dir;
        const fs::path db = dir / "a.db";
        { Archive a = Archive::open(db, OpenMode::read_write); }
        {
            SQLite::Database c(db.string(), SQLite::OPEN_READWRITE);
            c.exec(sql);
        }
        Archive a = Archive::open(db, OpenMode::read_write);
        const auto problems = a.check_integrity();
        ASSERT_EQ(problems.size(), 1u) << sql;
        EXPECT_NE(problems.front().find(named), std::string::npos) << problems.front();
    }
}

// The one case that must flush first: a path written twice in one batch (its
// file changed while the ingest ran), so the batch deletes passages it
// inserted itself and has not indexed yet.
TEST(BulkIndex, RegressionDeletingAPendingPassageFlushesFirst) {
    TempDir dir;
    const fs::path db = dir / "a.db";
    {
        HandWriter hand(db);
        const std::string key = (dir / "f.txt").string();
        hand.batch({{key, article_text("Title", "kestrel")}, {key, article_text("Title", "plover")}});
    }
    Archive a = Archive::open(db, OpenMode::read_write);
    EXPECT_EQ(a.check_integrity(), std::vector<std::string>{});
    EXPECT_EQ(hits(a, "kestrel"), 0);
    EXPECT_EQ(hits(a, "plover"), 2);
}

// The writer replays the tokens its workers recorded: every passage of a
// batch, of any language, indexed from a recording, and the index is the one
// tokenizing would build (FTS5's integrity check re-tokenizes every row).
TEST(BulkIndex, PassagesAreIndexedFromTheWorkersRecordedTokens) {
    TempDir dir;
    const fs::path db = dir / "a.db";
    HandWriter hand(db);
    store::Writer& writer = hand.writer;
    hand.batch({
        {(dir / "f0.txt").string(), article_text("English title", "ministers")},
        {(dir / "f1.txt").string(), "Deutscher Titel\n\nDie Verhandlungen über die Straße nach İstanbul dauerten lange.\n"},
        {(dir / "f2.txt").string(), "Title with notes\n\nA cited claim.[1]\n\nFootnotes\n\n1. A note about harbours\n"},
    });
    EXPECT_EQ(static_cast<int64_t>(writer.replayed_texts()), scalar(db, "SELECT count(*) FROM passages"));
    // Outside a batch (the insert trigger indexes each row) as well.
    const std::string key = (dir / "single.txt").string();
    writer.write(store::prepare_file(key, key, article_text("Single", "pelicans"), IngestOptions{}, nullptr), {});
    EXPECT_EQ(static_cast<int64_t>(writer.replayed_texts()), scalar(db, "SELECT count(*) FROM passages"));

    Archive a = Archive::open(db, OpenMode::read_write);
    EXPECT_EQ(a.check_integrity(), std::vector<std::string>{});
    EXPECT_EQ(hits(a, "minister"), 2);
    EXPECT_EQ(hits(a, "verhandlung"), 1);
    EXPECT_EQ(hits(a, "harbour"), 3);  // two article_text() paragraphs and the note
    EXPECT_EQ(hits(a, "pelican"), 2);
}

// A worker's content check is prepared once and asked for many files: each
// answer is its own (bound afresh), and no read is left open between them,
// so the writer's commits are seen by the next question.
TEST(ContentCheck, AnswersEachFileAndHoldsNoReadBetweenThem) {
    TempDir dir;
    const fs::path db = dir / "a.db";
    HandWriter hand(db);
    const std::string a = (dir / "a.txt").string(), b = (dir / "b.txt").string();
    hand.batch({{a, article_text("First", "otters")}});
    const std::string a_hash = util::sha256_hex(article_text("First", "otters"));
    const std::string b_hash = util::sha256_hex(article_text("Second", "voles"));

    SQLite::Database reader(db.string(), SQLite::OPEN_READONLY);
    store::ContentCheck check(reader);
    EXPECT_TRUE(check.unchanged(a, a_hash));
    EXPECT_FALSE(check.unchanged(a, b_hash)) << "other content at the same path";
    EXPECT_FALSE(check.unchanged(b, b_hash)) << "a path the archive does not hold";
    EXPECT_TRUE(check.unchanged(a, a_hash)) << "asked again";

    hand.batch({{b, article_text("Second", "voles")}});
    EXPECT_TRUE(check.unchanged(b, b_hash)) << "a read held open would not see the new file";
    const store::FileWork skipped = store::prepare_file(b, b, article_text("Second", "voles"), IngestOptions{}, &check);
    EXPECT_TRUE(skipped.unchanged);
    EXPECT_FALSE(skipped.parsed) << "an unchanged file is not parsed";
    const store::FileWork read = store::prepare_file(b, b, article_text("Second", "stoats"), IngestOptions{}, &check);
    EXPECT_FALSE(read.unchanged);
    EXPECT_TRUE(read.parsed);
}

} // namespace
} // namespace newsdb
