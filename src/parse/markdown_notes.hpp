// Footnotes and citation marks of Markdown articles (src/parse/markdown_notes.cpp):
// `[n]` references with a trailing list, HTML footnote lists, and the linking
// of marks in the paragraphs to the notes.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "newsdb/article.hpp"

namespace newsdb::parse {

// A GFM footnote reference is written into the block text as
// citation_open + number + citation_close (private-use code points U+E000/U+E001).
inline constexpr std::string_view citation_open = "\xEE\x80\x80";
inline constexpr std::string_view citation_close = "\xEE\x80\x81";

struct LineUrl {
    std::size_t line = 0;  // which line of the block the link is on
    std::string url;
};

// One block of the Markdown body, in document order.
struct MdBlock {
    enum class Kind { paragraph, heading, html };
    Kind kind = Kind::paragraph;
    std::string text;           // inline text, lines separated by '\n'; for html: the raw HTML
    int level = 0;              // heading level
    int list_number = 0;        // the item's number when this is the first paragraph of an ordered-list item
    std::vector<LineUrl> urls;  // link destinations
};

// A footnote before its fields are split out.
struct RawNote {
    int number = 0;
    std::string text;
    std::vector<std::string> urls;
};

// Takes numbered notes off `blocks`: an HTML footnote list (`<li id="fn1">`),
// else a trailing section under a Notes/References/Sources heading (a numbered
// list or `[n]` lines), else trailing paragraphs of `[n] ...` lines.
std::vector<RawNote> take_numbered_notes(std::vector<MdBlock>& blocks);

// One paragraph from normalised text: GFM reference marks, and `[n]`/`[n, m]`
// marks whose notes are all in `notes`, are removed and become citations.
Paragraph link_citations(std::string_view text, const std::set<int>& notes);

} // namespace newsdb::parse
