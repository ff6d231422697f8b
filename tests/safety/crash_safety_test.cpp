// Crash safety: `newsdb ingest` killed with SIGKILL at many moments never
// leaves a damaged archive or a half-stored article, and re-running the ingest
// ends with exactly what a clean run stores.
//
// Longer local runs: NEWSDB_SAFETY_ARTICLES (corpus size), NEWSDB_SAFETY_KILLS,
// NEWSDB_SAFETY_SEED.
#include <gtest/gtest.h>

#include <iostream>

#include "newsdb/archive.hpp"
#include "newsdb/error.hpp"
#include "safety/safety_support.hpp"

namespace newsdb {
namespace {

using namespace safety;
using test::TempDir;

// Everything that must hold after any kill. Returns the number of articles
// stored; records failures with gtest.
int64_t expect_sound_archive(const fs::path& path, const std::map<std::string, ArticleShape>& clean,
                             const std::string& when) {
    if (!fs::exists(path)) return 0;  // killed before the file was created
    int64_t count = 0;
    {
        // The raw state first, before newsdb opens (and could migrate) it.
        SQLite::Database db(path.string(), SQLite::OPEN_READWRITE);
        if (!has_table(db, "articles")) {
            // Killed while the schema was being created: the transaction rolled back.
            EXPECT_EQ(scalar(db, "SELECT count(*) FROM sqlite_schema"), 0) << when;
            return 0;
        }
        for (const auto& [what, sql] : half_stored_checks())
            EXPECT_EQ(scalar(db, sql), 0) << when << ": " << what;
        count = scalar(db, "SELECT count(*) FROM articles");
        const auto shapes = article_shapes(db);
        for (const auto& [p, shape] : shapes) {
            auto it = clean.find(p);
            if (it == clean.end()) {
                ADD_FAILURE() << when << ": stored a path a clean run does not: " << p;
                continue;
            }
            EXPECT_EQ(shape, it->second) << when << ": article for " << p << " differs from the clean run's ("
                                         << shape.paragraphs << " vs " << it->second.paragraphs << " paragraphs)";
        }
    }
    // PRAGMA integrity_check, foreign_key_check and the FTS5 integrity-check.
    try {
        Archive archive = Archive::open(path, OpenMode::read_write);
        const auto problems = archive.check_integrity();
        EXPECT_TRUE(problems.empty()) << when << ": " << (problems.empty() ? "" : problems.front());
    } catch (const Error& e) {
        ADD_FAILURE() << when << ": cannot open the archive: " << e.message();
    }
    return count;
}

TEST(CrashSafety, KilledIngestNeverLeavesAHalfStoredArticle) {
    const int articles = static_cast<int>(env_int("NEWSDB_SAFETY_ARTICLES", 300 / kSlowdown));
    const int kills = static_cast<int>(env_int("NEWSDB_SAFETY_KILLS", 50));
    const auto seed = static_cast<uint32_t>(env_int("NEWSDB_SAFETY_SEED", 20240601));

    TempDir dir;
    const fs::path corpus = dir / "corpus";
    write_corpus(corpus, CorpusOptions{articles, seed, "a", 100});

    // The reference: one uninterrupted run.
    const fs::path clean_db = dir / "clean.db";
    auto clean_run = run({"--db", clean_db.string(), "ingest", corpus.string()}, dir.path());
    ASSERT_EQ(clean_run.exit_code, 0) << clean_run.describe();
    std::map<std::string, ArticleShape> clean;
    {
        SQLite::Database db(clean_db.string(), SQLite::OPEN_READONLY);
        clean = article_shapes(db);
        ASSERT_EQ(clean.size(), static_cast<std::size_t>(articles));
        ASSERT_GT(scalar(db, "SELECT count(*) FROM footnotes"), 0) << "the corpus must exercise footnotes";
        ASSERT_GT(scalar(db, "SELECT count(*) FROM citations"), 0) << "the corpus must exercise citations";
        for (const auto& [what, sql] : half_stored_checks()) ASSERT_EQ(scalar(db, sql), 0) << "clean run: " << what;
    }
    // Kill delays scale with how long a whole run takes on this machine, so
    // that a run is cut several times before it completes.
    const auto whole_ms = std::max<int64_t>(50, static_cast<int64_t>(clean_run.seconds * 1000));

    const fs::path db = dir / "crash.db";
    std::mt19937 rng(seed);
    int kills_done = 0, grew = 0, incomplete = 0, completions = 0;
    int64_t stored = 0;
    while (kills_done < kills) {
        // A quarter of the kills land in the first milliseconds (opening,
        // creating the schema); the rest anywhere in the ingest. Ingest commits
        // in batches of up to 0.25 s, so a kill must come after the first batch
        // for the archive to grow: the window spans the whole clean run.
        const bool early = std::uniform_int_distribution<int>(0, 3)(rng) == 0;
        const auto delay = std::chrono::microseconds(
            early ? std::uniform_int_distribution<int64_t>(0, 15'000)(rng)
                  : std::uniform_int_distribution<int64_t>(1'000, whole_ms * 1000)(rng));
        // Small batches: each commit is a point where a kill finds the archive grown.
        Child child({"--db", db.string(), "ingest", "--batch", "10", corpus.string()}, dir.path());
        const auto kill_at = Clock::now() + delay;
        std::optional<ExitInfo> ended;
        while (!(ended = child.poll()) && Clock::now() < kill_at)
            std::this_thread::sleep_for(std::chrono::microseconds(200));
        const std::string when = "after kill " + std::to_string(kills_done + 1) + " (" +
                                 std::to_string(delay.count() / 1000) + " ms)";
        if (ended) {
            // The ingest finished before the kill: it must be the clean result.
            ASSERT_EQ(ended->exit_code, 0) << ended->describe();
            EXPECT_EQ(ended->err.find("locked"), std::string::npos) << ended->err;
            ++completions;
            expect_sound_archive(db, clean, "completed run");
            SQLite::Database check(db.string(), SQLite::OPEN_READONLY);
            EXPECT_EQ(article_shapes(check), clean) << "a resumed ingest differs from a clean one";
            remove_archive(db);  // start over, so that more kills land mid-ingest
            stored = 0;
            continue;
        }
        child.kill(SIGKILL);
        const auto info = child.wait();
        if (info.signal != SIGKILL) {
            // The ingest finished between the last poll and the kill: a completed run.
            ASSERT_EQ(info.exit_code, 0) << info.describe();
            ++completions;
            expect_sound_archive(db, clean, "completed run");
            remove_archive(db);
            stored = 0;
            continue;
        }
        ++kills_done;
        const int64_t now = expect_sound_archive(db, clean, when);
        if (now > stored) ++grew;
        // The kill cut an ingest that had stored some but not all articles.
        if (now > stored || (now > 0 && now < articles)) ++incomplete;
        EXPECT_GE(now, stored) << when << ": articles disappeared";
        stored = now;
        if (HasFailure()) break;  // one broken state is enough to look at
    }

    // Re-running the same ingest completes with exactly the clean result.
    auto final_run = run({"--db", db.string(), "ingest", corpus.string()}, dir.path());
    EXPECT_EQ(final_run.exit_code, 0) << final_run.describe();
    expect_sound_archive(db, clean, "final run");
    {
        SQLite::Database check(db.string(), SQLite::OPEN_READONLY);
        EXPECT_EQ(scalar(check, "SELECT count(*) FROM articles"), articles);
        EXPECT_EQ(article_shapes(check), clean);
    }

    std::cout << "[ figures  ] " << articles << " articles, " << kills_done << " SIGKILLs (" << grew
              << " after the archive grew, " << incomplete << " with it incomplete), " << completions << " completed runs, clean run "
              << whole_ms << " ms\n";
    RecordProperty("kills", kills_done);
    RecordProperty("kills_mid_ingest", incomplete);
    // Kills that only ever hit startup would prove nothing. (A whole run is
    // only a few batches long, so a resumed run often dies before it commits.)
    EXPECT_GE(incomplete, kills / 8) << "too few kills landed mid-ingest";
}

} // namespace
} // namespace newsdb
