#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "export/text_escape.hpp"
#include "newsdb/error.hpp"
#include "newsdb/export.hpp"

namespace newsdb {
namespace {

TEST(ExportFormats, ParsesHitFormatNames) {
    const std::pair<std::string_view, HitFormat> cases[] = {
        {"text", HitFormat::text},         {"csv", HitFormat::csv},
        {"json", HitFormat::json},         {"jsonl", HitFormat::jsonl},
        {"markdown", HitFormat::markdown}, {"md", HitFormat::markdown},
        {"JSON", HitFormat::json},
    };
    for (const auto& [name, expected] : cases) EXPECT_EQ(parse_hit_format(name), expected) << name;
}

TEST(ExportFormats, UnknownHitFormatSaysWhatToUse) {
    for (std::string_view bad : {"", "xml", "json ", "tsv"}) {
        try {
            parse_hit_format(bad);
            ADD_FAILURE() << "accepted '" << bad << "'";
        } catch (const Error& e) {
            EXPECT_EQ(e.code(), Errc::invalid_argument);
            EXPECT_EQ(e.message(), "unknown format '" + std::string(bad) + "'");
            EXPECT_NE(e.hint().find("use one of: text, csv, json, jsonl, markdown"),
                      std::string::npos);
        }
    }
}

TEST(ExportFormats, TheFileNameExtensionNamesTheFormat) {
    const std::pair<std::string_view, HitFormat> cases[] = {
        {"results.csv", HitFormat::csv},       {"out/RESULTS.CSV", HitFormat::csv},
        {"a.json", HitFormat::json},           {"a.jsonl", HitFormat::jsonl},
        {"a.ndjson", HitFormat::jsonl},        {"notes.md", HitFormat::markdown},
        {"notes.markdown", HitFormat::markdown}, {"list.txt", HitFormat::text},
        {"dir.v2/hits.tar.csv", HitFormat::csv},
    };
    for (const auto& [name, expected] : cases) EXPECT_EQ(hit_format_for_file(name), expected) << name;
}

TEST(ExportFormats, AnUnknownExtensionIsAnErrorListingTheFormats) {
    const std::pair<std::string_view, std::string_view> cases[] = {
        {"results.xlsx", "cannot tell the format of 'results.xlsx': .xlsx is not a format newsdb writes"},
        {"results", "cannot tell the format of 'results': it has no extension"},
        {"dir.d/results", "cannot tell the format of 'dir.d/results': it has no extension"},
        {".csv", "cannot tell the format of '.csv': it has no extension"},
    };
    for (const auto& [name, message] : cases) {
        try {
            hit_format_for_file(name);
            ADD_FAILURE() << "accepted '" << name << "'";
        } catch (const Error& e) {
            EXPECT_EQ(e.code(), Errc::invalid_argument);
            EXPECT_EQ(e.message(), message);
            EXPECT_EQ(e.hint(), "name the file .csv, .json, .jsonl (or .ndjson), .md (or .markdown) or .txt, or give "
                                "--format csv, json, jsonl, markdown or text");
        }
    }
}

TEST(ExportFormats, ParsesArticleFormatNames) {
    EXPECT_EQ(parse_article_format("text"), ArticleFormat::text);
    EXPECT_EQ(parse_article_format("json"), ArticleFormat::json);
    EXPECT_EQ(parse_article_format("plain"), ArticleFormat::plain);
    try {
        parse_article_format("csv");
        ADD_FAILURE() << "accepted csv";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), Errc::invalid_argument);
        EXPECT_EQ(e.message(), "unknown format 'csv'");
        EXPECT_EQ(e.hint(), "use one of: text, plain, json");
    }
}

TEST(ExportFormats, RendersSnippetMarkers) {
    struct Case {
        std::string snippet;
        MatchStyle style;
        std::string expected;
    };
    const Case cases[] = {
        {"no match", MatchStyle::plain, "no match"},
        {"a \x02word\x03 b", MatchStyle::plain, "a **word** b"},
        {"\x02" "Erdoğan\x03 and \x02Khan\x03", MatchStyle::plain, "**Erdoğan** and **Khan**"},
        {"a \x02word\x03 b", MatchStyle::color, "a \x1b[1;33mword\x1b[0m b"},
        // A snippet cut inside a match is closed, so colour cannot leak.
        {"cut \x02mat", MatchStyle::color, "cut \x1b[1;33mmat\x1b[0m"},
        {"cut \x02mat", MatchStyle::plain, "cut **mat**"},
        {"stray\x03 end", MatchStyle::plain, "stray end"},
        {"", MatchStyle::plain, ""},
    };
    for (const auto& c : cases)
        EXPECT_EQ(render_snippet(c.snippet, c.style), c.expected) << c.snippet;
}

TEST(ExportFormats, CsvFieldQuotesOnlyWhenNeeded) {
    const std::pair<std::string, std::string> cases[] = {
        {"plain", "plain"},
        {"", ""},
        {"a,b", "\"a,b\""},
        {"say \"hi\"", "\"say \"\"hi\"\"\""},
        {"line\nbreak", "\"line\nbreak\""},
        {"cr\rhere", "\"cr\rhere\""},
        {"\"", "\"\"\"\""},
        {"Erdoğan’s “quote”", "Erdoğan’s “quote”"},
        {" spaced ", " spaced "},
    };
    for (const auto& [in, expected] : cases) EXPECT_EQ(csv_field(in), expected) << in;
}

TEST(ExportFormats, JsonStringEscapesAndParsesBack) {
    const std::string cases[] = {
        "plain", "", "quote \" backslash \\", "new\nline\ttab\rcr",
        std::string("nul\0inside", 10), "\x01\x02\x03\x1f", "Erdoğan “İslamabad” 日本 😀",
        "</script>",
    };
    for (const auto& in : cases) {
        const std::string quoted = json_string(in);
        ASSERT_GE(quoted.size(), 2u);
        EXPECT_EQ(quoted.front(), '"');
        EXPECT_EQ(quoted.back(), '"');
        for (char c : quoted) EXPECT_GE(static_cast<unsigned char>(c), 0x20) << in;
        EXPECT_EQ(nlohmann::json::parse(quoted).get<std::string>(), in);
    }
}

TEST(ExportFormats, JsonStringReplacesInvalidUtf8) {
    const std::string quoted = json_string("bad \xff byte");
    EXPECT_EQ(nlohmann::json::parse(quoted).get<std::string>(), "bad \xEF\xBF\xBD byte");
}

TEST(ExportEscape, MarkdownEscapesMarkup) {
    const std::pair<std::string, std::string> cases[] = {
        {"plain words", "plain words"},
        {"*bold* _it_", "\\*bold\\* \\_it\\_"},
        {"[link](http://x)", "\\[link\\](http://x)"},
        {"<script>alert(1)</script>", "\\<script\\>alert(1)\\</script\\>"},
        {"# heading", "\\# heading"},
        {"a | b", "a \\| b"},
        {"back\\slash `code`", "back\\\\slash \\`code\\`"},
        {"&amp; ~~x~~", "\\&amp; \\~\\~x\\~\\~"},
        {"- item", "\\- item"},
        {"12. item", "12\\. item"},
        {"line\nbreak", "line break"},
        {"in 2020. Then", "in 2020. Then"},
        {"Erdoğan", "Erdoğan"},
    };
    for (const auto& [in, expected] : cases) EXPECT_EQ(exporting::escape_markdown(in), expected) << in;
}

TEST(ExportEscape, OneLineDropsControlCharacters) {
    EXPECT_EQ(exporting::one_line("a\nb\r\nc\td"), "a b  c d");
    EXPECT_EQ(exporting::one_line("red \x1b[31mtext\x7f"), "red [31mtext");
    EXPECT_EQ(exporting::one_line("x\x02y\x03"), "xy");
    EXPECT_EQ(exporting::one_line("x\x02y\x03", exporting::MarkerHandling::keep), "x\x02y\x03");
}

TEST(ExportEscape, GroupsThousands) {
    const std::pair<int64_t, std::string> cases[] = {
        {0, "0"},          {999, "999"},          {1000, "1,000"},
        {1399, "1,399"},   {-1234567, "-1,234,567"}, {INT64_MIN, "-9,223,372,036,854,775,808"},
    };
    for (const auto& [in, expected] : cases) EXPECT_EQ(exporting::group_thousands(in), expected);
}

}  // namespace
}  // namespace newsdb
