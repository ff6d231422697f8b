// newsdb reparse [ID...]: rebuild articles from their stored originals.
#include <iostream>

#include "cli/cli.hpp"

namespace newsdb::cli {

namespace {

struct ReparseCommand {
    ReparseOptions options;
};

std::string progress_text(const ReparseProgress& p) {
    std::string text = "reparsing: " + std::to_string(p.articles_done) + "/" + std::to_string(p.articles_total) +
                       " articles, " + std::to_string(p.failed) + " failed";
    if (p.articles_done > 0 && p.articles_done < p.articles_total && p.seconds > 1) {
        const double left = p.seconds / static_cast<double>(p.articles_done) *
                            static_cast<double>(p.articles_total - p.articles_done);
        text += ", ETA " + std::to_string(static_cast<int>(left + 0.5)) + " s";
    }
    return text;
}

int run_reparse(const ReparseCommand& cmd, const Context& ctx) {
    Archive archive = ctx.open(OpenMode::read_write);
    ProgressLine line(ctx);
    const ReparseSummary s = archive.reparse(
        cmd.options,
        [&](int64_t id, const std::string& why) {
            line.clear();
            std::cerr << "newsdb: failed: article " << id << ": " << why << "\n";
        },
        [&](const ReparseProgress& p) { line.show(progress_text(p)); });
    line.clear();
    if (!ctx.quiet || s.failed > 0) {
        std::cerr << "reparsed " << s.reparsed << (s.reparsed == 1 ? " article" : " articles") << ", "
                  << s.without_original << " without a stored original, " << s.failed << " failed\n";
    }
    if (s.without_original > 0 && !ctx.quiet)
        std::cerr << "  articles ingested with --no-originals keep their stored form; re-ingest their files "
                     "to update them\n";
    if (s.failed > 0) std::cerr << "  an article that failed keeps its old form (reasons above)\n";
    return s.failed > 0 ? kExitPartial : kExitOk;
}

} // namespace

void register_reparse(CLI::App& app, Context& ctx) {
    auto cmd = std::make_shared<ReparseCommand>();
    auto* sub = app.add_subcommand("reparse", "Re-run the current parsers over the stored original files");
    sub->add_option("ids", cmd->options.ids, "Article ids (default: every article)")->option_text("ID...");
    sub->add_option("-j,--jobs", cmd->options.jobs, "Parsing threads, 1 to 64 (default: one per core)")
        ->option_text("N")
        ->check(CLI::Range(1, 64));
    sub->add_option("--batch", cmd->options.batch_articles,
                    "Articles per transaction (default 500; a batch also commits after 0.25 s)")
        ->option_text("N")
        ->check(CLI::Range(1, 100000));
    sub->footer(R"(After upgrading newsdb, improved parsers can be applied to what is already in
the archive without the source files: each article's stored form (title,
metadata, paragraphs, footnotes) is rebuilt from its original bytes, keeping
its id and paths. Each original is parsed once (a file of many articles
too), on one thread per core, and the articles are written in batches, one
transaction each, as ingest does. Articles whose original fails to parse keep
their old form (exit code 4); an id that is no article changes nothing
(exit code 3).

Examples:
  newsdb reparse
  newsdb reparse 12 40)");
    sub->callback([cmd, &ctx] { ctx.run = [cmd, &ctx] { return run_reparse(*cmd, ctx); }; });
}

} // namespace newsdb::cli
