// The vocabulary of site chrome: lines that are chrome in each language,
// lines that only look like it, captions' photo credits, section labels.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "parse/chrome_words.hpp"

namespace newsdb {
namespace {

using parse::ChromePhrase;
using parse::chrome_phrase;

TEST(PhraseKey, FoldsCaseTurkishIAndPunctuation) {
    EXPECT_EQ(parse::phrase_key("Bir Cevap Yaz\xC4\xB1n"), "bir cevap yazin");
    EXPECT_EQ(parse::phrase_key("YORUM YAPIN!"), "yorum yapin");
    EXPECT_EQ(parse::phrase_key("\xC4\xB0lgili Haberler"), "ilgili haberler");
    EXPECT_EQ(parse::phrase_key("  E-posta adresiniz... "), "e posta adresiniz");
    EXPECT_EQ(parse::phrase_key("Mir\xC3\x81 TAMBI\xC3\x89N:"), "mir\xC3\xA1 tambi\xC3\xA9n");
    // Arabic tanween is a mark, not a letter: "أيضاً" and "أيضا" are one word.
    EXPECT_EQ(parse::phrase_key("\xD8\xA7\xD9\x82\xD8\xB1\xD8\xA3 \xD8\xA3\xD9\x8A\xD8\xB6\xD8\xA7\xD9\x8B"),
              parse::phrase_key("\xD8\xA7\xD9\x82\xD8\xB1\xD8\xA3 \xD8\xA3\xD9\x8A\xD8\xB6\xD8\xA7"));
    EXPECT_EQ(parse::phrase_key("\xE2\x80\x94 * \xE2\x80\x94"), "");
}

struct PhraseCase {
    std::string line;
    ChromePhrase expected;
};

void PrintTo(const PhraseCase& c, std::ostream* os) { *os << c.line; }

class ChromeVocabulary : public ::testing::TestWithParam<PhraseCase> {};

TEST_P(ChromeVocabulary, Classifies) { EXPECT_EQ(chrome_phrase(GetParam().line), GetParam().expected); }

constexpr auto line = ChromePhrase::line;
constexpr auto introduces = ChromePhrase::introduces;
constexpr auto none = ChromePhrase::none;

INSTANTIATE_TEST_SUITE_P(
    Languages, ChromeVocabulary,
    ::testing::Values(
        // en
        PhraseCase{"Leave a Reply", line}, PhraseCase{"Post Your Comments", line}, PhraseCase{"shortlink", line},
        PhraseCase{"Back to top button", line}, PhraseCase{"Source link", line}, PhraseCase{"Translate", line},
        PhraseCase{"Continue reading", line}, PhraseCase{"See Full Page", line}, PhraseCase{"You are here", line},
        PhraseCase{"Social Share", line}, PhraseCase{"Like this story? Share it with a friend!", line},
        PhraseCase{"Subscribe to us on Youtube:", line}, PhraseCase{"Download for Android:", line},
        PhraseCase{"Please enter your name here", line},
        PhraseCase{"Your email address will not be published. Required fields are marked *", line},
        PhraseCase{"Comments are filtered for language and registration is not required. Example Online makes no "
                   "guarantee of comments' factual accuracy. By posting your comment you agree to our house rules.",
                   line},
        PhraseCase{"Check Also", introduces}, PhraseCase{"See also", introduces}, PhraseCase{"Read more", introduces},
        PhraseCase{"See also: Floods close the valley road", line},
        PhraseCase{"Latest Podcast", line},
        // de
        PhraseCase{"Lesen Sie mehr", line}, PhraseCase{"Weiter zum Artikel", line}, PhraseCase{"Lesezeit", line},
        PhraseCase{"3 Min. Lesezeit", line}, PhraseCase{"Weitere Meldungen", introduces},
        PhraseCase{"Lesen Sie auch: Koalition streitet \xC3\xBC" "ber den Haushalt", line},
        PhraseCase{"Deine E-Mail-Adresse wird nicht ver\xC3\xB6" "ffentlicht. Erforderliche Felder sind mit * markiert",
                   line},
        // fr
        PhraseCase{"Lire aussi", introduces}, PhraseCase{"Laisser un commentaire", line},
        PhraseCase{"Temps de lecture : 4 min", line},
        // es
        PhraseCase{"Mir\xC3\xA1 tambi\xC3\xA9n", introduces}, PhraseCase{"Comentarios", line},
        PhraseCase{"OTRAS NOTICIAS: UNE y Semilla superan los 100 mil votos", line},
        PhraseCase{"Newsletter Clar\xC3\xADn", introduces},
        // tr
        PhraseCase{"Bir Cevap Yaz\xC4\xB1n", line}, PhraseCase{"YORUM YAPIN", line},
        PhraseCase{"\xC4\xB0lgili Haberler", introduces},
        PhraseCase{"SE\xC3\x87\xC4\xB0M SONU\xC3\x87LARINI TAK\xC4\xB0P ETMEK \xC4\xB0\xC3\x87\xC4\xB0N TIKLAYIN", line},
        PhraseCase{"E-posta adresiniz yay\xC4\xB1nlanmayacak. Gerekli alanlar * ile i\xC5\x9F" "aretlenmi\xC5\x9Flerdir",
                   line},
        // ar: comments, read also
        PhraseCase{"\xD8\xAA\xD8\xB9\xD9\x84\xD9\x8A\xD9\x82\xD8\xA7\xD8\xAA", line},
        PhraseCase{"\xD8\xA7\xD9\x82\xD8\xB1\xD8\xA3 \xD8\xA3\xD9\x8A\xD8\xB6\xD8\xA7\xD9\x8B", introduces},
        // counts, ads, menus, hashtags
        PhraseCase{"12 Comments", line}, PhraseCase{"Comments (3)", line}, PhraseCase{"1,204 views", line},
        PhraseCase{"3 Kommentare", line}, PhraseCase{"5 min read", line}, PhraseCase{"[ad_1]", line},
        PhraseCase{"[adsense]", line}, PhraseCase{"Iklan Headers", line}, PhraseCase{"Anzeige", line},
        PhraseCase{"Home News Sport Business Culture", line}, PhraseCase{"Startseite | Politik | Wirtschaft | Kultur", line},
        PhraseCase{"#Brexit #EU #Politics", line}),
    [](const auto& param_info) { return "case" + std::to_string(param_info.index); });

INSTANTIATE_TEST_SUITE_P(
    Lookalikes, ChromeVocabulary,
    ::testing::Values(
        PhraseCase{"Comments by the minister drew criticism.", none}, PhraseCase{"Share prices fell", none},
        PhraseCase{"Weitere Meldungen zufolge gab es Verletzte.", none},
        PhraseCase{"Yorum yapmak istemedi.", none}, PhraseCase{"Home news is good news", none},
        PhraseCase{"Sport and business leaders met", none}, PhraseCase{"#1 priority for the council", none},
        PhraseCase{"[1] Reuters, 2 May 2020.", none}, PhraseCase{"12 people died", none},
        PhraseCase{"See also the report on page 3", none}, PhraseCase{"Ad sales boost Time Warner profit", none},
        PhraseCase{"Click here", line}, PhraseCase{"They said to click here for details.", none}),
    [](const auto& param_info) { return "case" + std::to_string(param_info.index); });

TEST(PhotoCredit, EndsACaption) {
    for (const std::string caption :
         {"Vehicles cross flooded roadways in Indiana. Photo courtesy Indiana State Police",
          "Christine Lagarde, Pr\xC3\xA4sidentin der EZB Foto: dpa/Virginia Mayo",
          "Festejos en el b\xC3\xBAnker de Frente de Todos (Foto Lucia Merle)",
          "Rescuers search the rubble in Tainan \xC2\xA9 AFP", "Flooded streets in Nice (Photo: Jean Dupont)"})
        EXPECT_TRUE(parse::ends_with_photo_credit(caption)) << caption;
    for (const std::string other :
         {"In pictures: Floods sweep through Texas", "He took a photo of the river.", "Photo: Reuters",
          "The photo agency said it would appeal the ruling.", "Image of the week"})
        EXPECT_FALSE(parse::ends_with_photo_credit(other)) << other;
}

TEST(SectionLabel, NamesSections) {
    for (const std::string label : {"News", "Top Stories", "Analysis", "Politik", "Ekonomi", "Actualit\xC3\xA9s",
                                    "\xD8\xA3\xD8\xAE\xD8\xA8\xD8\xA7\xD8\xB1", "Climat"})
        EXPECT_TRUE(parse::is_section_label(label)) << label;
    for (const std::string other : {"Union und SPD", "Floods in Texas", "Quwa Premium"})
        EXPECT_FALSE(parse::is_section_label(other)) << other;
}

} // namespace
} // namespace newsdb
