// newsdb forget ID|PATH... / --query QUERY [--yes]: remove articles for good.
#include <charconv>
#include <iostream>

#include "cli/cli.hpp"
#include "newsdb/error.hpp"

namespace newsdb::cli {

namespace {

// More articles than this from one --query need --yes.
constexpr std::size_t kQueryLimit = 10;
constexpr std::size_t kListed = 10;

struct ForgetCommand {
    std::vector<std::string> targets;
    std::string query;
    bool yes = false;
    bool dry_run = false;
};

std::optional<int64_t> as_id(const std::string& s) {
    int64_t id = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), id);
    if (ec != std::errc() || end != s.data() + s.size() || id <= 0) return std::nullopt;
    return id;
}

int run_forget(const ForgetCommand& cmd, const Context& ctx) {
    if (cmd.targets.empty() == cmd.query.empty())
        throw Error(Errc::invalid_argument, "give either article ids or paths, or --query, not both",
                    "e.g. newsdb forget 41, newsdb forget data/a.txt, newsdb forget --query 'title:hoax'");
    Archive archive = ctx.open(OpenMode::read_write);
    std::vector<int64_t> ids;
    if (!cmd.query.empty()) {
        SearchOptions options;
        options.query = cmd.query;
        ids = archive.matching_articles(options);
        if (ids.empty()) {
            if (!ctx.quiet) std::cerr << "no article matches " << cmd.query << "; nothing was forgotten\n";
            return kExitOk;
        }
        if (ids.size() > kQueryLimit && !cmd.yes && !cmd.dry_run) {
            std::string some;
            for (std::size_t i = 0; i < kListed; ++i) some += (i ? ", " : "") + std::to_string(ids[i]);
            throw Error(Errc::invalid_argument,
                        "the query matches " + std::to_string(ids.size()) + " articles (" + some +
                            ", …), more than " + std::to_string(kQueryLimit) + "; nothing was forgotten",
                        "add --yes to forget them all, --dry-run to list them, or narrow the query");
        }
    } else {
        for (const std::string& t : cmd.targets) {
            if (auto id = as_id(t)) {
                ids.push_back(*id);
                continue;
            }
            const auto at = archive.articles_at_path(t);
            if (at.empty())
                throw Error(Errc::not_found, "no article with id or path '" + t + "'; nothing was forgotten",
                            "search for it with `newsdb search`, which prints article ids");
            ids.insert(ids.end(), at.begin(), at.end());
        }
    }
    if (cmd.dry_run) {
        for (const int64_t id : ids) {
            const auto a = archive.article(id);
            if (!a) throw Error(Errc::not_found, "no article " + std::to_string(id) + " in this archive");
            std::cout << "would forget article " << id << ": " << a->article.title << "\n";
        }
        return kExitOk;
    }
    const ForgetSummary s = archive.forget(ids);
    if (ctx.quiet) return kExitOk;
    for (const ForgottenArticle& a : s.articles) {
        std::cout << "forgot article " << a.id << ": " << a.title << " (" << a.passages << " passages)\n";
        for (const std::string& p : a.paths) std::cout << "  " << p << "\n";
    }
    std::cout << "forgot " << s.articles.size() << (s.articles.size() == 1 ? " article, " : " articles, ")
              << s.passages << " passages, " << s.originals << (s.originals == 1 ? " original, " : " originals, ")
              << s.failures << " remembered failures\n";
    if (s.space_returned)
        std::cout << "  " << human_bytes(static_cast<double>(s.free_bytes)) << " given back to the file system\n";
    else if (s.free_bytes > 0)
        std::cout << "  " << human_bytes(static_cast<double>(s.free_bytes))
                  << " free inside the archive file (reused by later writes; VACUUM in sqlite3 gives it back)\n";
    return kExitOk;
}

} // namespace

void register_forget(CLI::App& app, Context& ctx) {
    auto cmd = std::make_shared<ForgetCommand>();
    auto* sub = app.add_subcommand("forget", "Remove articles for good (a takedown, a mistake)");
    sub->add_option("article", cmd->targets, "Article ids, or paths they were ingested from");
    sub->add_option("--query", cmd->query, "Forget every article with a passage matching QUERY")->option_text("QUERY");
    sub->add_flag("--yes", cmd->yes, "Forget even when --query matches more than 10 articles");
    sub->add_flag("--dry-run", cmd->dry_run, "Only list what would be forgotten");
    sub->footer(R"(Removes each article with everything that belongs to it: its passages and
their search-index entries, footnotes, citation marks, tags, paths, the
failures remembered for its paths, and its original file unless another
article's path still holds it; deleted data is overwritten, the search
index is checked, and the freed space is given back to the file system (an
archive made before newsdb used incremental auto-vacuum says how much is
free inside it instead). One transaction: an
unknown id or path forgets nothing (exit 3). A forgotten file that is
ingested again is a new article.

Examples:
  newsdb forget 41
  newsdb forget data/quwa-2020-02-pakistan-turkey-defence-ties.txt
  newsdb forget --query 'title:"press release"' --dry-run
  newsdb forget --query 'source:"Example Wire"' --yes)");
    sub->callback([cmd, &ctx] { ctx.run = [cmd, &ctx] { return run_forget(*cmd, ctx); }; });
}

} // namespace newsdb::cli
