// The ingest's write path without statement journals: a batch drops the
// per-row index trigger inside its transaction and creates it again before
// committing, passage rows go in one per INSERT, a new path row with a plain
// INSERT, and schema 008 checks passages.kind without an IN list. Each of
// those made SQLite copy pages for nothing; none may change what is stored or
// what another connection sees.
#include <gtest/gtest.h>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <sqlite3.h>

#include <cstring>
#include <string>
#include <vector>

#include "newsdb/archive.hpp"
#include "store/connection.hpp"
#include "store/transaction.hpp"
#include "store/writer.hpp"
#include "old_archive.hpp"
#include "test_support.hpp"

namespace newsdb {
namespace {

using test::TempDir;
namespace fs = std::filesystem;

constexpr const char* kInsertTrigger =
    "SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = 'passages_ai'";

std::string article(int n, int paragraphs) {
    std::string text = "Article number " + std::to_string(n) + "\n\n";
    for (int p = 1; p <= paragraphs; ++p)
        text += "Paragraph " + std::to_string(p) + " of article " + std::to_string(n) +
                " tells of the estuary and its herons, word" + std::to_string(n) + "x" + std::to_string(p) + ".\n\n";
    return text;
}

std::string trigger_sql(const fs::path& db) {
    SQLite::Database c(db.string(), SQLite::OPEN_READONLY);
    SQLite::Statement st(c, kInsertTrigger);
    return st.executeStep() ? st.getColumn(0).getString() : std::string();
}

// Writes one article as a deferred ingest batch does, inside the caller's transaction.
void write_in_batch(store::Writer& writer, const std::string& name, const std::string& text) {
    writer.write(store::prepare_file(name, "/" + name, text, IngestOptions{}, nullptr), {},
                 store::Writer::Batch::inside);
}

bool plans_temporary_table(SQLite::Database& c, const std::string& sql) {
    SQLite::Statement st(c, "EXPLAIN " + sql);
    while (st.executeStep())
        if (st.getColumn(1).getString() == "OpenEphemeral") return true;
    return false;
}

TEST(WritePath, InsertTriggerIsTheSameAfterIngestsOfEveryBatchSize) {
    for (const int batch : {1, 3, 1000}) {
        TempDir dir;
        const fs::path db = dir / "a.db";
        for (int i = 0; i < 7; ++i) test::write_file(dir / "in" / ("f" + std::to_string(i) + ".txt"), article(i, 3));
        { Archive a = Archive::open(db, OpenMode::read_write); }
        const std::string before = trigger_sql(db);
        ASSERT_NE(before.find("AFTER INSERT ON passages"), std::string::npos);
        {
            Archive a = Archive::open(db, OpenMode::read_write);
            IngestOptions options;
            options.batch_files = batch;
            EXPECT_EQ(a.ingest({dir / "in"}, options, {}).added, 7);
            EXPECT_EQ(test::hit_count(a, "herons"), 21) << "batch " << batch;
            EXPECT_EQ(a.check_integrity(), std::vector<std::string>{}) << "batch " << batch;
        }
        EXPECT_EQ(trigger_sql(db), before) << "batch " << batch;
        // Written by another program after the ingest: indexed row by row again.
        {
            SQLite::Database c(db.string(), SQLite::OPEN_READWRITE);
            store::prepare_connection(c);
            c.exec("INSERT INTO passages (article_id, kind, position, text) "
                   "SELECT id, 'paragraph', 99, 'A late paragraph about cormorants.' FROM articles LIMIT 1");
        }
        Archive a = Archive::open(db, OpenMode::read_write);
        EXPECT_EQ(test::hit_count(a, "cormorants"), 1) << "batch " << batch;
    }
}

// A Writer on its own connection to a new archive, for batches driven by hand.
class HandBatch : public ::testing::Test {
protected:
    TempDir dir;
    fs::path db = dir / "a.db";
    std::string before = created(db);
    SQLite::Database c{db.string(), SQLite::OPEN_READWRITE};
    store::Writer writer{c};

    void SetUp() override { store::prepare_connection(c); }
    static std::string created(const fs::path& db) {
        { Archive a = Archive::open(db, OpenMode::read_write); }
        return trigger_sql(db);
    }
    void begin_with_one_article() {
        writer.begin_bulk_index();
        write_in_batch(writer, "x.txt", article(1, 2));
    }
};

// The trigger is gone only inside the batch's own transaction.
TEST_F(HandBatch, OtherConnectionsSeeTheInsertTriggerWhileABatchIsOpen) {
    {
        store::Transaction tx(c, store::Transaction::Kind::immediate);
        begin_with_one_article();
        EXPECT_EQ(c.execAndGet("SELECT count(*) FROM sqlite_schema WHERE name = 'passages_ai'").getInt(), 0)
            << "dropped inside the batch";
        EXPECT_EQ(trigger_sql(db), before) << "another connection still reads the committed schema";
        writer.finish_bulk_index();
        tx.commit();
    }
    EXPECT_EQ(trigger_sql(db), before);
}

TEST_F(HandBatch, ARolledBackBatchLeavesTheInsertTrigger) {
    {
        store::Transaction tx(c, store::Transaction::Kind::immediate);
        begin_with_one_article();
        writer.abandon_bulk_index();
    }  // rolled back
    {
        // The same writer then writes row by row, through the trigger.
        store::Transaction tx(c, store::Transaction::Kind::immediate);
        write_in_batch(writer, "y.txt", article(2, 2));
        tx.commit();
    }
    EXPECT_EQ(trigger_sql(db), before);
    Archive a = Archive::open(db, OpenMode::read_write);
    EXPECT_EQ(test::hit_count(a, "herons"), 2);
    EXPECT_EQ(test::hit_count(a, "word1x1"), 0);
    EXPECT_EQ(a.check_integrity(), std::vector<std::string>{});
}

// A path written twice in one file (a malformed collection repeating an id)
// must not trip the plain INSERT that new path rows get.
TEST(WritePath, ALocatorRepeatedInOneFileIsStoredOnce) {
    TempDir dir;
    const fs::path db = dir / "a.db";
    test::write_file(dir / "in" / "twice.jsonl",
                     "{\"title\": \"First copy\", \"text\": \"About the estuary and its herons.\"}\n"
                     "{\"title\": \"Second\", \"text\": \"About the harbour and its gulls.\"}\n");
    Archive a = Archive::open(db, OpenMode::read_write);
    ASSERT_EQ(a.ingest({dir / "in"}, IngestOptions{}, {}).added, 2);
    SQLite::Database c(db.string(), SQLite::OPEN_READONLY);
    EXPECT_EQ(c.execAndGet("SELECT count(*) FROM article_paths").getInt(), 2);
    // Rewritten with the same lines twice over: the second line's locator
    // meets rows this very file wrote (the old ones), and both stay consistent.
    test::write_file(dir / "in" / "twice.jsonl",
                     "{\"title\": \"Second\", \"text\": \"About the harbour and its gulls.\"}\n"
                     "{\"title\": \"First copy\", \"text\": \"About the estuary and its herons.\"}\n"
                     "{\"title\": \"Third\", \"text\": \"About the marsh and its curlews.\"}\n");
    const IngestSummary s = a.ingest({dir / "in"}, IngestOptions{}, {});
    EXPECT_EQ(s.added, 1);
    EXPECT_EQ(c.execAndGet("SELECT count(*) FROM article_paths").getInt(), 3);
    EXPECT_EQ(a.check_integrity(), std::vector<std::string>{});
    EXPECT_EQ(test::hit_count(a, "curlews"), 1);
}

TEST(Schema8, PassageKindIsCheckedWithoutATemporaryTable) {
    TempDir dir;
    const fs::path db = dir / "a.db";
    { Archive a = Archive::open(db, OpenMode::read_write); }
    SQLite::Database c(db.string(), SQLite::OPEN_READWRITE);
    store::prepare_connection(c);
    const std::string sql = c.execAndGet("SELECT sql FROM sqlite_schema WHERE name = 'passages'").getString();
    EXPECT_NE(sql.find("CHECK (kind = 'title' OR kind = 'paragraph' OR kind = 'footnote')"), std::string::npos) << sql;
    EXPECT_FALSE(plans_temporary_table(c, "INSERT INTO passages (id, article_id, kind, position, text) "
                                          "VALUES (1, 1, 'title', 0, 'x')"));
    c.exec("INSERT INTO articles (id, content_hash, title, format, byte_size, ingested_at) "
           "VALUES (1, 'h', 't', 'text', 1, '2020-01-01T00:00:00Z')");
    for (const char* kind : {"title", "paragraph", "footnote"})
        EXPECT_NO_THROW(c.exec(std::string("INSERT INTO passages (article_id, kind, position, text) VALUES (1, '") +
                               kind + "', 1, 'ok')"));
    EXPECT_THROW(c.exec("INSERT INTO passages (article_id, kind, position, text) VALUES (1, 'caption', 1, 'no')"),
                 SQLite::Exception);
    EXPECT_EQ(c.execAndGet("PRAGMA integrity_check").getString(), "ok");
}

// An archive of schema 7 keeps every row, and a connection that read the old
// definition before the upgrade reads the new one after it.
TEST(Schema8, UpgradeFromSevenKeepsRowsAndEveryConnectionSeesTheNewCheck) {
    TempDir dir;
    const fs::path db = dir / "a.db";
    {
        SQLite::Database c = test::create_archive_at_schema(db, 7);
        c.exec("INSERT INTO articles (id, content_hash, title, format, byte_size, ingested_at, language) "
               "VALUES (1, 'h1', 'Old title', 'text', 10, '2020-01-01T00:00:00Z', 'en')");
        c.exec("INSERT INTO passages (article_id, kind, position, text) VALUES "
               "(1, 'title', 0, 'Old title'), (1, 'paragraph', 1, 'An old paragraph about lapwings')");
    }
    SQLite::Database early(db.string(), SQLite::OPEN_READWRITE);
    store::prepare_connection(early);
    const std::string insert = "INSERT INTO passages (id, article_id, kind, position, text) VALUES (9, 1, 'title', 0, 'x')";
    ASSERT_TRUE(plans_temporary_table(early, insert)) << "schema 7's IN list";

    Archive a = Archive::open(db, OpenMode::read_write);
    EXPECT_EQ(a.stats().schema_version, latest_schema_version());
    EXPECT_EQ(test::hit_count(a, "lapwings"), 1);
    EXPECT_EQ(a.check_integrity(), std::vector<std::string>{});
    // Its next statement finds the schema version changed and reads the schema again.
    EXPECT_EQ(early.execAndGet("SELECT count(*) FROM passages").getInt(), 2);
    EXPECT_FALSE(plans_temporary_table(early, insert));
}

// Counts the bytes SQLite writes to statement journals ("subjournals") of
// connections opened while it is installed as the default VFS. With
// SQLITE_CONFIG_STMTJRNL_SPILL at 0 every statement journal is a file, so
// every page journaled is seen here.
class SubjournalCounter {
public:
    SubjournalCounter() {
        sqlite3_shutdown();
        sqlite3_config(SQLITE_CONFIG_STMTJRNL_SPILL, 0);
        sqlite3_initialize();
        base_ = sqlite3_vfs_find(nullptr);
        vfs_ = *base_;
        vfs_.zName = "subjournal-counter";
        vfs_.szOsFile = static_cast<int>(sizeof(File)) + base_->szOsFile;
        vfs_.pAppData = this;
        vfs_.xOpen = &SubjournalCounter::open;
        sqlite3_vfs_register(&vfs_, 1);
    }
    ~SubjournalCounter() {
        sqlite3_vfs_unregister(&vfs_);
        sqlite3_shutdown();
        sqlite3_config(SQLITE_CONFIG_STMTJRNL_SPILL, 64 * 1024);
        sqlite3_initialize();
    }
    SubjournalCounter(const SubjournalCounter&) = delete;
    SubjournalCounter& operator=(const SubjournalCounter&) = delete;
    long long bytes() const { return bytes_; }

private:
    // The base file follows this header in the same allocation.
    struct File {
        sqlite3_file header;
        SubjournalCounter* owner;
        sqlite3_file* base() { return reinterpret_cast<sqlite3_file*>(this + 1); }
    };
    static int open(sqlite3_vfs* vfs, const char* name, sqlite3_file* file, int flags, int* out_flags) {
        auto* self = static_cast<SubjournalCounter*>(vfs->pAppData);
        auto* f = reinterpret_cast<File*>(file);
        std::memset(f, 0, sizeof(File));
        const int rc = self->base_->xOpen(self->base_, name, f->base(), flags, out_flags);
        if (rc != SQLITE_OK) return rc;
        f->owner = self;
        if (!self->methods_) {
            self->io_ = *f->base()->pMethods;
            self->base_io_ = f->base()->pMethods;
            self->redirect();
        }
        f->header.pMethods = (flags & SQLITE_OPEN_SUBJOURNAL) ? &self->counting_io_ : &self->io_;
        return SQLITE_OK;
    }
    void redirect() {
        // Every method forwards to the base file; xWrite also counts.
        io_.xClose = [](sqlite3_file* f) { return base(f)->pMethods->xClose(base(f)); };
        io_.xRead = [](sqlite3_file* f, void* b, int n, sqlite3_int64 o) { return base(f)->pMethods->xRead(base(f), b, n, o); };
        io_.xWrite = [](sqlite3_file* f, const void* b, int n, sqlite3_int64 o) {
            return base(f)->pMethods->xWrite(base(f), b, n, o);
        };
        io_.xTruncate = [](sqlite3_file* f, sqlite3_int64 s) { return base(f)->pMethods->xTruncate(base(f), s); };
        io_.xSync = [](sqlite3_file* f, int fl) { return base(f)->pMethods->xSync(base(f), fl); };
        io_.xFileSize = [](sqlite3_file* f, sqlite3_int64* s) { return base(f)->pMethods->xFileSize(base(f), s); };
        io_.xLock = [](sqlite3_file* f, int l) { return base(f)->pMethods->xLock(base(f), l); };
        io_.xUnlock = [](sqlite3_file* f, int l) { return base(f)->pMethods->xUnlock(base(f), l); };
        io_.xCheckReservedLock = [](sqlite3_file* f, int* r) { return base(f)->pMethods->xCheckReservedLock(base(f), r); };
        io_.xFileControl = [](sqlite3_file* f, int op, void* a) { return base(f)->pMethods->xFileControl(base(f), op, a); };
        io_.xSectorSize = [](sqlite3_file* f) { return base(f)->pMethods->xSectorSize(base(f)); };
        io_.xDeviceCharacteristics = [](sqlite3_file* f) { return base(f)->pMethods->xDeviceCharacteristics(base(f)); };
        io_.xShmMap = [](sqlite3_file* f, int i, int s, int e, void volatile** p) {
            return base(f)->pMethods->xShmMap(base(f), i, s, e, p);
        };
        io_.xShmLock = [](sqlite3_file* f, int o, int n, int fl) { return base(f)->pMethods->xShmLock(base(f), o, n, fl); };
        io_.xShmBarrier = [](sqlite3_file* f) { base(f)->pMethods->xShmBarrier(base(f)); };
        io_.xShmUnmap = [](sqlite3_file* f, int d) { return base(f)->pMethods->xShmUnmap(base(f), d); };
        io_.xFetch = [](sqlite3_file* f, sqlite3_int64 o, int n, void** p) { return base(f)->pMethods->xFetch(base(f), o, n, p); };
        io_.xUnfetch = [](sqlite3_file* f, sqlite3_int64 o, void* p) { return base(f)->pMethods->xUnfetch(base(f), o, p); };
        counting_io_ = io_;
        counting_io_.xWrite = [](sqlite3_file* f, const void* b, int n, sqlite3_int64 o) {
            reinterpret_cast<File*>(f)->owner->bytes_ += n;
            return base(f)->pMethods->xWrite(base(f), b, n, o);
        };
        methods_ = true;
    }
    static sqlite3_file* base(sqlite3_file* f) { return reinterpret_cast<File*>(f)->base(); }

    sqlite3_vfs* base_ = nullptr;
    sqlite3_vfs vfs_{};
    sqlite3_io_methods io_{}, counting_io_{};
    const sqlite3_io_methods* base_io_ = nullptr;
    bool methods_ = false;
    long long bytes_ = 0;
};

// Every INSERT into passages (through its index trigger) and every path
// upsert kept a statement journal: each page it changed was copied first,
// about 7 pages (56 KB) per article, 350 MB over the developer corpus.
TEST(WritePath, RegressionEveryArticleCopiedThePagesItChanged) {
    TempDir dir;
    const fs::path db = dir / "a.db";
    constexpr int kArticles = 40;
    for (int i = 0; i < kArticles; ++i)
        test::write_file(dir / "in" / ("f" + std::to_string(100 + i) + ".txt"), article(i, 12));
    long long journaled = 0;
    {
        SubjournalCounter counter;
        {
            Archive a = Archive::open(db, OpenMode::read_write);
            const long long before = counter.bytes();
            EXPECT_EQ(a.ingest({dir / "in"}, IngestOptions{}, {}).added, kArticles);
            journaled = counter.bytes() - before;
            EXPECT_EQ(test::hit_count(a, "herons"), kArticles * 12);
        }
    }
    // What is left is the batch's one bulk index statement: a few pages.
    EXPECT_LT(journaled, 8 * 8192) << journaled << " bytes of statement journals for " << kArticles << " articles";
    Archive a = Archive::open(db, OpenMode::read_write);
    EXPECT_EQ(a.check_integrity(), std::vector<std::string>{});
}

} // namespace
} // namespace newsdb
