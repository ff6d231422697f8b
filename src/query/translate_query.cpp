// translate_query(): people's query syntax -> FTS5 MATCH expression, the one
// way user text reaches FTS5. The passes live beside this file:
//   lexer.hpp         text -> tokens (quotes, `*`, `=` exact marks, field:value)
//   parser.hpp        tokens -> the query tree and the filters, validated
//   query_tree.hpp    the tree and its invariants, for every emitter
//   fts5_emitter.hpp  the tree -> MATCH expression and the ranking forms
#include "newsdb/query.hpp"

#include <string>
#include <string_view>
#include <utility>

#include "query/fts5_emitter.hpp"
#include "query/lexer.hpp"
#include "query/parser.hpp"

namespace newsdb {

TranslatedQuery translate_query_full(std::string_view user_query, WordMatch words) {
    return query::to_fts5(query::parse_query(user_query, words));
}

std::string translate_query(std::string_view user_query, WordMatch words) {
    TranslatedQuery translated = translate_query_full(user_query, words);
    if (translated.match.empty()) {
        query::fail("the query has no words to search for",
                    "search for at least one word or number; fields alone select but do not search");
    }
    return std::move(translated.match);
}

} // namespace newsdb
