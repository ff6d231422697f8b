// translate_query_full(): exact matching (=word, --exact), fields and their
// errors, the ranking forms, partial dates and the option filters.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "newsdb/error.hpp"
#include "newsdb/query.hpp"

namespace newsdb {
namespace {

std::string describe(const QueryFilters& f) {
    std::string out = "title=[" + f.title + "]";
    const auto list = [&out](const char* name, const std::vector<std::string>& values) {
        out += std::string(" ") + name + "={";
        for (const auto& v : values) out += "[" + v + "]";
        out += "}";
    };
    list("sources", f.sources);
    list("authors", f.authors);
    list("publishers", f.publishers);
    list("languages", f.languages);
    out += " kinds={";
    for (const PassageKind k : f.kinds) out += std::string(passage_kind_name(k)) + ",";
    out += "}";
    if (f.date) out += " date=" + f.date->from + ".." + f.date->to;
    return out;
}

// ---- exact matching: the emitted FTS5 strings ---------------------------------

struct Exact {
    const char* input;
    WordMatch words;
    const char* match;
};

class QueryExact : public testing::TestWithParam<Exact> {};

TEST_P(QueryExact, EmitsEqualsBeforeExactWords) {
    EXPECT_EQ(translate_query(GetParam().input, GetParam().words), GetParam().match)
        << "input: " << GetParam().input;
}

constexpr auto stemmed = WordMatch::stemmed;
constexpr auto exact = WordMatch::exact;

INSTANTIATE_TEST_SUITE_P(
    Table, QueryExact,
    testing::Values(
        Exact{"=agreements", stemmed, "\"=agreements\""},
        Exact{"=\"defence ties\"", stemmed, "\"=defence =ties\""},
        Exact{"a =b", stemmed, "\"a\" AND \"=b\""},
        Exact{"a -=b", stemmed, "\"a\" NOT \"=b\""},
        Exact{"=a OR b", stemmed, "\"=a\" OR \"b\""},
        Exact{"=OR a", stemmed, "\"=OR\" AND \"a\""},               // after =, OR is a word
        Exact{"=source:x", stemmed, "\"=source:x\""},                // ... and so is a field
        Exact{"=defen*", stemmed, "\"defen\"*"},                     // prefixes match surface forms
        Exact{"=\"defence ti\"*", stemmed, "\"=defence ti\"*"},
        Exact{"=U.S.A", stemmed, "(\"=U.S.A\" OR \"=USA\")"},
        Exact{"NEAR(=a b)", stemmed, "NEAR(\"=a\" \"b\", 10)"},
        Exact{"a =", stemmed, "\"a\""},                               // = alone is punctuation
        Exact{"a = b", stemmed, "\"a\" AND \"b\""},
        Exact{"==x", stemmed, "\"==x\""},
        Exact{"=\"a & b\"", stemmed, "\"=a & =b\""},
        Exact{"agreements", exact, "\"=agreements\""},
        Exact{"a \"b c\" -d", exact, "(\"=a\" AND \"=b =c\") NOT \"=d\""},
        Exact{"title:x a", exact, "\"=a\""},
        Exact{"defen*", exact, "\"defen\"*"}));

// ---- fields -------------------------------------------------------------------

struct Fields {
    const char* input;
    const char* match;
    QueryFilters filters;
};

QueryFilters title(std::string expression) {
    QueryFilters f;
    f.title = std::move(expression);
    return f;
}
QueryFilters sources(std::vector<std::string> v) {
    QueryFilters f;
    f.sources = std::move(v);
    return f;
}
QueryFilters authors(std::vector<std::string> v) {
    QueryFilters f;
    f.authors = std::move(v);
    return f;
}
QueryFilters publishers(std::vector<std::string> v) {
    QueryFilters f;
    f.publishers = std::move(v);
    return f;
}
QueryFilters languages(std::vector<std::string> v) {
    QueryFilters f;
    f.languages = std::move(v);
    return f;
}
QueryFilters kinds(std::vector<PassageKind> v) {
    QueryFilters f;
    f.kinds = std::move(v);
    return f;
}
QueryFilters dates(std::string from, std::string to) {
    QueryFilters f;
    f.date = DateRange{std::move(from), std::move(to)};
    return f;
}

class QueryFields : public testing::TestWithParam<Fields> {};

TEST_P(QueryFields, SplitsFieldsFromWords) {
    const TranslatedQuery q = translate_query_full(GetParam().input);
    EXPECT_EQ(q.match, GetParam().match) << "input: " << GetParam().input;
    EXPECT_EQ(q.filters, GetParam().filters)
        << "input: " << GetParam().input << "\n got: " << describe(q.filters)
        << "\nwant: " << describe(GetParam().filters);
}

INSTANTIATE_TEST_SUITE_P(
    Table, QueryFields,
    testing::Values(
        Fields{"title:drones", "", title("\"drones\"")},
        Fields{"title:\"defence ties\" turkey", "\"turkey\"", title("\"defence ties\"")},
        Fields{"title:defen* Title:=Turkey", "", title("\"defen\"* AND \"=Turkey\"")},
        Fields{"title:U.S.A", "", title("(\"U.S.A\" OR \"USA\")")},
        Fields{"source:\"Daily Sabah\"", "", sources({"Daily Sabah"})},
        Fields{"SOURCE:Reuters drones", "\"drones\"", sources({"Reuters"})},
        Fields{"source:\xE2\x80\x9C" "Daily Sabah" "\xE2\x80\x9D", "", sources({"Daily Sabah"})},
        Fields{"source:\" Daily Sabah \"", "", sources({"Daily Sabah"})},
        Fields{"author:aslan author:\"Dilara Aslan\"", "", authors({"aslan", "Dilara Aslan"})},
        Fields{"publisher:\"Daily Sabah\" turkey", "\"turkey\"", publishers({"Daily Sabah"})},
        Fields{"lang:TR", "", languages({"tr"})},
        Fields{"kind:footnote kind:Title", "", kinds({PassageKind::footnote, PassageKind::title})},
        Fields{"date:2020-02..2020-03", "", dates("2020-02-01", "2020-03-31")},
        Fields{"date:2020", "", dates("2020-01-01", "2020-12-31")},
        Fields{"date:2020-02-14", "", dates("2020-02-14", "2020-02-14")},
        Fields{"date:..2020-03", "", dates("", "2020-03-31")},
        Fields{"date:2019..", "", dates("2019-01-01", "")},
        Fields{"date:2019.. date:..2020-02", "", dates("2019-01-01", "2020-02-29")},
        Fields{"date:2021 date:2019", "", dates("2021-01-01", "2019-12-31")},  // disjoint: matches nothing
        Fields{"a AND source:x AND b", "\"a\" AND \"b\"", sources({"x"})},
        Fields{"source:x AND a", "\"a\"", sources({"x"})},
        Fields{"a AND source:x", "\"a\"", sources({"x"})},
        Fields{"source:x (a OR b)", "\"a\" OR \"b\"", sources({"x"})},
        Fields{"source:x -a b", "\"b\" NOT \"a\"", sources({"x"})},
        Fields{"source:x & ...", "", sources({"x"})},
        Fields{"10:30 https://x Note: re: :a", "\"10:30\" AND \"https://x\" AND \"Note:\" AND \"re:\" AND \":a\"",
               QueryFilters{}},
        Fields{"\"foo:bar\" r\xC3\xA9sum\xC3\xA9:x", "\"foo:bar\" AND \"r\xC3\xA9sum\xC3\xA9:x\"", QueryFilters{}}));

TEST(QueryFields, FieldsOfEveryKindCombine) {
    const TranslatedQuery q = translate_query_full(
        "drones title:harbour source:Reuters author:doe publisher:Sabah date:2020 lang:en kind:paragraph");
    EXPECT_EQ(q.match, "\"drones\"");
    EXPECT_EQ(describe(q.filters),
              "title=[\"harbour\"] sources={[Reuters]} authors={[doe]} publishers={[Sabah]} languages={[en]} "
              "kinds={paragraph,} date=2020-01-01..2020-12-31");
}

TEST(QueryFields, WordsAloneHaveNoFilters) {
    EXPECT_TRUE(translate_query_full("defence ties").filters.empty());
}

TEST(QueryFields, TranslateQueryNeedsWords) {
    try {
        translate_query("source:Reuters");
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), Errc::invalid_query);
        EXPECT_EQ(e.message(), "the query has no words to search for");
    }
}

// ---- field errors: the exact message -------------------------------------------

struct BadField {
    const char* input;
    const char* message;
};

class QueryFieldErrors : public testing::TestWithParam<BadField> {};

TEST_P(QueryFieldErrors, ThrowsInvalidQueryWithMessage) {
    try {
        const TranslatedQuery q = translate_query_full(GetParam().input);
        FAIL() << "no error for input: " << GetParam().input << " -> " << q.match;
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), Errc::invalid_query);
        EXPECT_EQ(e.message(), GetParam().message) << "input: " << GetParam().input;
        EXPECT_FALSE(e.hint().empty());
    }
}

#define KNOWN "(the fields are title:, source:, author:, publisher:, date:, lang:, kind:, tag:)"

INSTANTIATE_TEST_SUITE_P(
    Table, QueryFieldErrors,
    testing::Values(
        BadField{"foo:bar", "unknown field foo: at column 1 " KNOWN},
        BadField{"drones Sorce:Reuters", "unknown field Sorce: at column 8 " KNOWN},
        BadField{"text:abc", "unknown field text: at column 1 " KNOWN},
        BadField{"foo:\"a b\"", "unknown field foo: at column 1 " KNOWN},
        BadField{"http:x", "unknown field http: at column 1 " KNOWN},
        BadField{"source:", "the field source: at column 1 needs a value"},
        BadField{"a Title: drones", "the field title: at column 3 needs a value"},
        BadField{"source:\"\"", "the field source: at column 1 needs a value"},
        BadField{"source:\"  \"", "the field source: at column 1 needs a value"},
        BadField{"a OR source:x", "the field source: at column 6 is used with OR"},
        BadField{"source:x a OR b", "the field source: at column 1 is used with OR"},
        BadField{"(source:x a)", "the field source: at column 2 is inside ( )"},
        BadField{"a (b (kind:title))", "the field kind: at column 7 is inside ( )"},
        BadField{"a -source:x", "the field source: at column 4 cannot be excluded with - or NOT"},
        BadField{"a NOT kind:title", "the field kind: at column 7 cannot be excluded with - or NOT"},
        BadField{"NEAR(a source:x)", "unexpected field source: at column 8 inside NEAR(...)"},
        BadField{"date:2020-13", "date:2020-13 at column 1 is not a date or date range"},
        BadField{"date:2021-02-29", "date:2021-02-29 at column 1 is not a date or date range"},
        BadField{"date:2020-03..2020-02", "date:2020-03..2020-02 at column 1 is not a date or date range"},
        BadField{"date:..", "date:.. at column 1 is not a date or date range"},
        BadField{"date:\"2020 02\"", "date:\"2020 02\" at column 1 is not a date or date range"},
        BadField{"date:20", "date:20 at column 1 is not a date or date range"},
        BadField{"lang:eng", "lang:eng at column 1 is not a two-letter language code"},
        BadField{"lang:e1", "lang:e1 at column 1 is not a two-letter language code"},
        BadField{"kind:note", "kind:note at column 1 is not a passage kind"},
        BadField{"title:&", "the field title: at column 1 has no words to search for"},
        BadField{"title:*", "a prefix needs at least one letter before * (column 7)"},
        BadField{"source:x -a", "NOT/- needs something to exclude from, e.g. turkey -pakistan (column 10)"}));

TEST(QueryFieldErrors, UnknownFieldHintSaysHowToSearchTheText) {
    try {
        translate_query_full("foo:bar");
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_EQ(e.hint(), "check the spelling, or put the text in quotes to search for it: \"foo:bar\"");
    }
}

// ---- ranking forms ---------------------------------------------------------------

struct Forms {
    const char* input;
    WordMatch words;
    const char* phrase;
    const char* near;
};

class QueryRankingForms : public testing::TestWithParam<Forms> {};

TEST_P(QueryRankingForms, PhraseAndNearOfTheWords) {
    const TranslatedQuery q = translate_query_full(GetParam().input, GetParam().words);
    EXPECT_EQ(q.phrase, GetParam().phrase) << "input: " << GetParam().input;
    EXPECT_EQ(q.near, GetParam().near) << "input: " << GetParam().input;
}

INSTANTIATE_TEST_SUITE_P(
    Table, QueryRankingForms,
    testing::Values(
        Forms{"defence industry", stemmed, "\"defence industry\"", "NEAR(\"defence\" \"industry\", 5)"},
        Forms{"defence AND industry -army source:x", stemmed, "\"defence industry\"",
              "NEAR(\"defence\" \"industry\", 5)"},
        Forms{"a \"b c\" =d", stemmed, "\"a b c =d\"", "NEAR(\"a\" \"b c\" \"=d\", 5)"},
        Forms{"a b", exact, "\"=a =b\"", "NEAR(\"=a\" \"=b\", 5)"},
        Forms{"turkey", stemmed, "", ""},
        Forms{"\"defence industry\"", stemmed, "", ""},
        Forms{"a OR b", stemmed, "", ""},
        Forms{"a b*", stemmed, "", ""},
        Forms{"a (b OR c)", stemmed, "", ""},
        Forms{"a U.S.A", stemmed, "", ""},
        Forms{"NEAR(a b) c", stemmed, "", ""}));

// ---- dates -----------------------------------------------------------------------

struct PartialDate {
    const char* text;
    std::optional<DateRange> range;
};

class PartialDates : public testing::TestWithParam<PartialDate> {};

TEST_P(PartialDates, StandForTheirFirstAndLastDay) {
    EXPECT_EQ(parse_partial_date(GetParam().text), GetParam().range) << GetParam().text;
}

INSTANTIATE_TEST_SUITE_P(
    Table, PartialDates,
    testing::Values(PartialDate{"2020", DateRange{"2020-01-01", "2020-12-31"}},
                    PartialDate{"2020-02", DateRange{"2020-02-01", "2020-02-29"}},
                    PartialDate{"2021-02", DateRange{"2021-02-01", "2021-02-28"}},
                    PartialDate{"2000-02", DateRange{"2000-02-01", "2000-02-29"}},
                    PartialDate{"2100-02", DateRange{"2100-02-01", "2100-02-28"}},
                    PartialDate{"2020-04", DateRange{"2020-04-01", "2020-04-30"}},
                    PartialDate{"2020-12-31", DateRange{"2020-12-31", "2020-12-31"}},
                    PartialDate{"", std::nullopt}, PartialDate{"202", std::nullopt},
                    PartialDate{"20200", std::nullopt}, PartialDate{"0000", std::nullopt},
                    PartialDate{"2020-2", std::nullopt}, PartialDate{"2020-00", std::nullopt},
                    PartialDate{"2020-13", std::nullopt}, PartialDate{"2020-02-30", std::nullopt},
                    PartialDate{"2020-02-1", std::nullopt}, PartialDate{"2020/02", std::nullopt},
                    PartialDate{"abcd", std::nullopt}, PartialDate{"+202", std::nullopt},
                    PartialDate{"2020-02-14T10:00", std::nullopt}));

TEST(DateRanges, OpenEndsAndOrder) {
    EXPECT_EQ(parse_date_range("2019..2020-03"), (DateRange{"2019-01-01", "2020-03-31"}));
    EXPECT_EQ(parse_date_range("..2020"), (DateRange{"", "2020-12-31"}));
    EXPECT_EQ(parse_date_range("2020-02-14.."), (DateRange{"2020-02-14", ""}));
    EXPECT_EQ(parse_date_range("2020-02..2020-02"), (DateRange{"2020-02-01", "2020-02-29"}));
    EXPECT_EQ(parse_date_range("2020-03..2020-02"), std::nullopt);
    EXPECT_EQ(parse_date_range("2020...2021"), std::nullopt);
    EXPECT_EQ(parse_date_range("x..2021"), std::nullopt);
}

// ---- option filters -----------------------------------------------------------------

TEST(OptionFilters, MergeWithTheQuerysFields) {
    SearchOptions options;
    options.since = "2019";
    options.until = " 2020-02 ";
    options.sources = {"Reuters"};
    options.authors = {"doe"};
    options.languages = {"EN"};
    options.kind = PassageKind::footnote;
    QueryFilters from_query = translate_query_full("a source:AP date:2020-02-10.. kind:title").filters;
    const QueryFilters f = merge_option_filters(from_query, options);
    EXPECT_EQ(describe(f),
              "title=[] sources={[AP][Reuters]} authors={[doe]} publishers={} languages={[en]} "
              "kinds={title,footnote,} date=2020-02-10..2020-02-29");
}

TEST(OptionFilters, NoOptionsChangeNothing) {
    const QueryFilters f = translate_query_full("a date:2020").filters;
    EXPECT_EQ(merge_option_filters(f, SearchOptions{}), f);
}

struct BadOption {
    std::string since, until, lang;
    const char* message;
};

class OptionFilterErrors : public testing::TestWithParam<BadOption> {};

TEST_P(OptionFilterErrors, AreInvalidArgumentsNamingTheOption) {
    SearchOptions options;
    options.since = GetParam().since;
    options.until = GetParam().until;
    if (!GetParam().lang.empty()) options.languages = {GetParam().lang};
    try {
        merge_option_filters({}, options);
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), Errc::invalid_argument);
        EXPECT_EQ(e.message(), GetParam().message);
        EXPECT_FALSE(e.hint().empty());
    }
}

INSTANTIATE_TEST_SUITE_P(
    Table, OptionFilterErrors,
    testing::Values(BadOption{"2020-13", "", "", "--since 2020-13: not a date"},
                    BadOption{"", "Feb 2020", "", "--until Feb 2020: not a date"},
                    BadOption{"2020-03", "2020-02", "", "--since 2020-03: is after --until 2020-02"},
                    BadOption{"", "", "english", "--lang english: not a two-letter language code"}));

} // namespace
} // namespace newsdb
