// Passage search: the translator's FTS5 expression and filters as one SQL
// statement, ranked (bm25, title boost, phrase tiers) and sorted.
//
// Ranking (README "Ranking"): hits are ordered by tier, then by score.
//   tier 2: the passage holds the query's words as one phrase (adjacent, in order)
//   tier 1: it holds them within kRankNearDistance words of each other
//   tier 0: otherwise (and for queries that are not two or more words ANDed)
//   score:  bm25 (lower is better) x kTitleBoost when the article's title
//           matches the whole query as well.
// With a limit, the page of ids is chosen first (reading only a narrow index
// of passages) and snippets are made only for its rows.
#include "store/search.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>
#include <sqlite3.h>

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "generated/schema_statements.hpp"
#include "newsdb/error.hpp"
#include "newsdb/query.hpp"
#include "store/transaction.hpp"
#include "tokenizer/tokenizer.hpp"
#include "util/ascii.hpp"

namespace newsdb::store {

namespace {

enum class EmptyQuery { refused, all_passages };

constexpr double kTitleBoost = 1.5;
constexpr std::size_t kPlainSnippetWords = 32;

// Positional parameters: every value is bound, never spliced into the SQL.
class Params {
public:
    std::string add(std::variant<std::string, int64_t> value) {
        values_.push_back(std::move(value));
        return "?" + std::to_string(values_.size());
    }
    std::string list(const std::vector<std::string>& values) {
        std::string out;
        for (const std::string& v : values) out += (out.empty() ? "" : ", ") + add(v);
        return out;
    }
    void bind(SQLite::Statement& st) const {
        for (std::size_t i = 0; i < values_.size(); ++i) {
            const int index = static_cast<int>(i + 1);
            if (const auto* text = std::get_if<std::string>(&values_[i])) st.bind(index, *text);
            else st.bind(index, std::get<int64_t>(values_[i]));
        }
    }

private:
    std::vector<std::variant<std::string, int64_t>> values_;
};

// A LIKE pattern matching `text` anywhere, with LIKE's wildcards escaped by '\'.
std::string contains_pattern(const std::string& text) {
    std::string out = "%";
    for (const char c : text) {
        if (c == '%' || c == '_' || c == '\\') out += '\\';
        out += c;
    }
    return out + "%";
}

// The article's date as the first and last day it may stand for (dates are
// stored as YYYY, YYYY-MM or YYYY-MM-DD, possibly with a time).
constexpr const char* kDateStart =
    "(CASE length(a.date) WHEN 4 THEN a.date || '-01-01' WHEN 7 THEN a.date || '-01' "
    "ELSE substr(a.date, 1, 10) END)";
constexpr const char* kDateEnd =
    "(CASE length(a.date) WHEN 4 THEN a.date || '-12-31' "
    "WHEN 7 THEN date(a.date || '-01', '+1 month', '-1 day') ELSE substr(a.date, 1, 10) END)";

// " AND ..." conditions over p (passages) and a (articles).
std::string filter_conditions(const QueryFilters& f, Params& params) {
    std::string w;
    if (!f.kinds.empty()) {
        std::vector<std::string> names;
        for (const PassageKind kind : f.kinds) names.emplace_back(passage_kind_name(kind));
        w += " AND p.kind IN (" + params.list(names) + ")";
    }
    if (!f.sources.empty()) w += " AND a.source COLLATE NOCASE IN (" + params.list(f.sources) + ")";
    if (!f.authors.empty()) {
        std::string any;
        for (const std::string& author : f.authors)
            any += (any.empty() ? "" : " OR ") + ("a.author LIKE " + params.add(contains_pattern(author)) + " ESCAPE '\\'");
        w += " AND (" + any + ")";
    }
    if (!f.languages.empty()) w += " AND a.language IN (" + params.list(f.languages) + ")";
    if (f.date) {
        // The year bounds can use the index on articles.date; the exact test follows.
        if (!f.date->from.empty()) {
            w += " AND a.date >= " + params.add(f.date->from.substr(0, 4));
            w += " AND " + std::string(kDateStart) + " >= " + params.add(f.date->from);
        }
        if (!f.date->to.empty()) {
            const int next_year = std::stoi(f.date->to.substr(0, 4)) + 1;
            if (next_year <= 9999) w += " AND a.date < " + params.add(std::to_string(next_year));
            w += " AND " + std::string(kDateEnd) + " <= " + params.add(f.date->to);
        }
    }
    if (!f.publishers.empty()) {
        std::string any;
        for (const std::string& publisher : f.publishers)
            any += (any.empty() ? "" : " OR ") + ("publisher LIKE " + params.add(contains_pattern(publisher)) + " ESCAPE '\\'");
        w += " AND p.id IN (SELECT passage_id FROM footnotes WHERE " + any + ")";
    }
    if (!f.title.empty()) {
        w += " AND p.article_id IN (SELECT tp.article_id FROM passages_fts t JOIN passages tp INDEXED BY "
             "passages_meta ON tp.id = t.rowid WHERE t.passages_fts MATCH " + params.add(f.title) +
             " AND tp.kind = 'title')";
    }
    return w;
}

std::string order_clause(SortOrder sort, const std::string& tiebreak) {
    const std::string relevance = "r_tier DESC, r_score, " + tiebreak;
    switch (sort) {
    case SortOrder::newest: return "r_date IS NULL, r_date DESC, " + relevance;
    case SortOrder::oldest: return "r_date IS NULL, r_date, " + relevance;
    case SortOrder::relevance: break;
    }
    return relevance;
}

// Columns 0-10 read by read_hit(); the r_* sort keys follow.
constexpr const char* kHitColumnsHead = "SELECT p.id, p.article_id, p.kind, p.position, ";
constexpr const char* kHitColumnsTail =
    ", a.title, coalesce(a.date, ''), coalesce(a.source, ''), "
    "(SELECT path FROM article_paths ap WHERE ap.article_id = a.id ORDER BY ap.first_seen, ap.path LIMIT 1)";

struct Query {
    std::string sql;
    Params params;
};

// The FTS5 expression, its relevance score and its tier (see the top of the
// file), with their values added to `params`.
struct Ranking {
    std::string match, score, tier;
};

Ranking ranking_terms(const TranslatedQuery& q, Params& params) {
    Ranking r;
    r.match = params.add(q.match);
    r.score = "bm25(passages_fts) * CASE WHEN p.article_id IN (SELECT tp.article_id FROM passages_fts t "
              "JOIN passages tp INDEXED BY passages_meta ON tp.id = t.rowid WHERE t.passages_fts MATCH " + r.match +
              " AND tp.kind = 'title') THEN " + std::to_string(kTitleBoost) + " ELSE 1.0 END";
    r.tier = "0";
    if (!q.phrase.empty()) {
        r.tier = "CASE WHEN passages_fts.rowid IN (SELECT t.rowid FROM passages_fts t WHERE t.passages_fts MATCH " +
                 params.add(q.phrase) + ") THEN 2 WHEN passages_fts.rowid IN (SELECT t.rowid FROM passages_fts t "
                 "WHERE t.passages_fts MATCH " + params.add(q.near) + ") THEN 1 ELSE 0 END";
    }
    return r;
}

// One page of the ranked ids (r_id, r_score, r_tier, r_date), best first.
// Ranking reads every match: only the narrow index of passages, and the
// articles only when a filter or the sort needs them.
std::string page_sql(const Ranking& r, const QueryFilters& filters, SortOrder sort, const std::string& limit_sql,
                     Params& params) {
    const bool articles = sort != SortOrder::relevance || !filters.sources.empty() || !filters.authors.empty() ||
                          !filters.languages.empty() || filters.date.has_value();
    return "SELECT passages_fts.rowid AS r_id, " + r.score + " AS r_score, " + r.tier + " AS r_tier, " +
           (articles ? "a.date" : "NULL") +
           " AS r_date FROM passages_fts JOIN passages p INDEXED BY passages_meta ON p.id = passages_fts.rowid" +
           (articles ? " JOIN articles a ON a.id = p.article_id" : "") + " WHERE passages_fts MATCH " + r.match +
           filter_conditions(filters, params) + " ORDER BY " + order_clause(sort, "r_id") + limit_sql;
}

constexpr const char* kSnippet = "snippet(passages_fts, 0, char(2), char(3), '…', 32)";

Query build(const TranslatedQuery& q, const QueryFilters& filters, SortOrder sort, int64_t limit, int64_t offset,
            bool page_first) {
    Query out;
    Params& params = out.params;
    const std::string limit_sql = " LIMIT " + params.add(limit) + " OFFSET " + params.add(offset);
    if (q.match.empty()) {
        // Only filters: no relevance; newest first unless asked otherwise.
        const SortOrder by_date = sort == SortOrder::relevance ? SortOrder::newest : sort;
        const std::string where = filter_conditions(filters, params);
        out.sql = std::string(kHitColumnsHead) + "0.0 AS r_score, p.text, NULL" + kHitColumnsTail +
                  ", 0 AS r_tier, a.date AS r_date "
                  "FROM passages p JOIN articles a ON a.id = p.article_id WHERE 1" + where +
                  " ORDER BY " +
                  order_clause(by_date, "p.article_id, CASE p.kind WHEN 'title' THEN 0 WHEN 'paragraph' THEN 1 "
                                        "ELSE 2 END, p.position") +
                  limit_sql;
        return out;
    }
    const Ranking r = ranking_terms(q, params);
    const std::string order = " ORDER BY " + order_clause(sort, "r_id");
    if (!page_first) {
        const std::string from_where =
            " FROM passages_fts JOIN passages p ON p.id = passages_fts.rowid JOIN articles a ON a.id = p.article_id "
            "WHERE passages_fts MATCH " + r.match + filter_conditions(filters, params);
        out.sql = std::string(kHitColumnsHead) + r.score + " AS r_score, p.text, " + kSnippet + kHitColumnsTail +
                  ", " + r.tier + " AS r_tier, a.date AS r_date, p.id AS r_id" + from_where + order;
        return out;
    }
    // Snippets for the page only, in one more pass over the matches (FTS5
    // cannot seek a MATCH to a list of rowids: probing it row by row re-opens
    // every term's iterators each time; `+` keeps the IN from becoming such
    // probes).
    out.sql = "WITH page AS MATERIALIZED (" + page_sql(r, filters, sort, limit_sql, params) +
              "), snip AS MATERIALIZED (SELECT passages_fts.rowid AS s_id, " + kSnippet +
              " AS s_text FROM passages_fts WHERE passages_fts MATCH " + r.match +
              " AND +passages_fts.rowid IN (SELECT r_id FROM page)) " + kHitColumnsHead +
              "page.r_score, p.text, snip.s_text" + kHitColumnsTail +
              " FROM page JOIN snip ON snip.s_id = page.r_id "
              "JOIN passages p ON p.id = page.r_id JOIN articles a ON a.id = p.article_id" + order;
    return out;
}

// ---- words ranked ahead (schema 007) -----------------------------------------

// Hits kept per word: five pages of the default limit; the first page also
// keeps its snippets (making them costs a probe of the index per hit).
constexpr int64_t kTopHitsDepth = 100;
constexpr int64_t kTopHitsSnippets = 20;

// Where a query's page may come from top_hits: a single word, no filters, by
// relevance. The key is its FTS5 expression, with an ASCII word in lower case
// (the tokenizer folds case, so "The" finds what "the" finds; other words are
// taken as written, since folding them is the tokenizer's business).
std::optional<std::string> top_hits_key(const TranslatedQuery& q, const QueryFilters& filters, SortOrder sort) {
    if (sort != SortOrder::relevance || !filters.empty() || !q.phrase.empty()) return std::nullopt;
    const std::string& m = q.match;
    if (m.size() < 3 || m.front() != '"' || m.back() != '"') return std::nullopt;
    const std::string_view word(m.data() + 1, m.size() - 2);
    if (word.find('"') != std::string_view::npos) return std::nullopt;
    const bool ascii_word = std::all_of(word.begin(), word.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || util::is_ascii_digit(c);
    });
    return ascii_word ? util::to_lower_ascii(m) : m;
}

// The word's row when it was ranked under the index as it is now.
const std::string kTopHitsCurrent =
    std::string("SELECT matches, ranked FROM top_hit_words WHERE match = ? AND ") + kTopHitWordIsCurrent;

// A snippet by probing the index for one row: cheap for a page on a merged
// index (optimize leaves one segment), unlike a pass over all matches.
std::string snippet_probe(const std::string& rowid) {
    return std::string("(SELECT ") + kSnippet + " FROM passages_fts WHERE passages_fts MATCH ?1 AND " +
           "passages_fts.rowid = " + rowid + ")";
}
const std::string kTopHitsPage = std::string(kHitColumnsHead) +
    "h.score, p.text, coalesce(h.snippet, " + snippet_probe("h.passage_id") + ")" + kHitColumnsTail +
    " FROM top_hits h JOIN passages p ON p.id = h.passage_id JOIN articles a ON a.id = p.article_id "
    "WHERE h.match = ?2 AND h.rank >= ?3 AND h.rank < ?4 ORDER BY h.rank";

// The indexed text starts with the article's language tag and \x1F (see the
// tokenizer contract); a snippet from the passage's start carries it.
std::string strip_language_tag(std::string snippet) {
    const std::size_t tag_end = snippet.find('\x1F');
    if (tag_end != std::string::npos && tag_end <= 3 &&
        std::all_of(snippet.begin(), snippet.begin() + static_cast<std::ptrdiff_t>(tag_end),
                    [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-'; }))
        snippet.erase(0, tag_end + 1);
    return snippet;
}

// The start of a passage, for hits without matches to mark.
std::string leading_words(const std::string& text) {
    std::size_t words = 0, i = 0;
    while (i < text.size()) {
        while (i < text.size() && text[i] == ' ') ++i;
        if (i >= text.size()) break;
        if (words == kPlainSnippetWords) return text.substr(0, i) + "…";
        while (i < text.size() && text[i] != ' ') ++i;
        ++words;
    }
    return text;
}

Hit read_hit(SQLite::Statement& st) {
    Hit h;
    h.passage_id = st.getColumn(0).getInt64();
    h.article_id = st.getColumn(1).getInt64();
    h.kind = parse_passage_kind(st.getColumn(2).getString());
    h.position = st.getColumn(3).getInt();
    h.score = st.getColumn(4).getDouble();
    h.text = st.getColumn(5).getString();
    h.snippet = st.getColumn(6).isNull() ? leading_words(h.text) : strip_language_tag(st.getColumn(6).getString());
    h.title = st.getColumn(7).getString();
    h.date = st.getColumn(8).getString();
    h.source = st.getColumn(9).getString();
    h.path = st.getColumn(10).getString();
    return h;
}

// The distinct languages of the archive's articles: one index seek each.
constexpr const char* kArticleLanguages =
    "WITH RECURSIVE l(code) AS (SELECT min(language) FROM articles UNION ALL "
    "SELECT (SELECT min(language) FROM articles WHERE language > l.code) FROM l WHERE l.code IS NOT NULL) "
    "SELECT code FROM l WHERE code IS NOT NULL";

std::vector<std::string> archive_languages(SQLite::Database& db) {
    std::vector<std::string> codes;
    SQLite::Statement st(db, kArticleLanguages);
    while (st.executeStep()) codes.push_back(st.getColumn(0).getString());
    return codes;
}

// Narrows the query languages to the archive's for one scope (inside the
// caller's snapshot or transaction, so they agree with what is read).
class LanguageScope {
public:
    LanguageScope(SQLite::Database& db, tokenizer::QueryLanguages* languages) : languages_(languages) {
        if (languages_ != nullptr) languages_->restrict_to(archive_languages(db));
    }
    LanguageScope(const LanguageScope&) = delete;
    LanguageScope& operator=(const LanguageScope&) = delete;
    ~LanguageScope() {
        if (languages_ != nullptr) languages_->allow_all();
    }

private:
    tokenizer::QueryLanguages* languages_;
};

// The page from top_hits, or nullopt when the word was not ranked ahead, the
// index changed since, or the page lies beyond the hits kept.
std::optional<int64_t> read_top_hits(SQLite::Database& db, const std::string& match, const std::string& key,
                                     int64_t limit, int64_t offset, const std::function<void(const Hit&)>& visit) {
    SQLite::Statement current(db, kTopHitsCurrent);
    current.bind(1, key);
    if (!current.executeStep()) return std::nullopt;
    const int64_t matches = current.getColumn(0).getInt64();
    const int64_t ranked = current.getColumn(1).getInt64();
    if (ranked < matches && (offset > ranked || limit > ranked - offset)) return std::nullopt;
    SQLite::Statement page(db, kTopHitsPage);
    page.bind(1, match);
    page.bind(2, key);
    page.bind(3, offset);
    page.bind(4, offset + std::min(limit, ranked));
    int64_t n = 0;
    while (page.executeStep()) {
        visit(read_hit(page));
        ++n;
    }
    return n;
}

// The query and the option filters as one expression and its filters. Only
// title: words (and at most kind:title): the hits are the titles themselves.
std::pair<TranslatedQuery, QueryFilters> translate_search(const SearchOptions& options, EmptyQuery empty) {
    TranslatedQuery q;
    const bool blank = options.query.find_first_not_of(" \t\r\n") == std::string::npos;
    if (!blank || empty == EmptyQuery::refused) q = translate_query_full(options.query, options.match);
    QueryFilters filters = merge_option_filters(std::move(q.filters), options);
    const bool only_titles =
        filters.kinds.empty() ||
        std::all_of(filters.kinds.begin(), filters.kinds.end(), [](PassageKind k) { return k == PassageKind::title; });
    if (q.match.empty() && !filters.title.empty() && only_titles) {
        q.match = std::move(filters.title);
        filters.title.clear();
        filters.kinds = {PassageKind::title};
    }
    return {std::move(q), std::move(filters)};
}

} // namespace

int64_t run_search(SQLite::Database& db, const SearchOptions& options, bool all,
                   const std::function<void(const Hit&)>& visit, tokenizer::QueryLanguages* languages) {
    // One snapshot for the languages and the hits, so they agree.
    Savepoint snapshot(db);
    const LanguageScope scope(db, languages);

    auto [q, filters] = translate_search(options, EmptyQuery::refused);
    const bool unlimited = all || options.limit <= 0;
    const int64_t limit = unlimited ? -1 : options.limit;
    const int64_t offset = all ? 0 : std::max<int64_t>(0, options.offset);
    // A page of a ranked list: rank first, then make snippets for the page only
    // (CROSS JOIN keeps the page as the outer loop, so the FTS5 index is only
    // probed by rowid for it).
    int64_t n = 0;
    try {
        if (!unlimited) {
            if (const auto key = top_hits_key(q, filters, options.sort)) {
                if (const auto hits = read_top_hits(db, q.match, *key, limit, offset, visit)) return *hits;
            }
        }
        const Query query = build(q, filters, options.sort, limit, offset, !unlimited || offset > 0);
        SQLite::Statement st(db, query.sql);
        query.params.bind(st);
        while (st.executeStep()) {
            visit(read_hit(st));
            ++n;
        }
    } catch (const SQLite::Exception& e) {
        if (e.getErrorCode() == SQLITE_ERROR)
            throw Error(Errc::invalid_query, "the query could not be run: " + std::string(e.what()),
                        "simplify the query; see `newsdb search --help` for the syntax");
        throw;
    }
    return n;
}

std::vector<std::string> rank_top_hits(SQLite::Database& db, int max_words, int64_t min_matches,
                                       tokenizer::QueryLanguages* languages) {
    const LanguageScope scope(db, languages);
    db.exec("DELETE FROM top_hits");
    db.exec("DELETE FROM top_hit_words");
    std::vector<std::string> candidates;
    {
        // Each word's surface form `=word` is an index term; its doc count is
        // how many passages hold the word as written (the stems find more).
        db.exec(schema::vocabulary_table);
        struct Drop {
            SQLite::Database& db;
            ~Drop() {
                try {
                    db.exec(schema::drop_vocabulary_table);
                } catch (...) {
                    // A temporary table: it goes with the connection anyway.
                }
            }
        } drop{db};
        SQLite::Statement words(db, "SELECT substr(term, 2) FROM temp.newsdb_vocab WHERE term >= '=' AND term < '>' "
                                    "AND doc >= ? ORDER BY doc DESC, term LIMIT ?");
        words.bind(1, min_matches);
        words.bind(2, static_cast<int64_t>(max_words) * 2);
        while (words.executeStep()) candidates.push_back(words.getColumn(0).getString());
    }
    SQLite::Statement count(db, "SELECT count(*) FROM passages_fts WHERE passages_fts MATCH ?");
    SQLite::Statement add_word(db, "INSERT INTO top_hit_words (match, matches, ranked, index_totals, index_structure) "
                                   "VALUES (?, ?, ?, (SELECT block FROM passages_fts_data WHERE id = 1), "
                                   "(SELECT block FROM passages_fts_data WHERE id = 10))");
    SQLite::Statement add_hit(db, "INSERT INTO top_hits (match, rank, passage_id, score, snippet) "
                                  "VALUES (?2, ?3, ?4, ?5, CASE WHEN ?3 < ?6 THEN " + snippet_probe("?4") + " END)");
    std::vector<std::string> ranked_words;
    for (const std::string& word : candidates) {
        if (ranked_words.size() >= static_cast<std::size_t>(std::max(0, max_words))) break;
        TranslatedQuery q;
        try {
            q = translate_query_full(word);
        } catch (const Error&) {
            continue;  // not a word a query can name on its own (punctuation, a field name)
        }
        const auto key = top_hits_key(q, {}, SortOrder::relevance);
        if (!key || *key != q.match) continue;
        Params params;
        const Ranking r = ranking_terms(q, params);
        SQLite::Statement page(db, page_sql(r, {}, SortOrder::relevance, " LIMIT " + params.add(kTopHitsDepth), params));
        params.bind(page);
        std::vector<std::pair<int64_t, double>> hits;
        while (page.executeStep()) hits.emplace_back(page.getColumn(0).getInt64(), page.getColumn(1).getDouble());
        count.bind(1, q.match);
        count.executeStep();
        const int64_t matches = count.getColumn(0).getInt64();
        count.reset();
        add_word.bind(1, *key);
        add_word.bind(2, matches);
        add_word.bind(3, static_cast<int64_t>(hits.size()));
        add_word.exec();
        add_word.reset();
        for (std::size_t i = 0; i < hits.size(); ++i) {
            add_hit.bind(1, q.match);
            add_hit.bind(2, *key);
            add_hit.bind(3, static_cast<int64_t>(i));
            add_hit.bind(4, hits[i].first);
            add_hit.bind(5, hits[i].second);
            add_hit.bind(6, kTopHitsSnippets);
            add_hit.exec();
            add_hit.reset();
        }
        ranked_words.push_back(word);
    }
    return ranked_words;
}

void visit_matching_passages(SQLite::Database& db, const SearchOptions& options,
                             tokenizer::QueryLanguages* languages,
                             const std::function<std::string(const std::string&)>& wrap,
                             const std::function<void(SQLite::Statement&)>& row) {
    Savepoint snapshot(db);
    const LanguageScope scope(db, languages);
    const auto [q, filters] = translate_search(options, EmptyQuery::all_passages);
    Params params;
    std::string matches;
    if (q.match.empty()) {
        matches = "SELECT p.id AS passage_id, p.article_id AS article_id, p.kind AS kind "
                  "FROM passages p JOIN articles a ON a.id = p.article_id WHERE 1" + filter_conditions(filters, params);
    } else {
        const std::string match = params.add(q.match);
        matches = "SELECT p.id AS passage_id, p.article_id AS article_id, p.kind AS kind FROM passages_fts "
                  "JOIN passages p ON p.id = passages_fts.rowid JOIN articles a ON a.id = p.article_id "
                  "WHERE passages_fts MATCH " + match + filter_conditions(filters, params);
    }
    try {
        SQLite::Statement st(db, wrap(matches));
        params.bind(st);
        while (st.executeStep()) row(st);
    } catch (const SQLite::Exception& e) {
        if (e.getErrorCode() == SQLITE_ERROR)
            throw Error(Errc::invalid_query, "the query could not be run: " + std::string(e.what()),
                        "simplify the query; see `newsdb search --help` for the syntax");
        throw;
    }
}

} // namespace newsdb::store
