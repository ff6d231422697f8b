// newsdb citations [QUERY]: what the footnotes cite, per publisher, per
// publisher and year, or per citing article.
#include <fstream>
#include <iostream>

#include "cli/cli.hpp"
#include "newsdb/report.hpp"

namespace newsdb::cli {

namespace {

struct CitationsCommand {
    CitationOptions options;
    SearchFlags flags;
    std::string by = "publisher";
    std::string format = "text";
    std::string output;
};

int run_citations(CitationsCommand cmd, const Context& ctx) {
    apply_search_filters(cmd.options.selection, cmd.flags);
    cmd.options.by = parse_citation_group(cmd.by);
    const ReportFormat format = parse_report_format(cmd.format);
    if (format == ReportFormat::svg) write_citations({}, cmd.options.by, "", format, std::cout);  // refuses
    Archive archive = ctx.open(OpenMode::read_only);
    const std::vector<CitationRow> rows = archive.citations(cmd.options);
    const std::string& query = cmd.options.selection.query;
    if (cmd.output.empty()) {
        write_citations(rows, cmd.options.by, query, format, std::cout);
        std::cout.flush();
        if (!std::cout) throw Error(Errc::io, "cannot write the output", "check the disk or the pipe");
        return kExitOk;
    }
    std::ofstream out(cmd.output, std::ios::binary | std::ios::trunc);
    if (out) write_citations(rows, cmd.options.by, query, format, out);
    out.close();
    if (!out) throw Error(Errc::io, "cannot write " + cmd.output, "check that its folder exists and is writable");
    if (!ctx.quiet) std::cerr << "wrote " << cmd.output << "\n";
    return kExitOk;
}

} // namespace

void register_citations(CLI::App& app, Context& ctx) {
    auto cmd = std::make_shared<CitationsCommand>();
    auto* sub = app.add_subcommand("citations", "Count the outlets and documents the footnotes cite");
    sub->add_option("query", cmd->options.selection.query,
                    "Only the footnotes of articles with a passage matching this (default: the whole archive)");
    sub->add_option("--by", cmd->by, "publisher, year (publisher and year of the citing article) or article")
        ->capture_default_str();
    add_search_filters(*sub, cmd->options.selection, cmd->flags);
    sub->add_option("-f,--format", cmd->format, "text, csv, json, jsonl or markdown")->capture_default_str();
    sub->add_option("-o,--output", cmd->output, "Write to FILE instead of standard output")->option_text("FILE");
    sub->footer(R"(Publishers are compared folded (case, accents, punctuation): "Daily Sabah" and
"DAILY SABAH." count together; every raw spelling is listed, the most frequent
first. footnotes: footnotes naming the publisher; marks: the [N] marks in
paragraphs that cite them; articles: the citing articles, oldest first.

Examples:
  newsdb citations
  newsdb citations drones --by year
  newsdb citations 'publisher:"Daily Sabah"' --by article --format csv
  newsdb citations --since 2020 --format json)");
    sub->callback([cmd, &ctx] { ctx.run = [cmd, &ctx] { return run_citations(*cmd, ctx); }; });
}

} // namespace newsdb::cli
