// What the HTML body pass keeps and leaves out (issue 20): small pages, each
// with the exact paragraphs expected.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "newsdb/error.hpp"
#include "newsdb/parse.hpp"
#include "parse/parsers.hpp"
#include "test_support.hpp"

namespace newsdb {
namespace {

using test::texts;

std::string html_fixture(const std::string& name) { return test::read_file(test::fixture("html/" + name)); }

ParsedArticle parse_fixture(const std::string& name) { return parse::parse_html(html_fixture(name), name); }

std::string with_nuls(std::string page, std::size_t count) {
    const auto at = page.find("@NULS@");
    return page.replace(at, 6, std::string(count, '\0'));
}

TEST(HtmlExtract, RubyAnnotationsAreLeftOut) {
    const ParsedArticle a = parse_fixture("furigana.html");
    EXPECT_EQ(texts(a),
              (std::vector<std::string>{
                  "子供への体罰を禁止する法律ができました。親は子供を教育するために、体罰をしてはいけません。学校の先生も同じです。",
                  "この法律は来年の四月から始まります。国は、体罰とは何かを説明する指針を作ります。多くの親が読めるように、わかりやすいことばで書きます。"}));
}

// lostiempos.com saved a banner with a run of NUL bytes after its <img>.
TEST(HtmlExtract, Regression_PageWithAFewNulBytesWasRefusedAsBinary) {
    const std::string page = html_fixture("stray_nuls.html");
    const std::size_t few = (page.size() - 6) / 1024;
    ASSERT_GE(few, 2u);
    ParseOptions options;
    options.format = InputFormat::html;
    const ParseResult result = parse_input(with_nuls(page, few), "stray_nuls.html", options);
    ASSERT_EQ(result.items.size(), 1u);
    ASSERT_TRUE(result.items[0].article);
    const ParsedArticle& a = *result.items[0].article;
    EXPECT_EQ(a.title, "El juicio se reanuda el lunes");
    ASSERT_EQ(a.paragraphs.size(), 8u);
    EXPECT_TRUE(a.paragraphs[0].text.starts_with("El tribunal de sentencia decidió este viernes"));
    for (const auto& p : a.paragraphs) EXPECT_EQ(p.text.find('\0'), std::string::npos);
}

TEST(HtmlExtract, PageWithManyNulBytesIsBinary) {
    const std::string page = html_fixture("stray_nuls.html");
    ParseOptions options;
    options.format = InputFormat::html;
    try {
        parse_input(with_nuls(page, (page.size() - 6) / 1024 + 1), "stray_nuls.html", options);
        FAIL() << "a page with more than one NUL in 1,024 bytes was read";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), Errc::bad_input);
        EXPECT_TRUE(e.message().starts_with("looks binary (NUL byte at offset ")) << e.message();
    }
}

} // namespace
} // namespace newsdb
