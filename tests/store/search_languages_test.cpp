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

} // namespace
} // namespace newsdb
