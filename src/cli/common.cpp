#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "cli/cli.hpp"

namespace newsdb::cli {

int exit_code_for(Errc code) {
    switch (code) {
    case Errc::invalid_argument:
    case Errc::invalid_query: return kExitUsage;
    case Errc::not_found: return kExitNotFound;
    case Errc::bad_input: return kExitPartial;
    case Errc::incompatible_archive:
    case Errc::corrupt_archive: return kExitArchive;
    case Errc::io: return kExitIo;
    case Errc::busy: return kExitBusy;
    case Errc::internal: return kExitInternal;
    }
    return kExitInternal;
}

std::string human_bytes(double bytes) {
    char buf[32];
    if (bytes >= 1e9) std::snprintf(buf, sizeof buf, "%.1f GB", bytes / 1e9);
    else if (bytes >= 1e6) std::snprintf(buf, sizeof buf, "%.1f MB", bytes / 1e6);
    else std::snprintf(buf, sizeof buf, "%.0f KB", bytes / 1e3);
    return buf;
}

std::filesystem::path Context::archive_path() const {
    return db.empty() ? default_archive_path() : std::filesystem::path(db);
}

Archive Context::open(OpenMode mode) const {
    ProgressLine line(*this);
    return Archive::open(archive_path(), mode, [&](int64_t done, int64_t total) {
        line.show("rebuilding the search index: " + std::to_string(done) + "/" + std::to_string(total) +
                  " passages");
    });
}

ProgressLine::ProgressLine(const Context& ctx) : enabled_(!ctx.quiet && ctx.stderr_is_terminal()) {}

ProgressLine::~ProgressLine() { clear(); }

void ProgressLine::show(const std::string& text) {
    if (!enabled_) return;
    std::string padded = text;
    if (padded.size() < width_) padded.append(width_ - padded.size(), ' ');
    std::fprintf(stderr, "\r%s", padded.c_str());
    std::fflush(stderr);
    width_ = text.size();
}

void ProgressLine::clear() {
    if (!enabled_ || width_ == 0) return;
    std::fprintf(stderr, "\r%s\r", std::string(width_, ' ').c_str());
    std::fflush(stderr);
    width_ = 0;
}

MatchStyle Context::stdout_style() const {
    if (color == ColorMode::always) return MatchStyle::color;
    if (color == ColorMode::never) return MatchStyle::plain;
    const char* no_color = std::getenv("NO_COLOR");
    const char* term = std::getenv("TERM");
    if ((no_color && *no_color) || (term && std::strcmp(term, "dumb") == 0)) return MatchStyle::plain;
    return isatty(STDOUT_FILENO) ? MatchStyle::color : MatchStyle::plain;
}

bool Context::stderr_is_terminal() const { return isatty(STDERR_FILENO) != 0; }

CLI::Validator one_of(std::vector<std::string> names) {
    auto check = [names](std::string& value) -> std::string {
        for (const auto& n : names)
            if (n.size() == value.size() &&
                std::equal(n.begin(), n.end(), value.begin(), [](char a, char b) {
                    return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
                })) {
                value = n;
                return {};
            }
        std::string list;
        for (std::size_t i = 0; i < names.size(); ++i)
            list += (i == 0 ? "" : i + 1 == names.size() ? " or " : ", ") + names[i];
        return "'" + value + "' is not one of " + list;
    };
    return CLI::Validator(check, "");
}

CLI::Option* add_choice(CLI::App& cmd, const std::string& name, std::string& target,
                        const std::vector<std::string>& names, const std::string& description) {
    std::string text;
    for (const auto& n : names) text += (text.empty() ? "" : "|") + n;
    return cmd.add_option(name, target, description)->transform(one_of(names))->option_text(text);
}

void add_search_filters(CLI::App& cmd, SearchOptions& options, SearchFlags& flags) {
    add_choice(cmd, "--within,--unit", flags.unit, {"article", "passage"},
               "article (default): the words anywhere in an article, one result per article; passage: all "
               "the words in one passage, one result per passage");
    add_choice(cmd, "--kind", flags.kind, {"paragraph", "footnote", "title"},
               "Only passages of this kind: paragraph, footnote or title");
    cmd.add_option("--since", options.since, "Only articles dated on or after DATE (2020, 2020-02 or 2020-02-14)")
        ->option_text("DATE");
    cmd.add_option("--until", options.until, "Only articles dated on or before DATE; --until 2020-02 includes all of February")
        ->option_text("DATE");
    cmd.add_option("--source", options.sources, "Only articles from this source (whole name, any case; repeat for any of several)")
        ->option_text("NAME")
        ->expected(1)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    cmd.add_option("--author", options.authors, "Only articles whose author contains TEXT (any case; repeatable)")
        ->option_text("TEXT")
        ->expected(1)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    cmd.add_option("--tag", options.tags, "Only articles with this tag (whole, any case; usa also matches place:usa; repeatable)")
        ->option_text("TAG")
        ->expected(1)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    cmd.add_option("--lang", options.languages, "Only articles in this language, a two-letter code such as en or tr (repeatable)")
        ->option_text("CODE")
        ->expected(1)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    cmd.add_flag_callback("--exact", [&options] { options.match = WordMatch::exact; },
                          "Match every word only as written (case and accents aside), as if written =word");
    add_choice<SortOrder>(cmd, "--sort", options.sort,
                          {{"relevance", SortOrder::relevance}, {"newest", SortOrder::newest}, {"oldest", SortOrder::oldest}},
                          "relevance (default), newest or oldest (by article date, undated last)");
}

void apply_search_filters(SearchOptions& options, const SearchFlags& flags) {
    if (!flags.kind.empty()) options.kind = parse_passage_kind(flags.kind);
    options.unit = parse_search_unit(flags.unit);
}

std::string totals_text(const SearchTotals& total, SearchUnit unit) {
    const auto count = [](int64_t n, const char* one, const char* many) {
        std::string digits = std::to_string(n), out;
        for (std::size_t i = 0; i < digits.size(); ++i) {
            if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
            out += digits[i];
        }
        return out + " " + (n == 1 ? one : many);
    };
    const std::string articles = count(total.articles, "article", "articles");
    const std::string passages = count(total.passages, "passage", "passages");
    return unit == SearchUnit::article ? articles + " (" + passages + ")" : passages + " (" + articles + ")";
}

} // namespace newsdb::cli

namespace newsdb::cli {

SearchSource open_source(const Context& ctx, const std::string& server) {
    SearchSource source;
    const std::string url = server.empty() ? default_server() : server;
    if (url.empty()) source.local_.emplace(ctx.open(OpenMode::read_only));
    else source.server_.emplace(Server::connect(url));
    return source;
}

void add_server_option(CLI::App& cmd, std::string& server) {
    cmd.add_option("--server", server,
                   "Read a newsdb server instead of the local archive: postgresql://HOST/DB or service=NAME "
                   "(default: $NEWSDB_SERVER; passwords from ~/.pgpass, see docs/postgresql.md)");
}

SearchResults SearchSource::search(const SearchOptions& o) { return local_ ? local_->search(o) : server_->search(o); }

SearchTotals SearchSource::search_each(const SearchOptions& o, bool all, const std::function<void(const SearchHit&)>& visit,
                                       const std::function<void(const SearchTotals&)>& on_total) {
    return local_ ? local_->search_each(o, all, visit, on_total) : server_->search_each(o, all, visit, on_total);
}

SearchTotals SearchSource::count(const SearchOptions& o) { return local_ ? local_->count(o) : server_->count(o); }

std::vector<QueryPartCount> SearchSource::count_parts(const SearchOptions& o) {
    return local_ ? local_->count_parts(o) : server_->count_parts(o);
}

std::vector<CountRow> SearchSource::count(const SearchOptions& o, CountBucket by) {
    return local_ ? local_->count(o, by) : server_->count(o, by);
}

std::optional<StoredArticle> SearchSource::article(int64_t id) {
    return local_ ? local_->article(id) : server_->article(id);
}

} // namespace newsdb::cli
