// newsdb: wires the commands together and maps errors to exit codes.
#include <iostream>

#include "cli/cli.hpp"
#include "newsdb/error.hpp"

namespace {

constexpr const char* kFooter = R"(Examples:
  newsdb ingest data/                    add every article under data/
  newsdb search '"defence ties" turkey'  ranked matching passages
  newsdb show 1                          an article as stored

Archive: --db PATH, else $NEWSDB_DB, else $XDG_DATA_HOME/newsdb/archive.db
(~/.local/share/newsdb/archive.db).

Exit codes: 0 ok; 1 internal error (a bug); 2 bad option or invalid query;
3 not found; 4 some inputs failed to ingest; 5 not a usable newsdb archive
(another program's, newer, or damaged); 6 cannot read or write (permissions,
disk full); 7 archive busy (another process held it too long).)";

} // namespace

int main(int argc, char** argv) {
    using namespace newsdb::cli;
    CLI::App app{"newsdb: a searchable local news archive in one SQLite file"};
    app.footer(kFooter);
    app.set_version_flag("--version", std::string("newsdb ") + NEWSDB_VERSION);
    app.require_subcommand(1);
    app.fallthrough();

    Context ctx;
    app.add_option("--db", ctx.db, "Archive file (default: $NEWSDB_DB or ~/.local/share/newsdb/archive.db)");
    app.add_flag("-q,--quiet", ctx.quiet, "Print only results and errors");
    std::map<std::string, ColorMode> colors{
        {"auto", ColorMode::automatic}, {"always", ColorMode::always}, {"never", ColorMode::never}};
    app.add_option("--color", ctx.color, "Colour matches: auto (on a terminal), always, never")
        ->transform(CLI::CheckedTransformer(colors, CLI::ignore_case));

    register_ingest(app, ctx);
    register_search(app, ctx);
    register_export(app, ctx);
    register_show(app, ctx);
    register_reparse(app, ctx);
    register_stats(app, ctx);
    register_check(app, ctx);
    register_optimize(app, ctx);
    register_serve(app, ctx);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        if (e.get_exit_code() == static_cast<int>(CLI::ExitCodes::Success)) return app.exit(e);
        std::cerr << "newsdb: " << e.what() << "\n"
                  << "  see `newsdb --help` or `newsdb COMMAND --help`; a query that starts with - goes "
                     "after --, e.g. newsdb search -- '-word other'\n";
        return kExitUsage;
    }

    try {
        return ctx.run ? ctx.run() : kExitUsage;
    } catch (const newsdb::Error& e) {
        std::cerr << "newsdb: " << e.message() << "\n";
        if (!e.hint().empty()) std::cerr << "  " << e.hint() << "\n";
        return exit_code_for(e.code());
    } catch (const std::exception& e) {
        std::cerr << "newsdb: internal error: " << e.what()
                  << "\n  this is a bug in newsdb; please report it with the command you ran\n";
        return kExitInternal;
    }
}
