// newsdb show ID|PATH: an article as stored.
#include <charconv>
#include <iostream>

#include "cli/cli.hpp"
#include "newsdb/error.hpp"

namespace newsdb::cli {

namespace {

struct ShowCommand {
    std::string target;
    std::string format = "text";
    bool original = false;
    std::string server;
};

std::optional<int64_t> as_id(const std::string& s) {
    int64_t id = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), id);
    if (ec != std::errc() || end != s.data() + s.size() || id <= 0) return std::nullopt;
    return id;
}

int run_show(const ShowCommand& cmd, const Context& ctx) {
    const ArticleFormat format = parse_article_format(cmd.format);
    SearchSource source = open_source(ctx, cmd.server);
    Archive* archive = source.local();
    std::optional<StoredArticle> article;
    if (auto id = as_id(cmd.target)) article = source.article(*id);
    if (!article && archive) article = archive->article_by_path(cmd.target);
    if (!article)
        throw Error(Errc::not_found, "no article with id or path '" + cmd.target + "'",
                    "search for it with `newsdb search`, which prints article ids");
    if (cmd.original) {
        if (!archive)
            throw Error(Errc::invalid_argument, "--original reads the local archive: a server keeps no originals",
                        "leave out --server (or unset NEWSDB_SERVER)");
        auto bytes = archive->original(article->id);
        if (!bytes)
            throw Error(Errc::not_found, "article " + std::to_string(article->id) + " has no stored original",
                        "it was ingested with --no-originals; re-ingest its file to keep one");
        std::cout.write(bytes->data(), static_cast<std::streamsize>(bytes->size()));
        std::cout.flush();
        if (!std::cout) throw Error(Errc::io, "writing the original failed", "check the output");
        return kExitOk;
    }
    write_article(*article, format, std::cout);
    return kExitOk;
}

} // namespace

void register_show(CLI::App& app, Context& ctx) {
    auto cmd = std::make_shared<ShowCommand>();
    auto* sub = app.add_subcommand("show", "Print one article as stored: metadata, paragraphs, footnotes");
    sub->add_option("article", cmd->target, "Article id, or a path it was ingested from")->required();
    sub->add_option("-f,--format", cmd->format, "text, plain (title and paragraphs only) or json")
        ->capture_default_str();
    add_server_option(*sub, cmd->server);
    sub->add_flag("--original", cmd->original,
                  "Write the bytes of the file the article came from, exactly as ingested");
    sub->footer(R"(Examples:
  newsdb show 1
  newsdb show 1 --format plain | wc -w
  newsdb show 7 --original > restored.html
  newsdb show data/quwa-2020-02-pakistan-turkey-defence-ties.txt --format json)");
    sub->callback([cmd, &ctx] { ctx.run = [cmd, &ctx] { return run_show(*cmd, ctx); }; });
}

} // namespace newsdb::cli
