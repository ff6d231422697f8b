// The individual format parsers and the decoding stage, behind parse_input().
// Each parser takes valid UTF-8 (decoding happened before) and is a pure function.
#pragma once

#include <array>
#include <istream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "newsdb/parse.hpp"

namespace newsdb::parse {

// HTML page: finds the article body among the page chrome (src/parse/html*.cpp).
// What no pass reads is left out before parsing (html::lean_html);
// `as_written` parses the page as it is, for the tests that check this
// changes nothing.
enum class Markup { lean, as_written };
ParsedArticle parse_html(std::string_view utf8, std::string_view name_hint, Markup markup = Markup::lean);

// Markdown with optional YAML front matter (src/parse/markdown*.cpp). Front
// matter of the simple form most sites write (keys, one-line scalars, lists
// of them) is read by a small reader of its own, any other by yaml-cpp;
// `yaml_cpp` reads all of it with yaml-cpp, for the tests that compare them.
enum class FrontMatterReader { simple_first, yaml_cpp };
ParsedArticle parse_markdown(std::string_view utf8, std::string_view name_hint);
ParsedArticle parse_markdown_with(std::string_view utf8, std::string_view name_hint, FrontMatterReader reader);
// Whether a Markdown text has front matter that the small reader reads.
bool simple_front_matter(std::string_view utf8);

// A JSON object or array of objects (`lines` false), or JSON Lines (`lines`
// true): one item per article, a bad line or element as a failed item
// (src/parse/json*.cpp).
std::vector<ParsedItem> parse_json_items(std::string_view utf8, std::string_view name_hint,
                                         const ParseOptions& options, bool lines);

// nlohmann's parser and destructor recurse once per nesting level, so deeply
// nested input would overflow the stack; no real article dump nests this deep.
inline constexpr std::size_t max_json_depth = 512;

// The keys under which an object holding an array of articles is looked for
// first ({"articles": [...]}), in this order; failing them, its one array of
// objects is taken.
inline constexpr std::array<std::string_view, 11> article_array_keys = {
    "articles", "data", "items", "results", "posts", "entries", "stories", "documents", "records", "news", "hits"};

// An array member of a JSON object, as the search for its articles weighs it.
struct ArrayMember {
    std::string_view key;
    bool starts_with_object = false;  // not empty, and its first element an object
};

// Which of an object's array members holds its articles: the one under the
// first of article_array_keys that names one, else the only one starting
// with an object; none when several do. The rule of parse_json_items(),
// shared with the planning of big files into parts (json_parts.hpp).
std::optional<std::size_t> article_array_member(const std::vector<ArrayMember>& members);

// Lines of a JSON Lines file from line `first_line` on, `utf8` starting at a
// line start: the items parse_json_items(..., true) gives for those lines of
// the whole (decoded) file. Lets a big file be parsed in parts at once.
std::vector<ParsedItem> parse_json_lines_part(std::string_view utf8, const ParseOptions& options,
                                              std::size_t first_line);

// The elements of a part of a file's top-level JSON array, given as an array
// of their own, the first being item `first_item`: the items
// parse_json_items(..., false) gives for those elements of the whole file.
std::vector<ParsedItem> parse_json_array_part(std::string_view array, const ParseOptions& options,
                                              std::size_t first_item);

// Whether `in` holds one valid JSON document (nothing after it) nested no
// deeper than parse_json_items() accepts; reads it without building it.
bool json_document_is_valid(std::istream& in);

// Newswire SGML (Reuters-21578): one item per <REUTERS> element (src/parse/sgml*.cpp).
std::vector<ParsedItem> parse_sgml_items(std::string_view utf8, std::string_view name_hint);

struct Decoded {
    std::string text;      // valid UTF-8, BOM removed
    std::string encoding;  // what it was decoded from, e.g. "utf-8", "windows-1250", "utf-8 (1 byte repaired as windows-1252)"
};

// Decodes a file's bytes to UTF-8: a BOM (UTF-8, UTF-16LE/BE) wins; valid
// UTF-8 stays; UTF-8 with a few stray bytes stays, those bytes repaired
// (encoding "utf-8 (3 bytes repaired as windows-1252)"); otherwise the
// charset the document declares (HTML meta, XML declaration) when the bytes
// fit it, else detection, else Windows-1252.
// `transport_charset` (lower case: an HTTP Content-Type's) stands in for a
// declaration the document lacks.
// Throws Error(bad_input) for binary data (src/parse/decode.cpp).
Decoded decode_to_utf8(std::string_view bytes, InputFormat format, std::string_view transport_charset = {});

// True when `bytes` start with the gzip magic number.
bool is_gzip(std::string_view bytes) noexcept;
// Decompresses gzip data; throws Error(bad_input) when it is damaged or would
// exceed `max_bytes` (src/parse/decode.cpp).
std::string gunzip(std::string_view bytes, std::size_t max_bytes);

} // namespace newsdb::parse
