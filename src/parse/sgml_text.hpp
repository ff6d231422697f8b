// Markup helpers shared by the SGML, JSON and Markdown parsers: character
// references and tag stripping for text that carries bits of HTML/SGML.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace newsdb::parse {

// Decodes `&amp;`, `&lt;`, `&#39;`, `&#x2014;`, `&mdash;` and other common named
// references. Control characters (`&#2;`, `&#3;`, raw ones too) are dropped,
// except tab and newline. An unknown or malformed reference stays as written.
std::string decode_entities(std::string_view text);

// Whether `text` looks like HTML rather than text that mentions a `<`:
// it holds a paragraph, line-break, div or similar block tag.
bool looks_like_html(std::string_view text);

// Text of an HTML fragment, one string per block: tags removed, the text split
// at block boundaries (</p>, <br>, </div>, </li>, headings ...), the contents
// of <script>, <style>, <iframe> and comments dropped, references decoded,
// whitespace normalised; empty blocks are left out.
std::vector<std::string> html_blocks(std::string_view html);

// A date as data dumps write it, to ISO 8601: whatever normalize_date reads,
// plus a leading `YYYY-MM-DD` followed by a time ("2015-07-21 02:51:32",
// "2019-03-18T13:00:00-05:00"); empty when it is not a date.
std::string date_to_iso(std::string_view text);

} // namespace newsdb::parse
