// The HTTP server: a Handler behind the socket side that `newsdb serve` loads
// from libnewsdb_http.so (see http_module.hpp).
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "web/routes.hpp"

namespace newsdb::web {

struct ServerOptions {
    std::string bind = "127.0.0.1";
    int port = 8080;       // 0: any free port (tests)
    int threads = 64;      // connections served at once (keep-alive holds one each)
    HandlerOptions handler;
    std::filesystem::path module;  // libnewsdb_http.so; empty: next to the running executable
};

class Server {
public:
    // Loads the module and binds the socket; throws Error(io) when the
    // module is missing or the address is taken or invalid.
    explicit Server(ServerOptions options);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    int port() const;                  // the bound port
    bool running() const;              // run() is accepting connections
    // Serves until stop() (from another thread or a signal handler's thread).
    void run();
    void stop();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace newsdb::web
