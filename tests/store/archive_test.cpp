// The library on temporary archives: storage, idempotency, replacement,
// failures that leave the archive as it was, reopening, integrity, search.
#include <gtest/gtest.h>

#include <SQLiteCpp/Database.h>

#include <map>

#include "newsdb/archive.hpp"
#include "newsdb/error.hpp"
#include "store/connection.hpp"
#include "store/free_pages.hpp"
#include "store/ingest.hpp"
#include "test_support.hpp"

namespace newsdb {
namespace {

using test::TempDir;
namespace fs = std::filesystem;

constexpr const char* kSample = "quwa-2020-02-pakistan-turkey-defence-ties.txt";

std::string sample_bytes() { return test::read_file(test::fixture(kSample)); }

// A logical fingerprint of everything stored, to prove a failure changed nothing.
std::string dump(const fs::path& db_path) {
    SQLite::Database db(db_path.string(), SQLite::OPEN_READONLY);
    std::string out;
    for (const char* table : {"articles", "article_paths", "passages", "footnotes", "citations", "boilerplate"}) {
        SQLite::Statement st(db, std::string("SELECT * FROM ") + table + " ORDER BY 1, 2");
        while (st.executeStep()) {
            out += table;
            for (int i = 0; i < st.getColumnCount(); ++i) {
                // ingested_at / first_seen are timestamps: the same row keeps its own.
                out += "|" + (st.getColumn(i).isNull() ? std::string("NULL") : st.getColumn(i).getString());
            }
            out += "\n";
        }
    }
    return out;
}

class ArchiveTest : public ::testing::Test {
protected:
    TempDir dir;
    fs::path db_path = dir / "archive.db";

    Archive open_rw() { return Archive::open(db_path, OpenMode::read_write); }

    IngestSummary ingest(Archive& a, const std::vector<fs::path>& paths) {
        return a.ingest(paths, IngestOptions{}, {});
    }

    fs::path write_article(const std::string& name, const std::string& bytes) {
        fs::path p = dir / "in" / name;
        test::write_file(p, bytes);
        return p;
    }

    void expect_sound(Archive& a) { EXPECT_EQ(a.check_integrity(), std::vector<std::string>{}); }
};

TEST_F(ArchiveTest, NewArchiveHasLatestSchemaAndWal) {
    Archive a = open_rw();
    EXPECT_EQ(a.stats().schema_version, latest_schema_version());
    SQLite::Database db(db_path.string(), SQLite::OPEN_READONLY);
    EXPECT_EQ(db.execAndGet("PRAGMA journal_mode").getString(), "wal");
    expect_sound(a);
}

TEST_F(ArchiveTest, SampleIsStoredExactly) {
    fs::path p = write_article(kSample, sample_bytes());
    Archive a = open_rw();
    IngestSummary s = ingest(a, {p});
    EXPECT_EQ(s.added, 1);
    auto art = a.article_by_path(p);
    ASSERT_TRUE(art.has_value());
    EXPECT_EQ(art->article.title, "Pakistan and Turkey Look to Deepen Defence Ties");
    ASSERT_EQ(art->paragraphs.size(), 7u);
    EXPECT_EQ(art->paragraphs.front().paragraph.text.rfind("On 14 February", 0), 0u);
    EXPECT_TRUE(art->paragraphs.back().paragraph.text.ends_with("(NSTP)."));
    EXPECT_TRUE(art->article.is_excerpt);
    EXPECT_EQ(art->article.words_shown, 304);
    EXPECT_EQ(art->article.words_total, 1399);
    ASSERT_EQ(art->article.footnotes.size(), 4u);
    EXPECT_EQ(art->article.footnotes[2].author, "Dilara Aslan");
    EXPECT_EQ(art->article.footnotes[2].publisher, "Daily Sabah");
    EXPECT_EQ(art->article.footnotes[0].date, "2020-02-14");

    std::map<int, std::vector<int>> cites;  // paragraph -> footnotes
    for (const auto& sp : art->paragraphs)
        for (const auto& c : sp.paragraph.citations) cites[sp.position].push_back(c.footnote_number);
    std::map<int, std::vector<int>> expected{{2, {1}}, {3, {2}}, {6, {3}}, {7, {4}}};
    EXPECT_EQ(cites, expected);

    // Chrome and paywall lines are kept aside, never as passages.
    EXPECT_FALSE(art->article.boilerplate.empty());
    EXPECT_TRUE(test::passage_hits(a, {"\"Skip to content\"", {}, 20, 0}).empty());
    EXPECT_TRUE(test::passage_hits(a, {"\"End of Excerpt\"", {}, 20, 0}).empty());
    expect_sound(a);
}

TEST_F(ArchiveTest, CitationMarksAreNotIndexedAsWords) {
    fs::path p = write_article(kSample, sample_bytes());
    Archive a = open_rw();
    ingest(a, {p});
    // "Pakistan.[1]" must index as "pakistan", not leave a "1" in paragraph 2.
    SearchOptions o{"1", PassageKind::paragraph, 20, 0};
    EXPECT_TRUE(test::passage_hits(a, o).empty());
}

TEST_F(ArchiveTest, ReingestSameContentIsUnchangedAndStoredOnce) {
    fs::path p = write_article(kSample, sample_bytes());
    Archive a = open_rw();
    ingest(a, {p});
    const std::string before = dump(db_path);
    IngestSummary s = ingest(a, {p});
    EXPECT_EQ(s.unchanged, 1);
    EXPECT_EQ(s.added + s.replaced + s.failed, 0);
    EXPECT_EQ(dump(db_path), before);
}

TEST_F(ArchiveTest, SameContentAtSecondPathIsOneArticleWithTwoPaths) {
    fs::path p1 = write_article("one.txt", sample_bytes());
    fs::path p2 = write_article("sub/two.txt", sample_bytes());
    Archive a = open_rw();
    IngestSummary s = ingest(a, {p1, p2});
    EXPECT_EQ(s.added, 1);
    EXPECT_EQ(s.duplicates, 1);
    EXPECT_EQ(s.unchanged, 0);
    EXPECT_EQ(a.stats().articles, 1);
    auto art = a.article_by_path(p2);
    ASSERT_TRUE(art);
    EXPECT_EQ(art->paths.size(), 2u);
    EXPECT_EQ(a.article_by_path(p1)->id, art->id);
}

TEST_F(ArchiveTest, ChangedFileReplacesItsArticle) {
    fs::path p = write_article("a.txt", "Old headline\n\nThe zeppelin landed in the old harbour.\n");
    Archive a = open_rw();
    ingest(a, {p});
    ASSERT_EQ(test::passage_hits(a, {"zeppelin", {}, 20, 0}).size(), 1u);
    test::write_file(p, "New headline\n\nThe submarine surfaced in the new harbour.\n");
    IngestSummary s = ingest(a, {p});
    EXPECT_EQ(s.replaced, 1);
    EXPECT_EQ(a.stats().articles, 1);
    EXPECT_TRUE(test::passage_hits(a, {"zeppelin", {}, 20, 0}).empty());
    EXPECT_EQ(test::passage_hits(a, {"submarine", {}, 20, 0}).size(), 1u);
    EXPECT_EQ(a.article_by_path(p)->article.title, "New headline");
    expect_sound(a);
}

TEST_F(ArchiveTest, ReplacingOneOfTwoPathsKeepsTheSharedArticle) {
    const std::string text = "Shared headline\n\nA paragraph about lighthouses.\n";
    fs::path p1 = write_article("one.txt", text), p2 = write_article("two.txt", text);
    Archive a = open_rw();
    ingest(a, {p1, p2});
    test::write_file(p2, "Other headline\n\nA paragraph about windmills.\n");
    ingest(a, {p2});
    EXPECT_EQ(a.stats().articles, 2);
    EXPECT_EQ(test::passage_hits(a, {"lighthouses", {}, 20, 0}).size(), 1u);
    EXPECT_EQ(a.article_by_path(p1)->paths.size(), 1u);
    expect_sound(a);
}

TEST_F(ArchiveTest, BadFilesFailWithReasonAndLeaveArchiveAsItWas) {
    fs::path good = write_article(kSample, sample_bytes());
    Archive a = open_rw();
    ingest(a, {good});
    const std::string before = dump(db_path);

    struct Case { std::string name, bytes, reason; };
    const std::vector<Case> cases = {
        {"empty.txt", "", "empty"},
        {"blank.txt", " \n\n \t\n", "empty"},
        {"binary.txt", std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16), "binary"},
        {"chrome_only.txt", "Skip to content\n\nAdvertisement\n", "no article text"},
    };
    for (const auto& c : cases) {
        fs::path p = write_article(c.name, c.bytes);
        std::vector<IngestResult> results;
        IngestSummary s = a.ingest({p}, {}, [&](const IngestResult& r) { results.push_back(r); });
        EXPECT_EQ(s.failed, 1) << c.name;
        ASSERT_EQ(results.size(), 1u);
        EXPECT_EQ(results[0].outcome, IngestOutcome::failed);
        EXPECT_NE(results[0].error.find(c.reason), std::string::npos) << c.name << ": " << results[0].error;
    }
    IngestSummary missing = ingest(a, {dir / "does-not-exist.txt"});
    EXPECT_EQ(missing.failed, 1);
    EXPECT_EQ(dump(db_path), before);
    expect_sound(a);
}

TEST_F(ArchiveTest, ChangedFileThatNoLongerParsesKeepsTheOldArticle) {
    fs::path p = write_article("a.txt", "Headline\n\nThe zeppelin landed.\n");
    Archive a = open_rw();
    ingest(a, {p});
    const std::string before = dump(db_path);
    test::write_file(p, std::string("\0\0\0binary", 9));
    EXPECT_EQ(ingest(a, {p}).failed, 1);
    EXPECT_EQ(dump(db_path), before);
    EXPECT_EQ(test::passage_hits(a, {"zeppelin", {}, 20, 0}).size(), 1u);
}

// Files are written in batches without a savepoint each: a database failure
// in the middle of a file rolls the whole batch back (files before it
// included), leaves the index sound, and a later ingest stores the batch.
TEST_F(ArchiveTest, DatabaseFailureMidBatchKeepsNoneOfTheBatchAndIngestingAgainStoresIt) {
    fs::path first = write_article("a/1.txt", "Earlier\n\nStored before the failure, about walruses.\n");
    {
        Archive a = open_rw();
        ingest(a, {first});
    }
    const std::string before = dump(db_path);
    write_article("b/1.txt", "Before\n\nThe batch's first file, about narwhals.\n");
    write_article("b/2.txt", "Boom\n\nThe file whose article cannot be stored, about narwhals.\n");
    write_article("b/3.txt", "After\n\nThe batch's last file, about narwhals.\n");
    {
        SQLite::Database raw(db_path.string(), SQLite::OPEN_READWRITE);
        raw.exec("CREATE TRIGGER test_boom BEFORE INSERT ON articles WHEN new.title = 'Boom' "
                 "BEGIN SELECT RAISE(ABORT, 'simulated failure'); END");
    }
    {
        Archive a = open_rw();
        std::vector<IngestResult> reported;
        EXPECT_THROW(a.ingest({dir / "in" / "b"}, {}, [&](const IngestResult& r) { reported.push_back(r); }), Error);
        EXPECT_TRUE(reported.empty()) << "results are reported only for committed batches";
        EXPECT_EQ(test::passage_hits(a, {"narwhals", {}, 20, 0}).size(), 0u);
        expect_sound(a);
    }
    EXPECT_EQ(dump(db_path), before);
    {
        SQLite::Database raw(db_path.string(), SQLite::OPEN_READWRITE);
        raw.exec("DROP TRIGGER test_boom");
    }
    Archive a = open_rw();
    EXPECT_EQ(ingest(a, {dir / "in" / "b"}).added, 3);
    EXPECT_EQ(test::passage_hits(a, {"narwhals", {}, 20, 0}).size(), 3u);
    EXPECT_EQ(test::passage_hits(a, {"walruses", {}, 20, 0}).size(), 1u);
    expect_sound(a);
}

// An article's passages are inserted with ids chosen up front, one row per
// statement in an ingest batch and several (16 at most) otherwise: either
// way the ids stay in order (title, notes, paragraphs), and notes and
// citations name the right passages.
TEST_F(ArchiveTest, LongArticleKeepsPassageIdsNotesAndCitationsAcrossInsertChunks) {
    auto long_article = [](const std::string& title) {
        std::string text = title + "\n\n";
        for (int i = 1; i <= 40; ++i)
            text += "Paragraph " + std::to_string(i) + " is about marker" + std::to_string(i) + "x.[" +
                    std::to_string(i % 3 + 1) + "]\n\n";
        return text + "Footnotes\n\n1. The first note\n2. The second note\n3. The third note\n";
    };
    fs::path p = write_article("long.txt", long_article("Forty paragraphs"));
    fs::path other = write_article("short.txt", "Short one\n\nA paragraph about voles.\n");
    Archive a = open_rw();
    ASSERT_EQ(ingest(a, {other}).added, 1);
    ASSERT_EQ(ingest(a, {p}).added, 1);                    // in a batch: a row per INSERT
    const auto bytes = a.ingest_bytes(long_article("Forty more paragraphs"), "more.txt", IngestOptions{});
    ASSERT_EQ(bytes.size(), 1u);                           // on its own: 16 rows per INSERT
    expect_sound(a);

    SQLite::Database db(db_path.string(), SQLite::OPEN_READONLY);
    for (const int64_t article : {a.article_by_path(p)->id, bytes[0].article_id}) {
        SCOPED_TRACE("article " + std::to_string(article));
        SQLite::Statement rows(db, "SELECT id, kind, position FROM passages WHERE article_id = ? ORDER BY id");
        rows.bind(1, article);
        std::vector<std::string> order;
        int64_t previous = 0;
        while (rows.executeStep()) {
            const int64_t id = rows.getColumn(0).getInt64();
            if (previous != 0) {
                EXPECT_EQ(id, previous + 1) << "ids are contiguous";
            }
            previous = id;
            order.push_back(rows.getColumn(1).getString() + " " + rows.getColumn(2).getString());
        }
        std::vector<std::string> expected = {"title 0", "footnote 1", "footnote 2", "footnote 3"};
        for (int i = 1; i <= 40; ++i) expected.push_back("paragraph " + std::to_string(i));
        EXPECT_EQ(order, expected);

        SQLite::Statement cites(db,
                                "SELECT p.position, f.number, fp.kind, fp.position FROM citations c "
                                "JOIN passages p ON p.id = c.paragraph_id JOIN footnotes f ON f.passage_id = c.footnote_id "
                                "JOIN passages fp ON fp.id = f.passage_id WHERE p.article_id = ? ORDER BY p.position");
        cites.bind(1, article);
        int count = 0;
        while (cites.executeStep()) {
            ++count;
            const int position = cites.getColumn(0).getInt();
            EXPECT_EQ(cites.getColumn(1).getInt(), position % 3 + 1) << "paragraph " << position;
            EXPECT_EQ(cites.getColumn(2).getString(), "footnote");
            EXPECT_EQ(cites.getColumn(3).getInt(), cites.getColumn(1).getInt());
        }
        EXPECT_EQ(count, 40);
    }
    const auto hits = test::passage_hits(a, {"marker37x", {}, 20, 0});
    ASSERT_EQ(hits.size(), 2u);
    EXPECT_EQ(hits[0].position, 37);
    EXPECT_EQ(test::passage_hits(a, {"voles", {}, 20, 0}).size(), 1u);
}

TEST_F(ArchiveTest, FolderIngestIsRecursiveSortedAndSkipsHiddenFiles) {
    write_article("b/2.txt", "Second\n\nBody of the second about otters.\n");
    write_article("a/1.txt", "First\n\nBody of the first about otters.\n");
    write_article(".hidden/3.txt", "Hidden\n\nBody about otters.\n");
    Archive a = open_rw();
    std::vector<std::string> order;
    IngestSummary s = a.ingest({dir / "in"}, {}, [&](const IngestResult& r) { order.push_back(r.path); });
    EXPECT_EQ(s.added, 2);
    ASSERT_EQ(order.size(), 2u);
    EXPECT_NE(order[0].find("a/1.txt"), std::string::npos);
    EXPECT_EQ(test::passage_hits(a, {"otters", {}, 20, 0}).size(), 2u);
}

// The walk (POSIX directory reads since it became the cost of a no-op
// re-ingest) keeps std::filesystem's order and its rules: a link to a file is
// a file, a link to a folder is not followed, a broken link is no file, and
// README-like or non-article names (also gzipped) are skipped with a reason.
TEST_F(ArchiveTest, FolderWalkOrderAndLinks) {
    write_article("a-b/1.txt", "One\n\nBody about otters.\n");
    write_article("a/2.txt", "Two\n\nBody about otters.\n");
    write_article("a/b/3.md", "Three\n\nBody about otters.\n");
    write_article("ab.txt", "Four\n\nBody about otters.\n");
    write_article("a/Readme.txt.gz", "not read");
    write_article("a/notes.tar.gz", "not read");
    const fs::path outside = dir / "outside";
    fs::create_directories(outside);
    test::write_file(outside / "5.txt", "Five\n\nBody about otters.\n");
    fs::create_symlink(outside / "5.txt", dir / "in" / "link.txt");
    fs::create_directory_symlink(outside, dir / "in" / "linked-folder");
    fs::create_symlink(dir / "nowhere.txt", dir / "in" / "broken.txt");
    Archive a = open_rw();
    std::vector<std::string> read, skipped;
    IngestSummary s = a.ingest({dir / "in"}, {}, [&](const IngestResult& r) {
        const std::string rel = fs::path(r.path).lexically_relative(dir / "in").string();
        (r.outcome == IngestOutcome::skipped ? skipped : read).push_back(rel);
    });
    EXPECT_EQ(s.added, 5);
    EXPECT_EQ(read, (std::vector<std::string>{"a/2.txt", "a/b/3.md", "a-b/1.txt", "ab.txt", "link.txt"}));
    EXPECT_EQ(skipped, (std::vector<std::string>{"a/Readme.txt.gz", "a/notes.tar.gz"}));
}

TEST_F(ArchiveTest, FolderWalkSkipsNonArticlesButExplicitFilesAreRead) {
    write_article("README.md", "Notes\n\nHow this folder was made.\n");
    write_article("convert.py", "print('hello')\n");
    write_article("story.txt", "Story\n\nA real article about puffins.\n");
    Archive a = open_rw();
    std::vector<IngestResult> results;
    IngestSummary s = a.ingest({dir / "in"}, {}, [&](const IngestResult& r) { results.push_back(r); });
    EXPECT_EQ(s.added, 1);
    EXPECT_EQ(s.skipped, 2);
    EXPECT_EQ(s.total(), 3);
    for (const auto& r : results) {
        if (r.outcome == IngestOutcome::skipped) {
            EXPECT_FALSE(r.error.empty()) << r.path;
        }
    }
    EXPECT_EQ(ingest(a, {dir / "in" / "README.md"}).added, 1);
}

TEST_F(ArchiveTest, ReopenKeepsEverything) {
    fs::path p = write_article(kSample, sample_bytes());
    {
        Archive a = open_rw();
        ingest(a, {p});
    }
    const std::string before = dump(db_path);
    Archive r = Archive::open(db_path, OpenMode::read_only);
    EXPECT_EQ(r.stats().articles, 1);
    EXPECT_FALSE(test::passage_hits(r, {"drones", {}, 20, 0}).empty());
    EXPECT_EQ(dump(db_path), before);
}

TEST_F(ArchiveTest, SearchRanksFiltersAndMarksMatches) {
    fs::path p = write_article(kSample, sample_bytes());
    Archive a = open_rw();
    ingest(a, {p});

    auto hits = test::passage_hits(a, {"erdogan", {}, 20, 0});
    ASSERT_FALSE(hits.empty());
    for (std::size_t i = 1; i < hits.size(); ++i) EXPECT_LE(hits[i - 1].score, hits[i].score);
    EXPECT_EQ(hits[0].title, "Pakistan and Turkey Look to Deepen Defence Ties");
    EXPECT_NE(hits[0].snippet.find(kMatchStart), std::string::npos);
    EXPECT_NE(hits[0].snippet.find(kMatchEnd), std::string::npos);
    EXPECT_NE(hits[0].path.find(kSample), std::string::npos);

    auto notes = test::passage_hits(a, {"\"Daily Sabah\"", PassageKind::footnote, 20, 0});
    ASSERT_EQ(notes.size(), 1u);
    EXPECT_EQ(notes[0].kind, PassageKind::footnote);
    EXPECT_EQ(notes[0].position, 3);

    // English stemming: agreement finds agreements.
    EXPECT_FALSE(test::passage_hits(a, {"agreement", PassageKind::paragraph, 20, 0}).empty());

    auto all = test::passage_hits(a, {"pakistan", {}, 100, 0});
    auto page = test::passage_hits(a, {"pakistan", {}, 2, 1});
    ASSERT_GE(all.size(), 3u);
    ASSERT_EQ(page.size(), 2u);
    EXPECT_EQ(page[0].passage_id, all[1].passage_id);

    SearchOptions each{"pakistan", {}, 1, 0};
    each.unit = SearchUnit::passage;
    int64_t visited = 0;
    const SearchTotals totals = a.search_each(each, true, [&](const SearchHit&) { ++visited; });
    EXPECT_EQ(visited, static_cast<int64_t>(all.size()));
    EXPECT_EQ(totals.passages, visited);
    EXPECT_EQ(totals.articles, 1);
}

TEST_F(ArchiveTest, PhraseOutranksScatteredWords) {
    Archive a = open_rw();
    ingest(a, {write_article("scattered.txt",
                             "Scattered\n\nThe industry said defence was a matter for the research ministry.\n"),
               write_article("phrase.txt",
                             "Phrase\n\nThe ministry said the defence industry was a matter for research.\n")});
    auto hits = test::passage_hits(a, {"\"defence industry\"", {}, 20, 0});
    ASSERT_EQ(hits.size(), 1u);
    EXPECT_EQ(hits[0].title, "Phrase");
}

TEST_F(ArchiveTest, InvalidQueryIsAnInvalidQueryError) {
    Archive a = open_rw();
    try {
        test::passage_hits(a, {"\"unclosed", {}, 20, 0});
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), Errc::invalid_query);
        EXPECT_EQ(std::string(e.what()).find("fts5"), std::string::npos) << e.what();
    }
}

TEST_F(ArchiveTest, ReadOnlyOpenOfMissingArchiveIsNotFound) {
    try {
        Archive::open(dir / "nope.db", OpenMode::read_only);
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), Errc::not_found);
    }
    EXPECT_FALSE(fs::exists(dir / "nope.db"));
}

TEST_F(ArchiveTest, NewerSchemaIsRefusedAndLeftUntouched) {
    { open_rw(); }
    {
        SQLite::Database db(db_path.string(), SQLite::OPEN_READWRITE);
        db.exec("PRAGMA user_version = 999");
    }
    const std::string before = test::read_file(db_path);
    for (OpenMode mode : {OpenMode::read_only, OpenMode::read_write}) {
        try {
            Archive::open(db_path, mode);
            FAIL();
        } catch (const Error& e) {
            EXPECT_EQ(e.code(), Errc::incompatible_archive);
            EXPECT_NE(std::string(e.what()).find("newer newsdb"), std::string::npos) << e.what();
        }
    }
    EXPECT_EQ(test::read_file(db_path), before);
}

TEST_F(ArchiveTest, OtherProgramsDatabaseIsRefused) {
    {
        SQLite::Database db(db_path.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        db.exec("CREATE TABLE contacts (name TEXT)");
    }
    try {
        open_rw();
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), Errc::incompatible_archive);
        EXPECT_NE(std::string(e.what()).find("another program"), std::string::npos);
    }
}

TEST_F(ArchiveTest, NonSqliteFileIsRefused) {
    test::write_file(db_path, std::string(4096, 'x'));
    try {
        open_rw();
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), Errc::incompatible_archive);
        EXPECT_NE(std::string(e.what()).find("not an SQLite database"), std::string::npos);
    }
    EXPECT_EQ(test::read_file(db_path), std::string(4096, 'x'));
}

TEST_F(ArchiveTest, ReadersAreNotBlockedByAWriter) {
    fs::path p = write_article(kSample, sample_bytes());
    { Archive a = open_rw(); ingest(a, {p}); }
    SQLite::Database writer(db_path.string(), SQLite::OPEN_READWRITE);
    writer.exec("BEGIN IMMEDIATE");
    writer.exec("INSERT INTO articles (content_hash, title, format, byte_size, ingested_at) "
                "VALUES ('x', 'uncommitted', 'text', 1, 'now')");
    Archive reader = Archive::open(db_path, OpenMode::read_only);
    EXPECT_EQ(reader.stats().articles, 1);  // sees the committed state, not blocked
    EXPECT_FALSE(test::passage_hits(reader, {"drones", {}, 20, 0}).empty());
    writer.exec("ROLLBACK");
}

TEST_F(ArchiveTest, OriginalsAreKeptByteIdenticalUnlessRefused) {
    const std::string bytes = sample_bytes();
    fs::path p = write_article(kSample, bytes);
    fs::path q = write_article("other.txt", "Other\n\nA paragraph about herons.\n");
    Archive a = open_rw();
    ingest(a, {p});
    IngestOptions no_originals;
    no_originals.keep_originals = false;
    a.ingest({q}, no_originals, {});
    const auto id = a.article_by_path(p)->id;
    ASSERT_TRUE(a.original(id).has_value());
    EXPECT_EQ(*a.original(id), bytes);
    EXPECT_FALSE(a.original(a.article_by_path(q)->id).has_value());
    EXPECT_FALSE(a.original(9999).has_value());
    const ArchiveStats st = a.stats();
    EXPECT_EQ(st.originals, 1);
    EXPECT_EQ(st.original_bytes, static_cast<int64_t>(bytes.size()));
    EXPECT_LT(st.original_stored_bytes, st.original_bytes);
}

TEST_F(ArchiveTest, ReplacingAFileDropsItsUnusedOriginal) {
    fs::path p = write_article("a.txt", "Old\n\nThe first version about owls.\n");
    Archive a = open_rw();
    ingest(a, {p});
    test::write_file(p, "New\n\nThe second version about owls.\n");
    ingest(a, {p});
    EXPECT_EQ(a.stats().originals, 1);
    EXPECT_EQ(*a.original(a.article_by_path(p)->id), "New\n\nThe second version about owls.\n");
}

// A new archive: 8 KB pages (less of each page unused) and incremental
// auto-vacuum, so an ingest can return the pages it freed.
TEST_F(ArchiveTest, NewArchiveHasLargePagesAndIncrementalAutoVacuum) {
    { Archive a = open_rw(); }
    SQLite::Database db(db_path.string(), SQLite::OPEN_READONLY);
    EXPECT_EQ(db.execAndGet("PRAGMA page_size").getInt(), 8192);
    EXPECT_EQ(db.execAndGet("PRAGMA auto_vacuum").getInt(), 2);  // incremental
}

// Setting auto_vacuum on an archive that has it writes the header, so it
// waited for the write lock: opening read-write beside an ingest blocked.
TEST_F(ArchiveTest, RegressionOpeningBesideAWriterDoesNotWaitForItsLock) {
    { Archive a = open_rw(); }
    SQLite::Database writer(db_path.string(), SQLite::OPEN_READWRITE);
    writer.exec("BEGIN IMMEDIATE");
    Archive a = open_rw();  // with the bug: SQLITE_BUSY after the 30 s busy timeout
    EXPECT_EQ(a.stats().articles, 0);
    writer.exec("COMMIT");
}

// A long article replaced by a short one frees the long one's pages. The
// file's size is read with the archive closed: its WAL is checkpointed then.
// batch_files 1: every batch, the last one too, commits before the ingest ends.
class FreedPagesTest : public ArchiveTest, public ::testing::WithParamInterface<int> {};

TEST_P(FreedPagesTest, IngestGivesBackThePagesItFreed) {
    IngestOptions options;
    options.batch_files = GetParam();
    std::string long_text = "A long headline\n\n";
    for (int i = 0; i < 400; ++i)
        long_text += "Paragraph " + std::to_string(i) + " tells of harbours, ships and the weather at sea.\n\n";
    fs::path p = write_article("a.txt", long_text);
    fs::path q = write_article("b.txt", "Another\n\nThe harbour master retired.\n");
    { Archive a = open_rw(); a.ingest({p, q}, options, {}); }
    const auto long_size = fs::file_size(db_path);
    test::write_file(p, "Short\n\nThe ship came in.\n");
    {
        Archive a = open_rw();
        EXPECT_EQ(a.ingest({p, q}, options, {}).replaced, 1);
        expect_sound(a);
    }
    SQLite::Database db(db_path.string(), SQLite::OPEN_READONLY);
    EXPECT_EQ(db.execAndGet("PRAGMA freelist_count").getInt(), 0);
    EXPECT_LT(fs::file_size(db_path), long_size);
}

// FTS5 writes a batch's index entries, and merges segments, when the
// transaction commits unless it is made to earlier: the pages the last merge
// freed were left free behind the final incremental vacuum (0.6 MB on the
// corpus). Each ingest here adds a segment; the eighth one's commit merges.
TEST_F(ArchiveTest, RegressionPagesFreedByTheLastSegmentMergeAreGivenBack) {
    for (int n = 0; n < 12; ++n) {
        std::string text = "Headline " + std::to_string(n) + "\n\n";
        for (int i = 0; i < 300; ++i)
            text += "Paragraph " + std::to_string(i) + " word" + std::to_string(n * 1000 + i) +
                    " tells of harbours, ships and the weather at sea.\n\n";
        fs::path p = write_article("m" + std::to_string(n) + ".txt", text);
        {
            Archive a = open_rw();
            EXPECT_EQ(ingest(a, {p}).added, 1);
        }
        SQLite::Database db(db_path.string(), SQLite::OPEN_READONLY);
        EXPECT_EQ(db.execAndGet("PRAGMA freelist_count").getInt(), 0) << "after ingest " << n + 1;
    }
}
INSTANTIATE_TEST_SUITE_P(BatchFiles, FreedPagesTest, ::testing::Values(500, 1));

TEST_F(ArchiveTest, GivingBackFreePagesBesideAWriterIsNotAnError) {
    { Archive a = open_rw(); }
    SQLite::Database writer(db_path.string(), SQLite::OPEN_READWRITE);
    writer.exec("BEGIN IMMEDIATE");
    SQLite::Database db(db_path.string(), SQLite::OPEN_READWRITE);  // no busy timeout: SQLITE_BUSY at once
    EXPECT_NO_THROW(store::release_free_pages(db));
    writer.exec("COMMIT");
}

TEST_F(ArchiveTest, ReparseGivesBackThePagesItFreed) {
    std::vector<fs::path> paths;
    for (int a = 0; a < 30; ++a) {
        std::string text = "Headline " + std::to_string(a) + "\n\n";
        for (int i = 0; i < 40; ++i)
            text += "Paragraph " + std::to_string(i) + " of article " + std::to_string(a) +
                    " tells of harbours, ships and the weather at sea.\n\n";
        paths.push_back(write_article("a" + std::to_string(a) + ".txt", text));
    }
    {
        Archive a = open_rw();
        ingest(a, paths);
        EXPECT_EQ(a.reparse({}).reparsed, 30);
        expect_sound(a);
    }
    SQLite::Database db(db_path.string(), SQLite::OPEN_READONLY);
    EXPECT_EQ(db.execAndGet("PRAGMA freelist_count").getInt(), 0);
}

TEST_F(ArchiveTest, ReparseRebuildsFromTheOriginalKeepingIdAndPaths) {
    fs::path p = write_article(kSample, sample_bytes());
    Archive a = open_rw();
    ingest(a, {p});
    const auto before = a.article_by_path(p);
    {
        // What an older, worse parser might have stored.
        SQLite::Database raw(db_path.string(), SQLite::OPEN_READWRITE);
        store::prepare_connection(raw);  // the FTS triggers need newsdb's tokenizer
        raw.exec("UPDATE articles SET title = 'wrong' ");
        raw.exec("DELETE FROM passages WHERE kind = 'paragraph' AND position > 3");
    }
    std::vector<std::string> failures;
    ReparseSummary s = a.reparse({}, [&](int64_t, const std::string& why) { failures.push_back(why); });
    EXPECT_EQ(s.reparsed, 1);
    EXPECT_EQ(s.failed, 0);
    EXPECT_TRUE(failures.empty());
    const auto after = a.article_by_path(p);
    ASSERT_TRUE(after);
    EXPECT_EQ(after->id, before->id);
    EXPECT_EQ(after->article.title, before->article.title);
    EXPECT_EQ(after->paragraphs.size(), 7u);
    EXPECT_EQ(after->paths, before->paths);
    expect_sound(a);
    EXPECT_FALSE(test::passage_hits(a, {"corvettes", PassageKind::paragraph, 20, 0}).empty());
}

TEST_F(ArchiveTest, ReparseWithoutOriginalsAndUnknownIds) {
    fs::path p = write_article("a.txt", "Title\n\nBody about larks.\n");
    Archive a = open_rw();
    IngestOptions no_originals;
    no_originals.keep_originals = false;
    a.ingest({p}, no_originals, {});
    const int64_t id = a.article_by_path(p)->id;
    ReparseSummary s = a.reparse({{id}});
    EXPECT_EQ(s.reparsed, 0);
    EXPECT_EQ(s.without_original, 1);
    EXPECT_EQ(s.failed, 0);
    // An id that is no article changes nothing, whatever else is asked.
    try {
        a.reparse({{id, 4242, 4343}});
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), Errc::not_found);
        EXPECT_EQ(e.message(), "no articles 4242, 4343");
    }
}

// A file of many articles is parsed once, not once per article (a JSON
// Lines export of 839 made the reparse of the developer corpus take minutes);
// each article keeps its id, paths and text, and the index matches.
TEST_F(ArchiveTest, Regression_ReparseParsedAFileOfManyArticlesOncePerArticle) {
    std::string lines;
    for (int i = 1; i <= 120; ++i)
        lines += R"({"title": "Story )" + std::to_string(i) + R"(", "text": "Storks number )" + std::to_string(i) +
                 R"( nested by the river.\n\nA second paragraph."})" + "\n";
    const fs::path jsonl = write_article("many.jsonl", lines);
    const fs::path txt = write_article("one.txt", "Headline\n\nA paragraph about cranes.\n");
    Archive a = open_rw();
    ingest(a, {jsonl, txt});
    std::vector<StoredArticle> before;
    for (int64_t id = 1; id <= 121; ++id) before.push_back(*a.article(id));
    const int64_t storks = test::hit_count(a, "storks");
    for (int jobs : {1, 3}) {
        std::vector<ReparseProgress> progress;
        ReparseOptions options;
        options.jobs = jobs;
        const ReparseSummary s = a.reparse(options, {}, [&](const ReparseProgress& p) { progress.push_back(p); });
        EXPECT_EQ(s.reparsed, 121);
        EXPECT_EQ(s.failed, 0);
        EXPECT_EQ(s.originals, 2);
        ASSERT_FALSE(progress.empty());
        EXPECT_EQ(progress.back().articles_done, 121);
        EXPECT_EQ(progress.back().articles_total, 121);
        for (int64_t id = 1; id <= 121; ++id) {
            const StoredArticle after = *a.article(id);
            const StoredArticle& was = before[static_cast<std::size_t>(id - 1)];
            EXPECT_EQ(after.article.title, was.article.title);
            EXPECT_EQ(after.paths, was.paths);
            EXPECT_EQ(after.locators, was.locators);
            EXPECT_EQ(test::texts(after.article), test::texts(was.article));
        }
        EXPECT_EQ(test::hit_count(a, "storks"), storks);
        expect_sound(a);
    }
}

TEST_F(ArchiveTest, ParallelIngestStoresInInputOrderLikeOneThread) {
    for (int i = 0; i < 60; ++i) {
        char name[32];
        std::snprintf(name, sizeof name, "f%02d.txt", i);
        write_article(name, "Headline number " + std::to_string(i) + "\n\nBody text about storks number " +
                                std::to_string(i) + ".\n");
    }
    auto titles = [&](int jobs, const fs::path& db) {
        Archive a = Archive::open(db, OpenMode::read_write);
        IngestOptions o;
        o.jobs = jobs;
        std::vector<IngestProgress> progress;
        a.ingest({dir / "in"}, o, {}, [&](const IngestProgress& pr) { progress.push_back(pr); });
        EXPECT_FALSE(progress.empty());
        EXPECT_EQ(progress.back().files_total, 60);
        EXPECT_EQ(progress.back().files_done, 60);
        std::vector<std::string> out;
        for (int64_t id = 1; id <= 60; ++id) out.push_back(a.article(id)->article.title);
        return out;
    };
    const auto one = titles(1, dir / "one.db");
    const auto four = titles(4, dir / "four.db");
    EXPECT_EQ(one, four);
    EXPECT_EQ(one.front(), "Headline number 0");
}

TEST_F(ArchiveTest, StdinArticlesAreToldApartByContent) {
    Archive a = open_rw();
    auto outcome = [&](const std::string& bytes) {
        auto results = a.ingest_bytes(bytes, "-", {});
        EXPECT_EQ(results.size(), 1u);
        return results.empty() ? IngestOutcome::failed : results[0].outcome;
    };
    EXPECT_EQ(outcome("One\n\nFirst piped article about kites.\n"), IngestOutcome::added);
    EXPECT_EQ(outcome("Two\n\nSecond piped article about kites.\n"), IngestOutcome::added);
    EXPECT_EQ(outcome("Two\n\nSecond piped article about kites.\n"), IngestOutcome::unchanged);
    EXPECT_EQ(a.stats().articles, 2);
}

} // namespace
} // namespace newsdb
