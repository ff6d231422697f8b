// The newsdb tokenizer through SQLite's FTS5: what users' queries find, on an
// in-memory database with the real schema (migrations) and the tokenizer
// registered the way every archive connection does.
#include <gtest/gtest.h>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <string>
#include <vector>

#include "store/connection.hpp"
#include "store/migrations.hpp"

namespace newsdb {
namespace {

class Fts5MatchTest : public ::testing::Test {
protected:
    SQLite::Database db{":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE};

    void SetUp() override {
        store::prepare_connection(db);
        db.exec("PRAGMA foreign_keys = ON");
        for (const auto& m : store::migrations()) db.exec(std::string(m.sql));
    }

    // One article (language may be empty: unknown) with one paragraph per text.
    int64_t add_article(const std::string& language, const std::vector<std::string>& paragraphs) {
        SQLite::Statement a(db,
                            "INSERT INTO articles (content_hash, title, format, byte_size, ingested_at, language) "
                            "VALUES (?1, 't', 'text', 1, '2020-01-01T00:00:00Z', nullif(?2, ''))");
        a.bind(1, "hash" + std::to_string(++articles_));
        a.bind(2, language);
        a.exec();
        const int64_t id = db.getLastInsertRowid();
        int position = 0;
        for (const auto& text : paragraphs) {
            SQLite::Statement p(db, "INSERT INTO passages (article_id, kind, position, text) VALUES (?1, 'paragraph', ?2, ?3)");
            p.bind(1, id);
            p.bind(2, ++position);
            p.bind(3, text);
            p.exec();
        }
        return id;
    }

    // Passage texts matching an FTS5 query, in id order.
    std::vector<std::string> match(const std::string& fts_query) {
        SQLite::Statement st(db,
                             "SELECT p.text FROM passages_fts f JOIN passages p ON p.id = f.rowid "
                             "WHERE passages_fts MATCH ?1 ORDER BY p.id");
        st.bind(1, fts_query);
        std::vector<std::string> out;
        while (st.executeStep()) out.push_back(st.getColumn(0).getString());
        return out;
    }

    bool finds(const std::string& language, const std::string& text, const std::string& fts_query) {
        db.exec("DELETE FROM articles");
        add_article(language, {text});
        return match(fts_query).size() == 1;
    }

    void expect_index_sound() {
        EXPECT_NO_THROW(db.exec("INSERT INTO passages_fts(passages_fts, rank) VALUES ('integrity-check', 1)"));
    }

    int articles_ = 0;
};

struct MatchCase {
    std::string language, text, query;
    bool found;
};

class Fts5Matches : public Fts5MatchTest, public ::testing::WithParamInterface<MatchCase> {};

TEST_P(Fts5Matches, QueryFindsTextOrNot) {
    const MatchCase& c = GetParam();
    EXPECT_EQ(finds(c.language, c.text, c.query), c.found)
        << "[" << c.language << "] " << c.text << " MATCH " << c.query;
    expect_index_sound();
}

INSTANTIATE_TEST_SUITE_P(
    Folding, Fts5Matches,
    ::testing::Values(MatchCase{"pl", "Łódź jest dużym miastem.", "lodz", true},
                      MatchCase{"tr", "Cumhurbaşkanı Erdoğan konuştu.", "cumhurbaskani", true},
                      MatchCase{"tr", "Cumhurbaşkanı Erdoğan konuştu.", "erdogan", true},
                      MatchCase{"tr", "Erdoğan'ın açıklaması", "erdogan", true},
                      MatchCase{"de", "Die Straße ist lang.", "strasse", true},
                      MatchCase{"de", "Die Strasse ist lang.", "Straße", true},
                      MatchCase{"en", "Defence ties deepen.", "defence", true},
                      MatchCase{"en", "defence ties deepen.", "Defence", true},
                      MatchCase{"en", "DEFENCE TIES", "\"=defence\"", true},
                      MatchCase{"", "Łódź, no language known", "lodz", true},
                      MatchCase{"el", "Στην Αθήνα σήμερα", "αθηνα", true},
                      MatchCase{"en", "Øresund and Æsir", "oresund aesir", true}),
    [](const ::testing::TestParamInfo<MatchCase>& param) { return "case" + std::to_string(param.index); });

INSTANTIATE_TEST_SUITE_P(
    Stemming, Fts5Matches,
    ::testing::Values(MatchCase{"en", "They signed an agreement.", "agreements", true},
                      MatchCase{"en", "They signed agreements.", "agreement", true},
                      MatchCase{"de", "Das Haus ist alt.", "Häuser", true},
                      MatchCase{"de", "Die Häuser sind alt.", "Haus", true},
                      MatchCase{"fr", "La grève continue.", "grèves", true},
                      MatchCase{"fr", "Les grèves continuent.", "greve", true},
                      MatchCase{"es", "Las naciones unidas", "nación", true},
                      MatchCase{"ru", "Встреча в Москве", "москва", true},
                      MatchCase{"en", "They signed an agreement.", "agree", false},
                      // Each language's stems stay apart: Dutch stems "news" to "new".
                      MatchCase{"en", "A new road.", "news", false},
                      MatchCase{"nl", "Het nieuws van vandaag", "nieuw", true},
                      MatchCase{"en", "They agree.", "agreements", false}),
    [](const ::testing::TestParamInfo<MatchCase>& param) { return "case" + std::to_string(param.index); });

INSTANTIATE_TEST_SUITE_P(
    ExactAndPhrases, Fts5Matches,
    ::testing::Values(MatchCase{"en", "They signed an agreement.", "\"=agreements\"", false},
                      MatchCase{"en", "They signed an agreement.", "\"=agreement\"", true},
                      MatchCase{"en", "They signed agreements.", "\"=Agreements\"", true},
                      MatchCase{"en", "the defence agreements were signed", "\"defence agreement\"", true},
                      MatchCase{"en", "agreements on defence", "\"defence agreement\"", false},
                      MatchCase{"en", "the defence agreements were signed", "\"=defence =agreements\"", true},
                      MatchCase{"en", "the defence agreements were signed", "\"=defence =agreement\"", false},
                      MatchCase{"en", "Europe's defence", "\"Europe's\"", true},
                      MatchCase{"en", "Defence industry", "\"defen\"*", true},
                      MatchCase{"en", "Defence industry", "\"defence indus\"*", true},
                      MatchCase{"en", "They signed agreements.", "\"agreem\"*", true}),
    [](const ::testing::TestParamInfo<MatchCase>& param) { return "case" + std::to_string(param.index); });

// Words written with symbols find those words written so (issue 21): the
// FTS5 strings the query translator emits for them.
INSTANTIATE_TEST_SUITE_P(
    Symbols, Fts5Matches,
    ::testing::Values(MatchCase{"en", "worth over $3.5 billion", "\"$3.5\"", true},
                      MatchCase{"en", "a drive worth $3.5bn (£1.8bn)", "\"$3.5\"", true},
                      MatchCase{"en", "a fine of $3.5m", "\"$3.5\"", true},
                      MatchCase{"en", "US$3.5 in aid", "\"$3.5\"", true},
                      MatchCase{"en", "unemployment at 3.5 pct", "\"$3.5\"", false},
                      MatchCase{"en", "worth €3.5 billion", "\"$3.5\"", false},
                      MatchCase{"en", "a fine of $3.50", "\"$3.5\"", false},
                      MatchCase{"en", "worth over $3.5 billion", "\"3.5\"", true},
                      MatchCase{"en", "a drive worth 3.5bn", "\"3.5\"", true},
                      MatchCase{"en", "profits of $3bn", "\"$3\"", true},
                      MatchCase{"en", "profits of $3bn", "\"$3bn\"", true},
                      MatchCase{"en", "profits of $3m", "\"$3bn\"", false},
                      MatchCase{"en", "a €20 note", "\"€20\"", true},
                      MatchCase{"en", "the #MeToo movement", "\"#MeToo\"", true},
                      MatchCase{"en", "the #metoo movement", "\"#MeToo\"", true},
                      MatchCase{"en", "the MeToo movement", "\"#MeToo\"", false},
                      MatchCase{"en", "the #MeToo movement", "\"MeToo\"", true},
                      MatchCase{"en", "the #MeToo movement", "\"#Me\"*", true},
                      MatchCase{"en", "Gecko is written in C++ and", "\"C++\"", true},
                      MatchCase{"en", "the C-SCRM community", "\"C++\"", false},
                      MatchCase{"en", "option C or B", "\"C++\"", false},
                      MatchCase{"en", "in C, not C++", "\"C\"", true},
                      MatchCase{"en", "PHP, Java or C#", "\"C#\"", true},
                      MatchCase{"en", "PHP, Java or C", "\"C#\"", false},
                      MatchCase{"en", "written in F#", "\"F#\"", true},
                      MatchCase{"en", "launched Disney+ today", "\"Disney+\"", true},
                      MatchCase{"en", "Disney parks", "\"Disney+\"", false}),
    [](const ::testing::TestParamInfo<MatchCase>& param) { return "case" + std::to_string(param.index); });

// How Germans, Danes and Norwegians type their letters on other keyboards,
// only in passages of their languages.
INSTANTIATE_TEST_SUITE_P(
    TypedSpellings, Fts5Matches,
    ::testing::Values(MatchCase{"de", "Österreich wählt", "oesterreich", true},
                      MatchCase{"de", "Österreichs Regierung", "oesterreich", true},
                      MatchCase{"de", "in München", "muenchen", true},
                      MatchCase{"de", "die Straße", "strasse", true},
                      MatchCase{"de", "eine Übersicht", "uebersicht", true},
                      MatchCase{"de", "in München", "\"=muenchen\"", true},
                      MatchCase{"de", "in München", "\"muench\"*", true},
                      MatchCase{"de", "in München", "munchen", true},
                      MatchCase{"de", "in München", "München", true},
                      MatchCase{"en", "a trip to München", "muenchen", false},
                      // And the other way round: a passage that wrote the word typed out.
                      MatchCase{"de", "in Muenchen", "München", true},
                      MatchCase{"da", "Aarhus Universitet", "Århus", true},
                      MatchCase{"en", "Robert Mueller said", "Müller", false},
                      MatchCase{"", "München, no language known", "muenchen", false},
                      MatchCase{"de", "die Mauer", "mauer", true},
                      MatchCase{"de", "die Mauer", "maur", false},
                      MatchCase{"da", "København og Århus", "koebenhavn", true},
                      MatchCase{"da", "København og Århus", "aarhus", true},
                      MatchCase{"nb", "Tromsø i dag", "tromsoe", true},
                      MatchCase{"no", "Tromsø i dag", "tromsoe", true},
                      MatchCase{"de", "Søndergaard heute", "soendergaard", false},
                      MatchCase{"sv", "Göteborg idag", "goeteborg", false},
                      MatchCase{"sv", "Göteborg idag", "goteborg", true}),
    [](const ::testing::TestParamInfo<MatchCase>& param) { return "case" + std::to_string(param.index); });

// Dictionary segmentation may cut a query differently from a sentence; each
// Han/Kana character being a token makes any substring match.
INSTANTIATE_TEST_SUITE_P(
    ChineseJapanese, Fts5Matches,
    ::testing::Values(MatchCase{"ja", "日本の労働者は賃上げを求めている。", "労働者", true},
                      MatchCase{"ja", "労働者の権利が守られるべきだ。", "労働者", true},
                      MatchCase{"ja", "外国人労働者が増えた。", "\"労働者\"", true},
                      MatchCase{"ja", "外国人労働者が増えた。", "労働", true},
                      MatchCase{"ja", "労使の働き者が集まった。", "労働者", false},
                      MatchCase{"zh", "我住在北京市。", "北京", true},
                      MatchCase{"zh", "北京是中国的首都。", "北京", true},
                      MatchCase{"zh", "今天北京天气很好", "北京", true},
                      MatchCase{"zh", "南京和东京都有北方的京剧", "北京", false},
                      MatchCase{"", "北京大学的学生", "北京大学", true}),
    [](const ::testing::TestParamInfo<MatchCase>& param) { return "case" + std::to_string(param.index); });

TEST_F(Fts5MatchTest, IndexStaysSoundThroughInsertsDeletesAndUpdates) {
    const int64_t en = add_article("en", {"They signed agreements.", "Erdoğan spoke in Łódź."});
    const int64_t de = add_article("de", {"Die Häuser sind alt."});
    add_article("", {"北京 and no language"});
    expect_index_sound();
    EXPECT_EQ(match("erdogan").size(), 1u);

    db.exec("UPDATE passages SET text = 'Straße und Häuser' WHERE article_id = " + std::to_string(de));
    EXPECT_EQ(match("strasse").size(), 1u);
    expect_index_sound();

    // The language changes the stems: the index follows.
    db.exec("UPDATE articles SET language = 'fr' WHERE id = " + std::to_string(de));
    expect_index_sound();

    // Deleting an article removes its passages from the index with the right stems.
    db.exec("DELETE FROM articles WHERE id = " + std::to_string(en));
    EXPECT_TRUE(match("erdogan").empty());
    EXPECT_TRUE(match("agreement").empty());
    expect_index_sound();

    db.exec("DELETE FROM passages");
    EXPECT_TRUE(match("北京").empty());
    expect_index_sound();
}

TEST_F(Fts5MatchTest, HighlightMarksTheWordsNotTheLanguageTag) {
    add_article("pl", {"Spotkanie w Łodzi i Łódź."});
    SQLite::Statement st(db, "SELECT highlight(passages_fts, 0, '[', ']') FROM passages_fts WHERE passages_fts MATCH 'lodz'");
    ASSERT_TRUE(st.executeStep());
    EXPECT_EQ(st.getColumn(0).getString(), "pl\x1F" "Spotkanie w Łodzi i [Łódź].");
}

TEST_F(Fts5MatchTest, PassagesSearchHighlightsAndSnipsWithoutTheLanguageTag) {
    add_article("pl", {"Łódź i Spotkanie w Łodzi."});
    add_article("", {"Łódź, no language known"});
    SQLite::Statement st(db, "SELECT highlight, snippet FROM passages_search WHERE passages_search MATCH 'lodz' "
                             "ORDER BY passage_id");
    ASSERT_TRUE(st.executeStep());
    EXPECT_EQ(st.getColumn(0).getString(), "**Łódź** i Spotkanie w Łodzi.");
    EXPECT_EQ(st.getColumn(1).getString(), "**Łódź** i Spotkanie w Łodzi.");
    ASSERT_TRUE(st.executeStep());
    EXPECT_EQ(st.getColumn(0).getString(), "**Łódź**, no language known");
    EXPECT_FALSE(st.executeStep());
}

TEST_F(Fts5MatchTest, RebuildGivesTheSameIndex) {
    add_article("en", {"They signed agreements in Łódź."});
    add_article("ja", {"日本の労働者"});
    db.exec("INSERT INTO passages_fts(passages_fts) VALUES ('rebuild')");
    expect_index_sound();
    EXPECT_EQ(match("agreement lodz").size(), 1u);
    EXPECT_EQ(match("労働者").size(), 1u);
}

} // namespace
} // namespace newsdb
