// The newsdb tokenizer on its own: folding, stems, the exact `=` forms, query
// alternatives, CJK characters, offsets.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tokenizer/fold.hpp"
#include "tokenizer/tokenizer.hpp"

namespace newsdb::tokenizer {
namespace {

struct FoldCase {
    std::string word, folded;
};

class FoldTest : public ::testing::TestWithParam<FoldCase> {};

TEST_P(FoldTest, FoldsToTheExpectedForm) {
    Folder folder;
    std::string out = "stale";
    folder.fold(GetParam().word, out);
    EXPECT_EQ(out, GetParam().folded) << GetParam().word;
}

INSTANTIATE_TEST_SUITE_P(
    Words, FoldTest,
    ::testing::Values(FoldCase{"Łódź", "lodz"}, FoldCase{"Cumhurbaşkanı", "cumhurbaskani"},
                      FoldCase{"Straße", "strasse"}, FoldCase{"STRASSE", "strasse"}, FoldCase{"Erdoğan", "erdogan"},
                      FoldCase{"Defence", "defence"}, FoldCase{"İstanbul", "istanbul"}, FoldCase{"Æsir", "aesir"},
                      FoldCase{"Øresund", "oresund"}, FoldCase{"Þingvellir", "thingvellir"},
                      FoldCase{"Œuvre", "oeuvre"}, FoldCase{"Đukić", "dukic"}, FoldCase{"ﬁnance", "finance"},
                      FoldCase{"ＡＢＣ１２", "abc12"}, FoldCase{"Crème", "creme"},
                      FoldCase{"infor\u00ADmation", "information"},  // soft hyphen
                      FoldCase{"Ёлка", "елка"}, FoldCase{"Йод", "йод"},     // й is a letter of its own
                      FoldCase{"Αθήνα", "αθηνα"}, FoldCase{"ΟΔΟΣ", "οδοσ"},
                      FoldCase{"がっこう", "がっこう"},                      // dakuten kept
                      FoldCase{"كِتَاب", "كتاب"},                           // harakat removed
                      FoldCase{"हिन्दी", "हिन्दी"},                          // Devanagari marks kept
                      FoldCase{"Ǆemal", "dzemal"}, FoldCase{"2020", "2020"}),
    [](const ::testing::TestParamInfo<FoldCase>& param) { return "case" + std::to_string(param.index); });

// Tokens as text: a colocated token is joined to the one before it with '|'.
int collect(void* ctx, int flags, const char* token, int size, int start, int end) {
    auto& out = *static_cast<std::vector<std::string>*>(ctx);
    std::string t(token, static_cast<std::size_t>(size));
    (void)start;
    (void)end;
    if ((flags & 1) && !out.empty()) out.back() += "|" + t;
    else out.push_back(t);
    return 0;
}

std::string tokens(std::string_view text, TokenizeMode mode, const QueryLanguages* languages = nullptr) {
    Tokenizer tokenizer(languages);
    std::vector<std::string> out;
    EXPECT_EQ(tokenizer.tokenize(text, mode, &out, collect), 0);
    std::string joined;
    for (const auto& t : out) joined += (joined.empty() ? "" : " ") + t;
    return joined;
}

TEST(Tokenizer, DocumentEmitsStemThenExactSurfaceForm) {
    EXPECT_EQ(tokens("en\x1F" "Agreements signed", TokenizeMode::document),
              "en:agreement|=agreements en:sign|=signed");
    EXPECT_EQ(tokens("de\x1F" "Haus", TokenizeMode::document), "de:haus|=haus");
    EXPECT_EQ(tokens("fr\x1F" "grèves", TokenizeMode::document), "fr:grev|=greves");
    // Numbers and Han/Kana are not stemmed.
    EXPECT_EQ(tokens("en\x1F" "2020 北", TokenizeMode::document), "2020|=2020 北|=北");
}

TEST(Tokenizer, LanguageTagPicksTheStemmerAndIsNotAToken) {
    EXPECT_EQ(tokens("\x1F" "Agreements", TokenizeMode::document), "agreements|=agreements");  // empty tag
    EXPECT_EQ(tokens("Agreements", TokenizeMode::document), "agreements|=agreements");         // no tag
    EXPECT_EQ(tokens("zz\x1F" "Agreements", TokenizeMode::document), "agreements|=agreements");  // no stemmer
    EXPECT_EQ(tokens("EN\x1F" "Agreements", TokenizeMode::document), "en:agreement|=agreements");
    EXPECT_EQ(tokens("nb\x1F" "Husene", TokenizeMode::document), tokens("no\x1F" "Husene", TokenizeMode::document));
}

TEST(Tokenizer, SplitsAtInnerPunctuationAndSkipsPunctuation) {
    EXPECT_EQ(tokens("Europe's e-mail, U.S.A. 3.5!", TokenizeMode::document),
              "europe|=europe s|=s e|=e mail|=mail u|=u s|=s a|=a 3|=3 5|=5");
    EXPECT_EQ(tokens("Erdoğan’ın", TokenizeMode::document), "erdogan|=erdogan in|=in");
}

TEST(Tokenizer, HanAndKanaCharactersAreWordsOfTheirOwn) {
    EXPECT_EQ(tokens("zh\x1F" "北京市", TokenizeMode::document), "北|=北 京|=京 市|=市");
    EXPECT_EQ(tokens("労働者", TokenizeMode::query), "労 働 者");
}

TEST(Tokenizer, QueryWordHasFoldedFormAndStemsOfEveryLanguage) {
    const std::string q = tokens("Agreements", TokenizeMode::query) + "|";
    EXPECT_EQ(q.rfind("agreements|", 0), 0u) << q;  // the folded form first
    EXPECT_NE(q.find("|en:agreement|"), std::string::npos) << q;
    EXPECT_NE(q.find("|fr:"), std::string::npos) << q;
    EXPECT_EQ(q.find('='), std::string::npos) << q;
    EXPECT_EQ(q.find(' '), std::string::npos) << q;  // one position
    const std::string h = tokens("Häuser", TokenizeMode::query) + "|";
    EXPECT_NE(h.find("|de:haus|"), std::string::npos) << h;
    EXPECT_EQ(tokens("1990", TokenizeMode::query), "1990");
}

TEST(Tokenizer, QueryWordStemsOnlyTheArchivesLanguagesWhenRestricted) {
    QueryLanguages languages;
    languages.restrict_to({"en", "nb", "xx", ""});
    EXPECT_EQ(tokens("Agreements", TokenizeMode::query, &languages), "agreements|en:agreement|no:agreement");
    languages.restrict_to({});
    EXPECT_EQ(tokens("Agreements", TokenizeMode::query, &languages), "agreements");
    // Documents are always stemmed by their own language.
    EXPECT_EQ(tokens("de\x1F" "Haus", TokenizeMode::document, &languages), "de:haus|=haus");
    languages.allow_all();
    EXPECT_EQ(tokens("Agreements", TokenizeMode::query, &languages), tokens("Agreements", TokenizeMode::query));
}

TEST(Tokenizer, ExactQueryWordsAndPrefixesMatchSurfaceForms) {
    EXPECT_EQ(tokens("=Agreements", TokenizeMode::query), "=agreements");
    EXPECT_EQ(tokens("=defence =Agreements", TokenizeMode::query), "=defence =agreements");
    EXPECT_EQ(tokens("defen", TokenizeMode::query_prefix), "=defen");
    // Only the last word of a prefix phrase is the prefix.
    const std::string p = tokens("open dat", TokenizeMode::query_prefix);
    EXPECT_EQ(p.rfind("open", 0), 0u) << p;
    EXPECT_NE(p.find(" =dat"), std::string::npos) << p;
    // '=' inside a word is punctuation, not the exact marker.
    EXPECT_EQ(tokens("a=b", TokenizeMode::query).find("=b"), std::string::npos);
}

TEST(Tokenizer, WordsWrittenWithSymbolsAlsoYieldThemAsWritten) {
    // A currency sign before a number; a number with a unit is also its number.
    EXPECT_EQ(tokens("$3.5bn", TokenizeMode::document), "3|=3|$3 5bn|=5bn|5");
    EXPECT_EQ(tokens("$3bn", TokenizeMode::document), "3bn|=3bn|3|$3bn|$3");
    EXPECT_EQ(tokens("US$3", TokenizeMode::document), "us|=us 3|=3|$3");
    EXPECT_EQ(tokens("€20, £1.8", TokenizeMode::document), "20|=20|€20 1|=1|£1 8|=8");
    // Hashtags, and ++, + or # ending a word.
    EXPECT_EQ(tokens("#MeToo (#1)", TokenizeMode::document), "metoo|=metoo|#metoo 1|=1|#1");
    EXPECT_EQ(tokens("C++ and C#, F#. Disney+", TokenizeMode::document),
              "c|=c|c++ and|=and c|=c|c# f|=f|f# disney|=disney|disney+");
    EXPECT_EQ(tokens("#C++", TokenizeMode::document), "c|=c|#c|c++");
    // Not symbols of a word: inside one, repeated, or a sign before letters.
    EXPECT_EQ(tokens("x#y C#D 1+1 C+++ C##", TokenizeMode::document),
              "x|=x y|=y c|=c d|=d 1|=1 1|=1 c|=c c|=c");
    EXPECT_EQ(tokens("$AAPL 3$", TokenizeMode::document), "aapl|=aapl 3|=3");
    EXPECT_EQ(tokens("en\x1F" "#Elections", TokenizeMode::document), "en:elect|=elections|#elections");
}

TEST(Tokenizer, QueryWordWrittenWithSymbolsYieldsOnlyThatForm) {
    EXPECT_EQ(tokens("$3.5", TokenizeMode::query), "$3 5");
    EXPECT_EQ(tokens("3.5", TokenizeMode::query), "3 5");
    EXPECT_EQ(tokens("C++", TokenizeMode::query), "c++");
    EXPECT_EQ(tokens("#MeToo", TokenizeMode::query), "#metoo");
    EXPECT_EQ(tokens("#C++", TokenizeMode::query), "c++");
    EXPECT_EQ(tokens("=C#", TokenizeMode::query), "c#");
    EXPECT_EQ(tokens("=$3.5", TokenizeMode::query), "$3 =5");
    EXPECT_EQ(tokens("#Me", TokenizeMode::query_prefix), "#me");
    EXPECT_EQ(tokens("$3", TokenizeMode::query_prefix), "$3");
}

TEST(Tokenizer, UmlautsTypedOutAreIndexedInTheirLanguagesOnly) {
    EXPECT_EQ(tokens("de\x1F" "Österreichs Straße", TokenizeMode::document),
              "de:osterreich|=osterreichs|de:oesterreich|=oesterreichs de:strass|=strasse");
    EXPECT_EQ(tokens("de\x1F" "Häuser", TokenizeMode::document), "de:haus|=hauser|de:haeus|=haeuser");
    EXPECT_EQ(tokens("da\x1F" "København Århus", TokenizeMode::document),
              "da:kobenhavn|=kobenhavn|da:koebenhavn|=koebenhavn da:arhus|=arhus|da:aarhus|=aarhus");
    // Where the stems agree only the surface form is added.
    EXPECT_EQ(tokens("nb\x1F" "Tromsø", TokenizeMode::document), "no:tromso|=tromso|=tromsoe");
    // Danish ø is not a German letter, nor the other way round; Swedes drop the dots.
    EXPECT_EQ(tokens("de\x1F" "Tromsø", TokenizeMode::document), "de:tromso|=tromso");
    EXPECT_EQ(tokens("da\x1F" "Müller", TokenizeMode::document), "da:mul|=muller");
    EXPECT_EQ(tokens("sv\x1F" "Malmö", TokenizeMode::document), "sv:malmo|=malmo");
    EXPECT_EQ(tokens("en\x1F" "München", TokenizeMode::document), "en:munchen|=munchen");
    EXPECT_EQ(tokens("München", TokenizeMode::document), "munchen|=munchen");
}

TEST(Tokenizer, QueryWordWithUmlautsAlsoLooksUpTheTypedOutStems) {
    const std::string q = tokens("München", TokenizeMode::query) + "|";
    EXPECT_NE(q.find("|de:munch|"), std::string::npos) << q;
    EXPECT_NE(q.find("|de:muench|"), std::string::npos) << q;
    EXPECT_EQ(q.find("|en:muench"), std::string::npos) << q;  // German passages only
    EXPECT_EQ(q.find("|da:muench"), std::string::npos) << q;
    const std::string a = tokens("Århus", TokenizeMode::query) + "|";
    EXPECT_NE(a.find("|da:aarhus|"), std::string::npos) << a;
    EXPECT_NE(a.find("|no:aarhus|"), std::string::npos) << a;
    EXPECT_EQ(a.find("|de:aarhus"), std::string::npos) << a;
    // Exact words and prefixes keep to the form written.
    EXPECT_EQ(tokens("=München", TokenizeMode::query), "=munchen");
    EXPECT_EQ(tokens("Münch", TokenizeMode::query_prefix), "=munch");
}

TEST(Tokenizer, SpellOutWritesTheLettersOutInEitherCase) {
    std::string out = "stale";
    EXPECT_TRUE(spell_out("ÖSTERREICH", TypedSpelling::german, out));
    EXPECT_EQ(out, "oeSTERREICH");  // folded afterwards
    EXPECT_TRUE(spell_out("Füße", TypedSpelling::german, out));
    EXPECT_EQ(out, "Fueße");
    EXPECT_TRUE(spell_out("Ærø Å", TypedSpelling::danish_norwegian, out));
    EXPECT_EQ(out, "Æroe aa");
    EXPECT_FALSE(spell_out("Strasse", TypedSpelling::german, out));
    EXPECT_FALSE(spell_out("Malmö", TypedSpelling::none, out));
    EXPECT_FALSE(spell_out("Ø", TypedSpelling::german, out));
    EXPECT_EQ(typed_spelling("nn"), TypedSpelling::danish_norwegian);
    EXPECT_EQ(typed_spelling("sv"), TypedSpelling::none);
}

struct Span {
    int start, end;
};

int spans(void* ctx, int flags, const char*, int, int start, int end) {
    if ((flags & 1) == 0) static_cast<std::vector<Span>*>(ctx)->push_back({start, end});
    return 0;
}

TEST(Tokenizer, OffsetsAreBytesOfTheWholeText) {
    Tokenizer tokenizer;
    std::vector<Span> out;
    const std::string text = "pl\x1F" "W Łodzi, 北京";
    ASSERT_EQ(tokenizer.tokenize(text, TokenizeMode::document, &out, spans), 0);
    ASSERT_EQ(out.size(), 4u);
    EXPECT_EQ(text.substr(out[0].start, out[0].end - out[0].start), "W");
    EXPECT_EQ(text.substr(out[1].start, out[1].end - out[1].start), "Łodzi");
    EXPECT_EQ(text.substr(out[2].start, out[2].end - out[2].start), "北");
    EXPECT_EQ(text.substr(out[3].start, out[3].end - out[3].start), "京");
}

TEST(Tokenizer, OffsetsOfAWordCoverItsSymbols) {
    Tokenizer tokenizer;
    std::vector<Span> out;
    const std::string text = "en\x1F" "Up $3.5bn, #MeToo in C++!";
    ASSERT_EQ(tokenizer.tokenize(text, TokenizeMode::document, &out, spans), 0);
    std::vector<std::string> words;
    for (const Span& s : out) words.push_back(text.substr(s.start, s.end - s.start));
    EXPECT_EQ(words, (std::vector<std::string>{"Up", "$3", "5bn", "#MeToo", "in", "C++"}));
}

int stop_after_one(void* ctx, int, const char*, int, int, int) {
    ++*static_cast<int*>(ctx);
    return 7;
}

TEST(Tokenizer, StopsAtTheCallbacksError) {
    Tokenizer tokenizer;
    int calls = 0;
    EXPECT_EQ(tokenizer.tokenize("one two three", TokenizeMode::document, &calls, stop_after_one), 7);
    EXPECT_EQ(calls, 1);
}

TEST(Tokenizer, SurvivesInvalidUtf8AndEmptyText) {
    EXPECT_EQ(tokens("", TokenizeMode::document), "");
    EXPECT_EQ(tokens("en\x1F", TokenizeMode::document), "");
    EXPECT_EQ(tokens("ab\xFF\xFE" "cd", TokenizeMode::document), "ab|=ab cd|=cd");
}

TEST(Tokenizer, VersionNamesTheRevisionAndLibraries) {
    const std::string v = tokenizer_version();
    EXPECT_EQ(v.rfind("newsdb-" + std::to_string(kTokenizerRevision) + " icu-", 0), 0u) << v;
    EXPECT_NE(v.find("snowball:"), std::string::npos) << v;
    EXPECT_NE(v.find("en"), std::string::npos) << v;
}

} // namespace
} // namespace newsdb::tokenizer
