// Helpers for the safety tests: running the real newsdb binary as a child we
// can kill, limit and measure; generating article corpora; checking an archive
// for half-stored articles with plain SQL. Header-only, like test_support.hpp.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "test_support.hpp"

extern char** environ;

namespace newsdb::safety {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// Sanitizer builds are several times slower and use more memory: workloads
// shrink by kSlowdown. Unoptimised (Debug) builds are slower: time bounds grow.
#if defined(__SANITIZE_ADDRESS__)
inline constexpr int kSlowdown = 4;
#else
inline constexpr int kSlowdown = 1;
#endif
#if defined(__OPTIMIZE__)
inline constexpr bool kOptimized = true;
#else
inline constexpr bool kOptimized = false;
#endif
inline constexpr int kTimeScale = kSlowdown * (kOptimized ? 1 : 3);

inline int64_t env_int(const char* name, int64_t fallback) {
    const char* v = std::getenv(name);
    if (!v || !*v) return fallback;
    return std::strtoll(v, nullptr, 10);
}

// The unprivileged user children run as when the tests run as root (root
// ignores file permissions, so permission cases need another user).
inline constexpr uid_t kNobody = 65534;
inline bool running_as_root() { return geteuid() == 0; }

struct SpawnOptions {
    std::vector<std::string> env;               // extra NAME=VALUE entries
    std::optional<rlim_t> file_size_limit;      // RLIMIT_FSIZE; SIGXFSZ ignored so write() fails with EFBIG
    bool as_nobody = false;                     // setuid(65534) before exec (only when root)
    std::optional<fs::path> stdin_path;         // default /dev/null
};

struct ExitInfo {
    int exit_code = -1;   // when it exited
    int signal = 0;       // when a signal ended it
    bool timed_out = false;
    long maxrss_kb = 0;   // this child's peak resident set
    double seconds = 0;
    std::string out, err;

    bool exited() const { return signal == 0 && !timed_out; }
    std::string describe() const {
        std::string s = timed_out ? "timed out" : signal ? "killed by signal " + std::to_string(signal)
                                                         : "exit " + std::to_string(exit_code);
        return s + ", " + std::to_string(maxrss_kb / 1024) + " MB peak, " + std::to_string(seconds) +
               " s\nstderr: " + err.substr(0, 2000);
    }
};

// A running newsdb process. Output goes to files in `scratch`.
class Child {
public:
    Child(const std::vector<std::string>& args, const fs::path& scratch, const SpawnOptions& options = {}) {
        static int counter = 0;
        const std::string tag = std::to_string(getpid()) + "-" + std::to_string(++counter);
        out_path_ = scratch / (".out-" + tag);
        err_path_ = scratch / (".err-" + tag);

        // Everything the child needs is prepared before fork: after it only
        // async-signal-safe calls are made.
        std::vector<std::string> argv_s{NEWSDB_BINARY};
        argv_s.insert(argv_s.end(), args.begin(), args.end());
        std::vector<std::string> env_s;
        for (char** e = environ; *e; ++e) {
            std::string_view entry(*e);
            if (entry.starts_with("NEWSDB_DB=") || entry.starts_with("NO_COLOR=")) continue;
            env_s.emplace_back(entry);
        }
        env_s.emplace_back("NO_COLOR=1");
        env_s.insert(env_s.end(), options.env.begin(), options.env.end());
        std::vector<char*> argv, envp;
        for (auto& a : argv_s) argv.push_back(a.data());
        argv.push_back(nullptr);
        for (auto& e : env_s) envp.push_back(e.data());
        envp.push_back(nullptr);
        const std::string in = options.stdin_path ? options.stdin_path->string() : "/dev/null";
        const std::string out = out_path_.string(), err = err_path_.string();
        const bool drop = options.as_nobody && running_as_root();

        // Created here, so that they exist even when the child dies before exec.
        test::write_file(out_path_, {});
        test::write_file(err_path_, {});
        start_ = Clock::now();
        pid_ = fork();
        if (pid_ < 0) throw std::runtime_error("fork failed");
        if (pid_ == 0) {
            int fd_in = open(in.c_str(), O_RDONLY);
            int fd_out = open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0666);
            int fd_err = open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0666);
            if (fd_in < 0 || fd_out < 0 || fd_err < 0) _exit(126);
            dup2(fd_in, 0);
            dup2(fd_out, 1);
            dup2(fd_err, 2);
            if (options.file_size_limit) {
                signal(SIGXFSZ, SIG_IGN);
                rlimit lim{*options.file_size_limit, *options.file_size_limit};
                if (setrlimit(RLIMIT_FSIZE, &lim) != 0) _exit(126);
            }
            if (drop && (setgid(kNobody) != 0 || setuid(kNobody) != 0)) _exit(126);
            execve(argv[0], argv.data(), envp.data());
            _exit(127);
        }
    }
    Child(const Child&) = delete;
    Child& operator=(const Child&) = delete;
    ~Child() {
        if (pid_ > 0 && !reaped_) {
            ::kill(pid_, SIGKILL);
            int status = 0;
            waitpid(pid_, &status, 0);
        }
    }

    pid_t pid() const { return pid_; }

    // Non-blocking: the exit info when the child has ended.
    std::optional<ExitInfo> poll() { return reap(WNOHANG); }

    void kill(int sig = SIGKILL) { ::kill(pid_, sig); }

    // Waits up to `timeout`; kills the child (SIGKILL) when it runs longer.
    ExitInfo wait(std::chrono::milliseconds timeout = std::chrono::minutes(10)) {
        const auto deadline = Clock::now() + timeout;
        while (true) {
            if (auto info = reap(WNOHANG)) return *info;
            if (Clock::now() >= deadline) {
                ::kill(pid_, SIGKILL);
                auto info = reap(0);
                info->timed_out = true;
                return *info;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
    }

private:
    std::optional<ExitInfo> reap(int flags) {
        if (reaped_) return std::nullopt;
        int status = 0;
        rusage usage{};
        pid_t r = wait4(pid_, &status, flags, &usage);
        if (r == 0) return std::nullopt;
        if (r < 0) throw std::runtime_error("wait4 failed: " + std::string(std::strerror(errno)));
        reaped_ = true;
        ExitInfo info;
        info.seconds = std::chrono::duration<double>(Clock::now() - start_).count();
        info.maxrss_kb = usage.ru_maxrss;
        if (WIFEXITED(status)) info.exit_code = WEXITSTATUS(status);
        else if (WIFSIGNALED(status)) info.signal = WTERMSIG(status);
        std::error_code ec;
        if (fs::exists(out_path_, ec)) info.out = test::read_file(out_path_);
        if (fs::exists(err_path_, ec)) info.err = test::read_file(err_path_);
        fs::remove(out_path_, ec);
        fs::remove(err_path_, ec);
        return info;
    }

    pid_t pid_ = -1;
    bool reaped_ = false;
    Clock::time_point start_;
    fs::path out_path_, err_path_;
};

inline ExitInfo run(const std::vector<std::string>& args, const fs::path& scratch, const SpawnOptions& options = {},
                    std::chrono::milliseconds timeout = std::chrono::minutes(5)) {
    Child child(args, scratch, options);
    return child.wait(timeout);
}

// ---- corpora ---------------------------------------------------------------

inline const std::vector<std::string>& vocabulary() {
    static const std::vector<std::string> words = {
        "harbour", "minister", "agreement", "drought", "election", "council", "river", "budget",
        "railway", "festival", "reactor", "treaty", "market", "orchard", "bridge", "vaccine",
        "satellite", "coastal", "farmers", "museum", "parliament", "village", "tariff", "glacier",
        "refinery", "senate", "airport", "library", "monsoon", "shipyard", "province", "laboratory",
        "the", "of", "and", "in", "a", "to", "with", "for", "on", "after", "before", "during"};
    return words;
}

struct CorpusOptions {
    int articles = 1000;
    uint32_t seed = 1;
    std::string prefix = "a";   // file names: <prefix>NNNNN.txt
    int big_every = 40;         // every Nth article is large (many paragraphs, long ones)
};

// Writes small plain-text articles with a headline, byline, date, paragraphs
// carrying [N] marks and a trailing run of `[N] ...` notes. Returns the paths.
inline std::vector<fs::path> write_corpus(const fs::path& dir, const CorpusOptions& options) {
    std::mt19937 rng(options.seed);
    const auto& vocab = vocabulary();
    auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
    auto word = [&] { return vocab[static_cast<std::size_t>(pick(0, static_cast<int>(vocab.size()) - 1))]; };
    std::vector<fs::path> paths;
    fs::create_directories(dir);
    for (int i = 0; i < options.articles; ++i) {
        const bool big = options.big_every > 0 && i % options.big_every == options.big_every - 1;
        const int paragraphs = big ? pick(30, 80) : pick(1, 12);
        const int notes = pick(0, 4);
        std::string text = "Report " + options.prefix + std::to_string(i) + " on the " + word() + " and " +
                           word() + "\n\n";
        if (pick(0, 1)) text += "By Jane Doe\n";
        if (pick(0, 1)) text += std::to_string(pick(1, 28)) + " February 2020\n";
        text += "\n";
        for (int p = 0; p < paragraphs; ++p) {
            const int words = big ? pick(40, 200) : pick(5, 80);
            std::string para = "The";
            for (int w = 0; w < words; ++w) {
                para += " " + word();
                if (notes > 0 && pick(0, 30) == 0) para += "[" + std::to_string(pick(1, notes)) + "]";
            }
            text += para + ".\n\n";
        }
        for (int n = 1; n <= notes; ++n)
            text += "[" + std::to_string(n) + "] Jane Doe. \"The " + word() + " " + word() +
                    " report.\" Daily Courier. " + std::to_string(pick(1, 28)) + " March 2019. URL: https://example.org/" +
                    std::to_string(i) + "/" + std::to_string(n) + "\n";
        char name[32];
        std::snprintf(name, sizeof name, "%05d.txt", i);
        paths.push_back(dir / (options.prefix + name));
        test::write_file(paths.back(), text);
    }
    return paths;
}

// ---- archive checks (raw SQL through SQLiteCpp) ----------------------------

inline void remove_archive(const fs::path& db) {
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(db.string() + suffix, ec);
}

inline bool has_table(SQLite::Database& db, const std::string& name) {
    SQLite::Statement st(db, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?");
    st.bind(1, name);
    st.executeStep();
    return st.getColumn(0).getInt() > 0;
}

inline int64_t scalar(SQLite::Database& db, const std::string& sql) {
    return db.execAndGet(sql).getInt64();
}

// Checks that state "no article is half-stored", each returning the number of
// offending rows (0 when sound).
inline const std::vector<std::pair<std::string, std::string>>& half_stored_checks() {
    static const std::vector<std::pair<std::string, std::string>> checks = {
        {"articles without exactly one title passage",
         "SELECT count(*) FROM articles a WHERE (SELECT count(*) FROM passages p "
         "WHERE p.article_id = a.id AND p.kind = 'title' AND p.position = 0) != 1"},
        {"articles without paragraphs",
         "SELECT count(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM passages p "
         "WHERE p.article_id = a.id AND p.kind = 'paragraph')"},
        {"articles whose paragraphs are not numbered 1..N without gaps",
         "SELECT count(*) FROM (SELECT article_id, count(*) AS n, min(position) AS lo, max(position) AS hi "
         "FROM passages WHERE kind = 'paragraph' GROUP BY article_id) WHERE lo != 1 OR hi != n"},
        {"footnote rows without their footnote passage",
         "SELECT count(*) FROM footnotes f LEFT JOIN passages p ON p.id = f.passage_id "
         "WHERE p.id IS NULL OR p.kind != 'footnote' OR p.position != f.number OR p.article_id != f.article_id"},
        {"footnote passages without their footnote row",
         "SELECT count(*) FROM passages p WHERE p.kind = 'footnote' AND NOT EXISTS "
         "(SELECT 1 FROM footnotes f WHERE f.passage_id = p.id)"},
        {"citations whose paragraph or footnote is missing or in another article",
         "SELECT count(*) FROM citations c LEFT JOIN footnotes f ON f.passage_id = c.footnote_id "
         "LEFT JOIN passages p ON p.id = c.paragraph_id "
         "WHERE f.passage_id IS NULL OR p.id IS NULL OR p.kind != 'paragraph' OR p.article_id != f.article_id"},
        {"passages of missing articles",
         "SELECT count(*) FROM passages p WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = p.article_id)"},
        {"articles without a path",
         "SELECT count(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM article_paths ap WHERE ap.article_id = a.id)"},
        {"paths to missing articles",
         "SELECT count(*) FROM article_paths ap WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = ap.article_id)"},
    };
    return checks;
}

// One stored article, as compared between archives.
struct ArticleShape {
    std::string title;
    int64_t paragraphs = 0, footnotes = 0, citations = 0, text_bytes = 0;
    auto operator<=>(const ArticleShape&) const = default;
};

// path -> shape of the article stored for it.
inline std::map<std::string, ArticleShape> article_shapes(SQLite::Database& db) {
    std::map<std::string, ArticleShape> shapes;
    SQLite::Statement st(db,
        "SELECT ap.path, a.title, "
        "(SELECT count(*) FROM passages p WHERE p.article_id = a.id AND p.kind = 'paragraph'), "
        "(SELECT count(*) FROM footnotes f WHERE f.article_id = a.id), "
        "(SELECT count(*) FROM citations c JOIN passages p ON p.id = c.paragraph_id WHERE p.article_id = a.id), "
        "(SELECT coalesce(sum(length(CAST(p.text AS BLOB))), 0) FROM passages p WHERE p.article_id = a.id) "
        "FROM article_paths ap JOIN articles a ON a.id = ap.article_id");
    while (st.executeStep()) {
        shapes[st.getColumn(0).getString()] = ArticleShape{
            st.getColumn(1).getString(), st.getColumn(2).getInt64(), st.getColumn(3).getInt64(),
            st.getColumn(4).getInt64(), st.getColumn(5).getInt64()};
    }
    return shapes;
}

// Every row of every ordinary table (FTS5 shadow tables included), in a stable
// order: two archives with equal dumps hold the same data.
inline std::string logical_dump(const fs::path& path) {
    SQLite::Database db(path.string(), SQLite::OPEN_READONLY);
    std::string dump = "user_version " + std::to_string(scalar(db, "PRAGMA user_version")) +
                       "\napplication_id " + std::to_string(scalar(db, "PRAGMA application_id")) + "\n";
    std::vector<std::string> tables;
    SQLite::Statement names(db, "SELECT name, sql FROM sqlite_schema WHERE type IN ('table', 'index', 'trigger', 'view') "
                                "ORDER BY type, name");
    while (names.executeStep()) {
        dump += "schema " + names.getColumn(0).getString() + ": " + names.getColumn(1).getString() + "\n";
    }
    SQLite::Statement list(db, "SELECT name FROM sqlite_schema WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%' "
                               "ORDER BY name");
    while (list.executeStep()) tables.push_back(list.getColumn(0).getString());
    for (const auto& t : tables) {
        dump += "table " + t + "\n";
        SQLite::Statement rows(db, "SELECT * FROM \"" + t + "\"");
        const int columns = rows.getColumnCount();
        std::vector<std::string> lines;
        while (rows.executeStep()) {
            std::string line;
            for (int c = 0; c < columns; ++c) {
                auto col = rows.getColumn(c);
                line += col.isNull() ? std::string("NULL")
                                     : "'" + std::string(static_cast<const char*>(col.getBlob()),
                                                         static_cast<std::size_t>(col.getBytes())) + "'";
                line += c + 1 < columns ? "|" : "\n";
            }
            lines.push_back(std::move(line));
        }
        std::sort(lines.begin(), lines.end());
        for (const auto& line : lines) dump += line;
    }
    return dump;
}

} // namespace newsdb::safety
