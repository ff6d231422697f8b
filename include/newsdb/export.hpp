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
// The format a file name's extension names (any case): .csv, .json,
// .jsonl/.ndjson, .md/.markdown, .txt (text). Throws Error(invalid_argument)
// listing them for any other name, or none.
HitFormat hit_format_for_file(std::string_view file_name);

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
    SearchUnit unit = SearchUnit::article;  // what the hits are: rows are articles or passages
    int64_t offset = 0;             // results skipped before the first hit (its rank is offset + 1)
    int64_t limit = 0;              // the most hits that follow (<= 0: all), for the totals' line
};

// "20 of 1,318 articles (4,920 passages)", "21–40 of 4,920 passages (1,318
// articles)": the results `offset`+1 to `offset`+`shown` of the totals.
std::string describe_totals(const SearchTotals& total, SearchUnit unit, int64_t offset, int64_t shown);

// Usage: begin(totals); write(hit)...; end(). `end` must be called once,
// also when there were no hits (JSON writes an empty list). Formats: see
// README "Output formats"; the totals appear in text (first line), markdown
// (under the heading) and json (a "total" object).
class HitWriter {
public:
    virtual ~HitWriter() = default;
    virtual void begin(const SearchTotals& total) = 0;
    virtual void write(const SearchHit& hit) = 0;
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
