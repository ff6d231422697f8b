#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>

#include "newsdb/error.hpp"
#include "parse/html_dom.hpp"
#include "parse/parsers.hpp"
#include "test_support.hpp"

namespace newsdb {
namespace {

ParsedArticle parse_fixture(const std::string& name) {
    return parse::parse_html(test::read_file(test::fixture("html/" + name)), name);
}

using test::texts;

TEST(HtmlParser, NewsPageKeepsOnlyTheArticle) {
    const ParsedArticle a = parse_fixture("news_article.html");
    EXPECT_EQ(a.title, "Harbour Bridge Reopens After Repairs");
    EXPECT_EQ(a.source, "Coastal Times");
    EXPECT_EQ(a.date, "2024-03-05");
    EXPECT_EQ(a.author, "Jane Doe");
    EXPECT_EQ(a.url, "https://coastal.example/news/harbour-bridge");
    EXPECT_EQ(a.language, "en");
    EXPECT_EQ(a.tags, (std::vector<std::string>{"bridges", "transport", "Harbour"}));
    EXPECT_FALSE(a.is_excerpt);
    EXPECT_EQ(texts(a),
              (std::vector<std::string>{
                  "The harbour bridge reopened to traffic on Tuesday morning after eight months of repairs to its "
                  "steel deck, the city council said.",
                  "Engineers replaced more than two hundred corroded plates, and the council says the work should "
                  "keep the bridge in service for another forty years.",
                  "Commuters relieved",
                  "Commuters who had faced a detour of up to forty minutes each way welcomed the news, although "
                  "some complained about the cost of the project.",
                  "The council will publish a full account of the spending next month, a spokesperson added."}));
}

TEST(HtmlParser, CommentsThatOutweighTheStoryAreLeftOut) {
    const ParsedArticle a = parse_fixture("comments_heavy.html");
    EXPECT_EQ(a.title, "Library Opening Hours Extended");
    ASSERT_EQ(a.paragraphs.size(), 2u);
    EXPECT_TRUE(a.paragraphs[0].text.starts_with("The central library will stay open"));
    EXPECT_TRUE(a.paragraphs[1].text.starts_with("The change follows a public consultation"));
}

TEST(HtmlParser, DivsWithDoubleBreaksBecomeParagraphs) {
    const ParsedArticle a = parse_fixture("div_only.html");
    EXPECT_EQ(a.title, "Orchard Harvest Begins Early");
    ASSERT_EQ(a.paragraphs.size(), 3u);
    EXPECT_EQ(a.paragraphs[0].text,
              "The apple harvest in the valley began two weeks earlier than usual this year, after a warm spring "
              "and a dry summer.");
    EXPECT_TRUE(a.paragraphs[2].text.ends_with("before the first frosts in October."));
    EXPECT_TRUE(a.language.empty());
}

TEST(HtmlParser, JsonLdMetadata) {
    const ParsedArticle a = parse_fixture("jsonld.html");
    EXPECT_EQ(a.title, "Le marché couvert rouvre ses portes");
    EXPECT_EQ(a.date, "2023-11-20");
    EXPECT_EQ(a.author, "Marie Martin, Luc Bernard");
    EXPECT_EQ(a.source, "La Gazette du Port");
    EXPECT_EQ(a.url, "https://gazette.example/marche");
    EXPECT_EQ(a.language, "fr");
    EXPECT_EQ(a.tags, (std::vector<std::string>{"marché", "commerce"}));
    EXPECT_EQ(a.paragraphs.size(), 3u);
}

TEST(HtmlParser, WikipediaStyleFootnotesAreLinked) {
    const ParsedArticle a = parse_fixture("footnotes.html");
    EXPECT_EQ(a.title, "Lighthouse of Kessa");
    ASSERT_EQ(a.paragraphs.size(), 3u);  // the References heading is no paragraph of the story
    const std::string first =
        "The Lighthouse of Kessa is a stone tower on the northern cape, completed in 1871 after six years of "
        "construction. It was automated in 1964.";
    EXPECT_EQ(a.paragraphs[0].text, first);
    EXPECT_EQ(a.paragraphs[0].citations, (std::vector<Citation>{{1, first.find(" It was")}}));
    const std::string second = "The lamp was originally fuelled by whale oil, and later by paraffin and electricity.";
    EXPECT_EQ(a.paragraphs[1].text, second);
    EXPECT_EQ(a.paragraphs[1].citations,
              (std::vector<Citation>{{2, second.find(" and later")}, {1, second.size()}}));
    ASSERT_EQ(a.footnotes.size(), 2u);
    EXPECT_EQ(a.footnotes[0].number, 1);
    EXPECT_EQ(a.footnotes[0].text, "Anna Berg. \"A History of Northern Lights.\" Coastal Press. 1999. online");
    EXPECT_EQ(a.footnotes[0].url, "https://example.org/northern-lights");
    EXPECT_EQ(a.footnotes[1].number, 2);
    EXPECT_EQ(a.footnotes[1].text, "Harbour Board annual report, 1872.");
    EXPECT_TRUE(a.footnotes[1].url.empty());
}

TEST(HtmlParser, PageWithoutArticleIsBadInput) {
    try {
        (void)parse_fixture("no_article.html");
        FAIL() << "expected bad_input";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), Errc::bad_input);
        EXPECT_EQ(e.message(), "no article text found in the HTML page");
    }
}

TEST(HtmlParser, DeeplyNestedPageDoesNotCrash) {
    std::string page = "<html><body>";
    for (int i = 0; i < 100000; ++i) page += "<div>";
    page += "<p>A paragraph buried a hundred thousand levels deep, still long enough to count as text.</p>";
    for (int i = 0; i < 100000; ++i) page += "</div>";
    page += "<p>A second paragraph after the deep part, also long enough to count as article text.</p></body></html>";
    const ParsedArticle a = parse::parse_html(page, "deep.html");
    ASSERT_FALSE(a.paragraphs.empty());
    EXPECT_EQ(a.paragraphs[0].text,
              "A paragraph buried a hundred thousand levels deep, still long enough to count as text.");
}

TEST(HtmlParser, NestingLimitLeavesOrdinaryPagesAlone) {
    EXPECT_FALSE(parse::html::limit_nesting("<div><p>a<p>b</div><script>'<div><div>'</script>", 3));
    auto limited = parse::html::limit_nesting("<div><div><div><div>x</div></div></div></div>", 2);
    ASSERT_TRUE(limited);
    EXPECT_EQ(*limited, "<div><div>x</div></div>");
}

TEST(HtmlParser, TitleSuffixes) {
    using parse::html::strip_site_suffix;
    EXPECT_EQ(strip_site_suffix("Storm hits coast | Coastal Times", "Coastal Times", ""), "Storm hits coast");
    EXPECT_EQ(strip_site_suffix("Storm hits coast - Gazette", "", "https://gazette.example/a"), "Storm hits coast");
    EXPECT_EQ(strip_site_suffix("Coastal Times | Storm hits coast", "Coastal Times", ""), "Storm hits coast");
    EXPECT_EQ(strip_site_suffix("Cats - the untold story", "", ""), "Cats - the untold story");
}

// The readability test pages (../shared), when present.
TEST(HtmlCorpus, ReadabilityPagesYieldArticles) {
    auto dir = test::shared_dir() / "corpus/html/readability";
    if (!std::filesystem::exists(dir)) GTEST_SKIP() << "no " << dir;
    int pages = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        SCOPED_TRACE(entry.path().filename().string());
        const ParsedArticle a = parse::parse_html(test::read_file(entry.path()), entry.path().filename().string());
        EXPECT_FALSE(a.title.empty());
        EXPECT_GE(a.paragraphs.size(), 3u);
        ++pages;
    }
    EXPECT_GT(pages, 0);
}

TEST(HtmlCorpus, WikipediaFootnotesAreLinked) {
    auto dir = test::shared_dir() / "corpus/html/readability";
    for (const char* name : {"wikipedia.html", "wikipedia-3.html"}) {
        if (!std::filesystem::exists(dir / name)) GTEST_SKIP() << "no " << (dir / name);
        SCOPED_TRACE(name);
        const ParsedArticle a = parse::parse_html(test::read_file(dir / name), name);
        ASSERT_GE(a.footnotes.size(), 5u);
        std::size_t citations = 0, linked = 0;
        for (const auto& p : a.paragraphs) {
            EXPECT_EQ(p.text.find("[1]"), std::string::npos);
            for (const auto& c : p.citations) {
                ++citations;
                EXPECT_LE(c.offset, p.text.size());
                linked += std::any_of(a.footnotes.begin(), a.footnotes.end(),
                                      [&](const Footnote& f) { return f.number == c.footnote_number; });
            }
        }
        EXPECT_GE(citations, 5u);
        EXPECT_EQ(linked, citations);
        EXPECT_TRUE(std::is_sorted(a.footnotes.begin(), a.footnotes.end(),
                                   [](const Footnote& x, const Footnote& y) { return x.number < y.number; }));
    }
}

} // namespace
} // namespace newsdb
