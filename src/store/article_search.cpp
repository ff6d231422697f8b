// Article search: the query plan (query/article_plan.hpp) evaluated over the
// passages of each article, ranked by store/article_rank.hpp.
//
// 1. One pass over passages_fts for the plan's `match` (every unit ORed)
//    reads, per matching passage, its article and kind and how often each
//    phrase occurs (newsdb_phrase_hits). Per article this gives which units
//    match some passage the kind filter admits, the weighted term frequencies,
//    and (over all passages) which phrases it holds, for the document
//    frequencies.
// 2. The plan's condition picks the articles; the other filters, which are
//    the article's (source, date, tags, publisher: ...), narrow them in SQL.
// 3. Their lengths come from FTS5's sizes of their passages
//    (passages_fts_docsize); each is scored, and sorted by tier (a passage
//    holding the words as a phrase, within 5 words, neither), score and id,
//    or by date first.
// 4. Only for the articles returned: their matching passages are ranked by
//    FTS5's bm25 for the scored units (`highlight`), in one more pass that
//    makes snippets for those rows, and the best three kept.
// The words ranked ahead by `newsdb optimize` (top_hits) are passage rankings
// and are not read here: an article search ranks every match.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "query/article_plan.hpp"
#include "store/article_rank.hpp"
#include "store/fts5_functions.hpp"
#include "store/search_sql.hpp"
#include "store/search_units.hpp"

namespace newsdb::store {

namespace {

constexpr std::size_t kBestPassages = 3;
// Articles whose passages are read per pass when every result is streamed.
constexpr std::size_t kStreamBatch = 256;

bool admits(const QueryFilters& filters, PassageKind kind) {
    return filters.kinds.empty() || std::find(filters.kinds.begin(), filters.kinds.end(), kind) != filters.kinds.end();
}

PassageKind kind_of(const std::string& name) {
    if (name.front() == 't') return PassageKind::title;
    if (name.front() == 'f') return PassageKind::footnote;
    return PassageKind::paragraph;
}

std::string json_ids(const std::vector<int64_t>& ids) {
    std::string out = "[";
    for (const int64_t id : ids) {
        if (out.size() > 1) out += ',';
        out += std::to_string(id);
    }
    return out + "]";
}

// An FTS5 varint (SQLite's format: big-endian 7-bit groups, the ninth byte whole).
int64_t read_varint(const unsigned char* p, int bytes) {
    uint64_t v = 0;
    for (int i = 0; i < bytes && i < 9; ++i) {
        if (i == 8) return static_cast<int64_t>((v << 8) | p[i]);
        v = (v << 7) | (p[i] & 0x7Fu);
        if ((p[i] & 0x80u) == 0) break;
    }
    return static_cast<int64_t>(v);
}

// What the pass learned about one article, in ArticleTable's flat arrays.
class ArticleTable {
public:
    ArticleTable(std::size_t units, std::size_t phrases) : units_(units), phrases_(phrases) {}

    std::size_t slot(int64_t article_id) {
        const auto [it, added] = index_.try_emplace(article_id, ids.size());
        if (added) {
            ids.push_back(article_id);
            unit_hit.resize(unit_hit.size() + units_, 0);
            holds_phrase.resize(holds_phrase.size() + phrases_, 0);
            tf.resize(tf.size() + phrases_, 0.0);
        }
        return it->second;
    }
    std::optional<std::size_t> find(int64_t article_id) const {
        const auto it = index_.find(article_id);
        if (it == index_.end()) return std::nullopt;
        return it->second;
    }
    uint8_t* units_of(std::size_t slot) { return unit_hit.data() + slot * units_; }
    const uint8_t* units_of(std::size_t slot) const { return unit_hit.data() + slot * units_; }
    uint8_t* phrases_of(std::size_t slot) { return holds_phrase.data() + slot * phrases_; }
    double* tf_of(std::size_t slot) { return tf.data() + slot * phrases_; }

    std::vector<int64_t> ids;            // by slot
    std::vector<uint8_t> unit_hit;       // slot x unit: a passage the kind filter admits matches the unit
    std::vector<uint8_t> holds_phrase;   // slot x phrase: some passage holds the phrase (any kind)
    std::vector<double> tf;              // slot x phrase: weighted occurrences in admitted passages
    // (slot, passage id) of each admitted passage that matches a scored unit.
    std::vector<std::pair<std::size_t, int64_t>> passages;

private:
    std::size_t units_, phrases_;
    std::unordered_map<int64_t, std::size_t> index_;
};

struct Ranked {
    std::size_t slot = 0;
    double score = 0;
    int tier = 0;
    std::optional<std::string> date;  // only when sorting by date
};

class ArticleSearch {
public:
    ArticleSearch(SQLite::Database& db, const PreparedSearch& q)
        : db_(db), q_(q), plan_(query::plan_article_search(*q.words)),
          table_(plan_.units.size(), plan_.phrases) {}

    // Step 1.
    void read_matches() {
        SQLite::Statement st(db_, std::string("SELECT p.article_id, p.kind, passages_fts.rowid, ") +
                                      kPhraseHitsFunction + "(passages_fts) FROM passages_fts "
                                      "JOIN passages p INDEXED BY passages_meta ON p.id = passages_fts.rowid "
                                      "WHERE passages_fts MATCH ?1");
        st.bind(1, plan_.match);
        std::vector<uint32_t> counts;
        while (st.executeStep()) {
            const SQLite::Column hits = st.getColumn(3);
            read_phrase_hits(hits.getBlob(), static_cast<std::size_t>(hits.getBytes()), counts);
            if (counts.size() != plan_.phrases) continue;  // cannot happen: the MATCH has these phrases
            const std::size_t slot = table_.slot(st.getColumn(0).getInt64());
            uint8_t* holds = table_.phrases_of(slot);
            for (std::size_t p = 0; p < counts.size(); ++p)
                if (counts[p] > 0) holds[p] = 1;
            const PassageKind kind = kind_of(st.getColumn(1).getString());
            if (!admits(q_.filters, kind)) continue;
            const double weight = kind == PassageKind::title ? kTitleWeight : 1.0;
            double* tf = table_.tf_of(slot);
            for (std::size_t p = 0; p < counts.size(); ++p) tf[p] += weight * counts[p];
            uint8_t* units = table_.units_of(slot);
            bool scored = false;
            for (std::size_t u = 0; u < plan_.units.size(); ++u) {
                const query::MatchUnit& unit = plan_.units[u];
                for (std::size_t p = unit.first_phrase; p < unit.first_phrase + unit.phrases; ++p) {
                    if (counts[p] == 0) continue;
                    units[u] = 1;
                    scored = scored || unit.scored;
                    break;
                }
            }
            if (scored) table_.passages.emplace_back(slot, st.getColumn(2).getInt64());
        }
    }

    // Step 2: the articles `condition` holds for, then the article filters.
    // With `dates`, their dates too (for sorting).
    std::vector<Ranked> select(const query::ArticleCondition& condition, bool dates) {
        std::vector<Ranked> out;
        for (std::size_t slot = 0; slot < table_.ids.size(); ++slot)
            if (query::holds(condition, table_.units_of(slot))) out.push_back(Ranked{slot, 0, 0, std::nullopt});
        if (out.empty()) return out;
        const QueryFilters& f = q_.filters;
        if (!dates && !filters_need_articles(f) && f.publishers.empty() && f.title.empty()) return out;
        std::vector<int64_t> ids;
        ids.reserve(out.size());
        for (const Ranked& r : out) ids.push_back(table_.ids[r.slot]);
        Params params;
        const std::string list = params.add(json_ids(ids));
        const std::string sql = "SELECT a.id, a.date FROM articles a WHERE a.id IN (SELECT value FROM json_each(" +
                                list + "))" + filter_conditions(f, params, FilterScope::article);
        SQLite::Statement st(db_, sql);
        params.bind(st);
        std::vector<Ranked> kept;
        while (st.executeStep()) {
            const auto slot = table_.find(st.getColumn(0).getInt64());
            if (!slot) continue;
            Ranked r{*slot, 0, 0, std::nullopt};
            if (!st.getColumn(1).isNull()) r.date = st.getColumn(1).getString();
            kept.push_back(std::move(r));
        }
        return kept;
    }

    // Step 3.
    void rank(std::vector<Ranked>& results, SortOrder sort) {
        if (results.empty()) return;
        const int64_t articles = db_.execAndGet("SELECT count(*) FROM articles").getInt64();
        const double average = static_cast<double>(index_tokens()) / static_cast<double>(std::max<int64_t>(1, articles));
        // Document frequencies over every article the pass saw.
        std::vector<int64_t> holding(plan_.phrases, 0);
        for (std::size_t slot = 0; slot < table_.ids.size(); ++slot) {
            const uint8_t* holds = table_.phrases_of(slot);
            for (std::size_t p = 0; p < plan_.phrases; ++p) holding[p] += holds[p];
        }
        std::vector<double> idf(plan_.phrases, 0.0);
        for (const query::MatchUnit& unit : plan_.units) {
            if (!unit.scored) continue;  // exclusions and tier forms only select or rank
            for (std::size_t p = unit.first_phrase; p < unit.first_phrase + unit.phrases; ++p)
                idf[p] = article_idf(articles, holding[p]);
        }
        const std::unordered_map<int64_t, int64_t> tokens = article_tokens(results);
        for (Ranked& r : results) {
            const auto it = tokens.find(table_.ids[r.slot]);
            const double length = it == tokens.end() ? 0.0 : static_cast<double>(it->second);
            r.score = article_score(table_.tf_of(r.slot), idf.data(), plan_.phrases, length, average);
            const uint8_t* units = table_.units_of(r.slot);
            if (plan_.phrase_tier && units[*plan_.phrase_tier]) r.tier = 2;
            else if (plan_.near_tier && units[*plan_.near_tier]) r.tier = 1;
        }
        const auto by_relevance = [this](const Ranked& a, const Ranked& b) {
            if (a.tier != b.tier) return a.tier > b.tier;
            if (a.score != b.score) return a.score < b.score;
            return table_.ids[a.slot] < table_.ids[b.slot];
        };
        std::sort(results.begin(), results.end(), [&](const Ranked& a, const Ranked& b) {
            if (sort != SortOrder::relevance && a.date != b.date) {
                if (!a.date || !b.date) return a.date.has_value();  // undated last
                return sort == SortOrder::newest ? *a.date > *b.date : *a.date < *b.date;
            }
            return by_relevance(a, b);
        });
    }

    // The matching passages of `results` that the totals count.
    int64_t passage_total(const std::vector<Ranked>& results) const {
        std::vector<uint8_t> chosen(table_.ids.size(), 0);
        for (const Ranked& r : results) chosen[r.slot] = 1;
        return static_cast<int64_t>(std::count_if(table_.passages.begin(), table_.passages.end(),
                                                  [&](const auto& p) { return chosen[p.first] != 0; }));
    }

    // Step 4, for `batch` (in order): each as a SearchHit.
    std::vector<SearchHit> hits(const std::vector<Ranked>& batch) {
        std::vector<SearchHit> out(batch.size());
        std::unordered_map<std::size_t, std::size_t> position;  // slot -> index in batch
        std::vector<int64_t> article_ids;
        for (std::size_t i = 0; i < batch.size(); ++i) {
            position.emplace(batch[i].slot, i);
            article_ids.push_back(table_.ids[batch[i].slot]);
            out[i].score = batch[i].score;
            out[i].tier = batch[i].tier;
        }
        read_articles(article_ids, [&](HitArticle&& article) {
            const auto slot = table_.find(article.id);
            if (slot) out[position.at(*slot)].article = std::move(article);
        });
        std::vector<int64_t> passage_ids;
        for (const auto& [slot, passage_id] : table_.passages)
            if (position.count(slot) != 0) passage_ids.push_back(passage_id);
        if (passage_ids.empty()) return out;
        SQLite::Statement st(db_, std::string("SELECT p.article_id, p.id, p.kind, p.position, p.text, "
                                              "bm25(passages_fts), ") + kSnippet +
                                      " FROM passages_fts JOIN passages p ON p.id = passages_fts.rowid "
                                      "WHERE passages_fts MATCH ?1 AND "
                                      "+passages_fts.rowid IN (SELECT value FROM json_each(?2))");
        st.bind(1, plan_.highlight);
        st.bind(2, json_ids(passage_ids));
        while (st.executeStep()) {
            const auto slot = table_.find(st.getColumn(0).getInt64());
            if (!slot) continue;
            PassageHit p;
            p.passage_id = st.getColumn(1).getInt64();
            p.kind = kind_of(st.getColumn(2).getString());
            p.position = st.getColumn(3).getInt();
            p.text = st.getColumn(4).getString();
            p.score = st.getColumn(5).getDouble();
            p.snippet = strip_language_tag(st.getColumn(6).getString());
            out[position.at(*slot)].passages.push_back(std::move(p));
        }
        for (SearchHit& hit : out) keep_best(hit.passages);
        return out;
    }

    std::vector<query::QueryPart>& parts() { return plan_.parts; }
    const query::ArticleCondition& condition() const { return plan_.condition; }

private:
    int64_t index_tokens() {
        SQLite::Statement st(db_, std::string("SELECT ") + kIndexTokensFunction +
                                      "(passages_fts) FROM passages_fts WHERE passages_fts MATCH ?1 LIMIT 1");
        st.bind(1, plan_.match);
        return st.executeStep() ? st.getColumn(0).getInt64() : 0;
    }

    // Each article's tokens: the FTS5 sizes of its passages.
    std::unordered_map<int64_t, int64_t> article_tokens(const std::vector<Ranked>& results) {
        std::vector<int64_t> ids;
        ids.reserve(results.size());
        for (const Ranked& r : results) ids.push_back(table_.ids[r.slot]);
        SQLite::Statement st(db_, "SELECT p.article_id, d.sz FROM passages p JOIN passages_fts_docsize d "
                                  "ON d.id = p.id WHERE p.article_id IN (SELECT value FROM json_each(?1))");
        st.bind(1, json_ids(ids));
        std::unordered_map<int64_t, int64_t> tokens;
        while (st.executeStep()) {
            const SQLite::Column size = st.getColumn(1);
            tokens[st.getColumn(0).getInt64()] +=
                read_varint(static_cast<const unsigned char*>(size.getBlob()), size.getBytes());
        }
        return tokens;
    }

    template <typename Visit>
    void read_articles(const std::vector<int64_t>& ids, Visit&& visit) {
        SQLite::Statement st(db_, std::string("SELECT ") + kHitArticleColumns +
                                      " FROM articles a WHERE a.id IN (SELECT value FROM json_each(?1))");
        st.bind(1, json_ids(ids));
        while (st.executeStep()) visit(read_hit_article(st, 0));
    }

    // Best bm25 first, the title only when nothing else matches.
    static void keep_best(std::vector<PassageHit>& passages) {
        std::sort(passages.begin(), passages.end(), [](const PassageHit& a, const PassageHit& b) {
            const bool a_title = a.kind == PassageKind::title, b_title = b.kind == PassageKind::title;
            if (a_title != b_title) return b_title;
            if (a.score != b.score) return a.score < b.score;
            return a.passage_id < b.passage_id;
        });
        if (passages.size() > 1 && passages.front().kind != PassageKind::title)
            std::erase_if(passages, [](const PassageHit& p) { return p.kind == PassageKind::title; });
        if (passages.size() > kBestPassages) passages.resize(kBestPassages);
    }

    SQLite::Database& db_;
    const PreparedSearch& q_;
    query::ArticlePlan plan_;
    ArticleTable table_;
};

// ---- a query of only fields -------------------------------------------------

// " AND ..." over p selecting the passages shown and counted for an article:
// the kinds asked for; with publisher:, the footnotes citing it.
std::string shown_passages(const QueryFilters& f, Params& params) {
    QueryFilters passage_only;
    passage_only.kinds = f.kinds;
    passage_only.publishers = f.publishers;
    return filter_conditions(passage_only, params, FilterScope::passage);
}

std::string fields_where(const QueryFilters& f, Params& params) {
    std::string w = filter_conditions(f, params, FilterScope::article);
    if (!f.kinds.empty()) {
        QueryFilters kinds;
        kinds.kinds = f.kinds;
        w += " AND EXISTS (SELECT 1 FROM passages p WHERE p.article_id = a.id" +
             filter_conditions(kinds, params, FilterScope::passage) + ")";
    }
    return w;
}

SearchTotals fields_totals(SQLite::Database& db, const QueryFilters& f) {
    Params params;
    const std::string where = fields_where(f, params);
    const std::string shown = shown_passages(f, params);
    SQLite::Statement st(db, "SELECT (SELECT count(*) FROM articles a WHERE 1" + where +
                                 "), (SELECT count(*) FROM passages p JOIN articles a ON a.id = p.article_id WHERE 1" +
                                 where + shown + ")");
    params.bind(st);
    st.executeStep();
    return {st.getColumn(0).getInt64(), st.getColumn(1).getInt64()};
}

// Newest first (oldest with --sort oldest), then by id.
void fields_search(SQLite::Database& db, const QueryFilters& f, SortOrder sort, int64_t limit, int64_t offset,
                   const HitVisitor& visit) {
    Params params;
    const std::string where = fields_where(f, params);
    const std::string order = sort == SortOrder::oldest ? "a.date IS NULL, a.date, a.id"
                                                        : "a.date IS NULL, a.date DESC, a.id";
    SQLite::Statement st(db, std::string("SELECT ") + kHitArticleColumns + " FROM articles a WHERE 1" + where +
                                 " ORDER BY " + order + " LIMIT " + params.add(limit) + " OFFSET " +
                                 params.add(offset));
    params.bind(st);
    Params shown_params;
    const std::string article = shown_params.add(int64_t{0});
    const std::string shown = shown_passages(f, shown_params);
    const std::string count = shown_params.add(static_cast<int64_t>(f.publishers.empty() ? 1 : kBestPassages));
    SQLite::Statement passages(db, "SELECT p.id, p.kind, p.position, p.text FROM passages p WHERE p.article_id = " +
                                       article + shown +
                                       " ORDER BY CASE p.kind WHEN 'paragraph' THEN 0 WHEN 'footnote' THEN 1 "
                                       "ELSE 2 END, p.position LIMIT " + count);
    while (st.executeStep()) {
        SearchHit hit;
        hit.article = read_hit_article(st, 0);
        passages.reset();
        shown_params.bind(passages);
        passages.bind(1, hit.article.id);
        while (passages.executeStep()) {
            PassageHit p;
            p.passage_id = passages.getColumn(0).getInt64();
            p.kind = kind_of(passages.getColumn(1).getString());
            p.position = passages.getColumn(2).getInt();
            p.text = passages.getColumn(3).getString();
            p.snippet = leading_words(p.text);
            hit.passages.push_back(std::move(p));
        }
        visit(hit);
    }
}

} // namespace

SearchTotals article_totals(SQLite::Database& db, const PreparedSearch& q) {
    if (!q.words) return fields_totals(db, q.filters);
    ArticleSearch search(db, q);
    search.read_matches();
    const std::vector<Ranked> results = search.select(search.condition(), false);
    return {static_cast<int64_t>(results.size()), search.passage_total(results)};
}

SearchTotals article_search(SQLite::Database& db, const PreparedSearch& q, const SearchOptions& options, bool all,
                            const HitVisitor& visit, const TotalsVisitor& on_total) {
    const bool unlimited = all || options.limit <= 0;
    const int64_t offset = all ? 0 : std::max<int64_t>(0, options.offset);
    if (!q.words) {
        const SearchTotals totals = fields_totals(db, q.filters);
        if (on_total) on_total(totals);
        fields_search(db, q.filters, options.sort, unlimited ? -1 : options.limit, offset, visit);
        return totals;
    }
    ArticleSearch search(db, q);
    search.read_matches();
    std::vector<Ranked> results = search.select(search.condition(), options.sort != SortOrder::relevance);
    const SearchTotals totals{static_cast<int64_t>(results.size()), search.passage_total(results)};
    if (on_total) on_total(totals);
    search.rank(results, options.sort);
    const std::size_t first = std::min(results.size(), static_cast<std::size_t>(offset));
    const std::size_t last =
        unlimited ? results.size() : std::min(results.size(), first + static_cast<std::size_t>(options.limit));
    for (std::size_t begin = first; begin < last; begin += kStreamBatch) {
        const std::vector<Ranked> batch(results.begin() + static_cast<std::ptrdiff_t>(begin),
                                        results.begin() + static_cast<std::ptrdiff_t>(std::min(last, begin + kStreamBatch)));
        for (const SearchHit& hit : search.hits(batch)) visit(hit);
    }
    return totals;
}

std::vector<QueryPartCount> article_part_counts(SQLite::Database& db, const PreparedSearch& q) {
    if (!q.words) return {};
    ArticleSearch search(db, q);
    search.read_matches();
    std::vector<QueryPartCount> out;
    for (const query::QueryPart& part : search.parts())
        out.push_back({part.written, static_cast<int64_t>(search.select(part.condition, false).size())});
    return out;
}

} // namespace newsdb::store
