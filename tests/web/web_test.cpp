// The web front end: query-string parsing, escaping, the routes through
// Handler::handle, and the real server over loopback sockets.
#include <gtest/gtest.h>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "newsdb/error.hpp"
#include "parse/text_util.hpp"
#include "web/html.hpp"
#include "web/params.hpp"
#include "web/routes.hpp"
#include "web/web_support.hpp"

namespace newsdb::web {
namespace {

using test::WebArchive;

std::size_t occurrences(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

Response get(const std::string& target, const std::string& method = "GET") {
    static Handler handler(HandlerOptions{WebArchive::shared().db, 4, std::chrono::milliseconds(10000)});
    Response r = handler.handle(Request{method, target});
    if (r.stream) {
        r.stream([&r](std::string_view piece) {
            r.body += piece;
            return true;
        });
    }
    return r;
}

// Every attribute (name, value) of every tag, read the way a browser would
// (quoted values may hold anything but their quote).
std::vector<std::pair<std::string, std::string>> attributes(const std::string& html) {
    std::vector<std::pair<std::string, std::string>> out;
    std::size_t i = 0;
    while ((i = html.find('<', i)) != std::string::npos) {
        ++i;
        while (i < html.size() && html[i] != '>' && html[i] != ' ') ++i;  // the tag's name
        while (i < html.size() && html[i] != '>') {
            while (i < html.size() && (html[i] == ' ' || html[i] == '/')) ++i;
            std::string name;
            while (i < html.size() && html[i] != '=' && html[i] != ' ' && html[i] != '>') name += html[i++];
            std::string value;
            if (i < html.size() && html[i] == '=') {
                ++i;
                if (i < html.size() && (html[i] == '"' || html[i] == '\'')) {
                    const char quote = html[i++];
                    while (i < html.size() && html[i] != quote) value += html[i++];
                    ++i;
                } else {
                    while (i < html.size() && html[i] != ' ' && html[i] != '>') value += html[i++];
                }
            }
            if (!name.empty()) out.emplace_back(parse::to_lower_ascii(name), value);
        }
    }
    return out;
}

// The page without the timeline's chart (its own <svg> and <title> elements).
std::string without_chart(std::string html) {
    const std::size_t start = html.find("<svg class=\"chart\"");
    if (start != std::string::npos) html.erase(start, html.find("</svg>", start) + 6 - start);
    return html;
}

std::string header(const Response& r, const std::string& name) {
    for (const auto& [k, v] : r.headers)
        if (k == name) return v;
    return {};
}

// ---- parameters -------------------------------------------------------------

TEST(WebParams, TargetsAreSplitAndDecoded) {
    const Target t = parse_target("/search?q=%22defence+ties%22&source=Daily%20Sabah&source=&x");
    EXPECT_EQ(t.path, "/search");
    EXPECT_EQ(t.params.get("q"), "\"defence ties\"");
    EXPECT_EQ(t.params.all("source"), std::vector<std::string>{"Daily Sabah"});
    EXPECT_EQ(t.params.get("x"), "");
    EXPECT_FALSE(t.params.get("y").has_value());
    EXPECT_EQ(parse_target("/a%2Fb").path, "/a/b");
    EXPECT_EQ(parse_target("/s?q=caf%C3%A9").params.get("q"), "café");
}

TEST(WebParams, BadTargetsAreInvalidArguments) {
    for (const std::string bad : {"/s?q=%", "/s?q=%zz", "/s?q=%4", "/s?q=%00", "/s?q=%FF%FE", "/%C0%AF"}) {
        try {
            parse_target(bad);
            ADD_FAILURE() << bad;
        } catch (const Error& e) {
            EXPECT_EQ(e.code(), Errc::invalid_argument) << bad;
        }
    }
    EXPECT_THROW(parse_target("/s?q=" + std::string(kMaxTargetBytes, 'a')), Error);
    std::string many = "/s?";
    for (std::size_t i = 0; i <= kMaxParams; ++i) many += "a=1&";
    EXPECT_THROW(parse_target(many), Error);
}

TEST(WebParams, SearchStateReadsTheCliOptions) {
    const auto s = parse_search_state(
        parse_target("/s?q=drones&since=2019&until=2020-02&source=Reuters&lang=en&kind=footnote&sort=newest&exact=1"
                     "&per=5&page=3&within=passage")
            .params);
    const SearchOptions o = s.options();
    EXPECT_EQ(o.query, "drones");
    EXPECT_EQ(o.since, "2019");
    EXPECT_EQ(o.until, "2020-02");
    EXPECT_EQ(o.sources, std::vector<std::string>{"Reuters"});
    EXPECT_EQ(o.languages, std::vector<std::string>{"en"});
    EXPECT_EQ(o.kind, PassageKind::footnote);
    EXPECT_EQ(o.sort, SortOrder::newest);
    EXPECT_EQ(o.match, WordMatch::exact);
    EXPECT_EQ(o.unit, SearchUnit::passage);
    EXPECT_EQ(parse_search_state(parse_target("/s?q=drones").params).options().unit, SearchUnit::article);
    EXPECT_EQ(o.limit, 5);
    EXPECT_EQ(o.offset, 10);
    EXPECT_EQ(s.page(), 3);
    // The state round-trips through its query string.
    const auto again = parse_search_state(parse_target("/s?" + s.query_string()).params);
    EXPECT_EQ(again.query_string(), s.query_string());
    EXPECT_EQ(parse_search_state(parse_target("/s?q=x&limit=7&offset=3").params).options().offset, 3);
}

TEST(WebParams, BadParametersNameThemselves) {
    const std::pair<const char*, const char*> cases[] = {
        {"since=2020-13", "since"}, {"until=yesterday", "until"}, {"kind=poem", "poem"},
        {"sort=random", "sort"},    {"per=0", "per"},             {"per=101", "per"},
        {"page=0", "page"},         {"page=x", "page"},           {"offset=-1", "offset"},
        {"page=9999", "beyond"},    {"exact=maybe", "exact"},     {"limit=1e3", "limit"},
        {"within=paragraph", "within"},
    };
    for (const auto& [query, word] : cases) {
        try {
            parse_search_state(parse_target(std::string("/s?q=a&") + query).params);
            ADD_FAILURE() << query;
        } catch (const Error& e) {
            EXPECT_EQ(e.code(), Errc::invalid_argument) << query;
            EXPECT_NE(e.message().find(word), std::string::npos) << query << ": " << e.message();
        }
    }
    EXPECT_THROW(parse_search_state(parse_target("/s?q=" + std::string(kMaxQueryChars + 1, 'a')).params), Error);
}

// ---- HTML helpers -------------------------------------------------------------

TEST(WebHtml, EscapeCoversTextAndAttributes) {
    EXPECT_EQ(escape("<a href=\"x\" onclick='y'>&</a>"),
              "&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
    EXPECT_EQ(snippet_html("a \x02<b>\x03 c \x02open"), "a <mark>&lt;b&gt;</mark> c <mark>open</mark>");
    EXPECT_EQ(with_commas(1399), "1,399");
    EXPECT_EQ(with_commas(0), "0");
    EXPECT_EQ(with_commas(1234567), "1,234,567");
}

TEST(WebHtml, OnlyHttpLinksAreLinks) {
    EXPECT_EQ(safe_href("https://example.org/a?b=1&c=2"), "https://example.org/a?b=1&amp;c=2");
    EXPECT_EQ(safe_href("HTTP://EXAMPLE.ORG"), "HTTP://EXAMPLE.ORG");
    for (const char* bad : {"javascript:alert(1)", " javascript:x", "JaVaScRiPt:x", "data:text/html,x", "//evil.org",
                            "https://", "https://a b", "vbscript:x", "https://a\nb"})
        EXPECT_EQ(safe_href(bad), "") << bad;
}

TEST(WebHtml, HighlighterMarksTheQueryWordsOnly) {
    const Highlighter h("\"defence ties\" erdogan -pakistan source:Reuters OR title:drones NEAR(x y, 5)");
    EXPECT_EQ(h.html("Erdoğan's defences & ties with Pakistan <b>"),
              "<mark>Erdoğan</mark>&#39;s <mark>defences</mark> &amp; <mark>ties</mark> with Pakistan &lt;b&gt;");
    EXPECT_EQ(h.html("Reuters drones"), "Reuters <mark>drones</mark>");
    EXPECT_TRUE(Highlighter("").empty());
    EXPECT_EQ(Highlighter("agreements").html("agreement signed"), "<mark>agreement</mark> signed");
    EXPECT_EQ(Highlighter("turkey").html("Turkey’s Turkish turkeys"), "<mark>Turkey</mark>’s Turkish <mark>turkeys</mark>");
    EXPECT_EQ(Highlighter("=turkey defen*").html("Turkey turkeys defence"),
              "<mark>Turkey</mark> turkeys <mark>defence</mark>");
    EXPECT_EQ(Highlighter("kitaplar", "tr").html("kitap kitaplar"), "<mark>kitap</mark> <mark>kitaplar</mark>");
}

TEST(WebStatus, ErrorCodesMapInOnePlace) {
    EXPECT_EQ(http_status(Errc::invalid_query), 400);
    EXPECT_EQ(http_status(Errc::invalid_argument), 400);
    EXPECT_EQ(http_status(Errc::not_found), 404);
    EXPECT_EQ(http_status(Errc::busy), 503);
    for (const Errc e : {Errc::bad_input, Errc::io, Errc::incompatible_archive, Errc::corrupt_archive, Errc::internal})
        EXPECT_EQ(http_status(e), 500);
}

// ---- routes -------------------------------------------------------------------

TEST(WebRoutes, StatusCodes) {
    const std::pair<std::string, int> cases[] = {
        {"/", 200},
        {"/search?q=drones", 200},
        {"/search?q=zeppelin", 200},
        {"/search?q=%22unclosed", 400},
        {"/search?q=drones&per=0", 400},
        {"/search?q=drones&since=2020-13", 400},
        {"/help", 200},
        {"/timeline?q=drones", 200},
        {"/timeline?q=drones&by=week", 400},
        {"/citations", 200},
        {"/citations?by=outlet", 400},
        {"/static/style.css", 200},
        {"/static/app.js", 200},
        {"/static/../../etc/passwd", 404},
        {"/static/", 404},
        {"/etc/passwd", 404},
        {"/article/abc", 404},
        {"/article/0", 404},
        {"/article/999999", 404},
        {"/article/99999999999999999999999", 404},
        {"/article/1/original/x", 404},
        {"/export?q=drones&format=csv", 200},
        {"/export?q=drones&format=xml", 400},
        {"/export?q=%22unclosed&format=csv", 400},
        {"/api/search?q=drones", 200},
        {"/api/search?q=", 400},
        {"/api/search?q=drones&limit=1000", 400},
        {"/api/count?q=drones&by=year", 200},
        {"/api/count?q=drones&by=fortnight", 400},
        {"/api/citations", 200},
        {"/api/stats", 200},
        {"/api/article/1", 200},
        {"/api/article/999999", 404},
        {"/api/nothing", 404},
        {"/search?q=%zz", 400},
    };
    for (const auto& [target, status] : cases) EXPECT_EQ(get(target).status, status) << target;
    EXPECT_EQ(get("/search?q=drones", "POST").status, 405);
    EXPECT_EQ(get("/api/stats", "DELETE").status, 405);
}

TEST(WebRoutes, EveryResponseCarriesTheSecurityHeaders) {
    for (const std::string target : {"/", "/search?q=%22", "/nope", "/api/stats", "/static/app.js"}) {
        const Response r = get(target);
        EXPECT_NE(header(r, "Content-Security-Policy").find("default-src 'none'"), std::string::npos) << target;
        EXPECT_NE(header(r, "Content-Security-Policy").find("script-src 'self'"), std::string::npos) << target;
        EXPECT_EQ(header(r, "X-Content-Type-Options"), "nosniff") << target;
        EXPECT_EQ(header(r, "Referrer-Policy"), "no-referrer") << target;
    }
}

TEST(WebRoutes, SearchPageShowsResultsFacetsAndPaging) {
    const Response r = get("/search?q=harbour&per=1");
    ASSERT_EQ(r.status, 200);
    EXPECT_NE(r.body.find("<ol class=\"hits\""), std::string::npos);
    EXPECT_NE(r.body.find("<mark>"), std::string::npos);
    EXPECT_NE(r.body.find("<h2>Sources</h2>"), std::string::npos);
    EXPECT_NE(r.body.find("<h2>Years</h2>"), std::string::npos);
    EXPECT_NE(r.body.find("rel=\"next\""), std::string::npos);
    EXPECT_NE(r.body.find("value=\"harbour\""), std::string::npos);  // the query stays in the box
    EXPECT_NE(r.body.find("href=\"/search?q=harbour&amp;source=Daily%20Sabah&amp;per=1\""), std::string::npos)
        << "a source facet filters on click";
}

TEST(WebRoutes, InvalidQueryShowsTheTranslatorsMessageAndColumn) {
    const Response r = get("/search?q=drones+%22unclosed");
    EXPECT_EQ(r.status, 400);
    EXPECT_NE(r.body.find("role=\"alert\""), std::string::npos);
    EXPECT_NE(r.body.find("column 8"), std::string::npos) << r.body;
    EXPECT_NE(r.body.find("<mark>&quot;</mark>"), std::string::npos);
    EXPECT_EQ(r.body.find("SQLITE"), std::string::npos);
    EXPECT_EQ(r.body.find("sqlite"), std::string::npos);
    EXPECT_EQ(r.body.find("fts5"), std::string::npos);
}

TEST(WebRoutes, ArticlePageLinksMarksAndFootnotesBothWays) {
    const auto id = std::to_string(WebArchive::shared().sample_id);
    const Response r = get("/article/" + id + "?q=erdogan");
    ASSERT_EQ(r.status, 200);
    EXPECT_NE(r.body.find("304 of 1,399 words shown"), std::string::npos);
    EXPECT_NE(r.body.find("<a id=\"ref-p2-1\" href=\"#fn1\""), std::string::npos) << r.body;
    EXPECT_NE(r.body.find("<li id=\"fn1\" value=\"1\">"), std::string::npos);
    EXPECT_NE(r.body.find("href=\"#ref-p2-1\""), std::string::npos);
    EXPECT_NE(r.body.find("<mark>Erdoğan</mark>"), std::string::npos);
    EXPECT_NE(r.body.find("href=\"/article/" + id + "/original\""), std::string::npos);
    const Response original = get("/article/" + id + "/original");
    EXPECT_EQ(original.status, 200);
    EXPECT_EQ(original.content_type, "text/plain; charset=utf-8");
    EXPECT_EQ(header(original, "Content-Security-Policy"), "sandbox") << "the stricter policy comes first";
    EXPECT_NE(original.body.find("End of Excerpt (304/1,399 words)"), std::string::npos);
}

TEST(WebRoutes, HostileArticlesCannotInjectMarkup) {
    const auto json_id = std::to_string(WebArchive::shared().hostile_id);
    const auto text_id = std::to_string(WebArchive::shared().hostile_text_id);
    for (const std::string& target : std::vector<std::string>{"/article/" + json_id + "?q=drones", "/article/" + text_id + "?q=drones+pwned", "/article/" + text_id,
          "/search?q=drones", "/search?q=pwned", "/search?q=harbour", "/citations", "/citations?by=article",
          "/timeline?q=drones", "/search?q=%3Cscript%3E", "/search?q=%22%3E%3Cimg+src%3Dx+onerror%3Dalert(1)%3E",
          "/timeline?q=%3C/title%3E%3Cscript%3E", "/citations?q=%3Cb%3E"}) {
        const Response r = get(target);
        ASSERT_LT(r.status, 500) << target;
        const std::string body = without_chart(r.body);
        EXPECT_EQ(occurrences(body, "<script"), 1u) << target << ": only the page's own script";
        EXPECT_EQ(occurrences(body, "<img"), 0u) << target;
        EXPECT_EQ(occurrences(body, "<b>"), 0u) << target;
        EXPECT_EQ(occurrences(body, "<svg"), 0u) << target;
        EXPECT_EQ(occurrences(body, "</title>"), 1u) << target;
        for (const auto& [name, value] : attributes(body)) {
            EXPECT_NE(name.rfind("on", 0), 0u) << target << ": " << name << "=" << value;
            if (name == "href" || name == "src" || name == "action") {
                EXPECT_TRUE(value.rfind("/", 0) == 0 || value.rfind("#", 0) == 0 || value.rfind("http", 0) == 0)
                    << target << ": " << name << "=" << value;
            }
        }
    }
    const Response article = get("/article/" + text_id);
    EXPECT_NE(article.body.find("&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;"), std::string::npos);
    // The https footnote stays a link, escaped, with rel; the javascript: ones are text only.
    EXPECT_EQ(occurrences(article.body, "rel=\"noopener noreferrer\""), 1u) << article.body;
    EXPECT_NE(article.body.find("href=\"https://example.org/a?b=&quot;&gt;&lt;script&gt;"), std::string::npos);
    EXPECT_EQ(occurrences(get("/article/" + json_id).body, "rel=\"noopener noreferrer\""), 0u);
}

TEST(WebRoutes, ApiSearchShape) {
    const Response r = get("/api/search?q=harbour&limit=2");
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(r.content_type, "application/json; charset=utf-8");
    const auto j = nlohmann::json::parse(r.body);
    EXPECT_EQ(j["query"], "harbour");
    EXPECT_EQ(j["limit"], 2);
    EXPECT_GE(j["total"]["passages"].get<int>(), 3);
    EXPECT_GE(j["total"]["articles"].get<int>(), 3);
    ASSERT_EQ(j["hits"].size(), 2u);
    EXPECT_EQ(j["unit"], "article");
    const auto& a = j["hits"][0];
    for (const char* key : {"article_id", "title", "url", "author", "date", "source", "language", "tags", "path",
                            "score", "passages"})
        EXPECT_TRUE(a.contains(key)) << key;
    ASSERT_FALSE(a["passages"].empty());
    const auto& h = a["passages"][0];
    for (const char* key : {"passage_id", "kind", "position", "score", "snippet", "highlights", "text"})
        EXPECT_TRUE(h.contains(key)) << key;
    const std::string snippet = h["snippet"];
    ASSERT_FALSE(h["highlights"].empty());
    const auto span = h["highlights"][0];
    EXPECT_EQ(parse::to_lower_ascii(snippet.substr(span[0], span[1].get<std::size_t>() - span[0].get<std::size_t>())),
              "harbour");
    // within=passage: a row per passage, its fields beside its article's.
    const auto p = nlohmann::json::parse(get("/api/search?q=harbour&limit=2&within=passage").body);
    EXPECT_EQ(p["unit"], "passage");
    ASSERT_EQ(p["hits"].size(), 2u);
    for (const char* key : {"passage_id", "article_id", "kind", "position", "score", "title", "date", "source", "path",
                            "snippet", "highlights", "text"})
        EXPECT_TRUE(p["hits"][0].contains(key)) << key;
    EXPECT_FALSE(p["hits"][0].contains("passages"));
}

// Issue 21: the words of a query anywhere in an article by default (the
// sample article holds "imran" and "gazetesi" in different passages), every
// word in one passage with within=passage; the page, the API and the counts agree.
TEST(WebRoutes, ArticlesByDefaultPassagesWithinPassage) {
    const Response page = get("/search?q=imran+gazetesi");
    ASSERT_EQ(page.status, 200);
    EXPECT_NE(page.body.find("Articles 1–1 of 1 (2 passages)"), std::string::npos) << page.body;
    EXPECT_NE(page.body.find("<a class=\"where\" href=\"/article/"), std::string::npos) << "each passage links to its place";
    EXPECT_NE(page.body.find("<option value=\"article\" selected>anywhere in an article</option>"), std::string::npos);
    const Response within = get("/search?q=imran+gazetesi&within=passage");
    ASSERT_EQ(within.status, 200);
    EXPECT_NE(within.body.find("No passages match <strong>imran gazetesi</strong>."), std::string::npos) << within.body;
    EXPECT_NE(within.body.find("<option value=\"passage\" selected>in one passage</option>"), std::string::npos);

    const auto api = nlohmann::json::parse(get("/api/search?q=imran+gazetesi").body);
    EXPECT_EQ(api["total"], (nlohmann::json{{"articles", 1}, {"passages", 2}}));
    ASSERT_EQ(api["hits"].size(), 1u);
    EXPECT_EQ(api["hits"][0]["passages"].size(), 2u) << "a passage for each word";
    const auto api_within = nlohmann::json::parse(get("/api/search?q=imran+gazetesi&within=passage").body);
    EXPECT_EQ(api_within["total"], (nlohmann::json{{"articles", 0}, {"passages", 0}}));
    EXPECT_TRUE(api_within["hits"].empty());

    const auto count = nlohmann::json::parse(get("/api/count?q=imran+gazetesi").body);
    EXPECT_EQ(count["rows"][0]["articles"], 1);
    EXPECT_EQ(count["rows"][0]["passages"], 2);
    const auto count_within = nlohmann::json::parse(get("/api/count?q=imran+gazetesi&within=passage").body);
    EXPECT_EQ(count_within["rows"][0]["articles"], 0);

    const Response bad = get("/api/search?q=imran&within=paragraph");
    EXPECT_EQ(bad.status, 400);
    EXPECT_NE(bad.body.find("within: 'paragraph' is not article or passage"), std::string::npos) << bad.body;
}

TEST(WebRoutes, ApiErrorsAreJson) {
    const Response r = get("/api/search?q=%22x");
    EXPECT_EQ(r.status, 400);
    const auto j = nlohmann::json::parse(r.body);
    EXPECT_EQ(j["error"]["code"], "invalid_query");
    EXPECT_NE(j["error"]["message"].get<std::string>().find("column"), std::string::npos);
    EXPECT_EQ(nlohmann::json::parse(get("/api/article/424242").body)["error"]["code"], "not_found");
}

TEST(WebRoutes, ApiCountCitationsStatsArticle) {
    auto j = nlohmann::json::parse(get("/api/count?q=harbour&by=year").body);
    EXPECT_EQ(j["by"], "year");
    ASSERT_FALSE(j["rows"].empty());
    for (const char* key : {"bucket", "articles", "passages", "archive_articles"}) EXPECT_TRUE(j["rows"][0].contains(key));
    j = nlohmann::json::parse(get("/api/citations?by=publisher").body);
    ASSERT_FALSE(j["rows"].empty());
    EXPECT_TRUE(j["rows"][0].contains("spellings"));
    j = nlohmann::json::parse(get("/api/stats").body);
    EXPECT_EQ(j["articles"], 5);
    j = nlohmann::json::parse(get("/api/article/" + std::to_string(WebArchive::shared().sample_id)).body);
    EXPECT_EQ(j["title"], "Pakistan and Turkey Look to Deepen Defence Ties");
}

TEST(WebRoutes, ExportStreamsEveryResult) {
    Response r = get("/export?q=harbour&format=csv");
    EXPECT_EQ(r.content_type, "text/csv; charset=utf-8");
    EXPECT_NE(header(r, "Content-Disposition").find("newsdb-export.csv"), std::string::npos);
    EXPECT_GE(occurrences(r.body, "\n"), 4u);
    r = get("/export?q=harbour&format=json");
    EXPECT_GE(nlohmann::json::parse(r.body).size(), 3u);
    r = get("/export?q=harbour&format=markdown");
    EXPECT_EQ(r.content_type, "text/markdown; charset=utf-8");
}

TEST(WebRoutes, TimelineDrawsBarsAndNormalises) {
    Response r = get("/timeline?q=harbour&by=year");
    EXPECT_NE(r.body.find("<svg class=\"chart\""), std::string::npos);
    EXPECT_EQ(occurrences(r.body, "<rect class=\"bar\""), 2u);  // 2019, 2020
    r = get("/timeline?q=harbour&by=month&normalize=1");
    EXPECT_NE(r.body.find("%</title>"), std::string::npos);
    EXPECT_NE(r.body.find("dated only by its year"), std::string::npos);
}

TEST(WebRoutes, MissingArchiveIsANotFoundPageWithAHint) {
    test::TempDir dir;
    Handler handler(HandlerOptions{dir / "none.db", 2, std::chrono::milliseconds(1000)});
    const Response r = handler.handle(Request{"GET", "/search?q=x"});
    EXPECT_EQ(r.status, 404);
    EXPECT_NE(r.body.find("ingest"), std::string::npos);
}

// ---- the command ----------------------------------------------------------------

TEST(ServeCommand, RefusesOtherAddressesWithoutAllowRemoteAndMissingArchives) {
    test::TempDir scratch;
    auto r = test::run_newsdb({"--db", WebArchive::shared().db.string(), "serve", "--bind", "0.0.0.0", "--port", "0"},
                              scratch);
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("--allow-remote"), std::string::npos) << r.err;
    r = test::run_newsdb({"--db", (scratch / "none.db").string(), "serve", "--port", "0"}, scratch);
    EXPECT_EQ(r.exit_code, 3);
    EXPECT_NE(r.err.find("no archive"), std::string::npos) << r.err;
    EXPECT_FALSE(std::filesystem::exists(scratch / "none.db"));
    r = test::run_newsdb({"serve", "--help"}, scratch);
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_NE(r.out.find("/api/search"), std::string::npos);
}

// ---- the server over sockets ----------------------------------------------------

TEST(WebServer, AnswersOverLoopback) {
    test::RunningServer server(WebArchive::shared().db);
    httplib::Client client("127.0.0.1", server.port());
    client.set_read_timeout(30, 0);
    auto r = client.Get("/search?q=harbour");
    ASSERT_TRUE(r) << httplib::to_string(r.error());
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->get_header_value("Content-Type"), "text/html; charset=utf-8");
    EXPECT_NE(r->get_header_value("Content-Security-Policy").find("default-src 'none'"), std::string::npos);
    r = client.Get("/nope");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 404);
    r = client.Post("/api/search", "q=x", "application/x-www-form-urlencoded");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 405);
    r = client.Get("/export?q=harbour&format=jsonl");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->get_header_value("Transfer-Encoding"), "chunked");
    EXPECT_GE(occurrences(r->body, "\n"), 3u);
    r = client.Get(("/api/search?q=" + std::string(kMaxTargetBytes + 10, 'a')).c_str());
    ASSERT_TRUE(r);
    EXPECT_GE(r->status, 400);
    EXPECT_LT(r->status, 500);
}

TEST(WebServer, ManyReadersAtOnceWhileAnotherProcessIngests) {
    // A copy of the archive that an ingest writes to while clients read.
    test::TempDir dir;
    const auto db = dir / "busy.db";
    std::filesystem::copy_file(WebArchive::shared().db, db);
    test::RunningServer server(db, 3);
    std::atomic<bool> stop{false};
    std::thread writer([&] {
        Archive archive = Archive::open(db, OpenMode::read_write);
        IngestOptions options;
        options.jobs = 1;
        options.batch_files = 1;
        for (int i = 0; i < 20 && !stop; ++i) {
            const auto file = dir / ("n" + std::to_string(i) + ".txt");
            test::write_file(file, "Harbour report " + std::to_string(i) + "\n\nThe harbour was busy, day " +
                                       std::to_string(i) + ".\n");
            archive.ingest({file}, options, [](const IngestResult&) {});
        }
    });
    std::atomic<int> failures{0}, answers{0};
    std::vector<std::thread> readers;
    for (int t = 0; t < 6; ++t) {
        readers.emplace_back([&, t] {
            httplib::Client client("127.0.0.1", server.port());
            client.set_read_timeout(60, 0);
            for (int i = 0; i < 8; ++i) {
                const auto r = client.Get(t % 2 ? "/search?q=harbour" : "/api/search?q=harbour&limit=50");
                if (!r || r->status != 200) {
                    ++failures;
                    continue;
                }
                ++answers;
                if (t % 2 == 0) {
                    // One snapshot per request: the total agrees with the hits listed.
                    const auto j = nlohmann::json::parse(r->body);
                    if (j["total"]["articles"].get<std::size_t>() != j["hits"].size()) ++failures;
                }
            }
        });
    }
    for (auto& r : readers) r.join();
    stop = true;
    writer.join();
    EXPECT_EQ(failures, 0);
    EXPECT_EQ(answers, 48);
}

} // namespace
} // namespace newsdb::web
