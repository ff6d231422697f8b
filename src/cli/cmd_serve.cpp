// newsdb serve: the archive as a local web site and JSON API (src/web/).
#include <pthread.h>
#include <signal.h>

#include <iostream>
#include <thread>

#include "cli/cli.hpp"
#include "newsdb/error.hpp"
#include "web/server.hpp"

namespace newsdb::cli {

namespace {

struct ServeCommand {
    std::string bind = "127.0.0.1";
    int port = 8080;
    bool allow_remote = false;
    int max_requests = 8;
};

bool is_loopback(const std::string& host) {
    return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

int run_serve(const ServeCommand& cmd, const Context& ctx) {
    if (!is_loopback(cmd.bind) && !cmd.allow_remote)
        throw Error(Errc::invalid_argument,
                    "--bind " + cmd.bind + " would let other machines read the archive",
                    "add --allow-remote to mean it (the server has no login), or leave --bind at 127.0.0.1");
    const auto path = ctx.archive_path();
    { Archive check = ctx.open(OpenMode::read_only); }  // a missing or foreign archive fails here, not per page

    // SIGINT and SIGTERM are taken by one thread that stops the server; the
    // server's threads, started after this, inherit the blocked mask.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    web::ServerOptions options;
    options.bind = cmd.bind;
    options.port = cmd.port;
    options.handler.db = path;
    options.handler.max_concurrent = cmd.max_requests;
    web::Server server(options);
    const std::string host = cmd.bind.find(':') != std::string::npos ? "[" + cmd.bind + "]" : cmd.bind;
    if (!is_loopback(cmd.bind))
        std::cerr << "newsdb: warning: serving on " << cmd.bind
                  << ": anyone who can reach this machine can read the whole archive\n";
    std::cout << "newsdb: serving " << path.string() << " at http://" << host << ":" << server.port()
              << "/ (read-only; Ctrl-C stops)" << std::endl;

    std::thread waiter([&server, signals] {
        int sig = 0;
        sigwait(&signals, &sig);
        server.stop();
    });
    server.run();
    // run() also returns when listening fails: wake the waiter either way.
    pthread_kill(waiter.native_handle(), SIGTERM);
    waiter.join();
    return kExitOk;
}

} // namespace

void register_serve(CLI::App& app, Context& ctx) {
    auto cmd = std::make_shared<ServeCommand>();
    auto* sub = app.add_subcommand("serve", "Browse and search the archive in a web browser (read-only)");
    sub->add_option("--port", cmd->port, "TCP port (0: any free port)")->capture_default_str()->check(CLI::Range(0, 65535));
    sub->add_option("--bind", cmd->bind, "Address to listen on; other than loopback needs --allow-remote")
        ->capture_default_str();
    sub->add_flag("--allow-remote", cmd->allow_remote,
                  "Allow a --bind address that other machines can reach (there is no login)");
    sub->add_option("--max-requests", cmd->max_requests, "Requests answered at once; others wait, then get 503")
        ->capture_default_str()
        ->check(CLI::Range(1, 256));
    sub->footer(R"(Pages: / (search), /article/ID, /timeline, /citations, /export, /help.
JSON: /api/search?q=..., /api/article/ID, /api/count?q=...&by=year, /api/citations, /api/stats.
Examples:
  newsdb serve                       then open http://127.0.0.1:8080/
  newsdb serve --port 9000
  curl 'http://127.0.0.1:8080/api/search?q=drones&limit=5')");
    sub->callback([cmd, &ctx] { ctx.run = [cmd, &ctx] { return run_serve(*cmd, ctx); }; });
}

} // namespace newsdb::cli
