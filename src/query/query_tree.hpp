// The parsed query: a small tree that every emitter walks (FTS5 MATCH today).
// The parser builds it, drops what the tokenizer would reduce to nothing and
// checks it; an emitter only renders it and never rejects a query, so every
// target reports the same errors.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "newsdb/query.hpp"

namespace newsdb::query {

// One node. Which members mean something depends on `kind`.
//
// After simplify (what parse_query() returns), these hold:
//   term     `text` has at least one character the tokenizer keeps
//            (has_searchable()); no items. The text matches as the sequence of
//            its tokens, quoted or not (`U.S.` is the phrase "u s").
//   near     two or more items, each a term; `distance` 0..1000000 words.
//   any      two or more items; none is an `any` (nested ORs are flattened)
//            or an `exclude`; each `all` among them has a positive part.
//   all      one or more positive items (term, near, any; never an `all`:
//            nested ANDs are flattened), then zero or more `exclude` items,
//            in that order; at least two items in all. The conjuncts are what
//            an article-level evaluation may match in different passages.
//   exclude  exactly one item, the part that must not match (any kind but
//            `exclude`; an `all` there has a positive part). Only ever an item
//            of an `all`, after a positive sibling: never the root, never in an
//            `any` or `near`.
// Before simplify (inside the parser) an `all` may have only `exclude` items,
// and terms may have nothing searchable.
struct Node {
    enum class Kind { term, near, all, any, exclude };
    Kind kind = Kind::term;

    // term
    std::string text;     // as written, without quotes, `=` or a trailing `*`
    bool quoted = false;  // written as a "phrase"
    bool prefix = false;  // written with a trailing `*`: the last token is a prefix
    bool exact = false;   // written =word or ="a phrase" (or WordMatch::exact): no other word forms

    long distance = 0;        // near: the most words between the terms
    std::size_t column = 0;   // exclude: 1-based column of the - or NOT

    std::vector<Node> items;  // near: terms; any: alternatives; all: parts; exclude: one
};

// A query as parsed: the words to search for and the filters written beside them.
struct ParsedQuery {
    std::optional<Node> root;  // nullopt when the query has only fields
    // title: values, each a term, in the order written; the article's title
    // must match all of them. Kept as terms so that each emitter renders them.
    std::vector<Node> title;
    QueryFilters filters;      // every other field; `filters.title` stays ""

    bool has_filters() const { return !title.empty() || !filters.empty(); }
};

// A compact, stable rendering for tests and debugging, e.g. `a "b c" -d` ->
// AND(a, "b c", NOT d); =exact, prefix*, NEAR/10(a, b), OR(a, b).
std::string describe(const Node& node);

// The node in the query syntax, for messages about a part of the query:
// `drones`, `="open data"`, `defen*`, `NEAR(turkey drones, 5)`,
// `drones OR uav`, `(a b) OR c`, `turkey -pakistan`.
std::string written_form(const Node& node);

} // namespace newsdb::query
