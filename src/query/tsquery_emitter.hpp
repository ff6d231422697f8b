// The tsquery emitter: the query tree (query_tree.hpp) -> PostgreSQL text
// search, for a newsdb server (src/pgstore/). No SQL here: each term becomes
// a tsquery text for to_tsquery() (a bound value, never spliced), and the
// tree becomes a condition over terms that the server module renders as SQL.
//
// A term matches within one passage, as locally: a word, a "phrase" (the
// words in order, <->), a prefix (its last word :*). At article level an
// AND's parts may match in different passages and an OR takes either part,
// so every term is its own unit (an OR of terms holds in some passage exactly
// when one of the terms does); NOT drops an article where any passage
// matches. NEAR has no tsquery form (<N> is an exact distance, in order):
// the emitter refuses it with Error(invalid_query) rather than search for
// something else.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "newsdb/query.hpp"
#include "query/query_tree.hpp"

namespace newsdb::query {

struct TsTerm {
    // to_tsquery() input: operands single-quoted (a quote doubled, a
    // backslash escaped), joined by <-> and |; the last one `:*` for a prefix.
    std::string tsquery;
    // Match the words as written (case and accents folded): the newsdb_simple
    // configuration over passages.tsv_exact; otherwise stemmed, the
    // passage's language configuration over passages.tsv.
    bool exact = false;
};

// The query's boolean structure over terms, per article (or per passage).
struct TsCondition {
    enum class Kind { term, all, any };
    Kind kind = Kind::term;
    std::size_t term = 0;                 // term: index into TsQuery::terms
    std::vector<TsCondition> items;       // all: every one holds; any: one does
    std::vector<TsCondition> excluded;    // all: none holds
};

struct TsQuery {
    std::vector<TsTerm> terms;
    bool has_condition = false;  // false: the query has only fields
    TsCondition condition;
    std::vector<TsTerm> title;   // each must match the article's title passage
    // The positive parts of the top-level AND (the whole query when it is not
    // one), as written, with their conditions: for "word: 0 articles".
    std::vector<std::string> part_names;
    std::vector<TsCondition> parts;
    QueryFilters filters;        // every other field (filters.title stays "")
};

// The parsed query as server text search. Throws Error(invalid_query) for
// NEAR(...), naming it and saying what to write instead.
TsQuery to_tsquery(ParsedQuery parsed);

// One operand of to_tsquery() input: 'text' with ' doubled and \ escaped.
std::string tsquery_operand(std::string_view text);

} // namespace newsdb::query
