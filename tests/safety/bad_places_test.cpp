// Bad places for an archive: a missing folder, read-only file and folder, a
// file that is not SQLite, another program's database, a newer schema, a full
// disk. Each gives a clear message and the documented exit code (README "Exit
// codes"), and nothing already stored is damaged.
#include <algorithm>
#include <gtest/gtest.h>

#include "newsdb/archive.hpp"
#include "safety/safety_support.hpp"

namespace newsdb {
namespace {

using namespace safety;
using test::TempDir;

constexpr int kExitOk = 0, kExitNotFound = 3, kExitArchive = 5, kExitIo = 6;

std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

class BadPlaces : public ::testing::Test {
protected:
    TempDir dir;
    fs::path corpus = dir / "corpus";
    std::vector<fs::path> articles = write_corpus(corpus, CorpusOptions{12, 7, "b", 0});

    ExitInfo newsdb(const fs::path& db, std::vector<std::string> args, const SpawnOptions& options = {}) {
        args.insert(args.begin(), {"--db", db.string()});
        return run(args, dir.path(), options);
    }
    // An archive holding the first few articles, closed (WAL checkpointed).
    fs::path make_archive(const fs::path& db) {
        auto r = newsdb(db, {"ingest", articles[0].string(), articles[1].string(), articles[2].string()});
        EXPECT_EQ(r.exit_code, kExitOk) << r.describe();
        return db;
    }
};

TEST_F(BadPlaces, MissingFolderIsCreatedByWritersAndReportedByReaders) {
    const fs::path db = dir / "no" / "such" / "folder" / "archive.db";
    auto search = newsdb(db, {"search", "harbour"});
    EXPECT_EQ(search.exit_code, kExitNotFound) << search.describe();
    EXPECT_NE(search.err.find("no archive"), std::string::npos) << search.err;
    EXPECT_FALSE(fs::exists(db.parent_path())) << "a reading command must not create folders";

    auto ingest = newsdb(db, {"ingest", articles[0].string()});
    EXPECT_EQ(ingest.exit_code, kExitOk) << ingest.describe();
    ASSERT_TRUE(fs::exists(db));
    SQLite::Database check(db.string(), SQLite::OPEN_READONLY);
    EXPECT_EQ(scalar(check, "SELECT count(*) FROM articles"), 1);
}

TEST_F(BadPlaces, ArchivePathUnderAFileIsAnIoError) {
    test::write_file(dir / "plain-file", "x");
    auto r = newsdb(dir / "plain-file" / "archive.db", {"ingest", articles[0].string()});
    EXPECT_EQ(r.exit_code, kExitIo) << r.describe();
    EXPECT_NE(r.err.find("plain-file"), std::string::npos) << r.err;
}

// A file that is not an archive is refused, unchanged, by every command.
struct ForeignFile {
    const char* name;
    std::string (*make)(const fs::path&);  // creates the file; returns what the message must say
};

std::string make_text_file(const fs::path& p) {
    test::write_file(p, "Dear diary, today I bought a new archive.\n");
    return "not an sqlite database";
}
std::string make_empty_looking_binary(const fs::path& p) {
    test::write_file(p, std::string(4096, '\x7f'));
    return "not an sqlite database";
}
std::string make_truncated_sqlite(const fs::path& p) {
    // The SQLite magic and a page-size field, then nothing: damaged.
    std::string bytes = "SQLite format 3";
    bytes.push_back('\0');
    bytes += std::string("\x10\x00\x01\x01\x00\x40\x20\x20", 8);
    test::write_file(p, bytes);
    return "";
}
std::string make_other_program(const fs::path& p) {
    SQLite::Database db(p.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.exec("CREATE TABLE contacts (name TEXT, phone TEXT); INSERT INTO contacts VALUES ('Ada', '555')");
    return "another program";
}
std::string make_other_program_with_app_id(const fs::path& p) {
    SQLite::Database db(p.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.exec("PRAGMA application_id = 1234; PRAGMA user_version = 1; CREATE TABLE articles (id INTEGER)");
    return "another program";
}
std::string make_newer_archive(const fs::path& p) {
    {
        Archive::open(p, OpenMode::read_write);
    }
    SQLite::Database db(p.string(), SQLite::OPEN_READWRITE);
    db.exec("PRAGMA user_version = " + std::to_string(latest_schema_version() + 1));
    db.exec("PRAGMA journal_mode = DELETE");  // one file: compared byte for byte below
    return "newer newsdb";
}

class ForeignArchive : public ::testing::TestWithParam<ForeignFile> {
protected:
    TempDir dir;
    fs::path db = dir / "archive.db";
    std::string says = GetParam().make(db);
    std::string original = test::read_file(db);
    std::vector<std::vector<std::string>> commands() {
        test::write_file(dir / "a.txt", "A headline\n\nA paragraph about the harbour and the river.\n");
        return {{"ingest", (dir / "a.txt").string()}, {"search", "harbour"}, {"export", "harbour"},
                {"show", "1"}, {"stats"}, {"check"}};
    }
    ExitInfo run_on_fresh_copy(const std::vector<std::string>& cmd) {
        remove_archive(db);
        test::write_file(db, original);
        std::vector<std::string> args{"--db", db.string()};
        args.insert(args.end(), cmd.begin(), cmd.end());
        return run(args, dir.path());
    }
};

TEST_P(ForeignArchive, IsRefusedWithExitCode5AndItsDataKept) {
    const bool sqlite = original.starts_with("SQLite format 3") && original.size() > 100;
    const std::string before = sqlite && GetParam().make != make_truncated_sqlite ? logical_dump(db) : original;
    for (const auto& cmd : commands()) {
        auto r = run_on_fresh_copy(cmd);
        EXPECT_EQ(r.exit_code, kExitArchive) << cmd[0] << ": " << r.describe();
        EXPECT_NE(r.err.find("archive.db"), std::string::npos) << cmd[0] << ": the message names the file\n" << r.err;
        if (!says.empty()) {
            EXPECT_NE(lower(r.err).find(says), std::string::npos) << cmd[0] << ": " << r.err;
        }
        EXPECT_EQ(r.err.find("internal error"), std::string::npos) << r.err;
        const std::string after = sqlite && GetParam().make != make_truncated_sqlite ? logical_dump(db)
                                                                                      : test::read_file(db);
        EXPECT_EQ(after, before) << cmd[0] << " changed the data";
    }
}

// Bug: opening a database that is then refused first runs `PRAGMA
// journal_mode = WAL` (and other setup) on it, so another program's database
// (or a newer newsdb's) is switched from a rollback journal to WAL — bytes 18
// and 19 of its header change — although the message says it "was not
// changed". The identity check must come before any write.
TEST_P(ForeignArchive, Regression_RefusedDatabaseIsSwitchedToWal) {
    for (const auto& cmd : commands()) {
        run_on_fresh_copy(cmd);
        const std::string after = test::read_file(db);
        EXPECT_TRUE(after == original) << cmd[0] << " changed the file's bytes"
                                       << (after.size() > 19 && original.size() > 19 && after[18] != original[18]
                                               ? " (header bytes 18-19: the journal mode became WAL)"
                                               : "");
    }
}

INSTANTIATE_TEST_SUITE_P(Files, ForeignArchive,
                         ::testing::Values(ForeignFile{"TextFile", make_text_file},
                                           ForeignFile{"Binary", make_empty_looking_binary},
                                           ForeignFile{"TruncatedSqlite", make_truncated_sqlite},
                                           ForeignFile{"OtherProgram", make_other_program},
                                           ForeignFile{"OtherProgramWithAppId", make_other_program_with_app_id},
                                           ForeignFile{"NewerSchema", make_newer_archive}),
                         [](const ::testing::TestParamInfo<ForeignFile>& param) { return param.param.name; });

// Root ignores file permissions: the children then run as `nobody`, for whom
// the permissions hold. The archive is made by root and left readable to all.
TEST_F(BadPlaces, ReadOnlyArchiveFileRefusesWritesWithExitCode6) {
    const fs::path folder = dir / "shared";
    fs::create_directories(folder);
    const fs::path db = make_archive(folder / "archive.db");
    const std::string before = logical_dump(db);
    fs::permissions(db, fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
    // The folder stays writable for everyone (SQLite needs it for the -shm file).
    fs::permissions(folder, fs::perms::all);
    fs::permissions(dir.path(), fs::perms::all);
    fs::permissions(corpus, fs::perms::all);

    SpawnOptions as_user;
    as_user.as_nobody = true;
    auto r = newsdb(db, {"ingest", articles[5].string()}, as_user);
    EXPECT_EQ(r.exit_code, kExitIo) << r.describe();
    EXPECT_NE(r.err.find("read-only"), std::string::npos) << r.err;

    // Reading still works.
    auto search = newsdb(db, {"search", "harbour OR river OR budget"}, as_user);
    EXPECT_EQ(search.exit_code, kExitOk) << search.describe();

    fs::permissions(db, fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::add);
    EXPECT_EQ(logical_dump(db), before);
}

TEST_F(BadPlaces, ReadOnlyFolderRefusesANewArchiveWithExitCode6) {
    const fs::path folder = dir / "locked";
    fs::create_directories(folder);
    fs::permissions(folder, fs::perms::owner_read | fs::perms::owner_exec | fs::perms::group_read |
                                fs::perms::group_exec | fs::perms::others_read | fs::perms::others_exec);
    fs::permissions(dir.path(), fs::perms::all);
    fs::permissions(corpus, fs::perms::all);
    SpawnOptions as_user;
    as_user.as_nobody = true;
    auto r = newsdb(folder / "archive.db", {"ingest", articles[0].string()}, as_user);
    EXPECT_EQ(r.exit_code, kExitIo) << r.describe();
    EXPECT_NE(r.err.find("archive.db"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(folder / "archive.db"));
    fs::permissions(folder, fs::perms::owner_all, fs::perm_options::add);
}

// A full disk, simulated with RLIMIT_FSIZE on the child: every write past the
// limit fails with EFBIG. With no room at all, the ingest stops with exit code
// 6 and the archive keeps exactly what it held; the next ingest, with room,
// works.
TEST_F(BadPlaces, FullDiskStopsIngestWithExitCode6AndKeepsTheArchive) {
    const fs::path db = make_archive(dir / "archive.db");
    const std::string before = logical_dump(db);

    SpawnOptions full;
    full.file_size_limit = 1024;  // not even one WAL frame fits
    auto r = newsdb(db, {"ingest", corpus.string()}, full);
    EXPECT_EQ(r.exit_code, kExitIo) << r.describe();
    EXPECT_EQ(r.err.find("internal error"), std::string::npos) << r.err;

    EXPECT_EQ(logical_dump(db), before) << "a failed write changed stored data";
    auto check = newsdb(db, {"check"});
    EXPECT_EQ(check.exit_code, kExitOk) << check.describe();
    auto again = newsdb(db, {"ingest", corpus.string()});
    EXPECT_EQ(again.exit_code, kExitOk) << again.describe();
    SQLite::Database after(db.string(), SQLite::OPEN_READONLY);
    EXPECT_EQ(scalar(after, "SELECT count(*) FROM articles"), static_cast<int64_t>(articles.size()));
}

// With room for some articles but not all: those already stored are
// unchanged, those stored before the disk filled are whole, and the next run
// stores the rest.
TEST_F(BadPlaces, DiskFillingMidIngestKeepsWholeArticles) {
    const fs::path db = make_archive(dir / "archive.db");
    std::map<std::string, ArticleShape> before;
    {
        SQLite::Database raw(db.string(), SQLite::OPEN_READONLY);
        before = article_shapes(raw);
    }
    const fs::path more = dir / "more";
    write_corpus(more, CorpusOptions{200, 11, "m", 0});
    SpawnOptions full;
    full.file_size_limit = static_cast<rlim_t>(fs::file_size(db) + 64 * 1024);
    auto r = newsdb(db, {"ingest", more.string()}, full);
    EXPECT_EQ(r.exit_code, kExitIo) << r.describe();
    {
        SQLite::Database raw(db.string(), SQLite::OPEN_READONLY);
        for (const auto& [what, sql] : half_stored_checks()) EXPECT_EQ(scalar(raw, sql), 0) << what;
        const auto after = article_shapes(raw);
        // Files are committed in batches, so a full disk may cost the whole
        // unfinished batch (re-ingesting stores it); never a stored article.
        EXPECT_GE(after.size(), before.size());
        EXPECT_LT(after.size(), before.size() + 200) << "the limit should stop the ingest";
        for (const auto& [path, shape] : before) {
            auto it = after.find(path);
            ASSERT_NE(it, after.end()) << path;
            EXPECT_EQ(it->second, shape) << path;
        }
    }
    auto check = newsdb(db, {"check"});
    EXPECT_EQ(check.exit_code, kExitOk) << check.describe();
    auto again = newsdb(db, {"ingest", more.string()});
    EXPECT_EQ(again.exit_code, kExitOk) << again.describe();
    SQLite::Database after(db.string(), SQLite::OPEN_READONLY);
    EXPECT_EQ(scalar(after, "SELECT count(*) FROM articles"), static_cast<int64_t>(before.size()) + 200);
}

// Bug: with RLIMIT_FSIZE (or a quota), write() fails with EFBIG and SQLite
// reports SQLITE_IOERR_WRITE; newsdb then says "disk I/O error ... check that
// the archive's folder exists and is writable", which does not tell the user
// that the disk (or their file-size limit) is full.
TEST_F(BadPlaces, Regression_FullDiskReportedAsFolderProblem) {
    const fs::path db = make_archive(dir / "archive.db");
    SpawnOptions full;
    // Smaller than the ingest's write-ahead log needs (the archive itself may
    // hold enough free pages for the new rows: schema 014's refresh frees some).
    full.file_size_limit = std::min<rlim_t>(static_cast<rlim_t>(fs::file_size(db)), 64 * 1024);
    auto r = newsdb(db, {"ingest", corpus.string()}, full);
    EXPECT_EQ(r.exit_code, kExitIo) << r.describe();
    const std::string err = lower(r.err);
    EXPECT_TRUE(err.find("full") != std::string::npos || err.find("too large") != std::string::npos ||
                err.find("size limit") != std::string::npos)
        << "the message should say the disk or file-size limit is full:\n" << r.err;
}

} // namespace
} // namespace newsdb
