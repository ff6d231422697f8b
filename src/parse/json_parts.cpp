#include "parse/json_parts.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <optional>
#include <set>

#include "newsdb/error.hpp"
#include "parse/parsers.hpp"
#include "util/read_file.hpp"
#include "util/utf8.hpp"

namespace newsdb::parse {

bool PlainTextCheck::add(std::string_view range, bool first) {
    if (first) {
        if (is_gzip(range)) return false;
        try {
            const Decoded d = decode_to_utf8(range, InputFormat::jsonl);
            const std::size_t bom = range.starts_with(util::utf8_bom) ? util::utf8_bom.size() : 0;
            range.remove_prefix(bom);
            if (d.text != range) return false;  // decoded to something else: not plain UTF-8
        } catch (const Error&) {
            return false;
        }
    } else if (range.find('\0') != std::string_view::npos || util::first_invalid_utf8(range)) {
        return false;
    }
    for (std::size_t i = 0; !any_text_ && i < range.size();) {
        std::size_t len = 1;
        any_text_ = !util::is_space_code_point(util::decode_utf8(range, i, len));
        i += len;
    }
    return true;
}

namespace {

bool is_json_space(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

// plan_parts() of a JSON document holding an array of articles: the document
// itself, or the one array member of a wrapping object ({"articles": [...]}),
// taken when parse_json_items() would take it (article_array_member()). Element
// starts are found by following strings and brackets. A file this pass does
// not follow (several arrays, repeated or escaped keys, unbalanced, deeper
// than the parser takes, text after the document) gets no parts; one that it
// follows but that is not valid JSON is caught by the head's full check.

std::vector<FilePart> plan_array_parts(const util::InputFile& file, int64_t size, int64_t part_bytes) {
    std::vector<FilePart> parts;
    FilePart current;
    current.array = true;
    std::size_t depth = 0, items = 0;
    std::size_t inner = 0;  // the depth inside the articles' array while in it, else 0
    bool in_string = false, escaped = false, expect_element = false, closed = false;
    bool wrapped = false, in_key = false, expect_key = false, expect_value = false;
    std::string key, array_key;
    std::set<std::string> keys;
    char first_element = 0;
    int64_t open_at = -1, close_at = -1;  // the articles' array's brackets
    int64_t next_cut = part_bytes;
    constexpr int64_t kBlock = 1 << 20;
    for (int64_t pos = 0; pos < size;) {
        const std::string block = file.read_range(pos, std::min(size, pos + kBlock));
        std::size_t i = 0;
        if (pos == 0 && std::string_view(block).starts_with(util::utf8_bom)) i = util::utf8_bom.size();
        for (; i < block.size(); ++i) {
            const char c = block[i];
            const int64_t at = pos + static_cast<int64_t>(i);
            if (in_string) {
                if (escaped) escaped = false;
                else if (c == '\\' && in_key) return {};  // an escaped key: leave the comparison to the parser
                else if (c == '\\') escaped = true;
                else if (c == '"') in_string = false;
                if (in_key) {
                    if (in_string) {
                        key += c;
                    } else {
                        in_key = false;
                        if (!keys.insert(key).second) return {};  // a repeated key: the parser keeps the last
                    }
                }
                continue;
            }
            if (is_json_space(c)) continue;
            if (closed) return {};
            if (depth == 0 && c != '[' && c != '{') return {};
            if (inner != 0 && depth == inner && expect_element && c != ']') {
                expect_element = false;
                if (++items == 1) first_element = c;
                if (at >= next_cut && items > 1) {  // the first part holds the opening bracket and an element
                    current.end = at;
                    parts.push_back(current);
                    current = FilePart{at, 0, items, parts.size(), 0, true, at, 0};
                    next_cut = at + part_bytes;
                }
            }
            const bool value_start = expect_value;
            expect_value = false;
            if (c == '"') {
                in_string = true;
                if (wrapped && depth == 1 && expect_key) {
                    in_key = true;
                    expect_key = false;
                    key.clear();
                }
            } else if (c == '[' || c == '{') {
                if (++depth > max_json_depth) return {};
                if (depth == 1 && c == '{') {
                    wrapped = true;
                    expect_key = true;
                } else if (depth == 1 || (wrapped && depth == 2 && c == '[' && value_start)) {
                    if (open_at >= 0) return {};  // a second array: the parser may take either or none
                    open_at = at;
                    array_key = key;
                    inner = depth;
                    expect_element = true;
                }
            } else if (c == ']' || c == '}') {
                if (depth == 0) return {};
                if (inner != 0 && depth == inner) {
                    close_at = at;
                    inner = 0;
                }
                closed = --depth == 0;
            } else if (c == ',' && inner != 0 && depth == inner) {
                expect_element = true;
            } else if (c == ',' && wrapped && depth == 1) {
                expect_key = true;
            } else if (c == ':' && wrapped && depth == 1) {
                expect_value = true;
            }
        }
        pos += static_cast<int64_t>(block.size());
    }
    if (!closed || open_at < 0 || close_at < 0 || items == 0) return {};
    // The wrapping object's one array member, if the parser would take it.
    if (wrapped && article_array_member({{array_key, first_element == '{'}}) != std::size_t{0}) return {};
    current.end = size;
    parts.push_back(current);
    for (auto& p : parts) {
        p.elements_begin = p.index == 0 ? open_at : p.begin;
        p.elements_end = p.index + 1 == parts.size() ? close_at + 1 : p.end;
    }
    return parts;
}

// plan_parts() of a JSON Lines file, in one pass counting lines: part k starts
// at the first line start at or after k * part_bytes.
std::vector<FilePart> plan_line_parts(const util::InputFile& file, int64_t size, int64_t part_bytes) {
    std::vector<FilePart> parts;
    FilePart current;
    std::size_t lines = 0;  // line ends seen before `pos`
    constexpr int64_t kBlock = 1 << 20;
    int64_t next_cut = part_bytes;
    for (int64_t pos = 0; pos < size;) {
        const std::string block = file.read_range(pos, std::min(size, pos + kBlock));
        for (std::size_t i = 0; i < block.size();) {
            const char* nl = static_cast<const char*>(std::memchr(block.data() + i, '\n', block.size() - i));
            if (nl == nullptr) break;
            i = static_cast<std::size_t>(nl - block.data()) + 1;
            ++lines;
            const int64_t line_start = pos + static_cast<int64_t>(i);
            if (line_start >= next_cut && line_start < size) {
                current.end = line_start;
                parts.push_back(current);
                current = FilePart{line_start, 0, lines + 1, parts.size(), 0};
                next_cut = line_start + part_bytes;
            }
        }
        pos += static_cast<int64_t>(block.size());
    }
    current.end = size;
    parts.push_back(current);
    return parts;
}

} // namespace

std::vector<FilePart> plan_parts(const std::string& path, int64_t part_bytes, bool array) {
    if (part_bytes <= 0) return {};
    std::vector<FilePart> parts;
    try {
        const util::InputFile file(path);
        struct stat st {};
        if (::fstat(file.fd(), &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < 2 * part_bytes) return {};
        parts = array ? plan_array_parts(file, st.st_size, part_bytes) : plan_line_parts(file, st.st_size, part_bytes);
    } catch (const Error&) {
        return {};  // the whole-file path reports it
    }
    if (parts.size() < 2) return {};
    for (auto& p : parts) p.count = parts.size();
    return parts;
}

bool json_file_is_valid(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    char bom[3] = {};
    in.read(bom, 3);
    if (std::string_view(bom, static_cast<std::size_t>(in.gcount())) != util::utf8_bom) {
        in.clear();
        in.seekg(0);
    }
    return json_document_is_valid(in);
}

std::vector<ParsedItem> parse_file_part(std::string text, const FilePart& part, const ParseOptions& options) {
    if (!part.array) return parse_json_lines_part(text, options, part.first);
    // Its elements as an array of their own: the first part holds the
    // opening bracket, the last the closing one; the others end with the
    // comma before the next part's first element.
    text = text.substr(static_cast<std::size_t>(part.elements_begin - part.begin),
                       static_cast<std::size_t>(part.elements_end - part.elements_begin));
    if (!part.last()) {
        while (!text.empty() && is_json_space(text.back())) text.pop_back();
        if (!text.empty() && text.back() == ',') text.back() = ']';
    }
    if (part.index > 0) text.insert(0, 1, '[');
    return parse_json_array_part(text, options, part.first);
}

} // namespace newsdb::parse
