// Ingesting WARC files: in parts of whole records on the workers (any size in
// bounded memory), each article knowing its record (schema 015) and keeping
// the record's bytes as its original.
#include <gtest/gtest.h>

#include <SQLiteCpp/Database.h>

#include "newsdb/archive.hpp"
#include "test_support.hpp"
#include "warc_support.hpp"

namespace newsdb {
namespace {

using test::TempDir;
namespace fs = std::filesystem;

std::string paragraph(int page, int n) {
    return "Report " + std::to_string(page) + " of the harbour desk, paragraph " + std::to_string(n) +
           ": the ferry timetable changes again next week, and the pilots' association says the winter schedule "
           "will keep the late crossing that commuters asked for.";
}

std::string page_block(int page) {
    return test::http_response(test::article_page("Harbour report number " + std::to_string(page),
                                                  {paragraph(page, 1), paragraph(page, 2)}));
}

// Pages 1..n, an image after every third, one record whose length lies (page 5).
std::vector<std::string> records(int n) {
    std::vector<std::string> out;
    for (int i = 1; i <= n; ++i) {
        const std::string uri = "https://gazette.example/report/" + std::to_string(i);
        out.push_back(test::warc_record("request", uri, "GET / HTTP/1.1\r\n\r\n", "application/http; msgtype=request"));
        const std::string block = page_block(i);
        out.push_back(test::warc_record("response", uri, block, "application/http; msgtype=response",
                                        i == 5 ? static_cast<long long>(block.size()) + 9 : -1));
        if (i % 3 == 0)
            out.push_back(test::warc_record("response", uri + ".jpg", test::http_response("\xff\xd8\xff", "image/jpeg")));
    }
    return out;
}

std::string warc_file(int n, bool gz) {
    std::string out;
    for (const auto& r : records(n)) out += gz ? test::gzip_member(r) : r;
    return out;
}

struct IngestRun {
    std::vector<std::string> results;
    IngestSummary summary;
};

IngestRun ingest(const fs::path& db, const fs::path& input, int64_t part_bytes) {
    IngestOptions options;
    options.part_bytes = part_bytes;
    options.jobs = 2;
    IngestRun run;
    Archive a = Archive::open(db, OpenMode::read_write);
    run.summary = a.ingest({input}, options, [&](const IngestResult& r) {
        run.results.push_back(r.path + " | " + std::to_string(static_cast<int>(r.outcome)) + " | " +
                              std::to_string(r.article_id) + " | " + r.error);
    });
    return run;
}

class WarcIngest : public ::testing::TestWithParam<bool> {};

TEST_P(WarcIngest, PartsMatchWholeAndKeepRecords) {
    const bool gz = GetParam();
    TempDir dir;
    const fs::path file = dir / (gz ? "crawl.warc.gz" : "crawl.warc");
    test::write_file(file, warc_file(12, gz));
    const IngestRun whole = ingest(dir / "whole.db", file, 0);  // read whole (parse_input)
    const IngestRun parts = ingest(dir / "parts.db", file, 500);  // a record or two per part
    const IngestRun one = ingest(dir / "one.db", file, 1 << 20);  // a single part: head and last
    EXPECT_EQ(whole.results, parts.results);
    EXPECT_EQ(whole.results, one.results);
    EXPECT_EQ(one.summary.file_parts, 1);
    EXPECT_EQ(one.summary.files_read, 1);
    EXPECT_GT(parts.summary.file_parts, 3);
    EXPECT_EQ(parts.summary.added, 11);
    EXPECT_EQ(parts.summary.failed, 1);   // page 5
    EXPECT_EQ(parts.summary.skipped, 4);  // the images
    EXPECT_EQ(parts.summary.files_read, 1);

    for (const char* name : {"whole.db", "parts.db"}) {
        Archive a = Archive::open(dir / name, OpenMode::read_only);
        SearchOptions search;
        search.query = "\"harbour report number 7\"";
        const auto hits = a.search(search).hits;
        ASSERT_EQ(hits.size(), 1u) << name;
        const auto stored = a.article(hits[0].article.id);
        ASSERT_TRUE(stored);
        EXPECT_EQ(stored->article.title, "Harbour report number 7");
        EXPECT_EQ(stored->article.url, "https://gazette.example/report/7");
        EXPECT_EQ(stored->article.date, "2024-05-06");
        EXPECT_EQ(stored->format, "warc");
        ASSERT_EQ(stored->locators.size(), 1u);
        EXPECT_TRUE(stored->locators[0].starts_with("offset ")) << stored->locators[0];
        // The original is the record's block: the HTTP response as crawled.
        EXPECT_EQ(a.original(stored->id), page_block(7)) << name;
        SQLite::Database db((dir / name).string(), SQLite::OPEN_READONLY);
        SQLite::Statement st(db, "SELECT record_offset, record_hash IS NOT NULL FROM article_paths WHERE article_id = ?");
        st.bind(1, stored->id);
        ASSERT_TRUE(st.executeStep());
        EXPECT_EQ("offset " + std::to_string(st.getColumn(0).getInt64()), stored->locators[0]);
        EXPECT_EQ(st.getColumn(1).getInt(), 1);
        // The WARC itself is not kept whole.
        EXPECT_EQ(db.execAndGet("SELECT count(*) FROM originals").getInt64(), 11);
    }

    // Again: unchanged, nothing read.
    const IngestRun again = ingest(dir / "parts.db", file, 500);
    EXPECT_EQ(again.summary.unchanged, 11);
    EXPECT_EQ(again.summary.added, 0);
}

TEST_P(WarcIngest, GrownCrawlAddsOnlyNewRecordsAndForgetDropsOriginals) {
    const bool gz = GetParam();
    TempDir dir;
    const fs::path file = dir / (gz ? "crawl.warc.gz" : "crawl.warc");
    test::write_file(file, warc_file(6, gz));
    ingest(dir / "a.db", file, 400);
    test::write_file(file, warc_file(9, gz));
    fs::last_write_time(file, fs::file_time_type::clock::now() - std::chrono::hours(1));
    const IngestRun grown = ingest(dir / "a.db", file, 400);
    EXPECT_EQ(grown.summary.added, 3);
    EXPECT_EQ(grown.summary.unchanged, 5);

    Archive a = Archive::open(dir / "a.db", OpenMode::read_write);
    SQLite::Database before((dir / "a.db").string(), SQLite::OPEN_READONLY);
    const int64_t originals = before.execAndGet("SELECT count(*) FROM originals").getInt64();
    EXPECT_EQ(originals, 8);
    a.forget({1});
    EXPECT_EQ(before.execAndGet("SELECT count(*) FROM originals").getInt64(), 7);
}

TEST(WarcIngestDump, RecordsSurviveDumpAndRestore) {
    TempDir dir;
    const fs::path file = dir / "crawl.warc";
    test::write_file(file, warc_file(4, false));
    ingest(dir / "a.db", file, 300);
    {
        Archive a = Archive::open(dir / "a.db", OpenMode::read_only);
        a.dump((dir / "d.jsonl").string());
    }
    Archive b = Archive::open(dir / "b.db", OpenMode::read_write);
    b.restore((dir / "d.jsonl").string());
    const auto stored = b.article(2);
    ASSERT_TRUE(stored);
    EXPECT_EQ(b.original(2), page_block(2));
    SQLite::Database db((dir / "b.db").string(), SQLite::OPEN_READONLY);
    EXPECT_EQ(db.execAndGet("SELECT count(*) FROM article_paths WHERE record_offset IS NOT NULL "
                            "AND record_hash IS NOT NULL").getInt64(), 4);
}

INSTANTIATE_TEST_SUITE_P(PlainAndGzip, WarcIngest, ::testing::Values(false, true));

} // namespace
} // namespace newsdb
