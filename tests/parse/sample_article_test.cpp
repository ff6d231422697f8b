// The real sample article must parse exactly as described in the README.
#include <gtest/gtest.h>

#include "newsdb/parse.hpp"
#include "test_support.hpp"

namespace newsdb {
namespace {

class SampleArticle : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        const auto path = test::fixture("quwa-2020-02-pakistan-turkey-defence-ties.txt");
        article_ = new ParsedArticle(parse_article(test::read_file(path), path.string()));
    }
    static void TearDownTestSuite() {
        delete article_;
        article_ = nullptr;
    }
    static const ParsedArticle& article() { return *article_; }

private:
    static inline ParsedArticle* article_ = nullptr;
};

TEST_F(SampleArticle, TitleAndExcerptInfo) {
    EXPECT_EQ(article().title, "Pakistan and Turkey Look to Deepen Defence Ties");
    EXPECT_TRUE(article().is_excerpt);
    EXPECT_EQ(article().words_shown, 304);
    EXPECT_EQ(article().words_total, 1399);
    EXPECT_EQ(article().date, "");
    EXPECT_EQ(article().author, "");
    EXPECT_EQ(article().source, "");
    EXPECT_EQ(article().url, "");
}

TEST_F(SampleArticle, SevenParagraphsInOrder) {
    const auto& paragraphs = article().paragraphs;
    ASSERT_EQ(paragraphs.size(), 7U);
    EXPECT_TRUE(paragraphs.front().text.starts_with("On 14 February"));
    EXPECT_TRUE(paragraphs.back().text.ends_with("(NSTP)."));
    EXPECT_TRUE(paragraphs[1].text.starts_with("During a joint-press conference"));
    EXPECT_TRUE(paragraphs[3].text.starts_with("There is no doubt"));
    for (const auto& p : paragraphs) {
        EXPECT_EQ(p.text.find('['), std::string::npos) << p.text;
        EXPECT_EQ(p.text.find("  "), std::string::npos) << p.text;
        EXPECT_EQ(p.text.find("Excerpt"), std::string::npos) << p.text;
    }
}

TEST_F(SampleArticle, BoilerplateSetAside) {
    const std::vector<Boilerplate> expected{
        {Boilerplate::Kind::chrome, "Skip to content Skip to footer"},
        {Boilerplate::Kind::paywall, "End of Excerpt (304/1,399 words)"},
        {Boilerplate::Kind::paywall,
         "You can read the complete article by logging in (click here) or subscribing to Quwa Premium "
         "(click here)."},
    };
    EXPECT_EQ(article().boilerplate, expected);
}

TEST_F(SampleArticle, FootnotesWithEveryField) {
    std::vector<Footnote> expected(4);
    expected[0] = {1,
                   "“Cumhurbaşkanı Erdoğan: “Askeri ve savunma sanayii alanları, Pakistan ile ikili i – "
                   "İslamabad haber.” Haber Gazetesi. 14 February 2020. URL:",
                   "Cumhurbaşkanı Erdoğan: “Askeri ve savunma sanayii alanları, Pakistan ile ikili i – "
                   "İslamabad haber",
                   "", "Haber Gazetesi", "2020-02-14", ""};
    expected[1] = {2,
                   "“Turkey, Pakistan sign a string of memorandums of understanding.” TRT World. 14 February "
                   "2020. URL:",
                   "Turkey, Pakistan sign a string of memorandums of understanding", "", "TRT World",
                   "2020-02-14", ""};
    expected[2] = {3,
                   "Dilara Aslan. “Turkey, Pakistan relations peak with defense industry cooperation.” Daily "
                   "Sabah. 13 February 2020. URL:",
                   "Turkey, Pakistan relations peak with defense industry cooperation", "Dilara Aslan",
                   "Daily Sabah", "2020-02-13", ""};
    expected[3] = {4,
                   "National University of Sciences & Technology (NUST). Official Facebook Page. 14 February "
                   "2020. URL: https://",
                   "Official Facebook Page", "", "National University of Sciences & Technology (NUST)",
                   "2020-02-14", "https://"};
    ASSERT_EQ(article().footnotes.size(), expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        SCOPED_TRACE(i + 1);
        const Footnote& got = article().footnotes[i];
        EXPECT_EQ(got.number, expected[i].number);
        EXPECT_EQ(got.text, expected[i].text);
        EXPECT_EQ(got.title, expected[i].title);
        EXPECT_EQ(got.author, expected[i].author);
        EXPECT_EQ(got.publisher, expected[i].publisher);
        EXPECT_EQ(got.date, expected[i].date);
        EXPECT_EQ(got.url, expected[i].url);
    }
}

TEST_F(SampleArticle, CitationsLinkedRightAfterTheirWords) {
    struct Case {
        std::size_t paragraph;  // 1-based
        int footnote;
        std::string text_before;  // what the cleaned text reads just before the mark
        std::string text_after;
    };
    const std::vector<Case> cases{
        {2, 1, "its relations with Pakistan.", ""},
        {3, 2, "worth over $3.5 billion US.", " The sale of four"},
        {6, 3, "efficiency in the field.”", ""},
        {7, 4, "leading to technology transfer.”", " TAI is also"},
    };
    const auto& paragraphs = article().paragraphs;
    ASSERT_EQ(paragraphs.size(), 7U);
    std::size_t cited = 0;
    for (const auto& p : paragraphs) cited += p.citations.size();
    EXPECT_EQ(cited, cases.size());
    for (const auto& c : cases) {
        SCOPED_TRACE(c.paragraph);
        const Paragraph& p = paragraphs[c.paragraph - 1];
        ASSERT_EQ(p.citations.size(), 1U);
        EXPECT_EQ(p.citations[0].footnote_number, c.footnote);
        const std::size_t offset = p.citations[0].offset;
        ASSERT_LE(offset, p.text.size());
        EXPECT_TRUE(p.text.substr(0, offset).ends_with(c.text_before)) << p.text.substr(0, offset);
        EXPECT_TRUE(p.text.substr(offset).starts_with(c.text_after)) << p.text.substr(offset);
        if (c.text_after.empty()) {
            EXPECT_EQ(offset, p.text.size());
        }
    }
}

} // namespace
} // namespace newsdb
