// Parsers: bytes of one input file in, one ParsedArticle out. Pure functions,
// safe to call from several threads at once.
#pragma once

#include <string>
#include <string_view>

#include "newsdb/article.hpp"

namespace newsdb {

enum class InputFormat { automatic, text };

// Parses "auto"/"automatic", "text"/"txt"/"plain" (case-insensitive); throws
// Error(invalid_argument) listing the accepted names otherwise.
InputFormat parse_input_format(std::string_view name);
std::string_view input_format_name(InputFormat format) noexcept;

// Checks that `bytes` can be an article at all: not empty or only whitespace,
// no NUL bytes (binary), valid UTF-8. A UTF-8 byte-order mark is allowed.
// Throws Error(bad_input) with the reason.
void check_text_bytes(std::string_view bytes);

// Plain-text article (see README "Plain text"): title on the first line or
// block, paragraphs separated by blank lines (hard-wrapped lines are joined),
// site chrome and paywall lines set aside, `[N] ...` footnotes at the end with
// the inline `[N]` marks linked to them. Accepts LF and CRLF, a UTF-8 BOM, and
// non-breaking spaces. `name_hint` (a file name) is the title of last resort.
// Throws Error(bad_input) when the bytes are not a text article.
ParsedArticle parse_plain_text(std::string_view bytes, std::string_view name_hint = {});

// Chooses a parser by `format` (automatic: by the file name's extension, then
// by content) and runs it.
ParsedArticle parse_article(std::string_view bytes, std::string_view name_hint,
                            InputFormat format = InputFormat::automatic);

// Normalises a written date ("14 February 2020", "February 14, 2020",
// "2020-02-14", "Feb 2020", "2020") to ISO 8601; empty when it is not a date.
std::string normalize_date(std::string_view text);

} // namespace newsdb
