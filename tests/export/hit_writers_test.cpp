// The hit writers: every format for both units (articles with their best
// passages, and single passages), the totals, and hostile text.
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "newsdb/error.hpp"
#include "newsdb/export.hpp"

namespace newsdb {
namespace {

PassageHit passage(int64_t id, PassageKind kind, int position, double score, std::string text, std::string snippet) {
    PassageHit p;
    p.passage_id = id;
    p.kind = kind;
    p.position = position;
    p.score = score;
    p.text = std::move(text);
    p.snippet = std::move(snippet);
    return p;
}

SearchHit quwa_hit() {
    SearchHit h;
    h.article.id = 1;
    h.article.title = "Pakistan and Turkey Look to Deepen Defence Ties";
    h.article.date = "2020-02-14";
    h.article.source = "Quwa";
    h.article.author = "Bilal Khan";
    h.article.url = "https://quwa.org/2020/02/14/pakistan-and-turkey/";
    h.article.language = "en";
    h.article.tags = {"place:pakistan", "topic:defence"};
    h.article.path = "/data/quwa-2020-02-pakistan-turkey-defence-ties.txt";
    h.score = -3.2149;
    h.passages.push_back(passage(7, PassageKind::paragraph, 2, -3.2149,
                                 "During a joint-press conference with the Prime Minister of Pakistan, Imran Khan, "
                                 "Erdoğan stated that for Turkey, military and defence industry ties were the most "
                                 "important aspect.",
                                 "…the Prime Minister of Pakistan, Imran Khan, \x02" "Erdoğan\x03 stated that…"));
    return h;
}

// An article result: the same article with two passages, the article's own score.
SearchHit quwa_article() {
    SearchHit h = quwa_hit();
    h.score = -8.5;
    h.passages.push_back(passage(9, PassageKind::footnote, 1, -1.25, "Cumhurbaşkanı Erdoğan: …",
                                 "Cumhurbaşkanı \x02" "Erdoğan\x03: …"));
    return h;
}

// Every field holds something a careless writer would break on.
SearchHit hostile_hit() {
    SearchHit h;
    h.article.id = 42;
    h.article.title = "Title, \"quoted\"\n# Injected heading";
    h.article.path = "/tmp/a,b/“odd” name.txt";
    h.article.tags = {"a,b", "say \"x\""};
    h.score = -0.5;
    h.passages.push_back(passage(99, PassageKind::footnote, 3, -0.5,
                                 "Line one, with \"quotes\"\r\nline two\n<b>bold</b> *stars* [x](javascript:alert(1))",
                                 "say \x02\"hi\", *you*\x03\n# not a heading | pipe <img src=x onerror=alert(1)>"));
    return h;
}

SearchHit title_hit() {
    SearchHit h;
    h.article.id = 5;
    h.article.title = "日本語 title";
    h.article.source = "NHK";
    h.article.path = "nhk.txt";
    h.score = -1.0;
    h.passages.push_back(passage(50, PassageKind::title, 0, -1.0, "日本語 title", "\x02日本語\x03 title"));
    return h;
}

std::string run(HitFormat format, const std::vector<SearchHit>& hits, SearchUnit unit = SearchUnit::passage,
                MatchStyle style = MatchStyle::plain, std::string query = "erdogan", SearchTotals total = {},
                int64_t offset = 0) {
    if (total == SearchTotals{}) total = {static_cast<int64_t>(hits.size()), static_cast<int64_t>(hits.size())};
    std::ostringstream out;
    // The limit a search would have asked for: the page is these hits.
    auto writer = make_hit_writer(format, out, HitWriterContext{std::move(query), style, unit, offset,
                                                                static_cast<int64_t>(hits.size())});
    writer->begin(total);
    for (const SearchHit& h : hits) writer->write(h);
    writer->end();
    return out.str();
}

// A small RFC 4180 reader: rows end in CRLF, quoted fields may hold anything.
std::vector<std::vector<std::string>> read_csv(const std::string& s) {
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> row;
    std::string field;
    bool quoted = false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (quoted) {
            if (c == '"' && i + 1 < s.size() && s[i + 1] == '"') {
                field += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == '"') {
            if (!field.empty()) throw std::runtime_error("quote inside unquoted field");
            quoted = true;
        } else if (c == ',') {
            row.push_back(std::move(field));
            field.clear();
        } else if (c == '\r' && i + 1 < s.size() && s[i + 1] == '\n') {
            row.push_back(std::move(field));
            field.clear();
            rows.push_back(std::move(row));
            row.clear();
            ++i;
        } else if (c == '\r' || c == '\n') {
            throw std::runtime_error("bare line break outside quotes");
        } else {
            field += c;
        }
    }
    if (quoted) throw std::runtime_error("unterminated quote");
    if (!field.empty() || !row.empty()) throw std::runtime_error("last row lacks CRLF");
    return rows;
}

TEST(ExportHitWriters, TextBlockPerPassageUnderTheTotals) {
    const std::string out = run(HitFormat::text, {quwa_hit(), title_hit()}, SearchUnit::passage, MatchStyle::plain,
                                "erdogan", {2, 31});
    EXPECT_EQ(out,
              "2 of 31 passages (2 articles)\n"
              "\n"
              "1. Pakistan and Turkey Look to Deepen Defence Ties — Quwa · 2020-02-14\n"
              "   paragraph 2 · article 1 · score 3.21\n"
              "   …the Prime Minister of Pakistan, Imran Khan, **Erdoğan** stated that…\n"
              "\n"
              "2. 日本語 title — NHK\n"
              "   title · article 5 · score 1.00\n"
              "   **日本語** title\n");
}

TEST(ExportHitWriters, TextArticleWithItsPassages) {
    const std::string out = run(HitFormat::text, {quwa_article()}, SearchUnit::article, MatchStyle::plain, "erdogan",
                                {1318, 4920}, 20);
    EXPECT_EQ(out,
              "21 of 1,318 articles (4,920 passages)\n"
              "\n"
              "21. Pakistan and Turkey Look to Deepen Defence Ties — Quwa · 2020-02-14\n"
              "   article 1 · score 8.50\n"
              "   paragraph 2: …the Prime Minister of Pakistan, Imran Khan, **Erdoğan** stated that…\n"
              "   footnote [1]: Cumhurbaşkanı **Erdoğan**: …\n");
}

TEST(ExportHitWriters, TotalsDescribeTheRangeShown) {
    EXPECT_EQ(describe_totals({1318, 4920}, SearchUnit::article, 0, 20), "20 of 1,318 articles (4,920 passages)");
    EXPECT_EQ(describe_totals({1318, 4920}, SearchUnit::article, 20, 20), "21–40 of 1,318 articles (4,920 passages)");
    EXPECT_EQ(describe_totals({1, 1}, SearchUnit::article, 0, 1), "1 of 1 article (1 passage)");
    EXPECT_EQ(describe_totals({3, 7}, SearchUnit::passage, 0, 7), "7 of 7 passages (3 articles)");
}

TEST(ExportHitWriters, TextOmitsMissingMetadataAndStripsControls) {
    SearchHit h = hostile_hit();
    h.article.title = "Evil\x1b]0;pwned\x07 title\nsecond line";
    const std::string out = run(HitFormat::text, {h});
    EXPECT_EQ(out.find('\x1b'), std::string::npos);
    EXPECT_EQ(out.find('\x07'), std::string::npos);
    EXPECT_NE(out.find("\n1. Evil]0;pwned title second line\n"), std::string::npos) << out;
    EXPECT_NE(out.find("   footnote [3] · article 42 · score 0.50\n"), std::string::npos) << out;
    EXPECT_EQ(out.find(" — "), std::string::npos);
}

TEST(ExportHitWriters, TextColorBoldsTitleAndHighlightsMatches) {
    for (const SearchUnit unit : {SearchUnit::passage, SearchUnit::article}) {
        const std::string out = run(HitFormat::text, {quwa_hit()}, unit, MatchStyle::color);
        EXPECT_NE(out.find("1. \x1b[1mPakistan and Turkey Look to Deepen Defence Ties\x1b[0m — Quwa"),
                  std::string::npos);
        EXPECT_NE(out.find("\x1b[1;33mErdoğan\x1b[0m stated"), std::string::npos);
        EXPECT_EQ(out.find("**"), std::string::npos);
    }
}

TEST(ExportHitWriters, TextWritesNothingForNoHits) {
    EXPECT_EQ(run(HitFormat::text, {}), "");
}

const std::vector<std::string> kCsvHeader = {"query",  "rank",     "article_id", "passage_id", "title", "url",
                                             "author", "date",     "source",     "language",   "tags",  "path",
                                             "kind",   "position", "score",      "passage_score", "text", "snippet"};

TEST(ExportHitWriters, CsvRoundTripsTrickyFields) {
    const std::vector<SearchHit> hits = {quwa_hit(), hostile_hit(), title_hit()};
    const std::string query = "\"erdogan\", khan";
    const auto rows = read_csv(run(HitFormat::csv, hits, SearchUnit::passage, MatchStyle::color, query));
    ASSERT_EQ(rows.size(), 4u);
    EXPECT_EQ(rows[0], kCsvHeader);
    for (std::size_t i = 0; i < hits.size(); ++i) {
        const auto& r = rows[i + 1];
        const SearchHit& h = hits[i];
        const PassageHit& p = h.passages.front();
        ASSERT_EQ(r.size(), kCsvHeader.size());
        EXPECT_EQ(r[0], query);
        EXPECT_EQ(r[1], std::to_string(i + 1));
        EXPECT_EQ(r[2], std::to_string(h.article.id));
        EXPECT_EQ(r[3], std::to_string(p.passage_id));
        EXPECT_EQ(r[4], h.article.title);
        EXPECT_EQ(r[5], h.article.url);
        EXPECT_EQ(r[6], h.article.author);
        EXPECT_EQ(r[7], h.article.date);
        EXPECT_EQ(r[8], h.article.source);
        EXPECT_EQ(r[9], h.article.language);
        EXPECT_EQ(r[11], h.article.path);
        EXPECT_EQ(r[12], std::string(passage_kind_name(p.kind)));
        EXPECT_EQ(r[13], std::to_string(p.position));
        EXPECT_EQ(std::stod(r[14]), h.score);
        EXPECT_EQ(std::stod(r[15]), p.score);
        EXPECT_EQ(r[16], p.text);
        // Files get plain markers whatever the terminal style.
        EXPECT_EQ(r[17], render_snippet(p.snippet, MatchStyle::plain));
    }
    EXPECT_EQ(rows[1][10], "place:pakistan; topic:defence");
    EXPECT_EQ(rows[2][10], "a,b; say \"x\"");
}

TEST(ExportHitWriters, CsvArticleUnitWritesALinePerPassageShown) {
    const auto rows = read_csv(run(HitFormat::csv, {quwa_article(), title_hit()}, SearchUnit::article));
    ASSERT_EQ(rows.size(), 4u);
    EXPECT_EQ(rows[1][1], "1");
    EXPECT_EQ(rows[2][1], "1") << "the same article, its second passage";
    EXPECT_EQ(rows[2][3], "9");
    EXPECT_EQ(rows[2][12], "footnote");
    EXPECT_EQ(std::stod(rows[2][14]), -8.5) << "the article's score";
    EXPECT_EQ(std::stod(rows[2][15]), -1.25) << "the passage's";
    EXPECT_EQ(rows[3][1], "2");
}

TEST(ExportHitWriters, CsvWritesHeaderForNoHits) {
    EXPECT_EQ(run(HitFormat::csv, {}),
              "query,rank,article_id,passage_id,title,url,author,date,source,language,tags,path,kind,position,"
              "score,passage_score,text,snippet\r\n");
}

TEST(ExportHitWriters, JsonObjectCarriesTheTotalsAndPassageRows) {
    const std::vector<SearchHit> hits = {quwa_hit(), hostile_hit(), title_hit()};
    const std::string out = run(HitFormat::json, hits, SearchUnit::passage, MatchStyle::plain, "erdogan", {3, 31});
    const auto doc = nlohmann::json::parse(out);
    ASSERT_TRUE(doc.is_object());
    EXPECT_EQ(doc.at("query"), "erdogan");
    EXPECT_EQ(doc.at("unit"), "passage");
    EXPECT_EQ(doc.at("total"), (nlohmann::json{{"articles", 3}, {"passages", 31}}));
    EXPECT_EQ(doc.at("offset"), 0);
    const auto& results = doc.at("results");
    ASSERT_EQ(results.size(), hits.size());
    for (std::size_t i = 0; i < hits.size(); ++i) {
        const auto& o = results[i];
        const SearchHit& h = hits[i];
        const PassageHit& p = h.passages.front();
        EXPECT_EQ(o.size(), 17u);
        EXPECT_EQ(o.at("query"), "erdogan");
        EXPECT_EQ(o.at("rank"), i + 1);
        EXPECT_EQ(o.at("article_id").get<int64_t>(), h.article.id);
        EXPECT_EQ(o.at("passage_id").get<int64_t>(), p.passage_id);
        EXPECT_EQ(o.at("path"), h.article.path);
        EXPECT_EQ(o.at("title"), h.article.title);
        EXPECT_EQ(o.at("tags"), h.article.tags);
        EXPECT_EQ(o.at("kind"), std::string(passage_kind_name(p.kind)));
        EXPECT_EQ(o.at("position").get<int>(), p.position);
        EXPECT_EQ(o.at("score").get<double>(), h.score);
        EXPECT_EQ(o.at("text"), p.text);
        EXPECT_EQ(o.at("snippet"), render_snippet(p.snippet, MatchStyle::plain));
    }
    EXPECT_EQ(results[0].at("date"), "2020-02-14");
    EXPECT_EQ(results[0].at("source"), "Quwa");
    EXPECT_EQ(results[0].at("author"), "Bilal Khan");
    EXPECT_EQ(results[0].at("url"), "https://quwa.org/2020/02/14/pakistan-and-turkey/");
    EXPECT_EQ(results[0].at("language"), "en");
    EXPECT_TRUE(results[1].at("date").is_null());
    EXPECT_TRUE(results[1].at("source").is_null());
}

TEST(ExportHitWriters, JsonArticleRowsHoldTheirPassages) {
    const auto doc = nlohmann::json::parse(run(HitFormat::json, {quwa_article()}, SearchUnit::article));
    EXPECT_EQ(doc.at("unit"), "article");
    const auto& row = doc.at("results").at(0);
    EXPECT_EQ(row.at("score").get<double>(), -8.5);
    EXPECT_FALSE(row.contains("passage_id"));
    ASSERT_EQ(row.at("passages").size(), 2u);
    EXPECT_EQ(row.at("passages")[1],
              (nlohmann::json{{"passage_id", 9}, {"kind", "footnote"}, {"position", 1}, {"score", -1.25},
                              {"text", "Cumhurbaşkanı Erdoğan: …"}, {"snippet", "Cumhurbaşkanı **Erdoğan**: …"}}));
}

TEST(ExportHitWriters, JsonIsValidWithNoHits) {
    const auto doc = nlohmann::json::parse(run(HitFormat::json, {}));
    EXPECT_EQ(doc.at("results"), nlohmann::json::array());
    EXPECT_EQ(doc.at("total").at("articles"), 0);
}

TEST(ExportHitWriters, JsonReplacesInvalidUtf8) {
    SearchHit h = quwa_hit();
    h.passages.front().text = "broken \xc3 byte";
    const auto doc = nlohmann::json::parse(run(HitFormat::json, {h}));
    EXPECT_EQ(doc.at("results")[0].at("text"), "broken \xEF\xBF\xBD byte");
}

TEST(ExportHitWriters, JsonStreamsEachHitBeforeEnd) {
    std::ostringstream out;
    auto writer = make_hit_writer(HitFormat::json, out, HitWriterContext{"q", MatchStyle::plain});
    writer->begin({1, 1});
    writer->write(quwa_hit());
    EXPECT_NE(out.str().find("Erdoğan"), std::string::npos);
    writer->end();
}

TEST(ExportHitWriters, JsonLinesOneObjectPerLine) {
    const std::vector<SearchHit> hits = {quwa_hit(), hostile_hit(), title_hit()};
    std::istringstream lines(run(HitFormat::jsonl, hits));
    std::string line;
    std::size_t n = 0;
    while (std::getline(lines, line)) {
        ASSERT_LT(n, hits.size());
        const auto o = nlohmann::json::parse(line);
        EXPECT_EQ(o.at("text"), hits[n].passages.front().text);
        EXPECT_EQ(o.at("article_id").get<int64_t>(), hits[n].article.id);
        ++n;
    }
    EXPECT_EQ(n, hits.size());
    EXPECT_EQ(run(HitFormat::jsonl, {}), "");
}

TEST(ExportHitWriters, MarkdownLayout) {
    const std::string out = run(HitFormat::markdown, {quwa_hit()}, SearchUnit::passage, MatchStyle::plain, "erdogan",
                                {1, 3});
    EXPECT_EQ(out,
              "# Search results for \"erdogan\"\n"
              "\n"
              "1 of 3 passages (1 article)\n"
              "\n"
              "## 1. Pakistan and Turkey Look to Deepen Defence Ties\n"
              "\n"
              "2020-02-14 · Quwa · paragraph 2 · article 1 · "
              "/data/quwa-2020-02-pakistan-turkey-defence-ties.txt\n"
              "\n"
              "> …the Prime Minister of Pakistan, Imran Khan, **Erdoğan** stated that…\n");
    const std::string article = run(HitFormat::markdown, {quwa_article()}, SearchUnit::article);
    EXPECT_NE(article.find("2020-02-14 · Quwa · article 1 · /data/quwa-2020-02-pakistan-turkey-defence-ties.txt\n"
                           "\n"
                           "> paragraph 2: …the Prime Minister of Pakistan, Imran Khan, **Erdoğan** stated that…\n"
                           "\n"
                           "> footnote \\[1\\]: Cumhurbaşkanı **Erdoğan**: …\n"),
              std::string::npos)
        << article;
}

TEST(ExportHitWriters, MarkdownEscapesInjectedMarkup) {
    const std::string out =
        run(HitFormat::markdown, {hostile_hit()}, SearchUnit::passage, MatchStyle::plain, "<b>x</b> # *q*");
    // Only the writer's own headings start lines with '#'.
    std::istringstream lines(out);
    std::string line;
    std::vector<std::string> headings;
    while (std::getline(lines, line))
        if (!line.empty() && line[0] == '#') headings.push_back(line);
    ASSERT_EQ(headings.size(), 2u) << out;
    EXPECT_EQ(headings[0], "# Search results for \"\\<b\\>x\\</b\\> \\# \\*q\\*\"");
    EXPECT_EQ(headings[1], "## 1. Title, \"quoted\" \\# Injected heading");
    EXPECT_NE(out.find("> say **\"hi\", \\*you\\*** \\# not a heading \\| pipe "
                       "\\<img src=x onerror=alert(1)\\>\n"),
              std::string::npos)
        << out;
    EXPECT_NE(out.find("footnote \\[3\\] · article 42 · /tmp/a,b/“odd” name.txt"),
              std::string::npos)
        << out;
    // Every '<' from the article or query is escaped, so no HTML tag survives.
    for (std::size_t i = out.find('<'); i != std::string::npos; i = out.find('<', i + 1))
        EXPECT_TRUE(i > 0 && out[i - 1] == '\\') << "unescaped '<' at " << i;
}

TEST(ExportHitWriters, MarkdownSaysWhenNothingMatched) {
    EXPECT_EQ(run(HitFormat::markdown, {}, SearchUnit::passage, MatchStyle::plain, "zzz"),
              "# Search results for \"zzz\"\n\nNo matches.\n");
}

TEST(ExportHitWriters, FailedStreamIsAnIoError) {
    for (HitFormat f : {HitFormat::text, HitFormat::csv, HitFormat::json, HitFormat::jsonl,
                        HitFormat::markdown}) {
        std::ostringstream out;
        auto writer = make_hit_writer(f, out, HitWriterContext{"q", MatchStyle::plain});
        writer->begin({1, 1});
        out.setstate(std::ios::badbit);
        try {
            writer->write(quwa_hit());
            ADD_FAILURE() << "no error for format " << static_cast<int>(f);
        } catch (const Error& e) {
            EXPECT_EQ(e.code(), Errc::io);
        }
    }
}

}  // namespace
}  // namespace newsdb
