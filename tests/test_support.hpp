// Shared helpers for the tests: temporary folders, fixture files, running the
// real binary. Header-only so every test file can include it.
#pragma once

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "newsdb/archive.hpp"
#include "newsdb/article.hpp"

namespace newsdb::test {

namespace fs = std::filesystem;

// A fresh folder under the system temp dir, removed (best effort) on destruction.
class TempDir {
public:
    TempDir() {
        std::random_device rd;
        for (int attempt = 0; attempt < 100; ++attempt) {
            auto candidate = fs::temp_directory_path() /
                             ("newsdb-test-" + std::to_string(rd()) + std::to_string(rd()));
            if (fs::create_directory(candidate)) {
                path_ = candidate;
                return;
            }
        }
        throw std::runtime_error("cannot create a temporary folder");
    }
    ~TempDir() {
        std::error_code ec;
        fs::permissions(path_, fs::perms::owner_all, fs::perm_options::add, ec);
        fs::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const fs::path& path() const { return path_; }
    fs::path operator/(const std::string& name) const { return path_ / name; }

private:
    fs::path path_;
};

inline std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path.string());
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

inline void write_file(const fs::path& path, const std::string& bytes) {
    fs::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << bytes;
    if (!out) throw std::runtime_error("cannot write " + path.string());
}

inline fs::path fixture(const std::string& name) { return fs::path(NEWSDB_FIXTURES_DIR) / name; }
inline fs::path source_dir() { return fs::path(NEWSDB_SOURCE_DIR); }
// ../shared next to the checkout, when present (larger corpora; tests skip without it).
inline fs::path shared_dir() { return source_dir().parent_path() / "shared"; }

struct CommandResult {
    int exit_code = -1;
    std::string out;  // standard output
    std::string err;  // standard error
};

inline std::string shell_quote(const std::string& s) {
    std::string q = "'";
    for (char c : s) {
        if (c == '\'') q += "'\\''";
        else q += c;
    }
    return q + "'";
}

// Runs the built newsdb binary with `args` (each quoted), optional stdin text,
// capturing stdout and stderr. NO_COLOR keeps output plain.
inline CommandResult run_newsdb(const std::vector<std::string>& args, const TempDir& scratch,
                                const std::string& stdin_text = {},
                                const std::vector<std::string>& env = {}) {
    fs::path out_file = scratch.path() / ".stdout", err_file = scratch.path() / ".stderr",
             in_file = scratch.path() / ".stdin";
    write_file(in_file, stdin_text);
    std::string cmd = "env -u NEWSDB_DB NO_COLOR=1";
    for (const auto& e : env) cmd += " " + shell_quote(e);
    cmd += " " + shell_quote(NEWSDB_BINARY);
    for (const auto& a : args) cmd += " " + shell_quote(a);
    cmd += " <" + shell_quote(in_file.string()) + " >" + shell_quote(out_file.string()) + " 2>" +
           shell_quote(err_file.string());
    int status = std::system(cmd.c_str());
    CommandResult r;
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    r.out = read_file(out_file);
    r.err = read_file(err_file);
    return r;
}

// The article's paragraph texts, in order.
inline std::vector<std::string> texts(const ParsedArticle& a) {
    std::vector<std::string> out;
    for (const auto& p : a.paragraphs) out.push_back(p.text);
    return out;
}

// How many passages `query` finds in `archive` (no limit), each holding every word.
inline int64_t hit_count(Archive& archive, const std::string& query) {
    SearchOptions options;
    options.query = query;
    options.limit = 0;
    options.unit = SearchUnit::passage;
    return static_cast<int64_t>(archive.search(options).hits.size());
}

// The passage hits of `options` (unit passage), for tests written against passages.
struct FlatHit {
    int64_t passage_id = 0, article_id = 0;
    PassageKind kind = PassageKind::paragraph;
    int position = 0;
    double score = 0;
    std::string text, snippet, title, date, source, path;
};

inline std::vector<FlatHit> passage_hits(Archive& archive, SearchOptions options) {
    options.unit = SearchUnit::passage;
    std::vector<FlatHit> out;
    for (const SearchHit& h : archive.search(options).hits) {
        const PassageHit& p = h.passages.at(0);
        out.push_back({p.passage_id, h.article.id, p.kind, p.position, h.score, p.text, p.snippet, h.article.title,
                       h.article.date, h.article.source, h.article.path});
    }
    return out;
}

} // namespace newsdb::test
