#include "store/frequent_words.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "generated/schema_statements.hpp"
#include "newsdb/error.hpp"
#include "query/article_plan.hpp"
#include "store/article_rank.hpp"
#include "store/fts5_functions.hpp"
#include "store/search.hpp"
#include "store/search_sql.hpp"
#include "store/search_units.hpp"

namespace newsdb::store {

namespace {

// The article plan's match for `word` searched alone, or nullopt when the
// word is no query of one plain word.
std::optional<std::string> word_key(const std::string& word) {
    SearchOptions options;
    options.query = word;
    try {
        const PreparedSearch q = prepare_search(options);
        if (!q.words || !q.filters.empty()) return std::nullopt;
        const query::ArticlePlan plan = query::plan_article_search(*q.words);
        if (!is_single_word(plan)) return std::nullopt;
        return plan.match;
    } catch (const Error&) {
        return std::nullopt;  // punctuation, a field name
    }
}

std::vector<std::string> choose_words(SQLite::Database& db, const FrequentWordsOptions& options) {
    const auto surface = words_held_by(db, options.min_passages, static_cast<int64_t>(options.max_words) * 2);
    std::vector<std::string> keys;
    std::set<std::string> seen;
    for (const auto& word : surface) {
        if (keys.size() >= static_cast<std::size_t>(std::max(0, options.max_words))) break;
        const auto key = word_key(word);
        if (key && seen.insert(*key).second) keys.push_back(*key);
    }
    return keys;
}

// What the passages after the watermark are: their articles and whether each
// is a title (by id - first), and the lengths of their articles.
struct NewPassages {
    int64_t first = 0;
    std::vector<int64_t> article;   // by id - first; -1: no such passage
    std::vector<uint8_t> title;
    std::vector<uint32_t> passage_tokens;  // by id - first
    std::vector<int64_t> tokens;    // by article id
};

NewPassages read_new_passages(SQLite::Database& db, int64_t watermark, int64_t last) {
    NewPassages out;
    out.first = watermark + 1;
    const auto size = static_cast<std::size_t>(std::max<int64_t>(0, last - watermark));
    out.article.assign(size, -1);
    out.title.assign(size, 0);
    out.passage_tokens.assign(size, 0);
    RowReader st(db, "SELECT p.id, p.article_id, p.kind, d.sz FROM passages p INDEXED BY passages_meta "
                     "JOIN passages_fts_docsize d ON d.id = p.id WHERE p.id > ?1");
    st.bind(1, watermark);
    while (st.step()) {
        const auto at = static_cast<std::size_t>(st.int64(0) - out.first);
        if (at >= size) continue;
        const int64_t article = st.int64(1);
        out.article[at] = article;
        out.title[at] = st.first_char(2) == 't' ? 1 : 0;
        const auto a = static_cast<std::size_t>(article);
        if (a >= out.tokens.size()) out.tokens.resize(std::max(a + 1, out.tokens.size() * 2), 0);
        const int64_t tokens = read_fts5_varint(st.blob(3), st.bytes(3));
        out.passage_tokens[at] = static_cast<uint32_t>(tokens);
        out.tokens[a] += tokens;
    }
    return out;
}

struct Candidate {
    int64_t article_id;
    double tf;
    int64_t tokens;
    double score;  // with idf 1, for choosing what to keep
};

class WordWriter {
public:
    explicit WordWriter(SQLite::Database& db)
        : word_(db, "INSERT OR REPLACE INTO frequent_words (match, articles, passages) VALUES (?, ?, ?)"),
          clear_kept_(db, "DELETE FROM frequent_word_articles WHERE match = ?"),
          clear_rest_(db, "DELETE FROM frequent_word_rest WHERE match = ?"),
          kept_(db, "INSERT INTO frequent_word_articles (match, article_id, tf, tokens) VALUES (?, ?, ?, ?)"),
          rest_(db, "INSERT INTO frequent_word_rest (match, tf, min_tokens, articles, min_id) VALUES (?, ?, ?, ?, ?)"),
          read_word_(db, "SELECT articles, passages FROM frequent_words WHERE match = ?"),
          read_kept_(db, "SELECT article_id, tf, tokens FROM frequent_word_articles WHERE match = ?"),
          read_rest_(db, "SELECT tf, min_tokens, articles, min_id FROM frequent_word_rest WHERE match = ?") {}

    // Adds the new articles of `key` (article, tf, tokens) to what was kept for it.
    void update(const std::string& key, std::vector<Candidate> fresh, int64_t new_passages, double average,
                std::size_t keep) {
        int64_t articles = static_cast<int64_t>(fresh.size()), passages = new_passages;
        struct Group {
            int64_t min_tokens, articles, min_id;
        };
        std::map<double, Group> rest;  // by tf
        read_word_.bind(1, key);
        if (read_word_.executeStep()) {
            articles += read_word_.getColumn(0).getInt64();
            passages += read_word_.getColumn(1).getInt64();
        }
        read_word_.reset();
        read_kept_.bind(1, key);
        while (read_kept_.executeStep())
            fresh.push_back({read_kept_.getColumn(0).getInt64(), read_kept_.getColumn(1).getDouble(),
                             read_kept_.getColumn(2).getInt64(), 0.0});
        read_kept_.reset();
        read_rest_.bind(1, key);
        while (read_rest_.executeStep())
            rest[read_rest_.getColumn(0).getDouble()] = {read_rest_.getColumn(1).getInt64(),
                                                         read_rest_.getColumn(2).getInt64(),
                                                         read_rest_.getColumn(3).getInt64()};
        read_rest_.reset();
        const double one = 1.0;
        for (Candidate& c : fresh) c.score = article_score(&c.tf, &one, 1, static_cast<double>(c.tokens), average);
        const auto better = [](const Candidate& a, const Candidate& b) {
            return a.score != b.score ? a.score < b.score : a.article_id < b.article_id;
        };
        if (fresh.size() > keep) {
            std::nth_element(fresh.begin(), fresh.begin() + static_cast<std::ptrdiff_t>(keep), fresh.end(), better);
            for (std::size_t i = keep; i < fresh.size(); ++i) {
                auto [it, added] = rest.try_emplace(fresh[i].tf, Group{fresh[i].tokens, 0, fresh[i].article_id});
                it->second.min_tokens = std::min(it->second.min_tokens, fresh[i].tokens);
                it->second.min_id = std::min(it->second.min_id, fresh[i].article_id);
                ++it->second.articles;
            }
            fresh.resize(keep);
        }
        for (SQLite::Statement* st : {&clear_kept_, &clear_rest_}) {
            st->bind(1, key);
            st->exec();
            st->reset();
        }
        word_.bind(1, key);
        word_.bind(2, articles);
        word_.bind(3, passages);
        word_.exec();
        word_.reset();
        for (const Candidate& c : fresh) {
            kept_.bind(1, key);
            kept_.bind(2, c.article_id);
            kept_.bind(3, c.tf);
            kept_.bind(4, c.tokens);
            kept_.exec();
            kept_.reset();
        }
        for (const auto& [tf, group] : rest) {
            rest_.bind(1, key);
            rest_.bind(2, tf);
            rest_.bind(3, group.min_tokens);
            rest_.bind(4, group.articles);
            rest_.bind(5, group.min_id);
            rest_.exec();
            rest_.reset();
        }
    }

private:
    SQLite::Statement word_, clear_kept_, clear_rest_, kept_, rest_, read_word_, read_kept_, read_rest_;
};

// The index's totals FTS5's bm25 uses.
struct IndexStats {
    int64_t rows = 0, tokens = 0;
};

struct PassageCandidate {
    int64_t passage_id;
    uint32_t hits;
    int64_t tokens;
    bool boosted;
    double score;
};

class PassageWriter {
public:
    explicit PassageWriter(SQLite::Database& db)
        : clear_kept_(db, "DELETE FROM frequent_word_passages WHERE match = ?"),
          clear_rest_(db, "DELETE FROM frequent_word_passage_rest WHERE match = ?"),
          kept_(db, "INSERT INTO frequent_word_passages (match, passage_id, hits, tokens, boosted) VALUES (?, ?, ?, ?, ?)"),
          rest_(db, "INSERT INTO frequent_word_passage_rest (match, hits, boosted, min_tokens, min_id) VALUES (?, ?, ?, ?, ?)"),
          read_kept_(db, "SELECT passage_id, hits, tokens, boosted FROM frequent_word_passages WHERE match = ?"),
          read_rest_(db, "SELECT hits, boosted, min_tokens, min_id FROM frequent_word_passage_rest WHERE match = ?") {}

    // `holding`: the passages holding the word now, old and new.
    void update(const std::string& key, std::vector<PassageCandidate> fresh, const IndexStats& stats, int64_t holding,
                std::size_t keep) {
        std::map<std::pair<uint32_t, bool>, std::pair<int64_t, int64_t>> rest;  // (hits, boosted) -> (min tokens, min id)
        read_kept_.bind(1, key);
        while (read_kept_.executeStep())
            fresh.push_back({read_kept_.getColumn(0).getInt64(), static_cast<uint32_t>(read_kept_.getColumn(1).getInt64()),
                             read_kept_.getColumn(2).getInt64(), read_kept_.getColumn(3).getInt() != 0, 0.0});
        read_kept_.reset();
        read_rest_.bind(1, key);
        while (read_rest_.executeStep())
            rest[{static_cast<uint32_t>(read_rest_.getColumn(0).getInt64()), read_rest_.getColumn(1).getInt() != 0}] = {
                read_rest_.getColumn(2).getInt64(), read_rest_.getColumn(3).getInt64()};
        read_rest_.reset();
        for (PassageCandidate& c : fresh)
            c.score = fts5_bm25_one(stats.rows, stats.tokens, holding, c.hits, c.tokens) *
                      (c.boosted ? kPassageTitleBoost : 1.0);
        const auto better = [](const PassageCandidate& a, const PassageCandidate& b) {
            return a.score != b.score ? a.score < b.score : a.passage_id < b.passage_id;
        };
        if (fresh.size() > keep) {
            std::nth_element(fresh.begin(), fresh.begin() + static_cast<std::ptrdiff_t>(keep), fresh.end(), better);
            for (std::size_t i = keep; i < fresh.size(); ++i) {
                auto [it, added] =
                    rest.try_emplace({fresh[i].hits, fresh[i].boosted}, fresh[i].tokens, fresh[i].passage_id);
                it->second.first = std::min(it->second.first, fresh[i].tokens);
                it->second.second = std::min(it->second.second, fresh[i].passage_id);
            }
            fresh.resize(keep);
        }
        for (SQLite::Statement* st : {&clear_kept_, &clear_rest_}) {
            st->bind(1, key);
            st->exec();
            st->reset();
        }
        for (const PassageCandidate& c : fresh) {
            kept_.bind(1, key);
            kept_.bind(2, c.passage_id);
            kept_.bind(3, static_cast<int64_t>(c.hits));
            kept_.bind(4, c.tokens);
            kept_.bind(5, c.boosted ? 1 : 0);
            kept_.exec();
            kept_.reset();
        }
        for (const auto& [group, least] : rest) {
            rest_.bind(1, key);
            rest_.bind(2, static_cast<int64_t>(group.first));
            rest_.bind(3, group.second ? 1 : 0);
            rest_.bind(4, least.first);
            rest_.bind(5, least.second);
            rest_.exec();
            rest_.reset();
        }
    }

private:
    SQLite::Statement clear_kept_, clear_rest_, kept_, rest_, read_kept_, read_rest_;
};

const std::string kStateIsCurrent = std::string("SELECT watermark, passages_below, selected_passages, ") +
                                    kTopHitWordIsCurrent + " FROM frequent_state WHERE id = 1";

} // namespace

bool is_single_word(const query::ArticlePlan& plan) {
    return plan.units.size() == 1 && plan.phrases == 1 && plan.units.front().scored && !plan.phrase_tier &&
           !plan.near_tier && plan.condition.kind == query::ArticleCondition::Kind::unit &&
           plan.condition.excluded.empty();
}

int64_t refresh_frequent_words(SQLite::Database& db, tokenizer::QueryLanguages* languages,
                               const FrequentWordsOptions& options) {
    const LanguageScope scope(db, languages);
    int64_t watermark = 0, below = 0, selected = 0;
    bool have_state = false;
    {
        SQLite::Statement st(db, kStateIsCurrent);
        if (st.executeStep()) {
            if (st.getColumn(3).getInt() != 0)
                return db.execAndGet("SELECT count(*) FROM frequent_words").getInt64();
            have_state = true;
            watermark = st.getColumn(0).getInt64();
            below = st.getColumn(1).getInt64();
            selected = st.getColumn(2).getInt64();
        }
    }
    const int64_t passages = db.execAndGet("SELECT count(*) FROM passages").getInt64();
    const int64_t last = db.execAndGet("SELECT coalesce(max(id), 0) FROM passages").getInt64();
    bool rebuild = !have_state || selected == 0 || passages >= 2 * selected;
    if (!rebuild) {
        SQLite::Statement count(db, "SELECT count(*) FROM passages WHERE id <= ?");
        count.bind(1, watermark);
        count.executeStep();
        rebuild = count.getColumn(0).getInt64() != below;
    }
    std::vector<std::string> keys;
    if (rebuild) {
        db.exec("DELETE FROM frequent_word_articles");
        db.exec("DELETE FROM frequent_word_passages");
        db.exec("DELETE FROM frequent_word_passage_rest");
        db.exec("DELETE FROM frequent_word_rest");
        db.exec("DELETE FROM frequent_words");
        watermark = 0;
        selected = passages;
        keys = choose_words(db, options);
    } else {
        SQLite::Statement st(db, "SELECT match FROM frequent_words ORDER BY match");
        while (st.executeStep()) keys.push_back(st.getColumn(0).getString());
    }
    if (!keys.empty() && last > watermark) {
        const NewPassages fresh = read_new_passages(db, watermark, last);
        const int64_t articles = db.execAndGet("SELECT count(*) FROM articles").getInt64();
        IndexStats stats;
        {
            SQLite::Statement st(db, std::string("SELECT ") + kIndexRowsFunction + "(passages_fts), " +
                                         kIndexTokensFunction +
                                         "(passages_fts) FROM passages_fts WHERE passages_fts MATCH ?1 LIMIT 1");
            st.bind(1, keys.front());
            if (st.executeStep()) stats = {st.getColumn(0).getInt64(), st.getColumn(1).getInt64()};
        }
        const double average = static_cast<double>(stats.tokens) / static_cast<double>(std::max<int64_t>(1, articles));
        WordWriter writer(db);
        PassageWriter passage_writer(db);
        SQLite::Statement old_passages(db, "SELECT passages FROM frequent_words WHERE match = ?");
        std::vector<uint8_t> title_hit(fresh.tokens.size(), 0);
        std::vector<std::pair<std::size_t, uint32_t>> matched;  // (id - first, hits)
        RowReader hits(db, std::string("SELECT passages_fts.rowid, ") + kPhraseHitsFunction +
                               "(passages_fts) FROM passages_fts WHERE passages_fts MATCH ?1 AND passages_fts.rowid > ?2");
        std::vector<double> tf(fresh.tokens.size(), 0.0);
        std::vector<int64_t> touched;
        std::vector<uint32_t> counts;
        for (const std::string& key : keys) {
            hits.reset();
            hits.bind(1, key);
            hits.bind(2, watermark);
            int64_t new_passages = 0;
            matched.clear();
            while (hits.step()) {
                const auto at = static_cast<std::size_t>(hits.int64(0) - fresh.first);
                if (at >= fresh.article.size() || fresh.article[at] < 0) continue;  // cannot happen
                read_phrase_hits(hits.blob(1), static_cast<std::size_t>(hits.bytes(1)), counts);
                if (counts.size() != 1 || counts[0] == 0) continue;
                ++new_passages;
                const auto a = static_cast<std::size_t>(fresh.article[at]);
                if (tf[a] == 0) touched.push_back(fresh.article[at]);
                tf[a] += (fresh.title[at] ? kTitleWeight : 1.0) * counts[0];
                if (fresh.title[at]) title_hit[a] = 1;
                matched.emplace_back(at, counts[0]);
            }
            int64_t holding = new_passages;
            old_passages.bind(1, key);
            if (old_passages.executeStep()) holding += old_passages.getColumn(0).getInt64();
            old_passages.reset();
            std::vector<PassageCandidate> shown;
            shown.reserve(matched.size());
            for (const auto& [at, count] : matched)
                shown.push_back({fresh.first + static_cast<int64_t>(at), count, fresh.passage_tokens[at],
                                    title_hit[static_cast<std::size_t>(fresh.article[at])] != 0, 0.0});
            passage_writer.update(key, std::move(shown), stats, holding, options.keep);
            std::vector<Candidate> found;
            found.reserve(touched.size());
            for (const int64_t article : touched) {
                const auto a = static_cast<std::size_t>(article);
                found.push_back({article, tf[a], fresh.tokens[a], 0.0});
                tf[a] = 0;
                title_hit[a] = 0;
            }
            touched.clear();
            writer.update(key, std::move(found), new_passages, average, options.keep);
        }
    }
    SQLite::Statement state(db, "INSERT OR REPLACE INTO frequent_state (id, watermark, passages_below, "
                                "selected_passages, index_totals, index_structure) VALUES (1, ?, ?, ?, "
                                "(SELECT block FROM passages_fts_data WHERE id = 1), "
                                "(SELECT block FROM passages_fts_data WHERE id = 10))");
    state.bind(1, last);
    state.bind(2, passages);
    state.bind(3, selected);
    state.exec();
    return static_cast<int64_t>(keys.size());
}

std::vector<std::string> words_held_by(SQLite::Database& db, int64_t min_passages, int64_t limit) {
    // Each word's surface form `=word` is an index term; its doc count is how
    // many passages hold the word as written (the stems find more).
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
    words.bind(1, min_passages);
    words.bind(2, limit);
    std::vector<std::string> out;
    while (words.executeStep()) out.push_back(words.getColumn(0).getString());
    return out;
}

std::optional<FrequentWord> read_frequent_word(SQLite::Database& db, const std::string& match) {
    SQLite::Statement word(db, std::string("SELECT w.articles, w.passages FROM frequent_words w, frequent_state s "
                                           "WHERE w.match = ?1 AND s.id = 1 AND ") + kTopHitWordIsCurrent);
    word.bind(1, match);
    if (!word.executeStep()) return std::nullopt;
    FrequentWord out;
    out.articles = word.getColumn(0).getInt64();
    out.passages = word.getColumn(1).getInt64();
    SQLite::Statement kept(db, "SELECT article_id, tf, tokens FROM frequent_word_articles WHERE match = ?1");
    kept.bind(1, match);
    while (kept.executeStep())
        out.kept.push_back({kept.getColumn(0).getInt64(), kept.getColumn(1).getDouble(), kept.getColumn(2).getInt64()});
    SQLite::Statement rest(db, "SELECT tf, min_tokens, min_id FROM frequent_word_rest WHERE match = ?1");
    rest.bind(1, match);
    while (rest.executeStep())
        out.rest.push_back({rest.getColumn(0).getDouble(), rest.getColumn(1).getInt64(), rest.getColumn(2).getInt64()});
    return out;
}

} // namespace newsdb::store

namespace newsdb::store {

std::optional<FrequentPassages> read_frequent_passages(SQLite::Database& db, const std::string& match) {
    SQLite::Statement word(db, std::string("SELECT w.articles, w.passages FROM frequent_words w, frequent_state s "
                                           "WHERE w.match = ?1 AND s.id = 1 AND ") + kTopHitWordIsCurrent);
    word.bind(1, match);
    if (!word.executeStep()) return std::nullopt;
    FrequentPassages out;
    out.articles = word.getColumn(0).getInt64();
    out.passages = word.getColumn(1).getInt64();
    SQLite::Statement kept(db, "SELECT passage_id, hits, tokens, boosted FROM frequent_word_passages WHERE match = ?1");
    kept.bind(1, match);
    while (kept.executeStep())
        out.kept.push_back({kept.getColumn(0).getInt64(), static_cast<uint32_t>(kept.getColumn(1).getInt64()),
                            kept.getColumn(2).getInt64(), kept.getColumn(3).getInt() != 0});
    SQLite::Statement rest(db, "SELECT hits, boosted, min_tokens, min_id FROM frequent_word_passage_rest WHERE match = ?1");
    rest.bind(1, match);
    while (rest.executeStep())
        out.rest.push_back({static_cast<uint32_t>(rest.getColumn(0).getInt64()), rest.getColumn(1).getInt() != 0,
                            rest.getColumn(2).getInt64(), rest.getColumn(3).getInt64()});
    return out;
}

} // namespace newsdb::store
