// newsdb count QUERY: matching articles and passages per year, month, week,
// day, source, language or author, as a table with bars, data or a chart.
#include <fstream>
#include <iostream>

#include "cli/cli.hpp"
#include "newsdb/report.hpp"

namespace newsdb::cli {

namespace {

struct CountCommand {
    SearchOptions options;
    SearchFlags flags;
    std::string by = "year";
    std::vector<std::string> compare;
    bool normalize = false;
    std::string format = "text";
    std::string output;
    std::string server;
};

int run_count(CountCommand cmd, const Context& ctx) {
    apply_search_filters(cmd.options, cmd.flags);
    const CountBucket by = parse_count_bucket(cmd.by);
    const ReportFormat format = parse_report_format(cmd.format);
    if (format == ReportFormat::svg && cmd.output.empty())
        throw Error(Errc::invalid_argument, "--format svg needs -o FILE", "e.g. newsdb count drones --format svg -o drones.svg");
    SearchSource archive = open_source(ctx, cmd.server);
    std::optional<Archive::ReadSnapshot> snapshot;
    if (Archive* local = archive.local()) snapshot.emplace(local->read_snapshot());
    std::vector<CountSeries> series;
    for (std::size_t i = 0; i <= cmd.compare.size(); ++i) {
        SearchOptions o = cmd.options;
        if (i > 0) o.query = cmd.compare[i - 1];
        series.push_back(CountSeries{o.query, archive.count(o, by)});
    }
    // The whole archive per bucket: the denominators of buckets no query matched.
    const std::vector<CountRow> all = is_time_bucket(by) ? archive.count(SearchOptions{}, by) : std::vector<CountRow>{};
    const CountTable table = make_count_table(by, series, all);
    CountReportOptions options;
    options.normalize = cmd.normalize;
    if (format == ReportFormat::text && cmd.output.empty()) options.style = ctx.stdout_style();
    if (cmd.output.empty()) {
        write_count_table(table, format, std::cout, options);
        std::cout.flush();
        if (!std::cout) throw Error(Errc::io, "cannot write the output", "check the disk or the pipe");
        return kExitOk;
    }
    std::ofstream out(cmd.output, std::ios::binary | std::ios::trunc);
    if (out) write_count_table(table, format, out, options);
    out.close();
    if (!out) throw Error(Errc::io, "cannot write " + cmd.output, "check that its folder exists and is writable");
    if (!ctx.quiet) std::cerr << "wrote " << cmd.output << "\n";
    return kExitOk;
}

} // namespace

void register_count(CLI::App& app, Context& ctx) {
    auto cmd = std::make_shared<CountCommand>();
    auto* sub = app.add_subcommand("count", "Count matching articles and passages per year, month, source ...");
    sub->add_option("query", cmd->options.query, "What to count (search syntax; '' counts every article)")->required();
    sub->add_option("--by", cmd->by, "year, month, week, day, source, lang, author, kind or total")
        ->capture_default_str();
    sub->add_option("--compare", cmd->compare, "More queries to count beside the first (one chart, one column each)")
        ->option_text("QUERY")
        ->expected(1)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    sub->add_flag("--normalize", cmd->normalize,
                  "Show each bucket's matching articles as a share of all the archive's articles in it");
    add_search_filters(*sub, cmd->options, cmd->flags);
    add_server_option(*sub, cmd->server);
    sub->add_option("-f,--format", cmd->format, "text (with bars), csv, json, jsonl, markdown or svg (a chart; needs -o)")
        ->capture_default_str();
    sub->add_option("-o,--output", cmd->output, "Write to FILE instead of standard output")->option_text("FILE");
    sub->footer(R"x(Per year, month, week (ISO, "2020-W07") or day, every bucket from the first
to the last is listed, gaps as 0. Articles dated less precisely than the
bucket (only a year, when counting per month) are counted in rows of their
own ("2019 (year only)"), undated ones as "(undated)": never dropped, but left
out of bars and charts. "all" is every article of the archive in the bucket;
share = matching / all (--normalize draws the share). csv and json carry every
row with its fit (exact, coarser, undated/none).

Examples:
  newsdb count drones --by month
  newsdb count drones --by year --normalize
  newsdb count drones --compare helicopters --by year --format csv
  newsdb count '"defence industry"' --by month --format svg -o defence.svg
  newsdb count '' --by source)x");
    sub->callback([cmd, &ctx] { ctx.run = [cmd, &ctx] { return run_count(*cmd, ctx); }; });
}

} // namespace newsdb::cli
