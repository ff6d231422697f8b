// The socket side of newsdb serve, built as its own shared module
// (libnewsdb_http.so, cpp-httplib inside) and loaded only by `newsdb serve`:
// linked into newsdb, cpp-httplib's OpenSSL, zlib and Brotli libraries would
// be loaded and initialised at every start of every command (+15 ms for a
// search, measured). Only this header's types cross the boundary.
#pragma once

#include <functional>
#include <string>

#include "web/routes.hpp"

namespace newsdb::web {

struct HttpConfig {
    std::string bind;
    int port = 0;           // 0: any free port
    int threads = 64;       // connections served at once
    // Answers one request; called on the server's threads; must not throw.
    std::function<Response(const Request&)> handle;
};

class HttpServer {
public:
    virtual ~HttpServer() = default;
    virtual int port() const = 0;
    virtual bool running() const = 0;
    virtual void run() = 0;   // until stop()
    virtual void stop() = 0;
};

// The module's one entry point: a bound server, or nullptr with `error` set.
using CreateHttpServer = HttpServer* (*)(const HttpConfig& config, std::string& error);
inline constexpr const char* kCreateHttpServerSymbol = "newsdb_create_http_server";
inline constexpr const char* kHttpModuleName = "libnewsdb_http.so";

} // namespace newsdb::web
