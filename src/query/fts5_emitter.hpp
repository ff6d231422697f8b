// The FTS5 emitter: the query tree -> an FTS5 MATCH expression. Every term is
// a quoted FTS5 string, never a bareword, so no user text can be read by FTS5
// as an operator, column filter or `^`; every group is parenthesised, so
// FTS5's own precedence (NOT > AND > OR) never decides the meaning.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "newsdb/query.hpp"
#include "query/query_tree.hpp"

namespace newsdb::query {

// The MATCH expression of a simplified tree (query_tree.hpp's invariants).
std::string fts5_match(const Node& root);

// How many FTS5 phrases (quoted strings) fts5_match(node) holds, the way FTS5
// numbers them for the auxiliary functions: left to right, excluded parts too.
std::size_t fts5_phrase_count(const Node& node);

// The title: terms as one expression that all must match; "" for none.
std::string fts5_title_filter(const std::vector<Node>& terms);

// TranslatedQuery::phrase and ::near for `root` ("" and "" when it is not two
// or more plain terms ANDed, with nothing but exclusions beside them).
struct RankingForms {
    std::string phrase;
    std::string near;
};
RankingForms fts5_ranking_forms(const Node& root);

// All of the above, with the filters: what translate_query_full() returns.
TranslatedQuery to_fts5(ParsedQuery parsed);

} // namespace newsdb::query
