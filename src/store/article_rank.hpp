// Article-level ranking: a BM25 over each article's whole text, computed from
// per-passage phrase counts (README "Ranking"). Kept apart from the SQL and
// the evaluation so that it can be reasoned about, tested and replaced (a
// precomputed top-k must reproduce it exactly):
//
//   score(A) = sum over the query's phrases p of
//              idf(p) * tf(p,A) * (k1 + 1) / (tf(p,A) + k1 * (1 - b + b * len(A) / avglen))
//   tf(p,A)  = sum over A's passages s (those the kind filter admits) of w(s) * hits(p, s),
//              w = kTitleWeight for the title passage, 1 for paragraphs and footnotes
//   idf(p)   = ln(1 + (N - n(p) + 0.5) / (n(p) + 0.5)),
//              N the archive's articles, n(p) the articles with a passage holding p
//   len(A)   = A's tokens, all passages; avglen = all indexed tokens / N
//   k1 = 1.2, b = 0.75 (FTS5's bm25 uses the same)
//
// The idf is Lucene's, not FTS5's ln((N - n + 0.5) / (n + 0.5)): at article
// level common words are held by more than half the articles, where FTS5's
// form is negative (it clamps it to 1e-6, which would flatten such a query's
// ranking). Scores are reported negated, lower is better, like FTS5's bm25().
//
// An article's best passages are those with the best passage score: FTS5's
// own bm25() over the query's phrases, computed from the same counts,
//   score(s) = sum over p of idf(p) * hits(p,s) * (k1 + 1) / (hits(p,s) + k1 * (1 - b + b * len(s) / avglen))
//   idf(p)   = ln((R - r(p) + 0.5) / (r(p) + 0.5)), at least 1e-6,
//              R the index's rows (passages), r(p) the passages holding p, avglen = tokens / R
#pragma once

#include <cstddef>
#include <cstdint>

namespace newsdb::store {

inline constexpr double kBm25K1 = 1.2;
inline constexpr double kBm25B = 0.75;
// A word in the title counts as three in the text: titles are short and say
// what the article is about.
inline constexpr double kTitleWeight = 3.0;

// Passage search's score of a passage for one word: FTS5's own bm25(), the
// same operations in the same order (so the same double), times
// kPassageTitleBoost when the passage's article has the word in its title
// (passage_search.cpp). `rows` and `total_tokens` are the index's,
// `holding` the rows holding the word, `hits` its occurrences in the passage.
inline constexpr double kPassageTitleBoost = 1.5;
double fts5_bm25_one(int64_t rows, int64_t total_tokens, int64_t holding, uint32_t hits, int64_t tokens);

// idf(p) above: `articles` N, `holding` n(p).
double article_idf(int64_t articles, int64_t holding);

// score(A) above, negated: `tf` and `idf` hold `phrases` values each.
double article_score(const double* tf, const double* idf, std::size_t phrases, double tokens, double average_tokens);

// The passages' idf(p) and score(s) above, negated like score(A).
double passage_idf(int64_t rows, int64_t holding);
double passage_score(const uint32_t* hits, const double* idf, std::size_t phrases, double tokens,
                     double average_tokens);

} // namespace newsdb::store
