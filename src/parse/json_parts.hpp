// Big JSON Lines and JSON files in parts: where a file may be cut so that
// several workers parse it at once, and how a part is parsed so that its
// items are exactly those of the whole file (the parser's rules for where
// the articles are, from parsers.hpp).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "newsdb/parse.hpp"

namespace newsdb::parse {

// A part of a file of many articles big enough to be prepared in parts, by
// several workers at once, and written part by part: of a JSON Lines file,
// the lines starting in bytes [begin, end), the first of them line `first`;
// of a JSON file whose document is an array of articles, or wraps one
// (`array`), the elements starting there, the first of them item `first`. Part 0, the head, also reads the
// whole file for its hash, its original and the checks that make the parts'
// items exactly what parsing the whole file gives.
struct FilePart {
    int64_t begin = 0, end = 0;
    std::size_t first = 1;
    std::size_t index = 0, count = 1;
    bool array = false;
    // Of an array's part: the bytes holding its elements (the first part's
    // from the opening bracket, the last part's to the closing one).
    int64_t elements_begin = 0, elements_end = 0;
    // Of a WARC (parse/warc.hpp): the records starting in [begin, end).
    bool warc = false;
    bool last() const { return index + 1 == count; }
};

// Splits the JSON Lines file (or, with `array`, the JSON array) at `path` into
// parts of about `part_bytes`, each starting at a line start (an element's
// start), in one pass counting lines (elements); none (prepare it whole) when
// it is smaller than two parts, cannot be read, or (`array`) is not a JSON
// array this pass can follow.
std::vector<FilePart> plan_parts(const std::string& path, int64_t part_bytes, bool array = false);

// The items of `part`, given its bytes [begin, end) (a JSON Lines head
// without its BOM): what parsing the whole file gives for its lines or
// elements. Throws Error(bad_input) when an array's part is no longer JSON
// (the file changed while it was read).
std::vector<ParsedItem> parse_file_part(std::string text, const FilePart& part, const ParseOptions& options);

// The checks parse_input() makes of a whole JSON Lines or JSON file, made
// range by range (the head's first, then each part's): true when the file
// is plain UTF-8 (a UTF-8 BOM allowed), so that its decoded text is its
// bytes and parsing it in parts gives what parsing it whole gives. Anything
// else (gzip, binary, UTF-16, another charset, only whitespace) is left to
// the whole-file path, which says what is wrong.
class PlainTextCheck {
public:
    bool add(std::string_view range, bool first);
    bool any_text() const { return any_text_; }

private:
    bool any_text_ = false;
};

// The head's check of a JSON file to be read in parts: the whole document,
// streamed from the file, is valid (see json_document_is_valid).
bool json_file_is_valid(const std::string& path);

} // namespace newsdb::parse
