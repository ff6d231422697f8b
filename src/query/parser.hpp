// The query parser: tokens -> the query tree (query_tree.hpp). Takes the
// `field:value` filters out (they must stand at the top level), parses by
// recursive descent over or/and/unary/primary, simplifies and validates, with
// every message naming the column it is about.
#pragma once

#include <string_view>

#include "newsdb/archive.hpp"
#include "query/query_tree.hpp"

namespace newsdb::query {

// The parsed, simplified and validated form of `user_query`, for any emitter.
// Throws Error(invalid_query) exactly as translate_query_full() documents
// (too long, invalid UTF-8, empty, syntax, no words and no fields, ...).
// `words` exact marks every term and title: value exact.
ParsedQuery parse_query(std::string_view user_query, WordMatch words = WordMatch::stemmed);

} // namespace newsdb::query
