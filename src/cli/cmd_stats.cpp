// newsdb stats: what the archive holds.
#include <iostream>

#include "cli/cli.hpp"

namespace newsdb::cli {

namespace {

struct StatsCommand {
    std::string format = "text";
};

int run_stats(const StatsCommand& cmd, const Context& ctx) {
    if (cmd.format != "text" && cmd.format != "json")
        throw Error(Errc::invalid_argument, "unknown format '" + cmd.format + "'", "use text or json");
    Archive archive = ctx.open(OpenMode::read_only);
    const ArchiveStats s = archive.stats();
    if (cmd.format == "json") {
        std::cout << "{\"archive\": " << json_string(s.path) << ", \"schema_version\": " << s.schema_version
                  << ", \"articles\": " << s.articles << ", \"paths\": " << s.paths
                  << ", \"paragraphs\": " << s.paragraphs << ", \"footnotes\": " << s.footnotes
                  << ", \"citations\": " << s.citations << ", \"excerpts\": " << s.excerpts
                  << ", \"sources\": " << s.sources << ", \"passage_bytes\": " << s.passage_bytes
                  << ", \"file_bytes\": " << s.file_bytes << ", \"originals\": " << s.originals
                  << ", \"original_bytes\": " << s.original_bytes
                  << ", \"original_stored_bytes\": " << s.original_stored_bytes
                  << ", \"top_hit_words\": " << s.top_hit_words
                  << ", \"top_hit_words_current\": " << s.top_hit_words_current << "}\n";
        return kExitOk;
    }
    std::cout << "archive     " << s.path << " (schema " << s.schema_version << ")\n"
              << "articles    " << s.articles << " (" << s.excerpts << " excerpts, " << s.paths << " paths)\n"
              << "paragraphs  " << s.paragraphs << "\n"
              << "footnotes   " << s.footnotes << " (" << s.citations << " citations)\n"
              << "sources     " << s.sources << "\n"
              << "text        " << s.passage_bytes << " bytes\n"
              << "originals   " << s.originals << " files, " << s.original_bytes << " bytes stored as "
              << s.original_stored_bytes << " (zstd)\n"
              << "file size   " << s.file_bytes << " bytes\n";
    if (s.top_hit_words > 0) {
        std::cout << "ranked      " << s.top_hit_words << " common words ahead ("
                  << (s.top_hit_words_current == s.top_hit_words
                          ? "current"
                          : "out of date since the last write: run `newsdb optimize` to rank them again")
                  << ")\n";
    }
    return kExitOk;
}

} // namespace

void register_stats(CLI::App& app, Context& ctx) {
    auto cmd = std::make_shared<StatsCommand>();
    auto* sub = app.add_subcommand("stats", "Count articles, passages, footnotes and sources");
    sub->add_option("-f,--format", cmd->format, "text or json")->capture_default_str();
    sub->footer("Example:\n  newsdb stats --format json");
    sub->callback([cmd, &ctx] { ctx.run = [cmd, &ctx] { return run_stats(*cmd, ctx); }; });
}

} // namespace newsdb::cli
