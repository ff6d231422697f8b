// newsdb_phrase_hits: per-phrase counts of the current row, and what FTS5
// promises about them that article search relies on (NEAR and OR branches).
#include <gtest/gtest.h>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <string>
#include <vector>

#include "store/connection.hpp"
#include "store/fts5_functions.hpp"

namespace newsdb::store {
namespace {

class PhraseHitsTest : public testing::Test {
protected:
    SQLite::Database db{":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE};

    void SetUp() override {
        prepare_connection(db);
        db.exec("CREATE VIRTUAL TABLE t USING fts5(text)");
        db.exec("INSERT INTO t(rowid, text) VALUES "
                "(1, 'oil prices rose and oil fell'), "
                "(2, 'oil one two three four five six seven eight nine ten eleven prices'), "
                "(3, 'cocoa only here'), "
                "(4, 'prices of oil')");
    }

    // rowid -> counts, for every row the expression matches.
    std::vector<std::pair<int64_t, std::vector<uint32_t>>> hits(const std::string& match) {
        SQLite::Statement st(db, std::string("SELECT rowid, ") + kPhraseHitsFunction + "(t) FROM t WHERE t MATCH ?");
        st.bind(1, match);
        std::vector<std::pair<int64_t, std::vector<uint32_t>>> out;
        while (st.executeStep()) {
            std::vector<uint32_t> counts;
            read_phrase_hits(st.getColumn(1).getBlob(), static_cast<std::size_t>(st.getColumn(1).getBytes()), counts);
            out.emplace_back(st.getColumn(0).getInt64(), counts);
        }
        return out;
    }
};

using Rows = std::vector<std::pair<int64_t, std::vector<uint32_t>>>;

TEST_F(PhraseHitsTest, CountsEachPhraseInTheRow) {
    EXPECT_EQ(hits("\"oil\" OR \"prices\""), (Rows{{1, {2, 1}}, {2, {1, 1}}, {4, {1, 1}}}));
    EXPECT_EQ(hits("\"oil prices\""), (Rows{{1, {1}}}));
}

TEST_F(PhraseHitsTest, AnOrBranchThatDoesNotMatchTheRowCountsZero) {
    EXPECT_EQ(hits("NEAR(\"oil\" \"prices\", 5) OR \"cocoa\" OR \"eleven\""),
              (Rows{{1, {2, 1, 0, 0}}, {2, {0, 0, 0, 1}}, {3, {0, 0, 1, 0}}, {4, {1, 1, 0, 0}}}));
    EXPECT_EQ(hits("\"oil prices\" OR \"prices of\""), (Rows{{1, {1, 0}}, {4, {0, 1}}}));
    EXPECT_EQ(hits("(\"oil\" AND \"cocoa\") OR \"prices\""), (Rows{{1, {0, 0, 1}}, {2, {0, 0, 1}}, {4, {0, 0, 1}}}));
}

// read_index_totals decodes FTS5's record of rows 1 as FTS5 reports its totals,
// also with rows of many tokens (varints of several bytes) and after deletes.
TEST_F(PhraseHitsTest, IndexTotalsRecordIsWhatFts5Reports) {
    std::string big;
    for (int i = 0; i < 20000; ++i) big += "word ";
    db.exec("INSERT INTO t(rowid, text) VALUES (5, '" + big + "')");
    for (int round = 0; round < 2; ++round) {
        SQLite::Statement fts(db, std::string("SELECT ") + kIndexRowsFunction + "(t), " + kIndexTokensFunction +
                                      "(t) FROM t WHERE t MATCH 'oil' LIMIT 1");
        ASSERT_TRUE(fts.executeStep());
        SQLite::Statement record(db, "SELECT block FROM t_data WHERE id = 1");
        ASSERT_TRUE(record.executeStep());
        int64_t rows = -1, tokens = -1;
        ASSERT_TRUE(read_index_totals(record.getColumn(0).getBlob(), record.getColumn(0).getBytes(), rows, tokens));
        EXPECT_EQ(rows, fts.getColumn(0).getInt64());
        EXPECT_EQ(tokens, fts.getColumn(1).getInt64());
        db.exec("DELETE FROM t WHERE rowid = 3");
    }
    int64_t rows = 0, tokens = 0;
    EXPECT_FALSE(read_index_totals(nullptr, 0, rows, tokens));
}

} // namespace
} // namespace newsdb::store
