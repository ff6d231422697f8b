// Request dispatch, without the HTTP library: a request's method and target
// in, a response out. The server (server.hpp) only moves bytes; tests and the
// fuzzer call Handler::handle directly.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "newsdb/error.hpp"

namespace newsdb::web {

// The one mapping from newsdb's error codes to HTTP statuses:
// invalid_query, invalid_argument 400; not_found 404; busy 503; others 500.
int http_status(Errc code) noexcept;

struct Request {
    std::string method = "GET";
    std::string target;  // as sent: path and query string, percent-encoded
};

// Writes a piece of a streamed body; false when the client went away.
using Sink = std::function<bool(std::string_view)>;

struct Response {
    int status = 200;
    std::string content_type = "text/html; charset=utf-8";
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;  // security headers included
    // Set for a streamed body (export): called once, after the headers are
    // sent, to write the whole body to the sink. `body` is then empty.
    std::function<void(const Sink&)> stream;
};

struct HandlerOptions {
    std::filesystem::path db;
    // Requests that read the archive at once; each holds one read-only
    // connection. Others wait up to `queue_wait`, then get 503.
    int max_concurrent = 8;
    std::chrono::milliseconds queue_wait{10000};
};

class Handler {
public:
    // Opens nothing yet: connections are opened on first use (so a missing
    // archive is a 404 page with a hint, not a crash).
    explicit Handler(HandlerOptions options);
    ~Handler();
    Handler(const Handler&) = delete;
    Handler& operator=(const Handler&) = delete;

    // Thread-safe; never throws: every failure becomes an error response.
    Response handle(const Request& request) noexcept;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace newsdb::web
