// parse_query(): the tree every emitter walks, and its invariants
// (src/query/query_tree.hpp). The FTS5 strings are pinned in translator_test.cpp.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "newsdb/error.hpp"
#include "newsdb/query.hpp"
#include "query/parser.hpp"
#include "query/query_tree.hpp"

namespace newsdb::query {
namespace {

std::string tree_of(const std::string& query, WordMatch words = WordMatch::stemmed) {
    const ParsedQuery parsed = parse_query(query, words);
    return parsed.root ? describe(*parsed.root) : "(no words)";
}

struct Shape {
    const char* input;
    const char* tree;
};

class QueryTreeShape : public testing::TestWithParam<Shape> {};

TEST_P(QueryTreeShape, ParsesToTree) {
    EXPECT_EQ(tree_of(GetParam().input), GetParam().tree) << "input: " << GetParam().input;
}

INSTANTIATE_TEST_SUITE_P(
    Table, QueryTreeShape,
    testing::Values(
        Shape{"a", "a"},
        Shape{"a \"b c\" -d", "AND(a, \"b c\", NOT d)"},
        Shape{"-d a \"b c\"", "AND(a, \"b c\", NOT d)"},            // exclusions after the positives
        Shape{"a NOT d", "AND(a, NOT d)"},
        Shape{"a OR b c", "OR(a, AND(b, c))"},
        Shape{"(a b) c", "AND(a, b, c)"},                          // nested ANDs flattened
        Shape{"(a OR b) OR c", "OR(a, b, c)"},                     // nested ORs flattened
        Shape{"(a OR b) c", "AND(OR(a, b), c)"},
        Shape{"-c (a -b)", "AND(a, NOT b, NOT c)"},                // the nested AND's exclusions first
        Shape{"a -(b OR c)", "AND(a, NOT OR(b, c))"},
        Shape{"a -(b -c)", "AND(a, NOT AND(b, NOT c))"},
        Shape{"a (-b)", "AND(a, NOT b)"},
        Shape{"x -NEAR(a b)", "AND(x, NOT NEAR/10(a, b))"},
        Shape{"NEAR(a \"b c\" d*, 3)", "NEAR/3(a, \"b c\", d*)"},
        Shape{"NEAR(a &)", "a"},                                   // one searchable term left
        Shape{"=a =\"b c\" x* \"d e\"*", "AND(=a, =\"b c\", x*, \"d e\"*)"},
        Shape{"a & b", "AND(a, b)"},                               // punctuation alone dropped
        Shape{"a (& ...)", "a"},
        Shape{"a -&", "a"},
        Shape{"a OR &", "a"},
        Shape{"+a -OR", "AND(a, NOT OR)"},                         // after a sign, OR is a word
        Shape{"U.S. R&D", "AND(U.S., R&D)"}));

TEST(QueryTree, WordMatchExactMarksEveryTerm) {
    EXPECT_EQ(tree_of("a \"b c\" -d*", WordMatch::exact), "AND(=a, =\"b c\", NOT =d*)");
    EXPECT_EQ(tree_of("NEAR(a b)", WordMatch::exact), "NEAR/10(=a, =b)");
}

TEST(QueryTree, FieldsLeaveTheTree) {
    const ParsedQuery parsed =
        parse_query("title:drones source:Reuters a AND title:\"b c\"* date:2020 kind:footnote");
    ASSERT_TRUE(parsed.root);
    EXPECT_EQ(describe(*parsed.root), "a");
    ASSERT_EQ(parsed.title.size(), 2u);
    EXPECT_EQ(describe(parsed.title[0]), "drones");
    EXPECT_EQ(describe(parsed.title[1]), "\"b c\"*");
    EXPECT_EQ(parsed.filters.title, "");  // each emitter renders the title terms itself
    EXPECT_EQ(parsed.filters.sources, std::vector<std::string>{"Reuters"});
    ASSERT_TRUE(parsed.filters.date);
    EXPECT_EQ(*parsed.filters.date, (DateRange{"2020-01-01", "2020-12-31"}));
    EXPECT_EQ(parsed.filters.kinds, std::vector<PassageKind>{PassageKind::footnote});
}

TEST(QueryTree, OnlyFieldsHaveNoRoot) {
    const ParsedQuery fields = parse_query("source:Reuters");
    EXPECT_FALSE(fields.root);
    EXPECT_TRUE(fields.has_filters());
    const ParsedQuery title = parse_query("title:=x & ...");
    EXPECT_FALSE(title.root);
    ASSERT_EQ(title.title.size(), 1u);
    EXPECT_EQ(describe(title.title[0]), "=x");
    EXPECT_FALSE(parse_query("lang:en &").root);
}

// The parser rejects; the emitter only renders: the errors are the parser's.
TEST(QueryTree, ParserRaisesTheTranslatorsErrors) {
    for (const char* input : {"", "a \"b", "-a", "a OR", "NEAR(a)", "(a", "a b)", "tilte:x", "&", "a -(-b)",
                              "lang:english", "(source:x)"}) {
        std::string parser_message, translator_message;
        try {
            parse_query(input);
        } catch (const Error& e) {
            EXPECT_EQ(e.code(), Errc::invalid_query) << input;
            parser_message = e.message();
        }
        try {
            translate_query_full(input);
        } catch (const Error& e) {
            translator_message = e.message();
        }
        EXPECT_FALSE(parser_message.empty()) << input;
        EXPECT_EQ(parser_message, translator_message) << input;
    }
}

// query_tree.hpp's invariants; "" when they hold.
std::string violation(const Node& node, bool root) {
    using Kind = Node::Kind;
    const auto count = [&](Kind kind) {
        std::size_t n = 0;
        for (const Node& item : node.items) n += item.kind == kind;
        return n;
    };
    switch (node.kind) {
    case Kind::term:
        if (!node.items.empty()) return "a term with items";
        return node.text.empty() ? "an empty term" : "";
    case Kind::near:
        if (node.items.size() < 2) return "NEAR with fewer than two terms";
        for (const Node& item : node.items)
            if (item.kind != Kind::term) return "NEAR over a non-term";
        return "";
    case Kind::any:
        if (node.items.size() < 2) return "OR with fewer than two items";
        if (count(Kind::any) > 0) return "OR inside OR";
        if (count(Kind::exclude) > 0) return "NOT directly inside OR";
        break;
    case Kind::all: {
        if (node.items.size() < 2) return "AND with fewer than two items";
        if (count(Kind::all) > 0) return "AND inside AND";
        const std::size_t positives = node.items.size() - count(Kind::exclude);
        if (positives == 0) return "AND without a positive part";
        for (std::size_t k = 0; k < node.items.size(); ++k)
            if ((node.items[k].kind == Kind::exclude) != (k >= positives)) return "NOT before a positive part";
        break;
    }
    case Kind::exclude:
        if (root) return "NOT at the root";
        if (node.items.size() != 1) return "NOT without exactly one item";
        if (node.items.front().kind == Kind::exclude) return "NOT of NOT";
        if (node.column == 0) return "NOT without its column";
        break;
    }
    for (const Node& item : node.items) {
        if (item.kind == Kind::exclude && node.kind != Kind::all) return "NOT outside an AND";
        if (std::string why = violation(item, false); !why.empty()) return why;
    }
    return "";
}

TEST(QueryTree, InvariantsHoldForEveryShortCombination) {
    const std::vector<std::string> pieces = {"a", "b", "\"c d\"", "&", "(", ")", "-", "NOT", "OR",
                                             "NEAR(", ",", "x*", "=e", "title:t"};
    int parsed = 0, rejected = 0;
    std::vector<std::size_t> index;
    const auto visit = [&](const std::string& query) {
        try {
            const ParsedQuery result = parse_query(query);
            ++parsed;
            if (result.root) {
                const std::string why = violation(*result.root, true);
                ASSERT_EQ(why, "") << "query [" << query << "] -> " << describe(*result.root);
            }
        } catch (const Error& e) {
            ASSERT_EQ(e.code(), Errc::invalid_query) << query;
            ++rejected;
        }
    };
    // Every sequence of one to four pieces, separated by spaces.
    for (std::size_t length = 1; length <= 4; ++length) {
        index.assign(length, 0);
        for (;;) {
            std::string query;
            for (std::size_t k = 0; k < length; ++k) query += (k ? " " : "") + pieces[index[k]];
            visit(query);
            if (HasFatalFailure()) return;
            std::size_t k = 0;
            while (k < length && ++index[k] == pieces.size()) index[k++] = 0;
            if (k == length) break;
        }
    }
    EXPECT_GT(parsed, 1000);
    EXPECT_GT(rejected, 1000);
}

} // namespace
} // namespace newsdb::query
