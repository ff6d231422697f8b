#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "newsdb/error.hpp"
#include "newsdb/parse.hpp"
#include "parse/parsers.hpp"
#include "test_support.hpp"

namespace newsdb {
namespace {

namespace fs = std::filesystem;

using test::texts;

ParsedArticle parse_fixture(const std::string& name) {
    const fs::path path = test::fixture("markdown/" + name);
    ParseResult r = parse_input(test::read_file(path), path.string());
    EXPECT_EQ(r.format, InputFormat::markdown);
    EXPECT_EQ(r.items.size(), 1u);
    EXPECT_TRUE(r.items.at(0).article.has_value()) << r.items.at(0).error;
    EXPECT_EQ(r.items.at(0).locator, "");
    return *r.items.at(0).article;
}

TEST(Markdown, FrontMatterAndGfmFootnotes) {
    const ParsedArticle a = parse_fixture("gfm_footnotes.md");
    EXPECT_EQ(a.title, "Harbour Dredging Plan Approved & Funded");
    EXPECT_EQ(a.date, "2021-06-04");
    EXPECT_EQ(a.author, "Maria Lopez");
    EXPECT_EQ(a.source, "The Coastal Ledger");
    EXPECT_EQ(a.url, "https://ledger.example/harbour-dredging");
    EXPECT_EQ(a.language, "en");
    EXPECT_EQ(a.tags, (std::vector<std::string>{"ports", "infrastructure", "local"}));
    // The H1 repeating the title, the image, the code block and the summary are not paragraphs.
    EXPECT_EQ(texts(a), (std::vector<std::string>{
                            "The council voted 7 to 2 on Friday to dredge the inner harbour, the first such work since 1998.",
                            "Work starts in September and runs for six weeks.",
                            "Residents asked for the noise to stop at night.",
                        }));
    ASSERT_EQ(a.paragraphs.size(), 3u);
    EXPECT_EQ(a.paragraphs[0].citations, (std::vector<Citation>{{1, 62}}));
    EXPECT_EQ(a.paragraphs[1].citations, (std::vector<Citation>{{2, 47}}));
    EXPECT_EQ(a.paragraphs[2].citations, (std::vector<Citation>{{1, 47}}));
    ASSERT_EQ(a.footnotes.size(), 2u);
    EXPECT_EQ(a.footnotes[0].number, 1);
    EXPECT_EQ(a.footnotes[0].text, "Council minutes, 4 June 2021, item 12. https://council.example/minutes/2021-06-04");
    EXPECT_EQ(a.footnotes[0].url, "https://council.example/minutes/2021-06-04");
    EXPECT_EQ(a.footnotes[1].number, 2);
    EXPECT_EQ(a.footnotes[1].title, "Dredging schedule");
    EXPECT_EQ(a.footnotes[1].publisher, "Port Authority");
    EXPECT_EQ(a.footnotes[1].date, "2021");
    EXPECT_EQ(a.footnotes[1].url, "https://port.example/schedule.pdf");  // from the link in the note
}

TEST(Markdown, ReferencesSectionAndShortcodes) {
    const ParsedArticle a = parse_fixture("numbered_references.md");
    EXPECT_EQ(a.title, "Wind Farm Output Sets a Record");
    EXPECT_EQ(a.date, "");
    EXPECT_EQ(texts(a), (std::vector<std::string>{
                            "By the numbers: output reached 4.2 GW on Tuesday, beating the 2019 record.",
                            "Operators credited new turbines installed last spring and steady winds.",
                            "Offshore: 3.1 GW",
                            "Onshore: 1.1 GW",
                        }));
    EXPECT_EQ(a.paragraphs[0].citations, (std::vector<Citation>{{1, 48}, {2, 74}}));
    ASSERT_EQ(a.footnotes.size(), 2u);
    EXPECT_EQ(a.footnotes[0].number, 1);
    EXPECT_EQ(a.footnotes[0].author, "Grid Operator");
    EXPECT_EQ(a.footnotes[0].title, "Daily output report");
    EXPECT_EQ(a.footnotes[0].date, "2024-03-12");
    EXPECT_EQ(a.footnotes[0].url, "https://grid.example/report");
    EXPECT_EQ(a.footnotes[1].number, 2);
    EXPECT_EQ(a.footnotes[1].author, "Jane Smith");
    EXPECT_EQ(a.footnotes[1].publisher, "Energy Weekly");
    EXPECT_EQ(a.footnotes[1].url, "");
}

TEST(Markdown, TrailingBracketNotesAndSupMarks) {
    const ParsedArticle a = parse_fixture("bracket_notes.md");
    EXPECT_EQ(a.title, "bracket notes");  // no front matter, no `# heading`: the file name
    EXPECT_EQ(texts(a), (std::vector<std::string>{
                            "Rail Strike Ends After Three Days",
                            "Talks ended at midnight with a pay deal.",
                            "Trains will run normally from Monday, the union said.",
                        }));
    EXPECT_EQ(a.paragraphs[1].citations, (std::vector<Citation>{{1, 39}, {2, 39}}));
    EXPECT_EQ(a.paragraphs[2].citations, (std::vector<Citation>{{3, 52}}));
    ASSERT_EQ(a.footnotes.size(), 3u);
    EXPECT_EQ(a.footnotes[0].title, "Deal reached");
    EXPECT_EQ(a.footnotes[0].publisher, "Rail News");
    EXPECT_EQ(a.footnotes[0].date, "2022-05-02");
    EXPECT_EQ(a.footnotes[1].url, "https://union.example/statement");
    EXPECT_EQ(a.footnotes[2].text, "Ministry of Transport. 2022.");
}

TEST(Markdown, DigitalGovPostWithNoteShortcode) {
    const ParsedArticle a = parse_fixture("digitalgov/autopen.md");
    EXPECT_EQ(a.title, "Digital Autopen Playbook pinpoints how agencies can leverage technology for digital signatures");
    EXPECT_EQ(a.date, "2023-05-23");
    EXPECT_EQ(a.author, "Kenneth Myers, Tyler Jones");
    EXPECT_EQ(a.tags, (std::vector<std::string>{"security"}));
    ASSERT_EQ(a.paragraphs.size(), 12u);
    EXPECT_EQ(a.paragraphs[5].text, "Define the agency process to delegate signing Federal Register documents.");
    EXPECT_EQ(a.paragraphs[10].text,
              "Connect with others in the digital identity field. Email icam@gsa.gov to join the Digital Identity "
              "Community of Practice. Include \xE2\x80\x9CJoin the Digital Identity Community\xE2\x80\x9D in the "
              "subject line.");
    EXPECT_EQ(a.paragraphs[11].text,
              "Visit IDManagement.gov to explore its resources for vendors, program managers, and acquisition "
              "professionals.");
    EXPECT_TRUE(a.footnotes.empty());
}

TEST(Markdown, DigitalGovRefShortcodeKeepsTheLinkText) {
    const ParsedArticle a = parse_fixture("digitalgov/summit-idea.md");
    EXPECT_EQ(a.title, "Last Chance: Submit Your Summit Idea");
    EXPECT_EQ(a.date, "2015-01-21");
    EXPECT_EQ(a.author, "Apiazza");
    ASSERT_EQ(a.paragraphs.size(), 6u);
    EXPECT_EQ(a.paragraphs[0].text,
              "You might remember in the post Crowdsourced Digital Citizen Services Summit we said \xE2\x80\x9CGo to "
              "Citizen Services Summit 2015. Go there now!\xE2\x80\x9D Well if you haven\xE2\x80\x99t yet, there is "
              "still time to go there and propose a session, idea, or speaker.");
    EXPECT_EQ(a.paragraphs[1].text, "Anyone can propose a session.");
}

TEST(Markdown, DigitalGovHtmlFootnoteList) {
    const ParsedArticle a = parse_fixture("digitalgov/customer-experience.md");
    EXPECT_EQ(a.title, "Customer experience and human-centered design");
    EXPECT_EQ(a.date, "2024-01-18");
    ASSERT_EQ(a.footnotes.size(), 3u);
    EXPECT_EQ(a.footnotes[1].number, 2);
    EXPECT_EQ(a.footnotes[1].title, "Resilience Is the Design Imperative of the 21st Century");
    EXPECT_EQ(a.footnotes[1].date, "2022-08-17");
    EXPECT_EQ(a.footnotes[1].url, "https://uxmag.com/articles/resilience-is-the-design-imperative-of-the-21st-century");
    std::vector<Citation> all;
    for (const auto& p : a.paragraphs) {
        all.insert(all.end(), p.citations.begin(), p.citations.end());
        EXPECT_EQ(p.text.find("[1]"), std::string::npos) << p.text;
        EXPECT_EQ(p.text.find("Footnotes"), std::string::npos) << p.text;
        EXPECT_EQ(p.text.find("{{<"), std::string::npos) << p.text;
    }
    ASSERT_EQ(all.size(), 3u);
    EXPECT_EQ(all[0].footnote_number, 1);
    EXPECT_EQ(all[2].footnote_number, 3);
    const auto design = std::find_if(a.paragraphs.begin(), a.paragraphs.end(), [](const Paragraph& p) {
        return p.text.starts_with("Design can be framed");
    });
    ASSERT_NE(design, a.paragraphs.end());
    EXPECT_EQ(design->citations, (std::vector<Citation>{{1, 64}}));
}

struct MarkdownCase {
    std::string name;
    std::string input;
    std::string title;
    std::vector<std::string> paragraphs;
    std::string date = {};
    std::string author = {};
    std::vector<std::string> tags = {};
};

class MarkdownCases : public ::testing::TestWithParam<MarkdownCase> {};

TEST_P(MarkdownCases, Parses) {
    const MarkdownCase& c = GetParam();
    const ParsedArticle a = parse::parse_markdown(c.input, "notes/2020-01-02-fallback-name.md");
    EXPECT_EQ(a.title, c.title);
    EXPECT_EQ(texts(a), c.paragraphs);
    EXPECT_EQ(a.date, c.date);
    EXPECT_EQ(a.author, c.author);
    EXPECT_EQ(a.tags, c.tags);
}

INSTANTIATE_TEST_SUITE_P(
    Generalisations, MarkdownCases,
    ::testing::Values(
        MarkdownCase{"bad_yaml_keeps_the_body", "---\ntitle: [unclosed\ndate: 2020-01-01\n---\n\nBody text.\n",
                     "fallback name", {"Body text."}},
        MarkdownCase{"no_front_matter_h1_title", "# The Title\n\nFirst.\n\n## Section\n\nSecond.\n", "The Title",
                     {"First.", "Section", "Second."}},
        MarkdownCase{"front_matter_only_uses_summary",
                     "---\ntitle: Link Post\ndate: 2019-05-07 9:00:00 -0400\nsummary: A short summary &#43; more.\n---\n",
                     "Link Post", {"A short summary + more."}, "2019-05-07"},
        MarkdownCase{"blank_line_before_front_matter", "\n---\ntitle: Late Fence\ndate: 2023-05-15\n---\nText.\n",
                     "Late Fence", {"Text."}, "2023-05-15"},
        MarkdownCase{"authors_as_maps_and_names",
                     "---\ntitle: T\nauthors:\n  - name: Ada Lovelace\n  - jean-luc-picard\n  - \"Grace Hopper\"\n---\nText.\n",
                     "T", {"Text."}, "", "Ada Lovelace, Jean Luc Picard, Grace Hopper"},
        MarkdownCase{"tags_topics_categories_merged",
                     "---\ntitle: T\ntags: a, b\ntopics: [c, a]\ncategories: d\n---\nText.\n", "T", {"Text."}, "", "",
                     {"a", "b", "c", "d"}},
        MarkdownCase{"code_and_images_dropped",
                     "# T\n\n```sh\nrm -rf /\n```\n\n    indented code\n\n![alt text](x.png)\n\nKept.\n", "T", {"Kept."}},
        MarkdownCase{"html_block_text", "# T\n\n<div class=\"callout\">\n<p>One &amp; two.</p><p>Three</p>\n</div>\n",
                     "T", {"One & two.", "Three"}},
        MarkdownCase{"lists_and_quotes",
                     "# T\n\n- first item\n- second\n  item\n\n> quoted one\n>\n> quoted two\n", "T",
                     {"first item", "second item", "quoted one", "quoted two"}},
        MarkdownCase{"percent_and_paired_shortcodes",
                     "# T\n\n{{% callout %}}Inner **text** stays.{{% /callout %}}\n\n{{< youtube id=\"x\" >}}\n\nEnd.\n",
                     "T", {"Inner text stays.", "End."}},
        MarkdownCase{"unknown_bracket_number_stays", "# T\n\nSee [4] for more.\n", "T", {"See [4] for more."}},
        MarkdownCase{"table_rows", "# T\n\n| a | b |\n|---|---|\n| c | d |\n", "T", {"a | b", "c | d"}}),
    [](const ::testing::TestParamInfo<MarkdownCase>& param_info) { return param_info.param.name; });

TEST(Markdown, BadYamlLeavesMetadataEmpty) {
    const ParsedArticle a =
        parse::parse_markdown("---\ntitle: a: b: c\nauthor: x\n---\n\n# Heading Title\n\nBody.\n", "x.md");
    EXPECT_EQ(a.title, "Heading Title");
    EXPECT_EQ(a.author, "");
    EXPECT_EQ(texts(a), (std::vector<std::string>{"Body."}));
}

TEST(Markdown, NothingButCodeIsRefused) {
    try {
        parse::parse_markdown("---\ntitle: T\n---\n\n```\ncode\n```\n", "x.md");
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), Errc::bad_input);
        EXPECT_NE(e.message().find("no article text"), std::string::npos) << e.message();
    }
}

// Acceptance: every DigitalGov post has a title, a date, text, and no shortcode left.
TEST(MarkdownCorpus, DigitalGov) {
    const fs::path dir = test::shared_dir() / "corpus" / "markdown" / "digitalgov";
    if (!fs::exists(dir)) GTEST_SKIP() << "no corpus at " << dir;
    std::size_t files = 0, with_notes = 0;
    for (const auto& entry : fs::recursive_directory_iterator(dir)) {
        if (!entry.is_regular_file() || entry.path().extension() != ".md") continue;
        ++files;
        const std::string name = entry.path().string();
        ParsedArticle a;
        ASSERT_NO_THROW(a = parse_article(test::read_file(entry.path()), name)) << name;
        EXPECT_FALSE(a.title.empty()) << name;
        EXPECT_FALSE(a.date.empty()) << name;
        EXPECT_FALSE(a.paragraphs.empty()) << name;
        for (const auto& p : a.paragraphs) {
            EXPECT_EQ(p.text.find("{{<"), std::string::npos) << name << ": " << p.text;
            EXPECT_EQ(p.text.find("{{%"), std::string::npos) << name << ": " << p.text;
        }
        if (!a.footnotes.empty()) ++with_notes;
    }
    EXPECT_EQ(files, 678u);
    EXPECT_EQ(with_notes, 4u);  // the posts with `[1]`-style references
}

} // namespace
} // namespace newsdb
