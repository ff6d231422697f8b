// A small archive for the web tests: the sample article (footnotes, excerpt
// status), a hostile article and a few dated ones, built once per process.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <thread>

#include "newsdb/archive.hpp"
#include "test_support.hpp"
#include "web/server.hpp"

namespace newsdb::test {

struct WebArchive {
    TempDir dir;
    std::filesystem::path db;
    int64_t sample_id = 0, hostile_id = 0, hostile_text_id = 0;

    WebArchive() : db(dir / "web.db") {
        Archive archive = Archive::open(db, OpenMode::read_write);
        write_file(dir / "in" / "a.txt", "Drones over the harbour\n\nBy Jane Doe, Reuters\nFebruary 2020\n\n"
                                         "Coastguard drones watched the harbour at night.\n");
        write_file(dir / "in" / "b.txt", "Harbour lights\n\nBy John Smith\n2019\nSource: Daily Sabah\n\n"
                                         "The harbour lights were bright over the water.\n");
        IngestOptions options;
        options.jobs = 1;
        const auto ids = [&](const std::filesystem::path& p) {
            int64_t id = 0;
            archive.ingest({p}, options, [&id](const IngestResult& r) { id = r.article_id; });
            return id;
        };
        ids(dir / "in");
        sample_id = ids(fixture("quwa-2020-02-pakistan-turkey-defence-ties.txt"));
        hostile_id = ids(fixture("web/hostile.json"));
        hostile_text_id = ids(fixture("web/hostile.txt"));
    }

    static WebArchive& shared() {
        static WebArchive archive;
        return archive;
    }
};

// A real server on a free loopback port, running on its own thread.
class RunningServer {
public:
    explicit RunningServer(const std::filesystem::path& db, int max_concurrent = 4) {
        web::ServerOptions options;
        options.port = 0;
        options.threads = 8;
        options.handler.db = db;
        options.handler.max_concurrent = max_concurrent;
        options.module = NEWSDB_HTTP_MODULE;
        server_ = std::make_unique<web::Server>(options);
        thread_ = std::thread([this] { server_->run(); });
        while (!server_->running()) std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    ~RunningServer() {
        server_->stop();
        thread_.join();
    }
    int port() const { return server_->port(); }

private:
    std::unique_ptr<web::Server> server_;
    std::thread thread_;
};

} // namespace newsdb::test
