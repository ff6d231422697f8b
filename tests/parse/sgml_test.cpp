#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <regex>

#include "newsdb/parse.hpp"
#include "parse/parsers.hpp"
#include "test_support.hpp"

namespace newsdb {
namespace {

namespace fs = std::filesystem;

using test::texts;

TEST(Sgml, ThreeStoryCollection) {
    const std::string bytes = test::read_file(test::fixture("sgml/three_stories.sgm"));
    const ParseResult r = parse_input(bytes, "three_stories.sgm");
    EXPECT_EQ(r.format, InputFormat::sgml);
    ASSERT_EQ(r.items.size(), 3u);
    EXPECT_EQ(r.items[0].locator, "NEWID 501");
    EXPECT_EQ(r.items[1].locator, "NEWID 502");
    EXPECT_EQ(r.items[2].locator, "NEWID 503");

    ASSERT_TRUE(r.items[0].article) << r.items[0].error;
    const ParsedArticle& a = *r.items[0].article;
    EXPECT_EQ(a.title, "N.Z. WHEAT HARVEST SEEN UP 12 PCT");  // kept as written
    EXPECT_EQ(a.date, "1987-03-03");
    EXPECT_EQ(a.source, "Reuters");
    EXPECT_EQ(a.author, "");
    EXPECT_EQ(a.tags, (std::vector<std::string>{"topic:grain", "topic:wheat", "place:new-zealand", "dateline:wellington"}));
    EXPECT_EQ(texts(a), (std::vector<std::string>{
                            "New Zealand's wheat harvest is expected to rise 12 pct this season, the <Grain Board> said.",
                            "Farmers planted more land after prices rose & rain came early.",
                            "The board gave no estimate for barley.",
                        }));

    // A BRIEF story has a title but no body: a failed item, not a title-only article.
    EXPECT_FALSE(r.items[1].article);
    EXPECT_EQ(r.items[1].error, "story NEWID 502 has no body text (a BRIEF/UNPROC story)");

    ASSERT_TRUE(r.items[2].article) << r.items[2].error;
    const ParsedArticle& c = *r.items[2].article;
    EXPECT_EQ(c.title, "NORTH SEA OIL OUTPUT STEADY IN FEBRUARY");
    EXPECT_EQ(c.date, "1987-03-12");
    EXPECT_EQ(c.tags, (std::vector<std::string>{"topic:crude", "place:uk", "place:norway", "org:opec", "dateline:london"}));
    EXPECT_EQ(texts(c), (std::vector<std::string>{
                            "North Sea oil output held near 2.4 mln barrels per day in February, industry sources said."}));
}

TEST(Sgml, RawIsTheElementsBytes) {
    const std::string bytes = test::read_file(test::fixture("sgml/three_stories.sgm"));
    const auto items = parse::parse_sgml_items(bytes, "three_stories.sgm");
    ASSERT_EQ(items.size(), 3u);
    std::size_t from = 0;
    for (const auto& item : items) {
        EXPECT_TRUE(item.raw.starts_with("<REUTERS ")) << item.locator;
        EXPECT_TRUE(item.raw.ends_with("</REUTERS>")) << item.locator;
        const auto at = bytes.find(item.raw, from);
        ASSERT_NE(at, std::string::npos) << item.locator;
        from = at + item.raw.size();
    }
    // One story alone in a file (as in the split corpus) gives the same raw bytes.
    const auto alone = parse::parse_sgml_items(items[2].raw + "\n", "00503.sgm");
    ASSERT_EQ(alone.size(), 1u);
    EXPECT_EQ(alone[0].raw, items[2].raw);
}

TEST(Sgml, EntitiesControlCharactersAndSignature) {
    const std::string story =
        "<REUTERS NEWID=\"7\">\n<DATE>1-APR-1987 10:00:00.00</DATE>\n<TEXT>&#2;\n<TITLE>A &amp; B &lt;AB&gt;</TITLE>\n"
        "<BODY>First line\nwraps here &#22;&#31;and\x05 here.\n    Second &#38; last.\n Reuter\n&#3;</BODY></TEXT>\n"
        "</REUTERS>\n";
    const auto items = parse::parse_sgml_items(story, "x.sgm");
    ASSERT_EQ(items.size(), 1u);
    ASSERT_TRUE(items[0].article) << items[0].error;
    EXPECT_EQ(items[0].article->title, "A & B <AB>");
    EXPECT_EQ(items[0].article->date, "1987-04-01");
    EXPECT_EQ(texts(*items[0].article), (std::vector<std::string>{"First line wraps here and here.", "Second & last."}));
    EXPECT_TRUE(items[0].article->tags.empty());
}

TEST(Sgml, UnclosedStoryAndMissingNewid) {
    const std::string text =
        "<REUTERS OLDID=\"1\">\n<TEXT><TITLE>T</TITLE><BODY>Body one.\n</BODY></TEXT>\n</REUTERS>\n"
        "<REUTERS NEWID=\"9\">\n<TEXT><TITLE>CUT</TITLE><BODY>Cut off in the mid";
    const auto items = parse::parse_sgml_items(text, "x.sgm");
    ASSERT_EQ(items.size(), 2u);
    EXPECT_EQ(items[0].locator, "story 1");
    ASSERT_TRUE(items[0].article);
    EXPECT_EQ(texts(*items[0].article), (std::vector<std::string>{"Body one."}));
    EXPECT_EQ(items[0].article->date, "");
    EXPECT_EQ(items[1].locator, "NEWID 9");
    EXPECT_FALSE(items[1].article);
    EXPECT_EQ(items[1].error,
              "story NEWID 9 is cut off (no </REUTERS> end tag); the file may be truncated: get a complete copy");
}

// Acceptance: every story of reut2-000 (one per file); those with a body are
// articles with text and the date of their <DATE>.
TEST(SgmlCorpus, Reuters21578) {
    const fs::path dir = test::shared_dir() / "corpus" / "reuters21578" / "reut2-000";
    if (!fs::exists(dir)) GTEST_SKIP() << "no corpus at " << dir;
    static const std::regex date_re(R"(<DATE>\s*(\d{1,2})-([A-Z]{3})-(\d{4}))");
    static const std::vector<std::string> months{"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                                 "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
    std::size_t files = 0, articles = 0, briefs = 0;
    for (const auto& entry : fs::directory_iterator(dir)) {
        if (entry.path().extension() != ".sgm") continue;
        ++files;
        const std::string bytes = test::read_file(entry.path());
        const ParseResult r = parse_input(bytes, entry.path().string());
        ASSERT_EQ(r.items.size(), 1u) << entry.path();
        const ParsedItem& item = r.items[0];
        EXPECT_EQ(item.raw, bytes.substr(0, bytes.rfind("</REUTERS>") + 10)) << entry.path();
        const bool has_body = bytes.find("<BODY>") != std::string::npos;
        if (!has_body) {
            ++briefs;
            EXPECT_FALSE(item.article) << entry.path();
            EXPECT_NE(item.error.find("has no body text (a BRIEF/UNPROC story)"), std::string::npos) << item.error;
            continue;
        }
        ASSERT_TRUE(item.article) << entry.path() << ": " << item.error;
        ++articles;
        const ParsedArticle& a = *item.article;
        EXPECT_FALSE(a.title.empty()) << entry.path();
        EXPECT_FALSE(a.paragraphs.empty()) << entry.path();
        EXPECT_EQ(a.source, "Reuters");
        std::smatch m;
        ASSERT_TRUE(std::regex_search(bytes, m, date_re)) << entry.path();
        const auto month = std::find(months.begin(), months.end(), m[2].str()) - months.begin() + 1;
        char expected[16];
        std::snprintf(expected, sizeof expected, "%s-%02d-%02d", m[3].str().c_str(), static_cast<int>(month),
                      std::stoi(m[1].str()));
        EXPECT_EQ(a.date, expected) << entry.path();
        for (const auto& p : a.paragraphs) {
            EXPECT_EQ(p.text.find("&#"), std::string::npos) << entry.path();
            EXPECT_NE(p.text, "Reuter") << entry.path();
            EXPECT_TRUE(std::none_of(p.text.begin(), p.text.end(),
                                     [](char ch) { return static_cast<unsigned char>(ch) < 0x20; }))
                << entry.path();
        }
    }
    EXPECT_EQ(files, 1000u);
    EXPECT_EQ(articles, 925u);
    EXPECT_EQ(briefs, 75u);
}

TEST(SgmlCorpus, FirstStory) {
    const fs::path path = test::shared_dir() / "corpus" / "reuters21578" / "reut2-000" / "00001.sgm";
    if (!fs::exists(path)) GTEST_SKIP() << "no corpus at " << path;
    const ParsedArticle a = parse_article(test::read_file(path), path.string());
    EXPECT_EQ(a.title, "BAHIA COCOA REVIEW");
    EXPECT_EQ(a.date, "1987-02-26");
    EXPECT_EQ(a.tags, (std::vector<std::string>{"topic:cocoa", "place:el-salvador", "place:usa", "place:uruguay",
                                                "dateline:salvador"}));
    ASSERT_EQ(a.paragraphs.size(), 17u);
    EXPECT_EQ(a.paragraphs[1].text, "The dry period means the temporao will be late this year.");
    EXPECT_EQ(a.paragraphs.back().text,
              "Final figures for the period to February 28 are expected to be published by the Brazilian Cocoa Trade "
              "Commission after carnival which ends midday on February 27.");
}

} // namespace
} // namespace newsdb
