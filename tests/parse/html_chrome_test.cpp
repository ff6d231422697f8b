// The vocabulary of page chrome (src/parse/html_chrome.cpp), line by line.
#include <gtest/gtest.h>

#include <string>

#include "parse/html_chrome.hpp"

namespace newsdb {
namespace {

using parse::html::class_words_hint;
using parse::html::hint_positive;
using parse::html::hint_strong;
using parse::html::hint_weak;
using parse::html::is_call_to_action;
using parse::html::is_chrome_line;
using parse::html::is_lead_word;

struct Line {
    const char* text;
    bool chrome;
};

class ChromeLine : public ::testing::TestWithParam<Line> {};

TEST_P(ChromeLine, IsRecognised) { EXPECT_EQ(is_chrome_line(GetParam().text), GetParam().chrome) << GetParam().text; }

INSTANTIATE_TEST_SUITE_P(
    Table, ChromeLine,
    ::testing::Values(
        Line{"ANZEIGE", true}, Line{"Anzeige - Heute mal ausgehen? Wie wäre es mit:", true}, Line{"Publicidad", true},
        Line{"Advertisement", true}, Line{"REKLAMA", true},
        Line{"Marco Odermatt, Ski-Star aus der Schweiz. © AFP / MARCO BERTORELLO", true},
        Line{"(Credit: Clayton Aldern / Grist)", true}, Line{"Radfahrer am Marktplatz. Foto: Stadtanzeiger", true},
        Line{"Materiał chroniony prawem autorskim - wszelkie prawa zastrzeżone.", true},
        Line{"Bei den Verlinkungen handelt es sich um Affiliate Links", true},
        Line{"Dieser Beitrag gibt die Meinung des Autors wieder, nicht die der Redaktion.", true},
        Line{"Lesen Sie auch: Die Bahn erhöht die Preise", true}, Line{"VEJA TAMBÉM", true},
        Line{"Czytaj także", true}, Line{"Related", true}, Line{"Kommentare schreiben", true},
        Line{"Gefällt mir Wird geladen...", true}, Line{"(Noch keine Bewertungen) Loading...", true},
        Line{"Quellen ausblenden", true},
        // Article text, though it holds some of the words.
        Line{"Related charges were filed against two other men on Tuesday, the prosecutor said in a statement.",
             false},
        Line{"Die Anzeige wurde am Montag bei der Polizei erstattet, teilte die Staatsanwaltschaft mit.", false},
        Line{"Teilen statt besitzen: In der Stadt gibt es jetzt vier Leihstationen für Lastenräder.", false},
        Line{"The photographer's archive holds more than a million negatives from five decades.", false},
        Line{"Lesen", false}, Line{"", false}));

TEST(CallToAction, SignUpFollowSupportInTheCorporasLanguages) {
    for (const char* line : {"Get the latest updates right in your inbox. Subscribe to our newsletters.",
                             "Follow us on Twitter @Example and on Facebook.",
                             "¡Únete a nuestro canal de Telegram!", "Inscreva-se na nossa newsletter",
                             "Abonnez-vous à notre lettre d'information", "Zapisz się do newslettera",
                             "HAZTE MIEMBRO Y DISFRUTA DE BENEFICIOS EXCLUSIVOS",
                             "Submit a letter to the editor or write to letters@example.com."})
        EXPECT_TRUE(is_call_to_action(line)) << line;
    for (const char* line : {"If at any time you would like to unsubscribe from receiving future emails, reply.",
                             "The council voted to follow the plan drawn up by the engineers last year."})
        EXPECT_FALSE(is_call_to_action(line)) << line;
}

TEST(ClassWords, PairsNameChromeUnlessBesideAPositiveWord) {
    EXPECT_TRUE(class_words_hint("more-stories") & hint_strong);
    EXPECT_TRUE(class_words_hint("c-read-also__item") & hint_strong);
    EXPECT_FALSE(class_words_hint("entry-content-read-more") & hint_strong);
    EXPECT_TRUE(class_words_hint("entry-content-read-more") & hint_positive);
}

TEST(ClassWords, ManyLanguagesAndCommentaryIsNotComments) {
    EXPECT_TRUE(class_words_hint("noticias-relacionadas") & hint_strong);
    EXPECT_TRUE(class_words_hint("kommentare") & hint_strong);
    EXPECT_TRUE(class_words_hint("autor-box") & hint_weak);
    EXPECT_TRUE(class_words_hint("bildunterschrift") & hint_weak);
    EXPECT_FALSE(class_words_hint("news subjective commentary") & (hint_strong | hint_weak));
}

TEST(ClassWords, LeadWords) {
    for (const char* w : {"lead", "standfirst", "summary", "intro", "introtext", "chapo", "bajada", "vorspann"})
        EXPECT_TRUE(is_lead_word(w)) << w;
    for (const char* w : {"leader", "leaderboard", "article", "headline"}) EXPECT_FALSE(is_lead_word(w)) << w;
}

} // namespace
} // namespace newsdb
