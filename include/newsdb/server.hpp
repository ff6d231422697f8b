// A shared archive on a PostgreSQL server (docs/postgresql.md): local
// archives publish into it; searches, counts, exports and article views read
// it with the same query syntax as a local archive (text search: a tsvector
// per passage in its language's configuration, GIN-indexed).
//
// Thread-safety: a Server object is used by one thread at a time; any number
// of processes may publish into and read one database at once.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "newsdb/archive.hpp"

namespace newsdb {

struct PublishOptions {
    // The name this archive publishes as; an article stays on the server
    // while some publisher holds it. "": the host name and the archive's path.
    std::string publisher;
    int batch_articles = 200;  // articles per transaction
};

struct PublishSummary {
    int64_t articles = 0;   // in the local archive
    int64_t sent = 0;       // new on the server, or sent again because their stored form changed
    int64_t unchanged = 0;  // held already in the same form
    int64_t removed = 0;    // held by this publisher but no longer in the local archive
    int64_t bytes = 0;      // of passage text sent
    double seconds = 0;
};

struct PublishProgress {
    int64_t done = 0, total = 0, sent = 0;
};

class Server {
public:
    // Connects (libpq's rules: PGPASSFILE, service file, PG* environment).
    // Throws Error: invalid_argument for a connection string that holds a
    // password or does not parse; io when the server cannot be reached.
    static Server connect(const std::string& conninfo);
    Server(Server&&) noexcept;
    Server& operator=(Server&&) noexcept;
    ~Server();

    // Copies `local` into the server: creates or migrates the server's schema
    // (schema/postgresql/), sends the articles this publisher does not hold
    // in their current form, and withdraws the ones no longer in `local`
    // (removed when no other publisher holds them). Batches of articles, one
    // transaction each: a publisher killed midway leaves the server
    // consistent, and the next publish completes the work. Several
    // publishers at once lose nothing.
    PublishSummary publish(Archive& local, const PublishOptions& options,
                           const std::function<void(const PublishProgress&)>& on_progress = {});

    // As Archive's: the same query syntax and filters. Throws
    // Error(invalid_query) as the local archive does, and for what the
    // server's text search cannot do (NEAR); Error(not_found) when nothing
    // was published into this database yet. Article ids are the server's.
    SearchResults search(const SearchOptions& options);
    SearchTotals search_each(const SearchOptions& options, bool all, const std::function<void(const SearchHit&)>& visit,
                             const std::function<void(const SearchTotals&)>& on_total = {});
    SearchTotals count(const SearchOptions& options);
    std::vector<QueryPartCount> count_parts(const SearchOptions& options);
    std::vector<CountRow> count(const SearchOptions& options, CountBucket by);
    std::optional<StoredArticle> article(int64_t id);

    // "database D on H as U" (never a password), for messages.
    std::string where() const;

private:
    struct Impl;
    explicit Server(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

// The server --server defaults to: $NEWSDB_SERVER, "" when unset.
std::string default_server();

} // namespace newsdb
