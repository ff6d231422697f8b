// translate_query(): exact output for valid queries, exact messages for invalid
// ones, and a property test that every translation is accepted by FTS5.
#include <gtest/gtest.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "newsdb/error.hpp"
#include "newsdb/query.hpp"

namespace {

using newsdb::Errc;
using newsdb::Error;
using newsdb::translate_query;

// ---- valid queries: the exact FTS5 expression -------------------------------
//
// Output shape: every term is a quoted FTS5 string ("word", "a phrase",
// prefix "word"*); AND/OR operands that are themselves AND/OR/NOT expressions
// are parenthesised; exclusions come last as `P NOT n1 NOT n2`, with P
// parenthesised when it has more than one part; NEAR always states its distance.

struct Valid {
    const char* input;
    const char* expected;
};

class QueryTranslateValid : public testing::TestWithParam<Valid> {};

TEST_P(QueryTranslateValid, EmitsExpectedExpression) {
    EXPECT_EQ(translate_query(GetParam().input), GetParam().expected) << "input: " << GetParam().input;
}

INSTANTIATE_TEST_SUITE_P(
    Table, QueryTranslateValid,
    testing::Values(
        Valid{"turkey", "\"turkey\""},
        Valid{"turkey pakistan", "\"turkey\" AND \"pakistan\""},
        Valid{"  turkey \t\n pakistan  ", "\"turkey\" AND \"pakistan\""},
        Valid{"turkey AND pakistan", "\"turkey\" AND \"pakistan\""},
        Valid{"turkey OR pakistan", "\"turkey\" OR \"pakistan\""},
        Valid{"\"defence ties\"", "\"defence ties\""},
        Valid{"\"defence ties\" OR drones -army", "\"defence ties\" OR (\"drones\" NOT \"army\")"},
        Valid{"a b OR c", "(\"a\" AND \"b\") OR \"c\""},
        Valid{"a OR b c", "\"a\" OR (\"b\" AND \"c\")"},
        Valid{"(a OR b) c", "(\"a\" OR \"b\") AND \"c\""},
        Valid{"((a))", "\"a\""},
        Valid{"(a b) c", "\"a\" AND \"b\" AND \"c\""},
        Valid{"(a OR b) OR c", "\"a\" OR \"b\" OR \"c\""},
        Valid{"a -b", "\"a\" NOT \"b\""},
        Valid{"a NOT b", "\"a\" NOT \"b\""},
        Valid{"a -b -c", "\"a\" NOT \"b\" NOT \"c\""},
        Valid{"a b -c", "(\"a\" AND \"b\") NOT \"c\""},
        Valid{"-b a", "\"a\" NOT \"b\""},
        Valid{"a -\"x y\"", "\"a\" NOT \"x y\""},
        Valid{"c -(a OR b)", "\"c\" NOT (\"a\" OR \"b\")"},
        Valid{"a -(b -c)", "\"a\" NOT (\"b\" NOT \"c\")"},
        Valid{"a (-b)", "\"a\" NOT \"b\""},
        Valid{"(a -b) OR c", "(\"a\" NOT \"b\") OR \"c\""},
        Valid{"a -OR", "\"a\" NOT \"OR\""},
        Valid{"+a", "\"a\""},
        Valid{"+a +\"b c\" +(d)", "\"a\" AND \"b c\" AND \"d\""},
        Valid{"+OR", "\"OR\""},
        Valid{"defen*", "\"defen\"*"},
        Valid{"\"defence ti\"*", "\"defence ti\"*"},
        Valid{"U.S.*", "\"U.S.\"*"},
        Valid{"a*b", "\"a*b\""},
        Valid{"NEAR(turkey pakistan)", "NEAR(\"turkey\" \"pakistan\", 10)"},
        Valid{"NEAR(turkey pakistan, 5)", "NEAR(\"turkey\" \"pakistan\", 5)"},
        Valid{"NEAR (turkey \"defence ties\" drone*,0)", "NEAR(\"turkey\" \"defence ties\" \"drone\"*, 0)"},
        Valid{"x -NEAR(a b)", "\"x\" NOT NEAR(\"a\" \"b\", 10)"},
        Valid{"NEAR(a &)", "\"a\""},
        Valid{"NEAR", "\"NEAR\""},
        Valid{"near(a b)", "\"near\" AND \"a\" AND \"b\""},
        Valid{"or and not near", "\"or\" AND \"and\" AND \"not\" AND \"near\""},
        Valid{"Europe's", "\"Europe's\""},
        Valid{"R&D $3.5 U.S. e-mail C++",
              "\"R&D\" AND \"$3.5\" AND \"U.S.\" AND \"e-mail\" AND \"C++\""},
        Valid{"#MeToo", "(\"#MeToo\" OR \"MeToo\")"},
        Valid{"=#MeToo", "(\"=#MeToo\" OR \"=MeToo\")"},
        Valid{"#Me*", "(\"#Me\"* OR \"Me\"*)"},
        Valid{"##a -#b", "(\"##a\" OR \"a\") NOT (\"#b\" OR \"b\")"},
        Valid{"\"#MeToo movement\" # #& C# F#", "\"#MeToo movement\" AND \"C#\" AND \"F#\""},
        Valid{"U.S.A", "(\"U.S.A\" OR \"USA\")"},
        Valid{"e.g. U.S.A.", "\"e.g.\" AND (\"U.S.A.\" OR \"USA\")"},
        Valid{"1,000", "\"1,000\""},
        // Not FTS5 column filters: `text:abc` is an unknown field (fields_test.cpp),
        // other colons are text.
        Valid{"10:30 https://x ^start", "\"10:30\" AND \"https://x\" AND \"^start\""},
        Valid{"a & b", "\"a\" AND \"b\""},
        Valid{"a — b ... -", "\"a\" AND \"b\""},
        Valid{"a - b", "\"a\" AND \"b\""},
        Valid{"a --b", "\"a\" NOT \"-b\""},
        Valid{"a OR &", "\"a\""},
        Valid{"a (& ...)", "\"a\""},
        Valid{"a -&", "\"a\""},
        Valid{"a \"\"", "\"a\""},
        Valid{"\xE2\x80\x9C" "curly phrase" "\xE2\x80\x9D", "\"curly phrase\""},
        Valid{"\xE2\x80\x9C" "he said \"hi\"" "\xE2\x80\x9D", "\"he said \"\"hi\"\"\""},
        Valid{"Erdo\xC4\x9F" "an", "\"Erdo\xC4\x9F" "an\""},
        Valid{"Europe\xE2\x80\x99s", "\"Europe\xE2\x80\x99s\""},
        Valid{"a\xC2\xA0" "b", "\"a\" AND \"b\""},                        // NBSP separates
        Valid{"a \xE2\x80\x94 \xC2\xAB" "b" "\xC2\xBB", "\"a\" AND \"\xC2\xAB" "b" "\xC2\xBB\""},
        Valid{"\xE6\x9D\xB1\xE4\xBA\xAC", "\"\xE6\x9D\xB1\xE4\xBA\xAC\""},   // 東京
        Valid{"a\tb\x01" "c", "\"a\" AND \"b\" AND \"c\""}));

TEST(QueryTranslate, EmbeddedNulSeparatesWords) {
    EXPECT_EQ(translate_query(std::string("a\0b", 3)), "\"a\" AND \"b\"");
    EXPECT_EQ(translate_query(std::string("\"a\0b\"", 5)), "\"a b\"");
}

TEST(QueryTranslate, AcceptsLongestAllowedQuery) {
    std::string query;
    while (query.size() + 2 <= 4096) query += "a ";
    query.resize(4096, 'b');
    EXPECT_NO_THROW(translate_query(query));
}

TEST(QueryTranslate, AcceptsDeepestAllowedNesting) {
    const std::string query = std::string(64, '(') + "a" + std::string(64, ')');
    EXPECT_EQ(translate_query(query), "\"a\"");
}

// ---- invalid queries: the exact message -------------------------------------

struct Invalid {
    std::string input;
    const char* message;
};

class QueryTranslateInvalid : public testing::TestWithParam<Invalid> {};

TEST_P(QueryTranslateInvalid, ThrowsInvalidQueryWithMessage) {
    try {
        const std::string out = translate_query(GetParam().input);
        FAIL() << "no error for input: " << GetParam().input << " -> " << out;
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), Errc::invalid_query);
        EXPECT_EQ(e.message(), GetParam().message) << "input: " << GetParam().input;
        EXPECT_FALSE(e.hint().empty());
    }
}

INSTANTIATE_TEST_SUITE_P(
    Table, QueryTranslateInvalid,
    testing::Values(
        Invalid{"", "the query is empty"},
        Invalid{" \t\n ", "the query is empty"},
        Invalid{"\xC2\xA0", "the query is empty"},
        Invalid{"turkey \"defence ties", "unclosed quote starting at column 8"},
        Invalid{"\xC3\xA9\xC3\xA9 \"x", "unclosed quote starting at column 4"},
        Invalid{"\xE2\x80\x9C" "abc\"", "unclosed quote starting at column 1"},
        Invalid{"(a b", "unclosed parenthesis at column 1"},
        Invalid{"a (b (c)", "unclosed parenthesis at column 3"},
        Invalid{"(", "unclosed parenthesis at column 1"},
        Invalid{"- (", "unclosed parenthesis at column 3"},
        Invalid{"a b)", "unmatched ) at column 4"},
        Invalid{") a", "unmatched ) at column 1"},
        Invalid{"a ()", "empty parentheses at column 3"},
        Invalid{"OR a", "OR at column 1 needs a word on both sides"},
        Invalid{"a OR", "OR at column 3 needs a word on both sides"},
        Invalid{"a OR OR b", "OR at column 3 needs a word on both sides"},
        Invalid{"a AND", "AND at column 3 needs a word on both sides"},
        Invalid{"AND a", "AND at column 1 needs a word on both sides"},
        Invalid{"a AND OR b", "AND at column 3 needs a word on both sides"},
        Invalid{"(OR a)", "OR at column 2 needs a word on both sides"},
        Invalid{"(a OR) b", "OR at column 4 needs a word on both sides"},
        Invalid{"a NOT", "NOT at column 3 needs a word, phrase or ( group ) after it"},
        Invalid{"a NOT NOT b", "NOT at column 3 needs a word, phrase or ( group ) after it"},
        Invalid{"a NOT -b", "NOT at column 3 needs a word, phrase or ( group ) after it"},
        Invalid{"*", "a prefix needs at least one letter before * (column 1)"},
        Invalid{"a *", "a prefix needs at least one letter before * (column 3)"},
        Invalid{"*abc", "a prefix needs at least one letter before * (column 1)"},
        Invalid{"a -*", "a prefix needs at least one letter before * (column 4)"},
        Invalid{"...*", "a prefix needs at least one letter before * (column 4)"},
        Invalid{"\"&\"*", "a prefix needs at least one letter before * (column 4)"},
        Invalid{"-pakistan", "NOT/- needs something to exclude from, e.g. turkey -pakistan (column 1)"},
        Invalid{"NOT pakistan", "NOT/- needs something to exclude from, e.g. turkey -pakistan (column 1)"},
        Invalid{"a OR -b", "NOT/- needs something to exclude from, e.g. turkey -pakistan (column 6)"},
        Invalid{"& -b", "NOT/- needs something to exclude from, e.g. turkey -pakistan (column 3)"},
        Invalid{"a -(-b)", "NOT/- needs something to exclude from, e.g. turkey -pakistan (column 5)"},
        Invalid{"&", "the query has no words to search for"},
        Invalid{"- ... \xE2\x80\x94 \"\"", "the query has no words to search for"},
        Invalid{"(&) OR \"...\"", "the query has no words to search for"},
        Invalid{"NEAR(a)", "NEAR at column 1 needs at least two words or phrases"},
        Invalid{"x NEAR()", "NEAR at column 3 needs at least two words or phrases"},
        Invalid{"NEAR(a b", "NEAR( at column 1 has no closing )"},
        Invalid{"NEAR(a b,", "NEAR( at column 1 has no closing )"},
        Invalid{"NEAR(a b, x)", "the NEAR distance at column 11 must be a whole number from 0 to 1000000"},
        Invalid{"NEAR(a b, -1)", "the NEAR distance at column 11 must be a whole number from 0 to 1000000"},
        Invalid{"NEAR(a b, 1000001)", "the NEAR distance at column 11 must be a whole number from 0 to 1000000"},
        Invalid{"NEAR(a b,)", "the NEAR distance at column 10 must be a whole number from 0 to 1000000"},
        Invalid{"NEAR(a b, 5 6)", "unexpected word at column 13 inside NEAR(...)"},
        Invalid{"NEAR(a OR b)", "unexpected OR at column 8 inside NEAR(...)"},
        Invalid{"NEAR(a -b)", "unexpected - at column 8 inside NEAR(...)"},
        Invalid{"NEAR(a (b))", "unexpected ( at column 8 inside NEAR(...)"},
        Invalid{std::string(4097, 'a'), "the query is too long (4097 bytes; the limit is 4096)"},
        Invalid{std::string(65, '(') + "a" + std::string(65, ')'),
                "parentheses nested too deeply at column 65 (the limit is 64 levels)"},
        Invalid{"ab\xFF", "the query contains invalid UTF-8 at column 3"},
        Invalid{"\xC3\xA9\xC3", "the query contains invalid UTF-8 at column 2"},
        Invalid{"\xC0\x80", "the query contains invalid UTF-8 at column 1"},          // overlong
        Invalid{"\xED\xA0\x80", "the query contains invalid UTF-8 at column 1"},      // surrogate
        Invalid{"\xF4\x90\x80\x80", "the query contains invalid UTF-8 at column 1"}));  // > U+10FFFF

TEST(QueryTranslate, HintSaysWhatToDo) {
    try {
        translate_query("a \"b");
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_EQ(e.hint(), "add the closing \" after the phrase");
    }
}

// ---- against a real FTS5 table ----------------------------------------------

class QueryTranslateFts : public testing::Test {
protected:
    QueryTranslateFts() : db_(":memory:", SQLite::OPEN_READWRITE) {
        db_.exec("CREATE VIRTUAL TABLE t USING fts5(text, "
                 "tokenize='porter unicode61 remove_diacritics 2')");
        const std::vector<std::string> rows = {
            /* 1 */ "President Erdo\xC4\x9F" "an signed the agreements in Ankara.",
            /* 2 */ "Turkey and Pakistan deepen defence ties with drones.",
            /* 3 */ "The army ties are about defence of Pakistan.",
            /* 4 */ "R&D spending rose to $3.5 billion in the U.S. this year.",
            /* 5 */ "Europe's farmers and 3 tractors for 5 villages; us too.",
            /* 6 */ "An agreement on drones, not on the army.",
        };
        SQLite::Statement insert(db_, "INSERT INTO t(rowid, text) VALUES (?, ?)");
        for (std::size_t i = 0; i < rows.size(); ++i) {
            insert.bind(1, static_cast<int64_t>(i + 1));
            insert.bind(2, rows[i]);
            insert.exec();
            insert.reset();
        }
        check_.emplace(db_, "SELECT count(*) FROM t WHERE t MATCH ?");
    }

    std::vector<int64_t> ids(const std::string& user_query) {
        SQLite::Statement select(db_, "SELECT rowid FROM t WHERE t MATCH ? ORDER BY rowid");
        select.bind(1, translate_query(user_query));
        std::vector<int64_t> out;
        while (select.executeStep()) out.push_back(select.getColumn(0).getInt64());
        return out;
    }

    // Either an invalid_query error or an expression FTS5 accepts; reports why not.
    testing::AssertionResult accepted_or_rejected(const std::string& user_query) {
        std::string expression;
        try {
            expression = translate_query(user_query);
        } catch (const Error& e) {
            if (e.code() != Errc::invalid_query) {
                return testing::AssertionFailure() << "wrong error code for [" << user_query << "]";
            }
            const std::string text = e.what();
            if (text.find("fts5") != std::string::npos || text.find("syntax error") != std::string::npos) {
                return testing::AssertionFailure() << "SQLite message leaked: " << text;
            }
            return testing::AssertionSuccess();
        } catch (const std::exception& e) {
            return testing::AssertionFailure() << "unexpected exception for [" << user_query << "]: " << e.what();
        }
        try {
            check_->reset();
            check_->bind(1, expression);
            check_->executeStep();
        } catch (const std::exception& e) {
            return testing::AssertionFailure()
                   << "FTS5 rejected [" << expression << "] from [" << user_query << "]: " << e.what();
        }
        return testing::AssertionSuccess();
    }

    SQLite::Database db_;
    std::optional<SQLite::Statement> check_;  // prepared once the table exists
};

using Ids = std::vector<int64_t>;

TEST_F(QueryTranslateFts, FindsWordsAsPeopleWriteThem) {
    EXPECT_EQ(ids("erdogan"), Ids({1}));             // diacritics removed
    EXPECT_EQ(ids("Erdo\xC4\x9F" "an"), Ids({1}));
    EXPECT_EQ(ids("agreement"), Ids({1, 6}));        // porter stemming
    EXPECT_EQ(ids("agreements"), Ids({1, 6}));
    EXPECT_EQ(ids("R&D"), Ids({4}));
    EXPECT_EQ(ids("$3.5"), Ids({4}));
    EXPECT_EQ(ids("U.S."), Ids({4}));                // a phrase: "u s", not the word "us"
    EXPECT_EQ(ids("us"), Ids({5}));
    EXPECT_EQ(ids("Europe's"), Ids({5}));
    EXPECT_EQ(ids("Europe\xE2\x80\x99s"), Ids({5}));
}

TEST_F(QueryTranslateFts, PhraseNeedsWordsInOrder) {
    EXPECT_EQ(ids("\"defence ties\""), Ids({2}));
    EXPECT_EQ(ids("defence ties"), Ids({2, 3}));
    EXPECT_EQ(ids("3.5"), Ids({4}));                 // "3 5" adjacent only, not row 5
    EXPECT_EQ(ids("3 5"), Ids({4, 5}));
}

TEST_F(QueryTranslateFts, ExcludesOrsAndPrefixes) {
    EXPECT_EQ(ids("ties -army"), Ids({2}));
    EXPECT_EQ(ids("ties NOT army"), Ids({2}));
    EXPECT_EQ(ids("drones -army -pakistan"), Ids());
    EXPECT_EQ(ids("drones -(army OR turkey)"), Ids());
    EXPECT_EQ(ids("drones -(army turkey)"), Ids({2, 6}));
    EXPECT_EQ(ids("ankara OR tractors"), Ids({1, 5}));
    EXPECT_EQ(ids("\"defence ties\" OR drones -army"), Ids({2}));
    EXPECT_EQ(ids("pak*"), Ids({2, 3}));
    EXPECT_EQ(ids("pak"), Ids());
    EXPECT_EQ(ids("NEAR(turkey drones, 3)"), Ids());
    EXPECT_EQ(ids("NEAR(turkey drones, 6)"), Ids({2}));
    EXPECT_EQ(ids("not army"), Ids({6}));            // lowercase "not" is a word
}

// Every printable-ASCII string up to length 2, then pseudo-random strings of
// tricky tokens: each is rejected with invalid_query or accepted by FTS5.
TEST_F(QueryTranslateFts, EveryShortAsciiQueryIsRejectedOrAccepted) {
    std::string query;
    for (char a = ' '; a <= '~'; ++a) {
        ASSERT_TRUE(accepted_or_rejected(std::string(1, a)));
        for (char b = ' '; b <= '~'; ++b) {
            ASSERT_TRUE(accepted_or_rejected(std::string{a, b}));
        }
    }
}

TEST_F(QueryTranslateFts, RandomTrickyQueriesAreRejectedOrAccepted) {
    const std::vector<std::string> vocabulary = {
        "\"", "\"", "(", ")", "(", ")", "OR", "AND", "NOT", "-", "+", "*", "NEAR", "NEAR(", ",", ", 5",
        " ", " ", " ", "a", "turkey", "pakistan", "x*", "-b", "\"a b\"", "10", "0", "99999999", "^",
        ":", "text:", "'", "&", "$3.5", "U.S.", "or", "near", "\xE2\x80\x9C", "\xE2\x80\x9D",
        "\xC3\xA9", "\xE2\x80\x94", "\xC2\xA0", "\xF0\x9F\x98\x80", "\xE6\x9D\xB1", "\t", "{", "}", "\\"};
    std::uint32_t state = 12345;  // fixed linear congruential sequence: deterministic runs
    const auto next = [&state](std::uint32_t bound) {
        state = state * 1664525u + 1013904223u;
        return (state >> 8) % bound;
    };
    for (int n = 0; n < 4000; ++n) {
        std::string query;
        const std::uint32_t pieces = 1 + next(12);
        for (std::uint32_t k = 0; k < pieces; ++k) {
            query += vocabulary[next(static_cast<std::uint32_t>(vocabulary.size()))];
        }
        ASSERT_TRUE(accepted_or_rejected(query));
    }
}

} // namespace
