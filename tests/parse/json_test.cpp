#include <gtest/gtest.h>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "newsdb/error.hpp"
#include "newsdb/parse.hpp"
#include "parse/parsers.hpp"
#include "test_support.hpp"

namespace newsdb {
namespace {

namespace fs = std::filesystem;

using test::texts;

std::vector<std::string> locators(const std::vector<ParsedItem>& items) {
    std::vector<std::string> out;
    for (const auto& i : items) out.push_back(i.locator);
    return out;
}

ParseResult parse_fixture(const std::string& name, const ParseOptions& options = {}) {
    const fs::path path = test::fixture("json/" + name);
    return parse_input(test::read_file(path), path.string(), options);
}

TEST(Json, WrappedArrayOfArticles) {
    const ParseResult r = parse_fixture("wrapped.json");
    EXPECT_EQ(r.format, InputFormat::json);
    ASSERT_EQ(locators(r.items), (std::vector<std::string>{"item 1", "item 2", "item 3"}));

    ASSERT_TRUE(r.items[0].article) << r.items[0].error;
    const ParsedArticle& a = *r.items[0].article;
    EXPECT_EQ(a.title, "Bridge Reopens After Repairs");
    EXPECT_EQ(a.source, "Valley Post");  // {"id": ..., "name": ...}
    EXPECT_EQ(a.author, "Ana Ruiz");
    EXPECT_EQ(a.url, "https://valley.example/bridge");
    EXPECT_EQ(a.date, "2023-09-14");
    EXPECT_EQ(texts(a), (std::vector<std::string>{"The Elm Street bridge reopened on Thursday.",
                                                  "Repairs took nine months and cost $4.1 million.",
                                                  "Traffic is expected to return to normal."}));

    ASSERT_TRUE(r.items[1].article) << r.items[1].error;
    const ParsedArticle& b = *r.items[1].article;
    EXPECT_EQ(b.title, "Library Extends Hours");
    EXPECT_EQ(b.author, "Tom Lee, Priya Nair");
    EXPECT_EQ(b.date, "2023-10-01");  // Unix seconds
    EXPECT_EQ(b.language, "en");
    EXPECT_EQ(b.tags, (std::vector<std::string>{"libraries", "city services"}));
    EXPECT_EQ(texts(b), (std::vector<std::string>{"The central library will open until 9 pm.",
                                                  "The change starts in October.", "Weekend hours stay the same."}));

    EXPECT_FALSE(r.items[2].article);
    EXPECT_EQ(r.items[2].error,
              "item 3 has no article text: none of its fields content, text, body, article, articleBody, maintext, "
              "description is a string; name the text field with --field text=KEY");
}

TEST(Json, RawIsTheElementsOwnSerialisation) {
    const ParseResult r = parse_fixture("wrapped.json");
    const auto document = nlohmann::json::parse(test::read_file(test::fixture("json/wrapped.json")));
    for (std::size_t i = 0; i < r.items.size(); ++i) {
        EXPECT_EQ(r.items[i].raw, document["articles"][i].dump());
        EXPECT_EQ(nlohmann::json::parse(r.items[i].raw), document["articles"][i]);
    }
    // The same element at another place in another file hashes the same.
    const std::string other = "[" + document["articles"][0].dump(2) + "]";
    const auto again = parse::parse_json_items(other, "x.json", {}, false);
    ASSERT_EQ(again.size(), 1u);
    EXPECT_EQ(again[0].raw, r.items[0].raw);
}

TEST(JsonLines, GoodBadBlankAndTruncatedLines) {
    const ParseResult r = parse_fixture("lines.jsonl");
    EXPECT_EQ(r.format, InputFormat::jsonl);
    ASSERT_EQ(locators(r.items), (std::vector<std::string>{"line 1", "line 3", "line 4", "line 5", "line 6", "line 7",
                                                           "line 8", "line 9"}));
    const std::string file = test::read_file(test::fixture("json/lines.jsonl"));
    const auto lines = [&] {
        std::vector<std::string> out;
        std::size_t start = 0;
        while (start <= file.size()) {
            auto nl = file.find('\n', start);
            if (nl == std::string::npos) nl = file.size();
            out.push_back(file.substr(start, nl - start));
            start = nl + 1;
        }
        return out;
    }();
    EXPECT_EQ(r.items[0].raw, lines[0]);
    EXPECT_EQ(r.items[7].raw, lines[8]);

    ASSERT_TRUE(r.items[0].article);
    const ParsedArticle& a = *r.items[0].article;
    EXPECT_EQ(a.title, "Ferry Service Resumes");
    EXPECT_EQ(a.source, "harbor-times");
    EXPECT_EQ(a.url, "https://harbor.example/1");
    EXPECT_EQ(a.date, "2015-07-21");
    EXPECT_EQ(a.author, "");
    EXPECT_EQ(texts(a), (std::vector<std::string>{"Ferries resumed on Monday.", "Timetables are unchanged."}));

    EXPECT_EQ(r.items[1].error,
              "line 3 is not valid JSON (at column 43: syntax error while parsing object - unexpected end of input; "
              "expected '}'); fix the line or delete it");
    EXPECT_EQ(r.items[2].error,
              "line 4 is an array, not a JSON object; give each article as an object with its fields, e.g. "
              "{\"title\": ..., \"content\": ...}");
    EXPECT_NE(r.items[3].error.find("line 5 has no article text"), std::string::npos) << r.items[3].error;

    ASSERT_TRUE(r.items[4].article);
    EXPECT_EQ(r.items[4].article->title, "Port Expands");
    EXPECT_EQ(r.items[4].article->language, "ar");
    EXPECT_EQ(r.items[4].article->tags, (std::vector<std::string>{"port", "trade"}));

    // A blank text field with a title: a title-only article.
    ASSERT_TRUE(r.items[5].article) << r.items[5].error;
    EXPECT_EQ(r.items[5].article->title, "Stub With Blank Text");
    EXPECT_TRUE(r.items[5].article->paragraphs.empty());

    EXPECT_EQ(r.items[6].error, "line 8 has neither text nor a title: nothing to store; fill in its text or delete it");
    EXPECT_EQ(r.items[7].error,
              "line 9 is cut off: the file ends inside a JSON object (it was probably truncated); export it again or "
              "delete the last line");
}

TEST(Json, FieldOverridesWithDottedPaths) {
    const std::string input =
        R"([{"heading": "Override Title", "title": "Ignored", "story": "Line one.\nLine two.",)"
        R"( "meta": {"published": "14 February 2020", "site": {"name": "The Site"}}, "who": {"name": "Kim Park"}}])";
    ParseOptions options;
    options.json_fields = {{"title", "heading"}, {"text", "story"}, {"date", "meta.published"},
                           {"source", "meta.site.name"}, {"author", "who"}};
    const auto items = parse::parse_json_items(input, "x.json", options, false);
    ASSERT_EQ(items.size(), 1u);
    ASSERT_TRUE(items[0].article) << items[0].error;
    const ParsedArticle& a = *items[0].article;
    EXPECT_EQ(a.title, "Override Title");
    EXPECT_EQ(texts(a), (std::vector<std::string>{"Line one.", "Line two."}));
    EXPECT_EQ(a.date, "2020-02-14");
    EXPECT_EQ(a.source, "The Site");
    EXPECT_EQ(a.author, "Kim Park");
}

TEST(Json, UnknownOverrideFieldIsRefused) {
    ParseOptions options;
    options.json_fields = {{"headline", "title"}};
    try {
        parse::parse_json_items(R"([{"content": "x"}])", "x.json", options, false);
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), Errc::invalid_argument);
        EXPECT_EQ(e.message(), "unknown article field 'headline' in --field");
        EXPECT_EQ(e.hint(), "use --field FIELD=KEY with FIELD one of: title, text, date, url, author, source, language, tags");
    }
}

TEST(Json, InvalidDocumentSaysWhere) {
    try {
        parse_input("[\n  {\"title\": \"a\", \"content\": \"b\"},\n  {\"title\": oops}\n]\n", "broken.json");
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), Errc::bad_input);
        EXPECT_EQ(e.message().rfind("not valid JSON at line 3, column 13 (byte ", 0), 0u) << e.message();
        EXPECT_FALSE(e.hint().empty());
    }
}

struct JsonCase {
    std::string name;
    std::string input;
    std::vector<std::string> locators;
    std::string title;
    std::vector<std::string> paragraphs;
};

class JsonShapes : public ::testing::TestWithParam<JsonCase> {};

TEST_P(JsonShapes, Parses) {
    const JsonCase& c = GetParam();
    const auto items = parse::parse_json_items(c.input, "x.json", {}, false);
    EXPECT_EQ(locators(items), c.locators);
    ASSERT_FALSE(items.empty());
    ASSERT_TRUE(items[0].article) << items[0].error;
    EXPECT_EQ(items[0].article->title, c.title);
    EXPECT_EQ(texts(*items[0].article), c.paragraphs);
}

INSTANTIATE_TEST_SUITE_P(
    Shapes, JsonShapes,
    ::testing::Values(
        JsonCase{"single_object", R"({"title": "One", "text": "Only text."})", {""}, "One", {"Only text."}},
        JsonCase{"data_wrapper", R"({"data": [{"name": "N", "body": "B."}, {"name": "M", "body": "C."}]})",
                 {"item 1", "item 2"}, "N", {"B."}},
        JsonCase{"items_wrapper", R"({"items": [{"title": "I", "maintext": "M."}]})", {"item 1"}, "I", {"M."}},
        JsonCase{"description_as_last_resort", R"([{"title": "D", "description": "Desc.", "url": "u"}])", {"item 1"},
                 "D", {"Desc."}},
        JsonCase{"title_from_text_when_missing", R"([{"content": "Words of the first paragraph here."}])", {"item 1"},
                 "Words of the first paragraph here.", {"Words of the first paragraph here."}},
        JsonCase{"html_text", R"([{"title": "H", "content": "<p>A &amp; B</p>\n<p>C<br/>D</p><script>x()</script>"}])",
                 {"item 1"}, "H", {"A & B", "C", "D"}},
        JsonCase{"blank_text_no_title_titled_from_url",
                 R"([{"content": " ", "url": "https://x.example/news/123/big-news%2C-today.html?ref=rss"}])", {"item 1"},
                 "big news, today", {}},
        JsonCase{"json_lines_named_json", "{\"title\": \"L1\", \"text\": \"a\"}\n{\"title\": \"L2\", \"text\": \"b\"}\n",
                 {"line 1", "line 2"}, "L1", {"a"}}),
    [](const ::testing::TestParamInfo<JsonCase>& param_info) { return param_info.param.name; });

TEST(JsonLines, NonObjectElementsOfAnArrayFailAlone) {
    const auto items = parse::parse_json_items(R"([{"title": "A", "text": "x"}, 42])", "x.json", {}, false);
    ASSERT_EQ(items.size(), 2u);
    EXPECT_TRUE(items[0].article);
    EXPECT_EQ(items[1].locator, "item 2");
    EXPECT_EQ(items[1].error.rfind("item 2 is a number, not a JSON object", 0), 0u) << items[1].error;
}

// Acceptance: the Arabic SaudiNewsNet sample, one article per line.
// Regression: a JSON file nested 100,000 levels deep overflowed the stack
// (nlohmann recurses per level) and killed the process with SIGSEGV.
TEST(Json, Regression_DeeplyNestedJsonCrashed) {
    const std::string deep = std::string(100000, '[') + std::string(100000, ']');
    try {
        parse_input(deep, "deep.json");
        ADD_FAILURE() << "accepted";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), Errc::bad_input);
        EXPECT_NE(e.message().find("nests JSON deeper than 512 levels"), std::string::npos) << e.message();
    }
    const std::string lines = "{\"title\": \"Fine\", \"text\": \"A good line.\"}\n" + std::string(5000, '{') + "\n";
    const ParseResult r = parse_input(lines, "deep.jsonl");
    ASSERT_EQ(r.items.size(), 2u);
    EXPECT_TRUE(r.items[0].article);
    EXPECT_FALSE(r.items[1].article);
    EXPECT_NE(r.items[1].error.find("line 2 nests JSON deeper"), std::string::npos) << r.items[1].error;
}

TEST(JsonCorpus, SaudiNewsNet) {
    const fs::path path = test::shared_dir() / "corpus" / "jsonl" / "saudinewsnet-sample.jsonl";
    if (!fs::exists(path)) GTEST_SKIP() << "no corpus at " << path;
    const ParseResult r = parse_input(test::read_file(path), path.string());
    EXPECT_EQ(r.format, InputFormat::jsonl);
    ASSERT_EQ(r.items.size(), 839u);
    std::size_t with_text = 0;
    for (const auto& item : r.items) {
        ASSERT_TRUE(item.article) << item.locator << ": " << item.error;
        EXPECT_FALSE(item.article->title.empty()) << item.locator;
        EXPECT_EQ(item.article->date.size(), 10u) << item.locator;
        EXPECT_FALSE(item.article->source.empty()) << item.locator;
        if (!item.article->paragraphs.empty()) ++with_text;
    }
    // 9 records have a blank content field: title-only articles (one, with no
    // title either, is titled from its URL).
    EXPECT_EQ(with_text, 830u);
    const ParsedArticle& first = *r.items[0].article;
    EXPECT_EQ(first.source, "aawsat");
    EXPECT_EQ(first.date, "2015-07-21");
    EXPECT_EQ(first.author, "\xD9\x84\xD9\x86\xD8\xAF\xD9\x86: \xD8\xB1\xD9\x86\xD9\x8A\xD9\x85 "
                            "\xD8\xAD\xD9\x86\xD9\x88\xD8\xB4");  // لندن: رنيم حنوش
    EXPECT_FALSE(first.paragraphs.front().text.starts_with(" "));
}

} // namespace
} // namespace newsdb
