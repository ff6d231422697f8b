// Crash safety of the commands that rewrite an existing archive: the search
// index rebuild (run on open when the archive's recorded tokenizer version is
// not this newsdb's) and `newsdb reparse`. Killed with SIGKILL at any moment,
// each leaves either the old state or the new one, never a mix, and the next
// open finishes the job with the same articles and the same search results.
//
// Longer local runs: NEWSDB_SAFETY_REBUILD_ARTICLES, NEWSDB_SAFETY_REBUILD_KILLS,
// NEWSDB_SAFETY_REPARSE_ARTICLES, NEWSDB_SAFETY_REPARSE_KILLS, NEWSDB_SAFETY_SEED.
#include <gtest/gtest.h>

#include <cstdio>
#include <iostream>

#include "newsdb/archive.hpp"
#include "newsdb/error.hpp"
#include "safety/safety_support.hpp"
#include "store/connection.hpp"
#include "tokenizer/tokenizer.hpp"

namespace newsdb {
namespace {

using namespace safety;
using test::TempDir;

// What an archive written by an older newsdb records. The tokenizer itself is
// unchanged, so the old index stays valid for the integrity checks: only the
// label makes newsdb rebuild.
constexpr const char* kStaleVersion = "newsdb-0 icu-0.0 unicode-0.0 (written by an older newsdb)";

void set_tokenizer_version(const fs::path& path, const std::string& version) {
    SQLite::Database db(path.string(), SQLite::OPEN_READWRITE);
    SQLite::Statement st(db, "UPDATE settings SET value = ?1 WHERE key = 'tokenizer_version'");
    st.bind(1, version);
    ASSERT_EQ(st.exec(), 1) << "the archive records no tokenizer_version";
}

std::string tokenizer_version_of(const fs::path& path) {
    SQLite::Database db(path.string(), SQLite::OPEN_READONLY);
    SQLite::Statement st(db, "SELECT value FROM settings WHERE key = 'tokenizer_version'");
    return st.executeStep() ? st.getColumn(0).getString() : std::string("(none)");
}

// The process holding the archive's write lock, if any: SQLite's WAL-index
// file keeps the WAL_WRITE_LOCK as a POSIX lock on byte 120 of <db>-shm
// (https://www.sqlite.org/walformat.html). Looking does not take the lock.
std::optional<pid_t> write_lock_holder(const fs::path& db) {
    const std::string shm = db.string() + "-shm";
    const int fd = open(shm.c_str(), O_RDONLY);
    if (fd < 0) return std::nullopt;
    struct flock probe{};
    probe.l_type = F_WRLCK;
    probe.l_whence = SEEK_SET;
    probe.l_start = 120;
    probe.l_len = 1;
    const int rc = fcntl(fd, F_GETLK, &probe);
    close(fd);
    if (rc != 0 || probe.l_type == F_UNLCK) return std::nullopt;
    return probe.l_pid;
}

const std::vector<std::string>& probe_queries() {
    static const std::vector<std::string> queries = {
        "\"coastal farmers\"", "\"glacier tariff\" -harbour", "\"reactor treaty\" OR \"museum bridge\"",
        "courier",  // footnotes only
    };
    return queries;
}

// At article level: the words of an AND anywhere in an article.
const std::vector<std::string>& article_probe_queries() {
    static const std::vector<std::string> queries = {
        "\"coastal farmers\"", "glacier tariff", "reactor museum -\"coastal farmers\"", "courier",
    };
    return queries;
}

// query -> every hit, passages as "article kind position score" and articles
// as "article score", sorted. Keyed by article and position rather than
// passage id (reparse renumbers passages), and sorted so that ties in score
// may come in any order.
using ProbeResults = std::map<std::string, std::vector<std::string>>;

ProbeResults search_results(Archive& archive) {
    ProbeResults results;
    for (const SearchUnit unit : {SearchUnit::passage, SearchUnit::article}) {
        for (const auto& q : unit == SearchUnit::passage ? probe_queries() : article_probe_queries()) {
            SearchOptions options;
            options.query = q;
            options.limit = 0;
            options.unit = unit;
            auto& hits = results[std::string(search_unit_name(unit)) + ": " + q];
            for (const SearchHit& h : archive.search(options).hits) {
                char score[32];
                std::snprintf(score, sizeof score, "%.9g", h.score);
                std::string line = std::to_string(h.article.id) + " ";
                if (unit == SearchUnit::passage)
                    line += std::string(passage_kind_name(h.passages.at(0).kind)) + " " +
                            std::to_string(h.passages.at(0).position) + " ";
                hits.push_back(line + score);
            }
            std::sort(hits.begin(), hits.end());
        }
    }
    return results;
}

// "" when equal, else the first difference, readably.
std::string shape_difference(const std::map<std::string, ArticleShape>& got,
                             const std::map<std::string, ArticleShape>& want) {
    auto describe = [](const ArticleShape& a) {
        return "'" + a.title + "', " + std::to_string(a.paragraphs) + " paragraphs, " + std::to_string(a.footnotes) +
               " footnotes, " + std::to_string(a.citations) + " citations, " + std::to_string(a.text_bytes) +
               " bytes";
    };
    for (const auto& [path, shape] : want) {
        auto it = got.find(path);
        if (it == got.end()) return "missing: " + path;
        if (it->second != shape) return path + ": " + describe(it->second) + " instead of " + describe(shape);
    }
    for (const auto& [path, shape] : got)
        if (!want.count(path)) return "unexpected: " + path;
    return "";
}

std::string results_difference(const ProbeResults& got, const ProbeResults& want) {
    for (const auto& [query, hits] : want) {
        auto it = got.find(query);
        const std::vector<std::string> none;
        const auto& have = it == got.end() ? none : it->second;
        if (have == hits) continue;
        const auto [a, b] = std::mismatch(have.begin(), have.end(), hits.begin(), hits.end());
        return "'" + query + "': " + std::to_string(have.size()) + " hits instead of " + std::to_string(hits.size()) +
               "; first difference: " + (a == have.end() ? "(none)" : *a) + " instead of " +
               (b == hits.end() ? "(none)" : *b);
    }
    return "";
}

// article id -> its passage ids, to see which articles a reparse rewrote.
std::map<int64_t, std::vector<int64_t>> passage_ids(const fs::path& path) {
    SQLite::Database db(path.string(), SQLite::OPEN_READONLY);
    SQLite::Statement st(db, "SELECT article_id, id FROM passages ORDER BY article_id, id");
    std::map<int64_t, std::vector<int64_t>> ids;
    while (st.executeStep()) ids[st.getColumn(0).getInt64()].push_back(st.getColumn(1).getInt64());
    return ids;
}

// The raw state a kill left, before newsdb opens (and so repairs) it: sound
// SQLite, no half-stored article, the same articles as before, and a search
// index that matches the passages (the old one or the new one, whole).
// Returns the tokenizer version recorded.
std::string expect_sound_raw(const fs::path& path, const std::map<std::string, ArticleShape>& shapes,
                             const std::string& when) {
    SQLite::Database db(path.string(), SQLite::OPEN_READWRITE);
    store::prepare_connection(db);  // the index's tokenizer, for FTS5's own check
    {
        SQLite::Statement st(db, "PRAGMA integrity_check");
        std::vector<std::string> lines;
        while (st.executeStep()) lines.push_back(st.getColumn(0).getString());
        EXPECT_EQ(lines, std::vector<std::string>{"ok"}) << when << ": PRAGMA integrity_check";
    }
    for (const auto& [what, sql] : half_stored_checks()) EXPECT_EQ(scalar(db, sql), 0) << when << ": " << what;
    EXPECT_EQ(shape_difference(article_shapes(db), shapes), "") << when << ": the stored articles changed";
    try {
        db.exec("INSERT INTO passages_fts(passages_fts, rank) VALUES ('integrity-check', 1)");
    } catch (const SQLite::Exception& e) {
        ADD_FAILURE() << when << ": the index left by the kill does not match the passages: " << e.what();
    }
    SQLite::Statement st(db, "SELECT value FROM settings WHERE key = 'tokenizer_version'");
    return st.executeStep() ? st.getColumn(0).getString() : std::string("(none)");
}

// What must hold once newsdb has opened the archive again (finishing any
// rebuild): all integrity checks, the current tokenizer version and the
// original search results.
void expect_finished(const fs::path& path, const ProbeResults& reference, const std::string& when) {
    try {
        Archive archive = Archive::open(path, OpenMode::read_write);
        const auto problems = archive.check_integrity();
        EXPECT_TRUE(problems.empty()) << when << ": " << (problems.empty() ? "" : problems.front());
        EXPECT_EQ(results_difference(search_results(archive), reference), "")
            << when << ": search results differ from the original's";
    } catch (const Error& e) {
        ADD_FAILURE() << when << ": cannot open the archive: " << e.message();
    }
    EXPECT_EQ(tokenizer_version_of(path), tokenizer::tokenizer_version()) << when << ": the index was not rebuilt";
}

struct Reference {
    std::map<std::string, ArticleShape> shapes;
    ProbeResults results;
};

// Ingests `articles` generated articles into `db` with the real binary.
Reference build_archive(const TempDir& dir, const fs::path& db, int articles, uint32_t seed) {
    const fs::path corpus = dir / "corpus";
    write_corpus(corpus, CorpusOptions{articles, seed, "r", 40});
    Reference ref;
    const auto ingest = run({"--db", db.string(), "ingest", corpus.string()}, dir.path());
    EXPECT_EQ(ingest.exit_code, 0) << ingest.describe();
    {
        SQLite::Database raw(db.string(), SQLite::OPEN_READONLY);
        ref.shapes = article_shapes(raw);
        EXPECT_EQ(ref.shapes.size(), static_cast<std::size_t>(articles));
        EXPECT_GT(scalar(raw, "SELECT count(*) FROM citations"), 0) << "the corpus must exercise citations";
    }
    Archive archive = Archive::open(db, OpenMode::read_only);
    ref.results = search_results(archive);
    for (const auto& [q, hits] : ref.results) EXPECT_FALSE(hits.empty()) << "no hits for " << q << ": a weak probe";
    return ref;
}

int64_t to_ms(double seconds) { return static_cast<int64_t>(seconds * 1000); }

TEST(RebuildCrashSafety, KilledIndexRebuildLeavesTheOldIndexOrTheNewOne) {
    const int articles = static_cast<int>(env_int("NEWSDB_SAFETY_REBUILD_ARTICLES", 400 / kSlowdown));
    const int kills = static_cast<int>(env_int("NEWSDB_SAFETY_REBUILD_KILLS", 24));
    const auto seed = static_cast<uint32_t>(env_int("NEWSDB_SAFETY_SEED", 20240601));

    TempDir dir;
    const fs::path db = dir / "archive.db";
    const Reference ref = build_archive(dir, db, articles, seed);
    ASSERT_FALSE(HasFailure());
    const std::string current = tokenizer_version_of(db);
    ASSERT_EQ(current, tokenizer::tokenizer_version());

    // Each command that opens an archive rebuilds a stale index, read-only ones
    // included (they upgrade in place, then read).
    const std::vector<std::vector<std::string>> commands = {
        {"stats"}, {"search", "harbour"}, {"check"}, {"export", "minister", "--format", "jsonl"}};

    // `newsdb stats` uninterrupted, without and with a rebuild, sets the kill window.
    const auto plain = run({"--db", db.string(), "stats"}, dir.path());
    ASSERT_EQ(plain.exit_code, 0) << plain.describe();
    set_tokenizer_version(db, kStaleVersion);
    const auto rebuilding = run({"--db", db.string(), "stats"}, dir.path());
    ASSERT_EQ(rebuilding.exit_code, 0) << rebuilding.describe();
    expect_finished(db, ref.results, "uninterrupted rebuild");
    ASSERT_FALSE(HasFailure());
    const int64_t startup_ms = to_ms(plain.seconds);
    // A little past the end, so that some kills land after the commit.
    const int64_t window_ms = std::max<int64_t>(startup_ms + 20, to_ms(rebuilding.seconds * 1.1));

    std::mt19937 rng(seed);
    int kills_done = 0, mid_rebuild = 0, before_rebuild = 0, after_rebuild = 0, completions = 0;
    // The rebuild is a small part of each run (a sanitizer build, under load,
    // starts in ~90 ms and rebuilds in ~15): go on past `kills` until a
    // quarter of them have landed mid-rebuild, within a bound.
    auto enough = [&] { return kills_done >= kills && mid_rebuild >= kills / 4; };
    for (int attempt = 0; !enough() && attempt < kills * 8; ++attempt) {
        set_tokenizer_version(db, kStaleVersion);
        const auto& command = commands[static_cast<std::size_t>(attempt) % commands.size()];
        std::vector<std::string> args{"--db", db.string()};
        args.insert(args.end(), command.begin(), command.end());
        // A quarter of the kills land while newsdb starts (before the rebuild);
        // the rest from then until a little after a whole run's end. Sanitizer
        // builds start slowly, so a window starting at 0 would rarely hit the rebuild.
        const bool early = std::uniform_int_distribution<int>(0, 3)(rng) == 0;
        const auto delay = std::chrono::microseconds(
            early ? std::uniform_int_distribution<int64_t>(0, startup_ms * 1000)(rng)
                  : std::uniform_int_distribution<int64_t>(startup_ms * 1000, window_ms * 1000)(rng));
        const std::string when = "kill " + std::to_string(kills_done + 1) + " of `newsdb " + command.front() +
                                 "` after " + std::to_string(delay.count() / 1000) + " ms";

        Child child(args, dir.path());
        const auto kill_at = Clock::now() + delay;
        std::optional<ExitInfo> ended;
        while (!(ended = child.poll()) && Clock::now() < kill_at)
            std::this_thread::sleep_for(std::chrono::microseconds(200));
        bool locked = false;
        if (!ended) {
            // Holding the write lock after migrations means rebuilding (the
            // only write these commands make).
            locked = write_lock_holder(db) == child.pid();
            child.kill(SIGKILL);
            ended = child.wait();
        }
        if (ended->signal != SIGKILL) {
            // Finished before the kill: a completed rebuild.
            ASSERT_EQ(ended->exit_code, 0) << when << ": " << ended->describe();
            ++completions;
            expect_finished(db, ref.results, "completed run");
            continue;
        }
        ++kills_done;
        const std::string left = expect_sound_raw(db, ref.shapes, when);
        if (left == current) ++after_rebuild;
        else if (locked) ++mid_rebuild;
        else ++before_rebuild;
        EXPECT_TRUE(left == current || left == kStaleVersion) << when << ": recorded version '" << left << "'";
        expect_finished(db, ref.results, when);
        if (HasFailure()) break;  // one broken state is enough to look at
    }

    std::cout << "[ figures  ] " << articles << " articles, " << kills_done << " SIGKILLs during an index rebuild: "
              << mid_rebuild << " mid-rebuild, " << before_rebuild << " before it began, " << after_rebuild
              << " after it committed; " << completions << " completed runs; `newsdb stats` " << startup_ms
              << " ms without a rebuild, " << to_ms(rebuilding.seconds) << " ms with one\n";
    RecordProperty("kills", kills_done);
    RecordProperty("kills_mid_rebuild", mid_rebuild);
    EXPECT_GE(kills_done, kills) << "too many runs finished before their kill";
    // Kills that never hit the rebuild itself would prove nothing.
    EXPECT_GE(mid_rebuild, kills / 4) << "too few kills landed mid-rebuild";
}

TEST(RebuildCrashSafety, KilledReparseLeavesEveryArticleWhole) {
    const int articles = static_cast<int>(env_int("NEWSDB_SAFETY_REPARSE_ARTICLES", 150 / kSlowdown));
    const int kills = static_cast<int>(env_int("NEWSDB_SAFETY_REPARSE_KILLS", 6));
    const auto seed = static_cast<uint32_t>(env_int("NEWSDB_SAFETY_SEED", 20240601)) + 1;

    TempDir dir;
    const fs::path db = dir / "archive.db";
    const Reference ref = build_archive(dir, db, articles, seed);
    ASSERT_FALSE(HasFailure());

    // An uninterrupted reparse re-derives the same articles: the baseline, and
    // the kill window.
    // Small batches (each a transaction), so that kills land between them.
    const std::vector<std::string> reparse = {"--db", db.string(), "reparse", "--batch", "5"};
    const auto clean = run(reparse, dir.path());
    ASSERT_EQ(clean.exit_code, 0) << clean.describe();
    ASSERT_NE(clean.err.find("reparsed " + std::to_string(articles) + " articles"), std::string::npos) << clean.err;
    expect_sound_raw(db, ref.shapes, "uninterrupted reparse");
    expect_finished(db, ref.results, "uninterrupted reparse");
    ASSERT_FALSE(HasFailure());
    const int64_t window_ms = std::max<int64_t>(20, to_ms(clean.seconds));

    std::mt19937 rng(seed);
    int kills_done = 0, mid_reparse = 0, completions = 0;
    for (int attempt = 0; kills_done < kills && attempt < kills * 4; ++attempt) {
        const auto before = passage_ids(db);
        const auto delay =
            std::chrono::microseconds(std::uniform_int_distribution<int64_t>(0, window_ms * 1000)(rng));
        const std::string when = "kill " + std::to_string(kills_done + 1) + " of `newsdb reparse` after " +
                                 std::to_string(delay.count() / 1000) + " ms";
        Child child(reparse, dir.path());
        const auto kill_at = Clock::now() + delay;
        std::optional<ExitInfo> ended;
        while (!(ended = child.poll()) && Clock::now() < kill_at)
            std::this_thread::sleep_for(std::chrono::microseconds(200));
        if (!ended) {
            child.kill(SIGKILL);
            ended = child.wait();
        }
        if (ended->signal != SIGKILL) {
            ASSERT_EQ(ended->exit_code, 0) << when << ": " << ended->describe();
            ++completions;
            expect_sound_raw(db, ref.shapes, "completed reparse");
            expect_finished(db, ref.results, "completed reparse");
            continue;
        }
        ++kills_done;
        expect_sound_raw(db, ref.shapes, when);
        // Some articles rewritten (new passage ids), some not yet: cut mid-way.
        const auto after = passage_ids(db);
        int64_t rewritten = 0;
        for (const auto& [id, passages] : after) rewritten += before.count(id) && before.at(id) != passages;
        if (rewritten > 0 && rewritten < articles - 1) ++mid_reparse;
        expect_finished(db, ref.results, when);
        if (HasFailure()) break;
    }

    std::cout << "[ figures  ] " << articles << " articles, " << kills_done << " SIGKILLs during reparse ("
              << mid_reparse << " mid-way), " << completions << " completed runs; uninterrupted reparse "
              << window_ms << " ms\n";
    RecordProperty("kills", kills_done);
    RecordProperty("kills_mid_reparse", mid_reparse);
    EXPECT_GE(kills_done, kills) << "too many runs finished before their kill";
    EXPECT_GE(mid_reparse, kills / 4) << "too few kills landed mid-reparse";
}

} // namespace
} // namespace newsdb
