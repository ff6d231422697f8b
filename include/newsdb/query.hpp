// The one translator from people's query syntax to an FTS5 MATCH expression.
// User text reaches FTS5 only through translate_query().
#pragma once

#include <string>
#include <string_view>

namespace newsdb {

// Syntax (README "Query syntax"):
//   word word        all words must match (implicit AND; `AND` may be written)
//   "exact phrase"   the words in order
//   a OR b           either (OR binds looser than AND)
//   -word, NOT word  exclude; needs at least one positive term beside it
//   pre*             prefix
//   ( ... )          grouping
//   NEAR(a b, N)     a and b within N words (N defaults to 10)
// Punctuation inside words (Europe's, R&D, $3.5, U.S.) is fine: each term is
// emitted as a quoted FTS5 string and the tokenizer splits it.
// Lowercase `or`, `and`, `not`, `near` are ordinary words.
//
// Returns a syntactically valid FTS5 expression. Throws Error(invalid_query)
// whose message says what is wrong and at which column (1-based, in characters),
// e.g. `unclosed quote starting at column 7` — never an SQLite message.
std::string translate_query(std::string_view user_query);

} // namespace newsdb
