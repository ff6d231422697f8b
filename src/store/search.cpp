// The entry points of search: the query parsed and its filters merged once,
// then evaluated by the unit asked for, in one snapshot with the archive's
// query languages.
#include "store/search.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>

#include <algorithm>
#include <utility>

#include "newsdb/query.hpp"
#include "query/fts5_emitter.hpp"
#include "query/parser.hpp"
#include "store/search_sql.hpp"
#include "store/search_units.hpp"
#include "store/transaction.hpp"

namespace newsdb::store {

PreparedSearch prepare_search(const SearchOptions& options) {
    query::ParsedQuery parsed = query::parse_query(options.query, options.match);
    PreparedSearch out;
    out.words = parsed.root;
    std::vector<query::Node> title = parsed.title;
    out.fts5 = query::to_fts5(std::move(parsed));
    out.filters = merge_option_filters(std::move(out.fts5.filters), options);
    out.fts5.filters = {};
    // Only title: words (and at most kind:title): the hits are the titles themselves.
    const std::vector<PassageKind>& kinds = out.filters.kinds;
    const bool only_titles =
        std::all_of(kinds.begin(), kinds.end(), [](PassageKind k) { return k == PassageKind::title; });
    if (!out.words && !out.filters.title.empty() && only_titles) {
        out.fts5.match = std::move(out.filters.title);
        out.filters.title.clear();
        out.filters.kinds = {PassageKind::title};
        if (title.size() == 1) {
            out.words = std::move(title.front());
        } else {
            query::Node all;
            all.kind = query::Node::Kind::all;
            all.items = std::move(title);
            out.words = std::move(all);
        }
    }
    return out;
}

SearchTotals run_search(SQLite::Database& db, const SearchOptions& options, bool all,
                        const std::function<void(const SearchHit&)>& visit,
                        const std::function<void(const SearchTotals&)>& on_total,
                        tokenizer::QueryLanguages* languages) {
    // One snapshot for the languages and the results, so they agree.
    Savepoint snapshot(db);
    const LanguageScope scope(db, languages);
    const PreparedSearch q = prepare_search(options);
    try {
        return options.unit == SearchUnit::passage ? passage_search(db, q, options, all, visit, on_total)
                                                   : article_search(db, q, options, all, visit, on_total);
    } catch (const SQLite::Exception& e) {
        rethrow_search_error(e);
    }
}

SearchTotals count_search(SQLite::Database& db, const SearchOptions& options, tokenizer::QueryLanguages* languages) {
    Savepoint snapshot(db);
    const LanguageScope scope(db, languages);
    const PreparedSearch q = prepare_search(options);
    try {
        return options.unit == SearchUnit::passage ? passage_totals(db, q) : article_totals(db, q);
    } catch (const SQLite::Exception& e) {
        rethrow_search_error(e);
    }
}

std::vector<QueryPartCount> count_query_parts(SQLite::Database& db, const SearchOptions& options,
                                              tokenizer::QueryLanguages* languages) {
    Savepoint snapshot(db);
    const LanguageScope scope(db, languages);
    const PreparedSearch q = prepare_search(options);
    try {
        return article_part_counts(db, q);
    } catch (const SQLite::Exception& e) {
        rethrow_search_error(e);
    }
}

void visit_matching_passages(SQLite::Database& db, const SearchOptions& options,
                             tokenizer::QueryLanguages* languages,
                             const std::function<std::string(const std::string&)>& wrap,
                             const std::function<void(SQLite::Statement&)>& row) {
    Savepoint snapshot(db);
    const LanguageScope scope(db, languages);
    PreparedSearch q;
    if (options.query.find_first_not_of(" \t\r\n") == std::string::npos) q.filters = merge_option_filters({}, options);
    else q = prepare_search(options);
    try {
        Params params;
        std::string matches;
        if (q.words && options.unit == SearchUnit::article) {
            // The article search's own passages, so that counts agree with its totals.
            std::string ids = "[";
            for (const int64_t id : article_passages(db, q)) ids += (ids.size() > 1 ? "," : "") + std::to_string(id);
            ids += "]";
            matches = "SELECT p.id AS passage_id, p.article_id AS article_id, p.kind AS kind FROM passages p "
                      "WHERE p.id IN (SELECT value FROM json_each(" + params.add(ids) + "))";
        } else if (q.fts5.match.empty()) {
            matches = "SELECT p.id AS passage_id, p.article_id AS article_id, p.kind AS kind "
                      "FROM passages p JOIN articles a ON a.id = p.article_id WHERE 1" +
                      filter_conditions(q.filters, params, FilterScope::passage);
        } else {
            const std::string match = params.add(q.fts5.match);
            matches = "SELECT p.id AS passage_id, p.article_id AS article_id, p.kind AS kind FROM passages_fts "
                      "JOIN passages p ON p.id = passages_fts.rowid JOIN articles a ON a.id = p.article_id "
                      "WHERE passages_fts MATCH " + match + filter_conditions(q.filters, params, FilterScope::passage);
        }
        SQLite::Statement st(db, wrap(matches));
        params.bind(st);
        while (st.executeStep()) row(st);
    } catch (const SQLite::Exception& e) {
        rethrow_search_error(e);
    }
}

} // namespace newsdb::store
