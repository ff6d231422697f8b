// FTS5 auxiliary functions that newsdb registers on every archive connection
// (store/connection.cpp). They run inside a MATCH query on passages_fts and
// read the current row's match through FTS5's extension API.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include <sqlite3.h>

namespace newsdb::store {

// newsdb_phrase_hits(passages_fts) returns, for the current row, a blob of
// native-endian uint32 values: how many times each phrase of the MATCH
// expression occurs in the passage, phrase 0 first (FTS5 numbers phrases left
// to right as written). A phrase inside NEAR(...) counts only the occurrences
// that satisfy the NEAR, and a phrase of an OR branch that does not match the
// row counts 0 (FTS5 clears their position lists), so "the count is not 0"
// says "this phrase matches this passage".
inline constexpr const char* kPhraseHitsFunction = "newsdb_phrase_hits";

// newsdb_index_rows(passages_fts), newsdb_index_tokens(passages_fts): how many
// rows and tokens the whole index holds (FTS5's own totals, which its bm25()
// uses).
inline constexpr const char* kIndexRowsFunction = "newsdb_index_rows";
inline constexpr const char* kIndexTokensFunction = "newsdb_index_tokens";

// Registers the functions above with `api` (the connection's FTS5 API).
// Returns an SQLite result code.
int register_search_functions(fts5_api* api);

// Copies the counts of a value returned by newsdb_phrase_hits into `out`
// (cleared first; left empty for a malformed value).
void read_phrase_hits(const void* blob, std::size_t bytes, std::vector<uint32_t>& out);

// FTS5's totals record (passages_fts_data row 1: the index's rows, then its
// tokens per column; one column here), what newsdb_index_rows and
// newsdb_index_tokens report, without a MATCH. False for a malformed record.
bool read_index_totals(const void* blob, int bytes, int64_t& rows, int64_t& tokens);

// The first value of an FTS5 varint blob (a passages_fts_docsize size: SQLite's
// format, big-endian 7-bit groups, the ninth byte whole).
int64_t read_fts5_varint(const void* blob, int bytes);

} // namespace newsdb::store
