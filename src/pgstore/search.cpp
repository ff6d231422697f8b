// Searches on the server: the query tree as tsquery terms
// (query/tsquery_emitter.hpp) rendered as SQL here, every value bound.
//
// Article unit, as locally: each term is matched over passages (m: one row
// per passage and term it matches, with ts_rank); the query's condition then
// holds per article over which terms some passage matched (g); an article's
// score is the sum of its positive terms' ranks (not bm25: the order of hits
// differs from the local archive's, the set does not). Stemmed terms match a
// passage in its own language's configuration, so each is rendered once per
// configuration the server's articles use.
#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>
#include <utility>

#include "newsdb/error.hpp"
#include "newsdb/query.hpp"
#include "pgstore/server_impl.hpp"
#include "query/parser.hpp"
#include "query/tsquery_emitter.hpp"

namespace newsdb::pgstore {

namespace {

using query::TsCondition;
using query::TsTerm;

constexpr const char* kConfigsInUse = "SELECT DISTINCT config::text FROM articles ORDER BY 1";
constexpr const char* kHeadlineOptions = "StartSel=\x02, StopSel=\x03, MaxWords=40, MinWords=20, MaxFragments=2";

// The article's whole date as a range of days, as search_sql.cpp's kDateStart/kDateEnd.
constexpr const char* kDateStart =
    "(CASE length(a.date) WHEN 4 THEN a.date || '-01-01' WHEN 7 THEN a.date || '-01' ELSE substr(a.date, 1, 10) END)";
constexpr const char* kDateEnd =
    "(CASE length(a.date) WHEN 4 THEN a.date || '-12-31' WHEN 7 THEN "
    "to_char((to_date(a.date || '-01', 'YYYY-MM-DD') + interval '1 month' - interval '1 day'), 'YYYY-MM-DD') "
    "ELSE substr(a.date, 1, 10) END)";

class Sql {
public:
    std::string add(std::string value) {
        params.push_back(std::move(value));
        return "$" + std::to_string(params.size());
    }
    std::string list(const std::vector<std::string>& values) {
        std::string array = "{";
        for (std::size_t i = 0; i < values.size(); ++i) {
            array += i ? ",\"" : "\"";
            for (const char c : values[i]) {
                if (c == '"' || c == '\\') array += '\\';
                array += c;
            }
            array += '"';
        }
        return add(array + "}") + "::text[]";
    }
    Params params;
};

std::string like_pattern(const std::string& value) {
    std::string out = "%";
    for (const char c : value) {
        if (c == '%' || c == '_' || c == '\\') out += '\\';
        out += c;
    }
    return out + "%";
}

// A prepared query: the terms, the condition, the filters, the configurations.
struct Prepared {
    query::TsQuery q;
    QueryFilters filters;
    std::vector<std::string> configs;
    std::vector<bool> negative;  // by term: only excluded
};

void mark_negative(const TsCondition& c, bool negative, std::vector<bool>& out) {
    if (c.kind == TsCondition::Kind::term) {
        out[c.term] = negative;
        return;
    }
    for (const TsCondition& item : c.items) mark_negative(item, negative, out);
    for (const TsCondition& item : c.excluded) mark_negative(item, true, out);
}

Prepared prepare(Connection& db, const SearchOptions& options) {
    Prepared p;
    if (options.query.find_first_not_of(" \t\r\n") != std::string::npos)
        p.q = query::to_tsquery(query::parse_query(options.query, options.match));
    p.filters = merge_option_filters(std::move(p.q.filters), options);
    // Only title: words (and at most kind:title): the hits are the titles themselves.
    const bool only_titles = std::all_of(p.filters.kinds.begin(), p.filters.kinds.end(),
                                         [](PassageKind k) { return k == PassageKind::title; });
    if (!p.q.has_condition && !p.q.title.empty() && only_titles) {
        TsCondition all;
        all.kind = TsCondition::Kind::all;
        for (TsTerm& t : p.q.title) {
            TsCondition c;
            c.term = p.q.terms.size();
            p.q.terms.push_back(std::move(t));
            all.items.push_back(c);
        }
        p.q.condition = all.items.size() == 1 ? all.items.front() : all;
        p.q.has_condition = true;
        p.q.title.clear();
        p.filters.kinds = {PassageKind::title};
        p.q.parts = {p.q.condition};
        p.q.part_names = {options.query};
    }
    p.negative.assign(p.q.terms.size(), false);
    if (p.q.has_condition) mark_negative(p.q.condition, false, p.negative);
    const Rows configs = db.exec(kConfigsInUse);
    for (std::size_t i = 0; i < configs.size(); ++i) p.configs.push_back(configs.text(i, 0));
    if (p.configs.empty()) p.configs.push_back("newsdb_simple");
    return p;
}

// Whether a passage (alias `p`) matches the term.
std::string term_predicate(const TsTerm& term, const Prepared& q, Sql& sql, const std::string& p) {
    const std::string text = sql.add(term.tsquery);
    if (term.exact) return p + ".tsv_exact @@ to_tsquery('newsdb_simple'::regconfig, " + text + ")";
    std::string any;
    for (const std::string& config : q.configs) {
        const std::string c = sql.add(config) + "::regconfig";
        any += (any.empty() ? "(" : " OR ") + ("(" + p + ".config = " + c + " AND " + p + ".tsv @@ to_tsquery(" + c +
                                               ", " + text + "))");
    }
    return any + ")";
}

std::string rank_of(const TsTerm& term, Sql& sql) {
    const std::string text = sql.add(term.tsquery);
    return term.exact ? "ts_rank(p.tsv_exact, to_tsquery('newsdb_simple'::regconfig, " + text + "))"
                      : "ts_rank(p.tsv, to_tsquery(p.config, " + text + "))";
}

std::string kind_condition(const QueryFilters& f, Sql& sql, const std::string& p) {
    if (f.kinds.empty()) return "";
    std::vector<std::string> names;
    for (const PassageKind k : f.kinds) names.emplace_back(passage_kind_name(k));
    return " AND " + p + ".kind = ANY (" + sql.list(names) + ")";
}

// Filters on the article `a`.
std::string article_conditions(const Prepared& q, Sql& sql) {
    const QueryFilters& f = q.filters;
    std::string w;
    if (!f.sources.empty()) {
        std::vector<std::string> lower;
        for (const std::string& s : f.sources) {
            std::string l = s;
            for (char& c : l) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
            lower.push_back(l);
        }
        w += " AND lower(a.source) = ANY (" + sql.list(lower) + ")";
    }
    auto any_like = [&](const std::string& column, const std::vector<std::string>& values) {
        std::string any;
        for (const std::string& v : values)
            any += (any.empty() ? "" : " OR ") + column + " ILIKE " + sql.add(like_pattern(v));
        return "(" + any + ")";
    };
    if (!f.authors.empty()) w += " AND " + any_like("a.author", f.authors);
    if (!f.languages.empty()) w += " AND a.language = ANY (" + sql.list(f.languages) + ")";
    if (f.date) {
        w += " AND a.date ~ '^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?'";
        if (!f.date->from.empty()) w += " AND " + std::string(kDateStart) + " >= " + sql.add(f.date->from);
        if (!f.date->to.empty()) w += " AND " + std::string(kDateEnd) + " <= " + sql.add(f.date->to);
    }
    if (!f.tags.empty()) {
        std::string any;
        for (const std::string& tag : f.tags) {
            std::string one = "lower(t.tag) = lower(" + sql.add(tag) + ")";
            if (tag.find(':') == std::string::npos)
                one += " OR lower(t.tag) LIKE " + sql.add("%:" + like_pattern(tag).substr(1, like_pattern(tag).size() - 2));
            any += (any.empty() ? "(" : " OR (") + one + ")";
        }
        w += " AND EXISTS (SELECT 1 FROM article_tags t WHERE t.article_id = a.id AND (" + any + "))";
    }
    if (!f.publishers.empty())
        w += " AND EXISTS (SELECT 1 FROM footnotes f WHERE f.article_id = a.id AND " +
             any_like("f.publisher", f.publishers) + ")";
    for (const TsTerm& t : q.q.title)
        w += " AND EXISTS (SELECT 1 FROM passages tp WHERE tp.article_id = a.id AND tp.kind = 'title' AND " +
             term_predicate(t, q, sql, "tp") + ")";
    return w;
}

std::string condition_sql(const TsCondition& c) {
    switch (c.kind) {
    case TsCondition::Kind::term:
        return "g.u" + std::to_string(c.term);
    case TsCondition::Kind::any: {
        std::string out;
        for (const TsCondition& item : c.items) out += (out.empty() ? "(" : " OR ") + condition_sql(item);
        return out + ")";
    }
    case TsCondition::Kind::all: {
        std::string out;
        for (const TsCondition& item : c.items) out += (out.empty() ? "(" : " AND ") + condition_sql(item);
        for (const TsCondition& item : c.excluded) out += " AND NOT " + condition_sql(item);
        return out + ")";
    }
    }
    return "true";
}

// The CTEs m (passage, term, rank), g (per article: which terms, score,
// passages) and sel (the matching articles, filtered), for `condition`.
std::string selection(const Prepared& q, const TsCondition* condition, Sql& sql) {
    std::string m;
    std::string flags;
    std::string positive;
    const std::string kinds = kind_condition(q.filters, sql, "p");
    if (condition == nullptr) {
        m = "SELECT p.article_id, p.id, 0 AS u, 0::real AS r FROM passages p WHERE true" + kinds;
        positive = "true";
    } else {
        for (std::size_t k = 0; k < q.q.terms.size(); ++k) {
            const TsTerm& t = q.q.terms[k];
            if (!m.empty()) m += " UNION ALL ";
            const std::string rank = rank_of(t, sql);
            m += "SELECT p.article_id, p.id, " + std::to_string(k) + " AS u, " + rank + " AS r FROM passages p WHERE " +
                 term_predicate(t, q, sql, "p") + kinds;
            flags += ", coalesce(bool_or(u = " + std::to_string(k) + "), false) AS u" + std::to_string(k);
            if (!q.negative[k]) positive += (positive.empty() ? "u IN (" : ", ") + std::to_string(k);
        }
        positive = positive.empty() ? "false" : positive + ")";
    }
    const std::string cond = condition == nullptr ? "true" : condition_sql(*condition);
    return "WITH m AS (" + m + "), g AS (SELECT article_id" + flags + ", coalesce(sum(r) FILTER (WHERE " + positive +
           "), 0) AS score, count(DISTINCT id) FILTER (WHERE " + positive + ") AS np FROM m GROUP BY article_id), " +
           "sel AS (SELECT g.article_id, g.score, g.np, a.date FROM g JOIN articles a ON a.id = g.article_id WHERE " +
           cond + article_conditions(q, sql) + "), positive AS (SELECT * FROM m WHERE " + positive + ")";
}

std::string order_by(SortOrder sort) {
    switch (sort) {
    case SortOrder::newest:
        return "sel.date DESC NULLS LAST, sel.score DESC, sel.article_id";
    case SortOrder::oldest:
        return "sel.date ASC NULLS LAST, sel.score DESC, sel.article_id";
    case SortOrder::relevance:
        break;
    }
    return "sel.score DESC, sel.article_id";
}

[[noreturn]] void passage_unit_unsupported() {
    throw Error(Errc::invalid_argument, "--within passage cannot be searched on a PostgreSQL server yet",
                "search by article (the default) with --server, or search the local archive");
}

PassageKind kind_named(const std::string& name) { return parse_passage_kind(name); }

} // namespace

SearchTotals run_search(Connection& db, const SearchOptions& options, bool all,
                        const std::function<void(const SearchHit&)>& visit,
                        const std::function<void(const SearchTotals&)>& on_total) {
    if (options.unit == SearchUnit::passage) passage_unit_unsupported();
    Transaction snapshot(db);
    db.exec("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
    const Prepared q = prepare(db, options);
    Sql sql;
    std::string text = selection(q, q.q.has_condition ? &q.q.condition : nullptr, sql);
    std::string highlight;
    for (std::size_t k = 0; k < q.q.terms.size(); ++k) {
        if (q.negative[k]) continue;
        highlight += (highlight.empty() ? "" : " || ") + ("to_tsquery(p.config, " + sql.add(q.q.terms[k].tsquery) + ")");
    }
    if (highlight.empty()) highlight = "to_tsquery(p.config, '')";
    const std::string options_param = sql.add(kHeadlineOptions);
    std::string page = "SELECT sel.*, row_number() OVER (ORDER BY " + order_by(options.sort) + ") AS rn FROM sel ORDER BY " +
                       order_by(options.sort);
    if (!all && options.limit > 0) page += " LIMIT " + sql.add(std::to_string(options.limit));
    if (!all && options.offset > 0) page += " OFFSET " + sql.add(std::to_string(options.offset));
    text += ", tot AS (SELECT count(*) AS n, coalesce(sum(np), 0) AS np FROM sel), page AS (" + page + ") " +
            "SELECT tot.n, tot.np, a.id, a.title, coalesce(a.date, ''), coalesce(a.source, ''), coalesce(a.author, ''), "
            "coalesce(a.url, ''), coalesce(a.language, ''), "
            "(SELECT path FROM article_paths ap WHERE ap.article_id = a.id ORDER BY ap.path LIMIT 1), "
            "(SELECT json_agg(tag ORDER BY tag) FROM article_tags t WHERE t.article_id = a.id), page.score, "
            "(SELECT json_agg(json_build_array(p.id, p.kind, p.position, p.text, ts_headline(p.config, p.text, " +
            highlight + ", " + options_param + "), b.r) ORDER BY b.r DESC, b.id) FROM (SELECT id, sum(r) AS r FROM "
            "positive WHERE positive.article_id = page.article_id GROUP BY id ORDER BY sum(r) DESC, id LIMIT 3) b "
            "JOIN passages p ON p.id = b.id) "
            "FROM tot LEFT JOIN page ON true LEFT JOIN articles a ON a.id = page.article_id ORDER BY page.rn";
    const Rows rows = db.exec(text, sql.params);
    snapshot.commit();
    SearchTotals totals;
    if (!rows.empty()) totals = {rows.integer(0, 0), rows.integer(0, 1)};
    if (on_total) on_total(totals);
    for (std::size_t i = 0; i < rows.size(); ++i) {
        if (!rows.at(i, 2)) continue;
        SearchHit hit;
        hit.article.id = rows.integer(i, 2);
        hit.article.title = rows.text(i, 3);
        hit.article.date = rows.text(i, 4);
        hit.article.source = rows.text(i, 5);
        hit.article.author = rows.text(i, 6);
        hit.article.url = rows.text(i, 7);
        hit.article.language = rows.text(i, 8);
        hit.article.path = rows.text(i, 9);
        if (rows.at(i, 10))
            for (const auto& tag : nlohmann::json::parse(*rows.at(i, 10))) hit.article.tags.push_back(tag.get<std::string>());
        hit.score = -rows.real(i, 11);
        if (rows.at(i, 12)) {
            for (const auto& p : nlohmann::json::parse(*rows.at(i, 12))) {
                PassageHit ph;
                ph.passage_id = p[0].get<int64_t>();
                ph.kind = kind_named(p[1].get<std::string>());
                ph.position = p[2].get<int>();
                ph.text = p[3].get<std::string>();
                ph.snippet = p[4].get<std::string>();
                ph.score = -p[5].get<double>();
                hit.passages.push_back(std::move(ph));
            }
        }
        visit(hit);
    }
    return totals;
}

SearchTotals count_search(Connection& db, const SearchOptions& options) {
    if (options.unit == SearchUnit::passage) passage_unit_unsupported();
    const Prepared q = prepare(db, options);
    Sql sql;
    const std::string text = selection(q, q.q.has_condition ? &q.q.condition : nullptr, sql) +
                             " SELECT count(*), coalesce(sum(np), 0) FROM sel";
    const Rows rows = db.exec(text, sql.params);
    return {rows.integer(0, 0), rows.integer(0, 1)};
}

std::vector<QueryPartCount> count_query_parts(Connection& db, const SearchOptions& options) {
    const Prepared q = prepare(db, options);
    std::vector<QueryPartCount> out;
    for (std::size_t i = 0; i < q.q.parts.size(); ++i) {
        Sql sql;
        const Rows rows = db.exec(selection(q, &q.q.parts[i], sql) + " SELECT count(*) FROM sel", sql.params);
        out.push_back({q.q.part_names[i], rows.integer(0, 0)});
    }
    return out;
}

std::vector<CountRow> count_matches(Connection& db, const SearchOptions& options, CountBucket by) {
    if (options.unit == SearchUnit::passage) passage_unit_unsupported();
    std::string bucket;
    switch (by) {
    case CountBucket::total: bucket = "''"; break;
    case CountBucket::year: bucket = "coalesce(substr(a.date, 1, 4), '')"; break;
    case CountBucket::month: bucket = "coalesce(substr(a.date, 1, 7), '')"; break;
    case CountBucket::day: bucket = "coalesce(substr(a.date, 1, 10), '')"; break;
    case CountBucket::source: bucket = "coalesce(a.source, '')"; break;
    case CountBucket::language: bucket = "coalesce(a.language, '')"; break;
    case CountBucket::author: bucket = "coalesce(a.author, '')"; break;
    case CountBucket::week:
    case CountBucket::kind:
        throw Error(Errc::invalid_argument,
                    "count --by " + std::string(count_bucket_name(by)) + " cannot run on a PostgreSQL server yet",
                    "count by year, month, day, source, language or author with --server");
    }
    const Prepared q = prepare(db, options);
    Sql sql;
    const bool time = is_time_bucket(by);
    const std::string text =
        selection(q, q.q.has_condition ? &q.q.condition : nullptr, sql) +
        ", matched AS (SELECT " + bucket + " AS bucket, count(*) AS n, sum(sel.np) AS np FROM sel JOIN articles a ON "
        "a.id = sel.article_id GROUP BY 1), whole AS (SELECT " + bucket + " AS bucket, count(*) AS n FROM articles a "
        "GROUP BY 1) SELECT matched.bucket, matched.n, matched.np, coalesce(whole.n, 0) FROM matched LEFT JOIN whole "
        "ON whole.bucket = matched.bucket ORDER BY " +
        (time ? std::string("matched.bucket = '', matched.bucket") : std::string("matched.n DESC, matched.bucket"));
    const Rows rows = db.exec(text, sql.params);
    std::vector<CountRow> out;
    for (std::size_t i = 0; i < rows.size(); ++i)
        out.push_back({rows.text(i, 0), rows.integer(i, 1), rows.integer(i, 2), rows.integer(i, 3)});
    return out;
}

} // namespace newsdb::pgstore
