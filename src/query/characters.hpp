// Character classes of the query syntax, shared by the lexer, the parser and
// the emitters. The text they read has been validated as UTF-8 already.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace newsdb::query {

// 1-based column of a byte offset, counted in code points.
std::size_t column_of(std::string_view text, std::size_t offset);

// Separates words. Control characters count as space: FTS5 would stop reading
// a query at an embedded NUL. Wider than util::is_space_code_point on purpose.
bool is_space(char32_t c);

// Common non-ASCII punctuation and symbols that the unicode61 tokenizer treats
// as separators (it keeps only letters, numbers and private-use characters).
bool is_unicode_punctuation(char32_t c);

bool is_ascii_alnum(char32_t c);
bool is_ascii_letter(char c);
std::string ascii_lower(std::string_view text);

// True when the tokenizer could find at least one token in `text`.
bool has_searchable(std::string_view text);

// "U.S.A." -> "USA": texts write acronyms both ways, and the tokenizer splits
// the dotted form into single letters. Two-letter ones are left alone: their
// joined forms are common words ("us", "un"). Empty when `text` is not one.
std::string dotted_acronym(std::string_view text);

} // namespace newsdb::query
