// newsdb restore FILE: merge a dump into the archive.
#include <filesystem>
#include <iostream>

#include "cli/cli.hpp"
#include "newsdb/error.hpp"

namespace newsdb::cli {

namespace {

struct RestoreCommand {
    std::string input;
};

// A restore that fails into an archive it created leaves no empty archive behind.
void remove_new_archive(const std::filesystem::path& path) {
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix, ec);
}

int run_restore(const RestoreCommand& cmd, const Context& ctx) {
    const auto path = ctx.archive_path();
    std::error_code ec;
    const bool existed = std::filesystem::exists(path, ec);
    RestoreSummary s;
    try {
        Archive archive = ctx.open(OpenMode::read_write);
        ProgressLine line(ctx);
        line.show("restoring " + cmd.input + " …");
        s = archive.restore(cmd.input);
    } catch (...) {
        if (!existed) remove_new_archive(path);  // the archive is closed by now
        throw;
    }
    if (ctx.quiet) return kExitOk;
    std::cout << "restored " << cmd.input << " into " << path.string() << ": " << s.articles_added << " added, "
              << s.articles_present << " already there, " << s.paths_added
              << (s.paths_added == 1 ? " path" : " paths") << " added, " << s.originals_added << " originals, "
              << s.failures_added << " remembered failures\n";
    if (s.ids_changed > 0)
        std::cout << "  " << s.ids_changed << " articles got new ids (the archive used theirs)\n";
    if (s.paths_taken > 0)
        std::cout << "  " << s.paths_taken
                  << " paths were left to the articles the archive already records at them\n";
    return kExitOk;
}

} // namespace

void register_restore(CLI::App& app, Context& ctx) {
    auto cmd = std::make_shared<RestoreCommand>();
    auto* sub = app.add_subcommand("restore", "Merge a dump made by `newsdb dump` into the archive");
    sub->add_option("file", cmd->input, "The dump (plain or zstd-compressed; - for standard input)")->required();
    sub->footer(R"(Restoring into a new archive rebuilds it: articles keep their ids, and a dump
of it is byte for byte the dump restored. Restoring into an archive that has
articles merges by content: an article it already holds gains only the paths
it lacks; running the same restore twice changes nothing. One transaction: a
dump that is damaged or cut short is refused with its line number (exit 4),
one from a newer newsdb with exit 5, and the archive is left as it was.

Examples:
  newsdb --db copy.db restore archive.jsonl.zst
  newsdb restore colleague.jsonl
  zstd -dc archive.jsonl.zst | newsdb restore -)");
    sub->callback([cmd, &ctx] { ctx.run = [cmd, &ctx] { return run_restore(*cmd, ctx); }; });
}

} // namespace newsdb::cli
