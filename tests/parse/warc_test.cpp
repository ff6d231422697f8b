// WARC records to articles (src/parse/warc.cpp, src/parse/http_message.cpp),
// on WARC files the tests write themselves.
#include <gtest/gtest.h>

#include <cstdio>

#include "newsdb/error.hpp"
#include "newsdb/parse.hpp"
#include "parse/warc.hpp"
#include "test_support.hpp"
#include "warc_support.hpp"

namespace newsdb {
namespace {

using test::article_page;
using test::gzip_member;
using test::http_response;
using test::warc_record;

const std::vector<std::string> kFirst = {
    "The harbour authority approved the new container terminal on Tuesday after three years of hearings and "
    "objections from residents of the old town.",
    "Construction is expected to begin in the spring, with the first ships berthing at the terminal before the "
    "end of the following year, the authority said."};
const std::vector<std::string> kSecond = {
    "The caf\xC3\xA9 on the quay reopened this week under new owners, who promise longer hours and a menu built "
    "around the morning catch of the fishing fleet.",
    "Regulars said the terrace, closed for two winters, was the reason they came back, whatever the coffee "
    "costs now."};
const std::vector<std::string> kThird = {
    "Tide tables for the coming month were published by the harbour master, who warned of unusually low water "
    "around the new moon and asked skippers to plan ahead.",
    "The tables are posted at the harbour office and on the notice board by the ferry ramp, as every month."};

std::string latin1(std::string utf8) {
    // The one non-ASCII letter of these pages, é, as ISO-8859-1.
    for (std::size_t at; (at = utf8.find("\xC3\xA9")) != std::string::npos;) utf8.replace(at, 2, "\xE9");
    return utf8;
}

std::string chunked(const std::string& body) {
    const std::size_t half = body.size() / 2;
    char size[32];
    std::string out;
    std::snprintf(size, sizeof size, "%zx", half);
    out += std::string(size) + "\r\n" + body.substr(0, half) + "\r\n";
    std::snprintf(size, sizeof size, "%zx;ext=1", body.size() - half);
    out += std::string(size) + "\r\n" + body.substr(half) + "\r\n0\r\n\r\n";
    return out;
}

// The records of a small crawl, each its own string (for gzip members).
std::vector<std::string> crawl_records() {
    const std::string second_body = gzip_member(latin1(article_page("Quay cafe reopens", kSecond)));
    return {
        warc_record("warcinfo", "", "software: newsdb-test\r\nformat: WARC File Format 1.0\r\n",
                    "application/warc-fields"),
        warc_record("request", "https://gazette.example/news/terminal",
                    "GET /news/terminal HTTP/1.1\r\nHost: gazette.example\r\n\r\n", "application/http; msgtype=request"),
        warc_record("response", "https://gazette.example/news/terminal",
                    http_response(article_page("Harbour terminal approved", kFirst,
                                               "<meta property=\"article:published_time\" content=\"2024-04-30\">"),
                                  "text/html; charset=utf-8")),
        warc_record("response", "https://gazette.example/news/cafe",
                    "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=ISO-8859-1\r\nContent-Encoding: gzip\r\n"
                    "Transfer-Encoding: chunked\r\n\r\n" + chunked(second_body)),
        warc_record("response", "https://gazette.example/logo.png", http_response("\x89PNG\r\n\x1a\nxxxx", "image/png")),
        warc_record("revisit", "https://gazette.example/news/terminal", "HTTP/1.1 200 OK\r\n\r\n"),
        warc_record("response", "https://gazette.example/missing", http_response("<html>gone</html>", "text/html", "",
                                                                                "404 Not Found")),
        warc_record("response", "https://gazette.example/news/tides", http_response(article_page("Tide tables published", kThird))),
    };
}

std::string join(const std::vector<std::string>& parts) {
    std::string out;
    for (const auto& p : parts) out += p;
    return out;
}

std::string gzip_each(const std::vector<std::string>& records) {
    std::string out;
    for (const auto& r : records) out += gzip_member(r);
    return out;
}

void expect_crawl(const std::vector<ParsedItem>& items, const std::vector<std::string>& records, bool gz) {
    ASSERT_EQ(items.size(), 6u);
    // Offsets: each record's own (of a .warc.gz, its member's).
    std::vector<int64_t> offsets;
    int64_t at = 0;
    for (const auto& r : records) {
        offsets.push_back(at);
        at += static_cast<int64_t>(gz ? gzip_member(r).size() : r.size());
    }
    const ParsedItem& first = items[0];
    ASSERT_TRUE(first.article) << first.error;
    EXPECT_EQ(first.locator, "offset " + std::to_string(offsets[2]));
    EXPECT_EQ(first.record_offset, offsets[2]);
    EXPECT_EQ(first.article->title, "Harbour terminal approved");
    EXPECT_EQ(test::texts(*first.article), kFirst);
    EXPECT_EQ(first.article->url, "https://gazette.example/news/terminal");
    EXPECT_EQ(first.article->date, "2024-04-30");  // the page's own date wins
    EXPECT_EQ(first.raw, records[2].substr(records[2].find("HTTP/1.1"), records[2].size() - records[2].find("HTTP/1.1") - 4));

    const ParsedItem& second = items[1];
    ASSERT_TRUE(second.article) << second.error;
    EXPECT_EQ(second.article->title, "Quay cafe reopens");
    EXPECT_EQ(test::texts(*second.article), kSecond);  // chunked, gzip, ISO-8859-1 from the header
    EXPECT_EQ(second.article->date, "2024-05-06");      // none in the page: the WARC-Date

    EXPECT_FALSE(items[2].article);
    EXPECT_TRUE(items[2].not_an_article);
    EXPECT_EQ(items[2].error, "not an article (image/png)");
    EXPECT_TRUE(items[3].not_an_article);
    EXPECT_EQ(items[3].error, "a revisit record (the page is stored in an earlier record)");
    EXPECT_TRUE(items[4].not_an_article);
    EXPECT_EQ(items[4].error, "not an article (HTTP status 404)");

    ASSERT_TRUE(items[5].article) << items[5].error;
    EXPECT_EQ(items[5].article->title, "Tide tables published");
    EXPECT_EQ(test::texts(*items[5].article), kThird);
    EXPECT_EQ(items[5].locator, "offset " + std::to_string(offsets[7]));
}

TEST(Warc, ResponsesBecomeArticlesOthersSkipped) {
    const auto records = crawl_records();
    expect_crawl(parse::parse_warc_bytes(join(records)), records, false);
}

TEST(Warc, GzipMemberPerRecord) {
    const auto records = crawl_records();
    expect_crawl(parse::parse_warc_bytes(gzip_each(records)), records, true);
}

TEST(Warc, ParseInputDetectsByNameAndContent) {
    const std::string warc = join(crawl_records());
    for (const char* name : {"crawl.warc", "crawl", "crawl.txt"}) {
        ParseOptions options;
        if (std::string(name) == "crawl.txt") options.format = InputFormat::warc;
        const ParseResult r = parse_input(warc, name, options);
        EXPECT_EQ(r.format, InputFormat::warc) << name;
        EXPECT_EQ(r.items.size(), 6u) << name;
    }
    const ParseResult gz = parse_input(gzip_each(crawl_records()), "crawl.warc.gz");
    EXPECT_EQ(gz.format, InputFormat::warc);
    EXPECT_TRUE(gz.gzip);
    EXPECT_EQ(gz.items.size(), 6u);
    EXPECT_EQ(detect_format(gzip_each(crawl_records()), "download"), InputFormat::warc);
}

TEST(Warc, CorruptRecordReportedWithOffsetOthersRead) {
    auto records = crawl_records();
    // The terminal page's record claims 50 bytes more than it holds.
    const std::string lying = warc_record("response", "https://gazette.example/news/terminal",
                                          http_response(article_page("Harbour terminal approved", kFirst)),
                                          "application/http; msgtype=response",
                                          static_cast<long long>(http_response(article_page("Harbour terminal approved", kFirst)).size()) + 50);
    records[2] = lying;
    for (bool gz : {false, true}) {
        const auto items = parse::parse_warc_bytes(gz ? gzip_each(records) : join(records));
        ASSERT_EQ(items.size(), 6u) << gz;
        EXPECT_FALSE(items[0].article);
        EXPECT_FALSE(items[0].not_an_article);
        const int64_t offset = static_cast<int64_t>(gz ? gzip_member(records[0]).size() + gzip_member(records[1]).size()
                                                       : records[0].size() + records[1].size());
        EXPECT_EQ(items[0].locator, "offset " + std::to_string(offset));
        EXPECT_NE(items[0].error.find("corrupt WARC record at offset " + std::to_string(offset)), std::string::npos)
            << items[0].error;
        EXPECT_NE(items[0].error.find("Content-Length"), std::string::npos) << items[0].error;
        ASSERT_TRUE(items[1].article) << items[1].error;
        EXPECT_EQ(items[1].article->title, "Quay cafe reopens");
        ASSERT_TRUE(items[5].article);
        EXPECT_EQ(items[5].article->title, "Tide tables published");
    }
}

TEST(Warc, GarbageBetweenRecordsIsOneCorruptRecord) {
    auto records = crawl_records();
    const std::string warc = records[0] + records[1] + "this is no record\r\n\r\n" + join({records.begin() + 2, records.end()});
    const auto items = parse::parse_warc_bytes(warc);
    ASSERT_EQ(items.size(), 7u);
    EXPECT_EQ(items[0].locator, "offset " + std::to_string(records[0].size() + records[1].size()));
    EXPECT_NE(items[0].error.find("no WARC record starts here"), std::string::npos);
    ASSERT_TRUE(items[1].article);
    EXPECT_EQ(items[1].article->title, "Harbour terminal approved");
}

TEST(Warc, PartsAtCutsGiveTheWholeFilesItems) {
    auto records = crawl_records();
    records.insert(records.begin() + 4, "garbage\r\n");  // a corrupt stretch, too
    for (bool gz : {false, true}) {
        const std::string warc = gz ? gzip_each(records) : join(records);
        const auto source = parse::memory_source(warc);
        const auto whole = parse::parse_warc_range(*source, 0, source->size());
        for (int64_t part_bytes : {1, 200, 700, 100000}) {
            const auto cuts = parse::plan_warc_cuts(*source, part_bytes);
            ASSERT_GE(cuts.size(), 2u);
            EXPECT_EQ(cuts.front(), 0);
            EXPECT_EQ(cuts.back(), source->size());
            std::vector<std::string> locators;
            for (std::size_t i = 0; i + 1 < cuts.size(); ++i)
                for (const auto& item : parse::parse_warc_range(*source, cuts[i], cuts[i + 1]))
                    locators.push_back(item.locator + (item.article ? " " + item.article->title : " " + item.error));
            std::vector<std::string> expected;
            for (const auto& item : whole)
                expected.push_back(item.locator + (item.article ? " " + item.article->title : " " + item.error));
            EXPECT_EQ(locators, expected) << gz << " " << part_bytes;
        }
    }
}

TEST(Warc, HttpResponseCharsetAndDeflate) {
    const std::string page = latin1(article_page("Quay cafe reopens", kSecond));
    auto result = parse::parse_http_response(
        http_response(page, "text/html; charset=\"iso-8859-1\""), "https://gazette.example/cafe");
    ASSERT_TRUE(result.article);
    EXPECT_EQ(test::texts(*result.article), kSecond);
    // A <meta> in the page wins over the header, as in a browser.
    const std::string declared = article_page("Quay cafe reopens", kSecond, "<meta charset=\"utf-8\">");
    result = parse::parse_http_response(http_response(declared, "text/html; charset=iso-8859-1"), "u");
    ASSERT_TRUE(result.article);
    EXPECT_EQ(test::texts(*result.article), kSecond);
    // Plain text bodies are articles too; JavaScript is not.
    result = parse::parse_http_response(http_response("var x = 1;", "application/javascript"), "u");
    EXPECT_FALSE(result.article);
    EXPECT_EQ(result.not_article, "not an article (application/javascript)");
    EXPECT_THROW(parse::parse_http_response("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\nnot gzip at all", "u"),
                 Error);
}

TEST(Warc, OnlyRequestsIsNoArticle) {
    const std::string warc = warc_record("request", "https://x.example/", "GET / HTTP/1.1\r\n\r\n",
                                         "application/http; msgtype=request");
    EXPECT_THROW(parse_input(warc, "crawl.warc"), Error);
}

} // namespace
} // namespace newsdb
