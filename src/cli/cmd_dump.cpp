// newsdb dump [-o FILE]: the whole archive as versioned JSON Lines.
#include <iostream>

#include "cli/cli.hpp"

namespace newsdb::cli {

namespace {

struct DumpCommand {
    std::string output = "-";
};

int run_dump(const DumpCommand& cmd, const Context& ctx) {
    Archive archive = ctx.open(OpenMode::read_only);
    const DumpSummary s = archive.dump(cmd.output);
    if (!ctx.quiet) {
        std::cerr << "dumped " << s.articles << (s.articles == 1 ? " article, " : " articles, ") << s.originals
                  << (s.originals == 1 ? " original, " : " originals, ") << s.failures
                  << (s.failures == 1 ? " remembered failure" : " remembered failures") << " ("
                  << human_bytes(static_cast<double>(s.bytes)) << " of JSON Lines)"
                  << (cmd.output == "-" ? "" : " to " + cmd.output) << "\n";
    }
    return kExitOk;
}

} // namespace

void register_dump(CLI::App& app, Context& ctx) {
    auto cmd = std::make_shared<DumpCommand>();
    auto* sub = app.add_subcommand("dump", "Write the whole archive as one portable file (JSON Lines)");
    sub->add_option("-o,--output", cmd->output,
                    "Write to FILE (zstd-compressed when it ends in .zst) instead of standard output");
    sub->footer(R"(Everything the archive holds: every article with its metadata, passages,
footnotes, citation marks, tags, paths and file stamps, the stored originals
and the remembered failures; the search index is rebuilt from them. One
snapshot: an ingest running meanwhile is either wholly in the dump or not.
The format is documented and versioned (docs/dump-format.md): later newsdb
versions restore it. A file is written beside FILE and renamed into place
when complete.

Examples:
  newsdb dump -o archive.jsonl.zst
  newsdb dump | zstd > archive.jsonl.zst
  newsdb --db old.db dump -o - | newsdb --db new.db restore -)");
    sub->callback([cmd, &ctx] { ctx.run = [cmd, &ctx] { return run_dump(*cmd, ctx); }; });
}

} // namespace newsdb::cli
