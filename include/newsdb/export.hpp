// Writers that turn search hits and stored articles into text formats.
// They stream: each hit is written as it arrives, nothing is buffered whole.
#pragma once

#include <memory>
#include <ostream>
#include <string>
#include <string_view>

#include "newsdb/archive.hpp"

namespace newsdb {

enum class HitFormat { text, csv, json, jsonl, markdown };

// "text", "csv", "json", "jsonl", "markdown" (or "md"); throws Error(invalid_argument).
HitFormat parse_hit_format(std::string_view name);

// How matches in a snippet are shown.
enum class MatchStyle {
    plain,   // **word**
    color,   // ANSI bold yellow, for terminals
};

// Replaces kMatchStart/kMatchEnd in `snippet` by the style's markers.
std::string render_snippet(std::string_view snippet, MatchStyle style);

struct HitWriterContext {
    std::string query;              // recorded with every row (provenance)
    MatchStyle style = MatchStyle::plain;
};

// Usage: begin(); write(hit)...; end(). `end` must be called once, also when
// there were no hits (JSON writes `[]`).
class HitWriter {
public:
    virtual ~HitWriter() = default;
    virtual void begin() = 0;
    virtual void write(const Hit& hit) = 0;
    virtual void end() = 0;
};

std::unique_ptr<HitWriter> make_hit_writer(HitFormat format, std::ostream& out,
                                           HitWriterContext context);

// Helpers shared by the writers and the CLI.
std::string csv_field(std::string_view value);    // RFC 4180 quoting when needed
std::string json_string(std::string_view value);  // quoted, escaped JSON string

// text: metadata, numbered paragraphs with [N] marks, footnotes, left-out lines.
// plain: the title, a blank line, then the body paragraphs separated by blank
//        lines, as stored (no marks, metadata or footnotes): clean text to pipe on.
// json: everything, as one object.
enum class ArticleFormat { text, plain, json };
ArticleFormat parse_article_format(std::string_view name);
void write_article(const StoredArticle& article, ArticleFormat format, std::ostream& out);

} // namespace newsdb
