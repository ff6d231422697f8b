// Passage search: the translator's FTS5 expression and filters as one SQL
// statement, ranked (bm25, title boost, phrase tiers) and sorted; and the
// words `newsdb optimize` ranks ahead (schema 007).
//
// Ranking (README "Ranking"): hits are ordered by tier, then by score.
//   tier 2: the passage holds the query's words as one phrase (adjacent, in order)
//   tier 1: it holds them within kRankNearDistance words of each other
//   tier 0: otherwise (and for queries that are not two or more words ANDed)
//   score:  bm25 (lower is better) x kTitleBoost when the article's title
//           matches the whole query as well.
// With a limit, the page of ids is chosen first (reading only a narrow index
// of passages) and snippets are made only for its rows. A page of one word
// comes from top_hits (after optimize), else from the frequent words' kept
// passages (schema 014, frequent_page) when they are provably the best.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "generated/schema_statements.hpp"
#include "newsdb/error.hpp"
#include "store/article_rank.hpp"
#include "store/fts5_functions.hpp"
#include "store/frequent_words.hpp"
#include "store/search.hpp"
#include "store/search_sql.hpp"
#include "store/search_units.hpp"
#include "util/ascii.hpp"

namespace newsdb::store {

namespace {

constexpr double kTitleBoost = kPassageTitleBoost;

std::string order_clause(SortOrder sort, const std::string& tiebreak) {
    const std::string relevance = "r_tier DESC, r_score, " + tiebreak;
    switch (sort) {
    case SortOrder::newest: return "r_date IS NULL, r_date DESC, " + relevance;
    case SortOrder::oldest: return "r_date IS NULL, r_date, " + relevance;
    case SortOrder::relevance: break;
    }
    return relevance;
}

// Columns 0-6 read by read_hit() (passage, score, text, snippet, tier), then
// kHitArticleColumns; the r_* sort keys follow.
constexpr const char* kHitColumnsHead = "SELECT p.id, p.kind, p.position, ";
const std::string kHitColumnsTail = std::string(", ") + kHitArticleColumns;
constexpr int kArticleColumn = 7;

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

// FROM passages_fts, joined to passages (the narrow index) and, when needed,
// articles, for the expression `match` (a parameter) and the filters.
std::string matches_from(const std::string& match, const QueryFilters& filters, bool articles, Params& params) {
    return " FROM passages_fts JOIN passages p INDEXED BY passages_meta ON p.id = passages_fts.rowid" +
           std::string(articles ? " JOIN articles a ON a.id = p.article_id" : "") +
           " WHERE passages_fts MATCH " + match + filter_conditions(filters, params, FilterScope::passage);
}

// One page of the ranked ids (r_id, r_score, r_tier, r_date), best first.
// Ranking reads every match: only the narrow index of passages, and the
// articles only when a filter or the sort needs them.
std::string page_sql(const Ranking& r, const QueryFilters& filters, SortOrder sort, const std::string& limit_sql,
                     Params& params) {
    const bool articles = sort != SortOrder::relevance || filters_need_articles(filters);
    return "SELECT passages_fts.rowid AS r_id, " + r.score + " AS r_score, " + r.tier + " AS r_tier, " +
           (articles ? "a.date" : "NULL") + " AS r_date" + matches_from(r.match, filters, articles, params) +
           " ORDER BY " + order_clause(sort, "r_id") + limit_sql;
}

Query build(const TranslatedQuery& q, const QueryFilters& filters, SortOrder sort, int64_t limit, int64_t offset,
            bool page_first) {
    Query out;
    Params& params = out.params;
    const std::string limit_sql = " LIMIT " + params.add(limit) + " OFFSET " + params.add(offset);
    if (q.match.empty()) {
        // Only filters: no relevance; newest first unless asked otherwise.
        const SortOrder by_date = sort == SortOrder::relevance ? SortOrder::newest : sort;
        const std::string where = filter_conditions(filters, params, FilterScope::passage);
        out.sql = std::string(kHitColumnsHead) + "0.0 AS r_score, p.text, NULL, 0 AS r_tier" + kHitColumnsTail +
                  ", a.date AS r_date FROM passages p JOIN articles a ON a.id = p.article_id WHERE 1" + where +
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
            "WHERE passages_fts MATCH " + r.match + filter_conditions(filters, params, FilterScope::passage);
        out.sql = std::string(kHitColumnsHead) + r.score + " AS r_score, p.text, " + kSnippet + ", " + r.tier +
                  " AS r_tier" + kHitColumnsTail + ", a.date AS r_date, p.id AS r_id" + from_where + order;
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
              "page.r_score, p.text, snip.s_text, page.r_tier" + kHitColumnsTail +
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
    std::string("SELECT matches, ranked, articles FROM top_hit_words WHERE match = ? AND ") + kTopHitWordIsCurrent;

// A snippet by probing the index for one row: cheap for a page on a merged
// index (optimize leaves one segment), unlike a pass over all matches.
std::string snippet_probe(const std::string& rowid) {
    return std::string("(SELECT ") + kSnippet + " FROM passages_fts WHERE passages_fts MATCH ?1 AND " +
           "passages_fts.rowid = " + rowid + ")";
}
const std::string kTopHitsPage = std::string(kHitColumnsHead) +
    "h.score, p.text, coalesce(h.snippet, " + snippet_probe("h.passage_id") + "), 0" + kHitColumnsTail +
    " FROM top_hits h JOIN passages p ON p.id = h.passage_id JOIN articles a ON a.id = p.article_id "
    "WHERE h.match = ?2 AND h.rank >= ?3 AND h.rank < ?4 ORDER BY h.rank";

SearchHit read_hit(SQLite::Statement& st) {
    SearchHit h;
    PassageHit p;
    p.passage_id = st.getColumn(0).getInt64();
    p.kind = parse_passage_kind(st.getColumn(1).getString());
    p.position = st.getColumn(2).getInt();
    p.score = st.getColumn(3).getDouble();
    p.text = st.getColumn(4).getString();
    p.snippet = st.getColumn(5).isNull() ? leading_words(p.text) : strip_language_tag(st.getColumn(5).getString());
    h.tier = st.getColumn(6).getInt();
    h.article = read_hit_article(st, kArticleColumn);
    h.score = p.score;
    h.passages.push_back(std::move(p));
    return h;
}

// The page from top_hits, or false when the word was not ranked ahead, the
// index changed since, or the page lies beyond the hits kept. The totals come
// from the word's row (counted when an older newsdb ranked it).
bool read_top_hits(SQLite::Database& db, const PreparedSearch& q, const std::string& key, int64_t limit,
                   int64_t offset, const HitVisitor& visit, const TotalsVisitor& on_total) {
    SQLite::Statement current(db, kTopHitsCurrent);
    current.bind(1, key);
    if (!current.executeStep()) return false;
    const int64_t matches = current.getColumn(0).getInt64();
    const int64_t ranked = current.getColumn(1).getInt64();
    if (ranked < matches && (offset > ranked || limit > ranked - offset)) return false;
    const SearchTotals totals = current.getColumn(2).isNull() ? passage_totals(db, q)
                                                              : SearchTotals{current.getColumn(2).getInt64(), matches};
    if (on_total) on_total(totals);
    SQLite::Statement page(db, kTopHitsPage);
    page.bind(1, q.fts5.match);
    page.bind(2, key);
    page.bind(3, offset);
    page.bind(4, offset + std::min(limit, ranked));
    while (page.executeStep()) visit(read_hit(page));
    return true;
}

// ---- frequent words (schema 014) ---------------------------------------------

// A page of one frequent word from its kept best passages (frequent_words.hpp),
// or false, with nothing visited, when they cannot be shown to be the best.
// Scores are FTS5's bm25 computed from the kept counts; each shown passage is
// read by rowid (its text, snippet and counts, checked against the kept ones).
bool frequent_page(SQLite::Database& db, const PreparedSearch& q, int64_t limit, int64_t offset,
                   const HitVisitor& visit, const TotalsVisitor& on_total) {
    const std::optional<FrequentPassages> word = read_frequent_passages(db, q.fts5.match);
    if (!word) return false;
    SQLite::Statement totals(db, "SELECT block FROM passages_fts_data WHERE id = 1");
    int64_t rows = 0, tokens = 0;
    if (!totals.executeStep()) return false;
    const SQLite::Column block = totals.getColumn(0);
    if (!read_index_totals(block.getBlob(), block.getBytes(), rows, tokens) || rows == 0) return false;
    const auto score = [&](uint32_t hits, int64_t length, bool boosted) {
        return fts5_bm25_one(rows, tokens, word->passages, hits, length) * (boosted ? kTitleBoost : 1.0);
    };
    std::vector<std::pair<double, std::size_t>> kept;
    for (std::size_t i = 0; i < word->kept.size(); ++i) {
        const FrequentPassages::Kept& c = word->kept[i];
        kept.emplace_back(score(c.hits, c.tokens, c.boosted), i);
    }
    std::sort(kept.begin(), kept.end(), [&](const auto& a, const auto& b) {
        if (a.first != b.first) return a.first < b.first;
        return word->kept[a.second].passage_id < word->kept[b.second].passage_id;
    });
    const auto k = static_cast<std::size_t>(offset + limit);
    if (!word->rest.empty()) {
        if (kept.size() < k) return false;
        // As frequent_top: a group's shortest passage is its best; ties go to the lower id.
        const double last = kept[k - 1].first;
        const int64_t last_id = word->kept[kept[k - 1].second].passage_id;
        for (const FrequentPassages::Rest& r : word->rest) {
            const double best = score(r.hits, r.min_tokens, r.boosted);
            if (best < last || (best == last && r.min_id < last_id)) return false;
        }
    }
    SQLite::Statement probe(db, std::string(kHitColumnsHead) + "0.0, p.text, " + kSnippet + ", 0" + kHitColumnsTail +
                                    ", " + kPhraseHitsFunction + "(passages_fts) FROM passages_fts "
                                    "JOIN passages p ON p.id = passages_fts.rowid JOIN articles a ON a.id = p.article_id "
                                    "WHERE passages_fts MATCH ?1 AND passages_fts.rowid = ?2");
    const int hits_column = probe.getColumnCount() - 1;
    std::vector<SearchHit> page;
    std::vector<uint32_t> counts;
    for (std::size_t i = static_cast<std::size_t>(offset); i < std::min(k, kept.size()); ++i) {
        const FrequentPassages::Kept& c = word->kept[kept[i].second];
        probe.bind(1, q.fts5.match);
        probe.bind(2, c.passage_id);
        if (!probe.executeStep()) return false;  // cannot happen while the state is current
        const SQLite::Column blob = probe.getColumn(hits_column);
        read_phrase_hits(blob.getBlob(), static_cast<std::size_t>(blob.getBytes()), counts);
        if (counts.size() != 1 || counts[0] != c.hits) return false;
        SearchHit hit = read_hit(probe);
        hit.score = hit.passages.front().score = kept[i].first;
        hit.tier = 0;
        page.push_back(std::move(hit));
        probe.reset();
    }
    if (on_total) on_total({word->articles, word->passages});
    for (const SearchHit& hit : page) visit(hit);
    return true;
}

// A row of the ranking, with its sort keys.
struct Ranked {
    int64_t id = 0;
    double score = 0;
    int tier = 0;
    bool dated = false;
    std::string date;
};

// order_clause(sort, "r_id") as a comparison: true when `a` comes first.
bool comes_first(const Ranked& a, const Ranked& b, SortOrder sort) {
    if (sort != SortOrder::relevance) {
        if (a.dated != b.dated) return a.dated;  // undated last
        if (a.date != b.date) return sort == SortOrder::newest ? a.date > b.date : a.date < b.date;
    }
    if (a.tier != b.tier) return a.tier > b.tier;
    if (a.score != b.score) return a.score < b.score;
    return a.id < b.id;
}

// A page of a ranked list in one pass over every match: the best
// offset + limit rows are kept as they come, and the totals counted on the
// way, so a page costs one ranking and no separate count. Then one more
// pass makes snippets for the page only (FTS5 cannot seek a MATCH to a list
// of rowids: probing it row by row re-opens every term's iterators each
// time; `+` keeps the IN from becoming such probes).
SearchTotals ranked_page(SQLite::Database& db, const PreparedSearch& q, SortOrder sort, int64_t limit, int64_t offset,
                         const HitVisitor& visit, const TotalsVisitor& on_total) {
    Params params;
    const Ranking r = ranking_terms(q.fts5, params);
    const bool dates = sort != SortOrder::relevance;
    const bool articles = dates || filters_need_articles(q.filters);
    RowReader st(db, "SELECT passages_fts.rowid, " + r.score + ", " + r.tier + ", p.article_id" +
                         (dates ? ", a.date" : "") + matches_from(r.match, q.filters, articles, params));
    params.bind(st);
    const auto keep = static_cast<std::size_t>(offset + limit);
    const auto order = [sort](const Ranked& a, const Ranked& b) { return comes_first(a, b, sort); };
    std::vector<Ranked> best;
    std::vector<uint8_t> seen;  // by article id (dense)
    SearchTotals totals;
    while (st.step()) {
        ++totals.passages;
        const auto article = static_cast<std::size_t>(st.int64(3));
        if (article >= seen.size()) seen.resize(std::max(article + 1, seen.size() * 2), 0);
        if (seen[article] == 0) {
            seen[article] = 1;
            ++totals.articles;
        }
        Ranked row{st.int64(0), st.real(1), static_cast<int>(st.int64(2)), false, {}};
        if (dates && !st.null(4)) {
            row.dated = true;
            row.date = std::string(st.text(4));
        }
        best.push_back(std::move(row));
        if (best.size() >= 2 * keep + 64) {
            std::nth_element(best.begin(), best.begin() + static_cast<std::ptrdiff_t>(keep), best.end(), order);
            best.resize(keep);
        }
    }
    if (on_total) on_total(totals);
    std::sort(best.begin(), best.end(), order);
    if (best.size() > keep) best.resize(keep);
    if (best.size() <= static_cast<std::size_t>(offset)) return totals;
    const std::vector<Ranked> page(best.begin() + static_cast<std::ptrdiff_t>(offset), best.end());
    std::string ids = "[";
    for (const Ranked& row : page) ids += (ids.size() > 1 ? "," : "") + std::to_string(row.id);
    ids += "]";
    SQLite::Statement snip(db, std::string(kHitColumnsHead) + "0.0, p.text, " + kSnippet + ", 0" + kHitColumnsTail +
                                   " FROM passages_fts JOIN passages p ON p.id = passages_fts.rowid "
                                   "JOIN articles a ON a.id = p.article_id WHERE passages_fts MATCH ?1 AND "
                                   "+passages_fts.rowid IN (SELECT value FROM json_each(?2))");
    snip.bind(1, q.fts5.match);
    snip.bind(2, ids);
    std::unordered_map<int64_t, SearchHit> hits;
    while (snip.executeStep()) {
        SearchHit hit = read_hit(snip);
        const int64_t id = hit.passages.front().passage_id;
        hits.emplace(id, std::move(hit));
    }
    for (const Ranked& row : page) {
        const auto it = hits.find(row.id);
        if (it == hits.end()) continue;  // cannot happen: the row matched
        SearchHit& hit = it->second;
        hit.score = hit.passages.front().score = row.score;
        hit.tier = row.tier;
        visit(hit);
    }
    return totals;
}

} // namespace

SearchTotals passage_totals(SQLite::Database& db, const PreparedSearch& q) {
    Params params;
    std::string sql;
    if (q.fts5.match.empty()) {
        sql = "SELECT count(*), count(DISTINCT p.article_id) FROM passages p JOIN articles a ON a.id = p.article_id "
              "WHERE 1" + filter_conditions(q.filters, params, FilterScope::passage);
    } else {
        const std::string match = params.add(q.fts5.match);
        sql = "SELECT count(*), count(DISTINCT p.article_id)" +
              matches_from(match, q.filters, filters_need_articles(q.filters), params);
    }
    SQLite::Statement st(db, sql);
    params.bind(st);
    st.executeStep();
    return {st.getColumn(1).getInt64(), st.getColumn(0).getInt64()};
}

SearchTotals passage_search(SQLite::Database& db, const PreparedSearch& q, const SearchOptions& options, bool all,
                            const HitVisitor& visit, const TotalsVisitor& on_total) {
    const bool unlimited = all || options.limit <= 0;
    const int64_t limit = unlimited ? -1 : options.limit;
    const int64_t offset = all ? 0 : std::max<int64_t>(0, options.offset);
    if (!unlimited && !q.fts5.match.empty()) {
        if (const auto key = top_hits_key(q.fts5, q.filters, options.sort)) {
            SearchTotals totals;
            const auto keep = [&](const SearchTotals& t) {
                totals = t;
                if (on_total) on_total(t);
            };
            if (read_top_hits(db, q, *key, limit, offset, visit, keep)) return totals;
            if (frequent_page(db, q, limit, offset, visit, keep)) return totals;
        }
        return ranked_page(db, q, options.sort, limit, offset, visit, on_total);
    }
    // Every match streamed in order (export), or a query of only fields.
    const SearchTotals totals = passage_totals(db, q);
    if (on_total) on_total(totals);
    const Query query = build(q.fts5, q.filters, options.sort, limit, offset, offset > 0);
    SQLite::Statement st(db, query.sql);
    query.params.bind(st);
    while (st.executeStep()) visit(read_hit(st));
    return totals;
}

std::vector<std::string> rank_top_hits(SQLite::Database& db, int max_words, int64_t min_matches,
                                       tokenizer::QueryLanguages* languages) {
    const LanguageScope scope(db, languages);
    db.exec("DELETE FROM top_hits");
    db.exec("DELETE FROM top_hit_words");
    const std::vector<std::string> candidates = words_held_by(db, min_matches, static_cast<int64_t>(max_words) * 2);
    SQLite::Statement count(db, "SELECT count(*), count(DISTINCT p.article_id) FROM passages_fts JOIN passages p "
                                "INDEXED BY passages_meta ON p.id = passages_fts.rowid WHERE passages_fts MATCH ?");
    SQLite::Statement add_word(db, "INSERT INTO top_hit_words (match, matches, ranked, articles, index_totals, "
                                   "index_structure) VALUES (?, ?, ?, ?, (SELECT block FROM passages_fts_data WHERE id = 1), "
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
        const int64_t articles = count.getColumn(1).getInt64();
        count.reset();
        add_word.bind(1, *key);
        add_word.bind(2, matches);
        add_word.bind(3, static_cast<int64_t>(hits.size()));
        add_word.bind(4, articles);
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

} // namespace newsdb::store
