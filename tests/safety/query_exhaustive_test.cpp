// The query translator on every printable-ASCII string up to three characters
// and on many random longer strings: each either throws Error(invalid_query)
// with a message of ours, or returns an expression FTS5 accepts. Never an
// SQLite syntax error, never another exception, never a crash. The article
// search's expressions (query/article_plan.hpp) too: FTS5 accepts them and
// numbers their phrases as the plan says (newsdb_phrase_hits gives one count
// per phrase, and every row matches some unit).
//
// NEWSDB_SAFETY_QUERIES sets the number of random strings (100,000 by default).
#include <gtest/gtest.h>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <algorithm>
#include <iostream>
#include <random>

#include "newsdb/error.hpp"
#include "newsdb/query.hpp"
#include "query/article_plan.hpp"
#include "query/parser.hpp"
#include "safety/safety_support.hpp"
#include "store/fts5_functions.hpp"
#include "tokenizer/fts5_api.hpp"

namespace newsdb {
namespace {

class QueryExhaustive : public ::testing::Test {
protected:
    SQLite::Database db{":memory:", SQLite::OPEN_READWRITE};
    std::optional<SQLite::Statement> match, hits;
    int64_t accepted = 0, rejected = 0;

    void SetUp() override {
        db.exec("CREATE VIRTUAL TABLE t USING fts5(text, tokenize = 'porter unicode61 remove_diacritics 2')");
        db.exec("INSERT INTO t(text) VALUES ('Turkey and Pakistan sign defence agreements'), "
                "('R&D spending of $3.5 billion in the U.S.'), ('Erdoğan visits Islamabad'), "
                "('a b c d e f g h i j k l m n o p q r s t u v w x y z 0 1 2 3 4 5 6 7 8 9')");
        match.emplace(db, "SELECT count(*) FROM t WHERE t MATCH ?");
        ASSERT_EQ(store::register_search_functions(tokenizer::fts5_api_of(db.getHandle())), SQLITE_OK);
        hits.emplace(db, std::string("SELECT ") + store::kPhraseHitsFunction + "(t) FROM t WHERE t MATCH ?");
    }

    // Empty string: the plan's `match` and `highlight` run, each row with one
    // count per phrase; every row of `match` matches some unit.
    std::string check_plan(const std::string& query) {
        const query::ArticlePlan plan = query::plan_article_search(*query::parse_query(query).root);
        std::size_t scored = 0;
        for (const query::MatchUnit& u : plan.units) scored += u.scored ? u.phrases : 0;
        if (std::string why = run_plan(plan.match, plan.phrases, true); !why.empty()) return why;
        return run_plan(plan.highlight, scored, false);
    }

    std::string run_plan(const std::string& expression, std::size_t phrases, bool every_row_matches) {
        std::vector<uint32_t> counts;
        try {
            hits->reset();
            hits->bind(1, expression);
            while (hits->executeStep()) {
                const SQLite::Column blob = hits->getColumn(0);
                store::read_phrase_hits(blob.getBlob(), static_cast<std::size_t>(blob.getBytes()), counts);
                if (counts.size() != phrases)
                    return "[" + expression + "] has " + std::to_string(counts.size()) + " phrases, the plan " +
                           std::to_string(phrases);
                if (every_row_matches && std::all_of(counts.begin(), counts.end(), [](uint32_t c) { return c == 0; }))
                    return "a row of [" + expression + "] matches no phrase";
            }
        } catch (const std::exception& e) {
            return "FTS5 rejected the article plan's [" + expression + "]: " + e.what();
        }
        return {};
    }

    // Empty string: fine; else what went wrong.
    std::string check(const std::string& query) {
        std::string expression;
        try {
            expression = translate_query(query);
        } catch (const Error& e) {
            if (e.code() != Errc::invalid_query) return "error code " + std::string(errc_name(e.code()));
            const std::string text = e.message() + " " + e.hint();
            for (const char* leak : {"fts5", "syntax error", "sqlite", "SQLITE"})
                if (text.find(leak) != std::string::npos) return "SQLite text in the message: " + text;
            if (e.message().empty()) return "an empty message";
            ++rejected;
            return {};
        } catch (const std::exception& e) {
            return std::string("unexpected exception: ") + e.what();
        }
        if (expression.empty()) return "an empty expression";
        try {
            match->reset();
            match->bind(1, expression);
            match->executeStep();
        } catch (const std::exception& e) {
            return "FTS5 rejected [" + expression + "]: " + e.what();
        }
        if (std::string why = check_plan(query); !why.empty()) return why;
        ++accepted;
        return {};
    }
};

std::string printable(const std::string& s) {
    std::string out;
    for (unsigned char c : s) {
        if (c >= 0x20 && c < 0x7f) out += static_cast<char>(c);
        else {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02x", c);
            out += buf;
        }
    }
    return out;
}

// Sharded by the first character so that ctest runs the shards in parallel.
constexpr int kShards = 3;
class QueryExhaustiveShard : public QueryExhaustive, public ::testing::WithParamInterface<int> {};

TEST_P(QueryExhaustiveShard, EveryPrintableAsciiStringUpToThreeCharacters) {
    const int shard = GetParam();
    int64_t total = 0;
    std::string failure;
    auto one = [&](const std::string& s) {
        ++total;
        if (failure.empty()) {
            auto why = check(s);
            if (!why.empty()) failure = "[" + s + "]: " + why;
        }
    };
    int64_t expected = 0;
    if (shard == 0) {
        one("");
        ++expected;
    }
    for (char a = ' '; a <= '~'; ++a) {
        if ((a - ' ') % kShards != shard) continue;
        expected += 1 + 95 + 95 * 95;
        one(std::string(1, a));
        for (char b = ' '; b <= '~'; ++b) {
            one(std::string{a, b});
            for (char c = ' '; c <= '~'; ++c) one(std::string{a, b, c});
        }
        ASSERT_EQ(failure, "");
    }
    EXPECT_EQ(total, expected);
    std::cout << "[ figures  ] shard " << shard << ": " << total << " queries up to 3 characters: " << accepted
              << " accepted by FTS5, " << rejected << " rejected with a message\n";
}

INSTANTIATE_TEST_SUITE_P(FirstCharacter, QueryExhaustiveShard, ::testing::Range(0, kShards));

// Strings built from query syntax, words, Unicode, control characters and raw
// bytes (invalid UTF-8), 4 to 80 bytes long.
std::string random_query(std::mt19937& rng) {
    static const std::vector<std::string> pieces = {
        "\"", "(", ")", "OR", "AND", "NOT", "NEAR", "NEAR(", ",", ", 3", "-", "+", "*", "^",
        ":", "text:", "{", "}", "'", "\\", " ", " ", " ", "  ", "a", "turkey", "R&D", "$3.5", "U.S.", "x*",
        "-b", "or", "near", "0", "99999999999999999999", "\xE2\x80\x9C", "\xE2\x80\x9D", "\xC3\xA9",
        "\xC2\xA0", "\xF0\x9F\x98\x80", "\xE6\x9D\xB1", "\t", "\n", std::string(1, '\0'), "\x01", "\x7f"};
    std::uniform_int_distribution<int> kind(0, 19), byte(0, 255), ascii(0x20, 0x7e);
    std::uniform_int_distribution<std::size_t> piece(0, pieces.size() - 1);
    const std::size_t length = std::uniform_int_distribution<std::size_t>(4, 80)(rng);
    std::string q;
    while (q.size() < length) {
        const int k = kind(rng);
        if (k < 12) q += pieces[piece(rng)];
        else if (k < 19) q += static_cast<char>(ascii(rng));
        else q += static_cast<char>(byte(rng));
    }
    return q;
}

TEST_F(QueryExhaustive, RandomLongerStrings) {
    const int64_t count = safety::env_int("NEWSDB_SAFETY_QUERIES", 100000);
    const auto seed = static_cast<uint32_t>(safety::env_int("NEWSDB_SAFETY_SEED", 20240601));
    std::mt19937 rng(seed);
    for (int64_t i = 0; i < count; ++i) {
        const std::string q = random_query(rng);
        const auto why = check(q);
        ASSERT_EQ(why, "") << "query " << i << " [" << printable(q) << "]";
    }
    std::cout << "[ figures  ] " << count << " random queries (seed " << seed << "): " << accepted
              << " accepted by FTS5, " << rejected << " rejected with a message\n";
}

} // namespace
} // namespace newsdb
