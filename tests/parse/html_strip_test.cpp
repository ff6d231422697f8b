// Leaving out what no pass reads before gumbo parses a page (html::lean_html:
// script and style bodies, unread attributes, whitespace between tags) must
// never change what the page yields.
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

using parse::html::lean_html;
using parse::html::Lean;

std::optional<std::string> drop_script_and_style(std::string_view html) {
    return lean_html(html, Lean{true, false, false});
}
std::string dropped(const std::string& html) { return drop_script_and_style(html).value_or("(unchanged)"); }
std::string leaned(const std::string& html) { return lean_html(html).value_or("(unchanged)"); }
void expect_same_article(const std::string& html, const std::string& name);

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
    // "<!--" in a script starts the escaped states, which move its end: such
    // a body is kept, and the scan goes on after its real end.
    EXPECT_EQ(dropped("<script>a</script><script><!-- document.write('<script>b</script>') --></script>"
                      "<script>c</script>"),
              "<script></script><script><!-- document.write('<script>b</script>') --></script><script></script>");
    // Escaped, "</script" ends it; "<!-->" escapes nothing.
    EXPECT_EQ(dropped("<script><!-- x </script><script>c</script>"), "<script><!-- x </script><script></script>");
    EXPECT_EQ(dropped("<script><!--></script><script>c</script>"), "<script><!--></script><script></script>");
    // Double-escaped, "</script" goes back to escaped, and "-->" to script data.
    EXPECT_EQ(dropped("<script><!--<script></script>--></script><script>c</script>"),
              "<script><!--<script></script>--></script><script></script>");
    // A body that, read as markup, would close an element or comment is kept.
    EXPECT_EQ(drop_script_and_style("<noscript><style>x</noscript>y</style></noscript>"), std::nullopt);
    EXPECT_EQ(drop_script_and_style("<style>a --> b</style>"), std::nullopt);
    // In <svg> and <math>, HTML inside an integration point, a breakout tag or
    // an end tag for an element that is not open stops the scan.
    for (const char* page : {"<svg><title><b>x</b></title></svg><style>a</style>",
                             "<svg><p>x</p></svg><style>a</style>",
                             "<svg><g></div></g></svg><style>a</style>",
                             "<svg><style>a</style></svg><style>b</style>",
                             // gumbo closes a foreign element only at exactly `</name>`.
                             "<svg><g></svg/><style>a</style>", "<svg></svg ><style>a</style>"}) {
        SCOPED_TRACE(page);
        EXPECT_EQ(drop_script_and_style(page), std::nullopt);
    }
    // No end tag: the body runs to the end of the page, left as written.
    EXPECT_EQ(drop_script_and_style("<script>never ends"), std::nullopt);
}

// Regression (fuzz_html_scripts): gumbo leaves a NUL out of an attribute
// name, so `<script \0type="application/ld+json">` is JSON-LD to the metadata
// pass; the scan saw no `type`, dropped the body and lost the headline.
TEST(HtmlLean, Regression_NulInAttributeNameHidTheJsonLdType) {
    using namespace std::string_literals;
    const std::string page = "<html><head><title>T</title><script>x()</script><script \0type=\"application/ld+json\">"
                             "{\"headline\":\"H\"}</script></head><body><p>The first paragraph of the story is long "
                             "enough to count as article text.</p></body></html>"s;
    EXPECT_EQ(lean_html(page), std::nullopt);
    const ParsedArticle kept = parse::parse_html(page, "p.html", parse::Markup::as_written);
    EXPECT_EQ(kept.title, "H");
    EXPECT_EQ(parse::parse_html(page, "p.html", parse::Markup::lean), kept);
}

TEST(HtmlLean, AttributesNoPassReadsAreLeftOut) {
    EXPECT_EQ(leaned("<div data-id=\"7\" class=\"story\" onclick='go()' id=main>x</div>"),
              "<div  class=\"story\"  id=main>x</div>");
    EXPECT_EQ(leaned("<svg viewBox=\"0 0 9 9\"><path d=\"M0 0L9 9\" fill=red /></svg>"),
              "<svg ><path   /></svg>");
    // Without a value, unquoted, quoted and glued to the next: each goes alone.
    EXPECT_EQ(leaned("<input disabled type=hidden><link data-x=\"1\"href=\"/u\" rel=author>"),
              "<input  type=hidden><link href=\"/u\" rel=author>");
    EXPECT_EQ(leaned("<br data-x/><br data-x=y/>"), "<br /><br >");
    // After a `/`, an attribute stays: without it the tag would become
    // self-closing (the fuzzer's find, fuzz/regressions/html_scripts).
    EXPECT_EQ(leaned("<svg/svg><i/data-x>"), "(unchanged)");
    EXPECT_EQ(leaned("<p / data-x>"), "<p / >");
    // Before an `=`, one stays: without it the `=` would give the attribute
    // before it a value (the fuzzer's second find).
    EXPECT_EQ(leaned("<p id data-x=1 = \"v\"><p id data-x=\"1\"=v>"), "(unchanged)");
    // Names are compared in any case; odd ones stay.
    EXPECT_EQ(leaned("<P CLASS=a DATA-X=b>"), "<P CLASS=a >");
    EXPECT_EQ(drop_script_and_style("<p a\"b=c>"), std::nullopt);
    EXPECT_EQ(leaned("<p a\"b=c>"), "(unchanged)");
    // A script's type is read (JSON-LD).
    EXPECT_EQ(leaned("<script type=\"application/ld+json\" async>{}</script>"),
              "<script type=\"application/ld+json\" >{}</script>");
}

// Regression (fuzz_html_scripts): the tree builder compares the attributes
// of formatting elements (the Noah's Ark clause keeps at most three identical
// ones open); `<s/ ti>` and `<s/ li>` made plain `<s>` nested the article's
// paragraphs differently and changed its title.
TEST(HtmlLean, Regression_FormattingElementsKeepTheirAttributes) {
    EXPECT_EQ(leaned("<p><s data-a=1>x</s><span data-a=1>y</span><A onclick=f() href=u>z</A></p>"),
              "<p><s data-a=1>x</s><span >y</span><A onclick=f() href=u>z</A></p>");
    // Four <s> with different attributes stay four when reopened in the next
    // paragraph; without them, three would.
    expect_same_article("<html><body><article><h1>Headline</h1><p><s x1><s x2><s x3><s x4>The first paragraph "
                        "of the story is long enough to count.<p>The second paragraph is also long enough to "
                        "count as article text.</p></article></body></html>",
                        "noah.html");
}

// Regression (found reading gumbo): `<isindex prompt=...>` becomes a form
// whose label is the prompt's text; without the prompt, gumbo wrote its own.
TEST(HtmlLean, Regression_IsindexPromptBecameTheDefaultText) {
    EXPECT_EQ(leaned("<isindex prompt=\"Search\" data-x=1><br data-x=1>"), "<isindex prompt=\"Search\" data-x=1><br >");
    expect_same_article("<html><body><p>Intro words.</p><isindex prompt=\"A prompt that is long enough to be a "
                        "paragraph of the article, with more words here\"></body></html>",
                        "isindex.html");
}

TEST(HtmlLean, WhitespaceBetweenTagsBecomesOneSpaceOrItsLineBreaks) {
    EXPECT_EQ(leaned("<div>\n    <p>a</p>   <p>b</p>\r\n\r\n\t<p>c</p>\r  \r<p>d</p></div>"),
              "<div>\n<p>a</p> <p>b</p>\n\n<p>c</p>\n\n<p>d</p></div>");
    // Text with words in it, and a single space, stay as written.
    EXPECT_EQ(leaned("<p> a  b </p> <p>c</p>"), "(unchanged)");
    // After a `<` that is text, the run is text too.
    EXPECT_EQ(leaned("<p>1 <   </p>"), "(unchanged)");
    // Comments and doctypes are markup; raw text is not touched.
    EXPECT_EQ(leaned("<!doctype html>\n\n  <!-- c -->   <title>  </title>  <textarea>\n\n  </textarea>"),
              "<!doctype html>\n\n<!-- c --> <title>  </title> <textarea>\n\n  </textarea>");
    // Inside <svg> and <math>, and anywhere in a page with <pre> or <listing>, it all stays.
    EXPECT_EQ(leaned("<svg>\n  <g>  </g>\n</svg>\n  <p>x</p>"), "<svg>\n  <g>  </g>\n</svg>\n<p>x</p>");
    EXPECT_EQ(leaned("<p>x</p>   <PRE>  a\n   b</PRE>"), "(unchanged)");
}

// Every page parses to the same article with and without the bodies.
void expect_same_article(const std::string& html, const std::string& name) {
    SCOPED_TRACE(name);
    std::optional<ParsedArticle> kept, lean;
    std::string kept_error, lean_error;
    try {
        kept = parse::parse_html(html, name, parse::Markup::as_written);
    } catch (const Error& e) {
        kept_error = e.what();
    }
    try {
        lean = parse::parse_html(html, name, parse::Markup::lean);
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

// The inputs fuzz_html_scripts found, as that fuzzer reads them (non-ASCII
// bytes as `?`), so the plain and sanitizer test builds replay them too.
TEST(HtmlScriptBodies, FuzzReproducersParseTheSameWithoutThem) {
    int replayed = 0;
    for (const auto& entry :
         std::filesystem::directory_iterator(test::source_dir() / "fuzz" / "regressions" / "html_scripts")) {
        std::string html;
        for (unsigned char c : test::read_file(entry.path())) html.push_back(c < 0x80 ? static_cast<char>(c) : '?');
        expect_same_article(html, entry.path().filename().string());
        ++replayed;
    }
    EXPECT_GE(replayed, 6);
}

// The saved pages of ../shared (extraction benchmark, readability), when present.
TEST(HtmlScriptBodies, CorpusPagesParseTheSameWithoutThem) {
    const auto dir = test::shared_dir() / "corpus";
    if (!std::filesystem::exists(dir)) GTEST_SKIP() << "no " << dir;
    EXPECT_GT(compare_pages_under(dir), 100);
}

} // namespace
} // namespace newsdb
