// Leaving script and style bodies out before gumbo parses a page
// (html::drop_script_and_style) must never change what the page yields.
#include <gtest/gtest.h>

#include <filesystem>
#include <optional>
#include <string>

#include "newsdb/error.hpp"
#include "parse/html_dom.hpp"
#include "parse/parsers.hpp"
#include "test_support.hpp"

namespace newsdb {
namespace {

using detail::html::drop_script_and_style;

std::string dropped(const std::string& html) { return drop_script_and_style(html).value_or("(unchanged)"); }

TEST(HtmlScriptBodies, ScriptAndStyleBodiesAreLeftOut) {
    EXPECT_EQ(dropped("<head><script>var a = '<p>x</p>';</script><style>p { color: red }</style></head><p>Text</p>"),
              "<head><script></script><style></style></head><p>Text</p>");
    EXPECT_EQ(dropped("<SCRIPT src=a.js defer>x()</SCRIPT ><p>y</p>"), "<SCRIPT src=a.js defer></SCRIPT ><p>y</p>");
    // A self-closing slash does not close a script in HTML: its body follows.
    EXPECT_EQ(dropped("<script/>a()</script>b"), "<script/></script>b");
    // Only `</script` followed by a space, `/` or `>` ends it.
    EXPECT_EQ(dropped("<script>a</scripts>b</script/>c"), "<script></script/>c");
}

TEST(HtmlScriptBodies, JsonLdIsKeptForTheMetadata) {
    EXPECT_EQ(drop_script_and_style("<script type=\"application/ld+json\">{\"headline\": \"H\"}</script>"),
              std::nullopt);
    EXPECT_EQ(drop_script_and_style("<script TYPE=' Application/LD+JSON '>{}</script>"), std::nullopt);
    // A type written with a character reference is not decoded here: kept.
    EXPECT_EQ(drop_script_and_style("<script type=\"application&#x2F;ld+json\">{}</script>"), std::nullopt);
    // The first `type` counts, as in the HTML tokenizer.
    EXPECT_EQ(dropped("<script type=text/javascript type=application/ld+json>x</script>"),
              "<script type=text/javascript type=application/ld+json></script>");
}

TEST(HtmlScriptBodies, PagesWithNothingToLeaveOutAreNotCopied) {
    EXPECT_EQ(drop_script_and_style("<p>No scripts here.</p>"), std::nullopt);
    EXPECT_EQ(drop_script_and_style("<script></script><style></style>"), std::nullopt);
    EXPECT_EQ(drop_script_and_style(""), std::nullopt);
}

TEST(HtmlScriptBodies, ScriptsThatAreNotMarkupStay) {
    // In a comment, an attribute value, raw text or a bogus comment, `<script>` is text.
    for (const char* page : {
             "<!-- <script>x</script> -->",
             "<!----><!-- a --!><p title=\"<script>x</script>\">",
             "<a title='<script>x</script>'>t</a>",
             "<title><script>x</script></title>",
             "<textarea><style>x</style></textarea>",
             "<iframe><script>x</script></iframe>",
             "</ <script>x</script>>",
             "<?php <script>x</script> ?>",
             "<!DOCTYPE html <script>x</script>>",
             "<scriptx>x</scriptx>",
             "<plaintext><script>x</script>",
             "<svg><style>a</style><script>b</script></svg>",
             "<math><mtext><style>a</style></mtext></math>",
         }) {
        SCOPED_TRACE(page);
        EXPECT_EQ(drop_script_and_style(page), std::nullopt);
    }
    // After those, the scan is back in step with the tokenizer.
    EXPECT_EQ(dropped("<!-- <script>x</script> --><script>y</script>"), "<!-- <script>x</script> --><script></script>");
    EXPECT_EQ(dropped("<svg><svg/><path d='M0'></path><title>Close</title><![CDATA[</svg>]]></svg><style>b</style>"),
              "<svg><svg/><path d='M0'></path><title>Close</title><![CDATA[</svg>]]></svg><style></style>");
    // `<a =">">`: a `=` before any name starts a name, so no quote opens.
    EXPECT_EQ(dropped("<a =\">\"><script>x</script>"), "<a =\">\"><script></script>");
}

TEST(HtmlScriptBodies, WhatTheScanCannotFollowIsLeftAsWritten) {
    // "<!--" in a script starts the escaped states, which move its end: the
    // rest of the page is left as written.
    EXPECT_EQ(dropped("<script>a</script><script><!-- document.write('<script>b</script>') --></script>"
                      "<script>c</script>"),
              "<script></script><script><!-- document.write('<script>b</script>') --></script><script>c</script>");
    // A body that, read as markup, would close an element or comment is kept.
    EXPECT_EQ(drop_script_and_style("<noscript><style>x</noscript>y</style></noscript>"), std::nullopt);
    EXPECT_EQ(drop_script_and_style("<style>a --> b</style>"), std::nullopt);
    // In <svg> and <math>, HTML inside an integration point, a breakout tag or
    // an end tag for an element that is not open stops the scan.
    for (const char* page : {"<svg><title><b>x</b></title></svg><style>a</style>",
                             "<svg><p>x</p></svg><style>a</style>",
                             "<svg><g></div></g></svg><style>a</style>",
                             "<svg><style>a</style></svg><style>b</style>"}) {
        SCOPED_TRACE(page);
        EXPECT_EQ(drop_script_and_style(page), std::nullopt);
    }
    // No end tag: the body runs to the end of the page, left as written.
    EXPECT_EQ(drop_script_and_style("<script>never ends"), std::nullopt);
}

// Every page parses to the same article with and without the bodies.
void expect_same_article(const std::string& html, const std::string& name) {
    SCOPED_TRACE(name);
    std::optional<ParsedArticle> kept, lean;
    std::string kept_error, lean_error;
    try {
        kept = detail::parse_html(html, name, detail::ScriptBodies::keep);
    } catch (const Error& e) {
        kept_error = e.what();
    }
    try {
        lean = detail::parse_html(html, name, detail::ScriptBodies::drop);
    } catch (const Error& e) {
        lean_error = e.what();
    }
    EXPECT_EQ(kept_error, lean_error);
    ASSERT_EQ(kept.has_value(), lean.has_value());
    if (kept) {
        EXPECT_TRUE(*kept == *lean);
    }
}

int compare_pages_under(const std::filesystem::path& dir) {
    int pages = 0;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
        const auto ext = entry.path().extension();
        if (!entry.is_regular_file() || (ext != ".html" && ext != ".htm")) continue;
        expect_same_article(test::read_file(entry.path()), entry.path().filename().string());
        ++pages;
    }
    return pages;
}

TEST(HtmlScriptBodies, FixturesParseTheSameWithoutThem) {
    EXPECT_GT(compare_pages_under(test::fixture("html")), 0);
    expect_same_article(
        "<html><head><title>T</title><script>var s = '</div><p>not text</p>';</script>"
        "<style>.a { content: '<h1>' }</style></head><body><article><h1>Headline here</h1>"
        "<p>The first paragraph of the story is long enough to count as article text.</p>"
        "<script>document.write('<p>Injected paragraph that must not appear anywhere.</p>')</script>"
        "<p>The second paragraph of the story is also long enough to count as text.</p>"
        "</article></body></html>",
        "inline.html");
}

// The saved pages of ../shared (extraction benchmark, readability), when present.
TEST(HtmlScriptBodies, CorpusPagesParseTheSameWithoutThem) {
    const auto dir = test::shared_dir() / "corpus";
    if (!std::filesystem::exists(dir)) GTEST_SKIP() << "no " << dir;
    EXPECT_GT(compare_pages_under(dir), 100);
}

} // namespace
} // namespace newsdb
