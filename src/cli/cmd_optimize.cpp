// newsdb optimize: merge the search index and rank the most common words ahead.
#include <chrono>
#include <cstdio>
#include <iostream>

#include "cli/cli.hpp"

namespace newsdb::cli {

namespace {

constexpr std::size_t kWordsShown = 12;

int run_optimize(const OptimizeOptions& options, const Context& ctx) {
    Archive archive = ctx.open(OpenMode::read_write);
    ProgressLine line(ctx);
    line.show("optimizing " + archive.path().string() + " …");
    const auto start = std::chrono::steady_clock::now();
    const OptimizeSummary s = archive.optimize(options);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    line.clear();
    if (ctx.quiet) return kExitOk;
    char took[32];
    std::snprintf(took, sizeof took, "%.1f s", seconds);
    std::cout << "optimized " << archive.path().string() << " in " << took << "\n"
              << "  search index  " << human_bytes(static_cast<double>(s.index_bytes_before)) << " -> "
              << human_bytes(static_cast<double>(s.index_bytes_after)) << ", merged into one segment\n"
              << "  archive file  " << human_bytes(static_cast<double>(s.file_bytes_before)) << " -> "
              << human_bytes(static_cast<double>(s.file_bytes_after)) << "\n"
              << "  ranked ahead  " << s.words.size() << (s.words.size() == 1 ? " word" : " words");
    for (std::size_t i = 0; i < s.words.size() && i < kWordsShown; ++i) std::cout << (i == 0 ? ": " : ", ") << s.words[i];
    if (s.words.size() > kWordsShown) std::cout << ", …";
    std::cout << "\n";
    if (!s.words.empty())
        std::cout << "  A search for one of these words now reads its first hits instead of ranking every\n"
                     "  match. The next ingest or reparse makes them stale: run `newsdb optimize` after it.\n";
    return kExitOk;
}

} // namespace

void register_optimize(CLI::App& app, Context& ctx) {
    auto options = std::make_shared<OptimizeOptions>();
    auto* sub = app.add_subcommand("optimize", "Make searches faster: merge the index, rank common words ahead");
    sub->add_option("--words", options->words, "How many of the most common words to rank ahead (0: none)")
        ->check(CLI::NonNegativeNumber)
        ->capture_default_str();
    sub->add_option("--min-matches", options->min_matches,
                    "Only words held (as written) by at least this many passages")
        ->check(CLI::NonNegativeNumber)
        ->capture_default_str();
    sub->footer(R"(Run it after a large ingest. It merges the search index into one segment and
ranks the archive's most common words (those held by thousands of passages,
such as "the" or "said") ahead: a search for one of them then reads its first
100 hits instead of ranking every match, with the same hits, scores and order.
The ranking is kept only while the index stays as it is: after the next ingest
or reparse, searches rank every match again (same results, slower) until
optimize runs again. One transaction: if it fails, the archive is as it was.

Example:
  newsdb optimize --db archive.db)");
    sub->callback([options, &ctx] { ctx.run = [options, &ctx] { return run_optimize(*options, ctx); }; });
}

} // namespace newsdb::cli
