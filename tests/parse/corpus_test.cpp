// The BBC corpus (one paragraph per line, blank lines between) parses whole.
#include <gtest/gtest.h>

#include <algorithm>

#include "newsdb/error.hpp"
#include "newsdb/parse.hpp"
#include "test_support.hpp"

namespace newsdb {
namespace {

namespace fs = std::filesystem;

fs::path bbc_dir() { return test::shared_dir() / "corpus" / "bbc"; }

TEST(BbcCorpus, BusinessOne) {
    const fs::path file = bbc_dir() / "business" / "001.txt";
    if (!fs::exists(file)) GTEST_SKIP() << "no corpus at " << bbc_dir();
    const auto a = parse_article(test::read_file(file), file.string());
    EXPECT_EQ(a.title, "Ad sales boost Time Warner profit");
    ASSERT_EQ(a.paragraphs.size(), 5U);
    EXPECT_TRUE(a.paragraphs[0].text.starts_with("Quarterly profits at US media giant TimeWarner jumped 76%"));
    EXPECT_TRUE(a.paragraphs[4].text.starts_with("TimeWarner is to restate its accounts"));
    EXPECT_TRUE(a.boilerplate.empty());
    EXPECT_TRUE(a.footnotes.empty());
}

TEST(BbcCorpus, BulletLinesStaySeparate) {
    const fs::path file = bbc_dir() / "business" / "020.txt";
    if (!fs::exists(file)) GTEST_SKIP() << "no corpus at " << bbc_dir();
    const auto a = parse_article(test::read_file(file), file.string());
    EXPECT_EQ(a.title, "Call centre users 'lose patience'");
    ASSERT_GE(a.paragraphs.size(), 3U);
    EXPECT_TRUE(a.paragraphs.back().text.starts_with("- they fear that they will damage their brand"));
}

TEST(BbcCorpus, EveryFileParses) {
    if (!fs::exists(bbc_dir())) GTEST_SKIP() << "no corpus at " << bbc_dir();
    std::vector<fs::path> files;
    for (const auto& entry : fs::recursive_directory_iterator(bbc_dir()))
        if (entry.is_regular_file() && entry.path().extension() == ".txt") files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    ASSERT_GT(files.size(), 2000U);
    // The one Latin-1 file: decoded (not rejected), its pound sign intact.
    const fs::path latin1 = bbc_dir() / "sport" / "199.txt";
    for (const auto& file : files) {
        const std::string bytes = test::read_file(file);
        if (file == latin1) {
            const ParseResult r = parse_input(bytes, file.string());
            EXPECT_EQ(r.encoding, "windows-1252");
            std::string text;
            for (const auto& p : r.items.at(0).article->paragraphs) text += p.text;
            EXPECT_NE(text.find("\xC2\xA3"), std::string::npos) << "pound sign lost";
            continue;
        }
        try {
            const auto a = parse_article(bytes, file.string());
            EXPECT_FALSE(a.title.empty()) << file;
            EXPECT_GE(a.paragraphs.size(), 1U) << file;
            // The first line of every BBC file is its headline.
            const std::string first_line = bytes.substr(0, bytes.find('\n'));
            EXPECT_EQ(a.title.substr(0, 10), first_line.substr(0, 10)) << file;
        } catch (const Error& e) {
            ADD_FAILURE() << file << ": " << e.what();
        }
    }
}

} // namespace
} // namespace newsdb
