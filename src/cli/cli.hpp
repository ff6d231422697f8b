// Shared pieces of the command-line tool. Each command lives in its own file
// with an options struct, a setup function (register_*) and a run function.
#pragma once

#include <CLI/CLI.hpp>

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "newsdb/archive.hpp"
#include "newsdb/error.hpp"
#include "newsdb/export.hpp"
#include "newsdb/server.hpp"

namespace newsdb::cli {

// Documented in README "Exit codes" and `newsdb --help`.
enum ExitCode : int {
    kExitOk = 0,
    kExitInternal = 1,    // a bug in newsdb
    kExitUsage = 2,       // bad option or invalid query
    kExitNotFound = 3,    // no such article, or no archive yet
    kExitPartial = 4,     // ingest: some inputs failed, the others were stored
    kExitArchive = 5,     // not a newsdb archive, newer schema, or damaged
    kExitIo = 6,          // cannot read or write: read-only, disk full, missing folder
    kExitBusy = 7,        // another process kept the archive locked too long
};

int exit_code_for(Errc code);

// "12.3 MB", "1.2 GB", "340 KB" (decimal units).
std::string human_bytes(double bytes);

enum class ColorMode { automatic, always, never };

struct Context {
    std::string db;                       // --db; empty: default_archive_path()
    bool quiet = false;
    ColorMode color = ColorMode::automatic;
    std::function<int()> run;             // set by the chosen command's callback

    std::filesystem::path archive_path() const;
    // Opens the archive; a needed index rebuild shows progress on a terminal.
    Archive open(OpenMode mode) const;
    // Whether to colour output written to stdout.
    MatchStyle stdout_style() const;
    bool stderr_is_terminal() const;
};

// What a reading command (search, export, count, show) reads: the local
// archive, or a newsdb server (--server, else $NEWSDB_SERVER).
class SearchSource {
public:
    SearchResults search(const SearchOptions& options);
    SearchTotals search_each(const SearchOptions& options, bool all, const std::function<void(const SearchHit&)>& visit,
                             const std::function<void(const SearchTotals&)>& on_total = {});
    SearchTotals count(const SearchOptions& options);
    std::vector<QueryPartCount> count_parts(const SearchOptions& options);
    std::vector<CountRow> count(const SearchOptions& options, CountBucket by);
    std::optional<StoredArticle> article(int64_t id);
    // The local archive; nullptr when reading a server.
    Archive* local() { return local_ ? &*local_ : nullptr; }

private:
    friend SearchSource open_source(const Context& ctx, const std::string& server);
    std::optional<Archive> local_;
    std::optional<Server> server_;
};
SearchSource open_source(const Context& ctx, const std::string& server);
// --server URL on a reading command.
void add_server_option(CLI::App& cmd, std::string& server);

// A status line on standard error, redrawn in place; only on a terminal and
// without --quiet. clear() before printing anything else to standard error.
class ProgressLine {
public:
    explicit ProgressLine(const Context& ctx);
    ~ProgressLine();
    void show(const std::string& text);
    void clear();

private:
    bool enabled_ = false;
    std::size_t width_ = 0;
};

void register_ingest(CLI::App& app, Context& ctx);
void register_reparse(CLI::App& app, Context& ctx);
void register_search(CLI::App& app, Context& ctx);
void register_export(CLI::App& app, Context& ctx);
void register_show(CLI::App& app, Context& ctx);
void register_stats(CLI::App& app, Context& ctx);
void register_check(CLI::App& app, Context& ctx);
void register_optimize(CLI::App& app, Context& ctx);
void register_serve(CLI::App& app, Context& ctx);
void register_dump(CLI::App& app, Context& ctx);
void register_restore(CLI::App& app, Context& ctx);
void register_forget(CLI::App& app, Context& ctx);
void register_count(CLI::App& app, Context& ctx);
void register_citations(CLI::App& app, Context& ctx);
void register_publish(CLI::App& app, Context& ctx);

// A validator for an option that takes one of `names`, in any case: it
// rewrites the value to the name as listed, and refuses anything else with
// "'x' is not one of a, b, c" (CLI11 puts "--option: " before it).
CLI::Validator one_of(std::vector<std::string> names);

// An option taking one of a few names (any case) that stand for values of
// `target`, e.g. --sort relevance|newest|oldest. Use it instead of CLI11's
// CheckedTransformer over a map, which also accepts the enum's numbers
// (--sort 1) and shows its tables in errors. The help shows "a|b|c".
template <typename T>
CLI::Option* add_choice(CLI::App& cmd, const std::string& name, T& target,
                        const std::vector<std::pair<std::string, T>>& choices, const std::string& description) {
    std::vector<std::string> names;
    std::string text;
    for (const auto& c : choices) {
        names.push_back(c.first);
        text += (text.empty() ? "" : "|") + c.first;
    }
    return cmd
        .add_option_function<std::string>(
            name,
            [&target, choices](const std::string& value) {
                for (const auto& [n, v] : choices)
                    if (n == value) target = v;
            },
            description)
        ->transform(one_of(std::move(names)))
        ->option_text(text);
}

// The same for a text option whose value is the name itself (--kind paragraph).
CLI::Option* add_choice(CLI::App& cmd, const std::string& name, std::string& target,
                        const std::vector<std::string>& names, const std::string& description);

// The man page (roff) and the shell completion scripts, generated from the
// registered commands, their options and help texts (hidden `newsdb
// --help-man` and `newsdb --completion bash|zsh`; the build runs them).
std::string man_page(const CLI::App& app);
std::string completion_script(const CLI::App& app, const std::string& shell);
// The commands `app` has, in the order they were registered.
std::vector<const CLI::App*> commands_of(const CLI::App& app);


// The options `search` and `export` share, as typed (checked by apply_search_filters).
struct SearchFlags {
    std::string kind;
    std::string unit = "article";
};

// Adds the search filters and the unit shared by `search` and `export`.
void add_search_filters(CLI::App& cmd, SearchOptions& options, SearchFlags& flags);
void apply_search_filters(SearchOptions& options, const SearchFlags& flags);

// "1,318 articles (4,920 passages)" or "4,920 passages (1,318 articles)".
std::string totals_text(const SearchTotals& total, SearchUnit unit);

} // namespace newsdb::cli
