// Search narrows a query word's stems to the languages the archive holds
// (tokenizer::QueryLanguages). It must find exactly what the full set finds.
#include <gtest/gtest.h>

#include "newsdb/archive.hpp"
#include "test_support.hpp"

namespace newsdb {
namespace {

using test::TempDir;
namespace fs = std::filesystem;

int64_t hits(Archive& a, const std::string& query) { return test::hit_count(a, query); }

TEST(SearchLanguages, StemsOfEveryLanguageInTheArchiveStillMatch) {
    TempDir dir;
    Archive a = Archive::open(dir / "a.db", OpenMode::read_write);
    a.ingest_bytes("{\"title\": \"Wohnungsmarkt\", \"language\": \"de\", \"text\": \"Die neuen Häusern am Fluss.\"}",
                   "de.json", IngestOptions{});
    EXPECT_EQ(hits(a, "Häuser"), 1);  // de:haus, only through the German stem
    EXPECT_EQ(hits(a, "housing"), 0);
    // A language that arrives later is searched from then on.
    a.ingest_bytes("{\"title\": \"Housing\", \"language\": \"en\", \"text\": \"New houses by the river.\"}",
                   "en.json", IngestOptions{});
    EXPECT_EQ(hits(a, "house"), 2);   // en:hous: title and paragraph
    EXPECT_EQ(hits(a, "Häuser"), 1);
    // Bokmål is stemmed as Norwegian ("no").
    a.ingest_bytes("{\"title\": \"Boliger\", \"language\": \"nb\", \"text\": \"Nye boligene ved elva.\"}",
                   "nb.json", IngestOptions{});
    EXPECT_EQ(hits(a, "boligen"), 2);  // title and paragraph
}

// An article without a language tag is named by its opening (title and
// paragraphs, about 1 KB): a long body in another language does not outvote it.
TEST(SearchLanguages, DetectedLanguageComesFromTheOpeningKilobyte) {
    std::string text = "Neue Wohnungen am Fluss\n\n";
    const std::string german =
        "Die Stadt will in den kommenden Jahren viele neue Wohnungen am Ufer des Flusses bauen lassen. "
        "Der Gemeinderat hat am Dienstag mit großer Mehrheit beschlossen, dass die alten Lagerhallen "
        "abgerissen werden und an ihrer Stelle Häuser für Familien, Studenten und ältere Menschen entstehen. ";
    while (text.size() < 1100) text += german;
    text += "\n\n";
    const std::string english =
        "The council also published a long report in English for its foreign partners, which explains "
        "how the new homes will be paid for and when the first families are expected to move in. ";
    for (int i = 0; i < 60; ++i) text += english + (i % 5 == 4 ? "\n\n" : "");
    ASSERT_GT(text.size(), 10000u);

    TempDir dir;
    Archive a = Archive::open(dir / "a.db", OpenMode::read_write);
    const auto results = a.ingest_bytes(text, "mixed.txt", IngestOptions{});
    ASSERT_EQ(results.size(), 1u);
    const auto stored = a.article(results[0].article_id);
    ASSERT_TRUE(stored.has_value());
    EXPECT_EQ(stored->article.language, "de");
    EXPECT_EQ(hits(a, "Häuser"), 1);  // de:haus
}

} // namespace
} // namespace newsdb
