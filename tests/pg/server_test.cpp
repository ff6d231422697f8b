// newsdb publish and --server against a real PostgreSQL server: the one
// tests/pg/server.sh starts for ctest (the fixture pg_server), whose
// connection string is in $NEWSDB_PG_DIR/conninfo. Each test publishes into a
// database of its own. They skip only when no PostgreSQL binaries exist
// (and fail then too when NEWSDB_PG_REQUIRED is set, as .ci/run does).
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <map>
#include <set>
#include <thread>

#include "newsdb/error.hpp"
#include "newsdb/server.hpp"
#include "pgstore/connection.hpp"
#include "test_support.hpp"

namespace newsdb::test {
namespace {

constexpr const char* kPgBin = "/usr/lib/postgresql/15/bin";

std::string conninfo_file(const char* name) {
    const char* dir = std::getenv("NEWSDB_PG_DIR");
    return dir ? (fs::path(dir) / name).string() : std::string();
}

std::string trimmed(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
    return s;
}

// `base` (postgresql:///postgres?...) naming database `db` instead.
std::string with_database(const std::string& base, const std::string& db) {
    const std::string prefix = "postgresql:///postgres";
    return "postgresql:///" + db + base.substr(prefix.size());
}

// A database of the test's own on the fixture's server, dropped afterwards.
class PgTest : public ::testing::Test {
protected:
    void SetUp() override {
        if (!fs::exists(fs::path(kPgBin) / "initdb") && std::getenv("NEWSDB_PG_REQUIRED") == nullptr)
            GTEST_SKIP() << "no PostgreSQL binaries in " << kPgBin
                         << " (apt-get install postgresql-15 postgresql-contrib-15): PostgreSQL tests skipped";
        const std::string file = conninfo_file("conninfo");
        ASSERT_FALSE(file.empty()) << "NEWSDB_PG_DIR is not set: run these tests through ctest (fixture pg_server)";
        ASSERT_TRUE(fs::exists(file)) << file << " is missing: tests/pg/server.sh start failed (see its logs)";
        admin_url_ = trimmed(read_file(file));
        db_name_ = "newsdb_t" + std::to_string(getpid()) + "_" +
                   std::to_string(std::chrono::steady_clock::now().time_since_epoch().count() % 1000000);
        admin_ = pgstore::Connection::open(admin_url_);
        admin_->exec("CREATE DATABASE " + db_name_);
        url_ = with_database(admin_url_, db_name_);
    }
    void TearDown() override {
        if (admin_) {
            try {
                admin_->exec("DROP DATABASE IF EXISTS " + db_name_ + " WITH (FORCE)");
            } catch (const Error&) {
            }
        }
    }

    // An archive of the repository's fixtures and data/.
    static Archive fixture_archive(const TempDir& dir, const std::string& name = "a.db") {
        Archive a = Archive::open(dir / name, OpenMode::read_write);
        IngestOptions o;
        o.jobs = 2;
        a.ingest({source_dir() / "data", fs::path(NEWSDB_FIXTURES_DIR)}, o, [](const IngestResult&) {});
        return a;
    }

    std::string admin_url_, db_name_, url_;
    std::unique_ptr<pgstore::Connection> admin_;
};

// The content hashes of every article `search_each` finds.
template <typename Source>
std::set<std::string> hashes(Source& source, const std::string& query) {
    SearchOptions o;
    o.query = query;
    std::set<std::string> out;
    std::vector<int64_t> ids;
    source.search_each(o, true, [&](const SearchHit& h) { ids.push_back(h.article.id); });
    for (const int64_t id : ids) out.insert(source.article(id).value().content_hash);
    return out;
}

// Every article's content hash.
std::set<std::string> all_hashes(Archive& local) {
    std::set<std::string> out;
    for (const int64_t id : local.matching_articles(SearchOptions{})) out.insert(local.article(id).value().content_hash);
    return out;
}
std::set<std::string> all_hashes(Server& server) { return hashes(server, ""); }

// The fixed queries whose articles the server must find as the local archive
// does (docs/postgresql.md lists what differs and why).
const std::vector<std::string>& equivalent_queries() {
    static const std::vector<std::string> q = {
        "defence agreements", "erdogan", "Erdoğan", "\"defence industry\"", "defen*", "drones OR helicopters",
        "turkey -pakistan", "pakistan NOT turkey", "=agreements", "agreement", "source:Reuters", "grain",
        "source:Reuters grain", "date:1987 wheat", "date:2020", "title:drones", "title:defence turkey",
        "kind:footnote turkey", "(drones OR uav) army", "tag:topic:grain", "tag:grain", "lang:en harvest",
        "wheat -harvest", "\"wheat harvest\"", "publisher:Sabah", "pct OR percent", "author:aslan",
        "exports imports", "harv*", "=harvest"};
    return q;
}

TEST_F(PgTest, PublishedArchiveAnswersTheFixedQueriesLikeTheLocalOne) {
    TempDir dir;
    Archive local = fixture_archive(dir);
    Server server = Server::connect(url_);
    const PublishSummary s = server.publish(local, {});
    EXPECT_GT(s.articles, 50);
    EXPECT_EQ(s.sent, s.articles);
    int nonempty = 0;
    for (const std::string& q : equivalent_queries()) {
        const std::set<std::string> want = hashes(local, q);
        EXPECT_EQ(hashes(server, q), want) << q;
        nonempty += want.empty() ? 0 : 1;
        SearchOptions o;
        o.query = q;
        EXPECT_EQ(server.count(o).articles, static_cast<int64_t>(want.size())) << q;
    }
    EXPECT_GE(equivalent_queries().size(), 20u);
    EXPECT_GE(nonempty, 20) << "most fixed queries must match something, or they prove little";
}

TEST_F(PgTest, InvalidQueriesFailAsLocallyAndNearIsRefused) {
    TempDir dir;
    Archive local = fixture_archive(dir);
    Server server = Server::connect(url_);
    server.publish(local, {});
    for (const std::string q : {"\"unclosed", "a AND", "(a b", "-only", "foo:bar"}) {
        SearchOptions o;
        o.query = q;
        std::string local_message, server_message;
        try {
            local.search(o);
        } catch (const Error& e) {
            local_message = e.message();
        }
        try {
            server.search(o);
        } catch (const Error& e) {
            EXPECT_EQ(e.code(), Errc::invalid_query) << q;
            server_message = e.message();
        }
        EXPECT_FALSE(local_message.empty()) << q;
        EXPECT_EQ(server_message, local_message) << q;
    }
    SearchOptions near;
    near.query = "NEAR(turkey drones, 5)";
    try {
        server.search(near);
        FAIL() << "NEAR ran on the server";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), Errc::invalid_query);
        EXPECT_NE(e.message().find("NEAR"), std::string::npos);
    }
}

TEST_F(PgTest, RepublishSendsNothingAndForgetReachesTheServer) {
    TempDir dir;
    Archive local = fixture_archive(dir);
    Server server = Server::connect(url_);
    const PublishSummary first = server.publish(local, {});
    const PublishSummary again = server.publish(local, {});
    EXPECT_EQ(again.sent, 0);
    EXPECT_EQ(again.removed, 0);
    EXPECT_EQ(again.unchanged, first.articles);

    const std::set<std::string> before = hashes(server, "grain");
    ASSERT_FALSE(before.empty());
    SearchOptions grain;
    grain.query = "grain";
    local.forget(local.matching_articles(grain));
    const PublishSummary after = server.publish(local, {});
    EXPECT_EQ(after.removed, static_cast<int64_t>(before.size()));
    EXPECT_EQ(after.sent, 0);
    EXPECT_TRUE(hashes(server, "grain").empty());
    SearchOptions all;
    all.query = "";
    EXPECT_EQ(server.count(all).articles, after.articles);
}

TEST_F(PgTest, ReplacedArticleIsReplacedOnTheServer) {
    TempDir dir;
    const fs::path file = dir / "in" / "story.txt";
    write_file(file, "A headline about barley\n\nFarmers planted barley this spring in the valley.\n");
    Archive local = Archive::open(dir / "a.db", OpenMode::read_write);
    local.ingest({dir / "in"}, {}, [](const IngestResult&) {});
    Server server = Server::connect(url_);
    server.publish(local, {});
    EXPECT_EQ(hashes(server, "barley").size(), 1u);
    write_file(file, "A headline about oats\n\nFarmers planted oats this spring in the valley.\n");
    IngestOptions checksum;
    checksum.checksum = true;
    local.ingest({dir / "in"}, checksum, [](const IngestResult&) {});
    const PublishSummary s = server.publish(local, {});
    EXPECT_EQ(s.sent, 1);
    EXPECT_EQ(s.removed, 1);
    EXPECT_TRUE(hashes(server, "barley").empty());
    EXPECT_EQ(hashes(server, "oats"), hashes(local, "oats"));
}

TEST_F(PgTest, TwoPublishersAtOnceLoseNothing) {
    TempDir dir;
    // Two archives sharing some articles (data/ in both).
    Archive a = Archive::open(dir / "a.db", OpenMode::read_write);
    a.ingest({source_dir() / "data", fixture("text"), fixture("sgml")}, {}, [](const IngestResult&) {});
    Archive b = Archive::open(dir / "b.db", OpenMode::read_write);
    b.ingest({source_dir() / "data", fixture("html"), fixture("json")}, {}, [](const IngestResult&) {});
    std::set<std::string> all_local;
    for (Archive* x : {&a, &b})
        for (const std::string& h : all_hashes(*x)) all_local.insert(h);
    PublishOptions oa, ob;
    oa.publisher = "a";
    ob.publisher = "b";
    oa.batch_articles = ob.batch_articles = 3;
    std::exception_ptr failed_a, failed_b;
    std::thread ta([&] {
        try {
            Server s = Server::connect(url_);
            s.publish(a, oa);
        } catch (...) {
            failed_a = std::current_exception();
        }
    });
    std::thread tb([&] {
        try {
            Server s = Server::connect(url_);
            s.publish(b, ob);
        } catch (...) {
            failed_b = std::current_exception();
        }
    });
    ta.join();
    tb.join();
    ASSERT_FALSE(failed_a);
    ASSERT_FALSE(failed_b);
    Server server = Server::connect(url_);
    EXPECT_EQ(all_hashes(server), all_local);
    // One publisher forgetting everything leaves the other's articles.
    SearchOptions everything;
    a.forget(a.matching_articles(everything));
    server.publish(a, oa);
    EXPECT_EQ(all_hashes(server), all_hashes(b));
}

TEST_F(PgTest, PublisherKilledMidwayLeavesTheServerConsistent) {
    TempDir dir;
    Archive local = fixture_archive(dir);
    // A publish one article per transaction, killed after a moment.
    const std::string cmd = "exec " + shell_quote(NEWSDB_BINARY) + " --db " + shell_quote((dir / "a.db").string()) +
                            " --quiet publish --batch 1 " + shell_quote(url_) + " >/dev/null 2>&1";
    const pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        execl("/bin/sh", "sh", "-c", cmd.c_str(), static_cast<char*>(nullptr));
        _exit(127);
    }
    // Killed once some batches are in, while others are not.
    auto conn = pgstore::Connection::open(url_);
    int64_t held = 0;
    for (int i = 0; i < 3000 && held == 0; ++i) {
        try {
            held = conn->exec("SELECT count(*) FROM holdings").integer(0, 0);
        } catch (const Error&) {
            // The schema is not there yet.
        }
        if (held == 0) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    kill(child, SIGKILL);
    int status = 0;
    waitpid(child, &status, 0);
    ASSERT_GT(held, 0) << "the publisher sent nothing in 15 s";
    const int64_t at_kill = conn->exec("SELECT count(*) FROM holdings").integer(0, 0);
    EXPECT_LT(at_kill, static_cast<int64_t>(all_hashes(local).size())) << "the publisher finished before the kill";
    // Consistent: every article held has its passages, every holding its article.
    const pgstore::Rows bad = conn->exec(
        "SELECT count(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM passages p WHERE p.article_id = a.id) "
        "OR NOT EXISTS (SELECT 1 FROM holdings h WHERE h.article_id = a.id AND h.form_digest = a.form_digest)");
    ASSERT_FALSE(bad.empty());
    EXPECT_EQ(bad.integer(0, 0), 0);
    Server server = Server::connect(url_);
    const PublishSummary rest = server.publish(local, {});
    EXPECT_EQ(rest.sent + rest.unchanged, rest.articles);
    EXPECT_EQ(all_hashes(server), all_hashes(local));
    EXPECT_EQ(server.publish(local, {}).sent, 0);
}

TEST_F(PgTest, HotStandbyAnswersTheSameSearchesAfterAPublish) {
    const std::string replica_file = conninfo_file("replica-conninfo");
    ASSERT_TRUE(fs::exists(replica_file)) << "the fixture started no replica";
    TempDir dir;
    Archive local = fixture_archive(dir);
    Server primary = Server::connect(url_);
    const PublishSummary s = primary.publish(local, {});
    const std::string replica_url = with_database(trimmed(read_file(replica_file)), db_name_);
    SearchOptions all;
    all.query = "";
    int64_t seen = -1;
    for (int i = 0; i < 300 && seen != s.articles; ++i) {
        try {
            Server replica = Server::connect(replica_url);
            seen = replica.count(all).articles;
        } catch (const Error&) {
            // The database or its schema has not reached the standby yet.
        }
        if (seen != s.articles) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ASSERT_EQ(seen, s.articles) << "the standby did not catch up in 30 s";
    Server replica = Server::connect(replica_url);
    for (const std::string& q : equivalent_queries()) EXPECT_EQ(hashes(replica, q), hashes(primary, q)) << q;
}

TEST_F(PgTest, CommandLinePublishAndSearchWithServer) {
    TempDir dir;
    { Archive local = fixture_archive(dir); }
    const std::string db = (dir / "a.db").string();
    const CommandResult p = run_newsdb({"--db", db, "publish", url_}, dir);
    ASSERT_EQ(p.exit_code, 0) << p.err;
    EXPECT_NE(p.err.find("sent"), std::string::npos) << p.err;
    const CommandResult s = run_newsdb({"search", "--server", url_, "defence agreements"}, dir);
    ASSERT_EQ(s.exit_code, 0) << s.err;
    EXPECT_NE(s.out.find("Pakistan and Turkey Look to Deepen Defence Ties"), std::string::npos) << s.out;
    const CommandResult env = run_newsdb({"count", "--by", "year", "wheat"}, dir, "", {"NEWSDB_SERVER=" + url_});
    ASSERT_EQ(env.exit_code, 0) << env.err;
    EXPECT_NE(env.out.find("1987"), std::string::npos) << env.out;
    const CommandResult e = run_newsdb({"export", "--server", url_, "grain", "--format", "jsonl"}, dir);
    ASSERT_EQ(e.exit_code, 0) << e.err;
    EXPECT_NE(e.out.find("WHEAT"), std::string::npos);
    const CommandResult near = run_newsdb({"search", "--server", url_, "NEAR(a b, 3)"}, dir);
    EXPECT_NE(near.exit_code, 0);
    EXPECT_NE(near.err.find("NEAR"), std::string::npos);
}

TEST_F(PgTest, PasswordInTheConnectionStringIsRefusedAndNeverEchoed) {
    TempDir dir;
    const std::string url = "postgresql://someone:s3cret-pw@localhost/db";
    try {
        Server::connect(url);
        FAIL() << "connected with a password in the string";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), Errc::invalid_argument);
        EXPECT_EQ(e.message().find("s3cret-pw"), std::string::npos);
        EXPECT_EQ(e.hint().find("s3cret-pw"), std::string::npos);
    }
    const CommandResult r = run_newsdb({"search", "--server", url, "x"}, dir);
    EXPECT_NE(r.exit_code, 0);
    EXPECT_EQ(r.err.find("s3cret-pw"), std::string::npos) << r.err;
}

TEST_F(PgTest, DeveloperCorpusAnswersTheFixedQueriesLikeTheLocalArchive) {
    const fs::path corpus = shared_dir() / "corpus";
    if (!fs::exists(corpus)) GTEST_SKIP() << corpus << " does not exist (developer corpus): skipped";
    TempDir dir;
    Archive local = Archive::open(dir / "c.db", OpenMode::read_write);
    IngestOptions o;
    o.jobs = 2;
    o.keep_originals = false;
    local.ingest({corpus / "bbc", corpus / "reuters21578", corpus / "markdown", corpus / "jsonl"}, o,
                 [](const IngestResult&) {});
    Server server = Server::connect(url_);
    server.publish(local, {});
    for (const std::string q : {"government", "\"prime minister\"", "oil prices", "elect*", "bank -england",
                                  "wheat OR corn", "=markets", "date:1987 coffee", "football title:cup"})
        EXPECT_EQ(hashes(server, q), hashes(local, q)) << q;
}

} // namespace
} // namespace newsdb::test
