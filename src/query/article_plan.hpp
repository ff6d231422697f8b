// Article-level evaluation of a query tree (query_tree.hpp): which FTS5
// expressions to match over passages, and how their results combine per
// article.
//
// At article level an AND's parts may sit in different passages of one
// article: each part must match some passage of the article, OR takes either
// part, NOT drops an article where any passage matches the excluded part. What
// does not split — a term, a "phrase", NEAR(...) and OR groups of these — is a
// *unit*: one FTS5 expression, matched within one passage, so a phrase or NEAR
// keeps its meaning. Every unit is matched in one pass over passages_fts: the
// units' expressions are ORed into one MATCH in which each unit holds a range
// of FTS5's phrase numbers, and newsdb_phrase_hits (store/fts5_functions.hpp)
// says, per passage, which phrases occur and how often; a unit matches a
// passage when one of its phrases has a count (FTS5 counts only NEAR-satisfying
// occurrences, and 0 for an OR branch that does not match the row).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "query/query_tree.hpp"

namespace newsdb::query {

struct MatchUnit {
    std::string expression;        // FTS5, over passages
    std::size_t first_phrase = 0;  // its phrases are [first_phrase, first_phrase + phrases) of ArticlePlan::match
    std::size_t phrases = 0;
    // A unit the query searches for (not only excludes, nor only ranks by):
    // its phrases are scored and highlighted.
    bool scored = false;
};

// The query's boolean structure over units, evaluated per article.
struct ArticleCondition {
    enum class Kind { unit, all, any };
    Kind kind = Kind::unit;
    std::size_t unit = 0;                    // unit: index into ArticlePlan::units
    std::vector<ArticleCondition> items;     // all: every one holds; any: at least one does
    std::vector<ArticleCondition> excluded;  // all: none holds
};

// A part of the query's top-level AND (the whole query when it is not an
// AND), for telling which part matched nothing.
struct QueryPart {
    std::string written;  // written_form() of the part
    ArticleCondition condition;
};

struct ArticlePlan {
    std::vector<MatchUnit> units;
    ArticleCondition condition;
    std::vector<QueryPart> parts;     // the positive parts; exclusions are not listed
    // Units that only rank (query_tree.hpp's ranking forms: the query's words
    // as one phrase, and within kRankNearDistance words): an article with a
    // passage matching one ranks in a higher tier. nullopt when the query is
    // not two or more plain words ANDed.
    std::optional<std::size_t> phrase_tier, near_tier;
    std::string match;      // every unit's expression, ORed: the one pass
    std::string highlight;  // the scored units' expressions, ORed: best passages and snippets
    std::size_t phrases = 0;  // phrases in `match`
};

// The plan of a simplified tree (parse_query()'s root).
ArticlePlan plan_article_search(const Node& root);

// Whether `condition` holds for an article whose passages match the units
// flagged in `unit_matched` (one byte per unit, non-zero: matched).
bool holds(const ArticleCondition& condition, const uint8_t* unit_matched);

} // namespace newsdb::query
