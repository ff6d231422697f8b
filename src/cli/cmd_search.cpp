// newsdb search QUERY: ranked matching articles (or passages), with the totals.
#include <iostream>

#include "cli/cli.hpp"
#include "newsdb/error.hpp"

namespace newsdb::cli {

namespace {

struct SearchCommand {
    SearchOptions options;
    SearchFlags flags;
    std::string format = "text";
    bool count = false;
    std::string server;
};

// --count: the totals alone, in the format asked for.
void write_count(const SearchTotals& total, SearchUnit unit, HitFormat format) {
    switch (format) {
    case HitFormat::json:
    case HitFormat::jsonl:
        std::cout << "{\"articles\":" << total.articles << ",\"passages\":" << total.passages << "}\n";
        break;
    case HitFormat::csv:
        std::cout << "articles,passages\r\n" << total.articles << ',' << total.passages << "\r\n";
        break;
    case HitFormat::text:
    case HitFormat::markdown:
        std::cout << totals_text(total, unit) << '\n';
        break;
    }
}

// Why nothing matched: each part of the query alone, so the user sees what to
// drop ("tracking: 0 articles").
void explain_no_matches(SearchSource& archive, const SearchOptions& options) {
    std::cerr << "no matches for " << options.query << "\n";
    const std::vector<QueryPartCount> parts = archive.count_parts(options);
    if (parts.size() < 2) return;
    bool each_matches = true;
    for (const QueryPartCount& part : parts) {
        std::cerr << "  " << part.part << ": " << part.articles << (part.articles == 1 ? " article" : " articles")
                  << "\n";
        each_matches = each_matches && part.articles > 0;
    }
    if (!each_matches) return;
    if (options.unit == SearchUnit::passage) {
        SearchOptions articles = options;
        articles.unit = SearchUnit::article;
        const int64_t n = archive.count(articles).articles;
        if (n > 0) {
            std::cerr << "  no passage holds them all, but " << n << (n == 1 ? " article does" : " articles do")
                      << " in different passages: search without --within passage\n";
            return;
        }
    }
    std::cerr << "  every part matches, but no article holds them all\n";
}

int run_search(SearchCommand cmd, const Context& ctx) {
    apply_search_filters(cmd.options, cmd.flags);
    const HitFormat format = parse_hit_format(cmd.format);
    if (cmd.options.limit < 1)
        throw Error(Errc::invalid_argument, "--limit must be at least 1",
                    "use `newsdb export` to write every match");
    SearchSource archive = open_source(ctx, cmd.server);
    if (cmd.count) {
        write_count(archive.count(cmd.options), cmd.options.unit, format);
        std::cout.flush();
        return kExitOk;
    }
    const SearchResults results = archive.search(cmd.options);

    HitWriterContext wctx{cmd.options.query, format == HitFormat::text ? ctx.stdout_style() : MatchStyle::plain,
                          cmd.options.unit, cmd.options.offset, cmd.options.limit};
    auto writer = make_hit_writer(format, std::cout, wctx);
    writer->begin(results.total);
    for (const auto& h : results.hits) writer->write(h);
    writer->end();
    std::cout.flush();
    if (ctx.quiet) return kExitOk;
    if (results.hits.empty() && format == HitFormat::text) {
        if (cmd.options.offset > 0) std::cerr << "no matches for " << cmd.options.query << " at this --offset\n";
        else explain_no_matches(archive, cmd.options);
    } else if (!results.hits.empty() && (format == HitFormat::csv || format == HitFormat::jsonl)) {
        // These formats have no place for the totals: tell the person, not the file.
        std::cerr << describe_totals(results.total, cmd.options.unit, cmd.options.offset,
                                     static_cast<int64_t>(results.hits.size()))
                  << "\n";
    }
    return kExitOk;
}

} // namespace

void register_search(CLI::App& app, Context& ctx) {
    auto cmd = std::make_shared<SearchCommand>();
    auto* sub = app.add_subcommand("search", "Find articles (or passages), best first, and how many match");
    sub->add_option("query", cmd->options.query, "What to look for (see Query syntax below)")->required();
    sub->add_option("-n,--limit", cmd->options.limit, "How many results to show")->capture_default_str();
    sub->add_option("--offset", cmd->options.offset, "Skip this many results first (paging)")
        ->check(CLI::NonNegativeNumber);
    add_search_filters(*sub, cmd->options, cmd->flags);
    add_server_option(*sub, cmd->server);
    sub->add_option("-f,--format", cmd->format, "Output: text, json, jsonl, csv or markdown")
        ->capture_default_str();
    sub->add_flag("--count", cmd->count,
                  "Print only the totals: articles and passages (with --format json: {\"articles\":N,\"passages\":M})");
    sub->footer(R"help(Each result is an article: the query's words may be anywhere in it (title,
paragraphs, footnotes), shown with its best one to three passages. A phrase or
NEAR still matches within one passage. --within passage makes every word
match in one passage, and each result a passage. The first line gives the
totals: "20 of 1,318 articles (4,920 passages)".

Query syntax:
  defence turkey         both words (stems match: agreement ~ agreements)
  "defence industry"     the phrase, words in order, in one passage
  =agreements            only this form of the word, not agreement (="a b": exact phrase)
  drones OR helicopters  either word
  turkey -pakistan       turkey but not pakistan (also: turkey NOT pakistan)
  defen*                 words starting with defen
  (drones OR uav) army   grouping
  NEAR(turkey drones, 5) both within 5 words, in one passage
Case and accents do not matter: erdogan finds Erdoğan.

Fields filter the whole query (write them outside ( ) and OR; quote values
with spaces):
  title:drones           articles whose title matches drones; alone (no other
                         words): the matching titles themselves
  source:"Daily Sabah"   the article's source, whole name, any case (= --source)
  author:aslan           the article's author contains aslan, any case (= --author)
  publisher:Sabah        articles with a footnote whose publisher contains Sabah
                         (--within passage: those footnotes)
  date:2020-02..2020-03  articles dated within, ends included; also date:2020,
                         date:2020-02-14, date:..2020-03, date:2019.. (= --since/--until)
  lang:tr                articles in Turkish (= --lang)
  tag:topic:grain        articles with that tag, any case; tag:grain also finds
                         topic:grain (= --tag)
  kind:footnote          only footnotes count: paragraph, footnote or title (= --kind)
A field given several times (or as an option too) matches any of its values;
dates narrow each other. An article's date must lie wholly inside the range:
one dated only 2020 matches date:2020 but not --since 2020-06; undated
articles never match a date filter. A query of only fields lists the matching
articles newest first. Other words with a colon (10:30, https://x) are text.

Ranking: for two or more words, articles (passages) holding them as a phrase
come first, then those holding them within 5 words, then the rest; within
each, articles by bm25 over their whole text (a word in the title counts
three times), passages by bm25, boosted 1.5 times when the title matches too.
--sort newest|oldest orders by the article's date first (undated last).

When nothing matches, each part of the query is counted alone
("tracking: 0 articles"), so you can see what to drop.

Examples:
  newsdb search 'facebook tracking privacy'
  newsdb search '"research and development"' --kind paragraph --limit 5
  newsdb search 'publisher:"Daily Sabah"' --format json
  newsdb search 'drones source:Reuters date:2020-02..2020-03' --sort newest
  newsdb search 'grain tag:place:usa' --count
  newsdb search 'defence agreements' --within passage)help");
    sub->callback([cmd, &ctx] { ctx.run = [cmd, &ctx] { return run_search(*cmd, ctx); }; });
}

} // namespace newsdb::cli
