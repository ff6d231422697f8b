#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "newsdb/error.hpp"
#include "newsdb/export.hpp"

namespace newsdb {
namespace {

Hit quwa_hit() {
    Hit h;
    h.passage_id = 7;
    h.article_id = 1;
    h.kind = PassageKind::paragraph;
    h.position = 2;
    h.score = -3.2149;
    h.text = "During a joint-press conference with the Prime Minister of Pakistan, Imran Khan, "
             "Erdoğan stated that for Turkey, military and defence industry ties were the most "
             "important aspect.";
    h.snippet = "…the Prime Minister of Pakistan, Imran Khan, \x02" "Erdoğan\x03 stated that…";
    h.title = "Pakistan and Turkey Look to Deepen Defence Ties";
    h.date = "2020-02-14";
    h.source = "Quwa";
    h.path = "/data/quwa-2020-02-pakistan-turkey-defence-ties.txt";
    return h;
}

// Every field holds something a careless writer would break on.
Hit hostile_hit() {
    Hit h;
    h.passage_id = 99;
    h.article_id = 42;
    h.kind = PassageKind::footnote;
    h.position = 3;
    h.score = -0.5;
    h.text = "Line one, with \"quotes\"\r\nline two\n<b>bold</b> *stars* [x](javascript:alert(1))";
    h.snippet = "say \x02\"hi\", *you*\x03\n# not a heading | pipe <img src=x onerror=alert(1)>";
    h.title = "Title, \"quoted\"\n# Injected heading";
    h.date = "";
    h.source = "";
    h.path = "/tmp/a,b/“odd” name.txt";
    return h;
}

Hit title_hit() {
    Hit h;
    h.article_id = 5;
    h.kind = PassageKind::title;
    h.position = 0;
    h.score = -1.0;
    h.text = "日本語 title";
    h.snippet = "\x02日本語\x03 title";
    h.title = "日本語 title";
    h.source = "NHK";
    h.path = "nhk.txt";
    return h;
}

std::string run(HitFormat format, const std::vector<Hit>& hits,
                MatchStyle style = MatchStyle::plain, std::string query = "erdogan") {
    std::ostringstream out;
    auto writer = make_hit_writer(format, out, HitWriterContext{std::move(query), style});
    writer->begin();
    for (const Hit& h : hits) writer->write(h);
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

TEST(ExportHitWriters, TextBlockPerHit) {
    const std::string out = run(HitFormat::text, {quwa_hit(), title_hit()});
    EXPECT_EQ(out,
              "1. Pakistan and Turkey Look to Deepen Defence Ties — Quwa · 2020-02-14\n"
              "   paragraph 2 · article 1 · score 3.21\n"
              "   …the Prime Minister of Pakistan, Imran Khan, **Erdoğan** stated that…\n"
              "\n"
              "2. 日本語 title — NHK\n"
              "   title · article 5 · score 1.00\n"
              "   **日本語** title\n");
}

TEST(ExportHitWriters, TextOmitsMissingMetadataAndStripsControls) {
    Hit h = hostile_hit();
    h.title = "Evil\x1b]0;pwned\x07 title\nsecond line";
    const std::string out = run(HitFormat::text, {h});
    EXPECT_EQ(out.find('\x1b'), std::string::npos);
    EXPECT_EQ(out.find('\x07'), std::string::npos);
    EXPECT_EQ(out.rfind("1. Evil]0;pwned title second line\n", 0), 0u) << out;
    EXPECT_NE(out.find("   footnote [3] · article 42 · score 0.50\n"), std::string::npos) << out;
    EXPECT_EQ(out.find(" — "), std::string::npos);
}

TEST(ExportHitWriters, TextColorBoldsTitleAndHighlightsMatches) {
    const std::string out = run(HitFormat::text, {quwa_hit()}, MatchStyle::color);
    EXPECT_NE(out.find("1. \x1b[1mPakistan and Turkey Look to Deepen Defence Ties\x1b[0m — Quwa"),
              std::string::npos);
    EXPECT_NE(out.find("\x1b[1;33mErdoğan\x1b[0m stated"), std::string::npos);
    EXPECT_EQ(out.find("**"), std::string::npos);
}

TEST(ExportHitWriters, TextWritesNothingForNoHits) {
    EXPECT_EQ(run(HitFormat::text, {}), "");
}

TEST(ExportHitWriters, CsvRoundTripsTrickyFields) {
    const std::vector<Hit> hits = {quwa_hit(), hostile_hit(), title_hit()};
    const std::string query = "\"erdogan\", khan";
    const auto rows = read_csv(run(HitFormat::csv, hits, MatchStyle::color, query));
    ASSERT_EQ(rows.size(), 4u);
    const std::vector<std::string> header = {"query", "article_id", "path",  "title",
                                             "date",  "source",     "kind",  "position",
                                             "score", "text",       "snippet"};
    EXPECT_EQ(rows[0], header);
    for (std::size_t i = 0; i < hits.size(); ++i) {
        const auto& r = rows[i + 1];
        const Hit& h = hits[i];
        ASSERT_EQ(r.size(), header.size());
        EXPECT_EQ(r[0], query);
        EXPECT_EQ(r[1], std::to_string(h.article_id));
        EXPECT_EQ(r[2], h.path);
        EXPECT_EQ(r[3], h.title);
        EXPECT_EQ(r[4], h.date);
        EXPECT_EQ(r[5], h.source);
        EXPECT_EQ(r[6], std::string(passage_kind_name(h.kind)));
        EXPECT_EQ(r[7], std::to_string(h.position));
        EXPECT_EQ(std::stod(r[8]), h.score);
        EXPECT_EQ(r[9], h.text);
        // Files get plain markers whatever the terminal style.
        EXPECT_EQ(r[10], render_snippet(h.snippet, MatchStyle::plain));
    }
}

TEST(ExportHitWriters, CsvWritesHeaderForNoHits) {
    EXPECT_EQ(run(HitFormat::csv, {}),
              "query,article_id,path,title,date,source,kind,position,score,text,snippet\r\n");
}

TEST(ExportHitWriters, JsonArrayParsesBack) {
    const std::vector<Hit> hits = {quwa_hit(), hostile_hit(), title_hit()};
    const std::string out = run(HitFormat::json, hits);
    const auto doc = nlohmann::json::parse(out);
    ASSERT_TRUE(doc.is_array());
    ASSERT_EQ(doc.size(), hits.size());
    for (std::size_t i = 0; i < hits.size(); ++i) {
        const auto& o = doc[i];
        const Hit& h = hits[i];
        EXPECT_EQ(o.size(), 11u);
        EXPECT_EQ(o.at("query"), "erdogan");
        EXPECT_EQ(o.at("article_id").get<int64_t>(), h.article_id);
        EXPECT_EQ(o.at("path"), h.path);
        EXPECT_EQ(o.at("title"), h.title);
        EXPECT_EQ(o.at("kind"), std::string(passage_kind_name(h.kind)));
        EXPECT_EQ(o.at("position").get<int>(), h.position);
        EXPECT_EQ(o.at("score").get<double>(), h.score);
        EXPECT_EQ(o.at("text"), h.text);
        EXPECT_EQ(o.at("snippet"), render_snippet(h.snippet, MatchStyle::plain));
    }
    EXPECT_EQ(doc[0].at("date"), "2020-02-14");
    EXPECT_EQ(doc[0].at("source"), "Quwa");
    EXPECT_TRUE(doc[1].at("date").is_null());
    EXPECT_TRUE(doc[1].at("source").is_null());
}

TEST(ExportHitWriters, JsonIsValidWithNoHits) {
    const std::string out = run(HitFormat::json, {});
    EXPECT_EQ(nlohmann::json::parse(out), nlohmann::json::array());
}

TEST(ExportHitWriters, JsonReplacesInvalidUtf8) {
    Hit h = quwa_hit();
    h.text = "broken \xc3 byte";
    const auto doc = nlohmann::json::parse(run(HitFormat::json, {h}));
    EXPECT_EQ(doc[0].at("text"), "broken \xEF\xBF\xBD byte");
}

TEST(ExportHitWriters, JsonStreamsEachHitBeforeEnd) {
    std::ostringstream out;
    auto writer = make_hit_writer(HitFormat::json, out, HitWriterContext{"q", MatchStyle::plain});
    writer->begin();
    writer->write(quwa_hit());
    EXPECT_NE(out.str().find("Erdoğan"), std::string::npos);
    writer->end();
}

TEST(ExportHitWriters, JsonLinesOneObjectPerLine) {
    const std::vector<Hit> hits = {quwa_hit(), hostile_hit(), title_hit()};
    std::istringstream lines(run(HitFormat::jsonl, hits));
    std::string line;
    std::size_t n = 0;
    while (std::getline(lines, line)) {
        ASSERT_LT(n, hits.size());
        const auto o = nlohmann::json::parse(line);
        EXPECT_EQ(o.at("text"), hits[n].text);
        EXPECT_EQ(o.at("article_id").get<int64_t>(), hits[n].article_id);
        ++n;
    }
    EXPECT_EQ(n, hits.size());
    EXPECT_EQ(run(HitFormat::jsonl, {}), "");
}

TEST(ExportHitWriters, MarkdownLayout) {
    const std::string out = run(HitFormat::markdown, {quwa_hit()});
    EXPECT_EQ(out,
              "# Search results for \"erdogan\"\n"
              "\n"
              "## 1. Pakistan and Turkey Look to Deepen Defence Ties\n"
              "\n"
              "2020-02-14 · Quwa · paragraph 2 · article 1 · "
              "/data/quwa-2020-02-pakistan-turkey-defence-ties.txt\n"
              "\n"
              "> …the Prime Minister of Pakistan, Imran Khan, **Erdoğan** stated that…\n");
}

TEST(ExportHitWriters, MarkdownEscapesInjectedMarkup) {
    const std::string out =
        run(HitFormat::markdown, {hostile_hit()}, MatchStyle::plain, "<b>x</b> # *q*");
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
    EXPECT_EQ(run(HitFormat::markdown, {}, MatchStyle::plain, "zzz"),
              "# Search results for \"zzz\"\n\nNo matches.\n");
}

TEST(ExportHitWriters, FailedStreamIsAnIoError) {
    for (HitFormat f : {HitFormat::text, HitFormat::csv, HitFormat::json, HitFormat::jsonl,
                        HitFormat::markdown}) {
        std::ostringstream out;
        auto writer = make_hit_writer(f, out, HitWriterContext{"q", MatchStyle::plain});
        writer->begin();
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
