// newsdb publish SERVER: the local archive into a newsdb server (PostgreSQL).
#include <iomanip>
#include <iostream>
#include <sstream>

#include "cli/cli.hpp"
#include "newsdb/error.hpp"

namespace newsdb::cli {

namespace {

struct PublishCommand {
    std::string server;
    PublishOptions options;
};

int run_publish(const PublishCommand& cmd, const Context& ctx) {
    const std::string url = cmd.server.empty() ? default_server() : cmd.server;
    if (url.empty())
        throw Error(Errc::invalid_argument, "publish needs a server",
                    "give one (newsdb publish postgresql://HOST/DB) or set NEWSDB_SERVER");
    Archive archive = ctx.open(OpenMode::read_only);
    Server server = Server::connect(url);
    ProgressLine progress(ctx);
    const PublishSummary s = server.publish(archive, cmd.options, [&](const PublishProgress& p) {
        progress.show("publishing: " + std::to_string(p.done) + " of " + std::to_string(p.total) + " articles");
    });
    progress.clear();
    if (!ctx.quiet) {
        std::ostringstream line;
        line << "published " << s.articles << (s.articles == 1 ? " article" : " articles") << " to "
             << server.where() << ": " << s.sent << " sent, " << s.unchanged << " unchanged, " << s.removed
             << " removed (" << human_bytes(static_cast<double>(s.bytes)) << " of text in " << std::fixed
             << std::setprecision(1) << s.seconds << " s)";
        std::cerr << line.str() << "\n";
    }
    return kExitOk;
}

} // namespace

void register_publish(CLI::App& app, Context& ctx) {
    auto cmd = std::make_shared<PublishCommand>();
    auto* sub = app.add_subcommand("publish", "Copy the archive into a shared newsdb server (PostgreSQL)");
    sub->add_option("server", cmd->server,
                    "postgresql://HOST/DB, service=NAME or key=value pairs (default: $NEWSDB_SERVER)");
    sub->add_option("--as", cmd->options.publisher,
                    "The name this archive publishes as (default: host name and archive path)");
    sub->add_option("--batch", cmd->options.batch_articles, "Articles per transaction")
        ->capture_default_str()
        ->check(CLI::Range(1, 100000));
    sub->footer(R"(Sends the articles the server does not hold in their current form (new, or
changed by a reparse), and withdraws the ones forgotten or replaced here; an
article stays on the server while some publisher holds it. Running it again
sends nothing new; several archives may publish into one database at once.
Passwords come from ~/.pgpass (PGPASSFILE), a service file or PGPASSWORD,
never from the connection string. See docs/postgresql.md.

Examples:
  newsdb publish postgresql://db.example.org/news
  NEWSDB_SERVER=service=news newsdb publish
  newsdb search --server service=news 'drones source:Reuters')");
    sub->callback([cmd, &ctx] { ctx.run = [cmd, &ctx] { return run_publish(*cmd, ctx); }; });
}

} // namespace newsdb::cli
