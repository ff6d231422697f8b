// plan_article_search(): the units a query splits into at article level, their
// phrase ranges in the one MATCH, the condition over them, the ranking forms
// and the parts as written.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "query/article_plan.hpp"
#include "query/fts5_emitter.hpp"
#include "query/parser.hpp"

namespace newsdb::query {
namespace {

ArticlePlan plan_of(const std::string& query) { return plan_article_search(*parse_query(query).root); }

std::vector<std::string> expressions(const ArticlePlan& plan) {
    std::vector<std::string> out;
    for (const MatchUnit& u : plan.units) out.push_back(u.expression);
    return out;
}

std::vector<std::string> written(const ArticlePlan& plan) {
    std::vector<std::string> out;
    for (const QueryPart& p : plan.parts) out.push_back(p.written);
    return out;
}

TEST(ArticlePlan, EachPartOfAnAndIsAUnitAndPhrasesAreNumberedLeftToRight) {
    const ArticlePlan plan = plan_of("facebook \"web tracking\" NEAR(privacy law, 4) -ads");
    EXPECT_EQ(expressions(plan), (std::vector<std::string>{"\"facebook\"", "\"web tracking\"",
                                                           "NEAR(\"privacy\" \"law\", 4)", "\"ads\""}));
    ASSERT_EQ(plan.units.size(), 4u);
    EXPECT_EQ(plan.units[2].first_phrase, 2u);
    EXPECT_EQ(plan.units[2].phrases, 2u);
    EXPECT_EQ(plan.units[3].first_phrase, 4u);
    EXPECT_TRUE(plan.units[0].scored);
    EXPECT_FALSE(plan.units[3].scored) << "an exclusion only selects";
    EXPECT_EQ(plan.phrases, 5u);
    EXPECT_EQ(plan.match, "(\"facebook\") OR (\"web tracking\") OR (NEAR(\"privacy\" \"law\", 4)) OR (\"ads\")");
    EXPECT_EQ(plan.highlight, "(\"facebook\") OR (\"web tracking\") OR (NEAR(\"privacy\" \"law\", 4))");
    EXPECT_EQ(written(plan), (std::vector<std::string>{"facebook", "\"web tracking\"", "NEAR(privacy law, 4)"}));
    EXPECT_FALSE(plan.phrase_tier) << "not plain words only";
}

TEST(ArticlePlan, PlainWordsGetTheRankingFormsAsUnitsOfTheirOwn) {
    const ArticlePlan plan = plan_of("oil prices -gas");
    ASSERT_TRUE(plan.phrase_tier && plan.near_tier);
    EXPECT_EQ(plan.units[*plan.phrase_tier].expression, "\"oil prices\"");
    EXPECT_EQ(plan.units[*plan.near_tier].expression, "NEAR(\"oil\" \"prices\", 5)");
    EXPECT_EQ(plan.units[*plan.near_tier].phrases, 2u);
    EXPECT_FALSE(plan.units[*plan.phrase_tier].scored);
    EXPECT_EQ(plan.phrases, 6u);
    EXPECT_EQ(plan.highlight, "(\"oil\") OR (\"prices\")");
}

TEST(ArticlePlan, WhatHasNoAndInsideIsOneUnit) {
    EXPECT_EQ(expressions(plan_of("drones OR uav")), (std::vector<std::string>{"\"drones\" OR \"uav\""}));
    EXPECT_EQ(plan_of("drones OR uav").match, "\"drones\" OR \"uav\"");
    EXPECT_EQ(expressions(plan_of("(a b) OR c")), (std::vector<std::string>{"\"a\"", "\"b\"", "\"c\""}));
    EXPECT_EQ(written(plan_of("(a b) OR c")), (std::vector<std::string>{"(a b) OR c"}));
    EXPECT_EQ(written(plan_of("(a OR b) c")), (std::vector<std::string>{"a OR b", "c"}));
    const ArticlePlan acronym = plan_of("U.S.A. trade");
    EXPECT_EQ(acronym.units[0].phrases, 2u) << "the dotted and the joined form";
    EXPECT_EQ(acronym.units[1].first_phrase, 2u);
    EXPECT_EQ(written(plan_of("=agreements defen* \"a b\"")),
              (std::vector<std::string>{"=agreements", "defen*", "\"a b\""}));
}

TEST(ArticlePlan, TheConditionHoldsPerArticle) {
    const ArticlePlan plan = plan_of("((a b) OR c) -d");
    // Units: a, b, c, d; the OR holds with a and b, or with c; d must not hold.
    ASSERT_EQ(plan.units.size(), 4u);
    const auto holds_with = [&](std::vector<uint8_t> units) { return holds(plan.condition, units.data()); };
    EXPECT_TRUE(holds_with({1, 1, 0, 0}));
    EXPECT_TRUE(holds_with({0, 0, 1, 0}));
    EXPECT_FALSE(holds_with({1, 0, 0, 0}));
    EXPECT_FALSE(holds_with({1, 1, 1, 1}));
    EXPECT_EQ(written(plan), (std::vector<std::string>{"(a b) OR c"}));
    // OR binds looser than AND: this is (a b) OR (c -d).
    const ArticlePlan loose = plan_of("(a b) OR c -d");
    EXPECT_TRUE(holds(loose.condition, std::vector<uint8_t>{1, 1, 1, 1}.data()));
    EXPECT_EQ(written(loose), (std::vector<std::string>{"(a b) OR (c -d)"}));
}

TEST(ArticlePlan, PhraseCountsMatchTheEmittedExpression) {
    for (const char* q : {"a", "\"a b\" c", "NEAR(a b c, 2) -d", "U.S.A.", "a OR (b -c)", "x* y", "=a =\"b c\"",
                          "#MeToo", "\"#MeToo\" x"}) {
        const Node root = *parse_query(q).root;
        const std::string match = fts5_match(root);
        std::size_t quoted = 0;
        for (std::size_t i = 0; i < match.size(); ++i) {
            if (match[i] != '"') continue;
            if (i + 1 < match.size() && match[i + 1] == '"') {
                ++i;  // a doubled quote inside a string
                continue;
            }
            ++quoted;
        }
        EXPECT_EQ(fts5_phrase_count(root) * 2, quoted) << q << " -> " << match;
    }
}

// A hashtag is emitted as ("#MeToo" OR "MeToo"): two phrases, which the
// article plan counted as one, so the phrase numbers after it were off by one
// (found by QueryExhaustive.RandomLongerStrings once both landed).
TEST(ArticlePlan, Regression_HashtagTermWasCountedAsOnePhrase) {
    const ArticlePlan plan = plan_of("#MeToo campaign");
    ASSERT_EQ(plan.units.size(), 4u);  // the two words, the phrase and near tiers
    EXPECT_EQ(plan.units[0].phrases, 2u);
    EXPECT_EQ(plan.units[1].first_phrase, 2u);
}

} // namespace
} // namespace newsdb::query
