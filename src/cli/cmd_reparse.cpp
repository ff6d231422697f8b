// newsdb reparse [ID...]: rebuild articles from their stored originals.
#include <iostream>

#include "cli/cli.hpp"

namespace newsdb::cli {

namespace {

struct ReparseCommand {
    std::vector<int64_t> ids;
};

int run_reparse(const ReparseCommand& cmd, const Context& ctx) {
    Archive archive = ctx.open(OpenMode::read_write);
    const ReparseSummary s = archive.reparse(cmd.ids, [](int64_t id, const std::string& why) {
        std::cerr << "newsdb: failed: article " << id << ": " << why << "\n";
    });
    if (!ctx.quiet || s.failed > 0) {
        std::cerr << "reparsed " << s.reparsed << (s.reparsed == 1 ? " article" : " articles") << ", "
                  << s.without_original << " without a stored original, " << s.failed << " failed\n";
    }
    if (s.without_original > 0 && !ctx.quiet)
        std::cerr << "  articles ingested with --no-originals keep their stored form; re-ingest their files "
                     "to update them\n";
    return s.failed > 0 ? kExitPartial : kExitOk;
}

} // namespace

void register_reparse(CLI::App& app, Context& ctx) {
    auto cmd = std::make_shared<ReparseCommand>();
    auto* sub = app.add_subcommand("reparse", "Re-run the current parsers over the stored original files");
    sub->add_option("ids", cmd->ids, "Article ids (default: every article)");
    sub->footer(R"(After upgrading newsdb, improved parsers can be applied to what is already in
the archive without the source files: each article's stored form (title,
metadata, paragraphs, footnotes) is rebuilt from its original bytes, keeping
its id and paths. Articles whose original fails to parse keep their old form
(exit code 4).

Examples:
  newsdb reparse
  newsdb reparse 12 40)");
    sub->callback([cmd, &ctx] { ctx.run = [cmd, &ctx] { return run_reparse(*cmd, ctx); }; });
}

} // namespace newsdb::cli
