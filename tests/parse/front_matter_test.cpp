// Front matter of the simple form is read by newsdb's own small reader, any
// other by yaml-cpp (parse_markdown): the two must give the same article
// for every text, or the small reader must decline it.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "parse/parsers.hpp"
#include "test_support.hpp"

namespace newsdb {
namespace {

namespace fs = std::filesystem;
using parse::FrontMatterReader;

void expect_same(const std::string& text, const std::string& name) {
    SCOPED_TRACE(name);
    const ParsedArticle simple = parse::parse_markdown(text, name);
    const ParsedArticle yaml_cpp = parse::parse_markdown_with(text, name, FrontMatterReader::yaml_cpp);
    EXPECT_TRUE(simple == yaml_cpp) << "title '" << simple.title << "' / '" << yaml_cpp.title << "', author '"
                                    << simple.author << "' / '" << yaml_cpp.author << "', date '" << simple.date
                                    << "' / '" << yaml_cpp.date << "'";
}

std::string with_body(const std::string& yaml) { return "---\n" + yaml + "---\n\nThe body of the post.\n"; }

TEST(FrontMatter, TheSimpleFormIsReadAsYamlCppReadsIt) {
    const std::vector<std::string> simple = {
        "title: Plain title\ndate: 2016-07-05 14:00:25 -0400\n",
        "title: 'Single: quoted, it''s'\nauthors:\n  - jane-doe\n  - John Smith\n",
        "title: \"Double # quoted\"   # a comment\nsummary: x #not a comment?\n",
        "title: A title # the comment\ntags:\n- one\n- two, three\n-\n",
        "# a comment line\n\ntitle: T\r\nlang: en-US\r\ncategories: news, politics\n",
        "title: ~\nheadline: The headline\nsource: null\nauthor:\npublisher: Example\n",
        "title: C# and C++: a comparison?\n",
        "title: Ends with a colon:\n",
        "date: 2020-01-02\nurl: https://example.com/a?b=c#frag\nkeywords: 'a', \n",
        "deck: A summary that goes\n  on over the next\n    lines, as wrapped.\n# a comment\ntitle: T\n",
    };
    for (const auto& yaml : simple) {
        const std::string text = with_body(yaml);
        expect_same(text, yaml);
    }
    EXPECT_TRUE(parse::simple_front_matter(with_body(simple[0])));
    EXPECT_TRUE(parse::simple_front_matter(with_body(simple[1])));
    EXPECT_TRUE(parse::simple_front_matter(with_body(simple[3])));
    EXPECT_TRUE(parse::simple_front_matter(with_body(simple[5])));
    EXPECT_TRUE(parse::simple_front_matter(with_body(simple.back())));
}

TEST(FrontMatter, AnythingElseIsLeftToYamlCpp) {
    const std::vector<std::string> other = {
        "title: [a, b]\n",                              // flow list
        "title: |\n  Block\n  scalar\n",                // block scalar
        "title: 'Long title\n  continued here'\n",      // a quoted scalar over two lines
        "title: Long title\n\n  after a blank line\n",   // a line break in a scalar
        "title: Long title\n  - not an item\n",         // markup of its own on the next line
        "author:\n  name: Jane Doe\n",                  // nested map
        "authors:\n  - name: Jane\n",                   // list of maps
        "tags:\n  - a\n    - b\n",                      // list in a list
        "title: A\ntitle: B\n",                         // repeated key
        "title: &x Anchor\nheadline: *x\n",             // anchor and alias
        "title: \"Escaped \\\" quote\"\n",              // escape
        "title: 'Unclosed\n",                           // quote open to the next line
        "title:\tTab\n",                                // tab
        "title: a: b: c\n",                             // not YAML
        "title:no space\n",                             // a scalar, not a key
        "Ünicode: key\n",                               // key of other letters
        "title: ~\n  - item\n",                         // a list after a value
        "title: 'quoted'#glued\n",                      // comment not after a space
    };
    for (const auto& yaml : other) {
        const std::string text = with_body(yaml);
        EXPECT_FALSE(parse::simple_front_matter(text)) << yaml;
        expect_same(text, yaml);
    }
}

// Every Markdown file of the fixtures, the bundled articles and (when
// present) the developer corpus: most of them read by the small reader.
TEST(FrontMatter, EveryMarkdownFileReadsTheSameEitherWay) {
    std::vector<fs::path> roots = {test::fixture(""), test::source_dir() / "data"};
    if (fs::exists(test::shared_dir() / "corpus")) roots.push_back(test::shared_dir() / "corpus");
    int files = 0, simple = 0;
    for (const auto& root : roots)
        for (const auto& entry : fs::recursive_directory_iterator(root)) {
            if (!entry.is_regular_file() || entry.path().extension() != ".md") continue;
            const std::string text = test::read_file(entry.path());
            expect_same(text, entry.path().string());
            ++files;
            simple += parse::simple_front_matter(text);
        }
    EXPECT_GT(files, 0);
    if (fs::exists(test::shared_dir() / "corpus")) {
        EXPECT_GT(simple, files * 9 / 10) << simple << " of " << files << " read by the small reader";
    }
}

} // namespace
} // namespace newsdb
