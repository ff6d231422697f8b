#include <gtest/gtest.h>

#include "parse/footnotes.hpp"

namespace newsdb {
namespace {

struct NoteCase {
    std::string name;
    std::string text;
    std::string title, author, publisher, date, url;
};

class FootnoteFields : public ::testing::TestWithParam<NoteCase> {};

TEST_P(FootnoteFields, Splits) {
    const NoteCase& c = GetParam();
    const Footnote note = parse::parse_footnote(7, c.text);
    EXPECT_EQ(note.number, 7);
    EXPECT_EQ(note.text, c.text);
    EXPECT_EQ(note.title, c.title);
    EXPECT_EQ(note.author, c.author);
    EXPECT_EQ(note.publisher, c.publisher);
    EXPECT_EQ(note.date, c.date);
    EXPECT_EQ(note.url, c.url);
}

INSTANTIATE_TEST_SUITE_P(
    Table, FootnoteFields,
    ::testing::Values(
        NoteCase{"curly_with_author", "Dilara Aslan. “Peak ties.” Daily Sabah. 13 February 2020. URL:",
                 "Peak ties", "Dilara Aslan", "Daily Sabah", "2020-02-13", ""},
        NoteCase{"nested_open_quote", "“A: “B, c.” Pub. 1 May 2020.", "A: “B, c", "", "Pub", "2020-05-01", ""},
        NoteCase{"straight_quotes", "\"Straight Title,\" Some Paper, February 14, 2020.", "Straight Title", "",
                 "Some Paper", "2020-02-14", ""},
        NoteCase{"single_quotes", "‘Pakistan’s view’ The Guardian. 1 May 2019.", "Pakistan’s view", "",
                 "The Guardian", "2019-05-01", ""},
        NoteCase{"no_quotes_publisher_title", "Example Org (EO). Official Page. 14 February 2020. URL: https://",
                 "Official Page", "", "Example Org (EO)", "2020-02-14", "https://"},
        NoteCase{"no_quotes_three_fields", "Doe, Jane. Book Title. Big Publisher, 2019.", "Book Title",
                 "Doe, Jane", "Big Publisher", "2019", ""},
        NoteCase{"lone_dated_publisher", "Reuters, 14 February 2020.", "", "", "Reuters", "2020-02-14", ""},
        NoteCase{"nothing_to_split", "Ibid.", "", "", "", "", ""},
        NoteCase{"accessed_is_not_published",
                 "World Bank. Annual Report. 2019. Accessed 5 May 2020. URL: https://worldbank.example/ar",
                 "Annual Report", "", "World Bank", "2019", "https://worldbank.example/ar"},
        NoteCase{"retrieved_from", "“Title”, BBC News, 2 March 2021, retrieved from https://bbc.example/x.",
                 "Title", "", "BBC News", "2021-03-02", "https://bbc.example/x"},
        NoteCase{"available_at", "Available at: https://x.example/report.pdf (Accessed: 1 May 2020).", "", "",
                 "", "", "https://x.example/report.pdf"},
        NoteCase{"bare_url", "“Deal Signed.” Dawn. 14 Feb 2020. https://dawn.example/deal", "Deal Signed",
                 "", "Dawn", "2020-02-14", "https://dawn.example/deal"},
        NoteCase{"initials_do_not_split", "J. R. Smith. “On Ports.” Sea Review. March 2018.", "On Ports",
                 "J. R. Smith", "Sea Review", "2018-03", ""}),
    [](const auto& param_info) { return param_info.param.name; });

} // namespace
} // namespace newsdb
