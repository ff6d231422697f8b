// newsdb check: SQLite and FTS5 integrity checks.
#include <iostream>

#include "cli/cli.hpp"

namespace newsdb::cli {

namespace {

int run_check(const Context& ctx) {
    Archive archive = ctx.open(OpenMode::read_write);
    const auto problems = archive.check_integrity();
    for (const auto& p : problems) std::cout << p << "\n";
    if (!problems.empty()) {
        std::cerr << "newsdb: the archive has " << problems.size() << " problem(s)\n"
                  << "  restore it from a backup, or re-ingest the articles into a new archive\n";
        return kExitArchive;
    }
    if (!ctx.quiet) std::cout << "ok: " << archive.path().string() << "\n";
    return kExitOk;
}

} // namespace

void register_check(CLI::App& app, Context& ctx) {
    auto* sub = app.add_subcommand("check", "Verify the archive: SQLite integrity and the FTS5 index");
    sub->footer("Exit code 0 when the archive is sound, 5 when it is damaged.\n\nExample:\n  newsdb check --db archive.db");
    sub->callback([&ctx] { ctx.run = [&ctx] { return run_check(ctx); }; });
}

} // namespace newsdb::cli
