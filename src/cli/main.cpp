// newsdb: wires the commands together and maps errors to exit codes.
#include <algorithm>
#include <cstring>
#include <iostream>
#include <optional>

#include "cli/cli.hpp"
#include "newsdb/error.hpp"

namespace {

constexpr const char* kFooter = R"(Examples:
  newsdb ingest data/                    add every article under data/
  newsdb search '"defence ties" turkey'  ranked matching articles
  newsdb show 1                          an article as stored

Archive: --db PATH, else $NEWSDB_DB, else $XDG_DATA_HOME/newsdb/archive.db
(~/.local/share/newsdb/archive.db).

Exit codes: 0 ok; 1 internal error (a bug); 2 bad option or invalid query;
3 not found; 4 some inputs failed to ingest or reparse; 5 not a usable newsdb
archive (another program's, newer, or damaged); 6 cannot read or write
(permissions, disk full); 7 archive busy (another process held it too long).)";

constexpr const char* kSeeHelp = "see `newsdb --help` or `newsdb COMMAND --help`";

std::string command_list(const CLI::App& app) {
    std::string list;
    for (const CLI::App* sub : newsdb::cli::commands_of(app)) list += (list.empty() ? "" : ", ") + sub->get_name();
    return list;
}

// The first word of the command line that is neither a global option nor
// its value: the command, if the line is right. None when there is no word,
// or an option CLI11 must judge comes first.
std::optional<std::string> command_word(CLI::App& app, int argc, char** argv) {
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--") return i + 1 < argc ? std::optional<std::string>(argv[i + 1]) : std::nullopt;
        if (arg.size() < 2 || arg[0] != '-') return arg;
        const auto eq = arg.find('=');
        const CLI::Option* opt = app.get_option_no_throw(arg.substr(0, eq));
        if (opt == nullptr) return std::nullopt;
        if (opt->get_items_expected_max() > 0 && eq == std::string::npos) ++i;  // its value
    }
    return std::nullopt;
}

} // namespace

int main(int argc, char** argv) {
    using namespace newsdb::cli;
    CLI::App app{"newsdb: a searchable local news archive in one SQLite file"};
    app.footer(kFooter);
    app.set_version_flag("--version", std::string("newsdb ") + NEWSDB_VERSION);
    app.require_subcommand(1);
    app.fallthrough();

    Context ctx;
    app.add_option("--db", ctx.db, "Archive file (default: $NEWSDB_DB or ~/.local/share/newsdb/archive.db)")
        ->option_text("PATH");
    app.add_flag("-q,--quiet", ctx.quiet, "Print only results and errors");
    add_choice<ColorMode>(app, "--color", ctx.color,
                          {{"auto", ColorMode::automatic}, {"always", ColorMode::always}, {"never", ColorMode::never}},
                          "Colour matches: auto (on a terminal), always, never");

    // One row per command; the man page and completions list them all.
    register_ingest(app, ctx);
    register_search(app, ctx);
    register_export(app, ctx);
    register_show(app, ctx);
    register_reparse(app, ctx);
    register_stats(app, ctx);
    register_check(app, ctx);
    register_optimize(app, ctx);
    register_serve(app, ctx);
    register_dump(app, ctx);
    register_restore(app, ctx);
    register_forget(app, ctx);
    register_count(app, ctx);
    register_citations(app, ctx);
    register_publish(app, ctx);

    // Hidden: what the build turns into the man page and the completions.
    if (argc == 2 && std::strcmp(argv[1], "--help-man") == 0) {
        std::cout << man_page(app);
        return kExitOk;
    }
    if (argc == 3 && std::strcmp(argv[1], "--completion") == 0) {
        const std::string script = completion_script(app, argv[2]);
        if (script.empty()) {
            std::cerr << "newsdb: no completion for the shell '" << argv[2] << "'\n  give bash or zsh\n";
            return kExitUsage;
        }
        std::cout << script;
        return kExitOk;
    }

    if (const auto word = command_word(app, argc, argv)) {
        const auto commands = commands_of(app);
        if (std::none_of(commands.begin(), commands.end(), [&](const CLI::App* c) { return c->get_name() == *word; })) {
            std::cerr << "newsdb: unknown command '" << *word << "'\n  the commands are: " << command_list(app)
                      << "; " << kSeeHelp << "\n";
            return kExitUsage;
        }
    }

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        if (e.get_exit_code() == static_cast<int>(CLI::ExitCodes::Success)) return app.exit(e);
        if (app.get_subcommands().empty() && dynamic_cast<const CLI::RequiredError*>(&e) != nullptr) {
            std::cerr << "newsdb: no command given\n  the commands are: " << command_list(app) << "; " << kSeeHelp
                      << "\n";
            return kExitUsage;
        }
        std::cerr << "newsdb: " << e.what() << "\n  " << kSeeHelp
                  << "; a query that starts with - goes after --, e.g. newsdb search -- '-word other'\n";
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
