#include "query/tsquery_emitter.hpp"

#include <gtest/gtest.h>

#include "newsdb/error.hpp"
#include "query/parser.hpp"

namespace newsdb::query {
namespace {

TsQuery emit(const std::string& q, WordMatch words = WordMatch::stemmed) { return to_tsquery(parse_query(q, words)); }

TEST(TsqueryEmitter, OperandsAreQuotedSoNoTextIsAnOperator) {
    EXPECT_EQ(tsquery_operand("it's"), "'it''s'");
    EXPECT_EQ(tsquery_operand("a\\b"), "'a\\\\b'");
    EXPECT_EQ(tsquery_operand("a & !b | c:*"), "'a & !b | c:*'");
}

TEST(TsqueryEmitter, WordsPhrasesPrefixesAndExactWords) {
    const TsQuery word = emit("agreements");
    ASSERT_EQ(word.terms.size(), 1u);
    EXPECT_EQ(word.terms[0].tsquery, "'agreements'");
    EXPECT_FALSE(word.terms[0].exact);
    EXPECT_EQ(emit("\"defence industry\"").terms[0].tsquery, "'defence' <-> 'industry'");
    const TsQuery prefix = emit("\"open da\"*");
    EXPECT_EQ(prefix.terms[0].tsquery, "'open' <-> 'da':*");
    EXPECT_TRUE(prefix.terms[0].exact);
    EXPECT_TRUE(emit("=agreements").terms[0].exact);
    EXPECT_TRUE(emit("agreements", WordMatch::exact).terms[0].exact);
    EXPECT_EQ(emit("U.S.A.").terms[0].tsquery, "( 'U.S.A.' | 'USA' )");
}

TEST(TsqueryEmitter, TheTreeBecomesAConditionOverTerms) {
    const TsQuery q = emit("(drones OR uav) army -navy");
    ASSERT_TRUE(q.has_condition);
    EXPECT_EQ(q.terms.size(), 4u);
    EXPECT_EQ(q.condition.kind, TsCondition::Kind::all);
    ASSERT_EQ(q.condition.items.size(), 2u);
    EXPECT_EQ(q.condition.items[0].kind, TsCondition::Kind::any);
    ASSERT_EQ(q.condition.excluded.size(), 1u);
    EXPECT_EQ(q.terms[q.condition.excluded[0].term].tsquery, "'navy'");
    EXPECT_EQ(q.part_names, (std::vector<std::string>{"drones OR uav", "army"}));
}

TEST(TsqueryEmitter, FieldsStayFiltersAndTitlesStayTerms) {
    const TsQuery q = emit("title:drones source:Reuters wheat");
    ASSERT_EQ(q.title.size(), 1u);
    EXPECT_EQ(q.title[0].tsquery, "'drones'");
    EXPECT_EQ(q.filters.sources, (std::vector<std::string>{"Reuters"}));
    EXPECT_TRUE(q.filters.title.empty());
    EXPECT_FALSE(emit("source:Reuters").has_condition);
}

TEST(TsqueryEmitter, NearIsRefusedNotSearchedForSomethingElse) {
    for (const std::string q : {"NEAR(turkey drones, 5)", "NEAR(a b)", "x OR NEAR(a b, 2)"}) {
        try {
            emit(q);
            FAIL() << q;
        } catch (const Error& e) {
            EXPECT_EQ(e.code(), Errc::invalid_query) << q;
            EXPECT_NE(e.message().find("PostgreSQL"), std::string::npos) << e.message();
        }
    }
}

TEST(TsqueryEmitter, InvalidQueriesFailAsForFts5) {
    EXPECT_THROW(emit("\"unclosed"), Error);
    EXPECT_THROW(emit(""), Error);
}

} // namespace
} // namespace newsdb::query
