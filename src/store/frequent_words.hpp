// Frequent words (schema 014): a search for one word held by many articles,
// top k in bm25 order, without scoring every match; articles (the default)
// and passages (--within passage) alike.
//
// For a one-word query every article's score (article_rank.hpp) is
// -idf * f(tf, tokens) with one idf for all, f growing with tf and falling
// with the article's length. Per frequent word the archive keeps its best
// articles exactly (tf, tokens) and, for every other article holding it, only
// the shortest length per tf value: max over those groups of f(tf, shortest)
// bounds the score of every article not kept, whatever the archive's average
// length has become. When the k-th best kept article scores strictly better
// than that bound (or equal, and every group that reaches it holds only
// higher ids, which lose the tie), the top k are the kept ones (search re-reads their counts
// from the index and checks them); otherwise search ranks every match.
// Passages likewise: FTS5's bm25 of a passage falls with its length for a
// given count, so the shortest per (count, title boost) bounds the others.
//
// Kept up to date by every folder ingest and by optimize (refresh): passages
// added since the last refresh are read for each word; when passages below
// the last watermark were removed (a changed file, reparse, forget), or the
// archive has doubled since the words were chosen, all is rebuilt.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace SQLite { class Database; }
namespace newsdb::tokenizer { class QueryLanguages; }
namespace newsdb::query { struct ArticlePlan; }

namespace newsdb::store {

struct FrequentWordsOptions {
    int max_words = 1024;          // the most common words, at most
    int64_t min_passages = 2000;   // held as written by at least this many passages (fewer: ranked in full in ~10 ms)
    std::size_t keep = 200;        // best articles kept exactly per word
};

// Brings the frequent words up to date with the index. Runs inside the
// caller's write transaction, after its last change to the index. Returns
// the number of words kept.
int64_t refresh_frequent_words(SQLite::Database& db, tokenizer::QueryLanguages* languages,
                               const FrequentWordsOptions& options = {});

// Whether `plan` is one plain word searched alone (one unit, one phrase, no tiers).
bool is_single_word(const query::ArticlePlan& plan);

struct FrequentWord {
    struct Kept {
        int64_t article_id;
        double tf;
        int64_t tokens;
    };
    struct Rest {
        double tf;
        int64_t min_tokens;
        int64_t min_id;  // the lowest article id of the group
    };
    int64_t articles = 0, passages = 0;
    std::vector<Kept> kept;
    std::vector<Rest> rest;
};

// The words held as written by at least `min_passages` passages, commonest
// first, at most `limit` (read from the index's vocabulary).
std::vector<std::string> words_held_by(SQLite::Database& db, int64_t min_passages, int64_t limit);

// The word's row for `match` (an article plan's match), or nullopt when it
// is not a frequent word or the index changed since the last refresh.
std::optional<FrequentWord> read_frequent_word(SQLite::Database& db, const std::string& match);

// The same for passage search, whose score is FTS5's bm25 of the passage
// (times the title boost): f(hits, tokens) falls with the passage's length.
struct FrequentPassages {
    struct Kept {
        int64_t passage_id;
        uint32_t hits;
        int64_t tokens;
        bool boosted;
    };
    struct Rest {
        uint32_t hits;
        bool boosted;
        int64_t min_tokens;
        int64_t min_id;  // the lowest passage id of the group
    };
    int64_t articles = 0, passages = 0;
    std::vector<Kept> kept;
    std::vector<Rest> rest;
};
std::optional<FrequentPassages> read_frequent_passages(SQLite::Database& db, const std::string& match);

} // namespace newsdb::store
