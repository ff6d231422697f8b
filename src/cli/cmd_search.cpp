// newsdb search QUERY: ranked matching passages.
#include <iostream>

#include "cli/cli.hpp"
#include "newsdb/error.hpp"

namespace newsdb::cli {

namespace {

struct SearchCommand {
    SearchOptions options;
    std::string kind;
    std::string format = "text";
};

int run_search(SearchCommand cmd, const Context& ctx) {
    apply_search_filters(cmd.options, cmd.kind);
    const HitFormat format = parse_hit_format(cmd.format);
    if (cmd.options.limit < 1)
        throw Error(Errc::invalid_argument, "--limit must be at least 1",
                    "use `newsdb export` to write every match");
    Archive archive = ctx.open(OpenMode::read_only);
    std::vector<Hit> hits = archive.search(cmd.options);

    HitWriterContext wctx{cmd.options.query, format == HitFormat::text ? ctx.stdout_style() : MatchStyle::plain};
    auto writer = make_hit_writer(format, std::cout, wctx);
    writer->begin();
    for (const auto& h : hits) writer->write(h);
    writer->end();
    std::cout.flush();
    if (hits.empty() && format == HitFormat::text && !ctx.quiet) {
        std::cerr << "no matches for " << cmd.options.query
                  << (cmd.options.offset > 0 ? " at this --offset" : "") << "\n";
    }
    return kExitOk;
}

} // namespace

void register_search(CLI::App& app, Context& ctx) {
    auto cmd = std::make_shared<SearchCommand>();
    auto* sub = app.add_subcommand("search", "Find passages (paragraphs, footnotes, titles), best first");
    sub->add_option("query", cmd->options.query, "What to look for (see Query syntax below)")->required();
    sub->add_option("-n,--limit", cmd->options.limit, "How many passages to show")->capture_default_str();
    sub->add_option("--offset", cmd->options.offset, "Skip this many passages first (paging)")
        ->check(CLI::NonNegativeNumber);
    add_search_filters(*sub, cmd->options, cmd->kind);
    sub->add_option("-f,--format", cmd->format, "Output: text, json, jsonl, csv or markdown")
        ->capture_default_str();
    sub->footer(R"(Query syntax:
  defence turkey         passages with both words (stems match: agreement ~ agreements)
  "defence industry"     the exact phrase
  drones OR helicopters  either word
  turkey -pakistan       turkey but not pakistan (also: turkey NOT pakistan)
  defen*                 words starting with defen
  (drones OR uav) army   grouping
  NEAR(turkey drones, 5) both within 5 words
Case and accents do not matter: erdogan finds Erdoğan.

Examples:
  newsdb search 'defence agreements'
  newsdb search '"research and development"' --kind paragraph --limit 5
  newsdb search 'Daily Sabah' --kind footnote --format json)");
    sub->callback([cmd, &ctx] { ctx.run = [cmd, &ctx] { return run_search(*cmd, ctx); }; });
}

} // namespace newsdb::cli
