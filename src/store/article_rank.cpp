#include "store/article_rank.hpp"

#include <algorithm>
#include <cmath>

namespace newsdb::store {

double article_idf(int64_t articles, int64_t holding) {
    const double n = static_cast<double>(std::max<int64_t>(0, holding));
    const double total = static_cast<double>(std::max(articles, holding));
    return std::log(1.0 + (total - n + 0.5) / (n + 0.5));
}

double article_score(const double* tf, const double* idf, std::size_t phrases, double tokens, double average_tokens) {
    const double norm = kBm25K1 * (1.0 - kBm25B + kBm25B * (average_tokens > 0 ? tokens / average_tokens : 1.0));
    double score = 0;
    for (std::size_t p = 0; p < phrases; ++p) {
        if (tf[p] <= 0) continue;
        score += idf[p] * tf[p] * (kBm25K1 + 1.0) / (tf[p] + norm);
    }
    return -score;
}

double fts5_bm25_one(int64_t rows, int64_t total_tokens, int64_t holding, uint32_t hits, int64_t tokens) {
    const double k1 = kBm25K1, b = kBm25B;
    const double avgdl = static_cast<double>(total_tokens) / static_cast<double>(rows);
    double idf = std::log((static_cast<double>(rows - holding) + 0.5) / (static_cast<double>(holding) + 0.5));
    if (idf <= 0.0) idf = 1e-6;
    const double freq = static_cast<double>(hits);
    const double length = static_cast<double>(tokens);
    double score = 0.0;
    score += idf * ((freq * (k1 + 1.0)) / (freq + k1 * (1 - b + b * length / avgdl)));
    return -1.0 * score;
}

double passage_idf(int64_t rows, int64_t holding) {
    const double n = static_cast<double>(holding);
    const double idf = std::log((static_cast<double>(rows) - n + 0.5) / (n + 0.5));
    return idf > 0 ? idf : 1e-6;  // as FTS5's bm25()
}

double passage_score(const uint32_t* hits, const double* idf, std::size_t phrases, double tokens,
                     double average_tokens) {
    const double norm = kBm25K1 * (1.0 - kBm25B + kBm25B * (average_tokens > 0 ? tokens / average_tokens : 1.0));
    double score = 0;
    for (std::size_t p = 0; p < phrases; ++p) {
        if (hits[p] == 0 || idf[p] == 0) continue;
        const double f = hits[p];
        score += idf[p] * f * (kBm25K1 + 1.0) / (f + norm);
    }
    return -score;
}

} // namespace newsdb::store
