#include <gtest/gtest.h>

#include "newsdb/error.hpp"
#include "newsdb/parse.hpp"
#include "test_support.hpp"

namespace newsdb {
namespace {

using test::texts;

struct TextCase {
    std::string name;
    std::string input;
    std::string name_hint;
    std::string title;
    std::vector<std::string> paragraphs;
    std::string date = {};
    std::string author = {};
    std::string source = {};
    std::string url = {};
};

class PlainText : public ::testing::TestWithParam<TextCase> {};

TEST_P(PlainText, Parses) {
    const TextCase& c = GetParam();
    const ParsedArticle a = parse_plain_text(c.input, c.name_hint);
    EXPECT_EQ(a.title, c.title);
    EXPECT_EQ(texts(a), c.paragraphs);
    EXPECT_EQ(a.date, c.date);
    EXPECT_EQ(a.author, c.author);
    EXPECT_EQ(a.source, c.source);
    EXPECT_EQ(a.url, c.url);
}

INSTANTIATE_TEST_SUITE_P(
    Generalisations, PlainText,
    ::testing::Values(
        TextCase{"crlf", "Title Here\r\n\r\nFirst line\r\ncontinues here.\r\n\r\nSecond.\r\n", "", "Title Here",
                 {"First line continues here.", "Second."}},
        TextCase{"lone_cr", "Title Here\r\rFirst line\rcontinues.\r\rSecond.", "", "Title Here",
                 {"First line continues.", "Second."}},
        TextCase{"bom", "\xEF\xBB\xBFTitle\n\nBody text.\n", "", "Title", {"Body text."}},
        TextCase{"nbsp_tabs_zero_width",
                 "Title\xC2\xA0with\xE2\x80\xAFspaces  \n\n\tBody\xE2\x80\x87has \t  gaps  \nand zero\xE2\x80\x8Bwidth"
                 "\xEF\xBB\xBF.\n",
                 "", "Title with spaces", {"Body has gaps and zerowidth."}},
        TextCase{"hard_wrap_with_blank_line_runs", "Head\n\n\n\nOne two\nthree four\nfive.\n\n\n\nSix.\n", "", "Head",
                 {"One two three four five.", "Six."}},
        TextCase{"title_from_name_hint",
                 "This first block is a sentence that ends with a full stop.\n\nSecond paragraph.\n",
                 "some/dir/my-great_article.txt", "my great article",
                 {"This first block is a sentence that ends with a full stop.", "Second paragraph."}},
        TextCase{"title_from_first_words",
                 "One two three four five six seven eight nine ten eleven twelve thirteen fourteen.\n", "",
                 "One two three four five six seven eight nine ten eleven twelve",
                 {"One two three four five six seven eight nine ten eleven twelve thirteen fourteen."}},
        TextCase{"question_and_ellipsis_titles", "Is This the End?\n\nMaybe not.\n", "", "Is This the End?",
                 {"Maybe not."}},
        TextCase{"abbreviation_ends_title", "Tariffs Hit the U.S.\n\nBody.\n", "", "Tariffs Hit the U.S.", {"Body."}},
        TextCase{"byline_and_date_in_title_block", "Title\nBy Jane Doe and John Roe\nFebruary 14, 2020\n\nBody.\n",
                 "", "Title", {"Body."}, "2020-02-14", "Jane Doe and John Roe"},
        TextCase{"metadata_blocks",
                 "Title\n\nBy Jane Doe, Reuters\n\nUpdated 14 Feb 2020, 10:32 GMT\n\nURL: https://example.com/a\n\n"
                 "Body.\n",
                 "", "Title", {"Body."}, "2020-02-14", "Jane Doe", "Reuters", "https://example.com/a"},
        // Regression: "By A, B and C" was read as author A with source "B and C".
        TextCase{"byline_list_with_commas_is_all_authors",
                 "Title\n\nBy Davar Ardalan, Nina Bianchi and Maria Dayton\n\nBody.\n", "", "Title", {"Body."}, "",
                 "Davar Ardalan, Nina Bianchi and Maria Dayton"},
        TextCase{"source_bare_url_iso_date",
                 "Title\nSource: Example Wire\nhttps://example.com/b\n2020-02-14\n\nBody.\n", "", "Title", {"Body."},
                 "2020-02-14", "", "Example Wire", "https://example.com/b"},
        TextCase{"published_prefix", "Title\n\nPublished: 14 Feb 2020\n\nBody.\n", "", "Title", {"Body."},
                 "2020-02-14"},
        TextCase{"metadata_lookalikes_stay",
                 "Title\n\nBy the time rescuers arrived, the river had burst its banks.\n\n2020 was a hard year.\n\n"
                 "February 2020\n",
                 "", "Title",
                 {"By the time rescuers arrived, the river had burst its banks.", "2020 was a hard year.",
                  "February 2020"}},
        TextCase{"bullets_are_separate",
                 "Title\n\nKey points:\n- first point\n- second point that wraps\n  onto a second line\n", "",
                 "Title", {"Key points:", "- first point", "- second point that wraps onto a second line"}},
        TextCase{"no_blank_lines_long_lines",
                 "Title Line\nThe first paragraph is a full sentence that runs for a fair while and ends.\n"
                 "The second paragraph is also a full sentence and it ends with a full stop.\n"
                 "The third and last one.\n",
                 "", "Title Line",
                 {"The first paragraph is a full sentence that runs for a fair while and ends.",
                  "The second paragraph is also a full sentence and it ends with a full stop.",
                  "The third and last one."}},
        TextCase{"wrapped_first_paragraph_is_not_title",
                 "On 14 February the two governments signed thirteen\nagreements across several areas.\n\n"
                 "More text.\n",
                 "pakistan-deal.txt", "pakistan deal",
                 {"On 14 February the two governments signed thirteen agreements across several areas.",
                  "More text."}}),
    [](const auto& param_info) { return param_info.param.name; });

TEST(PlainTextFixtures, HardWrappedWithByline) {
    const auto a = parse_plain_text(test::read_file(test::fixture("text/hard_wrapped.txt")), "hard_wrapped.txt");
    EXPECT_EQ(a.title, "Harbour Authority Approves New Container Terminal");
    EXPECT_EQ(a.author, "Maria Lopez");
    EXPECT_EQ(a.source, "Reuters");
    EXPECT_EQ(a.date, "2021-03-03");
    ASSERT_EQ(a.paragraphs.size(), 3U);
    EXPECT_EQ(a.paragraphs[0].text,
              "The harbour authority on Tuesday approved plans for a new container terminal on the eastern shore, "
              "ending a two-year dispute with local residents over noise and traffic.");
    EXPECT_EQ(a.paragraphs[2].text,
              "Residents' groups said they would study the decision before deciding whether to appeal.");
    EXPECT_EQ(a.boilerplate, (std::vector<Boilerplate>{{Boilerplate::Kind::chrome, "Advertisement"}}));
    EXPECT_FALSE(a.is_excerpt);
}

TEST(PlainTextFixtures, OneParagraphPerLineWithoutBlankLines) {
    const auto a = parse_plain_text(test::read_file(test::fixture("text/one_per_line.txt")));
    EXPECT_EQ(a.title, "Councils Try Four-Day Week");
    ASSERT_EQ(a.paragraphs.size(), 3U);
    EXPECT_TRUE(a.paragraphs[1].text.starts_with("The pilot will run"));
}

TEST(PlainTextFixtures, ChromeAndPaywallAnywhere) {
    const auto a = parse_plain_text(test::read_file(test::fixture("text/chrome_paywall.txt")));
    EXPECT_EQ(a.title, "Markets Rally After Rate Decision");
    EXPECT_EQ(texts(a), (std::vector<std::string>{
                            "Stocks rose sharply on Wednesday after the central bank held interest rates steady.",
                            "Bond yields fell across the board as traders priced in cuts later in the year."}));
    using K = Boilerplate::Kind;
    const std::vector<Boilerplate> expected{
        {K::chrome, "Skip to main content | Menu | Search"},
        {K::chrome, "Share this article"},
        {K::chrome, "ADVERTISEMENT"},
        {K::chrome, "Follow us on Twitter"},
        {K::paywall, "Subscribe to continue reading"},
        {K::paywall, "Already a subscriber? Log in"},
        {K::chrome, "© 2023 Example News Ltd. All rights reserved."},
    };
    EXPECT_EQ(a.boilerplate, expected);
    EXPECT_TRUE(a.is_excerpt);
    EXPECT_FALSE(a.words_shown.has_value());
}

TEST(PlainTextFixtures, NotesHeadingSection) {
    const auto a = parse_plain_text(test::read_file(test::fixture("text/notes_heading.txt")));
    EXPECT_EQ(a.title, "Drought Deepens Across the Plains");
    ASSERT_EQ(a.paragraphs.size(), 2U);
    ASSERT_EQ(a.footnotes.size(), 2U);
    EXPECT_EQ(a.footnotes[0].number, 1);
    EXPECT_EQ(a.footnotes[0].author, "Jane Roe");
    EXPECT_EQ(a.footnotes[0].title, "Record Dry Spring");
    EXPECT_EQ(a.footnotes[0].publisher, "Weather Service Bulletin");
    EXPECT_EQ(a.footnotes[0].date, "2022-06-02");
    EXPECT_EQ(a.footnotes[1].title, "Farmers Sell Herds Early");
    EXPECT_EQ(a.footnotes[1].publisher, "The Plains Gazette");
    EXPECT_EQ(a.footnotes[1].date, "2022-06-05");
    EXPECT_EQ(a.footnotes[1].url, "https://gazette.example/herds");
    for (const auto& p : a.paragraphs) EXPECT_EQ(p.text.find("Notes"), std::string::npos);
    // "[1, 2]" after a space: both linked where "autumn" ends.
    EXPECT_EQ(a.paragraphs[1].text, "Officials expect water restrictions to last until autumn.");
    const std::size_t at = a.paragraphs[1].text.find("autumn") + 6;
    EXPECT_EQ(a.paragraphs[1].citations, (std::vector<Citation>{{1, at}, {2, at}}));
}

// One chrome or paywall line between two paragraphs is set aside with its kind.
struct BoilerplateCase {
    std::string line;
    Boilerplate::Kind kind;
};

class BoilerplateLines : public ::testing::TestWithParam<BoilerplateCase> {};

TEST_P(BoilerplateLines, SetAside) {
    const auto& c = GetParam();
    const auto a = parse_plain_text("Title\n\nFirst paragraph.\n\n" + c.line + "\n\nSecond paragraph.\n");
    EXPECT_EQ(texts(a), (std::vector<std::string>{"First paragraph.", "Second paragraph."}));
    ASSERT_EQ(a.boilerplate.size(), 1U);
    EXPECT_EQ(a.boilerplate[0].text, c.line);
    EXPECT_EQ(a.boilerplate[0].kind, c.kind);
    EXPECT_EQ(a.is_excerpt, c.kind == Boilerplate::Kind::paywall);
}

using K = Boilerplate::Kind;
INSTANTIATE_TEST_SUITE_P(
    Table, BoilerplateLines,
    ::testing::Values(
        BoilerplateCase{"Skip to content", K::chrome}, BoilerplateCase{"Skip to main content", K::chrome},
        BoilerplateCase{"Skip to navigation", K::chrome}, BoilerplateCase{"Skip to footer", K::chrome},
        BoilerplateCase{"Skip to content Skip to footer", K::chrome}, BoilerplateCase{"Advertisement", K::chrome},
        BoilerplateCase{"ADVERTISEMENT", K::chrome}, BoilerplateCase{"Share this article", K::chrome},
        BoilerplateCase{"Share on Facebook", K::chrome}, BoilerplateCase{"Share on Twitter", K::chrome},
        BoilerplateCase{"Follow us on Instagram", K::chrome},
        BoilerplateCase{"Sign up for our newsletter", K::chrome}, BoilerplateCase{"Back to top", K::chrome},
        BoilerplateCase{"Print", K::chrome}, BoilerplateCase{"Read more:", K::chrome},
        BoilerplateCase{"Related articles", K::chrome},
        BoilerplateCase{"We use cookies to improve your experience. Accept all", K::chrome},
        BoilerplateCase{"Click here to subscribe", K::chrome},
        BoilerplateCase{"Image copyright Getty Images", K::chrome}, BoilerplateCase{"Photo: Reuters", K::chrome},
        BoilerplateCase{"All rights reserved.", K::chrome}, BoilerplateCase{"© 2020 Example Media", K::chrome},
        BoilerplateCase{"End of Excerpt (304/1,399 words)", K::paywall},
        BoilerplateCase{"You can read the complete article by logging in (click here).", K::paywall},
        BoilerplateCase{"Subscribe to continue reading", K::paywall},
        BoilerplateCase{"This article is for subscribers only", K::paywall},
        BoilerplateCase{"To continue reading, subscribe or log in.", K::paywall},
        BoilerplateCase{"Already a subscriber? Log in", K::paywall},
        BoilerplateCase{"Sign in to read the full article", K::paywall},
        BoilerplateCase{"You have reached your free article limit", K::paywall}));

TEST(BoilerplateLookalikes, StayParagraphs) {
    const std::vector<std::string> lines{
        "Share prices fell sharply in Tokyo on Monday.", "Follow the money.", "Print media is struggling.",
        "Advertisement revenue fell by a third last year, the company said.", "Read more about the plan below."};
    for (const auto& line : lines) {
        const auto a = parse_plain_text("Title\n\n" + line + "\n");
        EXPECT_EQ(texts(a), std::vector<std::string>{line});
        EXPECT_TRUE(a.boilerplate.empty()) << line;
    }
}

TEST(Excerpt, WordCountsWithSeparators) {
    const auto a = parse_plain_text("Title\n\nBody.\n\nEnd of excerpt (1,204/12,399 words)\n");
    EXPECT_TRUE(a.is_excerpt);
    EXPECT_EQ(a.words_shown, 1204);
    EXPECT_EQ(a.words_total, 12399);
}

// --- citations -------------------------------------------------------------------

struct CitationCase {
    std::string name;
    std::string body;  // one paragraph; footnotes 1 and 2 exist
    std::string text;
    std::vector<Citation> citations;
};

class Citations : public ::testing::TestWithParam<CitationCase> {};

TEST_P(Citations, Linked) {
    const auto& c = GetParam();
    const auto a = parse_plain_text("Title\n\n" + c.body + "\n\n[1] First note.\n[2] Second note.\n");
    ASSERT_EQ(a.paragraphs.size(), 1U);
    EXPECT_EQ(a.paragraphs[0].text, c.text);
    EXPECT_EQ(a.paragraphs[0].citations, c.citations);
    EXPECT_EQ(a.footnotes.size(), 2U);
}

INSTANTIATE_TEST_SUITE_P(
    Table, Citations,
    ::testing::Values(
        CitationCase{"end", "A claim.[1]", "A claim.", {{1, 8}}},
        CitationCase{"glued_words", "The word[1]next one.", "The word next one.", {{1, 8}}},
        CitationCase{"space_before", "Said so [2] and left.", "Said so and left.", {{2, 7}}},
        CitationCase{"adjacent", "Both.[1][2] Then.", "Both. Then.", {{1, 5}, {2, 5}}},
        CitationCase{"list", "Both[1, 2].", "Both.", {{1, 4}, {2, 4}}},
        CitationCase{"range", "Both[1-2].", "Both.", {{1, 4}, {2, 4}}},
        CitationCase{"same_number_twice", "One[1] and two[1].", "One and two.", {{1, 3}, {1, 11}}},
        CitationCase{"missing_note_stays", "Unknown[7] stays[1].", "Unknown[7] stays.", {{1, 16}}},
        CitationCase{"partly_missing_list_stays", "Mixed[1, 9].", "Mixed[1, 9].", {}},
        CitationCase{"not_a_mark", "Brackets [sic] and [] and [x1] stay.", "Brackets [sic] and [] and [x1] stay.",
                     {}},
        CitationCase{"multibyte_neighbour", "Erdoğan[1]’s visit.", "Erdoğan’s visit.", {{1, 8}}}),
    [](const auto& param_info) { return param_info.param.name; });

TEST(Footnotes, NewlineSeparatedWithContinuationLines) {
    const auto a = parse_plain_text(
        "Title\n\nText.[1] More.[2]\n\n[1] “A long title that\nwraps.” Some Paper. 1 May 2020.\n[2] Other.\n");
    ASSERT_EQ(a.footnotes.size(), 2U);
    EXPECT_EQ(a.footnotes[0].text, "“A long title that wraps.” Some Paper. 1 May 2020.");
    EXPECT_EQ(a.footnotes[0].title, "A long title that wraps");
    EXPECT_EQ(a.footnotes[1].text, "Other.");
    EXPECT_EQ(a.paragraphs[0].citations.size(), 2U);
}

TEST(Footnotes, OnlyATrailingSectionCounts) {
    const auto a = parse_plain_text("Title\n\n[1] is an odd way to start.\n\nMore text.\n");
    EXPECT_TRUE(a.footnotes.empty());
    EXPECT_EQ(texts(a), (std::vector<std::string>{"[1] is an odd way to start.", "More text."}));
}

TEST(Footnotes, ChromeBeforeFootnotesIsSetAside) {
    const auto a =
        parse_plain_text("Title\n\nText.[1]\n\nShare this article\n\nReferences:\n\n[1] Reuters. 2 May 2020.\n");
    ASSERT_EQ(a.footnotes.size(), 1U);
    EXPECT_EQ(a.footnotes[0].publisher, "Reuters");
    EXPECT_EQ(texts(a), std::vector<std::string>{"Text."});
}

TEST(Footnotes, NumberedListWithoutHeadingIsBody) {
    const auto a = parse_plain_text("Title\n\nSteps:\n\n1. First step.\n2. Second step.\n");
    EXPECT_TRUE(a.footnotes.empty());
    EXPECT_EQ(a.paragraphs.size(), 3U);
}

// --- scraped pages: the opening and the closing --------------------------------

struct ScrapedCase {
    std::string file;
    std::string title;
    std::string author;
    std::string source;
    std::vector<std::string> paragraphs;
    std::vector<std::string> chrome;  // every boilerplate line, in order; all of kind chrome
};

void PrintTo(const ScrapedCase& c, std::ostream* os) { *os << c.file; }

class ScrapedText : public ::testing::TestWithParam<ScrapedCase> {};

TEST_P(ScrapedText, HeadlineChromeAndBody) {
    const ScrapedCase& c = GetParam();
    const auto a = parse_plain_text(test::read_file(test::fixture("text/" + c.file)), c.file);
    EXPECT_EQ(a.title, c.title);
    EXPECT_EQ(a.author, c.author);
    EXPECT_EQ(a.source, c.source);
    EXPECT_EQ(texts(a), c.paragraphs);
    std::vector<std::string> chrome;
    for (const auto& b : a.boilerplate) {
        EXPECT_EQ(b.kind, Boilerplate::Kind::chrome) << b.text;
        chrome.push_back(b.text);
    }
    EXPECT_EQ(chrome, c.chrome);
}

INSTANTIATE_TEST_SUITE_P(
    Fixtures, ScrapedText,
    ::testing::Values(
        // "Sie sind hier", a breadcrumb ending in the headline, the headline repeated; a reading time, a labelled link.
        ScrapedCase{"scraped_breadcrumb_de.txt", "Koalition einigt sich auf den Haushalt", "", "",
                    {"Nach wochenlangem Streit haben sich die Koalitionspartner in der Nacht auf einen Haushalt für das kommende Jahr geeinigt.",
                     "Die Opposition kritisierte, dass Investitionen in Schulen und Straßen erneut verschoben würden."},
                    {"Sie sind hier",
                     "Startseite > Politik > Koalition einigt sich auf den Haushalt",
                     "Koalition einigt sich auf den Haushalt",
                     "3 Min. Lesezeit",
                     "Lesen Sie auch: Bundestag debattiert über die Schuldenbremse",
                     "Kommentare"}},
        // An Arabic byline ("كتب:"), a "read also" heading and its teaser, "comments".
        ScrapedCase{"scraped_byline_ar.txt", "البنك المركزي يقرر خفض أسعار الفائدة 1% على الإيداع والإقراض", "محمد وجدى", "",
                    {"خفض البنك المركزي، اليوم الخميس، سعر العائد على الإيداع والإقراض بمقدار 1%، وفقا للمعطيات الاقتصادية الحالية.",
                     "وأكدت لجنة السياسة النقدية للبنك المركزي، في اجتماعها اليوم، أنه تم خفض سعري عائد الإيداع والإقراض."},
                    {"اقرأ أيضاً",
                     "البنك المركزي يثبت أسعار الفائدة للمرة الثالثة",
                     "تعليقات"}},
        // Single line breaks: a caption with its photo credit, a teaser after "Mirá también", a newsletter pitch.
        ScrapedCase{"scraped_caption_es.txt", "Elecciones 2019: en vivo, seguí el minuto a minuto", "", "",
                    {"Alberto Fernández se convirtió en el presidente electo al obtener más del 48% de los votos.",
                     "Las elecciones generales se desarrollaron este domingo desde las 8, con seis candidatos a la Presidencia de la Nación y más de 34 millones de electores habilitados.",
                     "Oficialmente, los resultados de las elecciones estarán disponibles desde las 21, con datos tanto a nivel nacional como provincial."},
                    {"Festejos en el búnker de Frente de Todos (Foto Juan Pérez)",
                     "Mirá también",
                     "Las fotos de la jornada electoral que se realiza en todo el país",
                     "Newsletter Clarín",
                     "Recibí en tu email todas las noticias y análisis de nuestros periodistas",
                     "Comentarios"}},
        // A glued source line ("KAYNAKAA-İHA"); a teaser and a call to click before "İlgili Haberler".
        ScrapedCase{"scraped_closing_tr.txt", "İki ilde sel can aldı!", "", "AA-İHA",
                    {"Etkili olan sağanak yağış iki ilde hayatı olumsuz etkiledi. Dereler taştı, yollar kapandı ve bir kişi hayatını kaybetti.",
                     "ORDU’DA SELE KAPILAN KADIN ÖLDÜ",
                     "Sağanak yağış Çaybaşı ilçesinde sel taşkınlarına neden oldu. Ekiplerin kurtarma çalışmaları sonuç vermedi.",
                     "Yetkililer, vatandaşları dere kenarlarından uzak durmaları konusunda uyarıyor."},
                    {"İzmir’de kan donduran olay! Cesedin başında polisi bekledi",
                     "SEÇİM SONUÇLARINI TAKİP ETMEK İÇİN TIKLAYIN",
                     "İlgili Haberler",
                     "Yorum yapın"}},
        // Labels whose spacing was lost ("Latest NewsWorld", "HomeWorld...") above the headline.
        ScrapedCase{"scraped_glued_labels.txt", "Floods force thousands from their homes in Bavaria", "", "",
                    {"Thousands of people in southern Bavaria had to leave their homes on Sunday after days of heavy rain swelled the Danube and its tributaries.",
                     "Rescue teams used boats to reach villages cut off by the water."},
                    {"Latest NewsWorld",
                     "HomeWorldFloods force thousands from their homes in Bavaria",
                     "Source link",
                     "No comments"}},
        // Single line breaks: a kicker above the headline; short subheadings are lines of their own.
        ScrapedCase{"scraped_kicker_single_breaks.txt", "Union und SPD können gemeinsam regieren", "", "",
                    {"Sechs Parteien ziehen in den neuen Bundestag ein. Nicht dabei ist das BSW, das knapp an der Fünf-Prozent-Hürde gescheitert ist. Auch die FDP verpasst den Wiedereinzug.",
                     "Damit können Union und SPD eine Regierung bilden, die über eine knappe Mehrheit der Sitze verfügt, wie die Bundeswahlleiterin am Montagmorgen mitteilte.",
                     "Steinmeier: Land braucht handlungsfähige Regierung",
                     "Gespräche mit den Vorsitzenden aller Fraktionen geplant"},
                    {"Vorläufiges Endergebnis"}},
        // Site and section names above a question headline; hashtags and "See Full Page" after the text.
        ScrapedCase{"scraped_labels_fr.txt", "Comment les communes gèrent-elles les risques d'intempéries?", "", "",
                    {"Pluies diluviennes et violents orages s'abattent sur la France depuis plusieurs semaines. Les communes s'organisent en amont.",
                     "Un plan communal de sauvegarde prêt à l'avance",
                     "La prévention passe notamment par les maires des villes."},
                    {"BFMTV",
                     "Climat",
                     "#intempéries #orages #France",
                     "See Full Page"}},
        // A section label; "Lesen Sie mehr", "Weiter zum Artikel" and a comment count after the text.
        ScrapedCase{"scraped_links_de.txt", "Bundesrat billigt das neue Heizungsgesetz nach langer Debatte", "", "",
                    {"Der Bundesrat hat das umstrittene Heizungsgesetz am Freitag gebilligt. Damit kann es wie geplant zum Jahresbeginn in Kraft treten.",
                     "Die Länder hatten zuvor mehrere Änderungen verlangt, die der Bundestag im Herbst übernommen hatte."},
                    {"Politik",
                     "Lesen Sie mehr",
                     "Weiter zum Artikel",
                     "12 Kommentare"}},
        // A menu on one line, "Translate", "Continue reading", "Check Also" and its teaser.
        ScrapedCase{"scraped_menu_and_translate.txt", "Central Bank Raises Rates to Tackle Inflation Surge", "", "",
                    {"In an unprecedented move, the central bank has announced a significant policy shift intended to combat the rising tide of inflation."},
                    {"Home News Sport Business Culture Opinion",
                     "Translate",
                     "Continue reading",
                     "Check Also",
                     "Oil prices slip as demand worries return"}},
        // A section label (which also heads link lists) above the headline; a byline with a view count; an ad slot; a comment form.
        ScrapedCase{"scraped_section_label.txt", "Markets Slide as Oil Prices Jump to a Two-Year High", "Jane Doe", "",
                    {"Stock markets in Europe and Asia fell sharply on Tuesday after the price of crude oil rose to its highest level in two years.",
                     "Analysts said the rise reflected supply cuts agreed by producers last month."},
                    {"Top Stories",
                     "Advertisement Header",
                     "Leave a Reply",
                     "Your email address will not be published. Required fields are marked *"}},
        // A Turkish section label above the headline; a comment form's heading after the text.
        ScrapedCase{"scraped_section_tr.txt", "Merkez Bankası faizi yüzde 50'de sabit tuttu", "", "",
                    {"Merkez Bankası Para Politikası Kurulu, politika faizini beklentiler doğrultusunda değiştirmedi.",
                     "Kurul, enflasyondaki düşüş eğiliminin sürdüğünü belirtti."},
                    {"Ekonomi",
                     "Bir Cevap Yazın"}},
        // A site's label and a section label on single lines; "See also: <teaser>", a comment count, hashtags.
        ScrapedCase{"scraped_see_also_en.txt", "Why the Navy Is Betting on a Fleet of Smaller Ships", "", "",
                    {"The navy's new fleet plan moves money from large destroyers to a greater number of small and cheaper vessels.",
                     "Officials said the change would let the service watch more sea lanes at once."},
                    {"Quwa Premium",
                     "Analysis",
                     "See also: Shipbuilders warn of delays at the country's yards",
                     "34 Comments",
                     "#navy #defence #shipbuilding"}},
        // A short headline with a longer standfirst under it: the first line stays the headline (no label).
        ScrapedCase{"scraped_standfirst_stays.txt", "Feuerwehreinsätze nach Unwetter", "", "",
                    {"Starkregen sorgte für überflutete Straßen",
                     "Zu größeren Einsätzen musste die Feuerwehr aber nicht ausrücken. Die Warn-App hatte die Unwetter gemeldet und die Einsatzkräfte waren vorbereitet."},
                    {"© Animaflora - stock.adobe.com",
                     "Weitere Meldungen",
                     "skyline"}},
        // A headline ending with a full stop, set off by a wider gap than the paragraphs.
        ScrapedCase{"scraped_wide_gap_title.txt", "Inflation: US central bank raises interest rates to their highest level in 15 years.", "", "",
                    {"United States: In an effort to contain rising prices, the US central bank has raised interest rates to levels not seen in almost 15 years.",
                     "Jerome Powell, the chairman of the Federal Reserve, said the decision was unanimous."},
                    {}}),
    [](const auto& param_info) { return "case" + std::to_string(param_info.index); });

// Regression: a section label above the headline was the title, and the
// headline the first paragraph.
TEST(ScrapedText, Regression_SectionLabelBecameTheTitle) {
    const auto a = parse_plain_text("News\n\nTaiwan earthquake death toll rises after buildings collapse\n\n"
                                    "by Gillian Fuller\n\nA powerful earthquake rocked Taiwan early on Saturday.\n");
    EXPECT_EQ(a.title, "Taiwan earthquake death toll rises after buildings collapse");
    EXPECT_EQ(a.author, "Gillian Fuller");
    EXPECT_EQ(texts(a), std::vector<std::string>{"A powerful earthquake rocked Taiwan early on Saturday."});
    EXPECT_EQ(a.boilerplate, (std::vector<Boilerplate>{{Boilerplate::Kind::chrome, "News"}}));
}

// Regression: with single line breaks the label, the headline and the first
// paragraph were one paragraph, and the file name the title.
TEST(ScrapedText, Regression_HeadlineAndChromeJoinedOnSingleLineBreaks) {
    const auto a = parse_plain_text("Politik\nKoalition einigt sich auf den Haushalt\nNach wochenlangem Streit haben "
                                    "sich die Koalitionspartner in der Nacht auf einen Haushalt geeinigt.\n",
                                    "030.txt");
    EXPECT_EQ(a.title, "Koalition einigt sich auf den Haushalt");
    EXPECT_EQ(texts(a), std::vector<std::string>{"Nach wochenlangem Streit haben sich die Koalitionspartner in der "
                                                 "Nacht auf einen Haushalt geeinigt."});
}

// Regression: site chrome after the text ("Post Your Comments", "Back to top
// button") was kept as paragraphs.
TEST(ScrapedText, Regression_TrailingChromeKeptAsParagraphs) {
    const auto a = parse_plain_text("Title\n\nThe text of the article.\n\nshortlink\n\nPost Your Comments\n\n\n"
                                    "Back to top button\n");
    EXPECT_EQ(texts(a), std::vector<std::string>{"The text of the article."});
    EXPECT_EQ(a.boilerplate.size(), 3U);
}

// What the rules must leave alone: a short headline over a question, a
// fixture line over a venue, a short line closing a text with no chrome, a
// subheading after the last chrome line.
TEST(ScrapedText, OrdinaryTextsKeepTheirShape) {
    auto a = parse_plain_text("Prime minister's questions\n\nSo who, if anyone, is playing politics with the security "
                              "of the nation?\n\nThe exchanges were heated.\n");
    EXPECT_EQ(a.title, "Prime minister's questions");
    EXPECT_EQ(a.paragraphs.size(), 2U);
    a = parse_plain_text("Blackburn v Burnley\n\nEwood Park\n\nThe match ended in a draw.\n");
    EXPECT_EQ(a.title, "Blackburn v Burnley");
    EXPECT_EQ(texts(a), (std::vector<std::string>{"Ewood Park", "The match ended in a draw."}));
    a = parse_plain_text("Title\n\nThe text of the article.\n\nWhat Happens Next\n");
    EXPECT_EQ(texts(a), (std::vector<std::string>{"The text of the article.", "What Happens Next"}));
    a = parse_plain_text("Title\n\nThe text of the article.\n\nLesezeit\n\nSteinmeier: Land braucht Regierung\n");
    EXPECT_EQ(texts(a), (std::vector<std::string>{"The text of the article.", "Steinmeier: Land braucht Regierung"}));
    EXPECT_EQ(a.boilerplate.size(), 1U);
}

// --- no article ------------------------------------------------------------------

TEST(NoArticleText, Throws) {
    for (std::string input : {"Only a title\n", "Skip to content\n\nAdvertisement\n",
                              "Title\n\nSubscribe to continue reading\n", "Title\n\n[1] A note.\n"}) {
        try {
            parse_plain_text(input, "x.txt");
            ADD_FAILURE() << "expected bad_input for: " << input;
        } catch (const Error& e) {
            EXPECT_EQ(e.code(), Errc::bad_input);
            EXPECT_TRUE(e.message().starts_with("no article text found")) << e.message();
        }
    }
}

} // namespace
} // namespace newsdb
