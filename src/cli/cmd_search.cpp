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
  "defence industry"     the phrase, words in order
  =agreements            only this form of the word, not agreement (="a b": exact phrase)
  drones OR helicopters  either word
  turkey -pakistan       turkey but not pakistan (also: turkey NOT pakistan)
  defen*                 words starting with defen
  (drones OR uav) army   grouping
  NEAR(turkey drones, 5) both within 5 words
Case and accents do not matter: erdogan finds Erdoğan.

Fields filter the whole query (write them outside ( ) and OR; quote values
with spaces):
  title:drones           passages of articles whose title matches drones;
                         alone (no other words): the matching titles themselves
  source:"Daily Sabah"   the article's source, whole name, any case (= --source)
  author:aslan           the article's author contains aslan, any case (= --author)
  publisher:Sabah        footnotes whose publisher contains Sabah, any case: how
                         to find the articles that cite an outlet
  date:2020-02..2020-03  articles dated within, ends included; also date:2020,
                         date:2020-02-14, date:..2020-03, date:2019.. (= --since/--until)
  lang:tr                articles in Turkish (= --lang)
  kind:footnote          footnotes only: paragraph, footnote or title (= --kind)
A field given several times (or as an option too) matches any of its values;
dates narrow each other. An article's date must lie wholly inside the range:
one dated only 2020 matches date:2020 but not --since 2020-06; undated
articles never match a date filter. A query of only fields lists the matching
passages newest first. Other words with a colon (10:30, https://x) are text.

Ranking: for two or more words, passages holding them as a phrase come
first, then those holding them within 5 words, then the rest; within each,
by bm25, boosted 1.5 times when the article's title matches the query too.
--sort newest|oldest orders by the article's date first (undated last).

Examples:
  newsdb search 'defence agreements'
  newsdb search '"research and development"' --kind paragraph --limit 5
  newsdb search 'publisher:"Daily Sabah"' --format json
  newsdb search 'drones source:Reuters date:2020-02..2020-03' --sort newest
  newsdb search 'title:turkey defence' --since 2019 --until 2020-02
  newsdb search agreements --exact)");
    sub->callback([cmd, &ctx] { ctx.run = [cmd, &ctx] { return run_search(*cmd, ctx); }; });
}

} // namespace newsdb::cli
