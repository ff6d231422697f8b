// Parsers: bytes of one input file in, one ParsedArticle out. Pure functions,
// safe to call from several threads at once.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "newsdb/article.hpp"

namespace newsdb {

enum class InputFormat { automatic, text, html, markdown, json, jsonl, sgml, warc };

// Parses "auto"/"automatic", "text"/"txt"/"plain" (case-insensitive); throws
// Error(invalid_argument) listing the accepted names otherwise.
InputFormat parse_input_format(std::string_view name);
std::string_view input_format_name(InputFormat format) noexcept;

// Checks that `bytes` can be an article at all: not empty or only whitespace,
// no NUL bytes (binary), valid UTF-8. A UTF-8 byte-order mark is allowed.
// Throws Error(bad_input) with the reason.
void check_text_bytes(std::string_view bytes);

// Plain-text article (see README "Plain text"): the headline is found among
// the opening lines (section labels, breadcrumbs, captions and a repeated
// headline around it are set aside as chrome, bylines and dates read as
// metadata); paragraphs are separated by blank lines or are lines of their
// own (hard-wrapped lines are joined); site chrome and paywall lines are set
// aside, with the short link and teaser lines among the chrome after the
// text; `[N] ...` footnotes at the end have the inline `[N]` marks linked to
// them. Accepts LF and CRLF, a UTF-8 BOM, and non-breaking spaces.
// `name_hint` (a file name) is the title of last resort.
// Throws Error(bad_input) when the bytes are not a text article.
ParsedArticle parse_plain_text(std::string_view bytes, std::string_view name_hint = {});

struct ParseOptions {
    InputFormat format = InputFormat::automatic;
    // JSON/JSONL field names: newsdb field ("title", "text", "date", "url",
    // "author", "source", "language", "tags") -> the input's key. Unset
    // fields use the defaults (see README "JSON and JSON Lines").
    std::map<std::string, std::string> json_fields;
};

// One article found in an input file. Most files hold one; JSON arrays, JSON
// Lines and newswire SGML collections hold many.
struct ParsedItem {
    std::string locator;  // where in the file: "" for a whole-file article, else e.g. "line 12", "item 3", "NEWID 42"
    std::string raw;      // the item's own bytes, hashed for idempotency; empty: the whole file is the item
    std::optional<ParsedArticle> article;  // absent when this item failed
    std::string error;    // why it failed: what was wrong and what to do
    // With `error`: the item is no article at all (a newswire story without
    // a body, a JSON file of other data), so not a failure: ingest reports
    // it skipped, with `error` as the reason.
    bool not_an_article = false;
    // A record of a container (a WARC): where it starts in the file, shown by
    // `show`; `raw` is then the record's own bytes, kept as its original.
    std::optional<int64_t> record_offset;
};

struct ParseResult {
    InputFormat format = InputFormat::text;  // the parser that ran
    std::string encoding;                    // what the bytes were decoded from: "utf-8", "windows-1252", "utf-16le", "utf-8 (2 bytes repaired as windows-1252)" ...
    bool gzip = false;                       // the file was gzip-compressed
    std::vector<ParsedItem> items;           // at least one
};

// Reads one input file: gunzips `.gz`/gzip bytes, chooses the parser
// (options.format, else the name's extension, else the content), decodes the
// text to UTF-8 (BOM, declared charset, detection) and parses. Throws
// Error(bad_input) when the file as a whole is unusable (binary, empty, no
// article); a bad item in a many-article file is reported in its ParsedItem.
ParseResult parse_input(std::string_view bytes, std::string_view name_hint, const ParseOptions& options = {});

// The single article of a one-article input; throws Error(bad_input) when the
// input holds none (or only failed items).
ParsedArticle parse_article(std::string_view bytes, std::string_view name_hint,
                            InputFormat format = InputFormat::automatic);

// The format `automatic` resolves to for this name and content.
InputFormat detect_format(std::string_view bytes, std::string_view name_hint);

// Normalises a written date ("14 February 2020", "February 14, 2020",
// "2020-02-14", "Feb 2020", "2020") to ISO 8601; empty when it is not a date.
std::string normalize_date(std::string_view text);

} // namespace newsdb
