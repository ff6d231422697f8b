#include <gtest/gtest.h>

#include "newsdb/error.hpp"
#include "newsdb/parse.hpp"

namespace newsdb {
namespace {

using namespace std::string_literals;

TEST(ParseInputFormat, AcceptsNamesAndAliases) {
    const std::vector<std::pair<std::string, InputFormat>> cases{
        {"text", InputFormat::text}, {"txt", InputFormat::text}, {"TXT", InputFormat::text},
        {"plain", InputFormat::text}, {"auto", InputFormat::automatic}, {"automatic", InputFormat::automatic},
    };
    for (const auto& [name, format] : cases) EXPECT_EQ(parse_input_format(name), format) << name;
}

TEST(ParseInputFormat, RejectsUnknownListingAccepted) {
    try {
        parse_input_format("pdf");
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), Errc::invalid_argument);
        EXPECT_NE(e.message().find("pdf"), std::string::npos);
        EXPECT_NE(e.hint().find("text"), std::string::npos);
        EXPECT_NE(e.hint().find("auto"), std::string::npos);
    }
}

TEST(InputFormatName, RoundTrips) {
    for (auto f : {InputFormat::automatic, InputFormat::text})
        EXPECT_EQ(parse_input_format(input_format_name(f)), f);
}

struct BadBytes {
    std::string name;
    std::string bytes;
    std::string message;
};

class CheckTextBytes : public ::testing::TestWithParam<BadBytes> {};

TEST_P(CheckTextBytes, RejectsWithReason) {
    try {
        check_text_bytes(GetParam().bytes);
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), Errc::bad_input);
        EXPECT_EQ(e.message(), GetParam().message);
        EXPECT_FALSE(e.hint().empty());
    }
}

INSTANTIATE_TEST_SUITE_P(
    Table, CheckTextBytes,
    ::testing::Values(
        BadBytes{"empty", "", "file is empty"},
        BadBytes{"whitespace", " \r\n\t\n", "file is empty (only whitespace)"},
        BadBytes{"bom_and_nbsp", "\xEF\xBB\xBF \xC2\xA0\n", "file is empty (only whitespace)"},
        BadBytes{"nul", "Title\n\nab\0cd"s, "looks binary (NUL byte at offset 9)"},
        BadBytes{"latin1", "Price \xA3" "5\n", "not valid UTF-8 (first bad byte at offset 6)"},
        BadBytes{"truncated", "abc\xE2\x80", "not valid UTF-8 (first bad byte at offset 3)"},
        BadBytes{"overlong", "ab\xC0\xAF", "not valid UTF-8 (first bad byte at offset 2)"},
        BadBytes{"surrogate", "\xED\xA0\x80", "not valid UTF-8 (first bad byte at offset 0)"}),
    [](const auto& param_info) { return param_info.param.name; });

TEST(CheckTextBytes, UnicodeHintMentionsIconv) {
    try {
        check_text_bytes("\xFF");
        FAIL();
    } catch (const Error& e) {
        EXPECT_NE(e.hint().find("iconv"), std::string::npos);
    }
}

TEST(CheckTextBytes, AcceptsUtf8WithBom) {
    EXPECT_NO_THROW(check_text_bytes("\xEF\xBB\xBFTitle — “quoted” 😀\n"));
}

TEST(ParseArticle, DispatchesByExtensionAndExplicitFormat) {
    const std::string text = "A headline\n\nSome body text that is a paragraph.\n";
    for (std::string name : {"a.txt", "b.TEXT", "no_extension", "weird.xyz", ""}) {
        const auto a = parse_article(text, name);
        EXPECT_EQ(a.title, "A headline") << name;
        EXPECT_EQ(a.paragraphs.size(), 1U) << name;
    }
    EXPECT_EQ(parse_article(text, "x.txt", InputFormat::text).title, "A headline");
}

TEST(ParseArticle, BadBytesThrowBadInput) {
    EXPECT_THROW(parse_article("", "empty.txt"), Error);
    try {
        parse_article("\xA3", "x.txt");
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), Errc::bad_input);
    }
}

} // namespace
} // namespace newsdb
