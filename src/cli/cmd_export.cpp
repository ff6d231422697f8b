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
    std::string kind;
    std::string format = "jsonl";
    std::string output;
};

int64_t write_hits(Archive& archive, const ExportCommand& cmd, HitFormat format, std::ostream& out) {
    auto writer = make_hit_writer(format, out, HitWriterContext{cmd.options.query, MatchStyle::plain});
    writer->begin();
    int64_t n = archive.search_each(cmd.options, true, [&](const Hit& h) { writer->write(h); });
    writer->end();
    return n;
}

int run_export(ExportCommand cmd, const Context& ctx) {
    apply_search_filters(cmd.options, cmd.kind);
    const HitFormat format = parse_hit_format(cmd.format);
    Archive archive = ctx.open(OpenMode::read_only);

    int64_t n = 0;
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
    if (!ctx.quiet) std::cerr << "exported " << n << (n == 1 ? " passage" : " passages") << "\n";
    return kExitOk;
}

} // namespace

void register_export(CLI::App& app, Context& ctx) {
    auto cmd = std::make_shared<ExportCommand>();
    auto* sub = app.add_subcommand("export", "Write every passage matching a query, with provenance");
    sub->add_option("query", cmd->options.query, "What to export (same syntax as search)")->required();
    add_search_filters(*sub, cmd->options, cmd->kind);
    sub->add_option("-f,--format", cmd->format, "csv, json, jsonl or markdown")->capture_default_str();
    sub->add_option("-o,--output", cmd->output, "Write to this file instead of standard output");
    sub->footer(R"(Every match is written (no limit), best first, streamed. Each row carries the
query, article id, path, title, date, source, passage kind and number, text,
snippet (matches as **word**) and bm25 score. CSV follows RFC 4180.
The query, fields (title: source: author: publisher: date: lang: kind:),
filters and --sort work as in `newsdb search` (see `newsdb search --help`).

Examples:
  newsdb export 'drones' --format csv -o drones.csv
  newsdb export '"defence industry"' --format jsonl | jq .title
  newsdb export 'source:Reuters' --since 2020-02 --until 2020-03 --sort oldest)");
    sub->callback([cmd, &ctx] { ctx.run = [cmd, &ctx] { return run_export(*cmd, ctx); }; });
}

} // namespace newsdb::cli
