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
// 4. Only for the articles returned: their matching passages are scored
//    from the pass's counts and FTS5's sizes (the bm25 of FTS5, over the
//    scored units); the best is kept, then up to two more that show parts of
//    the query it does not, and FTS5 makes their snippets in one more pass
//    over the scored units (`highlight`).
// The words ranked ahead by `newsdb optimize` (top_hits) are passage rankings
// and are not read here. A page of one frequent word (store/frequent_words.hpp)
// comes from its kept best articles when they are provably the best
// (frequent_top); every other search ranks every match.
//
// Why not a second FTS5 index over whole articles: on the developer corpus
// the passage index is 13.2 MB for 13.0 MB of text, so a second one would
// add about as much again to an archive another target keeps under 3x its
// text, and tokenize every passage twice at ingest; phrases and NEAR would
// still need the passage index. The per-passage counts of the one index give
// the same article-level bm25 (store/article_rank.hpp).
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
#include "store/frequent_words.hpp"
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

// passages.kind by its first letter (title, paragraph, footnote).
PassageKind kind_of(char first) {
    if (first == 't') return PassageKind::title;
    if (first == 'f') return PassageKind::footnote;
    return PassageKind::paragraph;
}

PassageKind kind_of(const std::string& name) { return kind_of(name.empty() ? 'p' : name.front()); }

std::string json_ids(const std::vector<int64_t>& ids) {
    std::string out = "[";
    for (const int64_t id : ids) {
        if (out.size() > 1) out += ',';
        out += std::to_string(id);
    }
    return out + "]";
}

// What the pass learned, per article (a slot) and per matching passage, in
// flat arrays.
class ArticleTable {
public:
    ArticleTable(std::size_t units, std::size_t phrases) : passage_df(phrases, 0), units_(units), phrases_(phrases) {}

    std::size_t slot(int64_t article_id) {
        const auto id = static_cast<std::size_t>(article_id);
        if (id >= slot_of_.size()) slot_of_.resize(std::max(id + 1, slot_of_.size() * 2), kNone);
        if (slot_of_[id] == kNone) {
            slot_of_[id] = static_cast<uint32_t>(ids.size());
            ids.push_back(article_id);
            unit_hit.resize(unit_hit.size() + units_, 0);
            holds_phrase.resize(holds_phrase.size() + phrases_, 0);
            tf.resize(tf.size() + phrases_, 0.0);
        }
        return slot_of_[id];
    }
    std::optional<std::size_t> find(int64_t article_id) const {
        const auto id = static_cast<std::size_t>(article_id);
        if (article_id < 0 || id >= slot_of_.size() || slot_of_[id] == kNone) return std::nullopt;
        return slot_of_[id];
    }
    uint8_t* units_of(std::size_t slot) { return unit_hit.data() + slot * units_; }
    const uint8_t* units_of(std::size_t slot) const { return unit_hit.data() + slot * units_; }
    uint8_t* phrases_of(std::size_t slot) { return holds_phrase.data() + slot * phrases_; }
    const uint8_t* phrases_of(std::size_t slot) const { return holds_phrase.data() + slot * phrases_; }
    double* tf_of(std::size_t slot) { return tf.data() + slot * phrases_; }
    const uint32_t* hits_of(std::size_t passage) const { return passage_hits.data() + passage * phrases_; }

    std::vector<int64_t> ids;            // by slot
    std::vector<uint8_t> unit_hit;       // slot x unit: a passage the kind filter admits matches the unit
    std::vector<uint8_t> holds_phrase;   // slot x phrase: some passage holds the phrase (any kind)
    std::vector<double> tf;              // slot x phrase: weighted occurrences in admitted passages
    // Each admitted passage that matches a scored unit, and its counts
    // (passage x phrase), for choosing an article's best passages.
    struct Passage {
        std::size_t slot;
        int64_t id;
        PassageKind kind;
    };
    std::vector<Passage> passages;
    std::vector<uint32_t> passage_hits;
    std::vector<int64_t> passage_df;     // by phrase: passages holding it (any kind)

private:
    static constexpr uint32_t kNone = UINT32_MAX;
    std::size_t units_, phrases_;
    std::vector<uint32_t> slot_of_;      // by article id (ids are dense), kNone for none
};

struct Ranked {
    std::size_t slot = 0;
    double score = 0;
    int tier = 0;
    std::optional<std::string> date;  // only when sorting by date
};

// FTS5's totals over the whole index: its rows (passages) and tokens.
struct IndexTotals {
    int64_t rows = 0, tokens = 0;
};

class ArticleSearch {
public:
    ArticleSearch(SQLite::Database& db, const PreparedSearch& q)
        : db_(db), q_(q), plan_(query::plan_article_search(*q.words)),
          table_(plan_.units.size(), plan_.phrases) {}

    // Step 1.
    void read_matches() {
        RowReader st(db_, std::string("SELECT p.article_id, p.kind, passages_fts.rowid, ") + kPhraseHitsFunction +
                              "(passages_fts) FROM passages_fts "
                              "JOIN passages p INDEXED BY passages_meta ON p.id = passages_fts.rowid "
                              "WHERE passages_fts MATCH ?1");
        st.bind(1, plan_.match);
        std::vector<uint32_t> counts;
        while (st.step()) take_row(st, counts);
    }

    // A row of read_matches()'s statement (article_id, kind, rowid, phrase hits) into the table.
    void take_row(RowReader& st, std::vector<uint32_t>& counts) {
        {
            read_phrase_hits(st.blob(3), static_cast<std::size_t>(st.bytes(3)), counts);
            if (counts.size() != plan_.phrases) return;  // cannot happen: the MATCH has these phrases
            const std::size_t slot = table_.slot(st.int64(0));
            uint8_t* holds = table_.phrases_of(slot);
            for (std::size_t p = 0; p < counts.size(); ++p) {
                if (counts[p] == 0) continue;
                holds[p] = 1;
                ++table_.passage_df[p];
            }
            const PassageKind kind = kind_of(st.first_char(1));
            if (!admits(q_.filters, kind)) return;
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
            if (!scored) return;
            table_.passages.push_back({slot, st.int64(2), kind});
            table_.passage_hits.insert(table_.passage_hits.end(), counts.begin(), counts.end());
        }
    }

    // Steps 1-3 at once for one frequent word (store/frequent_words.hpp): the
    // best `k` from the kept articles when none of the others can rank among
    // them, their counts read again from the index (each article's passages
    // by rowid range, not every match) and scored as rank() scores. False,
    // with nothing read, when that cannot be shown: the caller ranks every match.
    bool frequent_top(std::size_t k, std::vector<Ranked>& out, SearchTotals& found) {
        if (k == 0 || !is_single_word(plan_)) return false;
        const std::optional<FrequentWord> word = read_frequent_word(db_, plan_.match);
        if (!word) return false;
        const int64_t articles = db_.execAndGet("SELECT count(*) FROM articles").getInt64();
        const double average = static_cast<double>(totals().tokens) / static_cast<double>(std::max<int64_t>(1, articles));
        const double idf = article_idf(articles, word->articles);
        struct Scored {
            double score;
            std::size_t kept;
        };
        std::vector<Scored> kept;
        kept.reserve(word->kept.size());
        for (std::size_t i = 0; i < word->kept.size(); ++i) {
            const FrequentWord::Kept& c = word->kept[i];
            kept.push_back({article_score(&c.tf, &idf, 1, static_cast<double>(c.tokens), average), i});
        }
        std::sort(kept.begin(), kept.end(), [&](const Scored& a, const Scored& b) {
            if (a.score != b.score) return a.score < b.score;
            return word->kept[a.kept].article_id < word->kept[b.kept].article_id;
        });
        if (!word->rest.empty()) {
            if (kept.size() < k) return false;
            // A group's shortest article is its best (IEEE operations are
            // monotone, so this holds for the doubles too); on a tie the
            // lower id ranks first.
            const double last = kept[k - 1].score;
            const int64_t last_id = word->kept[kept[k - 1].kept].article_id;
            for (const FrequentWord::Rest& r : word->rest) {
                const double best = article_score(&r.tf, &idf, 1, static_cast<double>(r.min_tokens), average);
                if (best < last || (best == last && r.min_id < last_id)) return false;
            }
        }
        if (kept.size() > k) kept.resize(k);
        ranged_ = true;
        RowReader st(db_, std::string("SELECT p.article_id, p.kind, passages_fts.rowid, ") + kPhraseHitsFunction +
                              "(passages_fts) FROM passages_fts "
                              "JOIN passages p INDEXED BY passages_meta ON p.id = passages_fts.rowid "
                              "WHERE passages_fts MATCH ?1 AND passages_fts.rowid BETWEEN ?2 AND ?3 "
                              "AND p.article_id = ?4");
        SQLite::Statement range(db_, "SELECT min(id), max(id) FROM passages WHERE article_id = ?1");
        std::vector<uint32_t> counts;
        for (const Scored& s : kept) {
            const int64_t id = word->kept[s.kept].article_id;
            range.bind(1, id);
            range.executeStep();
            const int64_t lo = range.getColumn(0).getInt64(), hi = range.getColumn(1).getInt64();
            range.reset();
            st.reset();
            st.bind(1, plan_.match);
            st.bind(2, lo);
            st.bind(3, hi);
            st.bind(4, id);
            while (st.step()) take_row(st, counts);
            out.push_back(Ranked{table_.slot(id), 0, 0, std::nullopt});
        }
        // The exact scores, from the index, as rank() computes them; kept
        // counts that disagree (cannot happen) leave it to ranking every match.
        const std::vector<int64_t> tokens = article_tokens(out, articles);
        for (std::size_t i = 0; i < out.size(); ++i) {
            const FrequentWord::Kept& c = word->kept[kept[i].kept];
            Ranked& r = out[i];
            if (table_.tf_of(r.slot)[0] != c.tf || tokens[r.slot] != c.tokens) {
                out.clear();
                table_ = ArticleTable(plan_.units.size(), plan_.phrases);
                ranged_ = false;
                return false;
            }
            r.score = article_score(table_.tf_of(r.slot), &idf, 1, static_cast<double>(tokens[r.slot]), average);
        }
        table_.passage_df[0] = word->passages;
        found = {word->articles, word->passages};
        return true;
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
        const double average = static_cast<double>(totals().tokens) / static_cast<double>(std::max<int64_t>(1, articles));
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
        const std::vector<int64_t> tokens = article_tokens(results, articles);
        for (Ranked& r : results) {
            r.score = article_score(table_.tf_of(r.slot), idf.data(), plan_.phrases,
                                    static_cast<double>(tokens[r.slot]), average);
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
    // The ids of the passages passage_total() counts.
    std::vector<int64_t> passage_ids(const std::vector<Ranked>& results) const {
        std::vector<uint8_t> chosen(table_.ids.size(), 0);
        for (const Ranked& r : results) chosen[r.slot] = 1;
        std::vector<int64_t> ids;
        for (const ArticleTable::Passage& p : table_.passages)
            if (chosen[p.slot] != 0) ids.push_back(p.id);
        return ids;
    }

    int64_t passage_total(const std::vector<Ranked>& results) const {
        std::vector<uint8_t> chosen(table_.ids.size(), 0);
        for (const Ranked& r : results) chosen[r.slot] = 1;
        return static_cast<int64_t>(std::count_if(table_.passages.begin(), table_.passages.end(),
                                                  [&](const ArticleTable::Passage& p) { return chosen[p.slot] != 0; }));
    }

    // Step 4, for `batch` (in order): each as a SearchHit.
    std::vector<SearchHit> hits(const std::vector<Ranked>& batch) {
        std::vector<SearchHit> out(batch.size());
        std::vector<int64_t> position(table_.ids.size(), -1);  // slot -> index in batch
        std::vector<int64_t> article_ids;
        for (std::size_t i = 0; i < batch.size(); ++i) {
            position[batch[i].slot] = static_cast<int64_t>(i);
            article_ids.push_back(table_.ids[batch[i].slot]);
            out[i].score = batch[i].score;
            out[i].tier = batch[i].tier;
        }
        const auto at = [&](std::size_t slot) -> SearchHit& { return out[static_cast<std::size_t>(position[slot])]; };
        read_articles(article_ids, [&](HitArticle&& article) {
            if (const auto slot = table_.find(article.id)) at(*slot).article = std::move(article);
        });
        const std::vector<std::vector<Candidate>> best = best_passages(position, batch.size());
        std::vector<int64_t> chosen;
        for (const auto& list : best)
            for (const Candidate& c : list) chosen.push_back(c.id);
        if (chosen.empty()) return out;
        // Snippets for the chosen passages only, in one pass over the scored units.
        // With ranged_ (frequent_top()), an article at a time, its passages by
        // rowid range: a word's every match would cost what it saved.
        std::unordered_map<int64_t, PassageHit> shown;
        SQLite::Statement st(db_, std::string("SELECT p.id, p.position, p.text, ") + kSnippet +
                                      " FROM passages_fts JOIN passages p ON p.id = passages_fts.rowid "
                                      "WHERE passages_fts MATCH ?1 AND "
                                      "+passages_fts.rowid IN (SELECT value FROM json_each(?2))" +
                                      (ranged_ ? " AND passages_fts.rowid BETWEEN ?3 AND ?4" : ""));
        const auto read_snippets = [&](const std::vector<int64_t>& ids) {
            st.bind(1, plan_.highlight);
            st.bind(2, json_ids(ids));
            if (ranged_) {
                st.bind(3, *std::min_element(ids.begin(), ids.end()));
                st.bind(4, *std::max_element(ids.begin(), ids.end()));
            }
            while (st.executeStep()) {
                PassageHit p;
                p.passage_id = st.getColumn(0).getInt64();
                p.position = st.getColumn(1).getInt();
                p.text = st.getColumn(2).getString();
                p.snippet = strip_language_tag(st.getColumn(3).getString());
                shown.emplace(p.passage_id, std::move(p));
            }
            st.reset();
        };
        if (!ranged_) {
            read_snippets(chosen);
        } else {
            for (const auto& list : best) {
                std::vector<int64_t> ids;
                for (const Candidate& c : list) ids.push_back(c.id);
                if (!ids.empty()) read_snippets(ids);
            }
        }
        for (std::size_t i = 0; i < best.size(); ++i) {
            for (const Candidate& c : best[i]) {
                const auto it = shown.find(c.id);
                if (it == shown.end()) continue;  // cannot happen: it matched a scored unit
                PassageHit p = std::move(it->second);
                p.kind = c.kind;
                p.score = c.score;
                out[i].passages.push_back(std::move(p));
            }
        }
        return out;
    }

    std::vector<query::QueryPart>& parts() { return plan_.parts; }
    const query::ArticleCondition& condition() const { return plan_.condition; }

private:
    struct Candidate {
        int64_t id;
        PassageKind kind;
        double score;
        std::size_t passage;  // index into table_.passages
    };

    const IndexTotals& totals() {
        if (!totals_) {
            // From FTS5's record, not a MATCH: opening the word's iterators in
            // every segment once more costs a selective search ~10 %.
            SQLite::Statement st(db_, "SELECT block FROM passages_fts_data WHERE id = 1");
            IndexTotals t;
            if (st.executeStep()) {
                const SQLite::Column block = st.getColumn(0);
                if (!read_index_totals(block.getBlob(), block.getBytes(), t.rows, t.tokens)) t = {};
            }
            totals_ = t;
        }
        return *totals_;
    }

    // Tokens per slot (0 for slots not in `results`): the FTS5 sizes of the
    // articles' passages, read article by article, or in one scan of all
    // passages when most articles are asked for.
    std::vector<int64_t> article_tokens(const std::vector<Ranked>& results, int64_t articles) {
        std::vector<int64_t> tokens(table_.ids.size(), 0);
        std::vector<uint8_t> wanted(table_.ids.size(), 0);
        std::vector<int64_t> ids;
        ids.reserve(results.size());
        for (const Ranked& r : results) {
            wanted[r.slot] = 1;
            ids.push_back(table_.ids[r.slot]);
        }
        const bool scan = static_cast<int64_t>(results.size()) * 3 > articles;
        RowReader st(db_, scan ? "SELECT p.article_id, d.sz FROM passages p INDEXED BY passages_meta "
                                 "JOIN passages_fts_docsize d ON d.id = p.id"
                               : "SELECT p.article_id, d.sz FROM passages p JOIN passages_fts_docsize d "
                                 "ON d.id = p.id WHERE p.article_id IN (SELECT value FROM json_each(?1))");
        if (!scan) st.bind(1, json_ids(ids));
        while (st.step()) {
            const auto slot = table_.find(st.int64(0));
            if (!slot || !wanted[*slot]) continue;
            tokens[*slot] += read_fts5_varint(st.blob(1), st.bytes(1));
        }
        return tokens;
    }

    // The passages shown for each batch article (`position` maps slots to
    // the batch): its best matching passage by passage score
    // (article_rank.hpp), then up to two more, best first, each matching a
    // part of the query the ones before do not, so that together they show
    // why the article matches. The title comes last: the heading shows it.
    std::vector<std::vector<Candidate>> best_passages(const std::vector<int64_t>& position, std::size_t count) {
        std::vector<std::size_t> mine;
        std::vector<int64_t> ids;
        for (std::size_t i = 0; i < table_.passages.size(); ++i) {
            if (position[table_.passages[i].slot] < 0) continue;
            mine.push_back(i);
            ids.push_back(table_.passages[i].id);
        }
        std::unordered_map<int64_t, int64_t> length;
        SQLite::Statement sizes(db_, "SELECT id, sz FROM passages_fts_docsize WHERE id IN "
                                     "(SELECT value FROM json_each(?1))");
        sizes.bind(1, json_ids(ids));
        while (sizes.executeStep()) {
            const SQLite::Column size = sizes.getColumn(1);
            length[sizes.getColumn(0).getInt64()] =
                read_fts5_varint(size.getBlob(), size.getBytes());
        }
        const IndexTotals& t = totals();
        const double average = t.rows > 0 ? static_cast<double>(t.tokens) / static_cast<double>(t.rows) : 0.0;
        std::vector<double> idf(plan_.phrases, 0.0);
        for (const query::MatchUnit& unit : plan_.units) {
            if (!unit.scored) continue;
            for (std::size_t p = unit.first_phrase; p < unit.first_phrase + unit.phrases; ++p)
                idf[p] = passage_idf(t.rows, table_.passage_df[p]);
        }
        std::vector<std::vector<Candidate>> all(count);
        for (const std::size_t i : mine) {
            const ArticleTable::Passage& p = table_.passages[i];
            const auto it = length.find(p.id);
            const double tokens = it == length.end() ? 0.0 : static_cast<double>(it->second);
            all[static_cast<std::size_t>(position[p.slot])].push_back(
                {p.id, p.kind, passage_score(table_.hits_of(i), idf.data(), plan_.phrases, tokens, average), i});
        }
        std::vector<std::vector<Candidate>> best(count);
        std::vector<uint8_t> covered(plan_.units.size());
        for (std::size_t a = 0; a < count; ++a) {
            std::vector<Candidate>& list = all[a];
            std::sort(list.begin(), list.end(), [](const Candidate& x, const Candidate& y) {
                const bool x_title = x.kind == PassageKind::title, y_title = y.kind == PassageKind::title;
                if (x_title != y_title) return y_title;
                if (x.score != y.score) return x.score < y.score;
                return x.id < y.id;
            });
            std::fill(covered.begin(), covered.end(), 0);
            for (const Candidate& c : list) {
                if (best[a].size() == kBestPassages) break;
                if (!best[a].empty() && !cover(c.passage, covered)) continue;
                if (best[a].empty()) cover(c.passage, covered);
                best[a].push_back(c);
            }
        }
        return best;
    }

    // Marks the scored units passage `i` matches; true when one was not yet marked.
    bool cover(std::size_t i, std::vector<uint8_t>& covered) const {
        const uint32_t* hits = table_.hits_of(i);
        bool added = false;
        for (std::size_t u = 0; u < plan_.units.size(); ++u) {
            const query::MatchUnit& unit = plan_.units[u];
            if (!unit.scored || covered[u]) continue;
            for (std::size_t p = unit.first_phrase; p < unit.first_phrase + unit.phrases; ++p) {
                if (hits[p] == 0) continue;
                covered[u] = 1;
                added = true;
                break;
            }
        }
        return added;
    }

    template <typename Visit>
    void read_articles(const std::vector<int64_t>& ids, Visit&& visit) {
        SQLite::Statement st(db_, std::string("SELECT ") + kHitArticleColumns +
                                      " FROM articles a WHERE a.id IN (SELECT value FROM json_each(?1))");
        st.bind(1, json_ids(ids));
        while (st.executeStep()) visit(read_hit_article(st, 0));
    }

    SQLite::Database& db_;
    const PreparedSearch& q_;
    query::ArticlePlan plan_;
    ArticleTable table_;
    std::optional<IndexTotals> totals_;
    bool ranged_ = false;  // frequent_top() filled the table: read passages by rowid range
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

std::vector<int64_t> article_passages(SQLite::Database& db, const PreparedSearch& q) {
    ArticleSearch search(db, q);
    search.read_matches();
    return search.passage_ids(search.select(search.condition(), false));
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
    std::vector<Ranked> results;
    SearchTotals totals;
    // A page of a frequent word's best articles, when they can be shown to be the best.
    const bool frequent = !unlimited && options.sort == SortOrder::relevance && q.filters.empty() &&
                          search.frequent_top(static_cast<std::size_t>(offset + options.limit), results, totals);
    if (!frequent) {
        search.read_matches();
        results = search.select(search.condition(), options.sort != SortOrder::relevance);
        totals = {static_cast<int64_t>(results.size()), search.passage_total(results)};
    }
    if (on_total) on_total(totals);
    if (!frequent) search.rank(results, options.sort);
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
