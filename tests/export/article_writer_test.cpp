#include <gtest/gtest.h>

#include <regex>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "newsdb/error.hpp"
#include "newsdb/export.hpp"

namespace newsdb {
namespace {

StoredParagraph stored(int position, std::string text, std::vector<Citation> cites) {
    StoredParagraph p;
    p.passage_id = 100 + position;
    p.position = position;
    p.paragraph.text = std::move(text);
    p.paragraph.citations = std::move(cites);
    return p;
}

StoredArticle quwa_article() {
    StoredArticle s;
    s.id = 1;
    s.content_hash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    s.format = "text";
    s.ingested_at = "2024-05-01T10:00:00Z";
    s.paths = {"/data/quwa.txt", "/copy/quwa.txt"};
    ParsedArticle& a = s.article;
    a.title = "Pakistan and Turkey Look to Deepen Defence Ties";
    a.date = "2020-02-14";
    a.source = "Quwa";
    a.is_excerpt = true;
    a.words_shown = 304;
    a.words_total = 1399;
    const std::string p2 = "During a joint-press conference, Erdoğan stated that ties were "
                           "the most important aspect of its relations with Pakistan.";
    const std::string p3 = "Turkish companies were involved in 68 defence projects.";
    s.paragraphs = {
        stored(1, "On 14 February, the governments signed 13 agreements.", {}),
        stored(2, p2, {{1, p2.size()}}),
        stored(3, p3, {{2, p3.size()}, {3, p3.size()}, {4, 7}}),
    };
    for (const auto& p : s.paragraphs) a.paragraphs.push_back(p.paragraph);
    Footnote f1;
    f1.number = 1;
    f1.text = "“Cumhurbaşkanı Erdoğan” Haber Gazetesi. 14 February 2020. URL:";
    f1.title = "Cumhurbaşkanı Erdoğan";
    f1.publisher = "Haber Gazetesi";
    f1.date = "2020-02-14";
    Footnote f2;
    f2.number = 2;
    f2.text = "Dilara Aslan. “Turkey, Pakistan relations.” Daily Sabah. URL: https://x.example/a";
    f2.author = "Dilara Aslan";
    f2.url = "https://x.example/a";
    a.footnotes = {f1, f2};
    a.boilerplate = {{Boilerplate::Kind::chrome, "Skip to content Skip to footer"},
                     {Boilerplate::Kind::paywall, "End of Excerpt (304/1,399 words)"}};
    return s;
}

std::string render(const StoredArticle& s, ArticleFormat f) {
    std::ostringstream out;
    write_article(s, f, out);
    return out.str();
}

// Reads "N. text[1]..." lines back into paragraphs, the way the parser treats
// citation marks: removed from the text, remembered by byte offset.
std::vector<std::pair<int, Paragraph>> read_paragraphs(const std::string& text) {
    static const std::regex line_re(R"(^(\d+)\. (.*)$)");
    static const std::regex mark_re(R"(\[(\d+)\])");
    std::vector<std::pair<int, Paragraph>> out;
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line)) {
        if (line == "Footnotes") break;
        std::smatch m;
        if (!std::regex_match(line, m, line_re)) continue;
        Paragraph p;
        const std::string body = m[2];
        std::size_t done = 0;
        for (auto it = std::sregex_iterator(body.begin(), body.end(), mark_re);
             it != std::sregex_iterator(); ++it) {
            const auto pos = static_cast<std::size_t>(it->position());
            p.text += body.substr(done, pos - done);
            p.citations.push_back({std::stoi((*it)[1]), p.text.size()});
            done = pos + static_cast<std::size_t>(it->length());
        }
        p.text += body.substr(done);
        out.emplace_back(std::stoi(m[1]), p);
    }
    return out;
}

TEST(ExportArticle, TextHeader) {
    const std::string out = render(quwa_article(), ArticleFormat::text);
    const std::string header =
        "id:           1\n"
        "title:        Pakistan and Turkey Look to Deepen Defence Ties\n"
        "date:         2020-02-14\n"
        "source:       Quwa\n"
        "excerpt:      304 of 1,399 words shown\n"
        "path:         /data/quwa.txt\n"
        "also from:    /copy/quwa.txt\n"
        "content hash: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\n"
        "format:       text\n"
        "ingested at:  2024-05-01T10:00:00Z\n";
    EXPECT_EQ(out.substr(0, header.size()), header) << out;
    EXPECT_EQ(out.find("\nauthor:"), std::string::npos);
    EXPECT_EQ(out.find("\nurl:"), std::string::npos);
}

TEST(ExportArticle, ExcerptStatus) {
    struct Case {
        bool is_excerpt;
        std::optional<int64_t> shown, total;
        std::string expected;
    };
    const Case cases[] = {
        {false, std::nullopt, std::nullopt, "excerpt:      no, full text\n"},
        {true, 304, 1399, "excerpt:      304 of 1,399 words shown\n"},
        {true, 1200, std::nullopt, "excerpt:      1,200 words shown\n"},
        {true, std::nullopt, std::nullopt, "excerpt:      yes, word counts unknown\n"},
    };
    for (const auto& c : cases) {
        StoredArticle s = quwa_article();
        s.article.is_excerpt = c.is_excerpt;
        s.article.words_shown = c.shown;
        s.article.words_total = c.total;
        EXPECT_NE(render(s, ArticleFormat::text).find(c.expected), std::string::npos)
            << c.expected;
    }
}

TEST(ExportArticle, TextReinsertsCitationMarks) {
    const std::string out = render(quwa_article(), ArticleFormat::text);
    EXPECT_NE(out.find("\n1. On 14 February, the governments signed 13 agreements.\n"),
              std::string::npos);
    EXPECT_NE(out.find("with Pakistan.[1]\n"), std::string::npos);
    EXPECT_NE(out.find("\n3. Turkish[4] companies were involved in 68 defence projects.[2][3]\n"),
              std::string::npos)
        << out;
}

TEST(ExportArticle, CitationMarksRoundTrip) {
    const StoredArticle s = quwa_article();
    const auto back = read_paragraphs(render(s, ArticleFormat::text));
    ASSERT_EQ(back.size(), s.paragraphs.size());
    for (std::size_t i = 0; i < back.size(); ++i) {
        EXPECT_EQ(back[i].first, s.paragraphs[i].position);
        Paragraph expected = s.paragraphs[i].paragraph;
        std::stable_sort(expected.citations.begin(), expected.citations.end(),
                         [](const Citation& a, const Citation& b) { return a.offset < b.offset; });
        EXPECT_EQ(back[i].second, expected) << i;
    }
}

TEST(ExportArticle, CitationOffsetsOutsideTheTextStayValid) {
    StoredArticle s = quwa_article();
    // Past the end, and inside the two bytes of "ğ".
    const std::string text = "Erdoğan spoke.";
    s.paragraphs = {stored(1, text, {{1, 4}, {2, 500}})};
    const std::string out = render(s, ArticleFormat::text);
    EXPECT_NE(out.find("\n1. Erdo[1]ğan spoke.[2]\n"), std::string::npos) << out;
}

TEST(ExportArticle, TextFootnotesShowOnlyPresentFields) {
    const std::string out = render(quwa_article(), ArticleFormat::text);
    const std::string expected =
        "\nFootnotes\n"
        "\n[1] “Cumhurbaşkanı Erdoğan” Haber Gazetesi. 14 February 2020. URL:\n"
        "    title: Cumhurbaşkanı Erdoğan\n"
        "    publisher: Haber Gazetesi\n"
        "    date: 2020-02-14\n"
        "\n[2] Dilara Aslan. “Turkey, Pakistan relations.” Daily Sabah. URL: https://x.example/a\n"
        "    author: Dilara Aslan\n"
        "    url: https://x.example/a\n"
        "\nNot indexed\n"
        "\n"
        "    chrome: Skip to content Skip to footer\n"
        "    paywall: End of Excerpt (304/1,399 words)\n";
    ASSERT_GE(out.size(), expected.size());
    EXPECT_EQ(out.substr(out.size() - expected.size()), expected) << out;
}

TEST(ExportArticle, TextLeavesOutEmptySections) {
    StoredArticle s = quwa_article();
    s.article.footnotes.clear();
    s.article.boilerplate.clear();
    const std::string out = render(s, ArticleFormat::text);
    EXPECT_EQ(out.find("Footnotes"), std::string::npos);
    EXPECT_EQ(out.find("Not indexed"), std::string::npos);
}

TEST(ExportArticle, JsonHasEveryField) {
    const StoredArticle s = quwa_article();
    const auto doc = nlohmann::json::parse(render(s, ArticleFormat::json));
    EXPECT_EQ(doc.at("id"), 1);
    EXPECT_EQ(doc.at("title"), s.article.title);
    EXPECT_EQ(doc.at("date"), "2020-02-14");
    EXPECT_EQ(doc.at("source"), "Quwa");
    EXPECT_TRUE(doc.at("author").is_null());
    EXPECT_TRUE(doc.at("url").is_null());
    EXPECT_EQ(doc.at("excerpt"),
              (nlohmann::json{{"is_excerpt", true}, {"words_shown", 304}, {"words_total", 1399}}));
    EXPECT_EQ(doc.at("paths"), (nlohmann::json{"/data/quwa.txt", "/copy/quwa.txt"}));
    EXPECT_EQ(doc.at("content_hash"), s.content_hash);
    EXPECT_EQ(doc.at("format"), "text");
    EXPECT_EQ(doc.at("ingested_at"), "2024-05-01T10:00:00Z");

    const auto& paragraphs = doc.at("paragraphs");
    ASSERT_EQ(paragraphs.size(), 3u);
    for (std::size_t i = 0; i < paragraphs.size(); ++i) {
        const auto& p = paragraphs[i];
        const StoredParagraph& sp = s.paragraphs[i];
        EXPECT_EQ(p.at("number"), sp.position);
        EXPECT_EQ(p.at("passage_id"), sp.passage_id);
        EXPECT_EQ(p.at("text"), sp.paragraph.text);
        ASSERT_EQ(p.at("cites").size(), sp.paragraph.citations.size());
        for (std::size_t k = 0; k < sp.paragraph.citations.size(); ++k) {
            EXPECT_EQ(p.at("cites")[k].at("footnote"), sp.paragraph.citations[k].footnote_number);
            EXPECT_EQ(p.at("cites")[k].at("offset").get<std::size_t>(),
                      sp.paragraph.citations[k].offset);
        }
    }

    const auto& notes = doc.at("footnotes");
    ASSERT_EQ(notes.size(), 2u);
    EXPECT_EQ(notes[0].at("number"), 1);
    EXPECT_EQ(notes[0].at("text"), s.article.footnotes[0].text);
    EXPECT_EQ(notes[0].at("title"), "Cumhurbaşkanı Erdoğan");
    EXPECT_EQ(notes[0].at("publisher"), "Haber Gazetesi");
    EXPECT_EQ(notes[0].at("date"), "2020-02-14");
    EXPECT_TRUE(notes[0].at("author").is_null());
    EXPECT_TRUE(notes[0].at("url").is_null());
    EXPECT_EQ(notes[1].at("author"), "Dilara Aslan");
    EXPECT_EQ(notes[1].at("url"), "https://x.example/a");

    EXPECT_EQ(doc.at("boilerplate"),
              (nlohmann::json{{{"kind", "chrome"}, {"text", "Skip to content Skip to footer"}},
                              {{"kind", "paywall"}, {"text", "End of Excerpt (304/1,399 words)"}}}));
}

TEST(ExportArticle, JsonOfAnEmptyArticleIsValid) {
    StoredArticle s;
    const auto doc = nlohmann::json::parse(render(s, ArticleFormat::json));
    EXPECT_EQ(doc.at("paragraphs"), nlohmann::json::array());
    EXPECT_EQ(doc.at("footnotes"), nlohmann::json::array());
    EXPECT_EQ(doc.at("paths"), nlohmann::json::array());
    EXPECT_EQ(doc.at("excerpt").at("is_excerpt"), false);
    EXPECT_TRUE(doc.at("excerpt").at("words_shown").is_null());
}

TEST(ExportArticle, FailedStreamIsAnIoError) {
    std::ostringstream out;
    out.setstate(std::ios::badbit);
    try {
        write_article(quwa_article(), ArticleFormat::text, out);
        ADD_FAILURE() << "no error";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), Errc::io);
    }
}

}  // namespace
}  // namespace newsdb
