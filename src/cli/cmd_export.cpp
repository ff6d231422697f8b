// newsdb export QUERY: every match, streamed, with provenance.
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iostream>

#include "cli/cli.hpp"
#include "newsdb/error.hpp"

namespace newsdb::cli {

namespace {

struct ExportCommand {
    SearchOptions options;
    SearchFlags flags;
    std::string format;  // "": from the output file's extension, else jsonl
    std::string output;
    std::string server;
};

SearchTotals write_hits(SearchSource& archive, const ExportCommand& cmd, HitFormat format, std::ostream& out) {
    auto writer = make_hit_writer(format, out, HitWriterContext{cmd.options.query, MatchStyle::plain, cmd.options.unit});
    const SearchTotals n = archive.search_each(
        cmd.options, true, [&](const SearchHit& h) { writer->write(h); },
        [&](const SearchTotals& total) { writer->begin(total); });
    writer->end();
    return n;
}

// --format wins; else the extension of -o's file names it; else JSON Lines.
HitFormat export_format(const ExportCommand& cmd) {
    if (!cmd.format.empty()) return parse_hit_format(cmd.format);
    if (cmd.output.empty() || cmd.output == "-") return HitFormat::jsonl;
    return hit_format_for_file(cmd.output);
}

int run_export(ExportCommand cmd, const Context& ctx) {
    apply_search_filters(cmd.options, cmd.flags);
    const HitFormat format = export_format(cmd);
    SearchSource archive = open_source(ctx, cmd.server);

    SearchTotals n;
    if (cmd.output.empty() || cmd.output == "-") {
        n = write_hits(archive, cmd, format, std::cout);
        std::cout.flush();
    } else {
        // Written beside the target and renamed into place, so a failed export
        // never leaves a truncated file where a good one was.
        const std::string tmp = cmd.output + ".newsdb-tmp-" + std::to_string(getpid());
        {
            std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
            if (!out)
                throw Error(Errc::io, "cannot write '" + cmd.output + "'",
                            "check that the folder exists and is writable");
            try {
                n = write_hits(archive, cmd, format, out);
            } catch (...) {
                out.close();
                std::remove(tmp.c_str());
                throw;
            }
            out.flush();
            if (!out) {
                std::remove(tmp.c_str());
                throw Error(Errc::io, "writing '" + cmd.output + "' failed (disk full?)",
                            "free some space and run the export again");
            }
        }
        if (std::rename(tmp.c_str(), cmd.output.c_str()) != 0) {
            std::remove(tmp.c_str());
            throw Error(Errc::io, "cannot move the export into '" + cmd.output + "'",
                        "check the permissions of the folder");
        }
    }
    if (!ctx.quiet) std::cerr << "exported " << totals_text(n, cmd.options.unit) << "\n";
    return kExitOk;
}

} // namespace

void register_export(CLI::App& app, Context& ctx) {
    auto cmd = std::make_shared<ExportCommand>();
    auto* sub = app.add_subcommand("export", "Write every article (or passage) matching a query, with what a citation needs");
    sub->add_option("query", cmd->options.query, "What to export (same syntax as search)")->required();
    add_search_filters(*sub, cmd->options, cmd->flags);
    add_server_option(*sub, cmd->server);
    sub->add_option("-f,--format", cmd->format,
                    "csv, json, jsonl, markdown or text (default: from the -o file's extension, else jsonl)");
    sub->add_option("-o,--output", cmd->output, "Write to this file instead of standard output");
    sub->footer(R"(Every match is written (no limit), best first, streamed. --unit article (the
default) writes a row per article with its best passages; --unit passage a row
per passage. Rows carry what a citation needs: the query, rank, article id,
passage id, title, url, author, date, source, language, tags, path, passage
kind and number, text, snippet (matches as **word**) and score. CSV follows
RFC 4180, with a line per passage shown (an article's fields repeat). The
format follows -o's extension (.csv .json .jsonl .ndjson .md .markdown .txt)
unless --format is given. The query, fields and filters work as in
`newsdb search` (see `newsdb search --help`).

Examples:
  newsdb export 'drones' -o drones.csv
  newsdb export '"defence industry"' --unit passage | jq .title
  newsdb export 'source:Reuters tag:topic:grain' --since 1987-03 --sort oldest -o grain.json)");
    sub->callback([cmd, &ctx] { ctx.run = [cmd, &ctx] { return run_export(*cmd, ctx); }; });
}

} // namespace newsdb::cli
